/**
 * Search stage: Pagefind (Node API of the extended build) indexes the main content of
 * every built page that has `data-pagefind-body`, after Japanese pre-segmentation with
 * the same Intl.Segmenter the search page uses (src/lib/search/). The index is written
 * to `<site>/pagefind/`, next to the pages, so the search page loads it from the site
 * itself. Reports pages, time and the Pagefind service's peak memory (benchmarks read it).
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import * as pagefind from 'pagefind';
import { prepareForIndex } from '../../src/lib/search/index-html.ts';

export interface SearchIndexStats {
  pages: number;
  /** HTML files seen (pages without data-pagefind-body are not indexed). */
  files: number;
  compoundTerms: number;
  indexedChars: number;
  seconds: number;
  /** Peak resident memory of the Pagefind service process (bytes), when measurable. */
  pagefindPeakRss: number | null;
}

// Bundles Pagefind writes that the site does not use (it has its own search page).
const UNUSED = ['pagefind-ui.js', 'pagefind-ui.css', 'pagefind-modular-ui.js', 'pagefind-modular-ui.css', 'pagefind-component-ui.js', 'pagefind-component-ui.css', 'pagefind-highlight.js'];
// One language for the whole index: the text arrives pre-segmented, so Pagefind must not
// segment it again (lang=ja would run Lindera). English applies only a stemmer, which
// touches Latin words alone and runs identically on the query.
const INDEX_LANGUAGE = 'en';
const CONCURRENCY = 4;

async function* htmlFiles(dir: string, skip: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== skip) yield* htmlFiles(p, skip);
    } else if (e.name.endsWith('.html')) yield p;
  }
}

/** URL of a built file: `projects/x/index.html` → `/projects/x/`. */
export function pageUrl(outDir: string, file: string, base = '/'): string {
  const rel = relative(outDir, file).split(sep).join('/');
  const path = rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel;
  return `${base.endsWith('/') ? base : `${base}/`}${path}`;
}

/** VmHWM (peak RSS) of our child processes running the pagefind binary. Linux only; null elsewhere. */
async function pagefindPeakRss(): Promise<number | null> {
  try {
    let peak = 0;
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
      if (!new RegExp(`^PPid:\\s+${process.pid}$`, 'm').test(status) || !/^Name:\s+pagefind/m.test(status)) continue;
      const kb = /^VmHWM:\s+(\d+) kB/m.exec(status);
      if (kb) peak = Math.max(peak, Number(kb[1]) * 1024);
    }
    return peak || null;
  } catch {
    return null;
  }
}

export async function buildSearchIndex(outDir: string, opts: { base?: string } = {}): Promise<SearchIndexStats> {
  const t0 = performance.now();
  const outputPath = join(outDir, 'pagefind');
  await rm(outputPath, { recursive: true, force: true });
  const { index, errors } = await pagefind.createIndex({ forceLanguage: INDEX_LANGUAGE, excludeSelectors: ['svg'] });
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  const stats: SearchIndexStats = { pages: 0, files: 0, compoundTerms: 0, indexedChars: 0, seconds: 0, pagefindPeakRss: null };
  const problems: string[] = [];
  try {
    // Pagefind numbers pages in the order they are added, and that numbering is in the index
    // files: add them in sorted path order, or two builds of the same site differ. Reading and
    // preparing run ahead (CONCURRENCY files) while Pagefind indexes the previous page.
    const files: string[] = [];
    for await (const file of htmlFiles(outDir, outputPath)) files.push(file);
    files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    stats.files = files.length;
    const prepare = (file: string) => readFile(file, 'utf8').then((html) => prepareForIndex(html));
    const ahead: Array<ReturnType<typeof prepare>> = files.slice(0, CONCURRENCY).map(prepare);
    for (let i = 0; i < files.length; i++) {
      if (i + CONCURRENCY < files.length) ahead.push(prepare(files[i + CONCURRENCY]!));
      const file = files[i]!;
      const prepared = await ahead[i]!;
      ahead[i] = Promise.resolve(null); // let the page's text be collected
      if (!prepared) continue;
      const r = await index.addHTMLFile({ url: pageUrl(outDir, file, opts.base), content: prepared.html });
      if (r.errors.length) problems.push(`${relative(outDir, file)}: ${r.errors.join('; ')}`);
      else {
        stats.pages++;
        stats.compoundTerms += prepared.terms;
        stats.indexedChars += prepared.chars;
      }
    }
    // A page Pagefind rejects is reported but does not stop the others being searchable.
    for (const p of problems) console.warn(`search index: ${p}`);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
    stats.pagefindPeakRss = await pagefindPeakRss();
  } finally {
    await pagefind.close();
  }
  await Promise.all(UNUSED.map((f) => rm(join(outputPath, f), { force: true })));
  stats.seconds = (performance.now() - t0) / 1000;
  const mib = stats.pagefindPeakRss ? `${(stats.pagefindPeakRss / 2 ** 20).toFixed(0)} MiB peak` : 'peak n/a';
  console.log(`search index: ${stats.pages} pages of ${stats.files} HTML files, ${stats.indexedChars} chars, ${stats.compoundTerms} compound terms, ${stats.seconds.toFixed(1)} s, pagefind ${mib}`);
  return stats;
}
