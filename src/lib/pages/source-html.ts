/**
 * The original document as one HTML string (components/SourceText.astro): legacy text
 * with one anchor per line (`#L12`), or the RS CSV rows the record was built from
 * (`#rs-2-1-r12`). This is half of a project page's bytes and, as a template, thousands
 * of tiny expressions per page; as a string it costs a fraction (see html.ts). Same
 * markup, byte for byte, as the template it replaces.
 */
import { compareJaNumeric } from '../format/collate.ts';
import type { SourceText } from '../ingest/types.ts';
import { rsRowAnchor } from '../urls.ts';
import { attrValue, text } from './html.ts';
import { JSON_LINE_PREFIX } from './provenance.ts';

/** RS rows show only their non-empty cells, without the 13 identifying columns every table repeats. */
export const KEY_COLUMNS = 13;

export function sourceTextHtml(source: SourceText | null, file: string, linePrefix = ''): string {
  if (source === null) return `<p class="missing">原文（${text(file)}）はこのビルドに含まれていません。</p>`;
  let out = '';
  // A JUDGIT! JSON file has its own anchors (`#json-L12`), so a merged sheet can show it after the text sheet.
  if (source.layout === 'judgit-json') linePrefix = `${linePrefix}${JSON_LINE_PREFIX}`;
  if (source.lines) {
    out += `<div class="source-lines" tabindex="0" role="region" aria-label="${attrValue(`原文 ${file}`)}"><ol>`;
    const prefix = attrValue(linePrefix);
    const lines = source.lines;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      out += `<li id="${prefix}L${i + 1}">${line === '' ? '\u00a0' : text(line)}</li>`;
    }
    out += '</ol></div>';
  }
  const tables = source.tables ? Object.entries(source.tables).sort(([a], [b]) => compareJaNumeric(a, b)) : [];
  const open = tables.length <= 3 ? ' open' : '';
  for (const [table, t] of tables) {
    const label = text(table);
    out += `<details class="source-table"${open}><summary>${label}（${t.rows.length}行）</summary>`
      + `<div class="table-scroll" tabindex="0" role="region" aria-label="${attrValue(table)}"><table class="data source">`
      + '<thead><tr><th scope="col">行</th><th scope="col">値（空欄と識別用の列を除く）</th></tr></thead><tbody>';
    // Header names escaped once per table, not once per cell.
    const header = t.header.map((h) => (h == null ? '' : text(h)));
    for (const r of t.rows) {
      out += `<tr id="${attrValue(rsRowAnchor(table, r.row))}"><th scope="row">${r.row}</th><td>`;
      const cells = r.cells;
      for (let i = KEY_COLUMNS; i < cells.length; i++) {
        const c = cells[i]!;
        if (c !== '') out += `<b>${header[i] ?? ''}</b>: ${text(c)}<br>`;
      }
      out += '</td></tr>';
    }
    out += '</tbody></table></div></details>';
  }
  for (const alt of source.alternates ?? []) {
    out += `<h3>同じシートの別の出典: <code>${text(alt.file)}</code></h3>${sourceTextHtml(alt, alt.file, linePrefix)}`;
  }
  return out;
}
