/** A vertical value axis (ticks, gridlines and unit label) for a linear yen or count scale. */
import type { ScaleLinear } from 'd3-scale';
import { r1, PALETTE, type Item } from './scene.ts';

export function valueAxis(
  y: ScaleLinear<number, number>,
  opts: { left: number; right: number; unitLabel: string; format: (v: number) => string; ticks?: number },
): Item[] {
  const items: Item[] = [];
  for (const t of y.ticks(opts.ticks ?? 4)) {
    const ty = r1(y(t));
    items.push({ kind: 'line', x1: opts.left, y1: ty, x2: opts.right, y2: ty, stroke: t === 0 ? PALETTE.ink : PALETTE.grid, width: t === 0 ? 1 : 0.75 });
    items.push({ kind: 'text', x: opts.left - 4, y: ty + 4, text: opts.format(t), anchor: 'end', size: 11, fill: PALETTE.ink });
  }
  const top = Math.min(...y.range());
  items.push({ kind: 'text', x: 2, y: top - 8, text: `（${opts.unitLabel}）`, anchor: 'start', size: 11, fill: PALETTE.ink });
  return items;
}
