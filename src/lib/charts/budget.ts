/**
 * Budget vs execution by fiscal year (予算・執行の推移): per year a stacked bar of the
 * budget's parts (当初 / 補正 / 前年度から繰越し / 予備費等) beside a bar of 執行額, with
 * 執行率 written above it. The next year's request (要求) is drawn as a dashed outline.
 */
import { max, min } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import type { BudgetYear } from '../../schemas/project.ts';
import { fiscalYearLabel, formatNumber, formatPercent, formatYen, formatYenLike, yenAxisUnit } from '../format/index.ts';
import { valueAxis, yearLabel } from './axis.ts';
import { PALETTE, r1, type Item, type LegendEntry, type Scene } from './scene.ts';

type Part = { key: 'initial' | 'supplementary' | 'carriedIn' | 'reserve'; label: string; fill: string };
const PARTS: Part[] = [
  { key: 'initial', label: '当初予算', fill: PALETTE.blue },
  { key: 'supplementary', label: '補正予算', fill: PALETTE.sky },
  { key: 'carriedIn', label: '前年度から繰越し', fill: PALETTE.purple },
  { key: 'reserve', label: '予備費等', fill: PALETTE.green },
];
const EXECUTED_FILL = PALETTE.vermillion;
/** A year whose budget is known only as its total (no 当初/補正 split), e.g. group totals. */
const TOTAL_ONLY = '予算額（計）';

/** Years worth drawing: those with any amount, in year order (one row per year; the first wins). */
export function chartableYears(years: BudgetYear[]): BudgetYear[] {
  const seen = new Set<number>();
  return [...years]
    .sort((a, b) => a.fiscalYear - b.fiscalYear)
    .filter((y) => {
      if (seen.has(y.fiscalYear)) return false;
      seen.add(y.fiscalYear);
      return [y.initial, y.supplementary, y.carriedIn, y.reserve, y.total, y.executed].some((v) => v != null);
    });
}

/** The budget a year's bar stands for: 歳出予算現額 when given, else the sum of its parts. */
export function budgetTotal(y: BudgetYear): number | null {
  if (y.total != null) return y.total;
  const parts = PARTS.map((p) => y[p.key]).filter((v): v is number => v != null);
  return parts.length ? parts.reduce((a, b) => a + b, 0) : null;
}

/**
 * The chart's width for `n` years: 44 px a year, so that a year's labels (「2012」, 「103%」 at
 * 13 px) do not run into the next; 440 at least. A decade's totals (13 fiscal years) at 440
 * printed 「2012201320142015…」 and 「97%97%96%…」 (ministry page, decade build, 2026-12-06);
 * wider than svg-html.ts's WIDE it keeps its size on a phone and scrolls sideways.
 */
export function budgetChartWidth(n: number): number {
  return Math.max(440, 60 + 44 * n);
}

export function budgetChart(input: BudgetYear[], opts: { width?: number; height?: number } = {}): Scene | null {
  const years = chartableYears(input);
  if (years.length === 0) return null;
  const width = opts.width ?? budgetChartWidth(years.length);
  const height = opts.height ?? 280;
  const m = { top: 30, right: 8, bottom: 54, left: 60 };

  // Stack positives up and negatives (減額補正) down from zero.
  const stacks = years.map((y) => {
    const hasParts = PARTS.some((p) => y[p.key] != null);
    let up = 0;
    let down = 0;
    const segs: Array<{ label: string; fill: string; from: number; to: number; value: number }> = [];
    if (hasParts) {
      for (const p of PARTS) {
        const v = y[p.key];
        if (v == null || v === 0) continue;
        if (v > 0) segs.push({ label: p.label, fill: p.fill, from: up, to: (up += v), value: v });
        else segs.push({ label: p.label, fill: p.fill, from: down, to: (down += v), value: v });
      }
    } else if (y.total != null && y.total !== 0) {
      segs.push({ label: TOTAL_ONLY, fill: PALETTE.grey, from: 0, to: y.total, value: y.total });
      up = Math.max(0, y.total);
      down = Math.min(0, y.total);
    }
    return { y, segs, up, down };
  });
  const hi = max([...stacks.map((s) => s.up), ...years.map((y) => y.executed ?? 0), ...years.map((y) => y.total ?? 0)]) ?? 0;
  const lo = min([...stacks.map((s) => s.down), 0]) ?? 0;
  const { unit, divisor } = yenAxisUnit(Math.max(hi, -lo));

  const x = scaleBand<number>().domain(years.map((y) => y.fiscalYear)).range([m.left, width - m.right]).paddingInner(0.3).paddingOuter(0.15);
  const yScale = scaleLinear().domain([lo, hi > lo ? hi : lo + 1]).nice(4).range([height - m.bottom, m.top]);
  const inner = scaleBand<string>().domain(['budget', 'executed']).range([0, x.bandwidth()]).paddingInner(0.08);

  const items: Item[] = valueAxis(yScale, { left: m.left, right: width - m.right, unitLabel: unit, format: (v) => formatNumber(v / divisor, 1) });
  const bar = (from: number, to: number) => {
    const y0 = yScale(from);
    const y1 = yScale(to);
    return { y: r1(Math.min(y0, y1)), h: r1(Math.max(Math.abs(y1 - y0), to !== from ? 1 : 0)) };
  };
  let usesTotalOnly = false;
  let usesRequest = false;
  const used = new Set<string>();
  for (const s of stacks) {
    const bx = x(s.y.fiscalYear)!;
    const bw = inner.bandwidth();
    const year = fiscalYearLabel(s.y.fiscalYear);
    for (const seg of s.segs) {
      const req = s.y.isRequest;
      if (req) usesRequest = true;
      else {
        used.add(seg.label);
        if (seg.label === TOTAL_ONLY) usesTotalOnly = true;
      }
      const g = bar(seg.from, seg.to);
      items.push({
        kind: 'rect', x: r1(bx + inner('budget')!), y: g.y, w: r1(bw), h: g.h,
        fill: req ? '#ffffff' : seg.fill, stroke: req ? seg.fill : '#ffffff', dash: req,
        title: `${year}${req ? '（要求）' : ''} ${seg.label}: ${formatYen(seg.value)}`,
      });
    }
    if (s.y.executed != null) {
      const g = bar(0, s.y.executed);
      const ex = r1(bx + inner('executed')!);
      items.push({ kind: 'rect', x: ex, y: g.y, w: r1(bw), h: g.h, fill: EXECUTED_FILL, title: `${year} 執行額: ${formatYen(s.y.executed)}` });
      if (s.y.executionRate != null) {
        items.push({ kind: 'text', x: r1(ex + bw / 2), y: r1(Math.max(g.y - 4, 12)), text: formatPercent(s.y.executionRate, 0), anchor: 'middle', size: 13, fill: PALETTE.ink });
      }
    }
    items.push(...yearLabel(r1(bx + x.bandwidth() / 2), height - m.bottom, s.y.fiscalYear));
    if (s.y.isRequest) items.push({ kind: 'text', x: r1(bx + x.bandwidth() / 2), y: height - m.bottom + 46, text: '要求', anchor: 'middle', size: 12, fill: PALETTE.ink });
  }
  const legend: LegendEntry[] = [
    ...PARTS.filter((p) => used.has(p.label)).map((p) => ({ label: p.label, fill: p.fill })),
    ...(usesTotalOnly ? [{ label: TOTAL_ONLY, fill: PALETTE.grey }] : []),
    ...(years.some((y) => y.executed != null) ? [{ label: years.some((y) => y.executed != null && y.executionRate != null) ? '執行額（上の数字は執行率）' : '執行額', fill: EXECUTED_FILL }] : []),
    ...(usesRequest ? [{ label: '翌年度要求額（点線）', fill: '#ffffff', stroke: PALETTE.blue, dash: true }] : []),
  ];
  return { width, height, items, legend };
}

/**
 * Whether a year reports real execution. RS sheets print 執行額 0 with no 執行率 for the
 * current year, whose execution is not yet known: that 0 is not a finding.
 */
export function hasExecution(y: BudgetYear): boolean {
  return y.executed != null && (y.executed !== 0 || y.executionRate != null);
}

/** One sentence in words: the latest year with an execution figure, or else the latest budget. */
export function budgetSummary(input: BudgetYear[]): string {
  const years = chartableYears(input);
  if (years.length === 0) return '予算・執行額のデータはありません。';
  const span = years.length > 1 ? `${fiscalYearLabel(years[0]!.fiscalYear)}から${fiscalYearLabel(years.at(-1)!.fiscalYear)}までの予算と執行額です。` : '';
  const done = [...years].reverse().find((y) => !y.isRequest && hasExecution(y));
  if (done) {
    const total = budgetTotal(done);
    const rate = done.executionRate != null ? `、執行率は${formatPercent(done.executionRate)}` : '';
    const ref = Math.max(Math.abs(total ?? 0), Math.abs(done.executed ?? 0));
    return `${span}${fiscalYearLabel(done.fiscalYear)}は予算${formatYenLike(total, ref)}に対して執行額${formatYenLike(done.executed, ref)}${rate}でした。`;
  }
  const last = years.at(-1)!;
  return `${span}${fiscalYearLabel(last.fiscalYear)}の${last.isRequest ? '要求額' : '予算額'}は${formatYen(budgetTotal(last))}です（執行額の記載はありません）。`;
}
