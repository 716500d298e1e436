/**
 * A chart as plain geometry: what the layout functions return and what
 * svg-html.ts prints (components/charts/Figure.astro places it). Keeping layout pure (no DOM, no d3-selection)
 * makes charts testable and lets pages render them at build time into inline SVG.
 */
export type Item =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; fill: string; stroke?: string; dash?: boolean; title?: string }
  | { kind: 'path'; d: string; fill: string; stroke?: string; strokeWidth?: number; opacity?: number; title?: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; dash?: boolean; width?: number }
  | { kind: 'text'; x: number; y: number; text: string; anchor?: 'start' | 'middle' | 'end'; size?: number; weight?: 'bold'; fill?: string };

export interface LegendEntry {
  label: string;
  fill: string;
  stroke?: string;
  dash?: boolean;
}

export interface Scene {
  width: number;
  height: number;
  items: Item[];
  legend: LegendEntry[];
}

/**
 * Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
 * Charts never rely on colour alone: stacks are labelled in the legend and the data table.
 */
export const PALETTE = {
  blue: '#0072B2',
  sky: '#56B4E9',
  purple: '#CC79A7',
  green: '#009E73',
  orange: '#E69F00',
  vermillion: '#D55E00',
  yellow: '#F0E442',
  grey: '#6b6b6b',
  ink: '#1b1b1b',
  grid: '#d0d0d0',
} as const;

/** One decimal is plenty at SVG scale and keeps the inline HTML small and stable. */
export const r1 = (n: number): number => Math.round(n * 10) / 10;

/** Round every number in an SVG path string to one decimal. */
export function roundPath(d: string | null): string {
  return (d ?? '').replace(/-?\d+\.?\d*(?:e-?\d+)?/g, (s) => String(r1(Number(s))));
}
