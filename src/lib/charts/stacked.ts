/**
 * Amounts per year stacked by group (e.g. what one recipient received each review year, by
 * paying ministry). The largest groups get their own colour (Okabe–Ito); the rest are one
 * grey "その他" stack, so the legend stays short; every group and year is in the table.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { fiscalYearLabel, formatNumber, formatYen, yenAxisUnit } from '../format/index.ts';
import { valueAxis, yearLabel } from './axis.ts';
import { PALETTE, r1, type Item, type Scene } from './scene.ts';

export interface StackDatum { year: number; group: string; value: number }

const COLOURS = [PALETTE.blue, PALETTE.orange, PALETTE.green, PALETTE.vermillion, PALETTE.sky, PALETTE.purple];
export const OTHER = 'その他';

/** Groups in stacking order (largest total first), at most `max` of them before folding into その他. */
export function stackGroups(data: StackDatum[], max = COLOURS.length): string[] {
  const totals = new Map<string, number>();
  for (const d of data) if (d.value > 0) totals.set(d.group, (totals.get(d.group) ?? 0) + d.value);
  const order = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([g]) => g);
  return order.length > max ? [...order.slice(0, max - 1), OTHER] : order;
}

export function stackedYearChart(data: StackDatum[], opts: { width?: number; height?: number } = {}): Scene | null {
  const positive = data.filter((d) => d.value > 0);
  if (positive.length === 0) return null;
  const groups = stackGroups(positive);
  const named = new Set(groups.filter((g) => g !== OTHER));
  const years = [...new Set(positive.map((d) => d.year))].sort((a, b) => a - b);
  const width = opts.width ?? Math.max(440, 70 + 48 * years.length);
  const height = opts.height ?? 260;
  const m = { top: 30, right: 8, bottom: 40, left: 60 };
  const stack = new Map<number, Map<string, number>>();
  for (const d of positive) {
    const g = named.has(d.group) ? d.group : OTHER;
    const y = stack.get(d.year) ?? new Map<string, number>();
    y.set(g, (y.get(g) ?? 0) + d.value);
    stack.set(d.year, y);
  }
  const hi = Math.max(...years.map((y) => [...stack.get(y)!.values()].reduce((a, b) => a + b, 0)));
  const { unit, divisor } = yenAxisUnit(hi);
  const x = scaleBand<number>().domain(years).range([m.left, width - m.right]).paddingInner(0.3).paddingOuter(0.15);
  const yScale = scaleLinear().domain([0, hi]).nice(4).range([height - m.bottom, m.top]);
  const items: Item[] = valueAxis(yScale, { left: m.left, right: width - m.right, unitLabel: unit, format: (v) => formatNumber(v / divisor, 1) });
  const colour = (g: string) => (g === OTHER ? PALETTE.grey : COLOURS[groups.indexOf(g)]!);
  for (const year of years) {
    let acc = 0;
    for (const g of groups) {
      const v = stack.get(year)!.get(g);
      if (!v) continue;
      const y0 = yScale(acc);
      const y1 = yScale((acc += v));
      items.push({ kind: 'rect', x: r1(x(year)!), y: r1(y1), w: r1(x.bandwidth()), h: r1(Math.max(1, y0 - y1)), fill: colour(g), stroke: '#ffffff', title: `${fiscalYearLabel(year)} ${g}: ${formatYen(v)}` });
    }
    items.push(...yearLabel(r1(x(year)! + x.bandwidth() / 2), height - m.bottom, year));
  }
  return { width, height, items, legend: groups.map((g) => ({ label: g, fill: colour(g) })) };
}

/** One sentence: the span, the total, the largest year and the largest group. */
export function stackedSummary(data: StackDatum[], what: { subject: string; group: string }): string {
  const positive = data.filter((d) => d.value > 0);
  if (positive.length === 0) return `${what.subject}の金額の記載はありません。`;
  const byYear = new Map<number, number>();
  const byGroup = new Map<string, number>();
  for (const d of positive) {
    byYear.set(d.year, (byYear.get(d.year) ?? 0) + d.value);
    byGroup.set(d.group, (byGroup.get(d.group) ?? 0) + d.value);
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const total = [...byYear.values()].reduce((a, b) => a + b, 0);
  const [topYear, topYearValue] = [...byYear].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
  const [topGroup, topGroupValue] = [...byGroup].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
  const span = years.length > 1 ? `${fiscalYearLabel(years[0]!)}から${fiscalYearLabel(years.at(-1)!)}までの` : `${fiscalYearLabel(years[0]!)}の`;
  const peak = years.length > 1 ? `最も多いのは${fiscalYearLabel(topYear)}の${formatYen(topYearValue)}、` : '';
  return `${span}${what.subject}は合計${formatYen(total)}で、${peak}${what.group}では${topGroup}が${formatYen(topGroupValue)}です。`;
}
