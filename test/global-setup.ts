/**
 * Builds the bundled sample once, exactly as `npm run build` does, into .build/test-dist,
 * so every test reads a real built site.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT, TEST_DIST, TEST_RECORDS } from './paths.ts';

export default function setup() {
  if (process.env.TEST_SKIP_BUILD === '1') return;
  const r = spawnSync(process.execPath, [resolve(ROOT, 'scripts/build.ts'), '--quiet'], {
    cwd: ROOT,
    // Three search shards, so the search tests run the page's merging of several Pagefind bundles.
    env: { ...process.env, TZ: 'Asia/Tokyo', DIST_DIR: TEST_DIST, RECORDS_DIR: TEST_RECORDS, SOURCES_DIR: '', SEARCH_SHARDS: process.env.SEARCH_SHARDS ?? '3' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`sample build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}
