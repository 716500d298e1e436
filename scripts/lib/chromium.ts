/**
 * The headless Chromium that the browser tests and tools (search bench, screenshots) drive
 * through playwright-core, found so that `npm install && npm test` passes on any machine of
 * our kind:
 * - Debian's /usr/bin/chromium where it is installed (the distribution keeps it patched);
 * - otherwise the one the project brings through npm: @sparticuz/chromium ships a headless
 *   Chromium inside the registry package (brotli-compressed, with the NSS libraries it links
 *   against), so nothing is downloaded at install or run time. It is unpacked once per
 *   package version into node_modules/.cache/ (atomically: parallel test workers or a
 *   killed run never leave a half-written browser behind).
 * The CHROMIUM environment variable (src/lib/env.ts) chooses otherwise: `system`, `npm`,
 * or the path of a Chromium executable. No browser found is an error, never a skipped test.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { CHROMIUM } from '../../src/lib/env.ts';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Quiet, offline and sandbox-free (tests run as root in CI): no request leaves the machine. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface FoundChromium {
  /** Where it came from: Debian's package, the npm package, or a path given in CHROMIUM. */
  from: 'system' | 'npm' | 'path';
  executablePath: string;
  /** Environment the browser process needs (the npm build's libraries and, if need be, fonts). */
  env: Record<string, string>;
}

/** Finds (and for the npm build, unpacks) the browser that `choice` names; throws when there is none. */
export async function findChromium(choice: string = CHROMIUM): Promise<FoundChromium> {
  if (choice === 'auto') return existsSync(SYSTEM_CHROMIUM) ? { from: 'system', executablePath: SYSTEM_CHROMIUM, env: {} } : npmChromium();
  if (choice === 'system') {
    if (!existsSync(SYSTEM_CHROMIUM)) throw new Error(`CHROMIUM=system, but ${SYSTEM_CHROMIUM} does not exist (Debian package: chromium)`);
    return { from: 'system', executablePath: SYSTEM_CHROMIUM, env: {} };
  }
  if (choice === 'npm') return npmChromium();
  if (!existsSync(choice)) throw new Error(`CHROMIUM=${choice}: no such executable (use auto, system, npm or the path of a Chromium)`);
  return { from: 'path', executablePath: choice, env: {} };
}

/** Launches the browser findChromium gives, with the project's arguments added to `options.args`. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const found = await findChromium();
  return chromium.launch({
    ...options,
    executablePath: found.executablePath,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    env: { ...process.env, ...options.env, ...found.env } as Record<string, string>,
  });
}

/** @sparticuz/chromium unpacked into node_modules/.cache/sparticuz-chromium-<version>/. */
async function npmChromium(): Promise<FoundChromium> {
  let pkg: string;
  try {
    // Its exports map hides package.json: from the entry point, up to the package's folder.
    const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
    pkg = entry.slice(0, entry.lastIndexOf(`${sep}@sparticuz${sep}chromium${sep}`) + `${sep}@sparticuz${sep}chromium`.length);
  } catch {
    throw new Error(`no Chromium: ${SYSTEM_CHROMIUM} does not exist and the npm package @sparticuz/chromium is not installed (run npm install)`);
  }
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  const dir = join(pkg, '..', '..', '.cache', `sparticuz-chromium-${version}`);
  if (!existsSync(join(dir, 'chromium'))) await unpack(join(pkg, 'bin'), dir);
  const env: Record<string, string> = { LD_LIBRARY_PATH: [join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
  // A machine without fontconfig's configuration would have no fonts at all: use the bundled
  // Latin ones and any installed under /usr/share/fonts. Japanese glyphs need a Japanese font
  // installed (Debian: fonts-ipafont-gothic); tests read text, so only screenshots need one.
  if (!existsSync('/etc/fonts/fonts.conf')) env.FONTCONFIG_FILE = join(dir, 'fonts.conf');
  return { from: 'npm', executablePath: join(dir, 'chromium'), env };
}

/** Unpacks the package's brotli files into a sibling temporary folder, then renames it into place. */
async function unpack(bin: string, dir: string): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    await pipeline(createReadStream(join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(tmp, 'chromium'), { mode: 0o755 }));
    // al2023: the NSS/NSPR/expat libraries the binary links against (lib/); swiftshader: its
    // software GL, beside the binary where it looks for it; fonts: Open Sans and a fonts.conf.
    for (const tar of ['al2023.tar.br', 'swiftshader.tar.br', 'fonts.tar.br']) {
      for (const e of untar(brotliDecompressSync(readFileSync(join(bin, tar))))) {
        const out = join(tmp, e.path);
        if (e.type === 'dir') mkdirSync(out, { recursive: true });
        else {
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, e.data, { mode: e.mode });
        }
      }
    }
    writeFileSync(join(tmp, 'fonts.conf'), `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(dir, 'fonts')}</dir>\n  <dir>/usr/share/fonts</dir>\n  <cachedir>${join(dir, 'fontconfig-cache')}</cachedir>\n</fontconfig>\n`);
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another process unpacked the same version first: use its copy.
      if (!existsSync(join(dir, 'chromium'))) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface TarEntry {
  path: string;
  type: 'file' | 'dir';
  mode: number;
  data: Uint8Array;
}

/**
 * The entries of a ustar archive (the package's tarballs hold only files and folders).
 * Anything else, or a path that would leave the target folder, is refused.
 */
export function untar(buf: Uint8Array): TarEntry[] {
  const text = (from: number, len: number) => new TextDecoder().decode(buf.subarray(from, from + len)).replace(/\0.*$/s, '');
  const entries: TarEntry[] = [];
  for (let at = 0; at + 512 <= buf.length; ) {
    const name = text(at, 100);
    if (!name) break; // the two zero blocks that end the archive
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const mode = parseInt(text(at + 100, 8).trim() || '644', 8) & 0o777;
    const flag = String.fromCharCode(buf[at + 156] ?? 0);
    const prefix = text(at + 257, 6).startsWith('ustar') ? text(at + 345, 155) : '';
    const path = normalize(prefix ? `${prefix}/${name}` : name).replace(/\/$/, '');
    if (path.startsWith('..') || path.startsWith(sep) || path.split(sep).includes('..')) throw new Error(`tar entry outside the target folder: ${name}`);
    if (flag === '5') entries.push({ path, type: 'dir', mode, data: new Uint8Array() });
    else if (flag === '0' || flag === '\0') entries.push({ path, type: 'file', mode, data: buf.slice(at + 512, at + 512 + size) });
    else throw new Error(`tar entry of unsupported type '${flag}': ${name}`);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
