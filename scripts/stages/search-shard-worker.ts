/**
 * One search shard at a time, in a worker thread of the search stage (search-index.ts).
 * Each worker loads its own copy of the pagefind module, so it drives its own Pagefind
 * process: two workers prepare and index two shards at once on two cores. A request names
 * the shard's pages; the worker reads and prepares each itself (so the main thread does
 * no costly work), adds them in the order given, writes the bundle, stops Pagefind and
 * replies with what it indexed.
 *
 * The shard's key is what Pagefind is given: each page's URL and the digest of its prepared
 * copy (preparedDigest), not its raw HTML, so a page whose links to other years' sheets
 * changed while its indexed text did not (every sheet of a lineage when a new year joins it)
 * leaves its shard's key alone. When the request names the previous build's keys
 * (`reusable`), the pages whose digest the stage does not know are prepared first and, if
 * the key is among them, the worker replies `reused` without starting Pagefind: the stage
 * links that shard from the previous build instead. Otherwise the shard is indexed as
 * usual, the pages prepared first taken as they are.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import * as pagefind from 'pagefind';
import { prepareForIndex, type PreparedPage } from '../../src/lib/search/index-html.ts';
import { keepBundleCompounds } from './search-terms.ts';

export interface ShardRequest {
  /**
   * In sorted path order: Pagefind numbers pages in the order they are added. `digest`: the
   * page's prepared digest when the stage knows it already (its raw bytes were seen before).
   */
  pages: Array<{ file: string; url: string; digest?: string }>;
  outputPath: string;
  language: string;
  excludeSelectors: string[];
  /** Start of the shard key: the Pagefind version and settings, and the preparation (search-index.ts). */
  keyHeader: string;
  /** Keys of the previous build's shards, to answer `reused` for; null: build without asking. */
  reusable: string[] | null;
}
export interface PageFacets {
  url: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}
export interface ShardReply {
  /** Pages Pagefind took. */
  pages: number;
  /** Each indexed page's URL, metadata and filter values (for the lookup table and the filter counts). */
  facets: PageFacets[];
  /** Compound terms and characters of indexed body text of the prepared pages. */
  terms: number;
  chars: number;
  /** Keys this shard gives the term table (src/lib/search/term-shards.ts). */
  compounds: number;
  /** Pages that failed to prepare or that Pagefind rejected; the others are indexed. */
  problems: Array<{ file: string; error: string }>;
  peakRss: number | null;
  /** The shard itself could not be built. */
  error: string | null;
  /** The shard's key (shardKeyOf), and each page's prepared digest in request order. */
  key: string;
  digests: string[];
  /** The key is among the request's `reusable`: nothing was indexed or written. */
  reused: boolean;
}

/** Digest of what Pagefind is given for a page, and of the facets taken from it: 32 hex digits. */
export function preparedDigest(p: PreparedPage | null): string {
  if (!p) return 'none';
  return createHash('sha256').update(p.html).update('\0').update(JSON.stringify(p.meta)).update('\0').update(JSON.stringify(p.filters)).digest('hex').slice(0, 32);
}
/** A page that failed to prepare: its key part names the failure, so a fixed page changes the key. */
const failedDigest = (error: string) => `error ${createHash('sha256').update(error).digest('hex').slice(0, 16)}`;

/** A shard's key from its pages' URLs and prepared digests, in order (shared with search-index.ts's reuse test). */
export function shardKeyOf(header: string, urls: string[], digests: string[]): string {
  const h = createHash('sha256').update(header);
  urls.forEach((u, i) => h.update(`${u}\0${digests[i]}\n`));
  return h.digest('hex');
}

/** VmHWM (peak RSS) of this process's pagefind children. Linux only; null elsewhere. */
export async function pagefindPeakRss(): Promise<number | null> {
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

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Prepared = { ok: PreparedPage | null } | { error: string };
async function prepare(file: string): Promise<Prepared> {
  try {
    return { ok: prepareForIndex(await readFile(file, 'utf8')) };
  } catch (e) {
    return { error: message(e) };
  }
}
const digestOf = (p: Prepared) => ('error' in p ? failedDigest(p.error) : preparedDigest(p.ok));

async function buildShard(req: ShardRequest): Promise<ShardReply> {
  const reply: ShardReply = { pages: 0, facets: [], terms: 0, chars: 0, compounds: 0, problems: [], peakRss: null, error: null, key: '', digests: [], reused: false };
  const urls = req.pages.map((p) => p.url);
  // With keys to compare against, the pages of unknown digest are prepared before anything
  // is indexed (at most a shard's worth of prepared text, tens of MB); every other page is
  // prepared while Pagefind takes the one before.
  const early = new Map<number, Prepared>();
  if (req.reusable) {
    const digests: string[] = [];
    for (const [i, { file, digest }] of req.pages.entries()) {
      if (digest !== undefined) digests.push(digest);
      else {
        const p = await prepare(file);
        early.set(i, p);
        digests.push(digestOf(p));
      }
    }
    const key = shardKeyOf(req.keyHeader, urls, digests);
    if (req.reusable.includes(key)) return { ...reply, key, digests, reused: true };
  }
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: req.language, excludeSelectors: req.excludeSelectors });
    if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
    // One page in Pagefind at a time, so they are numbered in order; the next page is
    // prepared meanwhile, so this thread and the Pagefind process work at once.
    let adding = Promise.resolve();
    const digests: string[] = [];
    for (const [i, { file, url }] of req.pages.entries()) {
      const p = early.get(i) ?? (await prepare(file));
      early.delete(i);
      digests.push(digestOf(p));
      if ('error' in p) {
        reply.problems.push({ file, error: p.error });
        continue;
      }
      const prepared = p.ok;
      if (!prepared) continue;
      reply.terms += prepared.terms;
      reply.facets.push({ url, meta: prepared.meta, filters: prepared.filters });
      reply.chars += prepared.chars;
      await adding;
      adding = index.addHTMLFile({ url, content: prepared.html }).then(
        (r) => (r.errors.length ? reply.problems.push({ file, error: r.errors.join('; ') }) : reply.pages++),
        (e: unknown) => reply.problems.push({ file, error: message(e) }),
      ).then(() => undefined);
    }
    await adding;
    // From what was indexed, as a cold build computes it.
    reply.digests = digests;
    reply.key = shardKeyOf(req.keyHeader, urls, digests);
    const written = await index.writeFiles({ outputPath: req.outputPath });
    if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
    // The term table's share of this shard, read back from what Pagefind wrote (search-terms.ts).
    reply.compounds = (await keepBundleCompounds(req.outputPath)).length;
    reply.peakRss = await pagefindPeakRss();
  } catch (e) {
    reply.error = message(e);
  } finally {
    // A fresh Pagefind process per shard: its memory is returned before the next one starts.
    await pagefind.close();
  }
  return reply;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: ShardRequest) => void buildShard(req).then((reply) => port.postMessage(reply)));
}
