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
import { mkdir, open, readdir, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { EvaluationRecord, MeasureRecord, MinistryRecord, ProjectRecord, RecipientRecord } from '../../src/schemas/index.ts';
import { CSV_VARIANTS, csvChunk, prepareCells, textColumns, type CsvVariant } from '../../src/lib/opendata/csv.ts';
import { buildDatapackage, csvPath } from '../../src/lib/opendata/datapackage.ts';
import { checksumLines, LICENCE, sha256Hex, snapshotIdOf, type FileEntry, type Manifest, type PerRecordSummary } from '../../src/lib/opendata/manifest.ts';
import { evaluationCsv, projectCsv, subsetCsv } from '../../src/lib/opendata/record-csv.ts';
import { allTables, PROJECT_TABLES, RECIPIENT_TABLES, tableRows, type Cell, type Collection, type Corpus, type TableDef } from '../../src/lib/opendata/tables.ts';
import { MANIFEST_FILE } from '../../src/lib/opendata/read-manifest.ts';
import { toJson, WriteQueue } from '../lib/fs.ts';

const CHUNK = 1 << 20;
const ROWS_PER_CHUNK = 2000;
const PARALLEL_WRITES = 16;

/** Buffered, hashing file writer: strings in, ~1 MiB writes out. */
class Sink {
  private parts: string[] = [];
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
    this.parts.push(s);
    this.pending += s.length;
    if (this.pending >= CHUNK) await this.flush();
  }
  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
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

/** A JSON array with one compact record per line: valid JSON, greppable, streamable line by line. */
async function writeJsonArray(path: string, records: readonly unknown[]): Promise<{ bytes: number; sha256: string }> {
  const sink = await Sink.open(path);
  await sink.write('[');
  for (let i = 0; i < records.length; i++) await sink.write(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(records[i])}`);
  await sink.write(records.length > 0 ? '\n]\n' : ']\n');
  return sink.close();
}

async function writeTableCsvs(dir: string, table: TableDef<unknown>, corpus: Corpus): Promise<Record<CsvVariant, { bytes: number; sha256: string }> & { rows: number }> {
  const header = table.columns.map((c) => c.name);
  const isText = textColumns(table.columns);
  const sinks = { excel: await Sink.open(join(dir, csvPath(table.name, 'excel'))), plain: await Sink.open(join(dir, csvPath(table.name, 'plain'))) };
  let rows = 0;
  let first = true;
  let batch: { excel: Cell[][]; plain: Cell[][] } = { excel: [], plain: [] };
  const flush = async () => {
    for (const v of ['excel', 'plain'] as const) await sinks[v].write(csvChunk(header, batch[v], v, first));
    first = false;
    batch = { excel: [], plain: [] };
  };
  for (const row of tableRows(table, corpus)) {
    batch.excel.push(prepareCells(table.columns, isText, row, 'excel'));
    batch.plain.push(prepareCells(table.columns, isText, row, 'plain'));
    rows++;
    if (batch.excel.length >= ROWS_PER_CHUNK) await flush();
  }
  if (first || batch.excel.length > 0) await flush();
  return { excel: await sinks.excel.close(), plain: await sinks.plain.close(), rows };
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

async function writePerRecord(dir: string, collection: Collection, corpus: Corpus, projectById: Map<string, ProjectRecord>): Promise<PerRecordSummary> {
  const records = corpus[collection] as ReadonlyArray<{ id: string }>;
  await mkdir(join(dir, collection), { recursive: true });
  // Each text is encoded once: the same bytes are written, hashed and counted.
  const queue = new WriteQueue(PARALLEL_WRITES);
  const done: Array<{ path: string; sha256: string }> = [];
  let jsonBytes = 0;
  let csvBytes = 0;
  for (const r of records) {
    const json = Buffer.from(toJson(r));
    const csv = Buffer.from(perRecordCsv(collection, r, projectById));
    const base = join(dir, collection, r.id);
    await queue.add(`${base}.json`, json);
    await queue.add(`${base}.csv`, csv);
    jsonBytes += json.length;
    csvBytes += csv.length;
    done.push({ path: `${collection}/${r.id}.json`, sha256: sha256Hex(json) }, { path: `${collection}/${r.id}.csv`, sha256: sha256Hex(csv) });
  }
  await queue.drain();
  return { collection, records: records.length, jsonBytes, csvBytes, sha256: sha256Hex(checksumLines(done)) };
}

function jsonSchemaOf(collection: Collection): string {
  const schema = z.toJSONSchema(COLLECTION_INFO[collection].schema, { unrepresentable: 'any' });
  return toJson({ ...schema, title: COLLECTION_INFO[collection].title.replace('（全件）', ''), description: `/data/${collection}.json の各要素と /data/${collection}/<id>.json の形式（zod スキーマから生成）` });
}

/**
 * Write the snapshot into `dir` (the future /data/ folder), replacing what was there.
 * Returns the manifest (also written as manifest.json).
 */
export async function writeOpenData(dir: string, input: Corpus): Promise<Manifest> {
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

  for (const c of COLLECTIONS) {
    const path = `${c}.json`;
    const r = await writeJsonArray(join(dir, path), corpus[c]);
    add({ path, kind: 'json', collection: c, table: null, title: COLLECTION_INFO[c].title, description: `${COLLECTION_INFO[c].title}の JSON 配列（id 順、1 行に 1 記録）`, rows: corpus[c].length, ...r });
  }
  for (const t of allTables()) {
    const r = await writeTableCsvs(dir, t as TableDef<unknown>, corpus);
    for (const v of ['excel', 'plain'] as const) {
      add({ path: csvPath(t.name, v), kind: v === 'excel' ? 'csv-excel' : 'csv-plain', collection: t.collection, table: t.name, title: t.title, description: `${t.description}。${CSV_VARIANTS[v].label}`, rows: r.rows, ...r[v] });
    }
  }
  const projectById = new Map(corpus.projects.map((p) => [p.id, p]));
  const perRecord: PerRecordSummary[] = [];
  for (const c of COLLECTIONS) perRecord.push(await writePerRecord(dir, c, corpus, projectById));

  for (const c of COLLECTIONS) {
    const path = `schema/${c}.schema.json`;
    const text = jsonSchemaOf(c);
    await mkdir(join(dir, 'schema'), { recursive: true });
    await writeFile(join(dir, path), text);
    add({ path, kind: 'json-schema', collection: c, table: null, title: `${COLLECTION_INFO[c].title.replace('（全件）', '')}の JSON Schema`, description: `${c}.json の記録の形式（JSON Schema 2020-12、zod スキーマから生成）`, rows: null, bytes: Buffer.byteLength(text), sha256: sha256Hex(text) });
  }

  const data = [...files.values()].map((f) => ({ path: f.path, sha256: f.sha256 }));
  const snapshotId = snapshotIdOf([...data, ...perRecord.map((p) => ({ path: `${p.collection}/`, sha256: p.sha256 }))]);

  const datapackage = toJson(buildDatapackage({ snapshotId, tables: allTables(), files }));
  await writeFile(join(dir, 'datapackage.json'), datapackage);
  add({ path: 'datapackage.json', kind: 'datapackage', collection: null, table: null, title: 'データパッケージ記述（Frictionless Data Package v2）', description: 'すべての CSV の列（型・日本語名・単位・説明）とファイルのハッシュ', rows: null, bytes: Buffer.byteLength(datapackage), sha256: sha256Hex(datapackage) });

  const sums = checksumLines([...files.values()]);
  await writeFile(join(dir, 'SHA256SUMS'), sums);
  add({ path: 'SHA256SUMS', kind: 'checksums', collection: null, table: null, title: 'チェックサム一覧', description: '`sha256sum -c SHA256SUMS` で検証できる SHA-256 の一覧（このファイルと manifest.json 以外の全件ファイル）', rows: null, bytes: Buffer.byteLength(sums), sha256: sha256Hex(sums) });

  const manifest: Manifest = { snapshotId, files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), perRecord, licence: LICENCE };
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
