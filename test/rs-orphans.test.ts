/**
 * Orphans are errors, not records: for every RS table, a row whose 予算事業ID no 1-1 row has
 * is reported with its file, line and key and joins nothing, and a malformed 予算事業ID (not
 * digits) is refused before it can become a record id or URL. Zero phantom projects.
 */
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/lib/ingest/pipeline.ts';
import { BUDGET_PROJECT_ID, importRsTables } from '../src/lib/ingest/rs/import.ts';
import { RS_TABLES } from '../src/lib/ingest/rs/tables.ts';
import { rsCsv } from './lib/rs-csv.ts';

const csv = rsCsv;

const DEFINING = csv('1-1.csv', '1-1', [{ 予算事業ID: '77', 事業名: '定義された事業' }]);
const SECONDARY = RS_TABLES.map((t) => t.id).filter((id) => id !== '1-1');

describe('a row whose 予算事業ID has no 1-1 row', () => {
  for (const id of SECONDARY) {
    it(`in ${id}: reported with file, line and key, joins nothing, no phantom project`, () => {
      const file = `${id}.csv`;
      // Row 1 joins project 77; rows 2 and 3 belong to no project 1-1 defines.
      const r = importRsTables([DEFINING, csv(file, id, [{ 予算事業ID: '77' }, { 予算事業ID: '99999', 事業名: '孤立した行' }, { 予算事業ID: '99999', 事業名: '孤立した行' }])]);
      expect(r.projects.map((p) => p.id)).toEqual(['rs-2024-77']);
      expect(r.projects.some((p) => p.name === '孤立した行')).toBe(false);
      const rep = r.fileReports.find((f) => f.file === file)!;
      const orphans = rep.errors!.filter((e) => /orphan row/.test(e.message));
      expect(orphans.map((e) => e.line)).toEqual([3, 4]);
      expect(orphans[0]!.message).toBe(`${file} 行 2: 予算事業ID 99999 (事業年度 2024) の行がありますが、1-1 表にこの事業がないため取り込みません (orphan row: no 1-1 row defines this project)`);
      expect(rep.status).toBe('error');
      expect(rep.recordIds).toEqual(['rs-2024-77']);
    });
  }

  it('a year no 1-1 table covers is still read from the tables given (a subset of tables)', () => {
    const r = importRsTables([DEFINING, csv('6-1.csv', '6-1', [{ 事業年度: '2025', 予算事業ID: '5', 備考: 'x' }])]);
    expect(r.projects.map((p) => p.id)).toEqual(['rs-2024-77', 'rs-2025-5']);
  });

  it('through the pipeline: the orphan is an error of the file, and strict mode counts it', () => {
    const res = ingest([DEFINING, csv('rs/1-3.csv', '1-3', [{ 予算事業ID: '12345', 政策: '孤立' }])], { sourcesDir: 'x' });
    expect(res.projects.map((p) => p.id)).toEqual(['rs-2024-77']);
    expect(res.report.counts.errors).toBeGreaterThanOrEqual(1);
    expect(res.report.files.find((f) => f.file === 'rs/1-3.csv')!.errors[0]!.message).toMatch(/^rs\/1-3\.csv 行 1: 予算事業ID 12345/);
  });
});

describe('a malformed 予算事業ID', () => {
  const MALFORMED = ['CON', 'A1', '12a', '-1', '1-2', '../x', '1e3', '0x10', '１２Ａ'];
  it('the form is digits only', () => {
    for (const m of MALFORMED) expect(BUDGET_PROJECT_ID.test(m.normalize('NFKC')), m).toBe(false);
    for (const ok of ['1', '77', '2661', '123456']) expect(BUDGET_PROJECT_ID.test(ok), ok).toBe(true);
  });
  for (const id of RS_TABLES.map((t) => t.id)) {
    it(`in ${id}: refused with its line and value, never a record or a URL`, () => {
      const file = `${id}.csv`;
      const rows = [{ 予算事業ID: '77' }, ...MALFORMED.map((m) => ({ 予算事業ID: m }))];
      const inputs = id === '1-1' ? [csv(file, id, rows)] : [DEFINING, csv(file, id, rows)];
      const r = importRsTables(inputs);
      expect(r.projects.map((p) => p.id)).toEqual(['rs-2024-77']);
      const rep = r.fileReports.find((f) => f.file === file)!;
      const refused = rep.warnings!.filter((w) => /valid 事業年度\/予算事業ID ignored/.test(w.message));
      expect(refused.map((w) => w.line)).toEqual(MALFORMED.map((_, i) => i + 3));
      expect(refused[0]!.message).toContain('予算事業ID="CON"');
    });
  }
  it('a full-width number is the same id (NFKC), not a malformed one', () => {
    const r = importRsTables([csv('1-1.csv', '1-1', [{ 予算事業ID: '７７' }])]);
    expect(r.projects.map((p) => p.id)).toEqual(['rs-2024-77']);
  });
});
