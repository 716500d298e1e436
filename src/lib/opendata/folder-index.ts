/**
 * index.html of a snapshot folder (/data/<date>-<id>/ and /data/latest/), so the URL a
 * citation names opens as a page on any static host (which lists no folders): what the
 * snapshot is, its date, and every file with size and SHA-256. Links are relative, so the
 * page works under any base path and after the folder is copied elsewhere. Pure.
 */
import { CSP } from '../pages/csp.ts';

export interface FolderFile {
  path: string;
  title: string;
  bytes: number;
  sha256: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function folderIndexHtml(o: { heading: string; snapshotId: string; date: string; folder: string; isLatest: boolean; files: readonly FolderFile[] }): string {
  const rows = o.files
    .map((f) => `<tr><th scope="row"><a href="${esc(f.path)}"><code>${esc(f.path)}</code></a></th><td>${esc(f.title)}</td><td>${f.bytes.toLocaleString('en-US')}</td><td><code>${f.sha256}</code></td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<title>${esc(o.heading)} | 行政事業レビュー オープンデータ</title>
</head>
<body>
<main id="main">
<h1>${esc(o.heading)}</h1>
<p>スナップショット ID <code>${o.snapshotId}</code>、日付 ${esc(o.date)}。${o.isLatest ? `最新のスナップショット（<a href="../${esc(o.folder)}/">/data/${esc(o.folder)}/</a>）と同じファイルです。引用には日付付きの URL を使ってください。` : 'このフォルダーの内容は後のビルドでも変わりません。'}ファイルは <a href="SHA256SUMS">SHA256SUMS</a> で検証できます（<code>sha256sum -c SHA256SUMS</code>）。説明は <a href="../">データのページ</a> にあります。</p>
<div tabindex="0" role="region" aria-label="ファイルの一覧">
<table>
<caption>ファイル（サイズはバイト）</caption>
<thead><tr><th scope="col">ファイル</th><th scope="col">内容</th><th scope="col">サイズ</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>
</main>
</body>
</html>
`;
}
