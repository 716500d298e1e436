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
 *
 * Shards are merged lazily: only shard 0 (Pagefind's primary bundle) is loaded when the
 * index opens, and each other shard when a search first names it — into one of two
 * instances, the newest year's or the other years' (openIndex). Shards are cut by review
 * year (the manifest's `partition`), so a query limited to some years never downloads the
 * other years' bundles (search-plan.ts decides which shards a query needs). The filter
 * counts shown before any search come from the manifest, not from every shard's filter files.
 */
import { MAX_LABELLED, mergeByScore, mergeCounts, shardWeight, splitByShard, type Counts, type ShardLists } from './shard-merge.ts';
import { shardSteps, type ShardCost } from './search-plan.ts';

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
  /** Each shard's partition (IndexManifest). */
  partitions: string[];
  /** Starts loading these shards' bundles, for a search about to need them. */
  prepare(shards: number[]): Promise<void>;
  /** Loads the filter files of these shards (all when left out), so the next search's counts are complete. */
  loadFilterCounts(shards?: number[]): Promise<void>;
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

/**
 * `noWorker`: Pagefind 1.6 runs searches in a web worker by default, which costs a first
 * query a second script (pagefind-worker.js, 43 KB), a thread started and the wasm compiled
 * there, and a message round trip per call; our searches are short (a few index chunks per
 * shard) and the page is waiting on them anyway, so they run on the page's own thread.
 * `pageLength` 0.5 (Pagefind's default 0.75): a page's length, to Pagefind, counts its
 * compound terms (index-html.ts), hundreds on a sheet and a few dozen on a measure or a
 * recipient, so the default let a short measure page that lists a project outrank the
 * project whose title holds the words (洋上風力 on the sample, once explanatory notes left
 * the index and the average page got shorter).
 */
const OPTIONS = { excerptLength: 40, ranking: { metaWeights: { title: 5, ids: 10, terms: 1 }, pageLength: 0.5 }, noWorker: true };

/** The synthetic filter naming a result's shard (never shown: the page lists only its own filters). */
export const SHARD_FILTER = '_shard';
/** A sort key every indexed page has (SearchMeta.astro), so that a sorted search leaves out no page. */
export const PROBE_SORT = 'page';

function withoutShard(c: Counts): Counts {
  return Object.fromEntries(Object.entries(c ?? {}).filter(([k]) => k !== SHARD_FILTER));
}

/** What the build's manifest (`pagefind/shards.json`, scripts/stages/search-index.ts) tells the page. */
export interface IndexManifest {
  paths: string[];
  /** Each shard's partition (src/lib/search/partitions.ts); newest first, `all` last. */
  partitions: string[];
  /** Filter counts over the whole index (null for a build without them: then asked of Pagefind). */
  filters: Counts | null;
  /** Bucket count of the exact-lookup table (src/lib/search/lookup.ts), or null. */
  lookupBuckets: number | null;
  /** Bucket count of the term table (src/lib/search/term-shards.ts), or null (a build without it). */
  termBuckets: number | null;
  /** What searching each shard downloads (null where the build did not say: search-plan.ts, firstReach). */
  costs: Array<ShardCost | null>;
}

export async function readManifest(root: string): Promise<IndexManifest> {
  const single: IndexManifest = { paths: ['pagefind/'], partitions: ['all'], filters: null, lookupBuckets: null, termBuckets: null, costs: [null] };
  try {
    const r = await fetch(`${root}pagefind/shards.json`);
    if (!r.ok) return single;
    const m = (await r.json()) as { shards?: Array<{ path?: unknown; partition?: unknown; meta?: unknown; chunk?: unknown }>; filters?: Counts; lookup?: { buckets?: unknown }; terms?: { buckets?: unknown } };
    const listed = (m.shards ?? []).filter((s): s is { path: string; partition?: unknown; meta?: unknown; chunk?: unknown } => typeof s.path === 'string' && /^pagefind\/(?:s\d+\/)?$/.test(s.path));
    if (listed[0]?.path !== 'pagefind/') return single;
    const buckets = Number(m.lookup?.buckets);
    const termBuckets = Number(m.terms?.buckets);
    const power = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
    return {
      paths: listed.map((s) => s.path),
      partitions: listed.map((s) => (typeof s.partition === 'string' ? s.partition : 'all')),
      filters: m.filters && typeof m.filters === 'object' ? m.filters : null,
      lookupBuckets: power(buckets) ? buckets : null,
      termBuckets: power(termBuckets) ? termBuckets : null,
      costs: listed.map((s) => (typeof s.meta === 'number' && typeof s.chunk === 'number' && s.meta >= 0 && s.chunk >= 0 ? { meta: s.meta, chunk: s.chunk } : null)),
    };
  } catch {
    // No manifest (an older build): the single bundle at pagefind/.
    return single;
  }
}

let imported: Promise<PagefindModule> | null = null;
/**
 * Pagefind's script, loaded once: the search page starts it as soon as a query in its URL
 * may need the full text, before knowing whether the lookup answers it (the script alone;
 * the index is loaded by openIndex). Resolved at run time from the site's own /pagefind/
 * folder; never bundled, never external.
 */
export function importPagefind(root: string): Promise<PagefindModule> {
  imported ??= import(/* @vite-ignore */ `${root}pagefind/pagefind.js`) as Promise<PagefindModule>;
  return imported;
}

/**
 * Opens the index. Only the primary bundle of each lane is loaded here; every other shard is
 * merged the first time a search needs it (`shards`), so a query limited to some years
 * loads those years' bundles and no others.
 *
 * Two lanes, each its own Pagefind: the newest year's shards (the first step of an
 * unlimited search, search-plan.ts) and all the others. In one merged instance, a search
 * limited to the newest year by the shard filter still loaded the term's index chunk from
 * every bundle merged before — so once one query had searched every year, each later
 * query paid for every year before its first results (decade, warm: p95 2.9 s, up to
 * 28 MB; search-bench, 2026-12-06). The second lane is a second copy of Pagefind's script,
 * the one in its first shard's folder (each bundle carries one), so nothing is shared with
 * the first: two `createInstance`s of one script share a wasm module and crash it (above).
 */
export async function openIndex(root: string, manifest?: IndexManifest | Promise<IndexManifest>): Promise<ShardedIndex> {
  // The script is imported while the manifest is still on its way.
  const script = importPagefind(root);
  const m = await (manifest ?? readManifest(root));
  const every = m.paths.map((_, k) => k);
  const steps = shardSteps(m.partitions, []);
  const first = steps.length > 1 ? steps[0]! : every;
  if (first.length === every.length || !first.includes(0)) return openLane(root, m, every, script);
  const rest = every.filter((k) => !first.includes(k));
  const newest = openLane(root, m, first, script);
  // The other lane is opened by the first search that needs one of its shards.
  let older: Promise<ShardedIndex> | null = null;
  const olderLane = () => (older ??= openLane(root, m, rest, import(/* @vite-ignore */ `${root}${m.paths[rest[0]!]}pagefind.js`) as Promise<PagefindModule>));
  return combineLanes(m, [
    { members: new Set(first), open: () => newest },
    { members: new Set(rest), open: olderLane },
  ]);
}

interface Lane {
  members: Set<number>;
  open(): Promise<ShardedIndex>;
}

/** The lanes as one index over the site's shard numbers: each call goes to the lanes holding the shards it names. */
function combineLanes(m: IndexManifest, lanes: Lane[]): ShardedIndex {
  const every = m.paths.map((_, k) => k);
  const split = (only: number[] | undefined) =>
    lanes.map((l) => ({ lane: l, only: (only ?? every).filter((k) => l.members.has(k)) })).filter((x) => x.only.length > 0);
  let lastEach: ShardedIndex['lastEach'] = null;
  let allFilters: Counts | null = m.filters;
  const search = async (term: string | null, o?: SearchOptions & { sort?: unknown }): Promise<PagefindResponse | null> => {
    const parts = split(o?.shards);
    // No shard: nothing is found, and no lane need be asked.
    if (parts.length === 0) return { results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {} };
    const answers = await Promise.all(parts.map(async (x) => (await x.lane.open()).search(term, { ...o, shards: x.only })));
    if (answers.some((a) => a === null)) return null;
    const all = answers as PagefindResponse[];
    if (all.length === 1) return all[0]!;
    // As Pagefind merges its bundles: by score (sorted searches are split by their labels, searchEach).
    return {
      results: mergeByScore(all.map((a) => a.results)),
      unfilteredResultCount: all.reduce((n, a) => n + a.unfilteredResultCount, 0),
      filters: mergeCounts(all.map((a) => a.filters)),
      totalFilters: mergeCounts(all.map((a) => a.totalFilters)),
    };
  };
  return {
    shards: m.paths.length,
    partitions: m.partitions,
    get lastEach() {
      return lastEach;
    },
    filters: async () => (allFilters ??= mergeCounts(await Promise.all(lanes.map(async (l) => (await l.open()).filters())))),
    prepare: async (only) => {
      await Promise.all(split(only).map(async (x) => (await x.lane.open()).prepare(x.only)));
    },
    loadFilterCounts: async (only) => {
      await Promise.all(split(only).map(async (x) => (await x.lane.open()).loadFilterCounts(x.only)));
    },
    search,
    searchEach: async (term, o) => {
      const parts = split(o?.shards);
      const answers = await Promise.all(parts.map(async (x) => {
        const index = await x.lane.open();
        const r = await index.searchEach(term, { ...o, shards: x.only });
        return { r, how: index.lastEach };
      }));
      if (answers.some((a) => a.r === null)) return null;
      lastEach = answers.some((a) => a.how === 'filters') ? 'filters' : (answers[0]?.how ?? null);
      const lists: PagefindResult[][] = every.map(() => []);
      const unplaced: PagefindResult[] = [];
      for (const { r } of answers) {
        r!.lists.forEach((l, k) => lists[k]!.push(...l));
        unplaced.push(...r!.unplaced);
      }
      return { lists, unplaced };
    },
  };
}

/**
 * One Pagefind (`script`, imported from the folder of the lane's primary bundle, shard
 * `members[0]`) over some of the site's shards, numbered as in the manifest.
 */
async function openLane(root: string, m: IndexManifest, members: number[], script: Promise<PagefindModule>): Promise<ShardedIndex> {
  const pf = await script;
  const paths = m.paths;
  const single = paths.length === 1;
  const primary = members[0]!;
  const mine = new Set(members);
  await pf.options(single ? OPTIONS : { ...OPTIONS, mergeFilter: { [SHARD_FILTER]: String(primary) }, indexWeight: shardWeight(primary) });
  await pf.init();
  const merged = new Map<number, Promise<void>>([[primary, Promise.resolve()]]);
  const use = async (only: number[] | undefined) => {
    for (const k of only ?? members) {
      if (!mine.has(k)) continue;
      if (!merged.has(k)) merged.set(k, pf.mergeIndex(`${root}${paths[k]}`, { ...OPTIONS, mergeFilter: { [SHARD_FILTER]: String(k) }, indexWeight: shardWeight(k) }));
    }
    await Promise.all(merged.values());
  };
  // The manifest's counts are the whole site's: a lane of some shards counts its own.
  let allFilters: Counts | null = members.length === paths.length ? m.filters : null;
  const pfSearch = async (term: string | null, o?: { filters?: Record<string, unknown>; sort?: unknown }) => {
    const r = await pf.search(term, o);
    return r && { ...r, filters: withoutShard(r.filters), totalFilters: withoutShard(r.totalFilters) };
  };
  // A shard limit is the synthetic shard filter (needless when it names every shard of the lane).
  const limited = (o: SearchOptions | undefined) => {
    const only = o?.shards?.filter((k) => mine.has(k));
    if (single || !only || only.length >= members.length) return o?.filters;
    // No shard: a value no page has, so nothing is found.
    if (only.length === 0) return { ...(o?.filters ?? {}), [SHARD_FILTER]: 'none' };
    return { ...(o?.filters ?? {}), [SHARD_FILTER]: { any: only.map(String) } };
  };
  const search = async (term: string | null, o?: SearchOptions & { sort?: unknown }) => {
    await use(o?.shards);
    return pfSearch(term, { filters: limited(o), sort: o?.sort });
  };
  let lastEach: ShardedIndex['lastEach'] = null;
  return {
    shards: paths.length,
    partitions: m.partitions,
    get lastEach() {
      return lastEach;
    },
    // From the manifest when the build wrote them: Pagefind would load every filter file of every shard.
    filters: async () => (allFilters ??= withoutShard(await (await use(undefined), pf.filters()))),
    prepare: (only) => use(only),
    loadFilterCounts: async (only) => {
      await use(only);
      await pf.filters();
    },
    search,
    searchEach: async (term, o) => {
      await use(o?.shards);
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
      const wanted = new Set((o?.shards ?? members).filter((k) => mine.has(k)));
      const all = await Promise.all(paths.map((_, k) => (wanted.has(k) ? pfSearch(term, { filters: { ...(o?.filters ?? {}), [SHARD_FILTER]: String(k) }, sort: o?.sort }) : { results: [] })));
      return all.some((r) => r === null) ? null : { lists: all.map((r) => r!.results), unplaced: [] };
    },
  };
}
