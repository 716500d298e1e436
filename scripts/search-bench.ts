/**
 * Search benchmark: a built site served on loopback, the real /search/ page in headless
 * Chromium, queries generated from the corpus itself (scripts/search-bench/queries.ts).
 *
 *   npm run search-bench -- --site <dist> --records <records dir> [--seed 17] [--out file.json] [--limit n]
 *   npm run search-bench -- --build <sources dir>      # builds into .build/search-bench first
 *
 * Each query is run twice:
 *  - cold: a new browser context (empty cache) opens /search/?q=…; the time is from the
 *    navigation's start to the first result on screen (or to the final "no result"
 *    status), read in the page (a MutationObserver installed before the page's scripts);
 *  - warm: on that same page, the next query is typed and Enter pressed; the time is from
 *    the key press to its first result on screen.
 * Bytes are what the server sent for the cold visit (page, scripts, index) until the query
 * settled, and for the warm query. Found: the expected page among the first five results,
 * and first when the name or number is unique in the corpus. Prints a table and JSON.
 * Building a large site is the heavy part (--build, or `npm run build` beforehand); the benchmark itself is light.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import os from 'node:os';
import { launchChromium } from './lib/chromium.ts';
import { serveStatic } from './lib/static-server.ts';
import { generateQueries, type BenchQuery, type CorpusPage } from './search-bench/queries.ts';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
let site = arg('site');
let records = arg('records');
const seed = Number(arg('seed') ?? 17);
const outFile = arg('out');
const build = arg('build');
if (build) {
  site = resolve(ROOT, '.build/search-bench/dist');
  records = resolve(ROOT, '.build/search-bench/records');
  const r = spawnSync('npm', ['run', 'build', '--', '--quiet'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, SOURCES_DIR: resolve(build), DIST_DIR: site, RECORDS_DIR: records } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (!site || !records) {
  console.error('usage: npm run search-bench -- --site <dist> --records <records dir> [--seed n] [--out file.json]\n       npm run search-bench -- --build <sources dir>');
  process.exit(2);
}

/** The corpus's project and recipient pages, from the records the site was built from. */
async function readCorpus(dir: string): Promise<CorpusPage[]> {
  const pages: CorpusPage[] = [];
  const each = async (sub: string, f: (r: Record<string, unknown>) => CorpusPage) => {
    const files = (await readdir(join(dir, sub)).catch(() => [] as string[])).filter((x) => x.endsWith('.json')).sort();
    for (let i = 0; i < files.length; i += 64) {
      const batch = await Promise.all(files.slice(i, i + 64).map(async (x) => JSON.parse(await readFile(join(dir, sub, x), 'utf8')) as Record<string, unknown>));
      for (const r of batch) pages.push(f(r));
    }
  };
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);
  await each('projects', (r) => ({
    url: `/projects/${String(r.id)}/`,
    kind: 'project',
    title: String(r.name ?? ''),
    ids: [str(r.projectNumber), r.budgetProjectId != null ? String(r.budgetProjectId) : null, str(r.oldProjectNumber)].filter((x): x is string => !!x),
    reviewYear: typeof r.reviewYear === 'number' ? r.reviewYear : null,
    division: str(r.division),
  }));
  await each('recipients', (r) => ({ url: `/recipients/${String(r.id)}/`, kind: 'recipient', title: String(r.name ?? ''), ids: [str(r.corporateNumber)].filter((x): x is string => !!x) }));
  return pages;
}

interface Row {
  group: string;
  q: string;
  expect: BenchQuery['expect'];
  status: string;
  top: string[];
  found: boolean;
  rank: number | null;
  coldMs: number | null;
  coldBytes: number;
  coldIndexBytes: number;
  coldFiles: number;
  warmMs: number | null;
  warmBytes: number;
  /** The cold visit's requests: path, bytes, ms from the navigation's start (for profiling what a query pays for). */
  coldRequests: Array<[path: string, bytes: number, ms: number]>;
  warmRequests: Array<[path: string, bytes: number, ms: number]>;
}

/** What a request is, for the byte breakdown: the site's page and scripts, our manifest and lookup, Pagefind's parts. */
function requestKind(path: string): string {
  if (!path.startsWith('/pagefind/')) return /\.js$/.test(path) ? 'site js' : /\.css$/.test(path) ? 'site css' : 'page';
  if (/\/shards\.json$/.test(path)) return 'manifest';
  if (/\/lookup\//.test(path)) return 'lookup';
  if (/\.pf_meta$/.test(path)) return 'pf_meta';
  if (/\/index\//.test(path)) return 'pf_index';
  if (/\/fragment\//.test(path)) return 'pf_fragment';
  if (/\/filter\//.test(path)) return 'pf_filter';
  if (/\.pagefind$/.test(path)) return 'wasm';
  if (/\.js$/.test(path)) return 'pagefind js';
  return 'pagefind other';
}

// Installed before the page's own scripts: notes when the results list first shows a
// result (or the status says there is none) after `__sb.start`.
const OBSERVER = `(() => {
  const sb = (window.__sb = { start: 0, first: null });
  const FINAL = /見つかりました|ありません|検索できる語/;
  const watch = () => {
    const list = document.getElementById('results');
    const status = document.getElementById('search-status');
    if (!list || !status) return;
    const check = () => {
      if (sb.first !== null) return;
      if (list.querySelector('li') || FINAL.test(status.textContent || '')) sb.first = performance.now();
    };
    new MutationObserver(check).observe(list, { childList: true, subtree: true });
    new MutationObserver(check).observe(status, { childList: true, characterData: true, subtree: true });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch);
  else watch();
})();`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};

const loadAtStart = os.loadavg();
const corpus = await readCorpus(records);
const limit = Number(arg('limit') ?? 0);
const all = generateQueries(corpus, { seed });
// --limit n: the first n queries only (a quick check, not a measurement).
const queries = limit > 0 ? all.slice(0, limit) : all;
const server = await serveStatic(site);
// Debian's Chromium or the npm one (scripts/lib/chromium.ts; CHROMIUM chooses).
const browser = await launchChromium();
const rows: Row[] = [];
const bytes = (log: { path: string; bytes: number }[], re?: RegExp) => log.filter((l) => !re || re.test(l.path)).reduce((n, l) => n + l.bytes, 0);
// Settled: the last step has answered. After the newest year's step the status already says
// 見つかりました but ends 「過去の年度も検索しています…」; stopping there counted only part of
// the bytes, judged the ranking before every year was in, and timed the warm query against
// the cold one's still-loading years.
const settled = () => {
  const status = document.getElementById('search-status')!.textContent ?? '';
  return document.getElementById('results')!.getAttribute('aria-busy') === 'false' && /見つかりました|ありません|検索できる語|読み込めません/.test(status) && !status.includes('検索しています');
};
try {
  for (const [i, query] of queries.entries()) {
    const context = await browser.newContext();
    await context.addInitScript(OBSERVER);
    const page = await context.newPage();
    server.log.length = 0;
    const t0 = performance.now();
    await page.goto(`${server.url}/search/?q=${encodeURIComponent(query.q)}`);
    await page.waitForFunction(settled, undefined, { timeout: 120_000, polling: 50 });
    const cold = await page.evaluate(() => {
      const sb = (window as unknown as { __sb: { first: number | null } }).__sb;
      return {
        first: sb.first,
        status: document.getElementById('search-status')!.textContent ?? '',
        top: [...document.querySelectorAll<HTMLAnchorElement>('#results > li h3 a')].slice(0, 5).map((a) => new URL(a.href).pathname),
      };
    });
    const coldLog = [...server.log];
    const requests = (log: typeof coldLog, from: number) => log.map((l): [string, number, number] => [l.path, l.bytes, Math.round(l.at - from)]);
    // Warm: the next query, typed on this page.
    const next = queries[(i + 1) % queries.length]!;
    server.log.length = 0;
    await page.fill('#q', next.q);
    await page.evaluate(() => {
      document.getElementById('results')!.replaceChildren();
      document.getElementById('search-status')!.textContent = '';
      const sb = (window as unknown as { __sb: { start: number; first: number | null } }).__sb;
      sb.first = null;
      sb.start = performance.now();
    });
    const t1 = performance.now();
    await page.press('#q', 'Enter');
    await page.waitForFunction(settled, undefined, { timeout: 120_000, polling: 50 });
    const warm = await page.evaluate(() => {
      const sb = (window as unknown as { __sb: { start: number; first: number | null } }).__sb;
      return sb.first === null ? null : sb.first - sb.start;
    });
    await context.close();
    const rank = cold.top.findIndex((u) => query.pages.includes(u));
    const total = /([\d,]+)件見つかりました/.exec(cold.status);
    const found = query.expect === 'none' ? !total : query.expect === 'any' ? !!total : rank >= 0 && (!query.unique || rank === 0);
    rows.push({
      group: query.group, q: query.q, expect: query.expect, status: cold.status, top: cold.top, found, rank: rank >= 0 ? rank + 1 : null,
      coldMs: cold.first === null ? null : Math.round(cold.first), coldBytes: bytes(coldLog), coldIndexBytes: bytes(coldLog, /\/pagefind\//), coldFiles: coldLog.length,
      warmMs: warm === null ? null : Math.round(warm), warmBytes: bytes(server.log),
      coldRequests: requests(coldLog, t0), warmRequests: requests(server.log, t1),
    });
    const r = rows.at(-1)!;
    console.log(`${String(i + 1).padStart(3)} ${r.found ? 'ok  ' : 'MISS'} ${r.group.padEnd(16)} cold ${String(r.coldMs).padStart(5)} ms ${(r.coldBytes / 1024).toFixed(0).padStart(5)} KB  warm ${String(r.warmMs).padStart(5)} ms  ${r.q.slice(0, 40)} → ${r.status}${r.rank ? ` (#${r.rank})` : ''}`);
  }
} finally {
  await browser.close();
  await server.close();
}

const groups = [...new Set(rows.map((r) => r.group))];
const summary = (rs: Row[]) => {
  const cold = rs.map((r) => r.coldMs ?? Infinity);
  const warm = rs.map((r) => r.warmMs ?? Infinity);
  const kb = rs.map((r) => r.coldBytes / 1024);
  return {
    queries: rs.length,
    found: rs.filter((r) => r.found).length,
    coldP50: pct(cold, 50), coldP95: pct(cold, 95), warmP50: pct(warm, 50), warmP95: pct(warm, 95),
    coldKbMedian: Math.round(pct(kb, 50)), coldKbMax: Math.round(Math.max(...kb)),
  };
};
const table = [...groups.map((g) => ({ group: g, ...summary(rows.filter((r) => r.group === g)) })), { group: 'all', ...summary(rows) }];
console.log(`\nsite ${site}, ${corpus.length} corpus pages, seed ${seed}, load average at the start ${loadAtStart.map((x) => x.toFixed(2)).join(" ")}, at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('group             found   cold p50/p95 ms   warm p50/p95 ms   first-query KB median/max');
for (const t of table) console.log(`${t.group.padEnd(16)} ${`${t.found}/${t.queries}`.padStart(6)}   ${String(t.coldP50).padStart(6)} / ${String(t.coldP95).padEnd(6)}   ${String(t.warmP50).padStart(6)} / ${String(t.warmP95).padEnd(6)}   ${String(t.coldKbMedian).padStart(6)} / ${t.coldKbMax}`);
// Where the first query's bytes go: per kind of file, the median and largest over the cold visits, and requests per visit.
const kinds = [...new Set(rows.flatMap((r) => r.coldRequests.map(([p]) => requestKind(p))))].sort();
const breakdown = kinds.map((kind) => {
  const per = rows.map((r) => r.coldRequests.filter(([p]) => requestKind(p) === kind));
  const kb = per.map((l) => l.reduce((n, [, b]) => n + b, 0) / 1024);
  return { kind, kbMedian: Math.round(pct(kb, 50)), kbMax: Math.round(Math.max(...kb)), requestsMedian: pct(per.map((l) => l.length), 50) };
});
console.log('\nfirst query, by kind of file      KB median / max   requests median');
for (const b of breakdown) console.log(`${b.kind.padEnd(32)} ${String(b.kbMedian).padStart(6)} / ${String(b.kbMax).padEnd(8)} ${b.requestsMedian}`);
const name = rows.filter((r) => r.expect === 'top5');
console.log(`names, 法人番号, 事業番号 found in the top 5 (first when unique): ${name.filter((r) => r.found).length}/${name.length}`);
const json = { site, records, seed, corpusPages: corpus.length, load: { start: loadAtStart, end: os.loadavg() }, summary: table, breakdown, rows };
if (outFile) await writeFile(outFile, JSON.stringify(json, null, 2) + '\n');
console.log(JSON.stringify({ summary: table }, null, 2));
