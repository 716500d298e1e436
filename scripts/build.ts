/**
 * The whole build: ingest → (Astro ‖ open-data snapshot) → Pagefind (in shards) → publish.
 * Everything is built into a staging folder; dist/ is replaced only when every stage
 * succeeded, so a failed or killed build leaves the previous dist/ intact.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ROOT, runIngest } from './ingest.ts';
import { swapDir } from './lib-fs.ts';
import { recoverInterruptedPublish } from './recover-publish.ts';
import { moveOpenDataInto, writeOpenData } from './stages/open-data.ts';
import { buildSearchIndex } from './stages/search-index.ts';

const DIST = resolve(ROOT, process.env.DIST_DIR || 'dist');
// Node's default heap (~4 GiB here) is too small for ten years of RS data: the ingest
// result alone is ~0.4 GiB per year. `npm run build` passes the same flag to this process.
const HEAP = '--max-old-space-size=12288';
// Rendering makes short-lived strings by the gigabyte: with a 64 MiB young generation
// (default 16) Astro spent 26–27 s of user CPU instead of 30–33 s on RS 2024 (measured
// twice each). The ingest and snapshot stages showed no gain, so only Astro gets it.
const ASTRO_YOUNG_GEN = '--max-semi-space-size=64';
// Staging sits beside the target so the final swap is a same-filesystem rename.
const STAGING = `${DIST}.staging`;
// The open-data snapshot is written beside the site while Astro runs (the /data/ page lists
// its files' sizes and checksums from OPEN_DATA_DIR/manifest.json); it joins the site afterwards.
const OPEN_DATA = `${DIST}.data`;

/** A full garbage collection now (V8 would otherwise keep the garbage while this process waits). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Runs a child process, passing its output on whole lines at a time: Astro writes a page's
 * path and its timing separately, and a stage line printed in between (the snapshot runs
 * meanwhile) must not land inside its line, where neither people nor the bench find it.
 */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], signal });
    createInterface({ input: child.stdout! }).on('line', (line) => console.log(line));
    createInterface({ input: child.stderr! }).on('line', (line) => console.error(line));
    child.on('error', fail);
    // 'close', not 'exit': only then has the last line of its output been passed on.
    child.on('close', (code, signal) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} exited with ${signal ?? code}`))));
  });
}

async function stage<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  console.log(`\n▶ ${name}`);
  const r = await fn();
  console.log(`✓ ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return r;
}

const strict = process.argv.includes('--strict') || process.env.INGEST_STRICT === '1';
process.env.TZ = 'Asia/Tokyo';
// A previous build killed in the middle of its publish step may have left dist/ moved aside.
const restored = await recoverInterruptedPublish(DIST);
if (restored) console.log(`restored ${DIST} from ${restored} (a previous publish was interrupted)`);
const astroAbort = new AbortController();
const astroBuild = () =>
  stage('astro build', () =>
    run(process.execPath, [HEAP, ASTRO_YOUNG_GEN, resolve(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], { ...process.env, OPEN_DATA_DIR: OPEN_DATA, OPEN_DATA_PENDING: '1', ASTRO_OUT_DIR: STAGING, ASTRO_CACHE_DIR: `${DIST}.cache`, RECORDS_DIR: resolve(ROOT, process.env.RECORDS_DIR || 'content/records'), ASTRO_TELEMETRY_DISABLED: '1', TZ: 'Asia/Tokyo' }, astroAbort.signal),
  );
/**
 * Ingest, then Astro and the open-data snapshot at the same time: each is mostly one
 * thread, so together they use both cores (the /data/ page, which lists the snapshot's
 * files, waits for its manifest: read-manifest.ts). The ingest result (~1 GiB at RS 2024
 * scale) is needed only by the snapshot, so it lives only in here and is collected as
 * soon as the snapshot is written, before Pagefind's peak.
 */
async function ingestThenPages() {
  const { sources, report, ...corpus } = await stage('ingest', () => runIngest({ strict, quiet: process.argv.includes('--quiet') }));
  if (strict && report.counts.errors > 0) {
    console.error(`strict mode: ${report.counts.errors} errors; dist/ left unchanged`);
    process.exit(1);
  }
  // The source texts (about half the ingest result) are on disk now; nothing here needs them.
  sources.length = 0;
  // No snapshot of an earlier build may be read by the waiting /data/ page.
  await Promise.all([rm(STAGING, { recursive: true, force: true }), rm(OPEN_DATA, { recursive: true, force: true })]);
  const astro = astroBuild();
  // Both are awaited below; neither failure may go unhandled while the other runs.
  astro.catch(() => undefined);
  const snapshot = stage('open data', () => writeOpenData(OPEN_DATA, corpus));
  snapshot.catch(() => undefined);
  return { astro, snapshot };
}
const { astro, snapshot } = await ingestThenPages();
try {
  const manifest = await snapshot;
  console.log(`  snapshot ${manifest.snapshotId}: ${manifest.files.length} corpus files, ${manifest.perRecord.reduce((n, p) => n + p.records, 0)} records`);
} catch (e) {
  // Astro would otherwise wait for a manifest that never comes.
  astroAbort.abort();
  throw e;
}
collectGarbage();
await astro;
// Shards of the published site whose pages are unchanged are copied from it, not rebuilt.
await stage('search index (pagefind)', () => buildSearchIndex(STAGING, { previous: DIST }));
// After Pagefind, so it doesn't walk tens of thousands of data files.
await stage('add open data to site', () => moveOpenDataInto(OPEN_DATA, STAGING));
await stage('publish', () => swapDir(STAGING, DIST));
console.log(`\nbuilt ${DIST}`);
