/**
 * Outcome indicator, target vs actual by fiscal year (成果目標と実績): per year an
 * outlined bar for 目標値 and a filled bar for 実績 — told apart by shape, not colour.
 */
import { max, min } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import type { Outcome } from '../../schemas/project.ts';
import { fiscalYearLabel, formatNumber, formatPercent } from '../format/index.ts';
import { valueAxis, yearLabel } from './axis.ts';
import { PALETTE, r1, type Item, type Scene } from './scene.ts';

interface Point { fiscalYear: number; target: number | null; actual: number | null }

/** Year values with a number, plus the final target year when it is later than them all. */
export function outcomePoints(o: Outcome): Point[] {
  const byYear = new Map<number, Point>();
  for (const v of o.values) {
    if (v.target == null && v.actual == null) continue;
    const p = byYear.get(v.fiscalYear) ?? { fiscalYear: v.fiscalYear, target: null, actual: null };
    p.target ??= v.target;
    p.actual ??= v.actual;
    byYear.set(v.fiscalYear, p);
  }
  if (o.finalYear != null && o.finalTarget != null && !byYear.has(o.finalYear)) {
    byYear.set(o.finalYear, { fiscalYear: o.finalYear, target: o.finalTarget, actual: null });
  }
  return [...byYear.values()].sort((a, b) => a.fiscalYear - b.fiscalYear);
}

export function outcomeChart(o: Outcome, opts: { width?: number; height?: number } = {}): Scene | null {
  const pts = outcomePoints(o);
  if (pts.length === 0) return null;
  const width = opts.width ?? 440;
  const height = opts.height ?? 240;
  const m = { top: 30, right: 8, bottom: 38, left: 60 };
  const values = pts.flatMap((p) => [p.target, p.actual]).filter((v): v is number => v != null);
  const hi = max(values) ?? 0;
  const lo = Math.min(0, min(values) ?? 0);
  const x = scaleBand<number>().domain(pts.map((p) => p.fiscalYear)).range([m.left, width - m.right]).paddingInner(0.3).paddingOuter(0.15);
  const y = scaleLinear().domain([lo, hi > lo ? hi : lo + 1]).nice(4).range([height - m.bottom, m.top]);
  const inner = scaleBand<string>().domain(['target', 'actual']).range([0, x.bandwidth()]).paddingInner(0.1);
  const unit = o.unit ?? '単位なし';
  const items: Item[] = valueAxis(y, { left: m.left, right: width - m.right, unitLabel: unit, format: (v) => formatNumber(v, 2) });
  const bar = (v: number) => ({ y: r1(Math.min(y(0), y(v))), h: r1(Math.max(Math.abs(y(v) - y(0)), 1)) });
  for (const p of pts) {
    const bx = x(p.fiscalYear)!;
    const year = fiscalYearLabel(p.fiscalYear);
    if (p.target != null) {
      const g = bar(p.target);
      items.push({ kind: 'rect', x: r1(bx + inner('target')!), y: g.y, w: r1(inner.bandwidth()), h: g.h, fill: '#ffffff', stroke: PALETTE.blue, dash: true, title: `${year} 目標値: ${formatNumber(p.target)}${unit}` });
    }
    if (p.actual != null) {
      const g = bar(p.actual);
      items.push({ kind: 'rect', x: r1(bx + inner('actual')!), y: g.y, w: r1(inner.bandwidth()), h: g.h, fill: PALETTE.blue, title: `${year} 実績: ${formatNumber(p.actual)}${unit}` });
    }
    items.push(...yearLabel(r1(bx + x.bandwidth() / 2), height - m.bottom, p.fiscalYear));
  }
  return {
    width, height, items,
    legend: [
      { label: '目標値（点線の枠）', fill: '#ffffff', stroke: PALETTE.blue, dash: true },
      { label: '実績（塗り）', fill: PALETTE.blue },
    ],
  };
}

/** The latest year with both a target and an actual, compared in words. */
export function outcomeSummary(o: Outcome): string {
  const pts = outcomePoints(o);
  const name = o.indicator ?? o.goal ?? '成果指標';
  const unit = o.unit ?? '';
  const both = [...pts].reverse().find((p) => p.target != null && p.actual != null);
  if (both) {
    const ratio = both.target !== 0 ? formatPercent((both.actual! / both.target!) * 100) : null;
    return `「${name}」は${fiscalYearLabel(both.fiscalYear)}に目標${formatNumber(both.target)}${unit}に対し実績${formatNumber(both.actual)}${unit}${ratio ? `（目標の${ratio}）` : ''}でした。`;
  }
  const lastActual = [...pts].reverse().find((p) => p.actual != null);
  if (lastActual) return `「${name}」の実績は${fiscalYearLabel(lastActual.fiscalYear)}に${formatNumber(lastActual.actual)}${unit}でした（同じ年度の目標値の記載はありません）。`;
  if (pts.length > 0) return `「${name}」は目標値のみ記載され、実績の記載はありません。`;
  return `「${name}」の数値の記載はありません。`;
}
