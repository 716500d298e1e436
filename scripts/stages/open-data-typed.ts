/**
 * The typed snapshot, written by DuckDB itself from the program-flavour CSVs just written
 * (csv-utf8/): one DuckDB database file with every table (typed columns, primary keys,
 * Japanese comments, views) and one Parquet file per table, copied out of that database.
 * Types come from the zod schemas (src/lib/opendata/typed.ts), never from DuckDB's guessing.
 *
 * One DuckDB thread, so it takes no more than the core it is given beside Astro.
 *
 * Byte-identical for identical input takes two things (determinism standard):
 * - The string compressions off: FSST and dictionary segments carry uninitialised slack bytes
 *   (duckdb/duckdb#23382), and with FSST on, its sampling also changed the file's size from run
 *   to run (RS 2024: 70.8, 69.8 and 72.2 MB for one input). Numeric compression stays on.
 * - Zeroed allocations in DuckDB's own allocator (jemalloc, configured by the environment
 *   variable DUCKDB_JE_MALLOC_CONF, read when DuckDB first allocates): a string over 4 KiB is
 *   written to an overflow block whose last 8 bytes are never written, so they held whatever the
 *   buffer held before. On RS 2024 (long summaries) every build differed in 8–10 such blocks;
 *   with `zero:true` three builds in one process were identical. Hence DuckDB is imported
 *   only here, after the variable is set (writeTypedSnapshot): a process that loaded DuckDB
 *   earlier would keep its allocator's settings.
 * Parquet (zstd) output is deterministic as written.
 */
import { createReadStream } from 'node:fs';
import { link, mkdir, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { csvPath } from '../../src/lib/opendata/datapackage.ts';
import { codeListSql, commentSql, createTableSql, ident, literal, loadCsvSql, viewSql } from '../../src/lib/opendata/typed.ts';
import type { TableMeta } from '../../src/lib/opendata/tables.ts';

export const DUCKDB_FILE = 'gyosei-review.duckdb';
export const parquetPath = (table: string) => `parquet/${table}.parquet`;

export async function fileDigest(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { bytes: (await stat(path)).size, sha256: hash.digest('hex') };
}

/** DuckDB with zero-filled allocations (see above); other jemalloc options a user set are kept. */
function loadDuckDb(): Promise<typeof import('@duckdb/node-api')> {
  const conf = process.env.DUCKDB_JE_MALLOC_CONF;
  if (!conf?.split(',').includes('zero:true')) process.env.DUCKDB_JE_MALLOC_CONF = conf ? `${conf},zero:true` : 'zero:true';
  return import('@duckdb/node-api');
}

/**
 * Load every table's CSV from `csvDir` (the snapshot folder holding csv-utf8/) into a new
 * database at `outDir/DUCKDB_FILE` and write `outDir/parquet/<table>.parquet`.
 * Returns the written paths relative to `outDir`.
 */
export interface KeepTyped {
  /** Table → an earlier Parquet file made from the same CSV by the same code: linked, not written. */
  parquet?: ReadonlyMap<string, string>;
  /** An earlier database file made from the same CSVs by the same code: linked, and DuckDB is not started. */
  database?: string | null;
}

export async function writeTypedSnapshot(csvDir: string, outDir: string, tables: readonly TableMeta[], keep: KeepTyped = {}): Promise<string[]> {
  const dbFile = join(outDir, DUCKDB_FILE);
  await mkdir(join(outDir, 'parquet'), { recursive: true });
  await rm(dbFile, { force: true });
  await rm(`${dbFile}.wal`, { force: true });
  const keepParquet = async (t: TableMeta): Promise<boolean> => {
    const from = keep.parquet?.get(t.name);
    if (!from) return false;
    await link(from, join(outDir, parquetPath(t.name)));
    return true;
  };
  if (keep.database && tables.every((t) => keep.parquet?.has(t.name))) {
    await link(keep.database, dbFile);
    for (const t of tables) await keepParquet(t);
    return [DUCKDB_FILE, ...tables.map((t) => parquetPath(t.name))];
  }
  const { DuckDBInstance } = await loadDuckDb();
  // 16 KiB blocks (default 256 KiB): each table and primary-key index takes whole blocks, so
  // the 45 tables of the bundled sample made a 22 MB file with the default, 2 MB with these.
  // Readable by DuckDB 1.2 and later.
  // A bound on its memory (default: 80 % of the machine): at the decade it took ~1 GiB more
  // beside Astro at the build's peak; past the bound it writes blocks to the database file.
  const instance = await DuckDBInstance.create(dbFile, { threads: '1', default_block_size: '16384', memory_limit: '512MB' });
  const written = [DUCKDB_FILE];
  try {
    const db = await instance.connect();
    try {
      await db.run("SET disabled_compression_methods = 'fsst,dict_fsst,dictionary'; SET preserve_insertion_order = true;");
      // One transaction: statement by statement, each of the ~700 comments was its own commit.
      await db.run('BEGIN TRANSACTION;');
      for (const t of tables) {
        await db.run(createTableSql(t));
        await db.run(loadCsvSql(t, join(csvDir, csvPath(t.name, 'plain'))));
        for (const c of commentSql(t)) await db.run(c);
      }
      for (const v of [...viewSql(tables), ...codeListSql()]) await db.run(v);
      await db.run('COMMIT;');
      for (const t of tables) {
        const path = parquetPath(t.name);
        if (await keepParquet(t)) {
          written.push(path);
          continue;
        }
        await db.run(`COPY ${ident(t.name)} TO ${literal(join(outDir, path))} (FORMAT parquet, COMPRESSION zstd);`);
        written.push(path);
      }
      await db.run('CHECKPOINT;');
    } finally {
      db.closeSync();
    }
  } finally {
    instance.closeSync();
  }
  return written;
}
