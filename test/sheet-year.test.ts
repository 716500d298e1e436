/**
 * Years a sheet cannot mean (#21: `令和30年度` was read as FY2048 silently): readSheetYear with
 * exact values, and every legacy layout's year readers on the seeds with one year made implausible —
 * the year is not published, and a warning names the line and says why.
 */
import { describe, expect, it } from 'vitest';
import { decodeSource } from '../src/lib/ingest/decode.ts';
import { parseEvaluation } from '../src/lib/ingest/legacy/evaluation/index.ts';
import { parseReviewSheetTable } from '../src/lib/ingest/legacy/table/index.ts';
import { parseReviewSheetTextFlow } from '../src/lib/ingest/legacy/textflow/index.ts';
import { readSheetYear } from '../src/lib/normalize/sheet-year.ts';
import { inputOf, seedText } from './fixtures/textflow/seeds.ts';

describe('readSheetYear', () => {
  it.each([
    // text, era of short forms, review year, use, year (null: refused)
    ['令和30年度', null, 2020, 'target', null], // 平成30 carried into 令和
    ['令和29年度', null, 2020, 'end', null],
    ['令和29年度', null, 2023, 'end', 2047], // 平成29 (2017) is six years before a 2023 sheet: not a carry-over
    ['30年度', 'reiwa', 2019, 'target', null], // short form 30 years away
    ['令和32年度', null, 2024, 'target', 2050], // a 2050 target of a 2024 sheet
    ['令和32年度', null, 2021, 'target', null], // …on a 2021 sheet it is also 平成32 (2020)
    ['令和4年度', null, 2021, 'target', 2022],
    ['4年度', 'reiwa', 2021, 'target', 2022],
    ['平成32年度', null, 2018, 'end', 2020], // written before the era changed: a real 2020
    ['令和5年度', null, 2019, 'column', null], // a budget column four years ahead
    ['令和3年度要求', null, 2020, 'column', 2021],
    ['平成20年度', null, 2020, 'column', null],
    ['昭和24年度', null, 2019, 'start', 1949],
    ['令和4年度', null, 2020, 'start', 2022],
    ['令和5年度', null, 2020, 'start', null],
    ['平成20年度', null, 2020, 'past', null], // before review sheets existed
    ['令和元年度', null, 2020, 'past', 2019],
    ['令和2年度', null, 2020, 'past', 2020],
    ['令和3年度', null, 2020, 'past', null],
    ['2050年度', null, 2021, 'target', 2050], // western years are what they say
    ['令和30年度', null, null, 'target', 2048], // no review year: nothing to check against
  ] as const)('%s (era %s) on a %s sheet as %s → %s', (text, era, reviewYear, use, year) => {
    const r = readSheetYear(text, era, reviewYear, use);
    expect(r.year).toBe(year);
    expect(r.problem === null).toBe(year !== null || readSheetYear(text, era, null, use).year === null);
  });

  it('says what it read and why it refuses it', () => {
    expect(readSheetYear('令和30年度', null, 2020, 'target').problem).toBe('「令和30年度」は2048年度と読めますが、平成30年度 (2018) の元号の書き誤りと区別できないため採用しません (implausible year for a 2020 sheet)');
    expect(readSheetYear('30年度', 'reiwa', 2019, 'target').problem).toBe('「30年度」は2048年度と読めますが、元号の書かれていない年度が2019年度のシートから10年以上離れているため採用しません (implausible year for a 2019 sheet)');
    expect(readSheetYear('令和5年度', null, 2019, 'column').problem).toBe('「令和5年度」は2023年度と読めますが、2019年度のシートの表の年度としてありえない (2009–2021 の外)ため採用しません (implausible year for a 2019 sheet)');
  });
});

const warningsOf = (ws: Array<{ field: string; message: string; line: number | null }>) => ws.filter((w) => w.message.includes('implausible year')).map((w) => [w.field, w.line]);

describe('table layout (seed 004, 令和2年度)', () => {
  const parse = (text: string) => parseReviewSheetTable({ file: 't.txt', decoded: decodeSource(new TextEncoder().encode(text)), kind: 'review-sheet', layout: 'table' });
  const seed = seedText('004');

  it('refuses an end year of 令和30年度 (not an end note either)', () => {
    const r = parse(seed.replace('事業終了(予定)年度\t終了予定なし', '事業終了(予定)年度\t令和30年度'));
    expect(r.project).toMatchObject({ endYear: null, endNote: null, startYear: 2017 });
    expect(warningsOf(r.warnings)).toEqual([['endYear', 6]]);
  });

  it('refuses a budget column four years ahead, keeps the others', () => {
    const r = parse(seed.replace('\t2年度\t3年度要求', '\t2年度\t6年度要求'));
    expect(r.project!.budget.map((b) => [b.fiscalYear, b.isRequest])).toEqual([[2017, false], [2018, false], [2019, false], [2020, false]]);
    expect(warningsOf(r.warnings)).toEqual([['budget', 13]]);
  });

  it('refuses a final target year that reads 令和30 in a header whose era is 令和', () => {
    const r = parse(seed.replace('目標最終年度 - 年度', '目標最終年度 30年度'));
    expect(r.project!.outcomes[0]!.finalYear).toBeNull();
    expect(warningsOf(r.warnings)).toEqual([['outcomes', 29]]);
  });

  it('refuses a past sheet\'s year after the sheet\'s own', () => {
    const r = parse(seed.replace('平成31年度\t総務省 (0049)', '令和3年度\t総務省 (0049)'));
    expect(r.project!.pastNumbers).toEqual([{ fiscalYear: 2017, number: '新29-0004' }, { fiscalYear: 2018, number: '0048' }]);
    expect(warningsOf(r.warnings)).toEqual([['pastNumbers', 118]]);
  });
});

describe('text-flow layout (seed 000 as a 令和元年度 sheet)', () => {
  const reiwa = seedText('000').replace('平成３０年度行政事業レビューシート 総務省', '令和元年度行政事業レビューシート 総務省');

  it('refuses the final target year 32 (令和32 = 2050 as a short form on a 2019 sheet)', () => {
    const r = parseReviewSheetTextFlow(inputOf(reiwa, 'review-sheet'));
    expect(r.project!.reviewYear).toBe(2019);
    expect(r.project!.outcomes[0]?.finalYear ?? null).toBeNull();
    expect(warningsOf(r.warnings)).toContainEqual(['outcomes.finalYear', 263]);
  });

  it('refuses a start year written 令和30年度', () => {
    const r = parseReviewSheetTextFlow(inputOf(reiwa.replace('平成３０年度\n事業終了', '令和３０年度\n事業終了'), 'review-sheet'));
    expect(r.project!.startYear).toBeNull();
    expect(warningsOf(r.warnings)).toContainEqual(['startYear', 174]);
  });
});

describe('policy evaluation (seed 001, 平成30年度)', () => {
  it('refuses a target year tag 【令和30年度】 and publishes no target year from it', () => {
    const text = seedText('001').replace('                【令和２年度】', '                【令和30年度】');
    const e = parseEvaluation(inputOf(text, 'policy-evaluation')).evaluation!;
    expect(e.fiscalYear).toBe(2018);
    expect(e.indicators.map((i) => i.targetYear)).not.toContain(2048);
    expect(warningsOf(e.warnings)).toEqual([['indicators', 114]]);
  });
});
