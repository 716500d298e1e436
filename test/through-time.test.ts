/**
 * A project through time (lib/lineage/through-time.ts) on hand-made sheets. The amounts
 * are MADE UP for these unit tests; they follow the schema, not any real sheet.
 */
import { describe, expect, it } from 'vitest';
import type { BudgetYear, Outcome, ProjectRecord } from '../src/schemas/project.ts';
import { formerNames, indicatorKey, indicatorTitle, lineageAsBudgetYears, lineageBudgetSeries, lineageIndicators, sheetChanges } from '../src/lib/lineage/through-time.ts';

const M = 1_000_000;
const row = (fy: number, o: Partial<BudgetYear> = {}): BudgetYear => ({
  fiscalYear: fy, initial: null, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total: null, executed: null, executionRate: null, isRequest: false, ...o,
});
const outcome = (indicator: string, unit: string, values: Array<[number, number | null, number | null]>, finalTarget: number | null = null, finalYear: number | null = null): Outcome => ({
  goal: null, indicator, unit, values: values.map(([fiscalYear, actual, target]) => ({ fiscalYear, actual, target, achievement: null })), finalTarget, finalYear,
});

// Three sheets of one project: review 2022, 2023, 2024. Each reports the previous years again.
const s22 = { id: 'a22', reviewYear: 2022, name: '地域DX推進事業', budget: [
  row(2020, { initial: 100 * M, executed: 90 * M, executionRate: 90 }),
  row(2021, { initial: 120 * M, supplementary: 30 * M, executed: 140 * M, executionRate: 93.3 }),
  row(2022, { initial: 130 * M }),
  row(2023, { total: 150 * M, isRequest: true }),
] };
const s23 = { id: 'b23', reviewYear: 2023, name: '地域DX推進事業', budget: [
  row(2021, { initial: 120 * M, supplementary: 35 * M, executed: 141 * M, executionRate: 91 }),
  row(2022, { initial: 130 * M, supplementary: 10 * M, executed: 125 * M, executionRate: 89.3 }),
  row(2023, { initial: 140 * M }),
  // RS-style current year: 執行額 0 with no rate is "not yet known", never a finding.
] };
const s24 = { id: 'c24', reviewYear: 2024, name: 'デジタル地域推進事業', budget: [
  row(2022, { initial: 130 * M, supplementary: 10 * M, executed: 126 * M, executionRate: 90 }),
  row(2023, { initial: 140 * M, executed: 0 }),
  row(2024, { initial: 90 * M }),
] };

describe('lineageBudgetSeries', () => {
  const series = lineageBudgetSeries([s24, s22, s23]);

  it('has one row per fiscal year any sheet reports, oldest first (requests left out)', () => {
    expect(series.map((y) => y.fiscalYear)).toEqual([2020, 2021, 2022, 2023, 2024]);
  });

  it('takes each value from the latest sheet that reports it and names that sheet', () => {
    expect(series[1]).toEqual({ fiscalYear: 2021, initial: 120 * M, supplementary: 35 * M, budget: 155 * M, budgetFrom: { id: 'b23', reviewYear: 2023 }, executed: 141 * M, executedFrom: { id: 'b23', reviewYear: 2023 } });
    expect(series[2]).toMatchObject({ budget: 140 * M, budgetFrom: { id: 'c24' }, executed: 126 * M, executedFrom: { id: 'c24' } });
    expect(series[0]).toMatchObject({ budget: 100 * M, budgetFrom: { id: 'a22' }, executed: 90 * M, executedFrom: { id: 'a22' } });
  });

  it('does not take an unknown current-year 執行額 of 0 over nothing', () => {
    expect(series[3]).toMatchObject({ fiscalYear: 2023, budget: 140 * M, budgetFrom: { id: 'c24' }, executed: null, executedFrom: null });
    expect(series[4]).toMatchObject({ fiscalYear: 2024, budget: 90 * M, executed: null });
  });

  it('becomes chart rows with 当初 and 補正 and no 執行率', () => {
    expect(lineageAsBudgetYears(series)[1]).toEqual(row(2021, { initial: 120 * M, supplementary: 35 * M, executed: 141 * M }));
  });
});

describe('formerNames', () => {
  it('lists the names in order with the years of each, only when the name changed', () => {
    expect(formerNames([s24, s22, s23])).toEqual([{ name: '地域DX推進事業', years: [2022, 2023] }, { name: 'デジタル地域推進事業', years: [2024] }]);
    expect(formerNames([s22, s23])).toEqual([]);
    // A change of typing alone is not a former name; the latest spelling names the run.
    expect(formerNames([s22, { ...s23, name: '地域ＤＸ　推進事業' }])).toEqual([]);
    expect(formerNames([s22, { ...s23, name: '地域ＤＸ推進事業' }, s24])).toEqual([{ name: '地域ＤＸ推進事業', years: [2022, 2023] }, { name: 'デジタル地域推進事業', years: [2024] }]);
  });
});

describe('lineageIndicators', () => {
  it('joins an indicator across sheets by normalised name and unit, latest sheet first per year', () => {
    const a = { id: 'a22', reviewYear: 2022, outcomes: [outcome('導入自治体数', '団体', [[2021, 10, 12], [2022, null, 20]]), outcome('満足度', '%', [[2021, 70, 80]])] };
    const b = { id: 'b23', reviewYear: 2023, outcomes: [outcome('導入 自治体数', '団体', [[2022, 18, 20], [2023, null, 30]])] };
    const c = { id: 'c24', reviewYear: 2024, outcomes: [outcome('導入自治体数', '件', [[2023, 25, 30]])] };
    const out = lineageIndicators([c, b, a]);
    expect(out).toHaveLength(1);
    expect(out[0]!.indicator).toBe('導入 自治体数');
    expect(out[0]!.sheets.map((s) => s.id)).toEqual(['a22', 'b23']);
    expect(out[0]!.points).toEqual([
      { fiscalYear: 2021, actual: 10, target: 12, from: { id: 'a22', reviewYear: 2022 } },
      { fiscalYear: 2022, actual: 18, target: 20, from: { id: 'b23', reviewYear: 2023 } },
      { fiscalYear: 2023, actual: null, target: 30, from: { id: 'b23', reviewYear: 2023 } },
    ]);
  });
  it('normalises widths, spaces and brackets, and keeps the unit apart', () => {
    expect(indicatorKey('ＩＣＴ（活用）率', '％')).toBe(indicatorKey('ICT (活用)率', '%'));
    expect(indicatorKey('率', '%')).not.toBe(indicatorKey('率', '件'));
    expect(indicatorKey(null, '%')).toBeNull();
  });
});

describe('indicatorTitle', () => {
  it('names the series of one indicator under two units differently, with the unit only where there is one', () => {
    // 2015-env-0038 (JUDGIT): 国際再生可能エネルギー機関加盟国数 in カ国 on some sheets, ヵ国 on others.
    const sheet = (id: string, reviewYear: number, unit: string) => ({ id, reviewYear, outcomes: [outcome('加盟国数', unit, [[reviewYear - 1, 150, 160]])] });
    const series = lineageIndicators([sheet('a', 2016, 'カ国'), sheet('b', 2017, 'カ国'), sheet('c', 2018, 'ヵ国'), sheet('d', 2019, 'ヵ国')]);
    expect(series.map(indicatorTitle)).toEqual(['「加盟国数」（単位: カ国）', '「加盟国数」（単位: ヵ国）']);
    expect(indicatorTitle({ indicator: '企業指針の認知度', unit: null })).toBe('「企業指針の認知度」');
  });
});

describe('sheetChanges', () => {
  const base = (o: Partial<ProjectRecord>): Parameters<typeof sheetChanges>[0] => ({
    reviewYear: 2023, name: '地域DX推進事業', bureau: '情報流通行政局', division: '地域通信振興課', policy: { area: null, measure: '情報通信技術の利活用', measureId: null },
    budget: [], reviewTeam: { verdict: null, text: null }, outcomes: [], recipients: [], ...o,
  } as Parameters<typeof sheetChanges>[0]);
  const rec = (name: string, corporateNumber: string | null) => ({ block: 'A', rank: 1, name, corporateNumber, corporateNumberValid: null, description: null, amount: null, contractMethod: null, bidders: null, winningBidRate: null });
  const prev = base({
    budget: s23.budget.concat([row(2024, { total: 100 * M, isRequest: true })]),
    reviewTeam: { verdict: '現状通り', text: null },
    outcomes: [outcome('導入自治体数', '団体', [], 100, 2025), outcome('満足度', '%', [])],
    recipients: [rec('株式会社A', '1234567890123'), rec('B 株式会社', null), rec('C法人', null)],
  });
  const cur = base({
    reviewYear: 2024, name: 'デジタル地域推進事業', division: '地域DX推進室', policy: { area: null, measure: '地域の活性化', measureId: null },
    budget: s24.budget.concat([row(2025, { total: 80 * M, isRequest: true })]),
    reviewTeam: { verdict: '事業全体の抜本的な改善', text: null },
    outcomes: [outcome('導入 自治体数', '団体', [], 150, 2027), outcome('利用者数', '人', [])],
    recipients: [rec('株式会社Ａ（旧名）', '1234567890123'), rec('B株式会社', null), rec('D社', null)],
  });

  it('lists every kind of change in reading order, as quotable sentences', () => {
    expect(sheetChanges(prev, cur)).toEqual([
      { kind: 'name', section: 'identity', text: '事業名が変わりました:「地域DX推進事業」→「デジタル地域推進事業」' },
      { kind: 'division', section: 'identity', text: '担当が変わりました: 情報流通行政局 地域通信振興課 → 情報流通行政局 地域DX推進室' },
      { kind: 'measure', section: 'identity', text: '施策が変わりました:「情報通信技術の利活用」→「地域の活性化」' },
      { kind: 'budget', section: 'budget', text: '予算額: 令和5年度 (2023) 1.4億円 → 令和6年度 (2024) 0.9億円（−0.5億円、−35.7%）' },
      { kind: 'request', section: 'budget', text: '翌年度要求額: 令和6年度 (2024)分 1億円 → 令和7年度 (2025)分 0.8億円（−0.2億円、−20%）' },
      { kind: 'verdict', section: 'checks', text: '推進チームの所見: 「現状通り」→「事業全体の抜本的な改善」' },
      { kind: 'indicator-added', section: 'outcomes', text: '成果指標が加わりました: 「利用者数」' },
      { kind: 'indicator-dropped', section: 'outcomes', text: '成果指標がなくなりました: 「満足度」' },
      { kind: 'target-moved', section: 'outcomes', text: '「導入 自治体数」の最終目標: 100団体（令和7年度 (2025)） → 150団体（令和9年度 (2027)）' },
      { kind: 'recipient-new', section: 'recipients', text: '新しい支出先（1者）: 「D社」' },
      { kind: 'recipient-gone', section: 'recipients', text: '支出先から外れた（1者）: 「C法人」' },
    ]);
  });

  it('does not call a change of typing a rename, a new division or a new measure', () => {
    // Width, spaces, brackets and numbering differ; the names are the same (normalize/project-name.ts).
    const a = base({ name: '地域ＩＣＴ　活用（実証）事業', bureau: '情報流通行政局', division: '地域通信振興課', policy: { area: null, measure: '２．情報通信技術の利活用', measureId: null } });
    const b = base({ reviewYear: 2024, name: '地域ICT活用(実証)事業', bureau: '情報流通行政局', division: '地域通信振興課 ', policy: { area: null, measure: '情報通信技術の　利活用', measureId: null } });
    expect(sheetChanges(a, b)).toEqual([]);
    // A real rename is still one.
    expect(sheetChanges(a, { ...b, name: '地域ICT活用(本格)事業' }).map((c) => c.kind)).toEqual(['name']);
  });

  it('prints an unchanged amount as ±0, not +0', () => {
    const a = base({ budget: [row(2023, { initial: 100 * M })] });
    const b = base({ reviewYear: 2024, budget: [row(2024, { initial: 100 * M })] });
    expect(sheetChanges(a, b)).toEqual([{ kind: 'budget', section: 'budget', text: '予算額: 令和5年度 (2023) 1億円 → 令和6年度 (2024) 1億円（±0、±0%）' }]);
  });

  it('says nothing where nothing changed or one side is silent', () => {
    expect(sheetChanges(prev, prev)).toEqual([]);
    // No recipients on the new sheet: not "all gone", just not comparable.
    expect(sheetChanges(prev, { ...prev, reviewYear: 2024, recipients: [] }).some((c) => c.kind.startsWith('recipient'))).toBe(false);
  });
});
