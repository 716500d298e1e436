/**
 * RS map sections are isolated like the legacy layouts' (#21 item 1): an exception in one table's
 * part of a project leaves that part empty with a warning naming the file, the project's row there
 * and the exception; the identity and every other part are still published, unchanged.
 * The exception is a real one: the project's rows in that table name a row the file does not have
 * (a corrupt grouping), so reading its cells throws a TypeError.
 */
import { describe, expect, it } from 'vitest';
import { mapProject } from '../src/lib/ingest/rs/map/index.ts';
import type { MapInput, TableRows } from '../src/lib/ingest/rs/map/refs.ts';
import { readRsTable } from '../src/lib/ingest/rs/read.ts';
import type { RsTableId } from '../src/lib/ingest/rs/tables.ts';
import type { ProjectRecord } from '../src/schemas/index.ts';
import { rsCsv } from './lib/rs-csv.ts';

const ROWS: Array<[RsTableId, Record<string, string>]> = [
  ['1-1', { 作成責任者: '課長 山田 太郎', '府省庁（その他担当組織）': '内閣府' }],
  ['1-2', { 事業の目的: '目的の文', 事業の概要: '概要の文', 事業開始年度: '2020', 主要経費: 'その他の事項経費' }],
  ['1-3', { 政策: '政策A', 施策: '施策B', 法令名: '内閣法' }],
  ['1-4', { 補助対象: '地方公共団体', 補助率: '1/2' }],
  ['1-5', { 関連事業の事業名: '関連する事業' }],
  ['2-1', { 予算年度: '2023', '当初予算（合計）': '1000000', '計（歳出予算現額合計）': '1000000', '執行額（合計）': '900000' }],
  ['2-2', { 予算年度: '2024', 項: '内閣官房共通費', 目: '庁費', '予算額（歳出予算項目ごと）': '1000000' }],
  ['3-2', { '派生元ーアクティビティ・アウトプット・アウトカムの番号': '1', '派生元ー種別（アクティビティ・アウトプット・アウトカム）': 'アクティビティ', '派生先ーアクティビティ・アウトプット・アウトカムの番号': '1', '派生先ー種別（アクティビティ・アウトプット・アウトカム）': 'アウトカム', 後続アウトカムへのつながり: 'つながり' }],
  ['4-1', { '事業所管部局による点検・改善ー点検結果': '点検の結果', 行政事業レビュー推進チームの所見: '現状通り' }],
  ['5-3', { 支出先ブロック番号: 'A', 支出先名: '株式会社テスト', 費目: '委託費', 使途: '調査', 金額: '500000' }],
  ['6-1', { 備考: '備考の文' }],
];

/** Project 77's rows in every table; `broken` gets a row index its file does not have. */
function input(broken: RsTableId | null): MapInput {
  const tables = new Map<RsTableId, TableRows[]>();
  for (const [id, row] of ROWS) {
    const r = readRsTable(rsCsv(`${id}.csv`, id, [{ 予算事業ID: '77', ...row }]));
    if (!r.ok) throw new Error(`${id}: ${r.errors.map((e) => e.message).join('; ')}`);
    tables.set(id, [{ table: r.table, key: `${id}.csv`, rows: id === broken ? [0, 7] : [0] }]);
  }
  return { year: 2024, budgetProjectId: '77', tables };
}

const isEmpty = (v: unknown): boolean => v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every(isEmpty));
const FIELDS_OF = (p: ProjectRecord) => Object.keys(p).filter((k) => !['warnings', 'provenance', 'source'].includes(k)) as Array<keyof ProjectRecord>;

describe('an exception in one RS table\'s part of a project', () => {
  const clean = mapProject(input(null)).project;

  it('the clean project has every part (so that a lost part shows)', () => {
    expect(clean.warnings.filter((w) => /section parser failed/.test(w.message))).toEqual([]);
    expect(clean).toMatchObject({ name: 'テスト事業', ministry: '内閣官房', responsible: '課長 山田 太郎', purpose: '目的の文', remarks: '備考の文' });
  });

  const SECTIONS: Array<[RsTableId, string]> = [['1-1', 'organization'], ['1-2', 'overview'], ['1-3', 'policies'], ['1-4', 'subsidyRates'], ['1-5', 'relatedProjects'], ['2-1', 'budget'], ['2-2', 'budgetBreakdown'], ['3-2', 'logicModel'], ['4-1', 'checks'], ['5-3', 'spending'], ['6-1', 'remarks']];
  it.each(SECTIONS)('in %s (%s): that part is empty with a warning naming file, row and exception; identity and the rest published', (id, name) => {
    const broken = mapProject(input(id)).project;
    expect({ id: broken.id, name: broken.name, ministry: broken.ministry, reviewYear: broken.reviewYear, budgetProjectId: broken.budgetProjectId }).toEqual({ id: 'rs-2024-77', name: 'テスト事業', ministry: '内閣官房', reviewYear: 2024, budgetProjectId: '77' });
    const failed = broken.warnings.filter((w) => /section parser failed/.test(w.message));
    expect(failed).toHaveLength(1);
    expect(failed[0]!.field).toBe(name);
    expect(failed[0]!.line).toBe(2);
    expect(failed[0]!.message).toMatch(new RegExp(`^${id}\\.csv 2行目: 「${id} .+」の欄の解析中にエラーが発生したため、この欄は空にしました \\(section parser failed: TypeError: `));
    const lost = FIELDS_OF(clean).filter((k) => JSON.stringify(broken[k]) !== JSON.stringify(clean[k]));
    expect(lost.length, 'the part had something to lose').toBeGreaterThan(0);
    // What differs is only emptied, never changed into another value.
    for (const k of lost) expect(isEmpty(broken[k]), `${String(k)}: ${JSON.stringify(broken[k])}`).toBe(true);
    expect(Object.keys(broken.provenance).filter((k) => !(k in clean.provenance))).toEqual([]);
  });
});
