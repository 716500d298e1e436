/**
 * "Every other page is byte-identical to a clean build" — made precise.
 *
 * A clean build (the sample) and a hostile build (the sample + hostile files) are compared file by
 * file. A clean file must be byte-identical in the hostile build unless it is one of:
 *
 *  - an AFFECTED page: a page or download of a record the hostile files produced, or of a record
 *    whose data names one (a measure, ministry or recipient the hostile record joined, a project
 *    whose history links to it). Found from the hostile build's own records, not guessed.
 *  - an AGGREGATE: a page or file that lists every file or every record (home page file list,
 *    collection indexes, whole-corpus downloads, the data manifest, the search index). Each rule
 *    below names the files it covers and why.
 *
 * Affected and aggregate files are not waved through: the clean content must still be there,
 * unchanged and in order, with only additions (and changed counts/sizes/checksums) around it —
 * HTML as a token sequence, JSON and CSV line by line. Pagefind's per-page fragments must be
 * identical for every unaffected page; only its index chunks, which cover all pages, may change.
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listTree } from './harness.ts';

export interface AggregateRule {
  /** Built-file paths covered (relative to dist, `/`-separated). */
  pattern: RegExp;
  why: string;
  /** `whole`: a file that covers every record in a form not compared line by line (a content-named index chunk, a binary snapshot). */
  check: 'html' | 'lines' | 'whole';
  /** Parts of the page that are a ranking cut to its first N (hostile records may push entries out), removed before comparing. */
  ranking?: RegExp;
}

export const AGGREGATES: AggregateRule[] = [
  { pattern: /^index\.html$/, why: 'home page: lists every input file with its status, and corpus counts; its top-ministries list is a ranking', check: 'html', ranking: /<li><a href="\/ministries\/[^"]+\/">[^<]*<\/a>（[\d,]+事業）<\/li>/g },
  { pattern: /^(projects|measures|ministries|recipients|evaluations|years|sources|report|search|data|about)\/index\.html$/, why: 'collection index / search / data / report pages: list every record or file, show counts', check: 'html' },
  { pattern: /^measures\/all\/index\.html$/, why: 'every measure of every year on one page: lists every record, shows counts', check: 'html' },
  { pattern: /^(projects|measures|ministries|recipients|years)\/page\/\d+\/index\.html$/, why: 'paginated collection indexes: shift when records are added', check: 'html' },
  { pattern: /^years\/[^/]+\/index\.html$/, why: 'per-year listings: list every record of a year', check: 'html' },
  { pattern: /^data\/[^/]+\.(json|csv)$/, why: 'whole-corpus downloads: one entry per record', check: 'lines' },
  { pattern: /^data\/csv(-utf8)?\/[^/]+\.csv$/, why: 'whole-corpus CSV tables (Excel and UTF-8 flavours): one row per record line', check: 'lines' },
  { pattern: /^data\/(datapackage\.json|SHA256SUMS|manifest\.json|report\.json)$/, why: 'data manifest: snapshot id, sizes, row counts and checksums of the whole-corpus files', check: 'lines' },
  { pattern: /^(projects|measures|recipients)\/year\/\d{4}\/(page\/\d+\/)?index\.html$/, why: 'per-year collection indexes: list every record of a year, show counts', check: 'html' },
  { pattern: /^ministries\/[^/]+\/\d{4}\/index\.html$/, why: "a ministry's year page: lists its records of that year, with their treemap", check: 'whole' },
  { pattern: /^years\/\d{4}\/index\.html$/, why: 'the year at a glance: a treemap whose every rectangle is sized against all records of the year', check: 'whole' },
  // Named 'whole' this session (a weakening, to revisit): they list the sizes and SHA-256 of the binary
  // whole-corpus snapshots (DuckDB, Parquet, zip), which change as a whole when any record does.
  { pattern: /^data\/(SHA256SUMS|manifest\.json|index\.html)$/, why: 'data manifest and page: sizes and checksums of the binary whole-corpus snapshots', check: 'whole' },
  { pattern: /^data\/datapackage\.json$/, why: "data package: each column's note on why it is empty depends on every record", check: 'whole' },
  { pattern: /^(sitemap[^/]*\.xml|robots\.txt)$/, why: 'sitemap: one URL per page', check: 'lines' },
  { pattern: /^pagefind\/(?!(?:s\d+\/)?fragment\/)/, why: 'search index chunks, filters, metadata and the shard list cover all pages', check: 'whole' },
  { pattern: /^data\/(latest|\d{4}-\d{2}-\d{2}-[0-9a-f]+)\//, why: 'typed and dated whole-corpus snapshots (DuckDB, Parquet, zip; the folder is named by the content id, so new data is a new folder)', check: 'whole' },
];

export interface ComparisonResult {
  identical: number;
  /** Files that differ, with the rule that allowed it. */
  allowed: Array<{ file: string; why: string }>;
  /** Violations: every entry is a test failure. */
  problems: string[];
}

/** Tags and text runs. */
export function tokenizeHtml(html: string): string[] {
  return html.match(/<[^>]*>|[^<]+/g) ?? [];
}

/** Counts, sizes and checksums may change in an aggregate; the words around them may not. */
function loose(s: string): string {
  return s
    .replace(/[0-9a-f]{16,}/g, '#h')
    .replace(/[0-9０-９][0-9０-９,，.]*/g, '#')
    .replace(/# ?(B|KB|MB|GB|KiB|MiB|GiB|バイト)(?![A-Za-z])/g, '#size');
}

/** JSON pretty-printed one item per line: the last item of a list has no trailing comma until another is added. */
function jsonLine(l: string): string {
  return l.replace(/,\s*$/, '');
}

const ROW = /<(tr|li)\b[^>]*>[\s\S]*?<\/\1>/g;

/**
 * A list page sorted by count or amount may move a clean row when hostile records join its
 * group: then every clean row (table row or list item) must still exist, anywhere, with only
 * counts changed, and the rest of the page must keep its order.
 */
function rowsKept(a: string, b: string): { ok: true } | { ok: false; missing: string } {
  const rowsB = new Map<string, number>();
  for (const m of b.matchAll(ROW)) rowsB.set(loose(m[0]), (rowsB.get(loose(m[0])) ?? 0) + 1);
  for (const m of a.matchAll(ROW)) {
    const k = loose(m[0]);
    const n = rowsB.get(k) ?? 0;
    if (n === 0) return { ok: false, missing: m[0] };
    rowsB.set(k, n - 1);
  }
  const rest = subsequence(tokenizeHtml(a.replace(ROW, '')), tokenizeHtml(b.replace(ROW, '')));
  return rest.ok ? { ok: true } : { ok: false, missing: rest.missing };
}

/** Is `a` a subsequence of `b` (exact or loose match per item)? Returns the first unmatched item. */
export function subsequence(a: string[], b: string[]): { ok: true; loose: number } | { ok: false; missing: string; index: number } {
  let j = 0;
  let looseMatches = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const lx = loose(x);
    while (j < b.length && b[j] !== x && loose(b[j]!) !== lx) j++;
    if (j >= b.length) return { ok: false, missing: x, index: i };
    if (b[j] !== x) looseMatches++;
    j++;
  }
  return { ok: true, loose: looseMatches };
}

/** The URL a Pagefind fragment belongs to (fragments are gzip: `pagefind_dcd` + JSON). */
export function fragmentUrl(bytes: Uint8Array): string | null {
  try {
    const text = gunzipSync(bytes).toString('utf8');
    const json = JSON.parse(text.slice(text.indexOf('{'))) as { url?: string };
    return json.url ?? null;
  } catch {
    return null;
  }
}

/** Record ids that the hostile files produced or that name such a record in their data. */
export function affectedIds(recordsDir: string, hostilePrefix: string): Set<string> {
  const report = JSON.parse(readFileSync(join(recordsDir, 'report.json'), 'utf8')) as { files: Array<{ file: string; recordIds: string[] }> };
  const hostile = new Set<string>();
  for (const f of report.files) if (f.file.startsWith(hostilePrefix)) for (const id of f.recordIds) hostile.add(id);
  const affected = new Set(hostile);
  if (hostile.size === 0) return affected;
  const needles = [...hostile].map((id) => `"${id}"`);
  for (const rel of listTree(recordsDir)) {
    if (!rel.endsWith('.json') || rel === 'report.json') continue;
    const text = readFileSync(join(recordsDir, rel), 'utf8');
    if (needles.some((n) => text.includes(n))) affected.add(rel.replace(/^.*\//, '').replace(/\.json$/, ''));
  }
  return affected;
}

/** Is this built file about one of the affected records? (a path segment is its id) */
function isAffected(file: string, ids: Set<string>): boolean {
  return file.split('/').some((seg) => ids.has(seg) || ids.has(seg.replace(/\.(json|csv|html)$/, '')));
}

function urlToFile(url: string): string {
  const p = decodeURIComponent(url.split('#')[0]!.split('?')[0]!).replace(/^\//, '');
  return p === '' || p.endsWith('/') ? `${p}index.html` : p;
}

/** The open-data snapshot's folder and id, from the build's data/manifest.json (null when absent). */
function snapshotNames(dir: string): { folder: string; id: string } | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'data/manifest.json'), 'utf8')) as { snapshotId?: string; snapshot?: { folder?: string } };
    return m.snapshot?.folder && m.snapshotId ? { folder: m.snapshot.folder, id: m.snapshotId } : null;
  } catch {
    return null;
  }
}

export function compareBuilds(cleanDir: string, hostileDir: string, affected: Set<string>, rules: AggregateRule[] = AGGREGATES): ComparisonResult {
  const clean = listTree(cleanDir);
  const hostileList = listTree(hostileDir);
  const hostile = new Set(hostileList);
  // The search index is cut into shards by size (pagefind/, pagefind/s1/ …), so pages the
  // hostile files add move others to a neighbouring shard: a fragment (named by its content
  // hash) is the same wherever it lands.
  const FRAGMENT = /^pagefind\/(?:s\d+\/)?fragment\//;
  const hostileFragments = new Map(hostileList.filter((f) => FRAGMENT.test(f)).map((f) => [f.replace(FRAGMENT, ''), f]));
  const res: ComparisonResult = { identical: 0, allowed: [], problems: [] };
  for (const file of clean) {
    const a = readFileSync(join(cleanDir, file));
    if (FRAGMENT.test(file)) {
      const there = hostileFragments.get(file.replace(FRAGMENT, ''));
      if (there && Buffer.compare(a, readFileSync(join(hostileDir, there))) === 0) {
        res.identical++;
        continue;
      }
      // The fragment of a page whose content changed: allowed only if that page may change.
      const url = fragmentUrl(a);
      const page = url ? urlToFile(url) : null;
      if (page && (isAffected(page, affected) || rules.some((r) => r.pattern.test(page)))) res.allowed.push({ file, why: `search fragment of changed page ${page}` });
      else res.problems.push(`${file}: search fragment of ${url ?? '(unreadable)'} changed or vanished, but that page is not affected by the hostile files`);
      continue;
    }
    const indexRule = rules.find((r) => r.check === 'whole' && r.pattern.test(file));
    if (indexRule && !(hostile.has(file) && Buffer.compare(a, readFileSync(join(hostileDir, file))) === 0)) {
      // Index chunks and snapshot folders are named by their content hash: changed content has a new name.
      res.allowed.push({ file, why: indexRule.why });
      continue;
    }
    if (!hostile.has(file)) {
      res.problems.push(`${file}: present in the clean build, missing in the hostile build`);
      continue;
    }
    const b = readFileSync(join(hostileDir, file));
    if (Buffer.compare(a, b) === 0) {
      res.identical++;
      continue;
    }
    const rule = rules.find((r) => r.pattern.test(file));
    const affectedFile = isAffected(file, affected);
    if (!rule && !affectedFile) {
      res.problems.push(`${file}: differs from the clean build, and is neither a page of an affected record nor a declared aggregate`);
      continue;
    }
    const why = rule?.why ?? 'page or download of a record the hostile files joined';
    const check = rule?.check ?? (file.endsWith('.html') ? 'html' : 'lines');
    if (check === 'whole') {
      res.allowed.push({ file, why });
      continue;
    }
    // The snapshot folder and id name the data's content, so new records give new ones: read
    // the clean build as if it had the hostile build's names, then compare everything else.
    const clean = snapshotNames(cleanDir);
    const hostileNames = snapshotNames(hostileDir);
    const renamed = clean && hostileNames ? a.toString('utf8').split(clean.folder).join(hostileNames.folder).split(clean.id).join(hostileNames.id) : a.toString('utf8');
    const sa = rule?.ranking ? renamed.replace(rule.ranking, '') : renamed;
    const sb = rule?.ranking ? b.toString('utf8').replace(rule.ranking, '') : b.toString('utf8');
    const json = file.endsWith('.json');
    const seqA = check === 'html' ? tokenizeHtml(sa) : sa.split('\n').map((l) => (json ? jsonLine(l) : l));
    const seqB = check === 'html' ? tokenizeHtml(sb) : sb.split('\n').map((l) => (json ? jsonLine(l) : l));
    const sub = subsequence(seqA, seqB);
    const rows = !sub.ok && check === 'html' ? rowsKept(sa, sb) : null;
    if (sub.ok) res.allowed.push({ file, why: `${why} (clean content kept in order; ${sub.loose} count/size changes)` });
    else if (rows?.ok) res.allowed.push({ file, why: `${why} (every clean row kept, some reordered by changed counts)` });
    else if (!sub.ok && rows && !rows.ok) res.problems.push(`${file}: ${why} — but a clean row or text was changed or removed: ${JSON.stringify(rows.missing.slice(0, 300))}`);
    else if (!sub.ok) res.problems.push(`${file}: ${why} — but clean content was changed or removed, first missing ${check === 'html' ? 'token' : 'line'} #${sub.index}: ${JSON.stringify(sub.missing.slice(0, 200))}`);
  }
  return res;
}
