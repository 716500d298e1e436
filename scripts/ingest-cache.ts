/**
 * Content-hash cache for ingest: the outcome of parsing some input files is stored under
 * SHA-256(kind, parser version, each input's path and bytes) and reused while all of those
 * are unchanged. The parser version is a hash of the parser's own source (src/lib, src/schemas),
 * so editing any parser invalidates every entry — no version number to forget to bump.
 *
 * Entries live in INGEST_CACHE_DIR (default .cache/ingest/), one folder per sources folder;
 * entries not used by a run are deleted at its end, so the cache holds one corpus' worth.
 * Values are stored with v8.serialize (structured clone: faster than JSON, keeps undefined).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Memo } from '../src/lib/ingest/pipeline.ts';
import type { SourceFile } from '../src/lib/ingest/types.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CODE_DIRS = ['src/lib', 'src/schemas'];

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (/\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Hash of every parser/schema source file: changes whenever the code that makes records does. */
export function parserVersion(): string {
  const h = createHash('sha256');
  const files = CODE_DIRS.flatMap((d) => listTs(join(ROOT, d))).sort();
  for (const f of files) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

export interface IngestCache {
  memo: Memo;
  /** Delete entries this run did not use; returns how many hits/misses it saw. */
  finish(): { hits: number; misses: number; dir: string };
}

export function openIngestCache(sourcesDir: string, opts: { dir?: string; disabled?: boolean } = {}): IngestCache {
  const base = resolve(ROOT, opts.dir ?? (process.env.INGEST_CACHE_DIR || '.cache/ingest'));
  const dir = join(base, createHash('sha256').update(resolve(sourcesDir)).digest('hex').slice(0, 16));
  const version = parserVersion();
  const used = new Set<string>();
  let hits = 0;
  let misses = 0;
  const disabled = opts.disabled || process.env.INGEST_CACHE === '0';
  if (!disabled) mkdirSync(dir, { recursive: true });

  const memo: Memo = <T>(kind: string, inputs: SourceFile[], compute: () => T): T => {
    if (disabled) return compute();
    const h = createHash('sha256').update(kind).update('\0').update(version);
    for (const f of [...inputs].sort((a, b) => (a.path < b.path ? -1 : 1))) h.update('\0').update(f.path).update('\0').update(f.bytes);
    const name = `${kind}-${h.digest('hex')}.v8`;
    used.add(name);
    const file = join(dir, name);
    if (existsSync(file)) {
      try {
        const value = deserialize(readFileSync(file)) as T;
        hits++;
        return value;
      } catch {
        // A damaged entry is recomputed and rewritten.
      }
    }
    misses++;
    const value = compute();
    // Snapshot now: the pipeline goes on to mutate reports (strict mode, duplicates).
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, serialize(value));
    renameSync(tmp, file);
    return value;
  };

  return {
    memo,
    finish() {
      if (!disabled) for (const f of readdirSync(dir)) if (!used.has(f)) rmSync(join(dir, f), { force: true });
      return { hits, misses, dir };
    },
  };
}
