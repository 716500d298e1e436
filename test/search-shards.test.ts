/**
 * The search index in shards: how pages are cut into Pagefind bundles at build time, and
 * how the search page merges what the bundles answer (pure parts; the browser tests in
 * search.test.ts run the whole thing on a sample built in three or more shards).
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageCost, ShardCutter } from '../scripts/stages/search-index.ts';
import { MAX_LABELLED, mergeByScore, mergeCounts, mergeSorted, shardOfScore, shardWeight, sortKey, splitByShard } from '../src/scripts/shard-merge.ts';
import { diffTrees, hashTree, runBuild } from './hostile/harness.ts';
import { ROOT, SAMPLE_SOURCES, TEST_DIST } from './paths.ts';

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

describe('the built sample', () => {
  it('is indexed in several shards that together hold every indexable page once', () => {
    const m = JSON.parse(readFileSync(`${TEST_DIST}/pagefind/shards.json`, 'utf8')) as { version: number; shards: Array<{ path: string; pages: number }> };
    expect(m.version).toBe(1);
    expect(m.shards.length).toBeGreaterThanOrEqual(3);
    expect(m.shards[0]!.path).toBe('pagefind/');
    m.shards.forEach((s, i) => {
      if (i > 0) expect(s.path).toBe(`pagefind/s${i}/`);
      const entry = JSON.parse(readFileSync(`${TEST_DIST}/${s.path}pagefind-entry.json`, 'utf8')) as { languages: Record<string, { page_count: number }> };
      expect(Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0)).toBe(s.pages);
    });
  });
});

describe('a rebuild after one source file changed', () => {
  const ID = process.env.TEST_BUILD_ID || 'test';
  const dir = (x: string) => resolve(ROOT, `.build/${ID}-shards-${x}`);
  const SHARDS = { SEARCH_SHARDS: '3' };
  let logs: string[] = [];
  beforeAll(() => {
    for (const x of ['src', 'dist', 'records', 'fresh', 'fresh-records']) rmSync(dir(x), { recursive: true, force: true });
    cpSync(SAMPLE_SOURCES, dir('src'), { recursive: true });
    const again = { dist: dir('dist'), records: dir('records'), sources: dir('src') };
    const first = runBuild(again, ['--quiet'], SHARDS);
    // One sheet's name changes: its pages (and the lists naming it) change, nothing else.
    const f = join(dir('src'), '004_bd9263d41549200e.txt');
    writeFileSync(f, readFileSync(f, 'utf8').replace('自治体情報セキュリティ強化対策事業', '自治体情報セキュリティ強化対策事業（改）'));
    const second = runBuild(again, ['--quiet'], SHARDS);
    const fresh = runBuild({ dist: dir('fresh'), records: dir('fresh-records'), sources: dir('src') }, ['--quiet'], SHARDS);
    logs = [first, second, fresh].map((r) => `${r.status}\n${r.stdout}${r.stderr}`);
  }, 600_000);
  it('rebuilds only the search shards whose pages changed, and gives the index a fresh build gives', () => {
    for (const l of logs) expect(l.startsWith('0\n'), l.slice(-2000)).toBe(true);
    const reused = (l: string) => Number(/shard\(s\) \((\d+) unchanged, reused\)/.exec(l)?.[1]);
    const total = (l: string) => Number(/in (\d+) shard\(s\)/.exec(l)?.[1]);
    expect(reused(logs[0]!)).toBe(0);
    expect(total(logs[1]!)).toBeGreaterThanOrEqual(3);
    expect(reused(logs[1]!)).toBeGreaterThanOrEqual(1);
    expect(reused(logs[1]!)).toBeLessThan(total(logs[1]!));
    expect(reused(logs[2]!)).toBe(0);
    expect(diffTrees(hashTree(join(dir('dist'), 'pagefind')), hashTree(join(dir('fresh'), 'pagefind')))).toEqual([]);
  });
});
