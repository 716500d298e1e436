/**
 * The peer: what a user would build instead of our pipeline — the same pages rendered by a
 * plain `astro build` (no incremental-build cache, an empty cache folder, Node's default
 * young generation: none of our tuning), then indexed by default Pagefind, the CLI the
 * Pagefind docs give (`pagefind --site <dist>`: its own Japanese segmentation, one index,
 * one process). Run by scripts/bench.ts after our full build, on that build's records, so
 * the pages are the same; prints the same `▶`/`✓` stage lines as scripts/build.ts, so one
 * harness (bench/run-stages.ts) measures both.
 *
 *   node scripts/bench/peer.ts --records <records dir> --data <published data dir> --work <dir>
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stage } from '../stages/progress.ts';

const ROOT = resolve(import.meta.dirname, '../..');
// The same heap limit as our Astro stage: at RS scale Node's default is not enough for Astro.
const HEAP = '--max-old-space-size=12288';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('error', fail);
    child.on('exit', (code, signal) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} exited with ${signal ?? code}`))));
  });
}

if (import.meta.main) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    const v = i >= 0 ? process.argv[i + 1] : undefined;
    if (!v) throw new Error(`usage: node scripts/bench/peer.ts --records <dir> --data <dir> --work <dir> (missing --${name})`);
    return resolve(v);
  };
  const records = arg('records');
  const data = arg('data');
  const work = arg('work');
  const dist = join(work, 'dist');
  await rm(work, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TZ: 'Asia/Tokyo',
    RECORDS_DIR: records,
    // The /data/ page lists the snapshot our build published; nothing waits for it.
    OPEN_DATA_DIR: data,
    OPEN_DATA_PENDING: '',
    ASTRO_OUT_DIR: dist,
    ASTRO_CACHE_DIR: join(work, 'astro-cache'),
    ASTRO_INCREMENTAL: '0',
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  await stage('astro build (plain)', () => run(process.execPath, [HEAP, join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], env));
  // The npm package's own CLI: it runs the extended binary (needed for Japanese) when installed.
  await stage('pagefind --site (default)', () => run(process.execPath, [join(ROOT, 'node_modules/pagefind/lib/runner/bin.cjs'), '--site', dist], env));
}
