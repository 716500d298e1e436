/**
 * Plausibility warnings: the real RS 2024 case (rs-2024-5885, 防衛省: FY2023 当初 54,000,000,
 * 予備費等 −54,051,000, 歳出予算現額 −51,000, 執行額 110,000, 執行率 −2.15686 in the CSV) is
 * flagged two ways (negative total, rate out of range; its parts do add up), sound budgets
 * are not, and the checks never change a value. On the built sample: plausibility.build.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkProjectPlausibility, PLAUSIBILITY_PREFIX } from '../src/lib/ingest/plausibility.ts';
import { emptyProject } from '../src/lib/ingest/fallback.ts';
import type { BudgetYear, ProjectRecord } from '../src/schemas/index.ts';

const year = (y: Partial<BudgetYear> & { fiscalYear: number }): BudgetYear => ({ initial: null, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total: null, executed: null, executionRate: null, isRequest: false, ...y });

function rsProject(budget: BudgetYear[], extra: Partial<ProjectRecord> = {}): ProjectRecord {
  const p = emptyProject('rs-2024-5885', '試験', { file: '2-1_RS_2024_予算・執行_サマリ.csv', sha256: '0'.repeat(64), layout: 'rs-csv', lineCount: 4 }, []);
  return { ...p, reviewYear: 2024, ministry: '防衛省', budget, ...extra };
}

describe('plausibility checks', () => {
  it('flags rs-2024-5885 FY2023: negative total and an execution rate of −215.7 %, not its sum', () => {
    const b = year({ fiscalYear: 2023, initial: 54_000_000, supplementary: 0, carriedIn: 0, carriedOut: 0, reserve: -54_051_000, total: -51_000, executed: 110_000, executionRate: -215.686 });
    const p = rsProject([b]);
    const out = checkProjectPlausibility(p);
    expect(out.warnings.map((w) => w.field)).toEqual(['budget.2023.total', 'budget.2023.executionRate']);
    expect(out.warnings[0]!.message).toBe(`${PLAUSIBILITY_PREFIX}2023年度の計（歳出予算現額）が負の値 -51,000円 です (negative total)`);
    expect(out.warnings[1]!.message).toContain('執行率 -215.686% が 0〜200% の範囲外');
    // Values untouched, and the input record not mutated (it may be a cached parse result).
    expect(out.budget).toEqual([b]);
    expect(p.warnings).toEqual([]);
  });

  it('flags a rate above 200 % and a total that is not the sum of its parts; leaves sound years alone', () => {
    const out = checkProjectPlausibility(rsProject([
      year({ fiscalYear: 2022, initial: 100, supplementary: 0, carriedIn: 0, reserve: 0, total: 100, executed: 250, executionRate: 250 }),
      year({ fiscalYear: 2023, initial: 100, supplementary: 20, carriedIn: 0, reserve: 0, total: 100, executed: 90, executionRate: 90 }),
      year({ fiscalYear: 2024, initial: 100, supplementary: 20, carriedIn: 5, reserve: -5, total: 120, executed: 119, executionRate: 99.2 }),
      year({ fiscalYear: 2025, initial: 130, total: 130, isRequest: true }),
    ]));
    expect(out.warnings.map((w) => w.field)).toEqual(['budget.2022.executionRate', 'budget.2023.total']);
    expect(out.warnings[1]!.message).toContain('合計 120円 と一致しません');
  });

  it('subtracts 翌年度へ繰越し in legacy sheets (the column includes it) but not in RS (歳出予算現額 does not)', () => {
    const b = year({ fiscalYear: 2020, initial: 1000, supplementary: 0, carriedIn: 200, carriedOut: 300, reserve: 0, total: 900 });
    const legacy = { ...rsProject([b]), source: { file: 'x.txt', sha256: '0'.repeat(64), layout: 'table' as const, lineCount: 1 } };
    expect(checkProjectPlausibility(legacy).warnings).toEqual([]);
    expect(checkProjectPlausibility(rsProject([b])).warnings.map((w) => w.field)).toEqual(['budget.2020.total']);
  });

  it('does not repeat a sum the table parser has already flagged with its line', () => {
    const b = year({ fiscalYear: 2020, initial: 1000, total: 900 });
    const p = rsProject([b], { warnings: [{ field: 'budget.2020.total', message: '計が一致しません', line: 12 }] });
    expect(checkProjectPlausibility(p)).toBe(p);
  });

  it('checks that RS account lines add up to the year', () => {
    const line = { fiscalYear: 2024, accountType: '一般会計', account: '一般会計', subAccount: null, initial: 100, supplementary: [], carriedIn: 0, reserve: [], total: 100, executed: 60, request: null, wish: null, note: null };
    const p = rsProject([year({ fiscalYear: 2024, initial: 150, supplementary: 0, carriedIn: 0, reserve: 0, total: 150, executed: 60 })], { budgetAccounts: [line, { ...line, account: '特別会計', total: 40, executed: 0 }] });
    expect(checkProjectPlausibility(p).warnings.map((w) => [w.field, w.message.includes('140円')])).toEqual([['budgetAccounts.2024.total', true]]);
  });
});
