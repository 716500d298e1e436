/**
 * Atomic publish, for real: a previous dist/ (a copy of the sample build) must survive, intact
 * and complete (every file's hash unchanged), a build that fails — strict mode, or Astro failing
 * mid-build — and a build that is SIGKILLed (whole process group: build script, Astro, Pagefind)
 * at each stage. A build after the kills still publishes normally, and a dist/ left half-swapped
 * by a kill between the two renames of the publish step is recovered by the next build.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLE_SOURCES, TEST_DIST } from './paths.ts';
import { generateHostileCorpus } from './hostile/generate.ts';
import { diffTrees, hashTree, killBuildAt, runBuild, type BuildDirs } from './hostile/harness.ts';
import { TEST_BUILD_ID } from '../src/lib/env.ts';

const ID = TEST_BUILD_ID;
const DIST = resolve(ROOT, `.build/${ID}-atomic-dist`);
const RECORDS = resolve(ROOT, `.build/${ID}-atomic-records`);
const CORPUS = resolve(ROOT, `.build/${ID}-atomic-corpus`);

let before: Map<string, string>;
let dirs: BuildDirs;

/** The sample build's tree must still be there, file for file. */
function expectIntact(): void {
  expect(existsSync(DIST)).toBe(true);
  expect(diffTrees(before, hashTree(DIST))).toEqual([]);
}

beforeAll(async () => {
  // A different input than the published site, so a publish would be visible.
  const m = await generateHostileCorpus({ sampleDir: SAMPLE_SOURCES, outDir: CORPUS, big: false });
  dirs = { dist: DIST, records: RECORDS, sources: m.sourcesDir };
  for (const p of [DIST, `${DIST}.staging`, `${DIST}.cache`, `${DIST}.data`]) rmSync(p, { recursive: true, force: true });
  for (const e of readdirSync(resolve(DIST, '..'))) if (e.startsWith(`${ID}-atomic-dist.old-`)) rmSync(resolve(DIST, '..', e), { recursive: true, force: true });
  cpSync(TEST_DIST, DIST, { recursive: true });
  before = hashTree(DIST);
  expect(before.size).toBeGreaterThan(3);
}, 120_000);

describe('a failed build leaves the previous dist/ intact and complete', () => {
  it('strict mode with errors exits non-zero before publishing', () => {
    const r = runBuild(dirs, ['--quiet', '--strict']);
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/strict/);
    expectIntact();
  });

  it('Astro failing mid-build (its cache path is unusable) exits non-zero before publishing', () => {
    rmSync(`${DIST}.cache`, { recursive: true, force: true });
    writeFileSync(`${DIST}.cache`, 'not a directory');
    try {
      const r = runBuild(dirs);
      expect(r.status).not.toBe(0);
      expectIntact();
    } finally {
      rmSync(`${DIST}.cache`, { force: true });
    }
  }, 300_000);
});

describe('a killed build leaves the previous dist/ intact and complete', () => {
  for (const marker of ['▶ ingest', '▶ astro build', '▶ open data', 'generating static routes', '▶ search index']) {
    it(`SIGKILL at "${marker}"`, async () => {
      const r = await killBuildAt(dirs, marker);
      if (!r.killed) throw new Error(`the build never printed "${marker}" (exit ${r.code}):\n${r.out.slice(-2000)}`);
      expect(r.signal).toBe('SIGKILL');
      expect(r.out).not.toMatch(/^built \//m); // the build's last line, after publishing
      expectIntact();
    }, 600_000);
  }

  it('after the kills, the next build publishes the new site normally', async () => {
    const r = runBuild(dirs);
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const now = hashTree(DIST);
    expect(diffTrees(before, now).length).toBeGreaterThan(0);
    expect(now.has('index.html')).toBe(true);
    // Nothing left behind beside dist/ but the old tree being deleted in the background
    // (lib/fs.ts: removeInBackground), and that goes soon.
    const siblings = () => readdirSync(resolve(DIST, '..')).filter((e) => e.startsWith(`${ID}-atomic-dist.`) && !/\.(cache|data)$/.test(e));
    expect(siblings().filter((e) => !/\.trash-\d+$/.test(e))).toEqual([]);
    await expect.poll(siblings, { timeout: 60_000, interval: 200 }).toEqual([]);
  }, 600_000);

  it('a dist/ moved aside by a kill between the two renames of the publish is restored by the next build, even a failing one', () => {
    const current = hashTree(DIST);
    // The state a SIGKILL leaves between `rename(dist → dist.old-PID)` and `rename(staging → dist)`.
    const aside = `${DIST}.old-99999`;
    renameSync(DIST, aside);
    mkdirSync(`${DIST}.staging`, { recursive: true });
    const r = runBuild(dirs, ['--quiet', '--strict']);
    expect(r.status).not.toBe(0);
    expect(existsSync(aside)).toBe(false);
    expect(diffTrees(current, hashTree(DIST))).toEqual([]);
  }, 300_000);
});
