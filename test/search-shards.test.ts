/**
 * The search index in shards: how pages are cut into Pagefind bundles at build time, and
 * how the search page merges what the bundles answer (pure parts; the browser tests in
 * search.browser.test.ts run the whole thing on a sample built in three or more shards).
 */
import { describe, expect, it } from 'vitest';
import { contentCuts, cutRun, pageCost, runCuts, ShardCutter, urlHash, type ContentCuts } from '../scripts/stages/search-index.ts';
import { MAX_LABELLED, mergeByScore, mergeCounts, mergeSorted, shardOfScore, shardWeight, sortKey, splitByShard } from '../src/client/shard-merge.ts';

/** The [start, end) page ranges the stage's cutter makes of these page costs. */
function planShards(costs: number[], budget: number): Array<[number, number]> {
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

describe('the shard cutter', () => {
  it('cuts pages in order into shards no costlier than the budget', () => {
    expect(planShards([3, 3, 3, 3], 6)).toEqual([[0, 2], [2, 4]]);
    expect(planShards([3, 3, 3, 3], 7)).toEqual([[0, 2], [2, 4]]);
    expect(planShards([5, 1, 1, 5], 7)).toEqual([[0, 3], [3, 4]]);
  });
  it('gives a page costlier than the budget a shard of its own, and nothing for no pages', () => {
    expect(planShards([2, 50, 2], 10)).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(planShards([], 10)).toEqual([]);
  });
  it('costs an indexable page its raw size in bytes plus 10,000 for being a page, and leaves a page without a search body out', () => {
    expect(pageCost(Buffer.from('<main data-pagefind-body><p>行政事業</p></main>'))).toBe(10_051);
    expect(pageCost(Buffer.from('<main><p>行政事業</p></main>'))).toBeNull();
  });
});

/** The first URL of each shard the cutter makes of these pages (URL, cost), all of one partition with these cuts. */
function shardStarts(pages: Array<[string, number]>, budget: number, cuts: ContentCuts): string[] {
  const cutter = new ShardCutter(budget, () => cuts);
  return pages.filter(([url, cost]) => cutter.next(cost, 'p', url)).map(([url]) => url);
}
const sheets = (n: number, size: (i: number) => number) => Array.from({ length: n }, (_, i): [string, number] => [`/projects/2019-x-${String(i).padStart(5, '0')}/`, size(i)]);

describe('content cuts', () => {
  it('start cutting at the largest step of √2 below 80 % of the budget in pages, with 1 in 20 of those as candidates', () => {
    // 1,000 pages costing 100,000 in all, budget 10,000: 80 pages' worth → step 64.
    expect(contentCuts(1000, 100_000, 10_000)).toEqual({ minPages: 64, spread: 4 });
    // A few per cent longer pages (a link to a new year's sheet on each) keep the same cuts.
    expect(contentCuts(1000, 104_000, 10_000)).toEqual({ minPages: 64, spread: 4 });
    expect(contentCuts(10, 10, 3)).toEqual({ minPages: 2, spread: 1 });
    expect(contentCuts(0, 0, 10)).toEqual({ minPages: 1, spread: 1 });
  });
  it('hashes a URL to the same 32-bit number every time', () => {
    expect(urlHash('/projects/a/')).toBe(urlHash('/projects/a/'));
    expect(urlHash('/projects/a/')).not.toBe(urlHash('/projects/b/'));
  });
  it('cut where the URLs say: pages growing by 5 % keep every shard, the budget still caps one', () => {
    const base = sheets(3000, (i) => 20_000 + (i % 7) * 1000);
    const cuts = contentCuts(base.length, base.reduce((a, [, c]) => a + c, 0), 2_000_000);
    const before = shardStarts(base, 2_000_000, cuts);
    expect(before.length).toBeGreaterThan(20);
    expect(shardStarts(base.map(([u, c]) => [u, Math.round(c * 1.05)]), 2_000_000, cuts)).toEqual(before);
    // Greedy budget cuts alone would move from the first shard on.
    const greedy = (pages: Array<[string, number]>) => shardStarts(pages, 2_000_000, { minPages: Number.MAX_SAFE_INTEGER, spread: 1 });
    expect(greedy(base.map(([u, c]) => [u, Math.round(c * 1.05)]))).not.toEqual(greedy(base));
    // No shard over the budget: each shard's cost.
    const starts = new Set(before);
    let sum = 0;
    for (const [u, c] of base) {
      if (starts.has(u)) sum = 0;
      sum += c;
      expect(sum).toBeLessThanOrEqual(2_000_000);
    }
  });
  it('a page removed or added leaves every cut before it, and the shards as many within one', () => {
    const base = sheets(3000, () => 25_000);
    const cuts = contentCuts(base.length, base.length * 25_000, 2_000_000);
    const before = shardStarts(base, 2_000_000, cuts);
    const fewer = shardStarts(base.filter((_, i) => i !== 1500), 2_000_000, cuts);
    const upTo = (starts: string[], url: string) => starts.filter((u) => u <= url);
    expect(upTo(fewer, base[1500]![0])).toEqual(upTo(before, base[1500]![0]));
    expect(Math.abs(fewer.length - before.length)).toBeLessThanOrEqual(1);
    const added: [string, number] = ['/projects/2019-x-00699a/', 25_000];
    const more = shardStarts([...base.slice(0, 700), added, ...base.slice(700)], 2_000_000, cuts);
    expect(upTo(more, base[699]![0])).toEqual(upTo(before, base[699]![0]));
    expect(Math.abs(more.length - before.length)).toBeLessThanOrEqual(1);
  });
});

/**
 * One year's pages as the stage orders them (sheets, then recipients), cut as the stage cuts
 * them: each run's cuts from its own pages (runCuts), or, with `oneRun`, from all of them.
 */
function yearShards(pages: Array<[string, number]>, budget: number, oneRun = false): string[] {
  const order = pages.map(([url, size]) => ({ url, size, body: true, run: oneRun ? '2019' : cutRun('2019', url.slice(1)) }));
  const cuts = runCuts(order, budget);
  const cutter = new ShardCutter(budget, (r) => cuts.get(r) ?? null);
  return order.filter((o) => cutter.next(o.size + 10_000, o.run, o.url)).map((o) => o.url);
}

describe('runs: a year\'s sheets and its recipients are cut apart', () => {
  it('names the run of a page by its folder: recipients apart, sheets, measures and ministries together', () => {
    expect(cutRun('2019', 'recipients/1234567890123/index.html')).toBe('2019 recipients');
    expect(cutRun('2024+', 'recipients/x/index.html')).toBe('2024+ recipients');
    expect(cutRun('2019', 'projects/2019-x-1/index.html')).toBe('2019');
    expect(cutRun('2019', 'ministries/mof/index.html')).toBe('2019');
  });
  it('recipients leaving an older year (paid again in a new one) leave its sheet shards as they were', () => {
    const year = sheets(5000, (i) => 30_000 + (i % 11) * 1500);
    const recipients = Array.from({ length: 9000 }, (_, i): [string, number] => [`/recipients/${String(1_000_000_000_000 + i * 7919)}/`, 6000 + (i % 5) * 400]);
    // A new year pays again half the recipients that this year alone had paid.
    const stay = recipients.filter((_, i) => i % 2 !== 0);
    const budget = 40_000_000;
    const sheetStarts = (starts: string[]) => starts.filter((u) => u.startsWith('/projects/'));
    const before = yearShards([...year, ...recipients], budget);
    const after = yearShards([...year, ...stay], budget);
    expect(sheetStarts(before).length).toBeGreaterThan(3);
    expect(sheetStarts(after)).toEqual(sheetStarts(before));
    // The recipients begin a shard of their own.
    expect(before).toContain(recipients[0]![0]);
    // One run for the year (as before): the year's mean page cost moved, and the sheets' cuts with it.
    expect(sheetStarts(yearShards([...year, ...stay], budget, true))).not.toEqual(sheetStarts(yearShards([...year, ...recipients], budget, true)));
  });
});

describe('merging shards', () => {
  it('sums filter counts value by value', () => {
    expect(mergeCounts([{ 府省庁: { 総務省: 2, 環境省: 1 } }, { 府省庁: { 総務省: 3 }, 年度: { 2024: 4 } }, {}])).toEqual({ 府省庁: { 総務省: 5, 環境省: 1 }, 年度: { 2024: 4 } });
  });
  it('orders by score across shards; ties keep shard order, then each shard’s order', () => {
    const r = (id: string, score: number) => ({ id, score });
    const got = mergeByScore([[r('a1', 5), r('a2', 1)], [r('b1', 9), r('b2', 5), r('b3', 1)]]).map((x) => x.id);
    expect(got).toEqual(['b1', 'a1', 'b2', 'a2', 'b3']);
  });
  it('merges sorted shards by the key, loading only the heads it needs', async () => {
    const loads: string[] = [];
    const item = (id: string, amount: number | null) => ({ id, amount });
    const lists = [[item('a', 900), item('b', 500), item('c', 100)], [item('x', 700), item('y', 600), item('z', 50)], [item('p', 800)]];
    const load = async (i: { id: string; amount: number | null }) => {
      loads.push(i.id);
      return { meta: { amount: i.amount == null ? undefined : String(i.amount) } };
    };
    const top = await mergeSorted(lists, 4, load, (d) => sortKey(d.meta, 'amount'), 'desc');
    expect(top.map((t) => t.item.id)).toEqual(['a', 'p', 'x', 'y']);
    // Heads of all three, then one more per item taken: never the whole lists.
    expect(loads.length).toBeLessThanOrEqual(4 + lists.length);
    expect(loads).not.toContain('c');
    const asc = await mergeSorted(lists.map((l) => [...l].reverse()), 3, load, (d) => sortKey(d.meta, 'amount'), 'asc');
    expect(asc.map((t) => t.item.id)).toEqual(['z', 'c', 'b']);
    expect((await mergeSorted(lists, 100, load, (d) => sortKey(d.meta, 'amount'), 'desc')).length).toBe(7);
  });
  it('reads the shard back from a sorted score, as Pagefind weights it (± position × indexWeight), at every position and shard it can hold', () => {
    expect(shardWeight(0)).toBe(1);
    for (const shards of [2, 34, MAX_LABELLED]) {
      for (const position of [1, 2, 17, 2365, 99_999, 2 ** 20]) {
        for (const k of new Set([0, 1, shards - 1])) {
          expect(shardOfScore(position * shardWeight(k), shards)).toBe(k);
          // Ascending: Pagefind negates the position.
          expect(shardOfScore(-position * shardWeight(k), shards)).toBe(k);
        }
      }
    }
  });
  it('finds no label where there is none: relevance scores, position 0, shards beyond those merged or labelled', () => {
    expect(shardOfScore(3.7215, 4)).toBeNull();
    expect(shardOfScore(0, 4)).toBeNull();
    expect(shardOfScore(100 * shardWeight(5), 4)).toBeNull();
    expect(shardOfScore(100 * shardWeight(1), MAX_LABELLED + 1)).toBeNull();
    expect(shardOfScore(Number.NaN, 4)).toBeNull();
  });
  it('splits a merged sorted answer into each shard’s list in its own order, keeps the 0s apart, and gives up on an unlabelled score', () => {
    const r = (id: string, position: number, k: number) => ({ id, score: position * shardWeight(k) });
    // As Pagefind merges a descending search: scores highest first (ties to the lower
    // shard); each shard's page at position 0 scores 0 and comes last, in shard order.
    const merged = [r('b1', 9, 1), r('a1', 5, 0), r('b2', 5, 1), r('c1', 4, 2), r('a2', 1, 0), r('a0', 0, 0), r('c0', 0, 2)];
    const split = splitByShard(merged, 3)!;
    expect(split.lists.map((l) => l.map((x) => x.id))).toEqual([['a1', 'a2'], ['b1', 'b2'], ['c1']]);
    expect(split.unplaced.map((x) => x.id)).toEqual(['a0', 'c0']);
    expect(splitByShard([...merged, { id: 'x', score: 2.5 }], 3)).toBeNull();
    expect(splitByShard([r('a0', 0, 0), r('b0', 0, 1), r('x0', 0, 2)], 2)).toBeNull();
    expect(splitByShard([], 2)).toEqual({ lists: [[], []], unplaced: [] });
  });
  it('reads the sort key from result metadata: amount in yen, the newest year of a list', () => {
    expect(sortKey({ amount: '33498000' }, 'amount')).toBe(33498000);
    expect(sortKey({ year: '2024,2021' }, 'year')).toBe(2024);
    expect(sortKey({}, 'amount')).toBeNaN();
  });
});

