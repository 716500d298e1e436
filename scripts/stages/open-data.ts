/**
 * Open-data stage: writes the whole /data/ snapshot into a folder (the build then moves it
 * into the site): corpus JSON, per-record JSON + CSV, flat CSV tables in two flavours,
 * JSON Schemas, datapackage.json, SHA256SUMS and manifest.json (read by the /data/ page).
 *
 * Scale: large files are streamed in ~1 MiB chunks and hashed as they are written; no
 * whole-corpus string is built (projects.json of a 10× corpus would exceed V8's string limit).
 * Deterministic: records arrive sorted by id, nothing depends on time or file-system order.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, linkSync, readFileSync, statSync } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { EvaluationRecord, MeasureRecord, MinistryRecord, ProjectRecord, RecipientRecord } from '../../src/schemas/index.ts';
import { CSV_VARIANTS, csvChunk, prepareCells, textColumns, type CsvVariant } from '../../src/lib/opendata/csv.ts';
import { buildDatapackage, csvPath } from '../../src/lib/opendata/datapackage.ts';
import { checksumLines, LICENCE, parseChecksumLines, sha256Hex, snapshotIdOf, type FileEntry, type Manifest, type PerRecordSummary, type SnapshotReuse } from '../../src/lib/opendata/manifest.ts';
import { evaluationCsv, projectCsv, subsetCsv } from '../../src/lib/opendata/record-csv.ts';
import { allTables, PROJECT_TABLES, RECIPIENT_TABLES, TABLES, type Cell, type Collection, type Corpus, type TableDef } from '../../src/lib/opendata/tables.ts';
import { emptyNotes, rsTablesIn, type LayoutCount } from '../../src/lib/opendata/coverage.ts';
import { MANIFEST_FILE } from '../../src/lib/opendata/read-manifest.ts';
import { changelog, ministryTotals, snapshotDate, snapshotFolder, snapshotIndex, tokyoDay, type SnapshotIndexEntry, type SnapshotSummary, type SourceDate } from '../../src/lib/opendata/snapshot.ts';
import { writeZip } from '../../src/lib/opendata/zip.ts';
import { folderIndexHtml } from '../../src/lib/opendata/folder-index.ts';
import { toJson, WriteQueue } from '../lib/fs.ts';
import { sourceHash } from '../lib/source-hash.ts';
import { DUCKDB_FILE, fileDigest, parquetPath, writeTypedSnapshot } from './open-data-typed.ts';

const CHUNK = 1 << 20;
const ROWS_PER_CHUNK = 2000;
const PARALLEL_WRITES = 16;

/** Buffered, hashing file writer: strings (or bytes already encoded) in, ~1 MiB writes out. */
class Sink {
  private parts: Buffer[] = [];
  private strings: string[] = [];
  private pending = 0;
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;
  private readonly fh: FileHandle;
  private constructor(fh: FileHandle) {
    this.fh = fh;
  }
  static async open(path: string): Promise<Sink> {
    await mkdir(dirname(path), { recursive: true });
    return new Sink(await open(path, 'w'));
  }
  async write(s: string): Promise<void> {
    this.strings.push(s);
    this.pending += s.length;
    if (this.pending >= CHUNK) await this.flush();
  }
  /** Bytes written as they are (a previous snapshot's line): kept by reference until the flush. */
  async writeBytes(b: Buffer): Promise<void> {
    this.encodeStrings();
    this.parts.push(b);
    this.pending += b.length;
    if (this.pending >= CHUNK) await this.flush();
  }
  private encodeStrings(): void {
    if (this.strings.length === 0) return;
    this.parts.push(Buffer.from(this.strings.join(''), 'utf8'));
    this.strings = [];
  }
  private async flush(): Promise<void> {
    this.encodeStrings();
    if (this.parts.length === 0) return;
    const buf = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.pending = 0;
    this.hash.update(buf);
    this.bytes += buf.length;
    await this.fh.write(buf);
  }
  async close(): Promise<{ bytes: number; sha256: string }> {
    await this.flush();
    await this.fh.close();
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

const COLLECTION_INFO: Record<Collection, { title: string; schema: z.ZodType }> = {
  projects: { title: '行政事業レビューシート（全件）', schema: ProjectRecord },
  evaluations: { title: '政策評価書（全件）', schema: EvaluationRecord },
  measures: { title: '施策（全件）', schema: MeasureRecord },
  ministries: { title: '府省庁（全件）', schema: MinistryRecord },
  recipients: { title: '支出先（全件）', schema: RecipientRecord },
};
const COLLECTIONS = Object.keys(COLLECTION_INFO) as Collection[];

const ID_PREFIX = Buffer.from('{"id":"');

/**
 * The lines of a JSON array that writeJsonArray wrote, with the id each record line starts
 * with (its first key), in file order; hashes what it reads and checks it against `sha256`
 * at the end (throws if the file is not the one the previous manifest lists).
 */
async function* jsonArrayLines(path: string, sha256: string): AsyncGenerator<{ id: string; line: Buffer }> {
  const fh = await open(path, 'r');
  const hash = createHash('sha256');
  try {
    let rest: Buffer | null = null;
    for (;;) {
      // A fresh buffer per read: the lines handed out point into it until they are written.
      const buf = Buffer.allocUnsafe(4 * CHUNK);
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      const data: Buffer = rest ? Buffer.concat([rest, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
        let line = data.subarray(start, nl);
        start = nl + 1;
        if (!line.subarray(0, ID_PREFIX.length).equals(ID_PREFIX)) continue;
        const end = line.indexOf(34, ID_PREFIX.length);
        // An id with an escaped character is left to be written anew.
        if (end < 0 || line.subarray(ID_PREFIX.length, end).includes(92)) continue;
        if (line[line.length - 1] === 44) line = line.subarray(0, -1);
        yield { id: line.toString('utf8', ID_PREFIX.length, end), line };
      }
      rest = start < data.length ? data.subarray(start) : null;
    }
    if (hash.digest('hex') !== sha256) throw new Error(`${path}: not the file the previous manifest lists (SHA-256 differs)`);
  } finally {
    await fh.close();
  }
}

/**
 * A previous snapshot's JSON array whose line for a record is that record's line now when
 * `same` says so (its record file's hash is the one that snapshot was made from, and the code
 * is the same): such lines are copied, not serialised again.
 */
interface CarriedLines {
  path: string;
  sha256: string;
  same: (record: { id: string }) => boolean;
}

/** A JSON array with one compact record per line: valid JSON, greppable, streamable line by line. */
async function writeJsonArray(path: string, records: ReadonlyArray<{ id: string }>, carry: CarriedLines | null = null): Promise<{ bytes: number; sha256: string; copied: number }> {
  const sink = await Sink.open(path);
  const previous = carry ? jsonArrayLines(carry.path, carry.sha256) : null;
  let prev: IteratorResult<{ id: string; line: Buffer }> | null = null;
  let copied = 0;
  try {
    prev = previous ? await previous.next() : null;
    await sink.write('[');
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      await sink.write(i === 0 ? '\n' : ',\n');
      if (previous && carry!.same(r)) {
        while (!prev!.done && prev!.value.id < r.id) prev = await previous.next();
        if (!prev!.done && prev!.value.id === r.id) {
          await sink.writeBytes(prev!.value.line);
          copied++;
          continue;
        }
      }
      await sink.write(JSON.stringify(r));
    }
    // Read to the end, so that the previous file's hash is checked.
    while (prev && !prev.done) prev = await previous!.next();
    await sink.write(records.length > 0 ? '\n]\n' : ']\n');
  } catch (e) {
    await previous?.return(undefined);
    await sink.close().catch(() => undefined);
    throw e;
  }
  return { ...(await sink.close()), copied };
}

/** The source format of a record (derived collections have none of their own). */
function layoutOf(record: unknown): string {
  return (record as { source?: { layout?: string } }).source?.layout ?? 'derived';
}

async function writeTableCsvs(dir: string, table: TableDef<unknown>, corpus: Corpus): Promise<Record<CsvVariant, { bytes: number; sha256: string }> & { rows: number; counts: Map<string, LayoutCount> }> {
  const header = table.columns.map((c) => c.name);
  const isText = textColumns(table.columns);
  const sinks = { excel: await Sink.open(join(dir, csvPath(table.name, 'excel'))), plain: await Sink.open(join(dir, csvPath(table.name, 'plain'))) };
  const counts = new Map<string, LayoutCount>();
  let rows = 0;
  let first = true;
  let batch: { excel: Cell[][]; plain: Cell[][] } = { excel: [], plain: [] };
  const flush = async () => {
    for (const v of ['excel', 'plain'] as const) await sinks[v].write(csvChunk(header, batch[v], v, first));
    first = false;
    batch = { excel: [], plain: [] };
  };
  const def = (TABLES[table.collection] as ReadonlyArray<TableDef<unknown>>).find((d) => d.name === table.name)!;
  for (const record of corpus[table.collection] as readonly unknown[]) {
    const layout = layoutOf(record);
    let c = counts.get(layout);
    if (!c) counts.set(layout, (c = { records: 0, rows: 0, filled: {} }));
    c.records++;
    for (const row of def.rows(record)) {
      c.rows++;
      for (const k of header) if (row[k] !== null && row[k] !== undefined) c.filled[k] = (c.filled[k] ?? 0) + 1;
      batch.excel.push(prepareCells(table.columns, isText, row, 'excel'));
      batch.plain.push(prepareCells(table.columns, isText, row, 'plain'));
      rows++;
      if (batch.excel.length >= ROWS_PER_CHUNK) await flush();
    }
  }
  if (first || batch.excel.length > 0) await flush();
  return { excel: await sinks.excel.close(), plain: await sinks.plain.close(), rows, counts };
}

function byId<T extends { id: string }>(records: readonly T[]): readonly T[] {
  for (let i = 1; i < records.length; i++) {
    if (records[i - 1]!.id >= records[i]!.id) return [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return records;
}

const PROJECTS_TABLE = PROJECT_TABLES.find((t) => t.name === 'projects')!;
const PAYMENTS_TABLE = RECIPIENT_TABLES.find((t) => t.name === 'recipient_payments')!;

/** See record-csv.ts for what each collection's per-record CSV holds. */
function perRecordCsv(collection: Collection, record: unknown, projectById: Map<string, ProjectRecord>): string {
  switch (collection) {
    case 'projects':
      return projectCsv(record as ProjectRecord);
    case 'evaluations':
      return evaluationCsv(record as EvaluationRecord);
    case 'measures':
    case 'ministries': {
      const ids = (record as MeasureRecord | MinistryRecord).projectIds;
      return subsetCsv(PROJECTS_TABLE, ids.map((id) => projectById.get(id)).filter((p): p is ProjectRecord => p !== undefined));
    }
    case 'recipients':
      return subsetCsv(PAYMENTS_TABLE, [record as RecipientRecord]);
  }
}

/**
 * The previous snapshot's files by path → SHA-256 (its SHA256SUMS), with the folder they are
 * in: a per-record file whose bytes are the same again is hard-linked from there, not written
 * (at the decade, 300k files and ~4 GB, nearly all unchanged after a one-sheet change). Its
 * files are never written in place (every build writes a new folder), so a link keeps the
 * bytes its hash names. Empty without a previous snapshot.
 */
interface PreviousFiles {
  dir: string;
  sums: Map<string, string>;
}
async function previousFiles(dir: string | null | undefined): Promise<PreviousFiles | null> {
  if (!dir) return null;
  const text = await readFile(join(dir, 'SHA256SUMS'), 'utf8').catch(() => null);
  return text === null ? null : { dir, sums: parseChecksumLines(text) };
}

/**
 * Whether a record's per-record files are the previous snapshot's, without making them: its
 * record file's content hash is the one it had when that snapshot was made (and, for a
 * measure or ministry, whose CSV lists its projects' rows, so are its projects').
 */
type SameAsBefore = (collection: Collection, record: { id: string }) => boolean;

async function writePerRecord(dir: string, collection: Collection, corpus: Corpus, projectById: Map<string, ProjectRecord>, previous: PreviousFiles | null, sameAsBefore: SameAsBefore | null): Promise<PerRecordSummary & { files: Array<{ path: string; sha256: string }>; linked: number }> {
  const records = corpus[collection] as ReadonlyArray<{ id: string }>;
  await mkdir(join(dir, collection), { recursive: true });
  // Each text is encoded once: the same bytes are written, hashed and counted.
  const queue = new WriteQueue(PARALLEL_WRITES);
  const done: Array<{ path: string; sha256: string }> = [];
  let jsonBytes = 0;
  let csvBytes = 0;
  let linked = 0;
  for (const r of records) {
    const jsonPath = `${collection}/${r.id}.json`;
    const csvPath = `${collection}/${r.id}.csv`;
    const jsonSum = previous?.sums.get(jsonPath);
    const csvSum = previous?.sums.get(csvPath);
    if (previous && jsonSum && csvSum && sameAsBefore?.(collection, r)) {
      // The previous snapshot's files are these files, and its SHA256SUMS has their hashes:
      // linked, nothing serialised. Synchronous: at the decade ~300k links of microseconds each.
      for (const [path, sha256] of [[jsonPath, jsonSum], [csvPath, csvSum]] as const) {
        linkSync(join(previous.dir, path), join(dir, path));
        done.push({ path, sha256 });
      }
      jsonBytes += statSync(join(dir, jsonPath)).size;
      csvBytes += statSync(join(dir, csvPath)).size;
      linked++;
      continue;
    }
    const json = Buffer.from(toJson(r));
    const csv = Buffer.from(perRecordCsv(collection, r, projectById));
    for (const [path, bytes] of [[jsonPath, json], [csvPath, csv]] as const) {
      const sha256 = sha256Hex(bytes);
      await queue.add(join(dir, path), previous?.sums.get(path) === sha256 ? { link: join(previous.dir, path), data: bytes } : bytes);
      done.push({ path, sha256 });
    }
    jsonBytes += json.length;
    csvBytes += csv.length;
  }
  await queue.drain();
  return { collection, records: records.length, jsonBytes, csvBytes, sha256: sha256Hex(checksumLines(done)), files: done, linked };
}

function jsonSchemaOf(collection: Collection): string {
  const schema = z.toJSONSchema(COLLECTION_INFO[collection].schema, { unrepresentable: 'any' });
  return toJson({ ...schema, title: COLLECTION_INFO[collection].title.replace('（全件）', ''), description: `/data/${collection}.json の各要素と /data/${collection}/<id>.json の形式（zod スキーマから生成）` });
}

export interface OpenDataOptions {
  /** Every source file with its size, hash and modification date (shown on the data page). */
  sources?: readonly SourceDate[];
  /** SOURCE_DATE_EPOCH pins the snapshot's date (see snapshotDate). */
  env?: { SOURCE_DATE_EPOCH?: string };
  /** The published /data/ of the previous build: its latest/snapshot.json and snapshots.json give the changelog and the kept snapshots. */
  previousDataDir?: string | null;
  /** Where to say what was reused (the build's log). */
  log?: (line: string) => void;
  /**
   * Content hash of every record file ingest wrote (`projects/<id>.json` → hash, its
   * digests.json): a collection whose hashes and code are those of the previous snapshot has
   * its whole-collection files (JSON array, CSV tables, Parquet) linked from it, not written.
   */
  recordDigests?: ReadonlyMap<string, string> | null;
  /**
   * The records folder's content hashes before this build's ingest rewrote it. Where they are
   * those the previous snapshot was made from (its collection key says so), a record whose
   * hash is unchanged has its per-record files linked from that snapshot without being
   * serialised; a folder from a build that was never published cannot pass that check.
   */
  previousRecordDigests?: ReadonlyMap<string, string> | null;
}

/** The version of what writes the snapshot: this module and all it imports, and the locked packages (DuckDB, zod). */
function openDataCode(): string {
  const lock = join(import.meta.dirname, '../../package-lock.json');
  return sha256Hex(`${sourceHash(import.meta.filename)}\0${existsSync(lock) ? sha256Hex(readFileSync(lock)) : 'no lockfile'}`);
}

/** Each collection's key: the code's version and the content hashes of its record files, in path order. */
function collectionKeys(code: string, digests: ReadonlyMap<string, string>): Record<Collection, string> {
  const sorted = [...digests].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(COLLECTIONS.map((c) => [c, sha256Hex(`${code}\0${c}\0${sorted.filter(([p]) => p.startsWith(`${c}/`)).map(([p, d]) => `${p}\0${d}\n`).join('')}`)])) as Record<Collection, string>;
}

export const LATEST = 'latest';
export const SNAPSHOT_SUMMARY = 'snapshot.json';
export const SNAPSHOT_INDEX = 'snapshots.json';
export const CHANGES_FILE = 'changes.json';
export const CSV_ZIP = 'gyosei-review-csv.zip';

async function readJsonOr<T>(path: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/**
 * Write the snapshot into `dir` (the future /data/ folder), replacing what was there.
 * Returns the manifest (also written as manifest.json).
 */
export async function writeOpenData(dir: string, input: Corpus, opts: OpenDataOptions = {}): Promise<Manifest> {
  // The contract says "sorted by id"; ingest already sorts, so this normally copies nothing.
  const corpus: Corpus = {
    projects: byId(input.projects),
    evaluations: byId(input.evaluations),
    measures: byId(input.measures),
    ministries: byId(input.ministries),
    recipients: byId(input.recipients),
  };
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const files = new Map<string, FileEntry>();
  const add = (e: FileEntry) => files.set(e.path, e);
  const sources = [...(opts.sources ?? [])].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const previous = opts.previousDataDir ? await readJsonOr<SnapshotSummary | null>(join(opts.previousDataDir, LATEST, SNAPSHOT_SUMMARY), null) : null;
  // Only snapshots whose folder is really there are carried over (stages/keep-snapshots.ts) and listed.
  const previousIndex = opts.previousDataDir ? (await readJsonOr<SnapshotIndexEntry[]>(join(opts.previousDataDir, SNAPSHOT_INDEX), [])).filter((s) => existsSync(join(opts.previousDataDir!, s.folder, 'SHA256SUMS'))) : [];

  // Whole-collection files of a collection whose records and code are unchanged are linked
  // from the previous snapshot (its manifest lists them with their hashes): at the decade
  // projects.json alone is 1.4 GB, and one changed sheet leaves four collections as they were.
  const prevDir = opts.previousDataDir ?? null;
  const prevManifest = prevDir ? await readJsonOr<Manifest | null>(join(prevDir, MANIFEST_FILE), null) : null;
  const prevFiles = new Map((prevManifest?.files ?? []).map((f) => [f.path, f]));
  const code = openDataCode();
  const keys = opts.recordDigests ? collectionKeys(code, opts.recordDigests) : null;
  const tablesOf = (c: Collection) => allTables().filter((t) => t.collection === c);
  const filesOf = (c: Collection) => [`${c}.json`, ...tablesOf(c).flatMap((t) => (['excel', 'plain'] as const).map((v) => csvPath(t.name, v)))];
  const reusable = new Set<Collection>(
    COLLECTIONS.filter((c) => {
      const before = prevManifest?.reuse;
      if (!prevDir || !keys || before?.code !== code || before.collections[c] !== keys[c]) return false;
      return filesOf(c).every((p) => prevFiles.has(p) && existsSync(join(prevDir, p))) && tablesOf(c).every((t) => before.counts[t.name] !== undefined);
    }),
  );
  const linkPrevious = async (path: string): Promise<{ bytes: number; sha256: string }> => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await link(join(prevDir!, path), join(dir, path));
    const e = prevFiles.get(path)!;
    return { bytes: e.bytes, sha256: e.sha256 };
  };
  if (reusable.size > 0) opts.log?.(`  unchanged collections, their files linked from the previous snapshot: ${[...reusable].join(', ')}`);

  // How long each part takes, in the build's log (where a rebuild's time goes).
  let mark = performance.now();
  const lap = (what: string) => {
    const now = performance.now();
    opts.log?.(`  ${what}: ${((now - mark) / 1000).toFixed(1)} s`);
    mark = now;
  };
  // The previous records folder's hashes, if they are the ones the previous snapshot was made from.
  const prevKeys = opts.previousRecordDigests ? collectionKeys(code, opts.previousRecordDigests) : null;
  const prevDigestsHold = (c: Collection) => prevKeys !== null && prevManifest?.reuse?.code === code && prevManifest.reuse.collections[c] === prevKeys[c];
  const digestSame = (path: string) => {
    const now = opts.recordDigests?.get(path);
    return now !== undefined && now === opts.previousRecordDigests?.get(path);
  };
  // A changed collection's JSON array: the lines of its unchanged records are the previous
  // snapshot's (at the decade, one changed sheet left 1.4 GB of projects.json to serialise).
  const writeArray = async (c: Collection, path: string) => {
    const prevFile = prevFiles.get(path);
    const carry = keys && prevFile && prevDigestsHold(c) && existsSync(join(prevDir!, path)) ? { path: join(prevDir!, path), sha256: prevFile.sha256, same: (r: { id: string }) => digestSame(`${c}/${r.id}.json`) } : null;
    if (carry) {
      try {
        const r = await writeJsonArray(join(dir, path), corpus[c], carry);
        opts.log?.(`  ${path}: ${r.copied} of ${corpus[c].length} lines copied from the previous snapshot`);
        return r;
      } catch (e) {
        opts.log?.(`  ${path}: written anew (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    return writeJsonArray(join(dir, path), corpus[c]);
  };
  const tables = allTables();
  const counts = new Map<string, Map<string, LayoutCount>>();
  for (const t of tables) {
    const r = reusable.has(t.collection)
      ? { excel: await linkPrevious(csvPath(t.name, 'excel')), plain: await linkPrevious(csvPath(t.name, 'plain')), rows: prevFiles.get(csvPath(t.name, 'plain'))!.rows!, counts: new Map(Object.entries(prevManifest!.reuse!.counts[t.name]!)) }
      : await writeTableCsvs(dir, t as TableDef<unknown>, corpus);
    counts.set(t.name, r.counts);
    for (const v of ['excel', 'plain'] as const) {
      add({ path: csvPath(t.name, v), kind: v === 'excel' ? 'csv-excel' : 'csv-plain', collection: t.collection, table: t.name, title: t.title, description: `${t.description}。${CSV_VARIANTS[v].label}`, rows: r.rows, ...r[v] });
    }
  }
  lap('CSV tables');
  // DuckDB loads the CSVs on its own thread while the JSON arrays and per-record files are written here.
  const typedDir = join(dir, '.typed');
  // A failure here (a column type the data breaks) must not take the site down: the typed
  // files are left out, the build says why, and the data page shows it (typedError).
  let typedError: string | null = null;
  const typedStart = performance.now();
  // A table of an unchanged collection keeps its Parquet file (same CSV, same code); with
  // every collection unchanged, the database file too, and DuckDB is not started at all.
  const prevTyped = (p: string) => (prevDir && prevManifest?.typedError === null && prevFiles.has(`${LATEST}/${p}`) && existsSync(join(prevDir, LATEST, p)) ? join(prevDir, LATEST, p) : null);
  const keepParquet = new Map(tables.filter((t) => reusable.has(t.collection)).map((t) => [t.name, prevTyped(parquetPath(t.name))] as const).filter((e): e is readonly [string, string] => e[1] !== null));
  const keepDb = reusable.size === COLLECTIONS.length && keepParquet.size === tables.length ? prevTyped(DUCKDB_FILE) : null;
  const typed = writeTypedSnapshot(dir, typedDir, tables, { parquet: keepParquet, database: keepDb }).then((written) => {
    opts.log?.(`  DuckDB and Parquet (beside the rest): ${((performance.now() - typedStart) / 1000).toFixed(1)} s`);
    return written;
  }).catch((e: unknown) => {
    typedError = e instanceof Error ? e.message : String(e);
    console.error(`open data: the typed snapshot (DuckDB, Parquet) was not written: ${typedError}`);
    return [] as string[];
  });
  // The JSON arrays after the CSV tables, so that DuckDB, which loads those, works beside
  // them: after a one-sheet change at the decade, DuckDB (22-30 s) was the stage's tail.
  for (const c of COLLECTIONS) {
    const path = `${c}.json`;
    const r = reusable.has(c) ? await linkPrevious(path) : await writeArray(c, path);
    add({ path, kind: 'json', collection: c, table: null, title: COLLECTION_INFO[c].title, description: `${COLLECTION_INFO[c].title}の JSON 配列（id 順、1 行に 1 記録）`, rows: corpus[c].length, bytes: r.bytes, sha256: r.sha256 });
  }
  lap('collection JSON arrays (beside DuckDB)');
  const projectById = new Map(corpus.projects.map((p) => [p.id, p]));
  const sameAsBefore: SameAsBefore | null = keys
    ? (c, r) => {
        // An unchanged collection: every record is as before (its key covers all their hashes).
        if (reusable.has(c) && (c !== 'measures' && c !== 'ministries' ? true : reusable.has('projects'))) return true;
        if (!prevDigestsHold(c) || !digestSame(`${c}/${r.id}.json`)) return false;
        if (c !== 'measures' && c !== 'ministries') return true;
        return prevDigestsHold('projects') && (r as MeasureRecord | MinistryRecord).projectIds.every((id) => digestSame(`projects/${id}.json`));
      }
    : null;
  const before = await previousFiles(opts.previousDataDir);
  const perRecord: PerRecordSummary[] = [];
  const perRecordFiles: Array<{ path: string; sha256: string }> = [];
  const recordHashes: SnapshotSummary['records'] = {};
  for (const c of COLLECTIONS) {
    const { files: done, linked, ...summary } = await writePerRecord(dir, c, corpus, projectById, before, sameAsBefore);
    if (linked > 0) opts.log?.(`  ${c}: ${linked} of ${summary.records} records' files linked unread (unchanged since the previous snapshot)`);
    perRecord.push(summary);
    // One push per file: a spread passes every element as an argument, and at the decade's
    // 47k projects (two files each) that exceeded the call stack and failed the build.
    for (const f of done) perRecordFiles.push(f);
    const hashes: Record<string, string> = {};
    for (const f of done) if (f.path.endsWith('.json')) hashes[f.path.slice(c.length + 1, -5)] = f.sha256;
    recordHashes[c] = hashes;
  }

  lap('per-record files');
  for (const c of COLLECTIONS) {
    const path = `schema/${c}.schema.json`;
    const text = jsonSchemaOf(c);
    await mkdir(join(dir, 'schema'), { recursive: true });
    await writeFile(join(dir, path), text);
    add({ path, kind: 'json-schema', collection: c, table: null, title: `${COLLECTION_INFO[c].title.replace('（全件）', '')}の JSON Schema`, description: `${c}.json の記録の形式（JSON Schema 2020-12、zod スキーマから生成）`, rows: null, bytes: Buffer.byteLength(text), sha256: sha256Hex(text) });
  }

  const data = [...files.values()].map((f) => ({ path: f.path, sha256: f.sha256 }));
  const snapshotId = snapshotIdOf([...data, ...perRecord.map((p) => ({ path: `${p.collection}/`, sha256: p.sha256 }))]);
  // The same data as the previous snapshot keeps its folder and date, so a citation of it stays true.
  const same = previous?.snapshotId === snapshotId ? previous : null;
  const date = same ? new Date(same.created) : snapshotDate(opts.env ?? {}, sources);
  const folder = same?.folder ?? snapshotFolder(date, snapshotId);
  const created = date.toISOString();

  const empty = emptyNotes(tables, counts, rsTablesIn(corpus.projects.filter((p) => p.source.layout === 'rs-csv').map((p) => p.source.file)), corpus.evaluations.length);
  const coverage = Object.fromEntries([...counts].map(([t, m]) => [t, Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([l, c]) => [l, { records: c.records, rows: c.rows }]))]));
  const datapackage = toJson(buildDatapackage({ snapshotId, tables, files, created, sources, empty, coverage }));
  await writeFile(join(dir, 'datapackage.json'), datapackage);
  add({ path: 'datapackage.json', kind: 'datapackage', collection: null, table: null, title: 'データパッケージ記述（Frictionless Data Package v2）', description: 'すべての CSV の列（型・日本語名・単位・説明）とファイルのハッシュ', rows: null, bytes: Buffer.byteLength(datapackage), sha256: sha256Hex(datapackage) });

  // The dated folder: the archive forms of this snapshot, kept by later builds.
  const dated = join(dir, folder);
  await mkdir(dated, { recursive: true });
  const datedFiles: Array<{ path: string; kind: FileEntry['kind']; title: string; description: string; rows: number | null }> = [];
  // The previous snapshot's archive: its entries for unchanged tables are copied, not deflated again.
  const zipped = await writeZip(
    join(dated, CSV_ZIP),
    [...tables.flatMap((t) => (['plain', 'excel'] as const).map((v) => csvPath(t.name, v))), 'datapackage.json'].map((name) => ({ name, file: join(dir, name), sha256: files.get(name)!.sha256 })),
    date,
    {
      previous: opts.previousDataDir ? join(opts.previousDataDir, LATEST, CSV_ZIP) : null,
      // Its entries are the previous snapshot's files of the same names, hashed in its SHA256SUMS.
      previousSums: before?.sums.has(`${LATEST}/${CSV_ZIP}`) ? { archive: before.sums.get(`${LATEST}/${CSV_ZIP}`)!, entries: before.sums } : null,
    },
  );
  lap(`CSV archive (${zipped.reused} of ${tables.length * 2 + 1} entries copied from the previous snapshot's)`);
  datedFiles.push({ path: CSV_ZIP, kind: 'zip', title: 'すべての CSV（ZIP）', description: 'csv/（Excel 用）と csv-utf8/（プログラム用）のすべての表と datapackage.json を 1 つにまとめた ZIP', rows: null });
  for (const p of await typed) {
    await mkdir(dirname(join(dated, p)), { recursive: true });
    await rename(join(typedDir, p), join(dated, p));
    const table = p.startsWith('parquet/') ? p.slice(8, -8) : null;
    datedFiles.push(
      table
        ? { path: p, kind: 'parquet', title: tables.find((t) => t.name === table)!.title, description: `${table} の Parquet（型付き: ID・法人番号は文字列、金額は 64 ビット整数、年度は整数）`, rows: files.get(csvPath(table, 'plain'))?.rows ?? null }
        : { path: p, kind: 'duckdb', title: 'DuckDB データベース（全表）', description: 'すべての表（主キー・日本語の列コメント付き）と集計ビュー（府省庁・年度別の予算など）を収めた DuckDB 1.5 のファイル', rows: null },
    );
  }
  await rm(typedDir, { recursive: true, force: true });

  lap('waiting for DuckDB and Parquet');
  const summary: SnapshotSummary = { snapshotId, folder, date: tokyoDay(date), created, records: recordHashes, totals: ministryTotals(corpus) };
  // Unchanged data: the snapshot is the previous one again, and so is its changelog.
  const changes = same && opts.previousDataDir ? await readJsonOr(join(opts.previousDataDir, LATEST, CHANGES_FILE), changelog(null, summary)) : changelog(previous, summary);
  const summaryText = toJson(summary);
  const changesText = toJson(changes);
  await writeFile(join(dated, SNAPSHOT_SUMMARY), summaryText);
  await writeFile(join(dated, CHANGES_FILE), changesText);
  datedFiles.push(
    { path: SNAPSHOT_SUMMARY, kind: 'snapshot', title: 'スナップショットの要約', description: '記録ごとの JSON の SHA-256 と府省庁・年度別の合計（次のスナップショットとの比較に使う）', rows: null },
    { path: CHANGES_FILE, kind: 'changes', title: '前回のスナップショットからの変更', description: '追加・削除・変更された記録の ID と、府省庁・年度別の合計の前後', rows: null },
  );
  const datedEntries: Array<{ path: string; sha256: string }> = [];
  for (const f of datedFiles) {
    const d = await fileDigest(join(dated, f.path));
    datedEntries.push({ path: f.path, sha256: d.sha256 });
    add({ ...f, path: `${folder}/${f.path}`, collection: null, table: null, ...d });
  }
  const indexFiles = datedFiles.map((f) => ({ ...files.get(`${folder}/${f.path}`)!, path: f.path, title: f.title }));
  const datedIndex = folderIndexHtml({ heading: `スナップショット ${folder}`, snapshotId, date: summary.date, folder, isLatest: false, files: indexFiles });
  // Not in the folder's SHA256SUMS (latest/ shares that file but has its own index.html); /data/SHA256SUMS lists both.
  await writeFile(join(dated, 'index.html'), datedIndex);
  add({ path: `${folder}/index.html`, kind: 'snapshot', collection: null, table: null, title: 'このスナップショットの案内', description: 'フォルダーの内容とファイルのハッシュの一覧（HTML）', rows: null, bytes: Buffer.byteLength(datedIndex), sha256: sha256Hex(datedIndex) });
  const datedSums = checksumLines(datedEntries);
  await writeFile(join(dated, 'SHA256SUMS'), datedSums);
  add({ path: `${folder}/SHA256SUMS`, kind: 'checksums', collection: null, table: null, title: 'このスナップショットのチェックサム', description: `/data/${folder}/ の全ファイルの SHA-256（sha256sum -c で検証）`, rows: null, bytes: Buffer.byteLength(datedSums), sha256: sha256Hex(datedSums) });

  // latest/: the same files, hard-linked (one copy on disk; a host serves them as files).
  await mkdir(join(dir, LATEST, 'parquet'), { recursive: true });
  for (const f of [...datedFiles.map((x) => x.path), 'SHA256SUMS']) {
    await link(join(dated, f), join(dir, LATEST, f));
    const e = files.get(`${folder}/${f}`)!;
    add({ ...e, path: `${LATEST}/${f}`, title: e.title, description: `${e.description}（最新のスナップショット /data/${folder}/ と同じもの）` });
  }
  const latestIndex = folderIndexHtml({ heading: '最新のスナップショット', snapshotId, date: summary.date, folder, isLatest: true, files: indexFiles });
  await writeFile(join(dir, LATEST, 'index.html'), latestIndex);
  add({ path: `${LATEST}/index.html`, kind: 'snapshot', collection: null, table: null, title: '最新のスナップショットの案内', description: `最新のスナップショット（/data/${folder}/）への案内（HTML）`, rows: null, bytes: Buffer.byteLength(latestIndex), sha256: sha256Hex(latestIndex) });
  const index = toJson(snapshotIndex(previousIndex, { snapshotId, folder, date: summary.date }));
  await writeFile(join(dir, SNAPSHOT_INDEX), index);
  add({ path: SNAPSHOT_INDEX, kind: 'snapshot', collection: null, table: null, title: 'スナップショットの一覧', description: '保存しているすべてのスナップショット（新しい順）のフォルダーと日付', rows: null, bytes: Buffer.byteLength(index), sha256: sha256Hex(index) });

  // Every file under /data/ that this build writes, per-record files included; older dated
  // folders carry their own SHA256SUMS. Not listed: SHA256SUMS itself and manifest.json.
  const sums = checksumLines([...files.values(), ...perRecordFiles]);
  await writeFile(join(dir, 'SHA256SUMS'), sums);
  add({ path: 'SHA256SUMS', kind: 'checksums', collection: null, table: null, title: 'チェックサム一覧', description: '`sha256sum -c SHA256SUMS` で検証できる SHA-256 の一覧（このビルドが /data/ に書いた全ファイル。記録ごとのファイルを含み、このファイルと manifest.json を除く）', rows: null, bytes: Buffer.byteLength(sums), sha256: sha256Hex(sums) });

  const manifest: Manifest = {
    snapshotId,
    snapshot: { folder, date: summary.date, created, sources, previous: changes.from, kept: JSON.parse(index) as SnapshotIndexEntry[] },
    changes: {
      collections: Object.fromEntries(Object.entries(changes.collections).map(([c, v]) => [c, { added: v.added.length, removed: v.removed.length, changed: v.changed.length, unchanged: v.unchanged, sample: { added: v.added.slice(0, 20), removed: v.removed.slice(0, 20), changed: v.changed.slice(0, 20) } }])),
      totals: changes.totals,
    },
    coverage,
    empty,
    typedError,
    ...(keys ? { reuse: { code, collections: keys, counts: Object.fromEntries([...counts].map(([t, m]) => [t, Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)))])) } satisfies SnapshotReuse } : {}),
    files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    perRecord,
    licence: LICENCE,
  };
  // Last, and renamed into place: its presence means the snapshot is complete (read-manifest.ts).
  await writeFile(join(dir, `${MANIFEST_FILE}.tmp`), toJson(manifest));
  await rename(join(dir, `${MANIFEST_FILE}.tmp`), join(dir, MANIFEST_FILE));
  return manifest;
}

/**
 * Move a written snapshot into the built site's /data/ (same file system: renames, no copy).
 * Astro has already put the /data/ page there; a name both sides claim is a build error.
 */
export async function moveOpenDataInto(snapshotDir: string, siteDir: string): Promise<void> {
  const target = join(siteDir, 'data');
  await mkdir(target, { recursive: true });
  const taken = new Set(await readdir(target));
  for (const name of (await readdir(snapshotDir)).sort()) {
    if (taken.has(name)) throw new Error(`open data: ${join(target, name)} was also produced by the Astro build`);
    await rename(join(snapshotDir, name), join(target, name));
  }
  await rm(snapshotDir, { recursive: true, force: true });
}
