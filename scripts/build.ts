/**
 * The whole build: ingest → (Astro ‖ open-data snapshot) → Pagefind (in shards) → publish.
 * Everything is built into a staging folder; dist/ is replaced only when every stage
 * succeeded, so a failed or killed build leaves the previous dist/ intact. Ingest with the
 * snapshot, and Astro, run as child processes; this one orchestrates and builds the index.
 */
import { copyFile, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DIST_DIR, RECORDS_DIR, SNAPSHOT_ARCHIVE_DIR } from '../src/lib/env.ts';
import { ID_FILE, PUBLISHED_FILE } from '../src/lib/pages/page-deps.ts';
import { swapDir } from './lib/fs.ts';
import { recoverInterruptedPublish } from './lib/recover-publish.ts';
import { keepSnapshots } from './stages/keep-snapshots.ts';
import { moveOpenDataInto } from './stages/open-data.ts';
import { ChildFailed, runChild, stage } from './stages/progress.ts';
import { buildSearchIndex } from './stages/search-index.ts';
import { writeSitemap } from './stages/sitemap.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = DIST_DIR;
// Node's default heap (~4 GiB here) is too small for ten years of RS data: the ingest
// result alone is ~0.4 GiB per year. For the ingest-and-snapshot process and Astro.
const HEAP = '--max-old-space-size=12288';
// Rendering makes short-lived strings by the gigabyte: with a 64 MiB young generation
// (default 16) Astro spent 26–27 s of user CPU instead of 30–33 s on RS 2024 (measured
// twice each).
const ASTRO_YOUNG_GEN = '--max-semi-space-size=64';
// Astro's live heap at the decade is ~1.4 GiB (the site data and the page records), but V8's
// own growing factor let its heap climb to ~3.9 GiB between full collections (resident 5.0
// GiB), while the records-and-snapshot process held its ~4–6 GiB beside it: the build's peak.
// A fixed factor of 1.5 collects sooner.
const ASTRO_HEAP_GROWTH = '--heap-growing-percent=50';
// The ingest-and-snapshot process showed no gain on RS 2024, but at the decade its heap holds
// ~4 GiB of records, nearly all of which survive their first scavenge; with 16 MiB young
// generations its scavenges took 61.4 s of the first 250 s (--trace-gc, 2026-12-06), with
// 128 MiB 33.8 s. The decade's ingest (warm cache, idle machine, two runs each): 128.5 and
// 121.7 s with the default, 89.2 and 106.8 s with 128 MiB.
const RECORDS_YOUNG_GEN = '--max-semi-space-size=128';
// Staging sits beside the target so the final swap is a same-filesystem rename.
const STAGING = `${DIST}.staging`;
// The open-data snapshot is written beside the site while Astro runs (the /data/ page lists
// its files' sizes and checksums from OPEN_DATA_DIR/manifest.json); it joins the site afterwards.
const OPEN_DATA = `${DIST}.data`;
// Astro's cache and the page records; unchanged pages are carried over from the published dist/.
const ASTRO_CACHE = `${DIST}.cache`;

process.env.TZ = 'Asia/Tokyo';
// A previous build killed in the middle of its publish step may have left dist/ moved aside.
const restored = await recoverInterruptedPublish(DIST);
if (restored) console.log(`restored ${DIST} from ${restored} (a previous publish was interrupted)`);
// No snapshot of an earlier build may be read by the waiting /data/ page.
await Promise.all([rm(STAGING, { recursive: true, force: true }), rm(OPEN_DATA, { recursive: true, force: true })]);
// Older snapshots come from the published site (or SNAPSHOT_ARCHIVE_DIR, for a build in a
// fresh checkout that restores them from elsewhere): see stages/keep-snapshots.ts.
const PREVIOUS_DATA = SNAPSHOT_ARCHIVE_DIR ?? resolve(DIST, 'data');
const env: NodeJS.ProcessEnv = { ...process.env, OPEN_DATA_DIR: OPEN_DATA, PREVIOUS_DATA_DIR: PREVIOUS_DATA, RECORDS_DIR, TZ: 'Asia/Tokyo' };
// Astro's process gets the environment without `_`. Where a module reads `import.meta.env`
// as a whole (Astro's own runtime does), Astro inlines every environment variable whose name
// occurs in the module's text (astro/dist/env/vite-plugin-import-meta-env.js), and `_`, the
// path of the command the shell last ran, occurs in every one: a rebuild started by another
// command (`nohup`, `time`, npm) bundled different code, so page-deps.ts carried no page over
// and the decade re-rendered all 152,000 (332 s instead of ~60 s, 2026-12-07).
const astroEnv: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(env).filter(([name]) => name !== '_'));
const astroAbort = new AbortController();
const astroBuild = () =>
  stage('astro build', () =>
    runChild(process.execPath, [HEAP, ASTRO_YOUNG_GEN, ASTRO_HEAP_GROWTH, resolve(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], { cwd: ROOT, env: { ...astroEnv, OPEN_DATA_PENDING: '1', ASTRO_OUT_DIR: STAGING, ASTRO_CACHE_DIR: ASTRO_CACHE, ASTRO_CARRY_FROM: DIST, ASTRO_TELEMETRY_DISABLED: '1' }, signal: astroAbort.signal }),
  );
/**
 * Ingest, then Astro and the open-data snapshot at the same time: each is mostly one
 * thread, so together they use both cores (the /data/ page, which lists the snapshot's
 * files, waits for its manifest: read-manifest.ts). Ingest and snapshot share one process
 * (stages/records-and-snapshot.ts), which says when the records are written, so Astro
 * starts then; it exits when the snapshot is written, before Pagefind's peak.
 */
// Typed by assertion: it is set in the message callback, which narrowing does not follow.
let astro = null as Promise<void> | null;
// The child reads strict mode from these flags or from INGEST_STRICT, which it inherits.
const flags = ['--strict', '--quiet'].filter((f) => process.argv.includes(f));
try {
  await runChild(process.execPath, [HEAP, RECORDS_YOUNG_GEN, '--expose-gc', resolve(ROOT, 'scripts/stages/records-and-snapshot.ts'), ...flags], {
    cwd: ROOT,
    env,
    onMessage: (m) => {
      if (astro || (m as { records?: unknown })?.records !== true) return;
      astro = astroBuild();
      // Awaited below; a failure must not go unhandled while the snapshot is written.
      astro.catch(() => undefined);
    },
  });
} catch (e) {
  // Astro would otherwise wait for a manifest that never comes.
  astroAbort.abort();
  // Strict mode's errors, or any failure before the records were written: the child has
  // said why; its exit code is the build's.
  if (!astro && e instanceof ChildFailed && e.code) process.exit(e.code);
  throw e;
}
if (!astro) throw new Error('records-and-snapshot ended without saying the records were written');
await astro;
await stage('robots.txt and sitemap', async () => {
  const r = writeSitemap(STAGING);
  if (r.files.length === 1) console.log('  SITE_URL is not set: no sitemap.xml, canonical links are root-relative, no og:url (see src/lib/site-url.ts)');
});
// Shards of the published site whose pages are unchanged are copied from it, not rebuilt;
// the pages' prepared digests are kept with Astro's cache (search-index.ts: DIGEST_CACHE).
await stage('search index (pagefind)', () => buildSearchIndex(STAGING, { previous: DIST, cacheDir: ASTRO_CACHE }));
// After Pagefind, so it doesn't walk tens of thousands of data files.
await stage('add open data to site', async () => {
  await moveOpenDataInto(OPEN_DATA, STAGING);
  await keepSnapshots(PREVIOUS_DATA, resolve(STAGING, 'data'));
});
await stage('publish', async () => {
  // Until the new pages are published, no page may be carried over from dist/ by their records.
  await rm(resolve(ASTRO_CACHE, PUBLISHED_FILE), { force: true });
  await swapDir(STAGING, DIST);
  // Now dist/ holds the pages those records describe (src/lib/pages/page-deps.ts carryOver).
  const published = resolve(ASTRO_CACHE, PUBLISHED_FILE);
  await copyFile(resolve(ASTRO_CACHE, ID_FILE), `${published}.tmp`).then(() => rename(`${published}.tmp`, published), () => undefined);
});
console.log(`\nbuilt ${DIST}`);
