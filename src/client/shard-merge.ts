/**
 * Merging what several Pagefind bundles (shards, see scripts/stages/search-index.ts)
 * answer into one answer, as if the site had one index. Pure, so it is unit-tested;
 * the page script (pagefind-shards.ts) does the fetching.
 */

export type Counts = Record<string, Record<string, number>>;

/** Filter counts summed value by value across shards. */
export function mergeCounts(all: Counts[]): Counts {
  const out: Counts = {};
  for (const c of all) {
    for (const [key, values] of Object.entries(c ?? {})) {
      const o = (out[key] ??= {});
      for (const [v, n] of Object.entries(values)) o[v] = (o[v] ?? 0) + n;
    }
  }
  return out;
}

/**
 * Relevance order across shards: by score, highest first; equal scores keep shard order,
 * then each shard's own order (so the same index gives the same list every time).
 */
export function mergeByScore<T extends { score: number }>(lists: T[][]): T[] {
  const tagged = lists.flatMap((l, s) => l.map((r, i) => ({ r, s, i })));
  tagged.sort((a, b) => b.r.score - a.r.score || a.s - b.s || a.i - b.i);
  return tagged.map((t) => t.r);
}

/**
 * The first `need` items of lists that are each already sorted (Pagefind sorts within a
 * shard), merged in `dir` order of `key`. The key of an item is only known once its data
 * is loaded, so this loads the head of each list and then one item per item taken:
 * `need + lists.length` loads at most, whatever the lists' lengths. Ties go to the
 * earlier shard. Returns the items with their loaded data.
 */
export async function mergeSorted<T, D>(lists: T[][], need: number, load: (item: T) => Promise<D>, key: (d: D) => number, dir: 'asc' | 'desc'): Promise<Array<{ item: T; data: D }>> {
  const out: Array<{ item: T; data: D }> = [];
  const pos = lists.map(() => 0);
  const heads: Array<{ item: T; data: D; key: number } | null> = await Promise.all(lists.map((l) => headOf(l, 0)));
  async function headOf(l: T[], i: number) {
    if (i >= l.length) return null;
    const data = await load(l[i]!);
    const k = key(data);
    return { item: l[i]!, data, key: Number.isFinite(k) ? k : dir === 'desc' ? -Infinity : Infinity };
  }
  while (out.length < need) {
    let best = -1;
    heads.forEach((h, s) => {
      if (!h) return;
      const b = best >= 0 ? heads[best]! : null;
      if (!b || (dir === 'desc' ? h.key > b.key : h.key < b.key)) best = s;
    });
    if (best < 0) break;
    const h = heads[best]!;
    out.push({ item: h.item, data: h.data });
    pos[best]!++;
    heads[best] = await headOf(lists[best]!, pos[best]!);
  }
  return out;
}

/** A result's sort key from its metadata (SearchMeta.astro: `amount` in yen, `year` newest first). */
export function sortKey(meta: Record<string, string | undefined>, sort: 'amount' | 'year'): number {
  const raw = sort === 'amount' ? meta.amount : meta.year?.split(',')[0];
  return raw != null && raw.trim() !== '' ? Number(raw) : NaN;
}

/**
 * Labels on sorted scores, so that one search over the merged index tells which shard each
 * result is from. Asked with a sort, Pagefind scores a result by the page's position in its
 * shard's sort order (desc: the position; asc: minus it; whole numbers) and multiplies
 * every score of a merged bundle by that bundle's `indexWeight`; shard k is merged with the
 * weight 1 − k·2⁻³⁰. Up to MAX_LABELLED shards and 2²⁰ pages per shard, k·position·2⁻³⁰
 * stays under ¼, so the position is the nearest whole number and k follows from what is
 * left. The page at position 0 scores 0 whatever the weight: at most one result per shard
 * carries no label. Relevance scores change by under a millionth of themselves (ties still
 * go to the lower shard).
 */
const WEIGHT_STEP = 2 ** -30;
export const MAX_LABELLED = 256;
const MAX_POSITION = 2 ** 20;

export function shardWeight(k: number): number {
  return 1 - k * WEIGHT_STEP;
}

/** The shard a sorted score was weighted for, or null when it carries no label (checked by weighting the position again). */
export function shardOfScore(score: number, shards: number): number | null {
  const position = Math.round(Math.abs(score));
  if (!(position >= 1 && position <= MAX_POSITION) || shards > MAX_LABELLED) return null;
  const k = Math.round((position - Math.abs(score)) / (position * WEIGHT_STEP));
  return k >= 0 && k < shards && position * shardWeight(k) === Math.abs(score) ? k : null;
}

/** Each shard's results, and those whose shard is unknown (see shardOfScore). */
export interface ShardLists<T> {
  lists: T[][];
  /** Pages at position 0 of their shard's sort order: at most one per shard, in shard order. */
  unplaced: T[];
}

/**
 * A merged sorted answer split into each shard's own list, each in that shard's order
 * (Pagefind merges by score with a stable sort, and one shard's scores share its weight).
 * Null when a score is neither labelled nor 0, or there are more 0s than shards: the
 * caller then asks each shard on its own.
 */
export function splitByShard<T extends { score: number }>(results: T[], shards: number): ShardLists<T> | null {
  const lists: T[][] = Array.from({ length: shards }, () => []);
  const unplaced: T[] = [];
  for (const r of results) {
    if (r.score === 0) {
      unplaced.push(r);
      continue;
    }
    const k = shardOfScore(r.score, shards);
    if (k === null) return null;
    lists[k]!.push(r);
  }
  return unplaced.length <= shards ? { lists, unplaced } : null;
}
