/**
 * Determinism: building the same input twice gives byte-identical output across all of dist/ —
 * pages, assets, open data, and the Pagefind index. The two builds run back to back here (so the
 * code cannot change between them), the second with other output/records folders and another
 * timezone and locale in its environment, so nothing may leak from those.
 */
import { resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ROOT } from './paths.ts';
import { diffTrees, hashTree, runBuild } from './hostile/harness.ts';
import { TEST_BUILD_ID } from '../src/lib/env.ts';

const ID = TEST_BUILD_ID;
const A = { dist: resolve(ROOT, `.build/${ID}-determinism-a-dist`), records: resolve(ROOT, `.build/${ID}-determinism-a-records`), sources: '' };
const B = { dist: resolve(ROOT, `.build/${ID}-determinism-b-dist`), records: resolve(ROOT, `.build/${ID}-determinism-b-records`), sources: '' };

let status: Array<number | null> = [];
let log = '';
beforeAll(() => {
  // In several search shards, so the cut between shards is shown to be deterministic too.
  const a = runBuild(A, ['--quiet'], { SEARCH_SHARDS: '3' });
  const b = runBuild(B, ['--quiet'], { TZ: 'UTC', LANG: 'C', LC_ALL: 'C', SEARCH_SHARDS: '3' });
  status = [a.status, b.status];
  log = a.stderr.slice(-2000) + b.stderr.slice(-2000);
}, 1_200_000);

it('two builds of the same input are byte-identical, file for file (including pagefind/)', () => {
  expect(status, log).toEqual([0, 0]);
  const a = hashTree(A.dist);
  const b = hashTree(B.dist);
  expect(diffTrees(a, b)).toEqual([]);
  expect(a.size).toBeGreaterThan(100);
  expect([...a.keys()].some((p) => p.startsWith('pagefind/fragment/'))).toBe(true);
  expect([...a.keys()].some((p) => p.startsWith('pagefind/s2/fragment/'))).toBe(true);
  expect([...a.keys()].some((p) => p.startsWith('data/'))).toBe(true);
});
