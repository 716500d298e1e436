/**
 * The legacy parsers on sheets the project generates from real records (scripts/selfcheck.ts):
 * 60 JUDGIT records of 2018–2020 (test/fixtures/judgit-selfcheck, 20 ministries) rendered into
 * the text-flow layouts of seeds 000 and 002 and the table layouts of seeds 003 and 004, parsed,
 * and scored field by field against what was rendered. The floors are the measured values rounded down: a change that loses accuracy fails.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LayoutResult, pickSheets, runTable, runTextFlow } from '../scripts/lib/selfcheck/corpus.ts';
import { renderTable, TABLE_TEMPLATES } from '../scripts/lib/selfcheck/table.ts';
import { renderTextFlow, TEXTFLOW_TEMPLATES } from '../scripts/lib/selfcheck/textflow.ts';
import { formatScore, precision, recall, total } from '../scripts/lib/selfcheck/truth.ts';

const DIR = join(import.meta.dirname, 'fixtures/judgit-selfcheck');
const picked = pickSheets(DIR, 1000);

describe('self-check corpus', () => {
  it('is 60 real records of 2018–2020 from at least 10 ministries, with and without each section', () => {
    expect(picked).toHaveLength(60);
    expect(new Set(picked.map((p) => p.record.公開年度))).toEqual(new Set([2018, 2019, 2020]));
    expect(new Set(picked.map((p) => p.record.府省庁)).size).toBeGreaterThanOrEqual(10);
    for (const has of [(p: (typeof picked)[number]) => !!p.record.支出先?.length, (p: (typeof picked)[number]) => !!p.record.アウトカム?.length, (p: (typeof picked)[number]) => !!p.record.関連する過去のレビューシート?.length]) {
      expect(picked.some(has)).toBe(true);
      expect(picked.some((p) => !has(p))).toBe(true);
    }
  });

  it('renders deterministically, the seeds\' lines kept except the replaced values', () => {
    const p = picked[0]!;
    for (const t of TEXTFLOW_TEMPLATES) {
      const a = renderTextFlow(t, p.record);
      expect(renderTextFlow(t, p.record)).toEqual(a);
      expect(a.text).toContain(`行政事業レビューシート ${p.record.府省庁}`);
    }
  });
});

/** A layout's run on the corpus: no sheet lost, precision and recall at least their floors, no wrong value in `exact` fields. */
function meetsFloors(run: (p: typeof picked) => LayoutResult, floors: { precision: number; recall: number }, exact: string[]): void {
  const r = run(picked);
  const all = total(r.score);
  it(`loses no sheet and meets its floors\n${formatScore(r.score)}`, () => {
    expect(r.sheets).toBe(120);
    expect(r.lost).toEqual([]);
    expect(precision(all)).toBeGreaterThanOrEqual(floors.precision);
    expect(recall(all)).toBeGreaterThanOrEqual(floors.recall);
  });
  it(`publishes no wrong ${exact.join(', ')}`, () => {
    for (const f of exact) expect(r.score[f]?.fp ?? 0, f).toBe(0);
  });
}

const IDENTITY_AND_AMOUNTS = ['reviewYear', 'ministry', 'projectNumber', 'name', 'startYear', 'endYear', 'budget.initial', 'budget.request', 'budget.total'];

describe('text-flow parser on the generated corpus', () => {
  meetsFloors(runTextFlow, { precision: 0.995, recall: 0.92 }, IDENTITY_AND_AMOUNTS);
});

describe('table parser on the generated corpus', () => {
  it('renders deterministically, each item in the seed\'s row pattern', () => {
    const p = picked.find((x) => (x.record.支出先?.length ?? 0) > 1 && (x.record.アウトプット?.length ?? 0) > 1)!;
    for (const t of TABLE_TEMPLATES) {
      const a = renderTable(t, p.record);
      expect(renderTable(t, p.record)).toEqual(a);
      expect(a.text).toContain(`${p.record.公開年度 === 2018 ? '平成30' : p.record.公開年度 === 2019 ? '令和元' : '令和2'}年度行政事業レビューシート (${p.record.府省庁})`);
      expect(a.truth.activities).toHaveLength(p.record.アウトプット!.length);
    }
    // 003 keeps its split activity heading and the separator rows of its second recipient block.
    const t003 = renderTable(TABLE_TEMPLATES.find((t) => t.seed === '003')!, p.record).text;
    expect(t003).toMatch(/\n活動指標及び\t活動指標\t[^\n]*\n\n活動実績 \(アウトプット\)\t/);
    expect(t003).toMatch(/\n--\t-----\t/);
  });

  meetsFloors(runTable, { precision: 0.995, recall: 0.99 }, [...IDENTITY_AND_AMOUNTS, 'budget.executed', 'outcome.values', 'activities.values', 'outcome.finalTarget', 'outcome.finalYear', 'recipients', 'pastNumbers']);
});
