/**
 * Shared machinery for the hostile-input, determinism and atomic-publish tests: running the
 * real build as a child process, hashing a built tree. (They serve it with scripts/lib/static-server.ts.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ROOT } from '../paths.ts';

export const BUILD_SCRIPT = resolve(ROOT, 'scripts/build.ts');

export interface BuildDirs {
  dist: string;
  records: string;
  /** Sources folder; '' = the bundled sample. */
  sources: string;
}

/**
 * Vitest puts import.meta.env's values into process.env (BASE_URL, MODE, DEV, PROD, SSR); a
 * build started from a test gets the environment without them, as a user's build would. With
 * PROD and DEV set, Vite replaced `import.meta.env.PROD` in Astro's runtime by their values,
 * which hid how the rest of the environment reached the bundle (scripts/build.ts, `_`).
 */
const VITEST_IMPORT_META_ENV = new Set(['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']);

export function buildEnv(dirs: BuildDirs, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !VITEST_IMPORT_META_ENV.has(name)));
  return { ...inherited, TZ: 'Asia/Tokyo', DIST_DIR: dirs.dist, RECORDS_DIR: dirs.records, SOURCES_DIR: dirs.sources, ...extra };
}

/** Run the real build to completion. */
export function runBuild(dirs: BuildDirs, args: string[] = ['--quiet'], extra: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BUILD_SCRIPT, ...args], { cwd: ROOT, env: buildEnv(dirs, extra), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Start the build and SIGKILL its whole process group (build script, Astro, Pagefind) as soon
 * as its output shows `marker`. Resolves with what happened.
 */
export function killBuildAt(dirs: BuildDirs, marker: string, extra: NodeJS.ProcessEnv = {}): Promise<{ killed: boolean; out: string; signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [BUILD_SCRIPT], { cwd: ROOT, env: buildEnv(dirs, extra), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let killed = false;
    const onData = (b: Buffer) => {
      out += b.toString();
      if (!killed && out.includes(marker)) {
        killed = true;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', fail);
    child.on('exit', (code, signal) => ok({ killed, out, signal, code }));
  });
}

export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Path → SHA-256 of every file under `dir`. */
export function hashTree(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const rel of listTree(dir)) m.set(rel, sha256(readFileSync(join(dir, rel))));
  return m;
}

/** Human-readable differences between two hash maps (missing, extra, changed), or [] when identical. */
export function diffTrees(a: Map<string, string>, b: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [p, h] of a) {
    if (!b.has(p)) out.push(`missing in second: ${p}`);
    else if (b.get(p) !== h) out.push(`differs: ${p}`);
  }
  for (const p of b.keys()) if (!a.has(p)) out.push(`only in second: ${p}`);
  return out;
}

export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}


export interface Tag {
  name: string;
  attrs: Array<[string, string]>;
  /** Raw text of <script>/<style> elements. */
  content: string;
}

/**
 * Start tags of an HTML document as a browser tokenizer sees them: attribute values may hold
 * `>` and `<` (they stay text), comments are skipped, script/style content is raw text.
 */
export function scanTags(html: string): Tag[] {
  const out: Tag[] = [];
  const ATTR = /\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/y;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const m = /^<([A-Za-z][^\s/>]*)/.exec(html.slice(lt, lt + 64));
    if (!m) {
      i = lt + 1;
      continue;
    }
    const name = m[1]!.toLowerCase();
    let j = lt + m[0].length;
    const attrs: Array<[string, string]> = [];
    for (;;) {
      while (j < html.length && /[\s/]/.test(html[j]!)) j++;
      if (j >= html.length || html[j] === '>') break;
      ATTR.lastIndex = j;
      const a = ATTR.exec(html);
      if (!a || a[0].length === 0) {
        j++;
        continue;
      }
      attrs.push([a[1]!.toLowerCase(), a[2] ?? a[3] ?? a[4] ?? '']);
      j = ATTR.lastIndex;
    }
    j++;
    let content = '';
    if (name === 'script' || name === 'style') {
      const close = html.toLowerCase().indexOf(`</${name}`, j);
      content = html.slice(j, close < 0 ? html.length : close);
      j = close < 0 ? html.length : close;
    }
    out.push({ name, attrs, content });
    i = j;
  }
  return out;
}
