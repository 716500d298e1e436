/**
 * Incremental render (Astro's experimental.incrementalBuild with the cache keys of
 * src/lib/pages/cache-keys.ts): a rebuild after a source change restores unchanged pages
 * from the cache, and what it publishes is byte-identical to a clean build of the changed
 * input (given the same older open-data snapshots, which a rebuild carries over) — for a change only one page shows (a note in 6-1 その他備考) and for one that
 * the lists and its ministry's page show (a project's name in 1-2 事業概要等, where its
 * identity is read): only the pages that read the changed record are rendered again.
 */
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLE_SOURCES } from './paths.ts';
import { diffTrees, hashTree, runBuild, type BuildDirs } from './hostile/harness.ts';
import { TEST_BUILD_ID } from '../src/lib/env.ts';

const ID = TEST_BUILD_ID;
const CORPUS = resolve(ROOT, `.build/${ID}-inc-corpus`);
const A: BuildDirs = { dist: resolve(ROOT, `.build/${ID}-inc-a-dist`), records: resolve(ROOT, `.build/${ID}-inc-a-records`), sources: CORPUS };
const B: BuildDirs = { dist: resolve(ROOT, `.build/${ID}-inc-b-dist`), records: resolve(ROOT, `.build/${ID}-inc-b-records`), sources: CORPUS };
const ARCHIVE = resolve(ROOT, `.build/${ID}-inc-archive`);
const RS = join(CORPUS, 'rs2024-sample');
const NOTES = join(RS, '6-1_RS_2024_その他備考.csv');
const OVERVIEW = join(RS, '1-2_RS_2024_基本情報_事業概要等.csv');
// 予算事業ID 4 of the sample (デジタル庁 情報システムの整備).
const PAGE = '/projects/rs-2024-4/index.html';

function clean(d: BuildDirs): void {
  for (const p of [d.dist, `${d.dist}.cache`, `${d.dist}.data`, `${d.dist}.staging`, d.records]) rmSync(p, { recursive: true, force: true });
}

/** Builds; returns the pages Astro rendered, those it restored from its cache, and those carried over from the published site. */
function build(d: BuildDirs, extra: NodeJS.ProcessEnv = {}): { rendered: string[]; restored: string[]; carried: string[] } {
  // A's published /data/ as it was before its rebuild: the older snapshots an incremental build
  // carries over (scripts/stages/keep-snapshots.ts), given to the clean build too.
  if (d === A) {
    rmSync(ARCHIVE, { recursive: true, force: true });
    if (existsSync(join(A.dist, 'data'))) cpSync(join(A.dist, 'data'), ARCHIVE, { recursive: true });
  }
  const r = runBuild(d, ['--quiet'], { SEARCH_SHARDS: '2', ...extra });
  expect(r.status, r.stderr.slice(-3000)).toBe(0);
  // Astro colours its log when it thinks it can (CI=true does): read it without the escapes.
  const log = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
  const pages = [...log.matchAll(/├─ (\/\S+\.html)( \(restored\)| \(cached\))?/g)];
  // Pages carried over from the published site are not Astro's: the build lists them (page-deps.ts).
  const carriedFile = join(`${d.dist}.cache`, 'carried-pages.txt');
  const carried = existsSync(carriedFile) ? readFileSync(carriedFile, 'utf8').split('\n').filter(Boolean).map((f) => `/${f}`) : [];
  const count = /carried over (\d+) unchanged pages/.exec(log);
  expect(Number(count?.[1] ?? 0)).toBe(carried.length);
  return { rendered: pages.filter((m) => !m[2]).map((m) => m[1]!), restored: pages.filter((m) => m[2]).map((m) => m[1]!), carried };
}

/** Replaces one cell of a CSV line found by its first cells (the sample has no quoted commas there). */
function editCsv(file: string, lineStart: string, column: number, edit: (cell: string) => string): void {
  const lines = readFileSync(file, 'utf8').split('\r\n');
  const i = lines.findIndex((l) => l.startsWith(lineStart));
  expect(i, `${file}: no line starting ${lineStart}`).toBeGreaterThan(0);
  const cells = lines[i]!.split(',');
  cells[column] = edit(cells[column]!);
  lines[i] = cells.join(',');
  writeFileSync(file, lines.join('\r\n'));
}

let first: ReturnType<typeof build>;
beforeAll(() => {
  clean(A);
  rmSync(CORPUS, { recursive: true, force: true });
  cpSync(SAMPLE_SOURCES, CORPUS, { recursive: true });
  first = build(A);
}, 600_000);

describe('incremental render', () => {
  it('renders every page on the first build (nothing to restore)', () => {
    expect(first.restored).toEqual([]);
    expect(first.carried).toEqual([]);
    expect(first.rendered.length).toBeGreaterThan(200);
    expect(first.rendered).toContain(PAGE);
  });

  it('after a note changes, re-renders only that project page (and the always-rendered static pages, /measures/all/ among them), carries every other page over from the published site, and publishes what a clean build does', () => {
    editCsv(NOTES, 'レビューシート,2024,4,', 13, (c) => `${c}（テスト用の変更）`);
    // Started by another command than the first build (the shell's `_`), which must not
    // change the bundled code (scripts/build.ts gives Astro the environment without it).
    const again = build(A, { _: '/usr/bin/another-launcher' });
    const dynamic = again.rendered.filter((p) => !/^\/(?:index|about\/index|data\/index|search\/index|projects\/index|recipients\/index|measures\/index|measures\/all\/index|ministries\/index)\.html$/.test(p));
    expect(dynamic).toEqual([PAGE]);
    expect(again.carried.length).toBe(first.rendered.length - again.rendered.length);
    expect(again.restored).toEqual([]);
    // Hard links to the published files, not copies.
    expect(statSync(join(A.dist, again.carried[0]!)).nlink).toBeGreaterThan(1);
    expect(readFileSync(join(A.dist, PAGE), 'utf8')).toContain('（テスト用の変更）');
    clean(B);
    build(B, { SNAPSHOT_ARCHIVE_DIR: ARCHIVE });
    expect(diffTrees(hashTree(B.dist), hashTree(A.dist))).toEqual([]);
  }, 600_000);

  it('after a project name changes, re-renders the lists and every page that names it, and publishes what a clean build does', () => {
    editCsv(OVERVIEW, 'レビューシート,2024,4,', 3, () => '情報システムの整備（テスト用の名前）');
    const again = build(A);
    expect(again.rendered).toContain(PAGE);
    expect(again.rendered).toContain('/ministries/digital/index.html');
    expect(again.rendered).toContain('/projects/index.html');
    // Only the pages that read the name (src/lib/pages/page-deps.ts): other projects' pages and
    // the recipients it does not pay are carried over.
    expect(again.carried).toContain('/projects/2018-soumu-new30-0006/index.html');
    expect(again.carried.filter((p) => p.startsWith('/recipients/')).length).toBeGreaterThan(100);
    expect(again.carried.filter((p) => p.startsWith('/projects/rs-2024-')).length).toBeGreaterThan(20);
    expect(again.rendered.filter((p) => p.startsWith('/projects/rs-2024-'))).toEqual([PAGE]);
    clean(B);
    build(B, { SNAPSHOT_ARCHIVE_DIR: ARCHIVE });
    expect(diffTrees(hashTree(B.dist), hashTree(A.dist))).toEqual([]);
    expect(readFileSync(join(A.dist, 'ministries/digital/index.html'), 'utf8')).toContain('情報システムの整備（テスト用の名前）');
  }, 600_000);

  it('carries nothing over when the records are not those of the published site (a build that failed after Astro), and still publishes what a clean build does', () => {
    // What a failed build leaves: records newer than the published pages (scripts/build.ts writes published.id only after publishing).
    rmSync(join(`${A.dist}.cache`, 'published.id'));
    const again = build(A);
    expect(again.carried).toEqual([]);
    expect(again.rendered.length).toBeGreaterThan(200);
    expect(diffTrees(hashTree(B.dist), hashTree(A.dist))).toEqual([]);
    expect(existsSync(join(`${A.dist}.cache`, 'published.id'))).toBe(true);
  }, 600_000);

  it('carries nothing over when the code differs from the published build\'s (the bundle, lockfile or config), and still publishes what a clean build does', () => {
    const file = join(`${A.dist}.cache`, 'page-deps.json');
    const deps = JSON.parse(readFileSync(file, 'utf8')) as { code: string };
    expect(deps.code).toMatch(/^[\w-]{43}$/);
    writeFileSync(file, JSON.stringify({ ...deps, code: 'another build of the code' }));
    const again = build(A);
    expect(again.carried).toEqual([]);
    expect(again.rendered.length + again.restored.length).toBeGreaterThan(200);
    expect(diffTrees(hashTree(B.dist), hashTree(A.dist))).toEqual([]);
  }, 600_000);
});
