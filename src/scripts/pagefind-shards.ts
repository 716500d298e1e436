/**
 * The site's search index as one object, over however many Pagefind bundles (shards) the
 * build wrote (`pagefind/shards.json`, see scripts/stages/search-index.ts). The bundles
 * are merged into one Pagefind instance with its own `mergeIndex` (separate instances
 * from `createInstance` share one wasm module in Pagefind 1.6 and crash it — "unreachable",
 * "memory access out of bounds" — in about half of page loads; merged indexes do not).
 * Pagefind merges relevance results by score and sums filter counts itself. Sorted
 * results it interleaves by rank, so each shard is tagged with a synthetic filter
 * (SHARD_FILTER, `mergeFilter`) and asked on its own; shard-merge.ts merges those lists by
 * the sort key. A site without the manifest behaves as a single Pagefind bundle.
 */
import type { Counts } from './shard-merge.ts';

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
  filters(): Promise<Counts>;
  /** One merged answer: results in relevance order across shards, counts summed. */
  search(term: string | null, o?: { filters?: Record<string, unknown> }): Promise<PagefindResponse | null>;
  /** Each shard's own answer (e.g. each shard's results in its sort order). */
  searchEach(term: string | null, o?: { filters?: Record<string, unknown>; sort?: unknown }): Promise<PagefindResponse[] | null>;
}

const OPTIONS = { excerptLength: 40, ranking: { metaWeights: { title: 5, ids: 10, terms: 1 } } };

/** The synthetic filter naming a result's shard (never shown: the page lists only its own filters). */
export const SHARD_FILTER = '_shard';

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
  for (const [k, p] of paths.entries()) if (k > 0) await pf.mergeIndex(`${root}${p}`, { ...OPTIONS, mergeFilter: { [SHARD_FILTER]: String(k) } });
  await pf.init();
  const allFilters = withoutShard(await pf.filters());
  const search = async (term: string | null, o?: { filters?: Record<string, unknown>; sort?: unknown }) => {
    const r = await pf.search(term, o);
    return r && { ...r, filters: withoutShard(r.filters), totalFilters: withoutShard(r.totalFilters) };
  };
  return {
    shards: paths.length,
    filters: async () => allFilters,
    search,
    searchEach: async (term, o) => {
      if (single) {
        const r = await search(term, o);
        return r && [r];
      }
      const all = await Promise.all(paths.map((_, k) => search(term, { ...o, filters: { ...(o?.filters ?? {}), [SHARD_FILTER]: String(k) } })));
      return all.some((r) => r === null) ? null : (all as PagefindResponse[]);
    },
  };
}
