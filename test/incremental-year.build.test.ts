/**
 * A new review year costs only itself: with the site built from the legacy sheets alone,
 * adding a year's RS tables (the sample's rs2024-sample/) and rebuilding re-renders what shows
 * the new year and restores the rest, reuses unchanged record files, and publishes — site
 * and records — byte for byte what a cold build of the whole corpus publishes (given the same
 * older open-data snapshots, which a rebuild carries over). Then one
 * sheet changes, with the same check.
 */
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLE_SOURCES } from './paths.ts';
import { diffTrees, hashTree, runBuild, type BuildDirs } from './hostile/harness.ts';
import { TEST_BUILD_ID } from '../src/lib/env.ts';

const ID = TEST_BUILD_ID;
const CORPUS = resolve(ROOT, `.build/${ID}-year-corpus`);
const A: BuildDirs = { dist: resolve(ROOT, `.build/${ID}-year-a-dist`), records: resolve(ROOT, `.build/${ID}-year-a-records`), sources: CORPUS };
const B: BuildDirs = { dist: resolve(ROOT, `.build/${ID}-year-b-dist`), records: resolve(ROOT, `.build/${ID}-year-b-records`), sources: CORPUS };
// Each build its own ingest cache: B is cold in every respect.
// A fixed shard budget (not SEARCH_SHARDS, which divides the whole corpus): the older years'
// search shards must come out the same when a year is added, as at full scale.
const cacheOf = (d: BuildDirs) => ({ INGEST_CACHE_DIR: `${d.dist}.ingest-cache`, SEARCH_SHARD_BUDGET: '400000' });
const ARCHIVE = resolve(ROOT, `.build/${ID}-year-archive`);
const YEAR = 'rs2024-sample';
// A legacy sheet's page (総務省, review year 2018): nothing on it comes from RS 2024.
const OLD_PAGE = '/projects/2018-soumu-new30-0006/index.html';

function clean(d: BuildDirs): void {
  for (const p of [d.dist, `${d.dist}.cache`, `${d.dist}.data`, `${d.dist}.staging`, `${d.dist}.ingest-cache`, d.records]) rmSync(p, { recursive: true, force: true });
}

/** Builds; returns the pages Astro rendered, and those it did not (restored from its cache, or carried over from the published site). */
function build(d: BuildDirs): { rendered: string[]; restored: string[]; search: string } {
  // A's published /data/ as it was before its rebuild: the older snapshots an incremental build
  // carries over (scripts/stages/keep-snapshots.ts), given to the cold build too.
  if (d === A) {
    rmSync(ARCHIVE, { recursive: true, force: true });
    if (existsSync(join(A.dist, 'data'))) cpSync(join(A.dist, 'data'), ARCHIVE, { recursive: true });
  }
  const r = runBuild(d, ['--quiet'], { ...cacheOf(d), ...(d === B ? { SNAPSHOT_ARCHIVE_DIR: ARCHIVE } : {}) });
  expect(r.status, r.stderr.slice(-3000)).toBe(0);
  const log = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
  const pages = [...log.matchAll(/├─ (\/\S+\.html)( \(restored\)| \(cached\))?/g)];
  // Carried pages are not Astro's: the build lists them (src/lib/pages/page-deps.ts).
  const carriedFile = join(`${d.dist}.cache`, 'carried-pages.txt');
  const carried = existsSync(carriedFile) ? readFileSync(carriedFile, 'utf8').split('\n').filter(Boolean).map((f) => `/${f}`) : [];
  return { rendered: pages.filter((m) => !m[2]).map((m) => m[1]!), restored: [...pages.filter((m) => m[2]).map((m) => m[1]!), ...carried], search: /search index: .*/.exec(log)?.[0] ?? '' };
}

/** The published search shards: partition and key of each. */
function shardKeys(d: BuildDirs): Array<{ partition: string; key: string }> {
  const m = JSON.parse(readFileSync(join(d.dist, 'pagefind/shards.json'), 'utf8')) as { shards: Array<{ partition: string; key: string }> };
  return m.shards.map(({ partition, key }) => ({ partition, key }));
}
/** The page URLs of the published shard with this key (its facets file). */
function shardUrls(d: BuildDirs, key: string): string[] {
  const m = JSON.parse(readFileSync(join(d.dist, 'pagefind/shards.json'), 'utf8')) as { shards: Array<{ path: string; key: string }> };
  const s = m.shards.find((x) => x.key === key)!;
  return (JSON.parse(gunzipSync(readFileSync(join(d.dist, s.path, 'facets.json.gz'))).toString('utf8')) as Array<{ url: string }>).map((p) => p.url);
}

/** The incremental result against a cold build of the same corpus: site and records, byte for byte. */
function expectSameAsCold(): void {
  clean(B);
  build(B);
  expect(diffTrees(hashTree(B.dist), hashTree(A.dist))).toEqual([]);
  expect(diffTrees(hashTree(B.records), hashTree(A.records))).toEqual([]);
}

beforeAll(() => {
  clean(A);
  rmSync(CORPUS, { recursive: true, force: true });
  cpSync(SAMPLE_SOURCES, CORPUS, { recursive: true, filter: (src) => !src.includes(`/${YEAR}`) });
  const first = build(A);
  expect(first.rendered).toContain(OLD_PAGE);
  cpSync(join(SAMPLE_SOURCES, YEAR), join(CORPUS, YEAR), { recursive: true });
}, 600_000);

describe('a new year costs only itself', () => {
  it('adding a year re-renders its pages, restores the earlier years\' pages, and publishes what a cold build does', () => {
    const oldRecord = join(A.records, 'projects/2018-soumu-new30-0006.json');
    const before = statSync(oldRecord).ino;
    const shardsBefore = shardKeys(A);
    const pagesBefore = hashTree(A.dist);
    const again = build(A);
    const afterPages = hashTree(A.dist);
    expect(again.rendered).toContain('/projects/rs-2024-4/index.html');
    expect(again.restored).toContain(OLD_PAGE);
    // The unchanged record file is the same file, linked into the new records folder.
    expect(statSync(oldRecord).ino).toBe(before);
    // Search shards whose pages' indexed text is unchanged are the same shards, linked, not
    // indexed again, even where those pages' HTML changed (their lineage now lists the new
    // year's sheet, which is not indexed): keys are taken from what Pagefind is given.
    const after = shardKeys(A);
    const kept = after.filter((s) => shardsBefore.some((x) => x.key === s.key));
    expect(Number(/\((\d+) unchanged, reused\)/.exec(again.search)?.[1])).toBe(kept.length);
    const changedPages = new Set([...pagesBefore].filter(([f, h]) => f.endsWith('.html') && afterPages.get(f) !== h).map(([f]) => f));
    const keptWithChangedHtml = kept.flatMap((s) => shardUrls(A, s.key)).filter((u) => changedPages.has(`${u.slice(1)}index.html`));
    expect(keptWithChangedHtml.length, 'pages re-rendered yet in a reused shard').toBeGreaterThan(0);
    expect(kept.some((s) => s.partition === '2015')).toBe(true);
    expectSameAsCold();
  }, 900_000);

  it('changing one sheet re-renders that sheet\'s page and publishes what a cold build does', () => {
    const file = join(CORPUS, '001_3b132b5ffab02e79.txt');
    writeFileSync(file, readFileSync(file, 'utf8') + '\n（テスト用の変更）\n');
    const again = build(A);
    expect(again.restored).toContain('/projects/rs-2024-4/index.html');
    expect(again.rendered.length).toBeLessThan(again.restored.length);
    expectSameAsCold();
  }, 900_000);
});
