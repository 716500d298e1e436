/**
 * The search index in shards on a built site: the sample is indexed in several shards that
 * hold every page once, and a rebuild remakes only the shards whose pages changed (the pure
 * parts: search-shards.test.ts; the page in Chromium: search.browser.test.ts).
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparePartitions } from '../scripts/stages/search-index.ts';
import { diffTrees, hashTree, runBuild } from './hostile/harness.ts';
import { ROOT, SAMPLE_SOURCES, TEST_DIST } from './paths.ts';
import { TEST_BUILD_ID } from '../src/lib/env.ts';

describe('the built sample', () => {
  it('is indexed in several shards that together hold every indexable page once', () => {
    const m = JSON.parse(readFileSync(`${TEST_DIST}/pagefind/shards.json`, 'utf8')) as { version: number; shards: Array<{ path: string; pages: number; partition: string }> };
    expect(m.version).toBe(2);
    // By review year, newest first, the pages of several years last (search-plan.ts loads them by year).
    const parts = m.shards.map((s) => s.partition);
    expect(parts).toEqual([...parts].sort(comparePartitions));
    expect(parts.at(-1)).toBe('all');
    expect(m.shards.length).toBeGreaterThanOrEqual(3);
    expect(m.shards[0]!.path).toBe('pagefind/');
    m.shards.forEach((s, i) => {
      if (i > 0) expect(s.path).toBe(`pagefind/s${i}/`);
      const entry = JSON.parse(readFileSync(`${TEST_DIST}/${s.path}pagefind-entry.json`, 'utf8')) as { languages: Record<string, { page_count: number }> };
      expect(Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0)).toBe(s.pages);
      // Every page of a year's shard has that year.
      const facets = JSON.parse(gunzipSync(readFileSync(`${TEST_DIST}/${s.path}facets.json.gz`)).toString('utf8')) as Array<{ filters: Record<string, string[]> }>;
      expect(facets.length).toBe(s.pages);
      if (s.partition !== 'all') for (const f of facets) expect(f.filters['年度']).toEqual([s.partition]);
    });
  });
});

describe('a rebuild after one source file changed', () => {
  const ID = TEST_BUILD_ID;
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
