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
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { link, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Plugin } from 'vite';
import { ASTRO_CARRY_FROM } from '../env.ts';

/** A page's record: the key Astro has its output under, what it read, and the signature of those reads then. */
export interface PageRecord {
  key: string;
  deps: string[];
  sig: string;
  /** The file it was written to, relative to the output folder (`projects/x/index.html`). */
  file?: string;
}

interface State {
  als: AsyncLocalStorage<Set<string>>;
  /** Records of the previous build, by page id (read when this build starts). */
  previous: Map<string, PageRecord>;
  /** Keys given to this build's pages (getStaticPaths). */
  keys: Map<string, string>;
  /** Reads of this build's renders, with their signature and output file. */
  rendered: Map<string, { deps: string[]; sig: string; file?: string }>;
  /** What the bundler wrote (every environment's chunks and assets): bundleLines. */
  bundle: string[];
  /** The project's folder, which the bundler writes into chunks (bundleLines leaves it out). */
  root: string;
  /** The previous build's bundle lines (to say what changed when nothing is carried). */
  previousBundle: string[];
  /** The texts behind those lines, kept in the cache folder (BUNDLE_DIR) to compare when nothing is carried. */
  bundleTexts: Map<string, string | Uint8Array>;
  /** The code fingerprint of the previous build's records, and whether they describe the published site. */
  previousCode: string | null;
  previousPublished: boolean;
  /** Pages not rendered but carried over from the published site: page id → file. */
  carried: Map<string, string>;
  /** Where carried pages come from, once decided (null: nothing is carried this build). */
  carryFrom: string | null | undefined;
  /** Astro's output folder (the build's staging folder), where carried pages are linked. */
  outDir: string;
  /** Carried files not linked yet, and the linking under way (it runs while Astro renders). */
  toLink: string[];
  linking: Promise<void> | null;
  linkError: unknown;
}

const SLOT = Symbol.for('gyosei-review-portal.page-deps');
const holder = globalThis as typeof globalThis & { [SLOT]?: State };
const state: State = (holder[SLOT] ??= { als: new AsyncLocalStorage(), previous: new Map(), keys: new Map(), rendered: new Map(), bundle: [], root: '', previousBundle: [], bundleTexts: new Map(), previousCode: null, previousPublished: false, carried: new Map(), carryFrom: undefined, outDir: '', toLink: [], linking: null, linkError: null });

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
export async function recordingReads<T>(page: string, signature: (deps: string[]) => string, render: () => Promise<T>, pathname?: string): Promise<T> {
  const deps = new Set<string>();
  const out = await state.als.run(deps, render);
  if (state.keys.has(page)) {
    const sorted = [...deps].sort();
    const file = pathname === undefined ? undefined : outputFile(pathname);
    state.rendered.set(page, { deps: sorted, sig: signature(sorted), ...(file ? { file } : {}) });
  }
  return out;
}

/**
 * The file a page's URL path is written to (`build.format: 'directory'`, trailing slashes):
 * `/projects/x/` → `projects/x/index.html`. Astro writes the decoded path. A path that is not
 * a page's (an endpoint's `/x.json`) has none here, and such a page is never carried over.
 */
export function outputFile(pathname: string): string | undefined {
  if (!pathname.endsWith('/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURI(pathname);
  } catch {
    return undefined;
  }
  const rel = `${decoded.slice(1)}index.html`;
  // Never a path outside the output folder.
  return rel.split('/').some((s) => s === '..' || s === '.') ? undefined : rel;
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

/**
 * Carrying over: a page whose reads sign as before, in a build whose code is the code of the
 * published site's build, would render the bytes the published site already holds. Such a
 * page is left out of Astro's paths altogether and hard-linked from the published site when
 * the build is done — Astro's own restore copied every page from its cache (about 6 GB at the
 * decade) and walked each through its generation pipeline, most of a rebuild's Astro time.
 *
 * The code is the bundler's output (every chunk and asset of every environment, which is what
 * renders the pages), the lockfile (packages Vite leaves outside the bundle) and the config;
 * any difference and nothing is carried (Astro's own cache restores what it can). The records
 * must be those of the build that is published: a build that failed after Astro wrote its
 * records never published those pages (page-deps.id against published.id, scripts/build.ts).
 */
export function carryOver(page: string, prev: PageRecord): boolean {
  const from = carrySource();
  if (!from || !prev.file || !existsSync(join(from, prev.file))) return false;
  state.keys.set(page, prev.key);
  state.carried.set(page, prev.file);
  state.toLink.push(prev.file);
  state.linking ??= linkCarried(from);
  return true;
}

/**
 * Links the carried files into the output folder while Astro renders the rest — it waits for
 * the open-data snapshot at the end of most rebuilds, and at the decade 152,000 links took
 * most of the 18 s between Astro's last page and its exit. Astro empties the output folder
 * before it bundles, and getStaticPaths (where pages are carried) runs after that, so nothing
 * of Astro's touches these files; the build's end waits for this (pageDepsIntegration).
 */
async function linkCarried(from: string): Promise<void> {
  const made = new Set<string>();
  try {
    while (state.toLink.length > 0) {
      const batch = state.toLink.splice(0, 256);
      for (const d of new Set(batch.map((f) => dirname(join(state.outDir, f))))) {
        if (!made.has(d)) {
          await mkdir(d, { recursive: true });
          made.add(d);
        }
      }
      await Promise.all(batch.map((f) => link(join(from, f), join(state.outDir, f))));
    }
  } catch (e) {
    state.linkError ??= e;
  } finally {
    state.linking = null;
  }
}

function carrySource(): string | null {
  if (state.carryFrom !== undefined) return state.carryFrom;
  const candidate = ASTRO_CARRY_FROM !== null && state.previousPublished && state.previousCode !== null;
  const sameCode = state.bundle.length > 0 && state.previousCode === codeFingerprint();
  // Said once, because a rebuild that carries nothing costs a cold render (minutes at the decade).
  if (candidate && !sameCode) {
    console.log(`page-deps: the code differs from the published build's, so no page is carried over: ${state.previousBundle.length > 0 ? bundleChange(state.previousBundle, state.bundle) : 'the published build recorded no bundle lines'} (the texts: ${BUNDLE_DIR}.previous/ and, once this build is done, ${BUNDLE_DIR}/ in the cache folder)`);
  }
  const ok = candidate && sameCode;
  state.carryFrom = ok ? ASTRO_CARRY_FROM : null;
  return state.carryFrom;
}

function codeFingerprint(): string {
  const hash = createHash('sha256').update('page-deps code v1\0');
  for (const f of ['package-lock.json', 'astro.config.mjs']) {
    const p = resolve(f);
    hash.update(`${f}\0`).update(existsSync(p) ? readFileSync(p) : 'absent').update('\0');
  }
  for (const line of [...state.bundle].sort()) hash.update(`${line}\n`);
  return hash.digest('base64url');
}


const FILE = 'page-deps.json';
/**
 * The bundled texts the fingerprint was made of (project folder and name hashes left out), and
 * the previous build's beside them: a decade rebuild once refused to carry because two chunks
 * differed with no change of code, and without the texts nothing said how.
 */
const BUNDLE_DIR = 'bundle';
/** A hash of FILE, written beside it; scripts/build.ts copies it to PUBLISHED once the site it describes is published. */
export const ID_FILE = 'page-deps.id';
export const PUBLISHED_FILE = 'published.id';
/** The pages carried over by the last build, one file per line (for tests and the curious). */
const CARRIED_FILE = 'carried-pages.txt';

interface DepsFile {
  code: string | null;
  bundle?: string[];
  pages: Record<string, PageRecord>;
}

const readText = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : null);

/** A content hash in a bundled file's name (`_year__DuQX0QJ9.mjs`, `Base.BxYz1234.css`): 8 URL-safe characters before the extension. */
const NAME_HASH = /[._]([A-Za-z0-9_-]{8})\.[a-z]+$/;

/**
 * What the bundler wrote for one environment, as lines `<env>/<name>\0<digest>` that do not
 * depend on the folder the project is checked out in. Astro writes each component's absolute
 * path into its chunk (for dev tooling; no page shows it), and the bundler names chunks by a
 * hash of their content, so the same commit checked out in two folders bundled to different
 * bytes and names: a rebuild from a second worktree of a site built from the first carried
 * nothing (629 s instead of ~180 s at the decade). The folder is left out of every text, and
 * the name hashes are left out of names and texts (each file's own text still decides its
 * digest, so any change of code still changes a line).
 */
export function bundleLines(env: string, files: { fileName: string; body: string | Uint8Array }[], root: string, texts?: Map<string, string | Uint8Array>): string[] {
  const folder = root.replace(/\/+$/, '');
  const hashes = [...new Set(files.map((f) => NAME_HASH.exec(f.fileName)?.[1]).filter((h): h is string => h !== undefined))];
  const strip = (text: string) => hashes.reduce((t, h) => t.replaceAll(h, '#'), text);
  return files
    .map(({ fileName, body }) => {
      const text = typeof body === 'string' ? strip(folder.length > 0 ? body.replaceAll(folder, '<project>') : body) : body;
      const name = `${env}/${strip(fileName)}`;
      const digest = createHash('sha256').update(text).digest('base64url');
      // Two files of one name once their hashes are left out (two `index_#.mjs`) are told apart by their digest.
      texts?.set(texts.has(name) ? `${name}~${digest.slice(0, 8)}` : name, text);
      return `${name}\0${digest}`;
    })
    .sort();
}

/** How two builds' bundle lines differ, for the message when carrying is refused. */
export function bundleChange(before: readonly string[], after: readonly string[]): string {
  const nameOf = (line: string) => line.slice(0, line.indexOf('\0'));
  const a = new Set(before);
  const b = new Set(after);
  const gone = new Set(before.filter((l) => !b.has(l)).map(nameOf));
  const added = new Set(after.filter((l) => !a.has(l)).map(nameOf));
  const groups: [string, string[]][] = [
    ['changed', [...added].filter((n) => gone.has(n))],
    ['new', [...added].filter((n) => !gone.has(n))],
    ['gone', [...gone].filter((n) => !added.has(n))],
  ];
  const parts = groups
    .filter(([, names]) => names.length > 0)
    .map(([what, names]) => `${names.length} ${what} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''})`);
  return parts.length > 0 ? `bundled files: ${parts.join('; ')}` : 'bundled files unchanged (the lockfile or astro.config.mjs changed)';
}

/**
 * Astro integration: loads the previous build's page records from Astro's cache folder when
 * a build starts, and writes this build's when it is done (only then: a failed build keeps
 * the old file, which matches the old cache). The file lives beside Astro's incremental
 * cache, because the two describe the same pages: lose either, and pages render anew.
 * Its Vite plugin hashes what the bundler writes (the code fingerprint of carryOver), and
 * at the end the carried pages are linked into the output folder.
 */
export function pageDepsIntegration(): AstroIntegration {
  let cacheDir = '';
  const codePlugin: Plugin = {
    name: 'page-deps-code',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle).map((out) => ({ fileName: out.fileName, body: out.type === 'chunk' ? out.code : out.source }));
      state.bundle.push(...bundleLines(this.environment?.name ?? '', files, state.root, state.bundleTexts));
    },
  };
  return {
    name: 'page-deps',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({ vite: { plugins: [codePlugin] } });
      },
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
        state.root = fileURLToPath(config.root);
        state.outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': () => {
        state.previous = new Map();
        state.keys = new Map();
        state.rendered = new Map();
        state.bundle = [];
        state.bundleTexts = new Map();
        state.previousBundle = [];
        state.carried = new Map();
        state.carryFrom = undefined;
        state.toLink = [];
        state.linking = null;
        state.linkError = null;
        state.previousCode = null;
        state.previousPublished = false;
        const p = join(cacheDir, FILE);
        if (!existsSync(p)) return;
        try {
          const file = JSON.parse(readFileSync(p, 'utf8')) as Partial<DepsFile>;
          // A file from before the code fingerprint was a bare map of pages: nothing is carried.
          const pages = (file.pages ?? file) as Record<string, PageRecord>;
          state.previous = new Map(Object.entries(pages));
          state.previousCode = typeof file.code === 'string' ? file.code : null;
          state.previousBundle = Array.isArray(file.bundle) ? file.bundle : [];
          const id = readText(join(cacheDir, ID_FILE));
          state.previousPublished = id !== null && id === readText(join(cacheDir, PUBLISHED_FILE));
        } catch {
          // Unreadable: every page gets a fresh key, renders, and the file is written again.
        }
      },
      'astro:build:done': async ({ dir }) => {
        // The carried pages, linked from the published site while Astro rendered (a build never
        // writes a published file in place: it publishes whole folders, so the links stay what they are).
        const from = state.carryFrom;
        if (from) {
          if (fileURLToPath(dir) !== state.outDir) throw new Error(`page-deps: Astro wrote to ${fileURLToPath(dir)}, carried pages were linked into ${state.outDir}`);
          while (state.linking) await state.linking;
          if (state.linkError) throw state.linkError;
          console.log(`carried over ${state.carried.size} unchanged pages from ${from} (hard links; src/lib/pages/page-deps.ts)`);
        }
        const pages: Record<string, PageRecord> = {};
        for (const [page, key] of [...state.keys].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
          const r = state.rendered.get(page);
          // Rendered now: what it read now. Restored or carried: its key was the previous one, and so are its reads.
          if (r) pages[page] = { key, ...r };
          else if (state.previous.get(page)?.key === key) pages[page] = state.previous.get(page)!;
        }
        mkdirSync(cacheDir, { recursive: true });
        const bundleDir = join(cacheDir, BUNDLE_DIR);
        rmSync(`${bundleDir}.previous`, { recursive: true, force: true });
        if (existsSync(bundleDir)) renameSync(bundleDir, `${bundleDir}.previous`);
        for (const [name, body] of state.bundleTexts) {
          const p = join(bundleDir, name);
          mkdirSync(dirname(p), { recursive: true });
          writeFileSync(p, body);
        }
        const text = JSON.stringify({ code: state.bundle.length > 0 ? codeFingerprint() : null, bundle: [...state.bundle].sort(), pages } satisfies DepsFile) + '\n';
        const p = join(cacheDir, FILE);
        // The old id goes first: a build stopped before the new one is written carries nothing next time.
        rmSync(join(cacheDir, ID_FILE), { force: true });
        writeFileSync(`${p}.tmp`, text);
        renameSync(`${p}.tmp`, p);
        writeFileSync(join(cacheDir, CARRIED_FILE), [...state.carried.values()].sort().map((f) => `${f}\n`).join(''));
        writeFileSync(join(cacheDir, `${ID_FILE}.tmp`), createHash('sha256').update(text).digest('base64url'));
        renameSync(join(cacheDir, `${ID_FILE}.tmp`), join(cacheDir, ID_FILE));
      },
    },
  };
}
