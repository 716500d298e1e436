/**
 * The site's search index as one object, over however many Pagefind bundles (shards) the
 * build wrote (`pagefind/shards.json`, see scripts/stages/search-index.ts). The bundles
 * are merged into one Pagefind instance with its own `mergeIndex` (separate instances
 * from `createInstance` share one wasm module in Pagefind 1.6 and crash it — "unreachable",
 * "memory access out of bounds" — in about half of page loads; merged indexes do not).
 * Pagefind merges relevance results by score and sums filter counts itself. Sorted
 * results it interleaves by rank, so callers that need each shard's own list (searchEach)
 * get it from one sorted search whose scores carry the shard (shard-merge.ts: shardWeight).
 *
 * Not by asking each shard on its own through a filter: the merged instance runs every
 * search in every bundle, so that is shards² bundle searches, and each costs more the
 * more filters are loaded. Measured on a ten-year synthetic corpus (34 shards, headless
 * Chromium): 12.9 s for one term that way, and a sorted query took 32.6 s in all. The
 * filter (SHARD_FILTER, `mergeFilter`) stays as the fallback for scores without labels.
 * A site without the manifest behaves as a single Pagefind bundle.
 */
import { MAX_LABELLED, shardWeight, splitByShard, type Counts, type ShardLists } from './shard-merge.ts';

export interface PagefindResultData {
  url: string;
  excerpt: string;
  content?: string;
  meta: Record<string, string | undefined>;
}
export interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<PagefindResultData>;
}
export interface PagefindResponse {
  results: PagefindResult[];
  unfilteredResultCount: number;
  filters: Counts;
  totalFilters: Counts;
}
interface PagefindModule {
  options(o: Record<string, unknown>): Promise<void>;
  mergeIndex(path: string, o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  filters(): Promise<Counts>;
  search(term: string | null, o?: { filters?: Record<string, unknown>; sort?: unknown }): Promise<PagefindResponse | null>;
}

export interface ShardedIndex {
  shards: number;
  /**
   * How the last searchEach got each shard's list: from the one bundle, from one search by
   * its labelled scores, or by one search per shard (the slow fallback). The search page
   * shows it on its form (`data-shard-lists`), so the browser tests see which ran.
   */
  readonly lastEach: 'single' | 'labels' | 'filters' | null;
  filters(): Promise<Counts>;
  /**
   * One merged answer: results in relevance order across shards, counts summed. `shards`
   * limits it to those shards (e.g. the ones that hold every word of the query).
   */
  search(term: string | null, o?: SearchOptions): Promise<PagefindResponse | null>;
  /**
   * Each shard's own results, in its sort order (`sort`), or else in page order (PROBE_SORT):
   * for questions about each shard, such as whether it holds a term at all. A few results
   * may come `unplaced`, their shard unknown (shard-merge.ts: splitByShard).
   */
  searchEach(term: string | null, o?: SearchOptions & { sort?: Record<string, 'asc' | 'desc'> }): Promise<ShardLists<PagefindResult> | null>;
}

export interface SearchOptions {
  filters?: Record<string, unknown>;
  /** Only these shards (by number); all when left out. */
  shards?: number[];
}

const OPTIONS = { excerptLength: 40, ranking: { metaWeights: { title: 5, ids: 10, terms: 1 } } };

/** The synthetic filter naming a result's shard (never shown: the page lists only its own filters). */
export const SHARD_FILTER = '_shard';
/** A sort key every indexed page has (SearchMeta.astro), so that a sorted search leaves out no page. */
export const PROBE_SORT = 'page';

function withoutShard(c: Counts): Counts {
  return Object.fromEntries(Object.entries(c ?? {}).filter(([k]) => k !== SHARD_FILTER));
}

export async function openIndex(root: string): Promise<ShardedIndex> {
  // Resolved at run time from the site's own /pagefind/ folder; never bundled, never external.
  const pf = (await import(/* @vite-ignore */ `${root}pagefind/pagefind.js`)) as PagefindModule;
  let paths = ['pagefind/'];
  try {
    const r = await fetch(`${root}pagefind/shards.json`);
    if (r.ok) {
      const m = (await r.json()) as { shards?: Array<{ path?: unknown }> };
      const listed = (m.shards ?? []).map((s) => s.path).filter((p): p is string => typeof p === 'string' && /^pagefind\/(?:s\d+\/)?$/.test(p));
      if (listed[0] === 'pagefind/') paths = listed;
    }
  } catch {
    // No manifest (an older build): the single bundle at pagefind/.
  }
  const single = paths.length === 1;
  await pf.options(single ? OPTIONS : { ...OPTIONS, mergeFilter: { [SHARD_FILTER]: '0' } });
  for (const [k, p] of paths.entries()) if (k > 0) await pf.mergeIndex(`${root}${p}`, { ...OPTIONS, mergeFilter: { [SHARD_FILTER]: String(k) }, indexWeight: shardWeight(k) });
  await pf.init();
  const allFilters = withoutShard(await pf.filters());
  const pfSearch = async (term: string | null, o?: { filters?: Record<string, unknown>; sort?: unknown }) => {
    const r = await pf.search(term, o);
    return r && { ...r, filters: withoutShard(r.filters), totalFilters: withoutShard(r.totalFilters) };
  };
  // A shard limit is the synthetic shard filter (needless when it names every shard).
  const limited = (o: SearchOptions | undefined) => {
    const only = o?.shards;
    if (single || !only || only.length >= paths.length) return o?.filters;
    // No shard: a value no page has, so nothing is found.
    if (only.length === 0) return { ...(o?.filters ?? {}), [SHARD_FILTER]: 'none' };
    return { ...(o?.filters ?? {}), [SHARD_FILTER]: { any: only.map(String) } };
  };
  const search = (term: string | null, o?: SearchOptions & { sort?: unknown }) => pfSearch(term, { filters: limited(o), sort: o?.sort });
  let lastEach: ShardedIndex['lastEach'] = null;
  return {
    shards: paths.length,
    get lastEach() {
      return lastEach;
    },
    filters: async () => allFilters,
    search,
    searchEach: async (term, o) => {
      if (single) {
        lastEach = 'single';
        const r = await search(term, o);
        return r && { lists: [r.results], unplaced: [] };
      }
      if (paths.length <= MAX_LABELLED) {
        const r = await search(term, { ...o, sort: o?.sort ?? { [PROBE_SORT]: 'asc' } });
        if (!r) return null;
        const lists = splitByShard(r.results, paths.length);
        lastEach = lists ? 'labels' : 'filters';
        if (lists) return lists;
      }
      lastEach = 'filters';
      const wanted = new Set(o?.shards ?? paths.map((_, k) => k));
      const all = await Promise.all(paths.map((_, k) => (wanted.has(k) ? pfSearch(term, { filters: { ...(o?.filters ?? {}), [SHARD_FILTER]: String(k) }, sort: o?.sort }) : { results: [] })));
      return all.some((r) => r === null) ? null : { lists: all.map((r) => r!.results), unplaced: [] };
    },
  };
}
