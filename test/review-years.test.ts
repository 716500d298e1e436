/** A ministry's review years through lineage (lib/lineage/review-years.ts), on MADE-UP sheets. */
import { describe, expect, it } from 'vitest';
import { largestBudgetChanges, reviewYearTotals, type YearSheet } from '../src/lib/lineage/review-years.ts';
import { stackGroups, stackedSummary, stackedYearChart } from '../src/lib/charts/stacked.ts';

const M = 1_000_000;
const sheet = (id: string, reviewYear: number, lineageId: string, previousId: string | null, budget: number | null, executed: number | null = null, budgetYear = reviewYear): YearSheet => ({
  id, name: `事業${id}`, reviewYear, lineageId, previousId,
  figures: { budgetYear: budget == null ? null : budgetYear, budget, executedYear: executed == null ? null : reviewYear - 1, executed, executionRate: null },
});

// Lineage A runs 2022-2024; B ends after 2022; C starts 2023; D is a 2024-only sheet; E has 2024 budget of another year.
const sheets = [
  sheet('a22', 2022, 'A', null, 100 * M, 90 * M),
  sheet('a23', 2023, 'A', 'a22', 150 * M, 95 * M),
  sheet('a24', 2024, 'A', 'a23', 120 * M, 140 * M),
  sheet('b22', 2022, 'B', null, 50 * M),
  sheet('c23', 2023, 'C', null, 10 * M),
  sheet('c24', 2024, 'C', 'c23', 40 * M),
  sheet('d24', 2024, 'D', null, 7 * M),
  sheet('e24', 2024, 'E', null, 3 * M, null, 2023),
];

describe('reviewYearTotals', () => {
  it('counts sheets, new and ended projects, and sums own-year budgets and last-year execution', () => {
    expect(reviewYearTotals(sheets)).toEqual([
      { reviewYear: 2022, sheets: 2, budget: 150 * M, budgetSheets: 2, executed: 90 * M, executedSheets: 1, fresh: null, ended: null },
      { reviewYear: 2023, sheets: 2, budget: 160 * M, budgetSheets: 2, executed: 95 * M, executedSheets: 1, fresh: 1, ended: 1 },
      { reviewYear: 2024, sheets: 4, budget: 167 * M, budgetSheets: 3, executed: 140 * M, executedSheets: 1, fresh: 2, ended: 0 },
    ]);
  });
  it('does not call a sheet new when the year before is not loaded', () => {
    expect(reviewYearTotals([sheet('x20', 2020, 'X', null, 1), sheet('x22', 2022, 'X2', null, 1)]).map((r) => [r.fresh, r.ended])).toEqual([[null, null], [null, null]]);
  });
});

describe('largestBudgetChanges', () => {
  it('compares each sheet with its previous sheet, largest first, through previousSheet only', () => {
    const r = largestBudgetChanges(sheets, 2024);
    expect(r.up).toEqual([{ id: 'c24', name: '事業c24', previousId: 'c23', previousYear: 2023, from: 10 * M, to: 40 * M, delta: 30 * M, ratio: 300 }]);
    expect(r.down).toEqual([{ id: 'a24', name: '事業a24', previousId: 'a23', previousYear: 2023, from: 150 * M, to: 120 * M, delta: -30 * M, ratio: -20 }]);
    expect(largestBudgetChanges(sheets, 2023).up.map((c) => c.id)).toEqual(['a23']);
    expect(largestBudgetChanges(sheets, 2022)).toEqual({ up: [], down: [] });
  });
});


describe('stackedYearChart', () => {
  const data = [
    { year: 2023, group: '総務省', value: 30 * M }, { year: 2023, group: '財務省', value: 10 * M },
    { year: 2024, group: '総務省', value: 50 * M }, { year: 2024, group: '外務省', value: 5 * M }, { year: 2024, group: '財務省', value: 0 },
  ];
  it('stacks each year by group, largest group at the bottom, with exact heights', () => {
    const s = stackedYearChart(data, { width: 300, height: 200 })!;
    const rects = s.items.filter((i): i is Extract<typeof i, { kind: 'rect' }> => i.kind === 'rect');
    expect(rects.map((r) => r.title)).toEqual(['令和5年度 (2023) 総務省: 30百万円', '令和5年度 (2023) 財務省: 10百万円', '令和6年度 (2024) 総務省: 50百万円', '令和6年度 (2024) 外務省: 5百万円']);
    // Axis 0..60百万円 over 130 px (top 30, bottom 40): 30百万円 is 65 px.
    expect(rects[0]).toMatchObject({ y: 95, h: 65 });
    expect(s.legend.map((l) => l.label)).toEqual(['総務省', '財務省', '外務省']);
  });
  it('folds groups past the colours into その他', () => {
    const many = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((g, i) => ({ year: 2024, group: g, value: (10 - i) * M }));
    expect(stackGroups(many)).toEqual(['a', 'b', 'c', 'd', 'e', 'その他']);
  });
  it('summarises in one sentence', () => {
    expect(stackedSummary(data, { subject: 'この支出先への支出額', group: '府省庁' })).toBe('令和5年度 (2023)から令和6年度 (2024)までのこの支出先への支出額は合計95百万円で、最も多いのは令和6年度 (2024)の55百万円、府省庁では総務省が80百万円です。');
    expect(stackedYearChart([], {})).toBeNull();
  });
});
