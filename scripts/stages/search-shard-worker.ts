/**
 * One search shard at a time, in a worker thread of the search stage (search-index.ts).
 * Each worker loads its own copy of the pagefind module, so it drives its own Pagefind
 * process: two workers prepare and index two shards at once on two cores. A request names
 * the shard's pages; the worker reads and prepares each itself (so the main thread does
 * no costly work), adds them in the order given, writes the bundle, stops Pagefind and
 * replies with what it indexed.
 */
import { readdir, readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import * as pagefind from 'pagefind';
import { prepareForIndex } from '../../src/lib/search/index-html.ts';
import { keepBundleCompounds } from './search-terms.ts';

export interface ShardRequest {
  /** In sorted path order: Pagefind numbers pages in the order they are added. */
  pages: Array<{ file: string; url: string }>;
  outputPath: string;
  language: string;
  excludeSelectors: string[];
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

async function buildShard(req: ShardRequest): Promise<ShardReply> {
  const reply: ShardReply = { pages: 0, facets: [], terms: 0, chars: 0, compounds: 0, problems: [], peakRss: null, error: null };
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: req.language, excludeSelectors: req.excludeSelectors });
    if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
    // One page in Pagefind at a time, so they are numbered in order; the next page is
    // prepared meanwhile, so this thread and the Pagefind process work at once.
    let adding = Promise.resolve();
    for (const { file, url } of req.pages) {
      let html: string;
      try {
        const prepared = prepareForIndex(await readFile(file, 'utf8'));
        if (!prepared) continue;
        reply.terms += prepared.terms;
        reply.facets.push({ url, meta: prepared.meta, filters: prepared.filters });
        reply.chars += prepared.chars;
        html = prepared.html;
      } catch (e) {
        reply.problems.push({ file, error: message(e) });
        continue;
      }
      await adding;
      adding = index.addHTMLFile({ url, content: html }).then(
        (r) => (r.errors.length ? reply.problems.push({ file, error: r.errors.join('; ') }) : reply.pages++),
        (e: unknown) => reply.problems.push({ file, error: message(e) }),
      ).then(() => undefined);
    }
    await adding;
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
