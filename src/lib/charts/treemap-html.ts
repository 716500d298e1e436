/**
 * A treemap (treemap.ts) as an inline `<svg>` string. Every rectangle is a link to its page
 * (a ministry, a measure, a project). The picture is hidden from assistive technology and
 * its links are out of the tab order: the same links and amounts are in the table printed
 * beside it (components/charts/Treemap.astro), which is what keyboard and screen-reader
 * users get, instead of hundreds of unlabeled tab stops inside an image.
 */
import { attr, attrValue, text } from '../pages/html.ts';
import { formatYen } from '../format/index.ts';
import { TREEMAP_FILLS, TREEMAP_INK, type Treemap, type TreemapCell } from './treemap.ts';

const REST_FILL = '#e4e4e4';
const fill = (c: TreemapCell) => (c.rest ? REST_FILL : TREEMAP_FILLS[c.group % TREEMAP_FILLS.length]!);

function cellHtml(c: TreemapCell, isGroup: boolean, share: number): string {
  const tip = `${c.label}: ${formatYen(c.value)}（${share}%）`;
  let s = `<a href="${attrValue(c.href)}" tabindex="-1"><title>${text(tip)}</title>`;
  s += `<rect${attr('x', c.x)}${attr('y', c.y)}${attr('width', c.w)}${attr('height', c.h)}${attr('fill', fill(c))} stroke="${isGroup ? TREEMAP_INK : '#ffffff'}"${attr('stroke-width', isGroup ? 1 : 0.75)}></rect>`;
  const size = isGroup ? 12 : 11;
  c.lines.forEach((line, i) => {
    s += `<text${attr('x', Math.round((c.x + 3) * 10) / 10)}${attr('y', Math.round((c.y + size + 1 + i * (size + 2)) * 10) / 10)}${attr('font-size', size)}${attr('font-weight', isGroup || i === 1 ? 'bold' : undefined)} fill="${TREEMAP_INK}">${text(line)}</text>`;
  });
  return `${s}</a>`;
}

/** The treemap's `<svg>`; `variant` selects the desktop or phone copy (CSS shows one). */
export function treemapSvgHtml(t: Treemap, variant: 'wide' | 'narrow'): string {
  const pct = (v: number) => Math.round((v / t.total) * 1000) / 10;
  let svg = `<svg class="treemap treemap-${variant}" viewBox="0 0 ${t.width} ${t.height}"${attr('width', t.width)}${attr('height', t.height)} aria-hidden="true" focusable="false">`;
  for (const g of t.groups) svg += cellHtml(g, true, pct(g.value));
  for (const l of t.leaves) svg += cellHtml(l, false, pct(l.value));
  return `${svg}</svg>`;
}
