/**
 * The whole build: ingest → open-data snapshot → Astro → Pagefind (in shards) → publish.
 * Everything is built into a staging folder; dist/ is replaced only when every stage
 * succeeded, so a failed or killed build leaves the previous dist/ intact.
 */
import { spawn } from 'node:child_process';
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
// Staging sits beside the target so the final swap is a same-filesystem rename.
const STAGING = `${DIST}.staging`;
// The open-data snapshot is written before Astro runs, because the /data/ page lists its
// files' sizes and checksums (from OPEN_DATA_DIR/manifest.json); it joins the site afterwards.
const OPEN_DATA = `${DIST}.data`;

/** A full garbage collection now (V8 would otherwise keep the garbage while this process waits). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('error', fail);
    child.on('exit', (code, signal) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} exited with ${signal ?? code}`))));
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
/**
 * Ingest, then the open-data snapshot. The ingest result (~1 GiB at RS 2024 scale) is
 * needed by nothing after it, so it lives only in here and is collected before Astro and
 * Pagefind start: otherwise this idle process would hold it through their peak.
 */
async function ingestAndSnapshot() {
  const result = await stage('ingest', () => runIngest({ strict, quiet: process.argv.includes('--quiet') }));
  if (strict && result.report.counts.errors > 0) {
    console.error(`strict mode: ${result.report.counts.errors} errors; dist/ left unchanged`);
    process.exit(1);
  }
  await rm(STAGING, { recursive: true, force: true });
  return stage('open data', () => writeOpenData(OPEN_DATA, result));
}
const manifest = await ingestAndSnapshot();
console.log(`  snapshot ${manifest.snapshotId}: ${manifest.files.length} corpus files, ${manifest.perRecord.reduce((n, p) => n + p.records, 0)} records`);
collectGarbage();
await stage('astro build', () =>
  run(process.execPath, [HEAP, resolve(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], { ...process.env, OPEN_DATA_DIR: OPEN_DATA, ASTRO_OUT_DIR: STAGING, ASTRO_CACHE_DIR: `${DIST}.cache`, RECORDS_DIR: resolve(ROOT, process.env.RECORDS_DIR || 'content/records'), ASTRO_TELEMETRY_DISABLED: '1', TZ: 'Asia/Tokyo' }),
);
// Shards of the published site whose pages are unchanged are copied from it, not rebuilt.
await stage('search index (pagefind)', () => buildSearchIndex(STAGING, { previous: DIST }));
// After Pagefind, so it doesn't walk tens of thousands of data files.
await stage('add open data to site', () => moveOpenDataInto(OPEN_DATA, STAGING));
await stage('publish', () => swapDir(STAGING, DIST));
console.log(`\nbuilt ${DIST}`);
