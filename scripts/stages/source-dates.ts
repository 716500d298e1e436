/**
 * Each input file's size, hash and date, for the data page, datapackage.json's sources and
 * the snapshot's date (src/lib/opendata/snapshot.ts: the newest of these dates names the
 * snapshot folder unless SOURCE_DATE_EPOCH pins it).
 *
 * A file's date must not depend on when it was copied: a fresh clone gives every file the
 * checkout's time as mtime, so two clones of the same commit named the same snapshot
 * differently. A file that git tracks and that has no change since HEAD is therefore dated by
 * the commit that last changed it (committer time, the same in every clone); only files
 * outside git (e.g. the RS tables in a shared folder), untracked or edited ones fall back to
 * their modification time.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SourceDate } from '../../src/lib/opendata/snapshot.ts';
import { fileDigest } from './open-data-typed.ts';

const run = promisify(execFile);

async function git(dir: string, args: string[]): Promise<string | null> {
  try {
    return (await run('git', ['-c', 'core.quotePath=false', ...args], { cwd: dir, maxBuffer: 256 << 20 })).stdout;
  } catch {
    return null; // not a git work tree, or no git on this machine
  }
}

/**
 * Committer time (ms) of the last commit that changed each file under `dir`, by path
 * relative to `dir`, for files with no uncommitted change. Empty outside a git work tree.
 */
export async function commitTimes(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const log = await git(dir, ['log', '--format=@%ct', '--name-only', '--relative', '--', '.']);
  if (log === null) return out;
  let time = 0;
  // Newest first: a file's first appearance is its last change.
  for (const line of log.split('\n')) {
    if (line.startsWith('@')) time = Number(line.slice(1)) * 1000;
    else if (line && !out.has(line)) out.set(line, time);
  }
  const dirty = await git(dir, ['diff', '--name-only', '--relative', 'HEAD', '--', '.']);
  for (const line of (dirty ?? '').split('\n')) out.delete(line);
  return out;
}

/** Files up to this size are read whole; larger ones (the RS tables) are streamed. */
const READ_WHOLE = 16 * 2 ** 20;

function digestOf(buf: Buffer): { bytes: number; sha256: string } {
  return { bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
}

/** Size, SHA-256 and date of each file (paths relative to `dir`), in the order given. */
export async function sourceDates(dir: string, files: readonly string[], opts: { readWhole?: number } = {}): Promise<SourceDate[]> {
  const readWhole = opts.readWhole ?? READ_WHOLE;
  const committed = await commitTimes(dir);
  const out: SourceDate[] = [];
  // One file at a time: the JUDGIT decade has ~47,000 files (all at once ran out of
  // descriptors). A small file is read and hashed synchronously: a read stream per file cost
  // ~0.2 ms each, ~10 s of a one-sheet rebuild's critical path at the decade.
  for (const file of files) {
    const path = join(dir, file);
    const st = statSync(path);
    const { bytes, sha256 } = st.size <= readWhole ? digestOf(readFileSync(path)) : await fileDigest(path);
    const time = committed.get(file) ?? Math.floor(st.mtimeMs / 1000) * 1000;
    out.push({ file, bytes, sha256, modified: new Date(time).toISOString() });
  }
  return out;
}
