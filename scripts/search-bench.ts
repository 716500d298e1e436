/**
 * Measures search on a built site in headless Chromium: what the search page downloads
 * when it opens, and for each query the bytes fetched and the time from pressing Enter
 * to the results on screen (the page's own performance.measure, plus wall time here).
 *
 *   node scripts/search-bench.ts <dist> [query …]
 *
 * Loopback server only, cold browser cache per run. Prints a table and JSON.
 */
import { chromium } from 'playwright-core';
import { serveStatic } from '../test/lib/static-server.ts';

const dist = process.argv[2];
if (!dist) {
  console.error('usage: node scripts/search-bench.ts <dist> [query …]');
  process.exit(2);
}
const queries = process.argv.slice(3).length ? process.argv.slice(3) : ['新幹線', '富士通', '地方創生', '補助金', 'セキュリティ'];
const server = await serveStatic(dist);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const rows: Record<string, unknown>[] = [];
try {
  for (const q of queries) {
    // A fresh context per query: cold cache, so each row is a first query on a first visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    server.log.length = 0;
    const t0 = performance.now();
    await page.goto(`${server.url}/search/`);
    await page.waitForSelector('#search-form[data-ready="true"]', { timeout: 120_000 });
    const openMs = performance.now() - t0;
    const openLog = [...server.log];
    server.log.length = 0;
    await page.fill('#q', q);
    const t1 = performance.now();
    await page.press('#q', 'Enter');
    await page.waitForFunction(() => document.getElementById('results')!.getAttribute('aria-busy') === 'false' && !/検索しています/.test(document.getElementById('search-status')!.textContent ?? ''), undefined, { timeout: 120_000 });
    const wallMs = performance.now() - t1;
    const measured = await page.evaluate(() => performance.getEntriesByType('measure').filter((m) => m.name.startsWith('search:')).map((m) => m.duration).at(-1) ?? null);
    const status = await page.textContent('#search-status');
    const bytes = (log: { path: string; bytes: number }[], re?: RegExp) => log.filter((l) => !re || re.test(l.path)).reduce((n, l) => n + l.bytes, 0);
    rows.push({
      query: q,
      status,
      openMs: Math.round(openMs),
      openBytes: bytes(openLog),
      openFiles: openLog.length,
      queryMs: Math.round(wallMs),
      pageMeasuredMs: measured == null ? null : Math.round(measured),
      queryBytes: bytes(server.log),
      queryIndexBytes: bytes(server.log, /\/pagefind\/index\//),
      queryFragmentBytes: bytes(server.log, /\/pagefind\/fragment\//),
      queryFiles: server.log.length,
      firstVisitTotalBytes: bytes(openLog) + bytes(server.log),
    });
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
for (const r of rows) {
  console.log(`${String(r.query).padEnd(8)} open ${r.openMs} ms / ${kb(r.openBytes as number)} (${r.openFiles} files) | query ${r.queryMs} ms (page ${r.pageMeasuredMs} ms) / ${kb(r.queryBytes as number)}: index ${kb(r.queryIndexBytes as number)}, fragments ${kb(r.queryFragmentBytes as number)} (${r.queryFiles} files) | first visit total ${kb(r.firstVisitTotalBytes as number)} | ${r.status}`);
}
console.log(JSON.stringify(rows, null, 2));
