/** File-system edges shared by the build scripts: reading a sources folder, atomic writes. */
import { spawn } from 'node:child_process';
import { link, readdirSync, readFileSync, statSync, writeFile } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { SourceFile } from '../../src/lib/ingest/types.ts';

/** Files that describe a corpus rather than belong to it. */
const IGNORED = /(^|\/)(\.[^/]*|SOURCES\.md|README(\.[a-z]+)?|.*\.md)$/i;

/**
 * Every file under `dir`, in sorted path order. Synchronous calls: at the decade (47,310
 * files, each a symbolic link in the bench's corpus) a stat and a read per file, each awaited
 * in turn, left the process idle ~7 s of a rebuild's ingest; the synchronous calls take
 * microseconds each and nothing else runs while the sources are read.
 */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  function walk(d: string) {
    const entries = readdirSync(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(d, e.name);
      // A symbolic link counts as what it points to: a corpus may be a folder of links to
      // read-only trees (the bench's decade: JUDGIT tree + RS tables + seeds).
      const target = e.isSymbolicLink() ? statSync(full, { throwIfNoEntry: false }) : e;
      if (!target) continue;
      if (target.isDirectory()) {
        if (!e.name.startsWith('.')) walk(full);
      } else if (target.isFile()) out.push(full);
    }
  }
  walk(dir);
  return out;
}

export async function readSources(dir: string): Promise<SourceFile[]> {
  const files = await listFiles(dir);
  const out: SourceFile[] = [];
  for (const f of files) {
    const rel = relative(dir, f).split(sep).join('/');
    if (IGNORED.test(rel)) continue;
    out.push({ path: rel, bytes: new Uint8Array(readFileSync(f)) });
  }
  return out;
}

/** Stable JSON: keys in insertion order (records are built in schema order), 2-space indent, final newline. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

const WRITE_CONCURRENCY = 32;

/** An existing file with the bytes `data` wanted at a new path: linked, not written again (written if linking fails). */
export interface LinkTo {
  link: string;
  data: string | Uint8Array;
}

/**
 * Many small files: a bounded number of writes in flight (the thread pool does the system
 * calls while the caller prepares the next file), with callback fs.writeFile — promise-based
 * writeFile opens a FileHandle and awaits each step, several times the CPU per file.
 * `add` waits only when the limit is reached; `drain` waits for all and throws the first error.
 */
export class WriteQueue {
  private inFlight = 0;
  private error: unknown = null;
  private waiters: Array<() => void> = [];
  private readonly limit: number;
  constructor(limit = WRITE_CONCURRENCY) {
    this.limit = limit;
  }
  /** Writes `data` to `path`, or, given `{ link }`, makes `path` a hard link to that existing file. */
  async add(path: string, data: string | Uint8Array | LinkTo): Promise<void> {
    while (this.inFlight >= this.limit) await new Promise<void>((ok) => this.waiters.push(ok));
    if (this.error) throw this.error;
    this.inFlight++;
    const done = (e: NodeJS.ErrnoException | null) => {
      this.inFlight--;
      if (e && !this.error) this.error = e;
      const waiting = this.waiters;
      this.waiters = [];
      for (const wake of waiting) wake();
    };
    if (typeof data === 'object' && 'link' in data) link(data.link, path, (e) => (e ? writeFile(path, data.data, done) : done(null)));
    else writeFile(path, data, done);
  }
  async drain(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((ok) => this.waiters.push(ok));
    if (this.error) throw this.error;
  }
}

/**
 * Replace directory `target` with freshly written contents, atomically: write into a
 * sibling temp dir, then swap by rename. A crash mid-write leaves the old `target` intact.
 * `files` may be a generator, so that contents are made as they are written (no map of
 * every file's text at once); each path's folder must be named by `dirs` or made earlier.
 * A file given as `{ link }` is a hard link to that file (of the tree being replaced: its
 * files are never written in place, so the link keeps the bytes it had).
 */
export async function writeDirAtomic(target: string, files: Map<string, string | Uint8Array> | Iterable<[string, string | Uint8Array | LinkTo]>, dirs?: Iterable<string>): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const folders = new Set<string>();
  if (dirs) for (const d of dirs) folders.add(join(tmp, d));
  else if (files instanceof Map) for (const rel of files.keys()) folders.add(dirname(join(tmp, rel)));
  else throw new Error('writeDirAtomic: name the folders of generated files');
  await mkdir(tmp, { recursive: true });
  for (const d of [...folders].sort()) await mkdir(d, { recursive: true });
  const queue = new WriteQueue();
  for (const [rel, content] of files) await queue.add(join(tmp, rel), content);
  await queue.drain();
  await swapDir(tmp, target, old);
}

/** Where `<target>.old-PID` goes to be deleted: a name recover-publish.ts never restores. */
export const trashFor = (old: string) => old.replace(/\.old-([^./]+)$/, '.trash-$1');

/**
 * Delete a folder in a detached process, so the caller need not wait for it. It is first
 * renamed to `trash` (trashFor), out of sight, so a folder half deleted is never taken for a
 * complete one. Deleting the decade's published site (~15 GB, hundreds of thousands of
 * files) takes a minute or more of the kernel's time, and nothing needs to wait for it. If
 * the process is cut short, the next build finds the folder (recover-publish.ts) and
 * deletes it then.
 */
export async function removeInBackground(dir: string, trash = trashFor(dir)): Promise<void> {
  if (trash !== dir) {
    await rm(trash, { recursive: true, force: true });
    await rename(dir, trash);
  }
  const child = spawn(process.execPath, ['-e', 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })', trash], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}

/**
 * Move `fresh` into place at `target`. The previous `target` is renamed aside first and
 * deleted after the swap, in the background (removeInBackground): the publish is the rename.
 */
export async function swapDir(fresh: string, target: string, old = `${target}.old-${process.pid}`): Promise<void> {
  await rm(old, { recursive: true, force: true });
  let hadOld = true;
  try {
    await rename(target, old);
  } catch {
    hadOld = false;
  }
  try {
    await rename(fresh, target);
  } catch (e) {
    if (hadOld) await rename(old, target);
    throw e;
  }
  if (hadOld) await removeInBackground(old);
}
