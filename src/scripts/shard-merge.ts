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
