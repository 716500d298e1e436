/**
 * Content-hash cache for ingest: the outcome of parsing some input files is stored under
 * SHA-256(kind, parser version, each input's path and bytes) and reused while all of those
 * are unchanged. The parser version is a hash of the parser's own source (the import closure
 * of src/lib/ingest/pipeline.ts),
 * so editing any parser invalidates every entry — no version number to forget to bump.
 *
 * Entries live in INGEST_CACHE_DIR (default .cache/ingest/), one folder per sources folder;
 * entries not used by a run are deleted at its end, so the cache holds one corpus' worth.
 * Values are stored with v8.serialize (structured clone: faster than JSON, keeps undefined).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Memo } from '../../src/lib/ingest/types.ts';
import { sourceHash } from './source-hash.ts';
import type { SourceFile } from '../../src/lib/ingest/types.ts';
import { INGEST_CACHE, INGEST_CACHE_DIR } from '../../src/lib/env.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** Cache entries written at the same time. */
const WRITE_LANES = 8;
/**
 * Bytes of entries waiting to be written past which an entry is written at once. Ingest is
 * synchronous, so the queued writes cannot start until it returns: on a cold decade every
 * entry waited, 2.4 GiB of serialised values held beside the records (the ingest process
 * peaked at 8.0 GiB, and with Astro started beside it the build at 13.0 GiB). Past this
 * bound an entry is written synchronously, so what waits stays small.
 */
const PENDING_LIMIT = 128 * 2 ** 20;
/** The parser's entry point: its import closure is what makes records. */
const ENTRY = join(ROOT, 'src/lib/ingest/pipeline.ts');
/**
 * Hash of the parser's source files: changes whenever the code that makes records does
 * (and only then — pages, charts and search code are not part of it).
 */
export function parserVersion(): string {
  return sourceHash(ENTRY);
}

export interface IngestCache {
  memo: Memo;
  /** Wait for entries still being written, delete entries this run did not use; returns how many hits/misses it saw. */
  finish(): Promise<{ hits: number; misses: number; dir: string; key: string | null }>;
}

export function openIngestCache(sourcesDir: string, opts: { dir?: string; disabled?: boolean; pendingLimit?: number } = {}): IngestCache {
  const pendingLimit = opts.pendingLimit ?? PENDING_LIMIT;
  const base = opts.dir ? resolve(ROOT, opts.dir) : INGEST_CACHE_DIR;
  const dir = join(base, createHash('sha256').update(resolve(sourcesDir)).digest('hex').slice(0, 16));
  const version = parserVersion();
  const used = new Set<string>();
  let hits = 0;
  let misses = 0;
  // Entries being written: the file writes run in libuv's thread pool while parsing goes
  // on (written synchronously they held the main thread ~1 s of a cold RS 2024 ingest).
  const writes = new Map<string, Promise<void>>();
  let pending = 0;
  // A few lanes, each writing one entry after another: a decade of JUDGIT files is ~47,000
  // entries, and starting every write at once ran out of file descriptors (EMFILE).
  const lanes: Promise<void>[] = Array.from({ length: WRITE_LANES }, () => Promise.resolve());
  const disabled = opts.disabled || !INGEST_CACHE;
  if (!disabled) mkdirSync(dir, { recursive: true });

  // Entries computed inside another (an RS year's tables) are recorded with it, so that
  // reusing the outer entry keeps the inner ones too: the next one-table change then
  // re-reads one table, not all of them.
  const frames: string[][] = [];
  const use = (names: string[]) => {
    for (const n of names) used.add(n);
    frames.at(-1)?.push(...names);
  };

  const memo: Memo = <T>(kind: string, inputs: SourceFile[], compute: () => T): T => {
    if (disabled) return compute();
    const h = createHash('sha256').update(kind).update('\0').update(version);
    for (const f of [...inputs].sort((a, b) => (a.path < b.path ? -1 : 1))) h.update('\0').update(f.path).update('\0').update(f.bytes);
    const name = `${kind}-${h.digest('hex')}.v8`;
    const file = join(dir, name);
    if (existsSync(file)) {
      try {
        const entry = deserialize(readFileSync(file)) as { inner: string[]; value: T };
        use([name, ...entry.inner]);
        hits++;
        return entry.value;
      } catch {
        // A damaged entry is recomputed and rewritten.
      }
    }
    misses++;
    const inner: string[] = [];
    frames.push(inner);
    let value: T;
    try {
      value = compute();
    } finally {
      frames.pop();
    }
    use([name, ...inner]);
    // Snapshot now: the pipeline goes on to mutate reports (strict mode, duplicates).
    const bytes = serialize({ inner, value });
    const tmp = `${file}.tmp-${process.pid}`;
    // The same entry asked for twice in a run is written once (both writes would share `tmp`).
    if (writes.has(name)) {
      // Already written or on its way.
    } else if (pending + bytes.length > pendingLimit) {
      try {
        writeFileSync(tmp, bytes);
        renameSync(tmp, file);
        writes.set(name, Promise.resolve());
      } catch (e) {
        // Reported by finish(), like a failed queued write; handled now, so it is not an unhandled rejection meanwhile.
        const failed = Promise.reject(e as Error);
        failed.catch(() => undefined);
        writes.set(name, failed);
      }
    } else {
      const lane = writes.size % WRITE_LANES;
      pending += bytes.length;
      const write = (lanes[lane] ?? Promise.resolve())
        .then(() => writeFile(tmp, bytes))
        .then(() => rename(tmp, file))
        .finally(() => (pending -= bytes.length));
      // The lane goes on after a failed write; the failure is reported by finish().
      lanes[lane] = write.catch(() => undefined);
      writes.set(name, write);
    }
    return value;
  };

  return {
    memo,
    async finish() {
      // All settled before the clean-up below, which would otherwise delete a pending
      // entry's temporary file; the first failure is then reported.
      // A cache that could not be written costs the next run time, never this run's
      // records: the failure is reported and the entry is simply absent next time.
      const settled = await Promise.allSettled(writes.values());
      const failed = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed[0]) console.warn(`ingest cache: ${failed.length} entries not written (${String(failed[0].reason)})`);
      if (!disabled) for (const f of readdirSync(dir)) if (!used.has(f)) rmSync(join(dir, f), { force: true });
      // The entries used name every input (path + bytes) and the parser version: together
      // they identify the whole ingest result.
      const key = disabled ? null : createHash('sha256').update([...used].sort().join('\n')).digest('hex');
      return { hits, misses, dir, key };
    },
  };
}
