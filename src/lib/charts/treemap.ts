/**
 * Where the money goes, as a treemap: groups (ministries, or a ministry's measures) split
 * into leaves (projects), each rectangle's area its budget. Squarified by d3-hierarchy at
 * build time; the result is plain rectangles with their links, printed as inline SVG by
 * treemap-html.ts (readable without JavaScript).
 *
 * Leaves too small to see or to label are folded into one "その他 n事業" rectangle per
 * group, which links to the group's own page, where they are listed; the full list is
 * always in the page's table. Projects without a positive budget cannot have an area:
 * they are counted (`unsized`) and named in the summary, never drawn as zero.
 */
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import { formatYen, truncate } from '../format/index.ts';
import { r1 } from './scene.ts';

export interface TreemapLeafInput { label: string; value: number | null; href: string }
export interface TreemapGroupInput { label: string; href: string; leaves: TreemapLeafInput[] }

export interface TreemapCell {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  value: number;
  href: string;
  /** Index of the group (its colour); the same for a group and its leaves. */
  group: number;
  /** Folded leaves: how many projects this "その他" rectangle stands for (0 for a real leaf). */
  rest: number;
  /** What fits inside: the label's lines, already truncated to the width. */
  lines: string[];
}

export interface Treemap {
  width: number;
  height: number;
  total: number;
  groups: TreemapCell[];
  leaves: TreemapCell[];
  /** Leaves with no positive budget (not drawn). */
  unsized: number;
}

export interface TreemapOptions {
  width?: number;
  height?: number;
  /** A leaf smaller than this share of the whole is folded into its group's "その他". */
  minShare?: number;
  /** Height of the band above each group's leaves that holds its name. */
  header?: number;
}

/**
 * Tints of the Okabe–Ito colours (mixed with white), so dark text reads on every one and
 * neighbouring ministries still differ for the common colour-vision deficiencies; colour
 * only separates groups, every rectangle is named in its label, tooltip and the table.
 */
export const TREEMAP_FILLS = ['#8cc4e4', '#f5cf80', '#80cfb9', '#eaaf80', '#b5ddf4', '#e6bcd3', '#f7f1a0'] as const;
export const TREEMAP_INK = '#1b1b1b';

const GROUP_FONT = 12;
const LEAF_FONT = 11;

/** Lines of `label` (and the amount) that fit a w×h box at the given font size. */
export function fitLabel(label: string, amount: string, w: number, h: number, size: number): string[] {
  const chars = Math.floor((w - 6) / size);
  if (chars < 2 || h < size + 4) return [];
  const lines = [truncate(label, chars)];
  if (amount && h >= 2 * size + 8 && textWidth(amount, size) <= w - 6) lines.push(amount);
  return lines;
}

/** A group's one header line: name and amount when both fit, else the name as far as it fits. */
export function groupLine(label: string, amount: string, w: number, size: number): string[] {
  const both = `${label} ${amount}`;
  if (textWidth(both, size) <= w - 6) return [both];
  return fitLabel(label, '', w, size + 4, size).slice(0, 1);
}

/** Approximate width in px: kana and kanji one em, ASCII about 0.6 em. */
export function textWidth(s: string, size: number): number {
  return [...s].reduce((a, c) => a + (/[\x20-\x7e]/.test(c) ? 0.6 : 1), 0) * size;
}

export function treemapLayout(input: TreemapGroupInput[], opts: TreemapOptions = {}): Treemap | null {
  const width = opts.width ?? 960;
  const height = opts.height ?? 540;
  const minShare = opts.minShare ?? 0.002;
  const header = opts.header ?? 18;
  let unsized = 0;
  const sized = input.map((g) => {
    const leaves = g.leaves.filter((l): l is TreemapLeafInput & { value: number } => l.value != null && l.value > 0);
    unsized += g.leaves.length - leaves.length;
    return { g, leaves, sum: leaves.reduce((a, l) => a + l.value, 0) };
  });
  const total = sized.reduce((a, s) => a + s.sum, 0);
  if (total <= 0) return null;

  type Node = { label: string; href: string; value?: number; rest?: number; group?: number; children?: Node[] };
  const byLabel = (a: { label: string; value: number; href: string }, b: { label: string; value: number; href: string }) =>
    b.value - a.value || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.href < b.href ? -1 : 1);
  const groups = sized
    .filter((s) => s.sum > 0)
    .sort((a, b) => byLabel({ label: a.g.label, value: a.sum, href: a.g.href }, { label: b.g.label, value: b.sum, href: b.g.href }));
  const root: Node = {
    label: '',
    href: '',
    children: groups.map((s, i) => {
      const ordered = [...s.leaves].sort(byLabel);
      const shown = ordered.filter((l) => l.value / total >= minShare);
      const folded = ordered.slice(shown.length);
      const children: Node[] = shown.map((l) => ({ label: l.label, href: l.href, value: l.value, group: i }));
      if (folded.length) children.push({ label: `その他 ${folded.length}事業`, href: s.g.href, value: folded.reduce((a, l) => a + l.value, 0), rest: folded.length, group: i });
      return { label: s.g.label, href: s.g.href, group: i, children };
    }),
  };
  const h = hierarchy<Node>(root).sum((d) => d.value ?? 0);
  // Same order as the inputs were sorted in (largest first); d3 keeps it stable.
  const laid = treemap<Node>().tile(treemapSquarify).size([width, height]).paddingOuter(1).paddingInner(2).paddingTop((n) => (n.depth === 1 ? header : 1)).round(false)(h);

  const cell = (n: typeof laid, size: number): TreemapCell => {
    const w = r1(n.x1 - n.x0);
    const hh = r1(n.y1 - n.y0);
    const value = n.value ?? 0;
    const isGroup = n.depth === 1;
    return {
      x: r1(n.x0), y: r1(n.y0), w, h: hh, label: n.data.label, value, href: n.data.href, group: n.data.group ?? 0, rest: n.data.rest ?? 0,
      lines: isGroup ? groupLine(n.data.label, formatYen(value), w, size) : fitLabel(n.data.label, formatYen(value), w, hh, size),
    };
  };
  return {
    width,
    height,
    total,
    groups: (laid.children ?? []).map((n) => cell(n, GROUP_FONT)),
    leaves: laid.leaves().filter((n) => n.depth === 2).map((n) => cell(n, LEAF_FONT)),
    unsized,
  };
}

/** One sentence: the total, the largest group and its share, and what could not be drawn. */
export function treemapSummary(t: Treemap | null, what: { whole: string; group: string; unsizedNote?: boolean }): string {
  if (!t) return `${what.whole}の予算額を読み取れた事業はありません。`;
  const first = t.groups[0]!;
  const share = Math.round((first.value / t.total) * 1000) / 10;
  const leaves = t.leaves.reduce((a, l) => a + (l.rest || 1), 0);
  const miss = t.unsized ? `予算額の記載がないか0以下の${t.unsized}事業は図に含みません。` : '';
  return `${what.whole}の${leaves.toLocaleString('ja-JP')}事業の予算額は合計${formatYen(t.total)}で、最も大きい${what.group}は${first.label}の${formatYen(first.value)}（${share}%）です。${miss}`;
}
