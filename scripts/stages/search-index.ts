/**
 * Search stage: Pagefind (Node API of the extended build) indexes the main content of
 * every built page that has `data-pagefind-body`, after Japanese pre-segmentation with
 * the same Intl.Segmenter the search page uses (src/lib/search/).
 *
 * The index is written in shards: Pagefind holds a whole index in memory until it writes
 * it, about 0.5 GiB per 1,000 of our pages (measured on RS 2024), so one index for the
 * whole corpus would need ~6.5 GiB for one year and ~65 GiB for ten. Pages, in sorted
 * path order, fill one shard after another up to SHARD_BUDGET indexed words; each shard
 * is a Pagefind bundle of its own, built by a fresh Pagefind process that exits before
 * the next starts, so peak memory is one shard's whatever the corpus size. Shard 0 is
 * `<site>/pagefind/`, shard i is `<site>/pagefind/s<i>/`, and `pagefind/shards.json`
 * lists them; the search page (src/scripts/pagefind-shards.ts) queries them all and
 * merges the results. Reports pages, time and the peak memory of the Pagefind processes.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import * as pagefind from 'pagefind';
import { prepareForIndex } from '../../src/lib/search/index-html.ts';

export interface SearchIndexStats {
  pages: number;
  /** Pagefind bundles written (see the module comment). */
  shards: number;
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
/**
 * Indexed words per shard (compound terms plus characters/4 of body text, the two things
 * Pagefind's memory grows with: ~0.6 KiB per unit measured on RS 2024 pages). 5 M keeps
 * a shard near 3 GiB — RS 2024 (10.4 M) in 3 shards, so a query loads 3 bundles. Tests
 * set SEARCH_SHARD_BUDGET low to get several shards out of the small sample.
 */
export const SHARD_BUDGET = Number(process.env.SEARCH_SHARD_BUDGET) > 0 ? Number(process.env.SEARCH_SHARD_BUDGET) : 5_000_000;

/** The manifest the search page reads: bundle folders relative to the site root, shard 0 first. */
export interface ShardManifest {
  version: 1;
  shards: Array<{ path: string; pages: number }>;
}
export const SHARD_MANIFEST = 'shards.json';

/** What one page costs a shard (see SHARD_BUDGET). */
export function pageCost(p: { terms: number; chars: number }): number {
  return p.terms + Math.ceil(p.chars / 4);
}

/**
 * Cuts pages, as they come in sorted order, into consecutive shards of at most `budget`
 * cost; a page costing more than the budget gets a shard of its own. Online (each page's
 * decision needs only the pages before it), so the stage indexes in one pass.
 */
export class ShardCutter {
  private sum = 0;
  private pages = 0;
  private readonly budget: number;
  constructor(budget: number) {
    this.budget = budget;
  }
  /** Whether this page starts a new shard (the first page always does). */
  next(cost: number): boolean {
    const cut = this.pages === 0 || this.sum + cost > this.budget;
    if (cut) this.sum = 0;
    this.sum += cost;
    this.pages++;
    return cut;
  }
}

/** The whole plan for known costs: [start, end) page ranges. Pure, so it is tested. */
export function planShards(costs: number[], budget: number): Array<[start: number, end: number]> {
  const cutter = new ShardCutter(budget);
  const out: Array<[number, number]> = [];
  costs.forEach((c, i) => {
    if (cutter.next(c)) {
      if (out.length) out[out.length - 1]![1] = i;
      out.push([i, costs.length]);
    }
  });
  return out;
}

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

type Prepared = NonNullable<ReturnType<typeof prepareForIndex>>;

/** Reads and prepares pages `from..to` in order, CONCURRENCY files ahead of the consumer. */
async function* preparedPages(files: string[], from = 0, to = files.length): AsyncGenerator<[string, Prepared | null]> {
  const prepare = (file: string) => readFile(file, 'utf8').then((html) => prepareForIndex(html));
  const ahead: Array<Promise<Prepared | null>> = [];
  for (let i = from; i < Math.min(to, from + CONCURRENCY); i++) ahead.push(prepare(files[i]!));
  for (let i = from; i < to; i++) {
    if (i + CONCURRENCY < to) ahead.push(prepare(files[i + CONCURRENCY]!));
    const prepared = await ahead.shift()!;
    yield [files[i]!, prepared];
  }
}

interface OpenShard {
  index: NonNullable<Awaited<ReturnType<typeof pagefind.createIndex>>['index']>;
  k: number;
  pages: number;
}

export async function buildSearchIndex(outDir: string, opts: { base?: string; budget?: number } = {}): Promise<SearchIndexStats> {
  const t0 = performance.now();
  const outputPath = join(outDir, 'pagefind');
  await rm(outputPath, { recursive: true, force: true });
  const stats: SearchIndexStats = { pages: 0, shards: 0, files: 0, compoundTerms: 0, indexedChars: 0, seconds: 0, pagefindPeakRss: null };
  const problems: string[] = [];
  // Pagefind numbers pages in the order they are added, and that numbering is in the index
  // files: add them in sorted path order, or two builds of the same site differ.
  const files: string[] = [];
  for await (const file of htmlFiles(outDir, outputPath)) files.push(file);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  stats.files = files.length;
  const base = opts.base ?? '/';
  const manifest: ShardManifest = { version: 1, shards: [] };
  const tmpDir = (k: number) => join(outDir, `pagefind.s${k}.tmp`);

  const open = async (k: number): Promise<OpenShard> => {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: INDEX_LANGUAGE, excludeSelectors: ['svg'] });
    if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
    return { index, k, pages: 0 };
  };
  const finish = async (shard: OpenShard) => {
    // Shard 0 is the bundle at pagefind/ itself, so a single-shard site looks as before.
    const dir = shard.k === 0 ? outputPath : tmpDir(shard.k);
    try {
      const written = await shard.index.writeFiles({ outputPath: dir });
      if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
      const rss = await pagefindPeakRss();
      if (rss) stats.pagefindPeakRss = Math.max(stats.pagefindPeakRss ?? 0, rss);
    } finally {
      // A fresh Pagefind process per shard: its memory is returned before the next one starts.
      await pagefind.close();
    }
    await Promise.all(UNUSED.map((f) => rm(join(dir, f), { force: true })));
    manifest.shards.push({ path: shard.k === 0 ? 'pagefind/' : `pagefind/s${shard.k}/`, pages: shard.pages });
    stats.pages += shard.pages;
  };

  // SEARCH_SHARDS=n asks for about n shards instead (tests use it to exercise the merging
  // on the small sample); that needs the total, so only then are pages prepared twice.
  let budget = opts.budget ?? SHARD_BUDGET;
  const wanted = Number(process.env.SEARCH_SHARDS);
  if (!opts.budget && wanted > 0) {
    let total = 0;
    for await (const [, prepared] of preparedPages(files)) if (prepared) total += pageCost(prepared);
    budget = Math.max(1, Math.ceil(total / wanted));
  }
  const cutter = new ShardCutter(budget);
  let shard: OpenShard | null = null;
  let next = 0;
  try {
    for await (const [file, prepared] of preparedPages(files)) {
      if (!prepared) continue;
      if (cutter.next(pageCost(prepared))) {
        if (shard) await finish(shard);
        shard = null;
        shard = await open(next++);
      }
      const r = await shard!.index.addHTMLFile({ url: pageUrl(outDir, file, base), content: prepared.html });
      if (r.errors.length) problems.push(`${relative(outDir, file)}: ${r.errors.join('; ')}`);
      else {
        shard!.pages++;
        stats.compoundTerms += prepared.terms;
        stats.indexedChars += prepared.chars;
      }
    }
    if (!shard) shard = await open(next++); // no indexable page: still an (empty) bundle, so the search page loads and says so
    const last = shard;
    shard = null;
    await finish(last);
  } finally {
    if (shard) await pagefind.close();
  }
  await mkdir(outputPath, { recursive: true });
  for (let k = 1; k < next; k++) await rename(tmpDir(k), join(outputPath, `s${k}`));
  await writeFile(join(outputPath, SHARD_MANIFEST), JSON.stringify(manifest) + '\n');
  stats.shards = manifest.shards.length;
  // A page Pagefind rejects is reported but does not stop the others being searchable.
  for (const p of problems) console.warn(`search index: ${p}`);
  stats.seconds = (performance.now() - t0) / 1000;
  const mib = stats.pagefindPeakRss ? `${(stats.pagefindPeakRss / 2 ** 20).toFixed(0)} MiB peak` : 'peak n/a';
  console.log(`search index: ${stats.pages} pages of ${stats.files} HTML files in ${stats.shards} shard(s), ${stats.indexedChars} chars, ${stats.compoundTerms} compound terms, ${stats.seconds.toFixed(1)} s, pagefind ${mib}`);
  return stats;
}
