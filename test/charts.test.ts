/**
 * Chart layout functions on hand-made records. The numbers below are MADE UP for these
 * unit tests only (they follow the schema, not any real sheet); page tests use the real sample.
 */
import { describe, expect, it } from 'vitest';
import type { BudgetYear, Outcome } from '../src/schemas/project.ts';
import { budgetChart, budgetSummary, budgetTotal, chartableYears, hasExecution } from '../src/lib/charts/budget.ts';
import { outcomeChart, outcomePoints, outcomeSummary } from '../src/lib/charts/outcome.ts';
import { flowsWithBlockTotals, planFlows, sankeyChart, sankeySummary } from '../src/lib/charts/sankey.ts';
import { barChart, barSummary, topWithRest } from '../src/lib/charts/bars.ts';
import { roundPath, type Item, type Scene } from '../src/lib/charts/scene.ts';
import { projectFigures, totalsByYear } from '../src/lib/pages/figures.ts';
import { provenanceLinks } from '../src/lib/pages/provenance.ts';

const M = 1_000_000;
const year = (fy: number, o: Partial<BudgetYear> = {}): BudgetYear => ({
  fiscalYear: fy, initial: null, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total: null, executed: null, executionRate: null, isRequest: false, ...o,
});
const rects = (s: Scene) => s.items.filter((i): i is Extract<Item, { kind: 'rect' }> => i.kind === 'rect');
const texts = (s: Scene) => s.items.filter((i): i is Extract<Item, { kind: 'text' }> => i.kind === 'text').map((t) => t.text);

describe('budgetChart', () => {
  const years = [
    year(2022, { initial: 100 * M, supplementary: 50 * M, total: 150 * M, executed: 120 * M, executionRate: 80 }),
    year(2023, { initial: 100 * M, total: 100 * M, executed: 50 * M, executionRate: 50 }),
    year(2024, { total: 90 * M, isRequest: true }),
  ];
  const s = budgetChart(years)!;

  it('gives each of a decade\'s 13 fiscal years room for its labels (ministry totals, lineages)', () => {
    const decade = Array.from({ length: 13 }, (_, k) => year(2012 + k, { total: (100 + k) * M, executed: 97 * M, executionRate: 103 }));
    const d = budgetChart(decade)!;
    expect(d.width).toBe(60 + 44 * 13);
    const at = (text: string) => d.items.filter((i): i is Extract<Item, { kind: 'text' }> => i.kind === 'text' && i.text === text).map((t) => t.x);
    const yearsX = decade.map((y) => at(String(y.fiscalYear))[0]!);
    const rateX = at('103%');
    expect(rateX).toHaveLength(13);
    // 「2012」 at 13 px is about 31 px wide, 「103%」 about 33 px: neighbours at least 36 px apart.
    for (const xs of [yearsX, rateX]) for (let k = 1; k < xs.length; k++) expect(xs[k]! - xs[k - 1]!).toBeGreaterThanOrEqual(36);
    // A project sheet's five years keep the usual size.
    expect(budgetChart(decade.slice(0, 5))!.width).toBe(440);
  });

  it('draws one stacked budget bar per part and one execution bar per year', () => {
    const r = rects(s);
    expect(r.filter((x) => x.title?.includes('当初予算'))).toHaveLength(2);
    expect(r.filter((x) => x.title?.includes('補正予算'))).toHaveLength(1);
    expect(r.filter((x) => x.title?.includes('執行額'))).toHaveLength(2);
    expect(r.filter((x) => x.dash)).toHaveLength(1);
  });

  it('stacks 補正 on top of 当初 and scales heights by amount', () => {
    const r = rects(s);
    const initial22 = r.find((x) => x.title?.startsWith('令和4年度 (2022) 当初予算'))!;
    const supp22 = r.find((x) => x.title?.startsWith('令和4年度 (2022) 補正予算'))!;
    const exec23 = r.find((x) => x.title?.startsWith('令和5年度 (2023) 執行額'))!;
    expect(supp22.y + supp22.h).toBeCloseTo(initial22.y, 0);
    expect(supp22.h / initial22.h).toBeCloseTo(0.5, 1);
    expect(exec23.h / initial22.h).toBeCloseTo(0.5, 1);
  });

  it('writes 執行率 above the execution bars and years on the axis', () => {
    expect(texts(s)).toEqual(expect.arrayContaining(['80%', '50%', '2022', 'R4', '2023', 'R5', '2024', 'R6', '要求', '（億円）']));
  });

  it('draws a negative supplementary budget below zero', () => {
    const neg = budgetChart([year(2021, { initial: 100 * M, supplementary: -20 * M, total: 80 * M })])!;
    const r = rects(neg);
    const initial = r.find((x) => x.title?.includes('当初予算'))!;
    const supp = r.find((x) => x.title?.includes('補正予算'))!;
    expect(supp.y).toBeCloseTo(initial.y + initial.h, 0);
  });

  it('returns null when there is nothing to draw, and skips empty years', () => {
    expect(budgetChart([])).toBeNull();
    expect(budgetChart([year(2020)])).toBeNull();
    expect(chartableYears([year(2020), year(2021, { executed: 5 })]).map((y) => y.fiscalYear)).toEqual([2021]);
  });

  it('summarises the latest executed year in one sentence', () => {
    expect(budgetSummary(years)).toBe('令和4年度 (2022)から令和6年度 (2024)までの予算と執行額です。令和5年度 (2023)は予算1億円に対して執行額0.5億円、執行率は50%でした。');
    expect(budgetSummary([])).toBe('予算・執行額のデータはありません。');
  });

  it('does not read the current year\'s 執行額 0 without 執行率 as an execution (RS prints it before the year ends)', () => {
    const rs = [year(2023, { total: 572_800_000, executed: 342_100_000, executionRate: 59.7 }), year(2024, { total: 244_900_000, executed: 0 })];
    expect(hasExecution(rs[1]!)).toBe(false);
    expect(hasExecution(year(2024, { total: 10, executed: 0, executionRate: 0 }))).toBe(true);
    expect(budgetSummary(rs)).toBe('令和5年度 (2023)から令和6年度 (2024)までの予算と執行額です。令和5年度 (2023)は予算5.7億円に対して執行額3.4億円、執行率は59.7%でした。');
    expect(projectFigures({ reviewYear: 2024, budget: rs })).toMatchObject({ budgetYear: 2024, executedYear: 2023, executed: 342_100_000 });
  });

  it('uses the sum of parts when 計 is missing', () => {
    expect(budgetTotal(year(2020, { initial: 10, supplementary: 5 }))).toBe(15);
    expect(budgetTotal(year(2020))).toBeNull();
  });

  it('is deterministic', () => {
    expect(JSON.stringify(budgetChart(years))).toBe(JSON.stringify(s));
  });
});

describe('outcomeChart', () => {
  const o: Outcome = {
    goal: '地域数を増やす', indicator: '活用する地域数', unit: '地域',
    values: [{ fiscalYear: 2020, target: 300, actual: 535, achievement: 178.3 }, { fiscalYear: 2021, target: null, actual: null, achievement: null }],
    finalTarget: 500, finalYear: 2022,
  };
  it('adds the final target year and drops years without numbers', () => {
    expect(outcomePoints(o)).toEqual([{ fiscalYear: 2020, target: 300, actual: 535 }, { fiscalYear: 2022, target: 500, actual: null }]);
  });
  it('draws targets as dashed outlines and actuals filled, to scale', () => {
    const r = rects(outcomeChart(o)!);
    const targets = r.filter((x) => x.dash);
    const actuals = r.filter((x) => !x.dash);
    expect(targets).toHaveLength(2);
    expect(actuals).toHaveLength(1);
    expect(targets[0]!.fill).toBe('#ffffff');
    expect(actuals[0]!.h / targets[0]!.h).toBeCloseTo(535 / 300, 1);
  });
  it('compares target and actual in words', () => {
    expect(outcomeSummary(o)).toBe('「活用する地域数」は令和2年度 (2020)に目標300地域に対し実績535地域（目標の178.3%）でした。');
    expect(outcomeSummary({ ...o, values: [] , finalTarget: null, finalYear: null })).toBe('「活用する地域数」の数値の記載はありません。');
  });
});

describe('sankey', () => {
  const flows = [
    { from: '総務省', to: 'A.事務局', amount: 100 * M, method: '補助', note: null },
    { from: 'A.事務局', to: 'B.自治体', amount: 80 * M, method: null, note: null },
    { from: 'A.事務局', to: 'C.委託先', amount: 20 * M, method: null, note: null },
    { from: 'B.自治体', to: 'A.事務局', amount: 1 * M, method: null, note: null },
    { from: '総務省', to: 'D.不明', amount: null, method: null, note: null },
  ];
  it('leaves out edges without an amount or that would close a cycle, saying why', () => {
    const plan = planFlows(flows);
    expect(plan.drawn).toHaveLength(3);
    expect(plan.omitted.map((o) => o.reason)).toEqual(['流れが循環する', '金額の記載なし']);
  });
  it('lays out one band per edge and one node per name, coloured by role', () => {
    const s = sankeyChart(flows)!;
    expect(s.items.filter((i) => i.kind === 'path')).toHaveLength(3);
    const nodes = rects(s);
    expect(nodes).toHaveLength(4);
    const fill = (name: string) => nodes.find((n) => n.title?.startsWith(`${name}:`))!.fill;
    expect(fill('総務省')).toBe('#0072B2');
    expect(fill('A.事務局')).toBe('#E69F00');
    expect(fill('B.自治体')).toBe('#009E73');
    expect(s.legend.map((l) => l.label)).toEqual(['資金の出発点（府省など）', '受け取って再配分する先', '最終的な支出先']);
  });
  it('sizes nodes by the money through them', () => {
    const nodes = rects(sankeyChart(flows)!);
    const h = (name: string) => nodes.find((n) => n.title?.startsWith(`${name}:`))!.h;
    expect(h('B.自治体') / h('C.委託先')).toBeCloseTo(4, 0);
  });
  it('summarises the flow', () => {
    expect(sankeySummary(flows)).toBe('総務省から1億円が流れ、3の支出先・ブロックに渡ります。金額の記載がないなどの2件は図に含めていません。');
    expect(sankeySummary([])).toBe('資金の流れの記載はありません。');
    expect(sankeyChart([])).toBeNull();
  });
  it('takes an RS edge amount from the receiving block total only when the block has one way in', () => {
    const rs = [
      { from: '環境省', to: '長崎県対馬市', amount: null, method: null, note: null, fromBlock: null, toBlock: 'B' },
      { from: '長崎県対馬市', to: 'さとより', amount: null, method: null, note: null, fromBlock: 'B', toBlock: 'C' },
      { from: '環境省', to: '株式会社X', amount: null, method: null, note: null, fromBlock: null, toBlock: 'D' },
      { from: '長崎県対馬市', to: '株式会社X', amount: null, method: null, note: null, fromBlock: 'B', toBlock: 'D' },
    ];
    const blocks = [{ block: 'B', total: 45_866_000 }, { block: 'C', total: 110_000 }, { block: 'D', total: 9 * M }];
    const out = flowsWithBlockTotals(rs, blocks);
    expect(out.flows.map((f) => f.amount)).toEqual([45_866_000, 110_000, null, null]);
    expect([...out.fromBlocks]).toEqual([0, 1]);
    expect(flowsWithBlockTotals(rs, undefined).flows.map((f) => f.amount)).toEqual([null, null, null, null]);
  });
  it('rounds path numbers to keep the HTML small', () => {
    expect(roundPath('M1.23456,2.98765C3.14159,4.5')).toBe('M1.2,3C3.1,4.5');
  });
});

describe('barChart', () => {
  const data = Array.from({ length: 15 }, (_, i) => ({ label: `事業${i + 1}`, value: (i + 1) * M }));
  it('shows the largest first and folds the rest into one bar', () => {
    const { shown, missing } = topWithRest([...data, { label: '不明', value: null }], 12);
    expect(shown).toHaveLength(13);
    expect(shown[0]).toEqual({ label: '事業15', value: 15 * M });
    expect(shown[12]).toEqual({ label: 'その他 3件', value: 6 * M, rest: 3 });
    expect(missing).toBe(1);
  });
  it('scales bar widths by value', () => {
    const r = rects(barChart(data)!);
    expect(r[1]!.w / r[0]!.w).toBeCloseTo(14 / 15, 2);
  });
  it('summarises total and largest share', () => {
    expect(barSummary(data.slice(0, 3), { noun: '事業', measure: '予算額' })).toBe('3件の事業の予算額は合計6百万円で、最大は「事業3」の3百万円（50%）です。');
    expect(barChart([])).toBeNull();
  });
});

describe('figures and totals', () => {
  it('takes the review year budget and the latest execution', () => {
    const f = projectFigures({ reviewYear: 2021, budget: [year(2020, { total: 296 * M, executed: 286 * M, executionRate: 97 }), year(2021, { total: 0 }), year(2022, { total: 50 * M, isRequest: true })] });
    expect(f).toEqual({ budgetYear: 2021, budget: 0, executedYear: 2020, executed: 286 * M, executionRate: 97 });
  });
  it('counts a year reported by two editions of one project once, newest edition first', () => {
    const older = { id: 'a-2020', reviewYear: 2020, history: ['a-2021'], budget: [year(2019, { total: 10 * M, executed: 8 * M })] };
    const newer = { id: 'a-2021', reviewYear: 2021, history: ['a-2020'], budget: [year(2019, { total: 10 * M, executed: 9 * M }), year(2020, { total: 12 * M, executed: 12 * M })] };
    const other = { id: 'b-2021', reviewYear: 2021, budget: [year(2020, { total: 3 * M })] };
    const t = totalsByYear([older, newer, other]);
    expect(t).toEqual([
      { fiscalYear: 2019, budget: 10 * M, executed: 9 * M, budgetWithExecuted: 10 * M, rate: 90, projects: 1 },
      { fiscalYear: 2020, budget: 15 * M, executed: 12 * M, budgetWithExecuted: 12 * M, rate: 100, projects: 2 },
    ]);
  });
});

describe('provenanceLinks', () => {
  it('merges line spans of a section into one link to the first line', () => {
    expect(provenanceLinks({ budget: [15, 16], 'budget.2020.total': [20, 26], purpose: [12, 12] }, ['budget'])).toEqual([{ href: '#L15', label: '原文 15–26行' }]);
    expect(provenanceLinks({ purpose: [12, 12] }, ['purpose'], 6, 'eval-x-')).toEqual([{ href: '#eval-x-L12', label: '原文 12行' }]);
  });
  it('links RS rows by table anchor, capped', () => {
    const links = provenanceLinks({ recipients: { table: '5-1_RS_2024_支出先_支出情報.csv', rows: [9, 3, 4, 5, 6, 7, 8, 10] } }, ['recipients'], 3);
    expect(links.map((l) => l.href)).toEqual(['#rs-5-1-r3', '#rs-5-1-r4', '#rs-5-1-r5', '#rs-5-1-r6']);
    expect(links.at(-1)!.label).toBe('ほか5行');
  });
  it('ignores fields of other sections', () => {
    expect(provenanceLinks({ budgetBreakdown: [1, 2] }, ['budget'])).toEqual([]);
  });
});
