/** A vertical value axis (ticks, gridlines and unit label) for a linear yen or count scale. */
import type { ScaleLinear } from 'd3-scale';
import { fiscalYearShort } from '../format/index.ts';
import { r1, PALETTE, type Item } from './scene.ts';

export function valueAxis(
  y: ScaleLinear<number, number>,
  opts: { left: number; right: number; unitLabel: string; format: (v: number) => string; ticks?: number },
): Item[] {
  const items: Item[] = [];
  for (const t of y.ticks(opts.ticks ?? 4)) {
    const ty = r1(y(t));
    items.push({ kind: 'line', x1: opts.left, y1: ty, x2: opts.right, y2: ty, stroke: t === 0 ? PALETTE.ink : PALETTE.grid, width: t === 0 ? 1 : 0.75 });
    items.push({ kind: 'text', x: opts.left - 4, y: ty + 4, text: opts.format(t), anchor: 'end', size: 13, fill: PALETTE.ink });
  }
  const top = Math.min(...y.range());
  items.push({ kind: 'text', x: 2, y: top - 16, text: `（${opts.unitLabel}）`, anchor: 'start', size: 13, fill: PALETTE.ink });
  return items;
}

/** A fiscal year under its band in two short lines (`2024` / `R6`), so many years fit side by side. */
export function yearLabel(x: number, axisY: number, fiscalYear: number): Item[] {
  return [
    { kind: 'text', x, y: axisY + 17, text: String(fiscalYear), anchor: 'middle', size: 13, fill: PALETTE.ink },
    { kind: 'text', x, y: axisY + 31, text: fiscalYearShort(fiscalYear), anchor: 'middle', size: 12, fill: PALETTE.ink },
  ];
}
