/**
 * Citable snapshots: two builds' open-data stages in a row, the second reading the first's
 * /data/ as its previous build. The dated folder is named by date and content, the changelog
 * lists the record added, removed and changed with the ministry totals before and after,
 * the older folder is carried over by keep-snapshots, unchanged data keeps its folder and
 * date, and SOURCE_DATE_EPOCH pins the date.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyProject } from '../src/lib/ingest/fallback.ts';
import { changelog, snapshotDate, snapshotFolder, type SnapshotSummary } from '../src/lib/opendata/snapshot.ts';
import { checksumLines, parseChecksumLines } from '../src/lib/opendata/manifest.ts';
import type { Corpus } from '../src/lib/opendata/tables.ts';
import type { ProjectRecord } from '../src/schemas/index.ts';
import { writeOpenData } from '../scripts/stages/open-data.ts';
import { keepSnapshots } from '../scripts/stages/keep-snapshots.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'od-snap-'));
  dirs.push(d);
  return d;
};

function sheet(id: string, ministry: string, total: number): ProjectRecord {
  const p = emptyProject(id, `事業 ${id}`, { file: `${id}.txt`, sha256: '0'.repeat(64), layout: 'table', lineCount: 1 }, []);
  return { ...p, reviewYear: 2024, ministry, budget: [{ fiscalYear: 2023, initial: total, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total, executed: total, executionRate: 100, isRequest: false }] };
}
const corpusOf = (projects: ProjectRecord[]): Corpus => ({ projects, evaluations: [], measures: [], ministries: [], recipients: [] });

describe('snapshot dates and folders', () => {
  it('takes SOURCE_DATE_EPOCH, else the newest source date, never the clock; names folders by Tokyo day and content', () => {
    const sources = [{ file: 'a', bytes: 1, sha256: 'x', modified: '2025-02-17T03:00:00.000Z' }, { file: 'b', bytes: 1, sha256: 'y', modified: '2024-01-01T00:00:00.000Z' }];
    expect(snapshotDate({ SOURCE_DATE_EPOCH: '1764806400' }, sources).toISOString()).toBe('2025-12-04T00:00:00.000Z');
    expect(snapshotDate({}, sources).toISOString()).toBe('2025-02-17T03:00:00.000Z');
    expect(() => snapshotDate({ SOURCE_DATE_EPOCH: 'yesterday' }, sources)).toThrow(/SOURCE_DATE_EPOCH/);
    // 20:00 UTC is the next morning in Tokyo.
    expect(snapshotFolder(new Date('2026-12-03T20:00:00Z'), '2a62a42e0123abcd')).toBe('2026-12-04-2a62a42e');
  });

  it('diffs two summaries: added, removed, changed ids and the totals that moved', () => {
    const a: SnapshotSummary = { snapshotId: 'a', folder: 'f-a', date: '2026-12-01', created: '', records: { projects: { p1: 'h1', p2: 'h2', p3: 'h3' } }, totals: [{ ministry: '総務省', fiscalYear: 2023, projects: 2, initial: 10, total: 10, executed: 9 }, { ministry: '外務省', fiscalYear: 2023, projects: 1, initial: 5, total: 5, executed: 5 }] };
    const b: SnapshotSummary = { snapshotId: 'b', folder: 'f-b', date: '2026-12-04', created: '', records: { projects: { p1: 'h1', p2: 'h2x', p4: 'h4' } }, totals: [{ ministry: '総務省', fiscalYear: 2023, projects: 2, initial: 10, total: 12, executed: 9 }, { ministry: '外務省', fiscalYear: 2023, projects: 1, initial: 5, total: 5, executed: 5 }] };
    const c = changelog(a, b);
    expect(c.collections.projects).toEqual({ added: ['p4'], removed: ['p3'], changed: ['p2'], unchanged: 1 });
    expect(c.totals).toEqual([{ ministry: '総務省', fiscalYear: 2023, before: { projects: 2, initial: 10, total: 10, executed: 9 }, after: { projects: 2, initial: 10, total: 12, executed: 9 } }]);
    expect(c.from).toEqual({ snapshotId: 'a', folder: 'f-a', date: '2026-12-01' });
  });
});

describe('SHA256SUMS', () => {
  it('reads back what checksumLines writes, paths with spaces included', () => {
    const entries = [{ path: 'projects/a 1.json', sha256: 'a'.repeat(64) }, { path: 'csv/x.csv', sha256: 'b'.repeat(64) }];
    expect([...parseChecksumLines(checksumLines(entries))]).toEqual([['csv/x.csv', 'b'.repeat(64)], ['projects/a 1.json', 'a'.repeat(64)]]);
    expect(parseChecksumLines('').size).toBe(0);
  });
});

describe('two builds in a row', () => {
  it('keeps the first snapshot, says what changed, and reuses the folder when nothing did', async () => {
    const first = tmp();
    const m1 = await writeOpenData(first, corpusOf([sheet('a-1', '総務省', 100), sheet('a-2', '外務省', 50)]), { env: { SOURCE_DATE_EPOCH: '1764806400' } });
    expect(m1.snapshot.folder).toBe(`2025-12-04-${m1.snapshotId.slice(0, 8)}`);
    expect(m1.snapshot.previous).toBeNull();
    expect(existsSync(join(first, m1.snapshot.folder, 'gyosei-review.duckdb'))).toBe(true);

    const second = tmp();
    const m2 = await writeOpenData(second, corpusOf([sheet('a-1', '総務省', 120), sheet('a-3', '総務省', 10)]), { env: { SOURCE_DATE_EPOCH: '1765065600' }, previousDataDir: first });
    expect(m2.snapshot.folder).toBe(`2025-12-07-${m2.snapshotId.slice(0, 8)}`);
    expect(m2.snapshot.previous?.folder).toBe(m1.snapshot.folder);
    const changes = JSON.parse(readFileSync(join(second, m2.snapshot.folder, 'changes.json'), 'utf8'));
    expect(changes.collections.projects).toEqual({ added: ['a-3'], removed: ['a-2'], changed: ['a-1'], unchanged: 0 });
    expect(changes.totals).toEqual([
      { ministry: '外務省', fiscalYear: 2023, before: { projects: 1, initial: 50, total: 50, executed: 50 }, after: null },
      { ministry: '総務省', fiscalYear: 2023, before: { projects: 1, initial: 100, total: 100, executed: 100 }, after: { projects: 2, initial: 130, total: 130, executed: 130 } },
    ]);
    expect(m2.snapshot.kept.map((k) => k.folder)).toEqual([m2.snapshot.folder, m1.snapshot.folder]);
    // The build carries the first folder over, byte for byte.
    expect(await keepSnapshots(first, second)).toEqual([m1.snapshot.folder]);
    expect(readFileSync(join(second, m1.snapshot.folder, 'gyosei-review-csv.zip')).equals(readFileSync(join(first, m1.snapshot.folder, 'gyosei-review-csv.zip')))).toBe(true);
    expect(readFileSync(join(second, 'latest', 'snapshot.json'), 'utf8')).toBe(readFileSync(join(second, m2.snapshot.folder, 'snapshot.json'), 'utf8'));

    // The same data again, a day later: the same snapshot, folder, date and changelog.
    const third = tmp();
    const m3 = await writeOpenData(third, corpusOf([sheet('a-1', '総務省', 120), sheet('a-3', '総務省', 10)]), { env: { SOURCE_DATE_EPOCH: '1765152000' }, previousDataDir: second });
    expect(m3.snapshotId).toBe(m2.snapshotId);
    expect(m3.snapshot.folder).toBe(m2.snapshot.folder);
    expect(m3.snapshot.created).toBe(m2.snapshot.created);
    expect(readFileSync(join(third, m3.snapshot.folder, 'changes.json'), 'utf8')).toBe(readFileSync(join(second, m2.snapshot.folder, 'changes.json'), 'utf8'));
    expect(readFileSync(join(third, m3.snapshot.folder, 'gyosei-review.duckdb')).equals(readFileSync(join(second, m2.snapshot.folder, 'gyosei-review.duckdb')))).toBe(true);
  }, 120_000);

  it('lists in SHA256SUMS every file it wrote under /data/, per-record files included', async () => {
    const d = tmp();
    await writeOpenData(d, corpusOf([sheet('b-1', '総務省', 1)]), { env: { SOURCE_DATE_EPOCH: '1764806400' } });
    const listed = new Set(readFileSync(join(d, 'SHA256SUMS'), 'utf8').trim().split('\n').map((l) => l.slice(66)));
    const { readdirSync } = await import('node:fs');
    const walk = (dir: string, rel = ''): string[] => readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(dir, `${rel}${e.name}/`) : [`${rel}${e.name}`]));
    const written = walk(d).filter((f) => f !== 'SHA256SUMS' && f !== 'manifest.json');
    expect(written.filter((f) => !listed.has(f))).toEqual([]);
    expect(listed.has('projects/b-1.json') && listed.has('projects/b-1.csv')).toBe(true);
  }, 60_000);

  it('links a per-record file whose bytes are unchanged from the previous snapshot, and writes the changed ones', async () => {
    const first = tmp();
    await writeOpenData(first, corpusOf([sheet('c-1', '総務省', 1), sheet('c-2', '総務省', 2)]), { env: { SOURCE_DATE_EPOCH: '1764806400' } });
    const second = tmp();
    await writeOpenData(second, corpusOf([sheet('c-1', '総務省', 1), sheet('c-2', '総務省', 3)]), { env: { SOURCE_DATE_EPOCH: '1764806400' }, previousDataDir: first });
    const inode = (dir: string, f: string) => statSync(join(dir, f)).ino;
    // c-1 is the same record: the same file (one inode); c-2 changed: a file of its own.
    expect(inode(second, 'projects/c-1.json')).toBe(inode(first, 'projects/c-1.json'));
    expect(inode(second, 'projects/c-1.csv')).toBe(inode(first, 'projects/c-1.csv'));
    expect(inode(second, 'projects/c-2.json')).not.toBe(inode(first, 'projects/c-2.json'));
    expect(JSON.parse(readFileSync(join(second, 'projects/c-2.json'), 'utf8')).budget[0].total).toBe(3);
    // Byte for byte what a build without a previous snapshot writes (SHA256SUMS differs: the
    // changelog and the list of snapshots name the previous one).
    const cold = tmp();
    await writeOpenData(cold, corpusOf([sheet('c-1', '総務省', 1), sheet('c-2', '総務省', 3)]), { env: { SOURCE_DATE_EPOCH: '1764806400' } });
    for (const f of ['projects/c-1.json', 'projects/c-1.csv', 'projects/c-2.json', 'projects/c-2.csv']) {
      expect(readFileSync(join(second, f)).equals(readFileSync(join(cold, f))), f).toBe(true);
    }
  }, 120_000);

  it('links the whole-collection files of a collection whose records and code are unchanged (JSON array, CSV tables, Parquet; with all unchanged, the database), and writes what a build without reuse does', async () => {
    const env = { SOURCE_DATE_EPOCH: '1764806400' };
    const v1 = corpusOf([sheet('d-1', '総務省', 1), sheet('d-2', '総務省', 2)]);
    const v2 = corpusOf([sheet('d-1', '総務省', 1), sheet('d-2', '総務省', 5)]);
    // What ingest's digests.json says of the record files (only equality matters).
    const digests = (d2: string) => new Map([['projects/d-1.json', 'h1'], ['projects/d-2.json', d2], ['ministries/soumu.json', 'm1']]);
    const log: string[] = [];
    const first = tmp();
    const m1 = await writeOpenData(first, v1, { env, recordDigests: digests('h2') });
    expect(m1.reuse?.collections.projects).toMatch(/^[0-9a-f]{64}$/);
    const second = tmp();
    await writeOpenData(second, v2, { env, previousDataDir: first, recordDigests: digests('h2-changed'), log: (l) => log.push(l) });
    expect(log.find((l) => l.includes('unchanged collections'))).toBe('  unchanged collections, their files linked from the previous snapshot: evaluations, measures, ministries, recipients');
    const inode = (dir: string, f: string) => statSync(join(dir, f)).ino;
    expect(inode(second, 'ministries.json')).toBe(inode(first, 'ministries.json'));
    expect(inode(second, 'csv-utf8/ministries.csv')).toBe(inode(first, 'csv-utf8/ministries.csv'));
    expect(inode(second, 'projects.json')).not.toBe(inode(first, 'projects.json'));
    expect(inode(second, 'latest/parquet/ministries.parquet')).toBe(inode(first, 'latest/parquet/ministries.parquet'));
    expect(inode(second, 'latest/parquet/projects.parquet')).not.toBe(inode(first, 'latest/parquet/projects.parquet'));
    // The same files as a build that reuses nothing (no digests), from the same previous snapshot.
    const plain = tmp();
    const mp = await writeOpenData(plain, v2, { env, previousDataDir: first });
    expect(mp.reuse).toBeUndefined();
    const { readdirSync } = await import('node:fs');
    const walk = (dir: string, rel = ''): string[] => readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(dir, `${rel}${e.name}/`) : [`${rel}${e.name}`]));
    const files = walk(second).filter((f) => f !== 'manifest.json').sort();
    expect(walk(plain).filter((f) => f !== 'manifest.json').sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(second, f)).equals(readFileSync(join(plain, f))), f).toBe(true);
    const { reuse, ...m2rest } = JSON.parse(readFileSync(join(second, 'manifest.json'), 'utf8'));
    expect(reuse.collections.projects).not.toBe(m1.reuse!.collections.projects);
    expect(m2rest).toEqual(JSON.parse(readFileSync(join(plain, 'manifest.json'), 'utf8')));
    // Nothing changed since: every collection, and the database file, linked.
    const third = tmp();
    await writeOpenData(third, v2, { env, previousDataDir: second, recordDigests: digests('h2-changed') });
    expect(inode(third, 'projects.json')).toBe(inode(second, 'projects.json'));
    expect(inode(third, 'latest/gyosei-review.duckdb')).toBe(inode(second, 'latest/gyosei-review.duckdb'));
    // Per-record files too, with the summary and checksums a full write gives.
    expect(inode(third, 'projects/d-2.json')).toBe(inode(second, 'projects/d-2.json'));
    // (snapshots.json lists the folders kept beside each, which differ: the test keeps none.)
    const sums = (d: string) => readFileSync(join(d, 'SHA256SUMS'), 'utf8').split('\n').filter((l) => !l.endsWith('  snapshots.json'));
    expect(sums(third)).toEqual(sums(second));
    expect(JSON.parse(readFileSync(join(third, 'manifest.json'), 'utf8')).perRecord).toEqual(JSON.parse(readFileSync(join(second, 'manifest.json'), 'utf8')).perRecord);
    // One record changes again: the other's files are linked unread, by the records folder's
    // hashes from before (which the snapshot's key vouches for); with hashes the snapshot was
    // not made from (a build that never published), every record is serialised again.
    const v3 = corpusOf([sheet('d-1', '総務省', 1), sheet('d-2', '総務省', 7)]);
    const log3: string[] = [];
    const third3 = tmp();
    await writeOpenData(third3, v3, { env, previousDataDir: third, recordDigests: digests('h2-third'), previousRecordDigests: digests('h2-changed'), log: (l) => log3.push(l) });
    expect(log3).toContain("  projects: 1 of 2 records' files linked unread (unchanged since the previous snapshot)");
    // The unchanged record's line of projects.json is copied from the previous array.
    expect(log3).toContain('  projects.json: 1 of 2 lines copied from the previous snapshot');
    expect(JSON.parse(readFileSync(join(third3, 'projects/d-2.json'), 'utf8')).budget[0].total).toBe(7);
    const log3b: string[] = [];
    const third3b = tmp();
    await writeOpenData(third3b, v3, { env, previousDataDir: third, recordDigests: digests('h2-third'), previousRecordDigests: digests('h2-unpublished'), log: (l) => log3b.push(l) });
    expect(log3b.some((l) => l.startsWith('  projects:'))).toBe(false);
    for (const f of walk(third3)) expect(readFileSync(join(third3, f)).equals(readFileSync(join(third3b, f))), f).toBe(true);
    // A previous array that is not the file its manifest lists (edited since): nothing of it
    // is copied, and the array is written from the records, the same bytes again.
    const { writeFileSync: write } = await import('node:fs');
    const edited = tmp();
    for (const f of walk(third)) {
      mkdirSync(dirname(join(edited, f)), { recursive: true });
      copyFileSync(join(third, f), join(edited, f));
    }
    write(join(edited, 'projects.json'), readFileSync(join(edited, 'projects.json'), 'utf8').replace('"d-1"', '"d-1" '));
    const log3c: string[] = [];
    const third3c = tmp();
    await writeOpenData(third3c, v3, { env, previousDataDir: edited, recordDigests: digests('h2-third'), previousRecordDigests: digests('h2-changed'), log: (l) => log3c.push(l) });
    expect(log3c).toContain(`  projects.json: written anew (${join(edited, 'projects.json')}: not the file the previous manifest lists (SHA-256 differs))`);
    expect(readFileSync(join(third3c, 'projects.json')).equals(readFileSync(join(third3, 'projects.json')))).toBe(true);
    // Other code (a snapshot from another version): nothing linked.
    const changed = JSON.parse(readFileSync(join(third, 'manifest.json'), 'utf8'));
    changed.reuse.code = 'other';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(third, 'manifest.json'), JSON.stringify(changed));
    const fourth = tmp();
    const log4: string[] = [];
    await writeOpenData(fourth, v2, { env, previousDataDir: third, recordDigests: digests('h2-changed'), log: (l) => log4.push(l) });
    expect(log4.some((l) => l.includes('unchanged collections'))).toBe(false);
    expect(inode(fourth, 'projects.json')).not.toBe(inode(third, 'projects.json'));
    expect(readFileSync(join(fourth, 'projects.json')).equals(readFileSync(join(third, 'projects.json')))).toBe(true);
  }, 120_000);
});
