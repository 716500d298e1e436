/**
 * The typed snapshot as a data user opens it: the DuckDB database and every Parquet file are
 * loaded with DuckDB and each table is compared, row for row and value for value, with the
 * rows flattened from the published JSON; column types are the schemas' (ids and 法人番号 text,
 * yen 64-bit, years 32-bit, booleans); the views add up to the JSON; the CSV ZIP unpacks to
 * the published CSV files byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync, crc32 } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allTables, tableRows, type Cell, type Corpus } from '../src/lib/opendata/tables.ts';
import { columnType } from '../src/lib/opendata/typed.ts';
import { CODE_LISTS } from '../src/lib/opendata/code-lists.ts';
import type { Manifest } from '../src/lib/opendata/manifest.ts';
import { TEST_DIST } from './paths.ts';

const DATA = join(TEST_DIST, 'data');
const LATEST = join(DATA, 'latest');
const readJson = <T>(p: string): T => JSON.parse(readFileSync(join(DATA, p), 'utf8')) as T;
const corpus: Corpus = {
  projects: readJson('projects.json'),
  evaluations: readJson('evaluations.json'),
  measures: readJson('measures.json'),
  ministries: readJson('ministries.json'),
  recipients: readJson('recipients.json'),
};

let instance: DuckDBInstance;
let db: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await db.run(`ATTACH '${join(LATEST, 'gyosei-review.duckdb')}' AS snap (READ_ONLY);`);
});
afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

/** DuckDB values as the JSON has them: BIGINT arrives as bigint. */
function plain(v: unknown): Cell {
  if (typeof v === 'bigint') return Number(v);
  return v as Cell;
}

async function rowsOf(sql: string): Promise<Cell[][]> {
  const r = await db.runAndReadAll(sql);
  return r.getRows().map((row) => row.map(plain));
}

describe('typed snapshot (DuckDB database and Parquet)', () => {
  it('has every table, in the database and as Parquet, with exactly the JSON values in the same order', async () => {
    for (const t of allTables()) {
      const expected = [...tableRows(t, corpus)].map((row) => t.columns.map((c) => row[c.name] ?? null));
      const cols = t.columns.map((c) => `"${c.name}"`).join(', ');
      expect(await rowsOf(`SELECT ${cols} FROM snap."${t.name}"`), `duckdb ${t.name}`).toEqual(expected);
      expect(await rowsOf(`SELECT ${cols} FROM read_parquet('${join(LATEST, 'parquet', `${t.name}.parquet`)}')`), `parquet ${t.name}`).toEqual(expected);
    }
  });

  it('types columns from the schemas: ids and 法人番号 text, yen BIGINT, years INTEGER, flags BOOLEAN', async () => {
    const types = async (from: string) => new Map((await rowsOf(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${from})`)).map(([n, t]) => [n as string, t as string]));
    const projects = await types('snap.projects');
    expect(projects.get('id')).toBe('VARCHAR');
    expect(projects.get('budgetProjectId')).toBe('VARCHAR');
    expect(projects.get('reviewYear')).toBe('INTEGER');
    const budgets = await types(`read_parquet('${join(LATEST, 'parquet', 'budgets.parquet')}')`);
    expect(budgets.get('total')).toBe('BIGINT');
    expect(budgets.get('fiscalYear')).toBe('INTEGER');
    expect(budgets.get('isRequest')).toBe('BOOLEAN');
    expect(budgets.get('executionRate')).toBe('DOUBLE');
    expect(budgets.get('seq')).toBe('INTEGER');
    const recipients = await types('snap.recipients');
    expect(recipients.get('corporateNumber')).toBe('VARCHAR');
    // A 法人番号 with a leading zero would lose it as a number; none may be mangled.
    const numbers = await rowsOf("SELECT count(*) FROM snap.recipients WHERE corporateNumber IS NOT NULL AND NOT regexp_full_match(corporateNumber, '\\d{13}')");
    expect(numbers).toEqual([[0]]);
    for (const t of allTables()) {
      const ty = await types(`snap."${t.name}"`);
      for (const c of t.columns) expect(ty.get(c.name), `${t.name}.${c.name}`).toBe(columnType(t, c.name));
    }
  });

  it('declares each table primary key, and comments every column with its Japanese title', async () => {
    const pk = await rowsOf("SELECT table_name, constraint_column_names FROM duckdb_constraints() WHERE database_name = 'snap' AND constraint_type = 'PRIMARY KEY'");
    const byTable = new Map(pk.map(([t, c]) => [t as string, (c as unknown as { items: string[] }).items ?? c]));
    for (const t of allTables()) expect(byTable.get(t.name), t.name).toEqual(t.primaryKey);
    const comment = await rowsOf("SELECT comment FROM duckdb_columns() WHERE database_name = 'snap' AND table_name = 'budgets' AND column_name = 'total'");
    expect(String(comment[0]![0])).toContain('計（歳出予算現額）');
  });

  it('has views that add up to the JSON: budget by ministry and year', async () => {
    const rows = await rowsOf('SELECT ministry, reviewYear, fiscalYear, projects, initial, total, executed FROM snap.budget_by_ministry_year');
    const want = new Map<string, { projects: number; initial: number | null; total: number | null; executed: number | null }>();
    const add = (a: number | null, b: number | null) => (b === null ? a : (a ?? 0) + b);
    for (const p of corpus.projects) {
      for (const b of p.budget) {
        if (b.isRequest) continue;
        const k = `${p.ministry}|${p.reviewYear}|${b.fiscalYear}`;
        const w = want.get(k) ?? { projects: 0, initial: null, total: null, executed: null };
        want.set(k, { projects: w.projects + 1, initial: add(w.initial, b.initial), total: add(w.total, b.total), executed: add(w.executed, b.executed) });
      }
    }
    expect(rows.length).toBe(want.size);
    for (const [m, ry, fy, n, initial, total, executed] of rows) expect({ projects: n, initial, total, executed }, `${m} ${fy}`).toEqual(want.get(`${m}|${ry}|${fy}`));
    expect(await rowsOf("SELECT label FROM snap.code_lists WHERE \"column\" = 'corporateType' AND code = '301'")).toEqual([[CODE_LISTS[0]!.codes.find((c) => c.value === '301')!.label]]);
  });

  it('publishes the same bytes under latest/ and the dated folder, listed with their hashes', () => {
    const m = readJson<Manifest>('manifest.json');
    for (const f of ['gyosei-review.duckdb', 'gyosei-review-csv.zip', 'parquet/budgets.parquet']) {
      const a = m.files.find((x) => x.path === `latest/${f}`);
      const b = m.files.find((x) => x.path === `${m.snapshot.folder}/${f}`);
      expect(a?.sha256, f).toBe(b?.sha256);
      expect(readFileSync(join(DATA, m.snapshot.folder, f)).equals(readFileSync(join(LATEST, f))), f).toBe(true);
    }
  });
});

/** The entries of a ZIP file, read from its central directory (no ZIP64: the sample is small). */
function unzip(buf: Buffer): Map<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + csize);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    expect(crc32(data) >>> 0, name).toBe(crc);
    out.set(name, data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

describe('CSV ZIP', () => {
  it('holds every CSV of both flavours and datapackage.json, byte for byte', () => {
    const entries = unzip(readFileSync(join(LATEST, 'gyosei-review-csv.zip')));
    expect(entries.size).toBe(allTables().length * 2 + 1);
    for (const [name, data] of entries) expect(data.equals(readFileSync(join(DATA, name))), name).toBe(true);
  });
});
