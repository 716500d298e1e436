/**
 * Search stage: Pagefind (Node API of the extended build) indexes the main content of
 * every built page that has `data-pagefind-body`, after Japanese pre-segmentation with
 * the same Intl.Segmenter the search page uses (src/lib/search/).
 *
 * The index is written in shards: Pagefind holds a whole index in memory until it writes
 * it, about 0.5 GiB per 1,000 of our pages (measured on RS 2024), so one index for the
 * whole corpus would need ~6.5 GiB for one year and ~65 GiB for ten. Pages, in sorted
 * path order, fill one shard after another up to SHARD_BUDGET, a cost known from the
 * raw file alone (pageCost); each shard is a Pagefind bundle of its own, built by a fresh
 * Pagefind process that exits when the shard is written. Shard 0 is `<site>/pagefind/`,
 * shard i is `<site>/pagefind/s<i>/`, and `pagefind/shards.json` lists them; the search
 * page (src/client/pagefind-shards.ts) queries them all and merges the results.
 *
 * The main thread only lists, reads and hashes the built files, so a shard is complete,
 * and its key known, as soon as its files are read (~0.3 s for an RS 2024 shard).
 * Preparing the pages (prepareForIndex, ~18 s of CPU for RS 2024) and indexing them is
 * done by WORKERS worker threads (search-shard-worker.ts), one shard each at a time, each
 * reading its shard's files itself and driving its own Pagefind process: both cores work
 * from the first shard on, and peak memory is WORKERS shards' worth whatever the corpus
 * size. The key hashes the shard's URLs and what Pagefind is given of each page (the
 * digest of its prepared copy), the Pagefind version and settings, and the preparation's
 * source; a shard whose key is in the previous build is hard-linked from there. A page's
 * digest is remembered by its raw bytes between builds (DIGEST_CACHE), so a shard of
 * unchanged pages is reused without preparing any of them; a shard whose pages changed only
 * outside their indexed text (links to a new year's sheet) is prepared by a worker, found
 * unchanged, and reused all the same. Cuts between shards fall where the pages' URLs say
 * (ContentCuts), not where their sizes add up, so those shards keep their pages. Reports
 * pages, time and the peak memory of the Pagefind processes.
 *
 * Pages are ordered by partition first (partitionOf: a page's review year, newest first;
 * pages of several years under their newest, `2024+`; pages of none last as `all`), and no
 * shard spans two partitions, so the search page can load only the years a query needs; nor
 * a partition's sheets and its recipients (cutRun), so recipients that a new year moves out
 * of an older year leave that year's sheet shards as they were. Besides the
 * bundles, the stage writes the exact-lookup table (`pagefind/lookup/`, src/lib/search/
 * lookup.ts) from each page's metadata, and the filter counts of the whole index into the
 * manifest. Each shard keeps its pages' metadata (`facets.json.gz`) so that a reused
 * shard contributes to both without being prepared again.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sourceHash } from '../lib/source-hash.ts';
import { comparePartitions, partitionFor } from '../../src/lib/search/partitions.ts';
import { shardKeyOf, type PageFacets, type ShardReply, type ShardRequest } from './search-shard-worker.ts';
import { buildLookup, type LookupManifest } from '../../src/lib/search/lookup.ts';
import { termTableBuilder, type TermManifest } from '../../src/lib/search/term-shards.ts';
import { shardCompounds, TERMS_DIR, writeTermTable, type PreviousTable } from './search-terms.ts';
import { SEARCH_SHARD_BUDGET, SEARCH_SHARDS, SEARCH_WORKERS } from '../../src/lib/env.ts';

export interface SearchIndexStats {
  pages: number;
  /** Pagefind bundles written (see the module comment). */
  shards: number;
  /** Of those, copied unchanged from the previous build. */
  reused: number;
  /** HTML files known by their identity from the previous build, not read (PAGE_CACHE). */
  knownFiles: number;
  /** HTML files seen (pages without data-pagefind-body are not indexed). */
  files: number;
  compoundTerms: number;
  indexedChars: number;
  seconds: number;
  /** Peak resident memory of the Pagefind service process (bytes), when measurable. */
  pagefindPeakRss: number | null;
  /** Files of the exact-lookup table (src/lib/search/lookup.ts). */
  lookupBuckets: number;
  /** Keys and files of the term table (src/lib/search/term-shards.ts). */
  termKeys: number;
  termBuckets: number;
}

// Bundles Pagefind writes that the site does not use (it has its own search page).
const UNUSED = ['pagefind-ui.js', 'pagefind-ui.css', 'pagefind-modular-ui.js', 'pagefind-modular-ui.css', 'pagefind-component-ui.js', 'pagefind-component-ui.css', 'pagefind-highlight.js'];
// One language for the whole index: the text arrives pre-segmented, so Pagefind must not
// segment it again (lang=ja would run Lindera). English applies only a stemmer, which
// touches Latin words alone and runs identically on the query.
const INDEX_LANGUAGE = 'en';
// Pagefind leaves these out of the text (charts: their data is in the tables).
const EXCLUDE_SELECTORS = ['svg'];
const PAGEFIND_VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '../../node_modules/pagefind/package.json'), 'utf8')) as { version: string }).version;
// What turns a page into what Pagefind is given, besides the page: the preparation's source
// (index-html.ts and what it imports) and the ICU its Intl.Segmenter comes from. A shard is
// reused on its raw pages alone, so a change to either must change every key.
const PREPARATION = sourceHash(join(import.meta.dirname, '../../src/lib/search/index-html.ts'));
/**
 * Cost per shard, in bytes (see pageCost). The peak memory of a Pagefind process,
 * measured on RS 2024 shards, is ~12 MiB per MB of raw HTML plus ~120 MiB per 1,000
 * pages whatever their size (a shard of only the 6,499 small recipient pages, 42 MB,
 * peaked at 1.1–1.2 GiB); so a page costs its size plus PAGE_BYTES, or a shard of small
 * pages would need twice the memory of one of large pages. With two shards built at once,
 * 140 M keeps each Pagefind process at ~1.6 GiB at most and the whole stage near 3.3 GiB —
 * RS 2024 (12,740 indexable pages, 423 MB) in 4 shards, so a query loads 4 bundles.
 * Tests set SEARCH_SHARDS to get several shards out of the small sample.
 */
export const SHARD_BUDGET = SEARCH_SHARD_BUDGET;
const PAGE_BYTES = 10_000;
/** Shards built at once: one Pagefind process per core, two at most (memory, see SHARD_BUDGET). */
export const WORKERS = SEARCH_WORKERS;

/** The manifest the search page reads: bundle folders relative to the site root, shard 0 first. */
export interface ShardManifest {
  version: 2;
  /**
   * `key`: SHA-256 of what the shard was built from, so an unchanged shard is reused by the
   * next build; `terms` and `chars`: what its pages gave Pagefind, for that build's report;
   * `partition`: the review year all its pages share, or `all` (pages of several years or
   * none: recipients, ministries). Shards come newest year first, `all` last, so the search
   * page loads only the shards of the years a query needs (see partitionOf). `meta`: the
   * bytes of its metadata file (`.pf_meta`, loaded by any search of the shard) and `chunk`:
   * the mean bytes of its index chunks (one loaded per word searched), so the search page
   * can tell what a search will download before starting it (search-plan.ts: firstReach).
   */
  shards: Array<{ path: string; pages: number; key: string; terms: number; chars: number; partition: string; meta?: number; chunk?: number }>;
  /** Every filter value's page count over the whole index: the search form's counts before any search. */
  filters: Record<string, Record<string, number>>;
  lookup: LookupManifest;
  /** The term table: which shards hold each Japanese compound (src/lib/search/term-shards.ts). */
  terms: TermManifest;
}
export const SHARD_MANIFEST = 'shards.json';
/** Each shard's pages' metadata and filter values, kept in its folder so a reused shard brings them along. */
const SHARD_FACETS = 'facets.json.gz';
export const LOOKUP_DIR = 'lookup';

const YEAR_FILTER = Buffer.from('data-pagefind-filter="年度">');
/** SearchMeta's title, which follows its filters (src/components/SearchMeta.astro). */
const TITLE_META = Buffer.from('data-pagefind-meta="title"');
/**
 * A page's partition (src/lib/search/partitions.ts), read from its raw bytes: the review
 * years SearchMeta gives it (`data-pagefind-filter="年度"`, before its title) — one year, the
 * newest of several (`2024+`), or `all` when it gives none or one that is not a year. So the
 * start of a page up to that title is enough (headPartition).
 */
export function partitionOf(raw: Buffer): string {
  const title = raw.indexOf(TITLE_META);
  const end = title < 0 ? raw.length : title;
  const years: string[] = [];
  for (let at = raw.indexOf(YEAR_FILTER); at >= 0 && at < end; at = raw.indexOf(YEAR_FILTER, at + YEAR_FILTER.length)) {
    const v = raw.toString('latin1', at + YEAR_FILTER.length, at + YEAR_FILTER.length + 5);
    const m = /^(\d{4})</.exec(v);
    if (!m) return 'all';
    years.push(m[1]!);
  }
  return partitionFor(years);
}

/**
 * What one page costs a shard (see SHARD_BUDGET), known without preparing it: its size
 * plus PAGE_BYTES, or null when it is not indexed. A plain byte search, not
 * prepareForIndex's exact test: a page that merely mentions the attribute is counted, and
 * the worker, which finds no body in it, leaves it out.
 */
export function pageCost(raw: Buffer): number | null {
  return raw.includes('data-pagefind-body') ? raw.length + PAGE_BYTES : null;
}

/**
 * Where shards are cut when content decides (ShardCutter): a shard of a partition ends after
 * its first page, from the `minPages`-th on, whose URL hashes to a multiple of `spread`.
 * The cut points then depend on the pages' URLs and number, not their sizes: when a new year
 * makes every sheet of a lineage a little longer (a link to the new sheet), the older years'
 * shards keep the same pages, and so their keys; one page added or removed moves a cut only
 * when it falls next to it (about 1 in `spread`). Byte budget cuts stay as the memory guard.
 */
export interface ContentCuts {
  minPages: number;
  spread: number;
}
/** Of the budget, the share a shard's pages reach, at the partition's mean page cost, before a cut may fall. */
const CUT_FILL = 0.8;
/** Cut candidates are 1 in minPages/CUT_SPREAD pages: a shard passes CUT_FILL by ~5 %, the budget rarely (e^-5). */
const CUT_SPREAD = 20;
/**
 * The cuts for a partition of `pages` indexable pages costing `cost` in all. minPages is
 * rounded down to a step of √2 (1, 2, 3, 4, 6, 8, 11, 16 …), so the mean page cost may drift by
 * a few per cent (longer pages when a year joins) without moving every cut of the partition.
 */
export function contentCuts(pages: number, cost: number, budget: number): ContentCuts {
  const target = pages > 0 && cost > 0 ? (CUT_FILL * budget * pages) / cost : 1;
  let minPages = 1;
  for (let k = 0; ; k++) {
    const step = Math.round(2 ** (k / 2));
    if (step > target) break;
    minPages = step;
  }
  return { minPages, spread: Math.max(1, Math.ceil(minPages / CUT_SPREAD)) };
}
/**
 * FNV-1a of a URL, mixed (MurmurHash3's finaliser): the same number on every machine and run.
 * Without the mixing, its low bits follow the last digits of numbered URLs, and cut
 * candidates fell every ~4th page like clockwork, so a cut moved by one page never met the
 * next one again.
 */
export function urlHash(url: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) h = Math.imul(h ^ url.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Cuts pages, as they come in sorted order, into consecutive shards of at most `budget`
 * cost; a page costing more than the budget gets a shard of its own, and no shard spans two
 * partitions. With content cuts for the page's partition (`cuts`), a shard also ends where
 * they say (ContentCuts). Online (each page's decision needs only the pages before it), so
 * a shard goes to a worker while the next one is still being read.
 */
export class ShardCutter {
  private sum = 0;
  private pages = 0;
  private inShard = 0;
  private boundary = false;
  private readonly budget: number;
  private readonly cuts: (partition: string) => ContentCuts | null;
  constructor(budget: number, cuts: (partition: string) => ContentCuts | null = () => null) {
    this.budget = budget;
    this.cuts = cuts;
  }
  private partition: string | null = null;
  /** Whether this page starts a new shard (the first page, and the first of a partition, always do). */
  next(cost: number, partition = '', url = ''): boolean {
    const cut = this.pages === 0 || this.boundary || this.sum + cost > this.budget || partition !== this.partition;
    this.partition = partition;
    if (cut) {
      this.sum = 0;
      this.inShard = 0;
    }
    this.sum += cost;
    this.pages++;
    this.inShard++;
    const c = this.cuts(partition);
    this.boundary = c !== null && this.inShard >= c.minPages && urlHash(url) % c.spread === 0;
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

/** Reads a whole file into `buf` when it fits, else into a new buffer; returns the buffer used and the bytes. */
function readInto(file: string, buf: Buffer | undefined): { buf: Buffer; raw: Buffer } {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    const b = buf && buf.length >= size ? buf : Buffer.allocUnsafe(Math.max(size, READ_BUFFER));
    let n = 0;
    while (n < size) {
      const read = readSync(fd, b, n, size - n, n);
      if (read === 0) break;
      n += read;
    }
    return { buf: b, raw: b.subarray(0, n) };
  } finally {
    closeSync(fd);
  }
}
/** Smallest buffer kept for reading pages (most are smaller; a larger page gets one its size). */
const READ_BUFFER = 256 * 1024;
/** Files read between two turns of the event loop, so the shard workers' messages are not held up. */
const READS_PER_TURN = 256;

/**
 * Every file with its raw digest and cost (both null when it has no search body), in order;
 * a file known by its identity (PAGE_CACHE) is not read. One buffer is used again and again,
 * and the reads are synchronous. At the decade, 152k pages read into fresh buffers through promise file
 * handles took 12.5 s of the main thread, and 6 GB of short-lived buffers a good part of
 * the stage's kernel and collector time (--cpu-prof and time -v, 2026-12-07).
 */
async function* indexable(files: string[], known: ReadonlyMap<string, KnownPage> = new Map()): AsyncGenerator<[string, string | null, number | null]> {
  let buf: Buffer | undefined;
  for (let i = 0; i < files.length; i++) {
    const page = known.get(files[i]!);
    if (page) {
      yield [files[i]!, page.cost === null ? null : page.raw, page.cost];
      continue;
    }
    if (i % READS_PER_TURN === READS_PER_TURN - 1) await new Promise((ok) => setImmediate(ok));
    const read = readInto(files[i]!, buf);
    buf = read.buf;
    const cost = pageCost(read.raw);
    yield [files[i]!, cost === null ? null : rawDigest(read.raw), cost];
  }
}

/** Bytes read from the start of a page for its partition: SearchMeta comes first in the body (about 3 KB in). */
const HEAD_BYTES = 32 * 1024;
/**
 * A page's partition from the start of the file, or from all of it when the start does not
 * reach SearchMeta's title; with its size and whether it has a search body, for the
 * partition's content cuts (a body is opened before SearchMeta, so the head shows it).
 */
function headPartition(file: string, buf: Buffer): { partition: string; size: number; body: boolean } {
  const fd = openSync(file, 'r');
  let size = 0;
  try {
    size = fstatSync(fd).size;
    const n = readSync(fd, buf, 0, buf.length, 0);
    const head = buf.subarray(0, n);
    if (n < buf.length || head.includes(TITLE_META)) return { partition: partitionOf(head), size, body: head.includes('data-pagefind-body') };
  } finally {
    closeSync(fd);
  }
  const raw = readFileSync(file);
  return { partition: partitionOf(raw), size, body: raw.includes('data-pagefind-body') };
}

/**
 * The run of a page within its partition: a partition's recipient pages are cut apart from
 * its sheets (and the few measure and ministry pages), each run with its own content cuts
 * (runCuts). A new year moves many recipients of an older year into `2024+` (paid again)
 * and changes their pages; mixed in one run, that moved the partition's mean page cost
 * across a √2 step, and every cut of the year's unchanged sheets with it: on the decade,
 * adding RS 2024 reused none of the 18 older shards of sheets only (2026-12-07).
 */
export function cutRun(partition: string, relPath: string): string {
  return relPath.startsWith('recipients/') || relPath.startsWith(`recipients${sep}`) ? `${partition} recipients` : partition;
}

interface OrderedFile {
  file: string;
  partition: string;
  /** cutRun: the partition, or the partition's recipients. */
  run: string;
  size: number;
  body: boolean;
}

/**
 * The files in index order: by partition (newest year first, `all` last), then by path, so a
 * partition's recipients come after its sheets. Only the start of each file is read for its
 * partition (headPartition); the shard keys then read each whole file once.
 */
async function partitioned(outDir: string, files: string[], known: ReadonlyMap<string, KnownPage>): Promise<OrderedFile[]> {
  const buf = Buffer.allocUnsafe(HEAD_BYTES);
  const out: Array<OrderedFile & { at: number }> = [];
  for (const [at, file] of files.entries()) {
    const page = known.get(file);
    if (at % READS_PER_TURN === READS_PER_TURN - 1 && !page) await new Promise((ok) => setImmediate(ok));
    const h = page ? { partition: page.partition, size: page.size, body: page.body } : headPartition(file, buf);
    out.push({ file, ...h, run: cutRun(h.partition, relative(outDir, file)), at });
  }
  return out.sort((a, b) => comparePartitions(a.partition, b.partition) || a.at - b.at);
}

/** Each run's content cuts (contentCuts) from its indexable pages' number and cost. */
export function runCuts(order: Array<{ run: string; size: number; body: boolean }>, budget: number): Map<string, ContentCuts> {
  const sums = new Map<string, { pages: number; cost: number }>();
  for (const o of order) {
    if (!o.body) continue;
    const s = sums.get(o.run) ?? { pages: 0, cost: 0 };
    s.pages++;
    s.cost += o.size + PAGE_BYTES;
    sums.set(o.run, s);
  }
  return new Map([...sums].map(([p, s]) => [p, contentCuts(s.pages, s.cost, budget)]));
}

/** What searching a bundle downloads: its metadata file's bytes and the mean bytes of an index chunk. */
async function bundleSizes(dir: string): Promise<{ meta: number; chunk: number }> {
  const meta = (await readdir(dir)).filter((f) => f.endsWith('.pf_meta'));
  const sizes = async (files: string[], at: string) => Promise.all(files.map(async (f) => (await stat(join(at, f))).size));
  const index = await readdir(join(dir, 'index')).catch(() => [] as string[]);
  const chunks = await sizes(index, join(dir, 'index'));
  return {
    meta: (await sizes(meta, dir)).reduce((a, b) => a + b, 0),
    chunk: chunks.length ? Math.round(chunks.reduce((a, b) => a + b, 0) / chunks.length) : 0,
  };
}

/** A worker thread that builds one shard at a time (search-shard-worker.ts). */
class ShardWorker {
  private readonly worker = new Worker(new URL('./search-shard-worker.ts', import.meta.url));
  build(request: ShardRequest): Promise<ShardReply> {
    return new Promise((ok, fail) => {
      const settle = (reply: ShardReply | Error) => {
        this.worker.off('message', settle).off('error', settle);
        if (reply instanceof Error) fail(reply);
        else if (reply.error) fail(new Error(reply.error));
        else ok(reply);
      };
      this.worker.on('message', settle).on('error', settle);
      this.worker.postMessage(request);
    });
  }
  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/** The shard key's start: the Pagefind version and settings, and the preparation (PREPARATION). */
const KEY_HEADER = `pagefind ${PAGEFIND_VERSION} ${INDEX_LANGUAGE} ${EXCLUDE_SELECTORS.join(',')} icu ${process.versions.icu}\npreparation ${PREPARATION}\n`;

/**
 * Prepared digests by raw page (search-shard-worker.ts: preparedDigest), kept between
 * builds in the build's cache folder: a page whose bytes are those of a page seen before
 * has its part of the shard key without being prepared, so a shard of unchanged pages is
 * recognised on the main thread. Content-addressed (raw SHA-256 → digest) and headed by
 * KEY_HEADER, so an entry holds whatever build wrote it; each build writes the pages it saw.
 */
export const DIGEST_CACHE = 'search-digests.bin';
const DIGEST_BYTES = 16;
async function readDigestCache(dir: string | undefined): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!dir) return out;
  const buf = await readFile(join(dir, DIGEST_CACHE)).catch(() => null);
  const head = Buffer.from(KEY_HEADER);
  if (!buf || buf.length < head.length || !buf.subarray(0, head.length).equals(head)) return out;
  for (let at = head.length; at + 2 * DIGEST_BYTES <= buf.length; at += 2 * DIGEST_BYTES) {
    out.set(buf.toString('hex', at, at + DIGEST_BYTES), buf.toString('hex', at + DIGEST_BYTES, at + 2 * DIGEST_BYTES));
  }
  return out;
}
async function writeDigestCache(dir: string | undefined, entries: Map<string, string>): Promise<void> {
  if (!dir) return;
  // Digests that are not 32 hex digits (pages without a body or that failed) are not kept: those pages are prepared again.
  const kept = [...entries].filter(([, d]) => /^[0-9a-f]{32}$/.test(d)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const head = Buffer.from(KEY_HEADER);
  const buf = Buffer.alloc(head.length + kept.length * 2 * DIGEST_BYTES);
  head.copy(buf);
  kept.forEach(([raw, digest], i) => {
    const at = head.length + i * 2 * DIGEST_BYTES;
    buf.write(raw, at, 'hex');
    buf.write(digest, at + DIGEST_BYTES, 'hex');
  });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${DIGEST_CACHE}.tmp`), buf);
  await rename(join(dir, `${DIGEST_CACHE}.tmp`), join(dir, DIGEST_CACHE));
}
const rawDigest = (raw: Buffer) => createHash('sha256').update(raw).digest('hex').slice(0, 2 * DIGEST_BYTES);

/**
 * What the stage reads of a page, by the file's identity (device, inode, size, modification
 * time in nanoseconds), kept in the build's cache folder: its raw digest, partition, whether
 * its head has a search body, and its cost. A page carried over from the published site is a
 * hard link to the file the previous build read, with the same identity, so it is known
 * without being opened: at the decade the stage read and hashed all 152,000 pages (4.7 GB,
 * ~14 s of its main thread) to find the one that changed. A file written since has another
 * inode or time, and is read. Headed by this module's source and KEY_HEADER, so other code
 * reads every page again.
 */
export const PAGE_CACHE = 'search-pages.json';
interface KnownPage {
  raw: string;
  partition: string;
  size: number;
  body: boolean;
  cost: number | null;
}
const PAGE_CACHE_HEADER = `${KEY_HEADER}search-index ${sourceHash(import.meta.filename)}\n`;
function fileIdentity(file: string): string {
  const st = statSync(file, { bigint: true });
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
}
async function readPageCache(dir: string | undefined): Promise<Map<string, KnownPage>> {
  if (!dir) return new Map();
  const text = await readFile(join(dir, PAGE_CACHE), 'utf8').catch(() => null);
  if (!text) return new Map();
  try {
    const parsed = JSON.parse(text) as { header: string; pages: Record<string, [string, string, number, 0 | 1, number | null]> };
    if (parsed.header !== PAGE_CACHE_HEADER) return new Map();
    return new Map(Object.entries(parsed.pages).map(([id, [raw, partition, size, body, cost]]) => [id, { raw, partition, size, body: body === 1, cost }]));
  } catch {
    return new Map();
  }
}
async function writePageCache(dir: string | undefined, pages: Map<string, KnownPage>): Promise<void> {
  if (!dir) return;
  const entries = Object.fromEntries([...pages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, p]) => [id, [p.raw, p.partition, p.size, p.body ? 1 : 0, p.cost]]));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${PAGE_CACHE}.tmp`), JSON.stringify({ header: PAGE_CACHE_HEADER, pages: entries }));
  await rename(join(dir, `${PAGE_CACHE}.tmp`), join(dir, PAGE_CACHE));
}

/**
 * The previous build's shards by key (from its shards.json), to reuse those that are
 * unchanged, and its term table, to update rather than build again (search-terms.ts).
 */
async function previousShards(site: string | undefined): Promise<{ byKey: Map<string, ShardManifest['shards'][number] & { dir: string }>; table: PreviousTable | null }> {
  const byKey = new Map<string, ShardManifest['shards'][number] & { dir: string }>();
  if (!site) return { byKey, table: null };
  try {
    const m = JSON.parse(await readFile(join(site, 'pagefind', SHARD_MANIFEST), 'utf8')) as ShardManifest;
    const listed = m.shards.filter((s) => s.key && /^pagefind\/(?:s\d+\/)?$/.test(s.path));
    for (const s of listed) byKey.set(s.key, { ...s, dir: join(site, s.path) });
    // A table is updated only from a manifest that lists every shard and the table's size (search-terms.ts).
    const dir = join(site, 'pagefind', TERMS_DIR);
    const { buckets, bytes, keys } = m.terms ?? {};
    const updatable = listed.length === m.shards.length && buckets !== undefined && bytes !== undefined && keys !== undefined && existsSync(dir);
    return { byKey, table: updatable ? { dir, manifest: { buckets, bytes, keys }, shards: listed.map((s) => ({ key: s.key, dir: join(site, s.path) })) } : null };
  } catch {
    // No previous build, or one from before shard keys: every shard is built.
    return { byKey, table: null };
  }
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
      if (top && (/^s\d+$/.test(e.name) || e.name === SHARD_MANIFEST || e.name === LOOKUP_DIR || e.name === TERMS_DIR)) return;
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

export async function buildSearchIndex(outDir: string, opts: { base?: string; budget?: number; workers?: number; previous?: string; cacheDir?: string } = {}): Promise<SearchIndexStats> {
  const t0 = performance.now();
  const outputPath = join(outDir, 'pagefind');
  await rm(outputPath, { recursive: true, force: true });
  const stats: SearchIndexStats = { pages: 0, shards: 0, reused: 0, files: 0, knownFiles: 0, compoundTerms: 0, indexedChars: 0, seconds: 0, pagefindPeakRss: null, lookupBuckets: 0, termKeys: 0, termBuckets: 0 };
  // By shard, so they are reported in page order whichever worker finishes first.
  const problems: string[][] = [];
  // Pagefind numbers pages in the order they are added, and that numbering is in the index
  // files: each worker adds its shard's pages in this order, or two builds of the same site differ.
  const files: string[] = [];
  for await (const file of htmlFiles(outDir, outputPath)) files.push(file);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  stats.files = files.length;
  const base = opts.base ?? '/';
  // Shard 0 is the bundle at pagefind/ itself, so a single-shard site looks as before.
  const shardDir = (k: number) => (k === 0 ? outputPath : join(outDir, `pagefind.s${k}.tmp`));

  // SEARCH_SHARDS=n asks for about n shards instead (tests use it to exercise the merging
  // on the small sample); that needs the total, so only then are the files read twice.
  const knownPages = await readPageCache(opts.cacheDir);
  const identities = new Map(files.map((f) => [f, fileIdentity(f)]));
  // The pages known from the previous build, by file (looked up once by identity).
  const known = new Map<string, KnownPage>();
  for (const [f, id] of identities) {
    const page = knownPages.get(id);
    if (page) known.set(f, page);
  }
  stats.knownFiles = known.size;
  let budget = opts.budget ?? SHARD_BUDGET;
  const wanted = SEARCH_SHARDS;
  if (!opts.budget && wanted) {
    let total = 0;
    for await (const [, , cost] of indexable(files, known)) total += cost ?? 0;
    budget = Math.max(1, Math.ceil(total / wanted));
  }
  const order = await partitioned(outDir, files, known);
  // What this build read of each page, by identity, for the next one (PAGE_CACHE).
  const pagesNow = new Map<string, KnownPage>();
  const cuts = runCuts(order, budget);
  const cutter = new ShardCutter(budget, (p) => cuts.get(p) ?? null);
  const digests = await readDigestCache(opts.cacheDir);
  // The digests of this build's pages, for the next one.
  const seen = new Map<string, string>();
  const idle = Array.from({ length: Math.max(1, opts.workers ?? WORKERS) }, () => new ShardWorker());
  const pool = [...idle];
  const building = new Set<Promise<void>>();
  const { byKey: previous, table: previousTable } = await previousShards(opts.previous);
  const shards: ShardManifest['shards'] = [];
  // One shard's files are held until it is complete. When every page's digest is known from
  // the cache, its key is known before any work, and a shard whose key is in the previous
  // build is linked from there; otherwise a worker prepares its pages and says whether it is.
  let held: ShardRequest['pages'] = [];
  let heldRaw: string[] = [];
  let heldPartition = '';
  // Each shard's pages' metadata, for the lookup table and the filter counts.
  const facets: PageFacets[][] = [];
  const built = new Set<number>();
  // The term table takes each shard's keys as soon as the shard is written or reused: done
  // after the last shard, reading 49 shards' keys held one core for about a minute of the
  // decade build while the other had nothing to do (--cpu-prof, 2026-12-06).
  // With a previous table that can be updated (search-terms.ts: writeTermTable), the shards'
  // keys are read only where they changed, at the end.
  const table = termTableBuilder();
  const fed = previousTable === null;
  let tabled: Promise<void> = Promise.resolve();
  const toTable = (k: number) => {
    if (!fed) return;
    tabled = tabled.then(async () => table.add(k, await shardCompounds(shardDir(k))));
    // Awaited after the last shard; a failure must not go unhandled meanwhile.
    tabled.catch(() => undefined);
  };
  /** Takes the previous build's shard `k` over, with its pages' metadata; false if it cannot. */
  const reuse = async (k: number, entry: ShardManifest['shards'][number], before: ShardManifest['shards'][number] & { dir: string }): Promise<boolean> => {
    if (!(await copyShard(before.dir, shardDir(k)))) return false;
    const kept = await readFile(join(shardDir(k), SHARD_FACETS)).then((b) => JSON.parse(gunzipSync(b).toString('utf8')) as PageFacets[]).catch(() => null);
    if (!kept) {
      // A shard from a build before the facets file: built again.
      await rm(shardDir(k), { recursive: true, force: true });
      return false;
    }
    // The bundle is the previous one, so are its sizes (measured by the build that made it;
    // a manifest from before them leaves them unset, and they are measured below).
    Object.assign(entry, { pages: before.pages, terms: before.terms, chars: before.chars, meta: before.meta, chunk: before.chunk });
    facets[k] = kept;
    stats.reused++;
    toTable(k);
    return true;
  };
  const flush = async () => {
    const k = shards.length;
    const entry = { path: k === 0 ? 'pagefind/' : `pagefind/s${k}/`, pages: 0, key: '', terms: 0, chars: 0, partition: heldPartition };
    shards.push(entry);
    const pages = held;
    const raws = heldRaw;
    held = [];
    heldRaw = [];
    const known = raws.map((r) => digests.get(r));
    if (known.every((d): d is string => d !== undefined)) {
      entry.key = shardKeyOf(KEY_HEADER, pages.map((p) => p.url), known);
      raws.forEach((r, i) => seen.set(r, known[i]!));
      const before = previous.get(entry.key);
      if (before && (await reuse(k, entry, before))) return;
    }
    // The first worker to be free; a shard's output does not depend on which one builds it.
    while (!idle.length) await Promise.race(building);
    const w = idle.pop()!;
    const request: ShardRequest = {
      pages: pages.map((p, i) => (known[i] === undefined ? p : { ...p, digest: known[i] })),
      outputPath: shardDir(k),
      language: INDEX_LANGUAGE,
      excludeSelectors: EXCLUDE_SELECTORS,
      keyHeader: KEY_HEADER,
      reusable: !entry.key && previous.size ? [...previous.keys()] : null,
    };
    const job = w.build(request).then(async (first) => {
      let r = first;
      entry.key = r.key;
      raws.forEach((raw, i) => seen.set(raw, r.digests[i]!));
      if (r.reused) {
        if (await reuse(k, entry, previous.get(r.key)!)) return;
        r = await w.build({ ...request, reusable: null });
      }
      Object.assign(entry, { pages: r.pages, terms: r.terms, chars: r.chars });
      facets[k] = r.facets;
      built.add(k);
      toTable(k);
      problems[k] = r.problems.map((p) => `${relative(outDir, p.file)}: ${p.error}`);
      if (r.peakRss) stats.pagefindPeakRss = Math.max(stats.pagefindPeakRss ?? 0, r.peakRss);
    }).finally(() => {
      building.delete(job);
      idle.push(w);
    });
    building.add(job);
    // Awaited later; a failure must not go unhandled meanwhile.
    job.catch(() => undefined);
  };
  try {
    const ofFile = new Map(order.map((o) => [o.file, o]));
    for await (const [file, raw, cost] of indexable(order.map((o) => o.file), known)) {
      const { partition, run, size, body } = ofFile.get(file)!;
      pagesNow.set(identities.get(file)!, { raw: raw ?? '', partition, size, body, cost });
      if (raw === null || cost === null) continue;
      const url = pageUrl(outDir, file, base);
      // A shard holds one run (cutRun): the cutter cuts where the run changes, as at a partition.
      if (cutter.next(cost, run, url) && held.length) await flush();
      heldPartition = partition;
      held.push({ file, url });
      heldRaw.push(raw);
    }
    // No indexable page: still an (empty) bundle, so the search page loads and says so.
    if (held.length || shards.length === 0) await flush();
    await Promise.all(building);
    await tabled;
  } finally {
    await Promise.all(pool.map((w) => w.close()));
  }
  for (const s of shards) {
    stats.pages += s.pages;
    stats.compoundTerms += s.terms;
    stats.indexedChars += s.chars;
  }
  stats.shards = shards.length;
  for (let k = 0; k < shards.length; k++) await Promise.all(UNUSED.map((f) => rm(join(shardDir(k), f), { force: true })));
  for (let k = 0; k < shards.length; k++) if (shards[k]!.meta === undefined || shards[k]!.chunk === undefined) Object.assign(shards[k]!, await bundleSizes(shardDir(k)));
  await mkdir(outputPath, { recursive: true });
  for (const k of built) await writeFile(join(shardDir(k), SHARD_FACETS), gzipSync(JSON.stringify(facets[k])));
  await writeDigestCache(opts.cacheDir, seen);
  await writePageCache(opts.cacheDir, pagesNow);
  // The term table, from every shard's keys (kept in each shard's folder by the worker, or
  // by the build that made a reused shard; read back from its index when missing), or
  // updated from the previous build's where only some shards changed.
  const terms = await writeTermTable(outputPath, shards.map((s, k) => ({ key: s.key, dir: shardDir(k) })), previousTable, table, fed);
  stats.termKeys = terms.manifest.keys;
  stats.termBuckets = terms.files;
  for (let k = 1; k < shards.length; k++) await rename(shardDir(k), join(outputPath, `s${k}`));
  const all = facets.flat();
  const lookup = buildLookup(all);
  await mkdir(join(outputPath, LOOKUP_DIR), { recursive: true });
  for (const [name, bucket] of lookup.files) await writeFile(join(outputPath, LOOKUP_DIR, `${name}.json`), JSON.stringify(bucket));
  stats.lookupBuckets = lookup.files.size;
  await writeFile(join(outputPath, SHARD_MANIFEST), JSON.stringify({ version: 2, shards, filters: filterCounts(all), lookup: lookup.manifest, terms: terms.manifest } satisfies ShardManifest) + '\n');
  // A page that fails to prepare or that Pagefind rejects is reported but does not stop the others being searchable.
  for (const p of problems.flat()) console.warn(`search index: ${p}`);
  stats.seconds = (performance.now() - t0) / 1000;
  const mib = stats.pagefindPeakRss ? `${(stats.pagefindPeakRss / 2 ** 20).toFixed(0)} MiB peak` : 'peak n/a';
  console.log(`search index: ${stats.pages} pages of ${stats.files} HTML files (${stats.knownFiles} known from the previous build by file identity, not read) in ${stats.shards} shard(s) (${stats.reused} unchanged, reused) by year ${[...new Set(shards.map((x) => x.partition))].join(' ')}, ${stats.indexedChars} chars, ${stats.compoundTerms} compound terms, lookup ${stats.lookupBuckets} files, term table ${stats.termKeys} compounds in ${stats.termBuckets} files (${terms.updated ? 'updated from the previous build' : 'built whole'}), ${stats.seconds.toFixed(1)} s, pagefind ${mib}`);
  return stats;
}

/** Pages per filter value (a page counts once per value it has), as Pagefind counts them. */
export function filterCounts(pages: PageFacets[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const p of pages) {
    for (const [name, values] of Object.entries(p.filters)) {
      const o = (out[name] ??= {});
      for (const v of new Set(values)) if (v) o[v] = (o[v] ?? 0) + 1;
    }
  }
  return out;
}
