/**
 * Search stage: Pagefind (Node API of the extended build) indexes the main content of
 * every built page that has `data-pagefind-body`, after Japanese pre-segmentation with
 * the same Intl.Segmenter the search page uses (src/lib/search/).
 *
 * The index is written in shards: Pagefind holds a whole index in memory until it writes
 * it, about 0.5 GiB per 1,000 of our pages (measured on RS 2024), so one index for the
 * whole corpus would need ~6.5 GiB for one year and ~65 GiB for ten. Pages, in sorted
 * path order, fill one shard after another up to SHARD_BUDGET indexed words; each shard
 * is a Pagefind bundle of its own, built by a fresh Pagefind process that exits when the
 * shard is written. WORKERS shards are built at once (a worker thread each, with its own
 * Pagefind process, search-shard-worker.ts), so peak memory is WORKERS shards' worth
 * whatever the corpus size, and both cores are busy. Shard 0 is
 * `<site>/pagefind/`, shard i is `<site>/pagefind/s<i>/`, and `pagefind/shards.json`
 * lists them; the search page (src/scripts/pagefind-shards.ts) queries them all and
 * merges the results. Reports pages, time and the peak memory of the Pagefind processes.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { prepareForIndex } from '../../src/lib/search/index-html.ts';
import type { ShardReply, ShardRequest } from './search-shard-worker.ts';

export interface SearchIndexStats {
  pages: number;
  /** Pagefind bundles written (see the module comment). */
  shards: number;
  /** Of those, copied unchanged from the previous build. */
  reused: number;
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
// Pagefind leaves these out of the text (charts: their data is in the tables).
const EXCLUDE_SELECTORS = ['svg'];
const CONCURRENCY = 4;
const PAGEFIND_VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '../../node_modules/pagefind/package.json'), 'utf8')) as { version: string }).version;
/**
 * Indexed words per shard (compound terms plus characters/4 of body text, the two things
 * Pagefind's memory grows with: ~0.75 KiB per unit at its peak, measured on RS 2024
 * pages). With two shards built at once, 2.2 M keeps each Pagefind process near 1.65 GiB
 * and the whole build under 4 GiB — RS 2024 (8.4 M) in 4 shards, so a query loads 4
 * bundles. Tests set SEARCH_SHARDS to get several shards out of the small sample.
 */
export const SHARD_BUDGET = Number(process.env.SEARCH_SHARD_BUDGET) > 0 ? Number(process.env.SEARCH_SHARD_BUDGET) : 2_200_000;
/** Shards built at once: one Pagefind process per core, two at most (memory, see SHARD_BUDGET). */
export const WORKERS = Number(process.env.SEARCH_WORKERS) > 0 ? Number(process.env.SEARCH_WORKERS) : Math.min(2, availableParallelism());

/** The manifest the search page reads: bundle folders relative to the site root, shard 0 first. */
export interface ShardManifest {
  version: 1;
  /** `key`: SHA-256 of what the shard was built from, so an unchanged shard is reused by the next build. */
  shards: Array<{ path: string; pages: number; key?: string }>;
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

type Prepared = NonNullable<ReturnType<typeof prepareForIndex>>;

/** Reads and prepares pages in order, CONCURRENCY files ahead of the consumer. */
async function* preparedPages(files: string[]): AsyncGenerator<[string, Prepared | null]> {
  const prepare = (file: string) => readFile(file, 'utf8').then((html) => prepareForIndex(html));
  const ahead: Array<Promise<Prepared | null>> = [];
  for (let i = 0; i < Math.min(files.length, CONCURRENCY); i++) ahead.push(prepare(files[i]!));
  for (let i = 0; i < files.length; i++) {
    if (i + CONCURRENCY < files.length) ahead.push(prepare(files[i + CONCURRENCY]!));
    const prepared = await ahead.shift()!;
    yield [files[i]!, prepared];
  }
}

/** A worker thread that builds one shard at a time (search-shard-worker.ts). */
class ShardWorker {
  private readonly worker = new Worker(new URL('./search-shard-worker.ts', import.meta.url));
  private readonly waiting = new Map<number, { url: string; ok: (error: string | null) => void }>();
  private finished: ((m: Extract<ShardReply, { type: 'finished' }>) => void) | null = null;
  private nextId = 0;
  /** Settles when the shard this worker was given last has been written. */
  done: Promise<void> = Promise.resolve();
  constructor() {
    this.worker.on('message', (m: ShardReply) => {
      if (m.type === 'added') {
        this.waiting.get(m.id)?.ok(m.error);
        this.waiting.delete(m.id);
      } else this.finished?.(m);
    });
  }
  open(): void {
    this.worker.postMessage({ type: 'open', language: INDEX_LANGUAGE, excludeSelectors: EXCLUDE_SELECTORS } satisfies ShardRequest);
  }
  /** Sends a page; settles with Pagefind's error (or null) once Pagefind has taken it. */
  add(url: string, html: string): Promise<string | null> {
    const id = this.nextId++;
    const p = new Promise<string | null>((ok) => this.waiting.set(id, { url, ok }));
    this.worker.postMessage({ type: 'add', id, url, html } satisfies ShardRequest);
    return p;
  }
  finish(outputPath: string, onPeak: (peakRss: number | null) => void): void {
    this.done = new Promise<void>((ok, fail) => {
      this.finished = (m) => {
        this.finished = null;
        if (m.error) return fail(new Error(m.error));
        onPeak(m.peakRss);
        ok();
      };
    });
    // Awaited later; a failure must not go unhandled meanwhile.
    this.done.catch(() => undefined);
    this.worker.postMessage({ type: 'finish', outputPath } satisfies ShardRequest);
  }
  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/** The shard key: what Pagefind is given for it, and the Pagefind version and settings. */
function shardKey(): Hash {
  return createHash('sha256').update(`pagefind ${PAGEFIND_VERSION} ${INDEX_LANGUAGE} ${EXCLUDE_SELECTORS.join(',')}\n`);
}

/** The previous build's shards by key (from its shards.json), to reuse those that are unchanged. */
async function previousShards(site: string | undefined): Promise<Map<string, { dir: string; pages: number }>> {
  const out = new Map<string, { dir: string; pages: number }>();
  if (!site) return out;
  try {
    const m = JSON.parse(await readFile(join(site, 'pagefind', SHARD_MANIFEST), 'utf8')) as ShardManifest;
    for (const s of m.shards) if (s.key && /^pagefind\/(?:s\d+\/)?$/.test(s.path)) out.set(s.key, { dir: join(site, s.path), pages: s.pages });
  } catch {
    // No previous build, or one from before shard keys: every shard is built.
  }
  return out;
}

/**
 * Takes over a previous shard's bundle (shard 0's folder without the other shards inside
 * it) as hard links: the files are never written in place, and fs.cp of ~3,500 small
 * files per shard took seconds. Falls back to copying across file systems.
 */
async function copyShard(from: string, to: string): Promise<boolean> {
  const walk = async (src: string, dst: string, top: boolean): Promise<void> => {
    await mkdir(dst, { recursive: true });
    const entries = await readdir(src, { withFileTypes: true });
    await Promise.all(entries.map(async (e) => {
      if (top && (/^s\d+$/.test(e.name) || e.name === SHARD_MANIFEST)) return;
      const a = join(src, e.name);
      const b = join(dst, e.name);
      if (e.isDirectory()) return walk(a, b, false);
      await link(a, b).catch(() => copyFile(a, b));
    }));
  };
  try {
    if (!existsSync(join(from, 'pagefind-entry.json'))) return false;
    await walk(from, to, true);
    return true;
  } catch {
    await rm(to, { recursive: true, force: true });
    return false;
  }
}

export async function buildSearchIndex(outDir: string, opts: { base?: string; budget?: number; workers?: number; previous?: string } = {}): Promise<SearchIndexStats> {
  const t0 = performance.now();
  const outputPath = join(outDir, 'pagefind');
  await rm(outputPath, { recursive: true, force: true });
  const stats: SearchIndexStats = { pages: 0, shards: 0, reused: 0, files: 0, compoundTerms: 0, indexedChars: 0, seconds: 0, pagefindPeakRss: null };
  const problems: string[] = [];
  // Pagefind numbers pages in the order they are added, and that numbering is in the index
  // files: add them in sorted path order, or two builds of the same site differ.
  const files: string[] = [];
  for await (const file of htmlFiles(outDir, outputPath)) files.push(file);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  stats.files = files.length;
  const base = opts.base ?? '/';
  // Shard 0 is the bundle at pagefind/ itself, so a single-shard site looks as before.
  const shardDir = (k: number) => (k === 0 ? outputPath : join(outDir, `pagefind.s${k}.tmp`));

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
  const pool = Array.from({ length: Math.max(1, opts.workers ?? WORKERS) }, () => new ShardWorker());
  const previous = await previousShards(opts.previous);
  const shards: ShardManifest['shards'] = [];
  let turn = 0;
  // One shard's pages are held (~50 MB) until it is complete, so its key is known before
  // any work: a shard whose key is in the previous build is copied from there instead.
  let held: Array<{ file: string; url: string; prepared: Prepared }> = [];
  let key = shardKey();
  const flush = async () => {
    const k = shards.length;
    const entry = { path: k === 0 ? 'pagefind/' : `pagefind/s${k}/`, pages: 0, key: key.digest('hex') };
    shards.push(entry);
    const pages = held;
    held = [];
    key = shardKey();
    for (const p of pages) {
      stats.compoundTerms += p.prepared.terms;
      stats.indexedChars += p.prepared.chars;
    }
    const before = previous.get(entry.key);
    if (before && (await copyShard(before.dir, shardDir(k)))) {
      entry.pages = before.pages;
      stats.reused++;
      return;
    }
    // The next worker in turn; it may still be writing its previous shard.
    const w = pool[turn++ % pool.length]!;
    await w.done;
    w.open();
    const pending: Array<Promise<unknown>> = [];
    for (const { file, url, prepared } of pages) {
      pending.push(w.add(url, prepared.html).then((error) => (error ? problems.push(`${relative(outDir, file)}: ${error}`) : entry.pages++)));
      // A few pages ahead, never a whole shard queued in messages.
      if (pending.length >= 8) await pending.shift();
    }
    await Promise.all(pending);
    w.finish(shardDir(k), (rss) => {
      if (rss) stats.pagefindPeakRss = Math.max(stats.pagefindPeakRss ?? 0, rss);
    });
  };
  try {
    for await (const [file, prepared] of preparedPages(files)) {
      if (!prepared) continue;
      if (cutter.next(pageCost(prepared)) && held.length) await flush();
      const url = pageUrl(outDir, file, base);
      held.push({ file, url, prepared });
      key.update(`${url}\0${prepared.html}\0`);
    }
    // No indexable page: still an (empty) bundle, so the search page loads and says so.
    if (held.length || shards.length === 0) await flush();
    for (const w of pool) await w.done;
  } finally {
    await Promise.all(pool.map((w) => w.close()));
  }
  stats.pages = shards.reduce((n, x) => n + x.pages, 0);
  stats.shards = shards.length;
  for (let k = 0; k < shards.length; k++) await Promise.all(UNUSED.map((f) => rm(join(shardDir(k), f), { force: true })));
  await mkdir(outputPath, { recursive: true });
  for (let k = 1; k < shards.length; k++) await rename(shardDir(k), join(outputPath, `s${k}`));
  await writeFile(join(outputPath, SHARD_MANIFEST), JSON.stringify({ version: 1, shards } satisfies ShardManifest) + '\n');
  // A page Pagefind rejects is reported but does not stop the others being searchable.
  for (const p of problems) console.warn(`search index: ${p}`);
  stats.seconds = (performance.now() - t0) / 1000;
  const mib = stats.pagefindPeakRss ? `${(stats.pagefindPeakRss / 2 ** 20).toFixed(0)} MiB peak` : 'peak n/a';
  console.log(`search index: ${stats.pages} pages of ${stats.files} HTML files in ${stats.shards} shard(s) (${stats.reused} unchanged, reused), ${stats.indexedChars} chars, ${stats.compoundTerms} compound terms, ${stats.seconds.toFixed(1)} s, pagefind ${mib}`);
  return stats;
}
