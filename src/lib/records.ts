/**
 * The records reader: what Astro's `getCollection` / `getEntry` are to a content collection,
 * for the records folder that ingest writes (RECORDS_DIR, default content/records: one JSON
 * file per record in projects/, evaluations/, measures/, ministries/, recipients/, and the
 * original texts in sources/). Each record is validated with the same zod schema ingest used
 * (src/schemas: one definition for ingest, pages and open data).
 *
 * Why not Astro's content layer (this is the one place that says so): the content layer
 * copies every record into its data store, serialises it with devalue and inlines the whole
 * store into the server bundle as one string. On RS 2024 (12,700 records, ~110 MB) that was
 * 78 s of content sync plus 71 s of bundling before a single page rendered, and at ten times
 * the corpus the store passes V8's string limit ("chunked" storage avoids the crash but
 * encodes the store one character at a time). Measured with `npm run bench`
 * (docs/architecture.md). Here project records — the bulk — are opened one at a time, when
 * their page renders, so memory stays flat as the corpus grows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { EvaluationRecord, IngestReport, MeasureRecord, MinistryRecord, parseOrThrow, ProjectRecord, RecipientRecord, SourceText } from '../schemas/index.ts';
import { RECORDS_DIR } from './env.ts';
import { dependsOn } from './pages/page-deps.ts';
import { BRIEFS_FILE, BriefsFile } from './pages/project-brief.ts';
import type { ProjectBrief } from './pages/site.ts';

type Schema<T> = z.ZodType<T>;

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
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return parseOrThrow(schema, value, file);
}

// Each reader below tells page-deps.ts what the page being rendered read (see there).

/** The collections and the schema each record is validated with. */
const COLLECTIONS = {
  projects: ProjectRecord,
  evaluations: EvaluationRecord,
  measures: MeasureRecord,
  ministries: MinistryRecord,
  recipients: RecipientRecord,
  sources: SourceText,
} satisfies Record<string, Schema<unknown>>;

export type CollectionName = keyof typeof COLLECTIONS;
/** The record type of a collection, e.g. `CollectionEntry<'projects'>` is a ProjectRecord. */
export type CollectionEntry<C extends CollectionName> = z.output<(typeof COLLECTIONS)[C]>;

/** Every record of a collection, validated, in id order (like Astro's `getCollection`). */
export function getCollection<C extends CollectionName>(name: C): Array<CollectionEntry<C>> {
  dependsOn(`all:${name}`);
  return recordIds(name).map((id) => readRecord(name, id, COLLECTIONS[name] as unknown as Schema<CollectionEntry<C>>));
}

/**
 * A collection as a read-only map that reads each record from disk when asked for it: for
 * the projects, whose records together are too large to hold (see the top of this file).
 */
export function getLazyCollection<C extends CollectionName>(name: C): LazyRecords<CollectionEntry<C>> {
  return new LazyRecords(name, COLLECTIONS[name] as unknown as Schema<CollectionEntry<C>>);
}

/** One record, validated, or undefined when the collection has no such id (like Astro's `getEntry`). */
export function getEntry<C extends CollectionName>(name: C, id: string): CollectionEntry<C> | undefined {
  dependsOn(`file:${name}/${id}.json`);
  return existsSync(join(RECORDS_DIR, name, `${id}.json`)) ? readRecord(name, id, COLLECTIONS[name] as unknown as Schema<CollectionEntry<C>>) : undefined;
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
export function getDigests(): Map<string, string> | null {
  dependsOn('*');
  const p = join(RECORDS_DIR, DIGESTS_FILE);
  return existsSync(p) ? new Map(Object.entries(JSON.parse(readFileSync(p, 'utf8')) as Record<string, string>)) : null;
}

/** Every project's brief as ingest wrote it (project-brief.ts), validated, or null when the records folder has none. */
export function getBriefs(): ProjectBrief[] | null {
  const p = join(RECORDS_DIR, BRIEFS_FILE);
  return existsSync(p) ? (parseOrThrow(BriefsFile, JSON.parse(readFileSync(p, 'utf8')), p) as ProjectBrief[]) : null;
}

/** What ingest found in each source file (report.json), or null before the first ingest. */
export function getIngestReport(): IngestReport | null {
  dependsOn('*');
  const p = join(RECORDS_DIR, 'report.json');
  return existsSync(p) ? parseOrThrow(IngestReport, JSON.parse(readFileSync(p, 'utf8')), p) : null;
}
