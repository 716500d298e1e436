/**
 * Reading the generated records folder (content/records) — the I/O edge of the Astro side.
 *
 * Pages read records straight from this folder, validated with the same zod schemas that
 * ingest used (src/schemas — one definition), rather than through Astro's content layer:
 * the content layer copies every record into its data store, serialises it with devalue and
 * inlines the whole store into the server bundle as one string. For RS 2024 (12,700 records,
 * ~110 MB) that cost 78 s of content sync plus 71 s of bundling, and at ten times the corpus
 * the store passes V8's string limit (see scripts/bench.ts and docs in the closing note of
 * the scale issue). Project records — the bulk — are opened one at a time, when their page
 * renders, so memory stays flat as the corpus grows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IngestReport } from '../schemas/index.ts';
import type { SourceText } from './ingest/types.ts';
import { dependsOn } from './pages/page-deps.ts';

export const RECORDS_DIR = resolve(process.env.RECORDS_DIR || 'content/records');

/** Anything with zod's `parse` (the record schemas). */
interface Schema<T> {
  parse(value: unknown): T;
}

function recordIds(name: string): string[] {
  const dir = join(RECORDS_DIR, name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

function readRecord<T>(name: string, id: string, schema: Schema<T>): T {
  const file = join(RECORDS_DIR, name, `${id}.json`);
  try {
    return schema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

// Each reader below tells page-deps.ts what the page being rendered read (see there).

export async function readRecordDir(name: string): Promise<Array<{ id: string } & Record<string, unknown>>> {
  dependsOn(`all:${name}`);
  return recordIds(name).map((id) => JSON.parse(readFileSync(join(RECORDS_DIR, name, `${id}.json`), 'utf8')));
}

/** Every record of a collection, validated, in id order. */
export function readCollection<T>(name: string, schema: Schema<T>): T[] {
  dependsOn(`all:${name}`);
  return recordIds(name).map((id) => readRecord(name, id, schema));
}

/**
 * A collection as a read-only map whose records are read from disk when asked for, with
 * a small cache for the few records one page touches. Iterating values reads each record
 * once, in id order, without keeping them.
 */
export class LazyRecords<T> implements ReadonlyMap<string, T> {
  readonly #name: string;
  readonly #schema: Schema<T>;
  readonly #ids: string[];
  readonly #idSet: Set<string>;
  readonly #cache = new Map<string, T>();
  readonly #validated = new Set<string>();
  static readonly CACHE_SIZE = 64;

  constructor(name: string, schema: Schema<T>) {
    this.#name = name;
    this.#schema = schema;
    this.#ids = recordIds(name);
    this.#idSet = new Set(this.#ids);
  }

  get size(): number {
    return this.#ids.length;
  }

  has(id: string): boolean {
    return this.#idSet.has(id);
  }

  get(id: string): T | undefined {
    if (!this.#idSet.has(id)) return undefined;
    const hit = this.#cache.get(id);
    if (hit !== undefined) return hit;
    // A record is validated the first time it is read in this build; later reads (a
    // ministry page listing it, its own page) trust that and only parse the JSON.
    const record = this.#validated.has(id) ? (JSON.parse(readFileSync(join(RECORDS_DIR, this.#name, `${id}.json`), 'utf8')) as T) : this.#read(id);
    if (this.#cache.size >= LazyRecords.CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(id, record);
    return record;
  }

  keys(): MapIterator<string> {
    return this.#ids.values();
  }

  #read(id: string): T {
    const record = readRecord(this.#name, id, this.#schema);
    this.#validated.add(id);
    return record;
  }

  *values(): MapIterator<T> {
    for (const id of this.#ids) yield this.#read(id);
  }

  *entries(): MapIterator<[string, T]> {
    for (const id of this.#ids) yield [id, this.#read(id)];
  }

  [Symbol.iterator](): MapIterator<[string, T]> {
    return this.entries();
  }

  forEach(fn: (value: T, key: string, map: ReadonlyMap<string, T>) => void): void {
    for (const [id, value] of this.entries()) fn(value, id, this);
  }
}

/** Written by ingest beside the records: `<dir>/<id>.json` → content hash of that file. */
export const DIGESTS_FILE = 'digests.json';

/** The records' content hashes, or null for a records folder written before they existed. */
export function readDigests(): Map<string, string> | null {
  dependsOn('*');
  const p = join(RECORDS_DIR, DIGESTS_FILE);
  return existsSync(p) ? new Map(Object.entries(JSON.parse(readFileSync(p, 'utf8')) as Record<string, string>)) : null;
}

export function readIngestReport(): IngestReport | null {
  dependsOn('*');
  const p = join(RECORDS_DIR, 'report.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as IngestReport) : null;
}

/** The original text (legacy) or source rows (RS) kept beside a record. */
export function readSourceText(id: string): SourceText | null {
  dependsOn(`file:sources/${id}.json`);
  const p = join(RECORDS_DIR, 'sources', `${id}.json`);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as SourceText) : null;
}
