/**
 * A scene as an inline `<svg>` string (components/charts/Figure.astro). A chart has up to
 * a few hundred shapes; printing each through the template cost more than laying the
 * chart out. Same markup, byte for byte, as the template it replaces (see
 * lib/pages/html.ts for the escaping).
 */
import { attr, attrValue, text } from '../pages/html.ts';
import type { Item, Scene } from './scene.ts';

/** Charts wider than this keep their size on a phone and scroll sideways in a frame. */
export const WIDE = 560;

function itemHtml(it: Item): string {
  switch (it.kind) {
    case 'rect':
      return `<rect${attr('x', it.x)}${attr('y', it.y)}${attr('width', it.w)}${attr('height', it.h)}${attr('fill', it.fill)}${attr('stroke', it.stroke)}${attr('stroke-dasharray', it.dash ? '4 2' : undefined)}${attr('stroke-width', it.stroke ? 1.5 : undefined)}>${it.title ? `<title>${text(it.title)}</title>` : ''}</rect>`;
    case 'path':
      return `<path${attr('d', it.d)}${attr('fill', it.fill)}${attr('stroke', it.stroke)}${attr('stroke-width', it.strokeWidth)}${attr('stroke-opacity', it.opacity)}>${it.title ? `<title>${text(it.title)}</title>` : ''}</path>`;
    case 'line':
      return `<line${attr('x1', it.x1)}${attr('y1', it.y1)}${attr('x2', it.x2)}${attr('y2', it.y2)}${attr('stroke', it.stroke)}${attr('stroke-width', it.width ?? 1)}${attr('stroke-dasharray', it.dash ? '3 3' : undefined)}></line>`;
    default:
      return `<text${attr('x', it.x)}${attr('y', it.y)}${attr('text-anchor', it.anchor ?? 'start')}${attr('font-size', it.size ?? 12)}${attr('font-weight', it.weight)}${attr('fill', it.fill)}>${text(it.text)}</text>`;
  }
}

/** The chart's `<svg>` (in its scrolling frame when wide); `label` is its accessible name. */
export function sceneSvgHtml(scene: Scene, title: string, label: string): string {
  const wide = scene.width > WIDE;
  let svg = `<svg class="chart-svg${wide ? ' wide' : ''}" viewBox="0 0 ${scene.width} ${scene.height}"${attr('width', scene.width)}${attr('height', scene.height)} role="img" aria-label="${attrValue(label)}">`;
  for (const it of scene.items) svg += itemHtml(it);
  svg += '</svg>';
  return wide ? `<div class="chart-scroll" tabindex="0" role="region" aria-label="${attrValue(`${title}（横にスクロールできます）`)}">${svg}</div>` : svg;
}
