/**
 * Every environment variable the project reads, each with its default, in one place (the
 * README's 「環境変数」 table lists the ones meant for users). Values are read once, when this
 * module is first imported: a process that needs other values is started with them, as the
 * build starts its children. Relative paths are taken from the current folder, which is the
 * project folder for npm scripts, the tests and the processes the build starts.
 *
 * Imported by Node scripts, tests, astro.config.mjs and Astro's pages — never by browser code.
 * Not here: variables only passed through to the processes the build starts (NODE_OPTIONS,
 * LD_LIBRARY_PATH for the npm Chromium, TZ, which the build pins to Asia/Tokyo).
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

const env = process.env;
const positive = (name: string): number | null => (Number(env[name]) > 0 ? Number(env[name]) : null);

// ── For users ──────────────────────────────────────────────────────────────────────────────
/** The bundled sample, used when SOURCES_DIR is unset or empty. */
export const DEFAULT_SOURCES_DIR = 'content/sources';
/** The folder of source texts and RS tables to build from. */
export const SOURCES_DIR = resolve(env.SOURCES_DIR || DEFAULT_SOURCES_DIR);
/** SOURCES_DIR as given, '' when unset: the bench takes several folders, comma-separated, and has no default. */
export const SOURCES_DIR_GIVEN = env.SOURCES_DIR ?? '';
/**
 * How ingest names the sources folder in its report: as given when set, or the sample's
 * relative name (so the sample's records are the same wherever the project is checked out).
 */
export const SOURCES_LABEL = env.SOURCES_DIR ? SOURCES_DIR : DEFAULT_SOURCES_DIR;
/** Where ingest writes the records that Astro and the open-data stage read. */
export const RECORDS_DIR = resolve(env.RECORDS_DIR || 'content/records');
/** The published site; the build stages beside it (DIST_DIR.staging, .data, .cache). */
export const DIST_DIR = resolve(env.DIST_DIR || 'dist');
/** The site's public address (canonical links, sitemap); unset: root-relative links, no sitemap. */
export const SITE_URL = env.SITE_URL ?? '';
/**
 * Where the build finds the open-data snapshots of earlier builds, to keep them published
 * (stages/keep-snapshots.ts); unset: the published site's data/ folder. For a build in a
 * fresh checkout that restores them from elsewhere.
 */
export const SNAPSHOT_ARCHIVE_DIR = env.SNAPSHOT_ARCHIVE_DIR ? resolve(env.SNAPSHOT_ARCHIVE_DIR) : null;
/** Seconds since 1970: the snapshot's date instead of the newest source file's (reproducible builds' convention). */
export const SOURCE_DATE_EPOCH = env.SOURCE_DATE_EPOCH ?? '';
/** Treat ingest warnings as errors (same as --strict). */
export const INGEST_STRICT = env.INGEST_STRICT === '1';
/** `0` turns the ingest cache off (every file parsed again). */
export const INGEST_CACHE = env.INGEST_CACHE !== '0';
/** Where the ingest cache keeps parse results, by content hash. */
export const INGEST_CACHE_DIR = resolve(env.INGEST_CACHE_DIR || '.cache/ingest');
/** The most a search bundle (shard) may hold: HTML bytes plus 10,000 per page. */
export const SEARCH_SHARD_BUDGET = positive('SEARCH_SHARD_BUDGET') ?? 140_000_000;
/** How many Pagefind processes build shards at once. */
export const SEARCH_WORKERS = positive('SEARCH_WORKERS') ?? Math.min(2, availableParallelism());
/** At least this many shards, however small the site (the tests use 3 to exercise merging); unset: by budget alone. */
export const SEARCH_SHARDS = positive('SEARCH_SHARDS');
/** Where `npm run bench` works (copies, logs, profiles). */
export const BENCH_DIR = resolve(env.BENCH_DIR || '.build/bench');
/** Which Chromium browser tests and tools drive: auto, system, npm or a path (scripts/lib/chromium.ts). */
export const CHROMIUM = env.CHROMIUM || 'auto';
/** Names the test builds (.build/<id>-dist …), so several runs can build side by side. */
export const TEST_BUILD_ID = env.TEST_BUILD_ID || 'test';
/** The accessibility test on another built site and its records (e.g. RS 2024); unset: the test build. */
export const A11Y_DIST = env.A11Y_DIST ? resolve(env.A11Y_DIST) : null;
export const A11Y_RECORDS = env.A11Y_RECORDS ? resolve(env.A11Y_RECORDS) : null;
/** `1`: the site tests read the existing test build instead of building the sample first. */
export const TEST_SKIP_BUILD = env.TEST_SKIP_BUILD === '1';

// ── Set by the build for the processes it starts (scripts/build.ts), not by users ───────────
/** Where the open-data snapshot is being written while Astro renders. */
export const OPEN_DATA_DIR = env.OPEN_DATA_DIR || null;
/** The earlier snapshots the new one is compared with and kept beside (SNAPSHOT_ARCHIVE_DIR or dist/data). */
export const PREVIOUS_DATA_DIR = env.PREVIOUS_DATA_DIR || null;
/** `1` while the snapshot is still being written: the /data/ page waits for its manifest. */
export const OPEN_DATA_PENDING = env.OPEN_DATA_PENDING === '1';
/** Astro's output folder (the build's staging folder) and its cache beside the published site. */
export const ASTRO_OUT_DIR = env.ASTRO_OUT_DIR || './dist';
export const ASTRO_CACHE_DIR = env.ASTRO_CACHE_DIR || './node_modules/.astro';
/** `0` turns Astro's incremental build off (every page rendered; the bench uses it to compare). */
export const ASTRO_INCREMENTAL = env.ASTRO_INCREMENTAL !== '0';
/**
 * The published site the previous build's unchanged pages are carried over from (hard links,
 * src/lib/pages/page-deps.ts): scripts/build.ts sets it to DIST_DIR; unset, nothing is carried.
 */
export const ASTRO_CARRY_FROM = env.ASTRO_CARRY_FROM ? resolve(env.ASTRO_CARRY_FROM) : null;
