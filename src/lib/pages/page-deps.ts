/**
 * What each page read while it rendered: the records, fields, statuses and source texts it
 * asked the records reader for. The build writes them down with a signature (their content
 * hashes then); the next build gives a page its previous cache key only if the same reads
 * sign the same now (cache-keys.ts), so adding a review year or changing one sheet
 * re-renders the pages that show it, and no other: a 2017 project page that reads nothing
 * of 2024 keeps its key and is restored from Astro's cache.
 *
 * Why this is safe: a page is a function of the code (which Astro hashes per route) and of
 * what it read. If none of its reads changed, it reads the same things again and renders the
 * same bytes; if one changed, its key changes and it is rendered, and what it reads then is
 * written down for the next build. The reads are recorded where the data comes in — the
 * maps of site-data.ts (recording-site.ts) and the functions of records.ts — and in the
 * dark it fails closed:
 *  - a read of anything the reader does not know (a new property of the site data) counts as
 *    a read of everything (`*`), so such a page re-renders whenever anything changes;
 *  - a page with no record (new, or never rendered with the recorder on), or one that read
 *    nothing the recorder saw, gets a fresh key and is rendered.
 * Pages must therefore take records only from site-data.ts / records.ts (never read the
 * records folder themselves), which is the rule for pages anyway.
 *
 * Reads are attributed to the page being rendered with an AsyncLocalStorage that
 * src/middleware.ts opens around each page's whole render (two pages render at once). The
 * state lives on globalThis: the integration below (loaded with astro.config.mjs) and the
 * pages (in Astro's build bundle) are different module instances in the same process.
 *
 * Reads are named `file:<dir>/<id>.json` (a record file: its digest from ingest's
 * digests.json), `exists:<dir>/<id>`, `field:<collection>/<id>#<field>` (one field of a
 * record held in memory), `all:<dir>` (a whole collection: membership and content),
 * `status:<id>` and `status:*` (per-record statuses from the ingest report), and `*`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A page's record: the key Astro has its output under, what it read, and the signature of those reads then. */
export interface PageRecord {
  key: string;
  deps: string[];
  sig: string;
}

interface State {
  als: AsyncLocalStorage<Set<string>>;
  /** Records of the previous build, by page id (read when this build starts). */
  previous: Map<string, PageRecord>;
  /** Keys given to this build's pages (getStaticPaths). */
  keys: Map<string, string>;
  /** Reads of this build's renders, with their signature. */
  rendered: Map<string, { deps: string[]; sig: string }>;
}

const SLOT = Symbol.for('gyosei-review-portal.page-deps');
const holder = globalThis as typeof globalThis & { [SLOT]?: State };
const state: State = (holder[SLOT] ??= { als: new AsyncLocalStorage(), previous: new Map(), keys: new Map(), rendered: new Map() });

/** A page by route pattern and params (`/projects/[id]` + `{ id }`): the same in getStaticPaths and middleware. */
export function pageId(route: string, params: Record<string, string | number | undefined>): string {
  const p = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, String(v)])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  return `${route} ${JSON.stringify(p)}`;
}

/** Records `dep` as read by the page being rendered (nothing outside a render). */
export function dependsOn(dep: string): void {
  state.als.getStore()?.add(dep);
}

/** Runs `fn` with nothing recorded: loading data once for all pages is no page's read. */
export function untracked<T>(fn: () => T): T {
  return state.als.exit(fn);
}

/**
 * Runs a page's whole render with its reads recorded; `signature` gives their content
 * hashes now (cache-keys.ts). Pages without a key (no getStaticPaths) are not recorded.
 */
export async function recordingReads<T>(page: string, signature: (deps: string[]) => string, render: () => Promise<T>): Promise<T> {
  const deps = new Set<string>();
  const out = await state.als.run(deps, render);
  if (state.keys.has(page)) {
    const sorted = [...deps].sort();
    state.rendered.set(page, { deps: sorted, sig: signature(sorted) });
  }
  return out;
}

/**
 * A value computed once per build from site data (a module-level cache, e.g. the projects
 * by review year): the reads made while computing it are recorded with it and added to every
 * page that uses it, since the page depends on them as if it had read them itself. A cache
 * of site data made any other way would hide those reads, and a page could be restored stale:
 * make such caches with this.
 */
export function cachedWithReads<T>(compute: () => Promise<T>): () => Promise<T> {
  let made: Promise<{ value: T; deps: string[] }> | undefined;
  return async () => {
    made ??= (async () => {
      const deps = new Set<string>();
      const value = await state.als.run(deps, compute);
      return { value, deps: [...deps] };
    })();
    const { value, deps } = await made;
    for (const d of deps) dependsOn(d);
    return value;
  };
}

/** The previous build's record of a page, or null. */
export function previousRecord(page: string): PageRecord | null {
  return state.previous.get(page) ?? null;
}

/** The key this build gives a page (so its record can be written when the build is done). */
export function givenKey(page: string, key: string): string {
  state.keys.set(page, key);
  return key;
}

const FILE = 'page-deps.json';

/**
 * Astro integration: loads the previous build's page records from Astro's cache folder when
 * a build starts, and writes this build's when it is done (only then: a failed build keeps
 * the old file, which matches the old cache). The file lives beside Astro's incremental
 * cache, because the two describe the same pages: lose either, and pages render anew.
 */
export function pageDepsIntegration() {
  let cacheDir = '';
  return {
    name: 'page-deps',
    hooks: {
      'astro:config:done': ({ config }: { config: { cacheDir: URL } }) => {
        cacheDir = fileURLToPath(config.cacheDir);
      },
      'astro:build:start': () => {
        state.previous = new Map();
        state.keys = new Map();
        state.rendered = new Map();
        const p = join(cacheDir, FILE);
        if (!existsSync(p)) return;
        try {
          state.previous = new Map(Object.entries(JSON.parse(readFileSync(p, 'utf8')) as Record<string, PageRecord>));
        } catch {
          // Unreadable: every page gets a fresh key, renders, and the file is written again.
        }
      },
      'astro:build:done': () => {
        const out: Record<string, PageRecord> = {};
        for (const [page, key] of [...state.keys].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
          const r = state.rendered.get(page);
          // Rendered now: what it read now. Restored: its key was the previous one, and so are its reads.
          if (r) out[page] = { key, ...r };
          else if (state.previous.get(page)?.key === key) out[page] = state.previous.get(page)!;
        }
        mkdirSync(cacheDir, { recursive: true });
        const p = join(cacheDir, FILE);
        writeFileSync(`${p}.tmp`, JSON.stringify(out) + '\n');
        renameSync(`${p}.tmp`, p);
      },
    },
  };
}
