/**
 * The search index in shards on a built site: the sample is indexed in several shards that
 * hold every page once, and a rebuild remakes only the shards whose pages changed (the pure
 * parts: search-shards.test.ts; the page in Chromium: search.browser.test.ts).
 */
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparePartitions } from '../src/lib/search/partitions.ts';
import { diffTrees, hashTree, runBuild } from './hostile/harness.ts';
import { ROOT, SAMPLE_SOURCES, TEST_DIST } from './paths.ts';
import { TEST_BUILD_ID } from '../src/lib/env.ts';
import { decodeShards, termBucketName, type TermBucket } from '../src/lib/search/term-shards.ts';
import { normalizeForSearch } from '../src/lib/search/tokenize.ts';
import { prepareForIndex } from '../src/lib/search/index-html.ts';

describe('the built sample', () => {
  it('is indexed in several shards that together hold every indexable page once', () => {
    const m = JSON.parse(readFileSync(`${TEST_DIST}/pagefind/shards.json`, 'utf8')) as { version: number; shards: Array<{ path: string; pages: number; partition: string; meta: number; chunk: number }> };
    expect(m.version).toBe(2);
    // By review year, newest first, the pages of several years after their newest year's (search-plan.ts loads them by year).
    const parts = m.shards.map((s) => s.partition);
    expect(parts).toEqual([...parts].sort(comparePartitions));
    expect(parts.some((p) => /^\d{4}\+$/.test(p))).toBe(true);
    expect(m.shards.length).toBeGreaterThanOrEqual(3);
    expect(m.shards[0]!.path).toBe('pagefind/');
    m.shards.forEach((s, i) => {
      if (i > 0) expect(s.path).toBe(`pagefind/s${i}/`);
      const entry = JSON.parse(readFileSync(`${TEST_DIST}/${s.path}pagefind-entry.json`, 'utf8')) as { languages: Record<string, { page_count: number }> };
      expect(Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0)).toBe(s.pages);
      // Every page of a year's shard has that year.
      const facets = JSON.parse(gunzipSync(readFileSync(`${TEST_DIST}/${s.path}facets.json.gz`)).toString('utf8')) as Array<{ filters: Record<string, string[]> }>;
      expect(facets.length).toBe(s.pages);
      const several = /^(\d{4})\+$/.exec(s.partition);
      for (const f of facets) {
        if (several) {
          // Several years, the newest the partition's.
          expect(new Set(f.filters['年度']).size).toBeGreaterThan(1);
          expect([...f.filters['年度']!].sort().at(-1)).toBe(several[1]);
        } else if (s.partition !== 'all') expect(f.filters['年度']).toEqual([s.partition]);
      }
      // What searching it downloads, as the search page reads it (search-plan.ts: firstReach): the files' real sizes.
      const dir = `${TEST_DIST}/${s.path}`;
      const metaFiles = readdirSync(dir).filter((f) => f.endsWith('.pf_meta'));
      expect(s.meta).toBe(metaFiles.reduce((n, f) => n + statSync(join(dir, f)).size, 0));
      const chunks = readdirSync(join(dir, 'index')).map((f) => statSync(join(dir, 'index', f)).size);
      expect(s.chunk).toBe(Math.round(chunks.reduce((a, b) => a + b, 0) / chunks.length));
      expect(s.meta).toBeGreaterThan(0);
    });
  });
});

describe('the term table of the built sample', () => {
  const m = JSON.parse(readFileSync(`${TEST_DIST}/pagefind/shards.json`, 'utf8')) as { shards: Array<{ path: string }>; terms: { buckets: number } };
  const bucket = (key: string) => JSON.parse(readFileSync(`${TEST_DIST}/pagefind/terms/${termBucketName(key, m.terms.buckets)}.json`, 'utf8')) as TermBucket;
  const shardsOf = (key: string) => decodeShards(bucket(key)[key] ?? '') ?? [];
  // Each shard's pages, from the facets it keeps, and their text as built (tags out).
  const pages = m.shards.map((s) => (JSON.parse(gunzipSync(readFileSync(`${TEST_DIST}/${s.path}facets.json.gz`)).toString('utf8')) as Array<{ url: string; meta: Record<string, string> }>));
  // What each shard's pages gave Pagefind (prepareForIndex), tags out: the table is read back from what Pagefind made of it.
  const text = pages.map((ps) => ps.map((p) => normalizeForSearch(prepareForIndex(readFileSync(`${TEST_DIST}${p.url}index.html`, 'utf8'))!.html.replace(/<[^>]*>/g, ' '))).join('\n'));

  it('names the shard of every page for the compounds of its title', () => {
    let checked = 0;
    pages.forEach((ps, k) => {
      for (const p of ps) {
        for (const run of normalizeForSearch(p.meta.title ?? '').match(/[\p{Script=Han}\p{Script=Katakana}ー]{2,}/gu) ?? []) {
          const key = run.slice(0, 6);
          expect(shardsOf(key), `${p.url}: ${key}`).toContain(k);
          checked++;
        }
      }
    });
    expect(checked).toBeGreaterThan(500);
  });
  it('names no shard for a compound none of its pages contains', () => {
    // Every 37th key of every 7th bucket file: the shards it names hold it in their pages' text, the others do not.
    let checked = 0;
    for (const name of Array.from({ length: m.terms.buckets }, (_, b) => b.toString(16).padStart(4, '0')).filter((_, b) => b % 7 === 0)) {
      let file: TermBucket;
      try {
        file = JSON.parse(readFileSync(`${TEST_DIST}/pagefind/terms/${name}.json`, 'utf8')) as TermBucket;
      } catch {
        continue;
      }
      // Compounds (a Latin key is two letters of a stemmed word: the browser tests try those).
      Object.entries(file).filter(([key]) => !/^[a-z]{2}$/.test(key)).filter((_, i) => i % 37 === 0).forEach(([key, list]) => {
        const named = decodeShards(list)!;
        // A named shard has it in its pages' text (a compound may run across a line break
        // between elements, so without white space); a shard not named has not, even so.
        text.forEach((t, k) => {
          if (named.includes(k)) expect(t.replace(/\s+/g, '').includes(key), `${key} in shard ${k}`).toBe(true);
          else expect(t.includes(key), `${key} not in shard ${k}`).toBe(false);
        });
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(150);
    for (const absent of ['新幹線', '鰯羊羹', '宇宙港']) expect(shardsOf(absent)).toEqual([]);
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
  it('rebuilds only the search shards whose pages changed, updates the term table, and gives the index a fresh build gives', () => {
    for (const l of logs) expect(l.startsWith('0\n'), l.slice(-2000)).toBe(true);
    const reused = (l: string) => Number(/shard\(s\) \((\d+) unchanged, reused\)/.exec(l)?.[1]);
    const total = (l: string) => Number(/in (\d+) shard\(s\)/.exec(l)?.[1]);
    expect(reused(logs[0]!)).toBe(0);
    expect(total(logs[1]!)).toBeGreaterThanOrEqual(3);
    expect(reused(logs[1]!)).toBeGreaterThanOrEqual(1);
    expect(reused(logs[1]!)).toBeLessThan(total(logs[1]!));
    expect(reused(logs[2]!)).toBe(0);
    // The pages carried over (hard links to the published files) are not read again; the
    // re-rendered ones are.
    const known = (l: string) => Number(/HTML files \((\d+) known from the previous build by file identity/.exec(l)?.[1]);
    const files = (l: string) => Number(/of (\d+) HTML files/.exec(l)?.[1]);
    expect(known(logs[0]!)).toBe(0);
    expect(known(logs[1]!)).toBeGreaterThan(files(logs[1]!) / 2);
    expect(known(logs[1]!)).toBeLessThan(files(logs[1]!));
    expect(known(logs[2]!)).toBe(0);
    // The term table too: the rebuild changed only the files of the compounds whose shards changed (search-terms.ts: writeTermTable).
    expect(logs[0]).toContain('(built whole)');
    expect(logs[1]).toContain('(updated from the previous build)');
    expect(logs[2]).toContain('(built whole)');
    expect(diffTrees(hashTree(join(dir('dist'), 'pagefind')), hashTree(join(dir('fresh'), 'pagefind')))).toEqual([]);
  });
});
