/**
 * The legacy parsers on sheets the project generates from real records (scripts/selfcheck.ts):
 * 60 JUDGIT records of 2018–2020 (test/fixtures/judgit-selfcheck, 20 ministries) rendered into
 * the text-flow layouts of seeds 000 and 002, parsed, and scored field by field against what was
 * rendered. The floors are the measured values rounded down: a change that loses accuracy fails.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickSheets, runTextFlow } from '../scripts/lib/selfcheck/corpus.ts';
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

describe('text-flow parser on the generated corpus', () => {
  const r = runTextFlow(picked);
  const all = total(r.score);
  it(`loses no sheet and meets its floors\n${formatScore(r.score)}`, () => {
    expect(r.sheets).toBe(120);
    expect(r.lost).toEqual([]);
    expect(precision(all)).toBeGreaterThanOrEqual(0.995);
    expect(recall(all)).toBeGreaterThanOrEqual(0.92);
  });
  it('publishes no wrong identity, year or amount', () => {
    for (const f of ['reviewYear', 'ministry', 'projectNumber', 'name', 'startYear', 'endYear', 'budget.initial', 'budget.request', 'budget.total']) {
      expect(r.score[f]?.fp ?? 0, f).toBe(0);
    }
  });
});
