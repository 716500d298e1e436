/**
 * Before the site tests (*.build.test.ts, *.browser.test.ts): finds the browser — unpacking
 * the npm one if Debian's is not installed, once, before the test workers start — and builds
 * the bundled sample once, exactly as `npm run build` does, into .build/<TEST_BUILD_ID>-dist,
 * so every site test reads a real built site. No browser is an error here, not a skipped test.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { findChromium } from '../scripts/lib/chromium.ts';
import { SEARCH_SHARDS, TEST_SKIP_BUILD } from '../src/lib/env.ts';
import { ROOT, TEST_DIST, TEST_RECORDS } from './paths.ts';

export default async function setup() {
  const browser = await findChromium();
  console.log(`browser tests use ${browser.executablePath} (${browser.from})`);
  // chromium.browser.test.ts launches the npm build wherever it runs: unpack it now, once.
  if (browser.from !== 'npm') await findChromium('npm');
  if (TEST_SKIP_BUILD) return;
  const r = spawnSync(process.execPath, [resolve(ROOT, 'scripts/build.ts'), '--quiet'], {
    cwd: ROOT,
    // Three search shards, so the search tests run the page's merging of several Pagefind bundles.
    env: { ...process.env, TZ: 'Asia/Tokyo', DIST_DIR: TEST_DIST, RECORDS_DIR: TEST_RECORDS, SOURCES_DIR: '', SEARCH_SHARDS: String(SEARCH_SHARDS ?? 3) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`sample build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}
