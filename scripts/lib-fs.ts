/** File-system edges shared by the build scripts: reading a sources folder, atomic writes. */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { SourceFile } from '../src/lib/ingest/types.ts';

/** Files that describe a corpus rather than belong to it. */
const IGNORED = /(^|\/)(\.[^/]*|SOURCES\.md|README(\.[a-z]+)?|.*\.md)$/i;

export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string) {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.')) await walk(full);
      } else if (e.isFile()) out.push(full);
    }
  }
  await walk(dir);
  return out;
}

export async function readSources(dir: string): Promise<SourceFile[]> {
  const files = await listFiles(dir);
  const out: SourceFile[] = [];
  for (const f of files) {
    const rel = relative(dir, f).split(sep).join('/');
    if (IGNORED.test(rel)) continue;
    out.push({ path: rel, bytes: new Uint8Array(await readFile(f)) });
  }
  return out;
}

/** Stable JSON: keys in insertion order (records are built in schema order), 2-space indent, final newline. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

const WRITE_CONCURRENCY = 32;

/**
 * Replace directory `target` with freshly written contents, atomically: write into a
 * sibling temp dir, then swap by rename. A crash mid-write leaves the old `target` intact.
 */
export async function writeDirAtomic(target: string, files: Map<string, string | Uint8Array>): Promise<void> {
  const tmp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const dirs = new Set<string>();
  for (const rel of files.keys()) dirs.add(dirname(join(tmp, rel)));
  await mkdir(tmp, { recursive: true });
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  // Many small files: keep a bounded number of writes in flight instead of one at a time
  // (sequential awaits left the build idle for seconds on a 25k-file corpus).
  const entries = [...files];
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const [rel, content] = entries[next++]!;
      await writeFile(join(tmp, rel), content);
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, entries.length) }, worker));
  await swapDir(tmp, target, old);
}

/** Move `fresh` into place at `target`; the previous `target` is removed only after the swap. */
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
  if (hadOld) await rm(old, { recursive: true, force: true });
}
