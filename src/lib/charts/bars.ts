/**
 * Horizontal bars, largest first (e.g. spending by project for a measure or ministry).
 * Shows the top `limit` items and folds the rest into one "その他" bar so the chart stays
 * readable at any size; the full list is always in the page's table.
 */
import { scaleLinear } from 'd3-scale';
import { formatYen, truncate } from '../format/index.ts';
import { PALETTE, r1, type Item, type Scene } from './scene.ts';

export interface BarDatum { label: string; value: number | null }

export function topWithRest(data: BarDatum[], limit: number): { shown: Array<{ label: string; value: number; rest?: number }>; missing: number } {
  const valued = data.filter((d): d is { label: string; value: number } => d.value != null && d.value > 0);
  const sorted = [...valued].sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const shown: Array<{ label: string; value: number; rest?: number }> = sorted.slice(0, limit);
  const rest = sorted.slice(limit);
  if (rest.length) shown.push({ label: `その他 ${rest.length}件`, value: rest.reduce((a, d) => a + d.value, 0), rest: rest.length });
  return { shown, missing: data.length - valued.length };
}

export function barChart(data: BarDatum[], opts: { width?: number; limit?: number; labelChars?: number } = {}): Scene | null {
  const { shown } = topWithRest(data, opts.limit ?? 12);
  if (shown.length === 0) return null;
  const width = opts.width ?? 520;
  const labelW = 150;
  const valueW = 70;
  const rowH = 24;
  const top = 6;
  const height = top + shown.length * rowH + 6;
  const x = scaleLinear().domain([0, shown[0]!.rest ? Math.max(...shown.map((d) => d.value)) : shown[0]!.value]).range([0, width - labelW - valueW - 8]);
  const items: Item[] = [];
  shown.forEach((d, i) => {
    const y = top + i * rowH;
    items.push({ kind: 'text', x: labelW - 6, y: y + 15, text: truncate(d.label, opts.labelChars ?? 11), anchor: 'end', size: 12, fill: PALETTE.ink });
    items.push({ kind: 'rect', x: labelW, y: y + 3, w: r1(Math.max(1, x(d.value))), h: rowH - 6, fill: d.rest ? PALETTE.grey : PALETTE.blue, title: `${d.label}: ${formatYen(d.value)}` });
    items.push({ kind: 'text', x: r1(labelW + Math.max(1, x(d.value)) + 4), y: y + 15, text: formatYen(d.value), anchor: 'start', size: 12, fill: PALETTE.ink });
  });
  return { width, height, items, legend: [] };
}

export function barSummary(data: BarDatum[], what: { noun: string; measure: string }): string {
  const { shown, missing } = topWithRest(data, Number.MAX_SAFE_INTEGER);
  if (shown.length === 0) return `${what.measure}の記載がある${what.noun}はありません。`;
  const total = shown.reduce((a, d) => a + d.value, 0);
  const first = shown[0]!;
  const share = total > 0 ? Math.round((first.value / total) * 1000) / 10 : 0;
  const miss = missing ? `（ほかに${what.measure}の記載がない${what.noun}が${missing}件）` : '';
  return `${shown.length}件の${what.noun}の${what.measure}は合計${formatYen(total)}で、最大は「${first.label}」の${formatYen(first.value)}（${share}%）です。${miss}`;
}
