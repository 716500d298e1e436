/**
 * Display formats for Japanese readers: 和暦 with the western year, amounts in
 * 百万円/億円 with the unit always stated, percentages. Pure; no locale lookups at
 * runtime beyond fixed `ja-JP` grouping, so output is deterministic.
 */
import { isCorporateNumber } from '../normalize/corporate-number.ts';
import { formatFiscalYear } from '../normalize/wareki.ts';

/** Shown wherever a value is missing: never a zero, which would be a wrong number. */
export const MISSING = '－';

/** `令和6年度 (2024)`; `－` for null. */
export function fiscalYearLabel(y: number | null | undefined): string {
  return y == null ? MISSING : formatFiscalYear(y);
}

/** Short axis/table form: `R6` for 2024, `H30` for 2018. */
export function fiscalYearShort(y: number): string {
  if (y >= 2019) return `R${y - 2018}`;
  if (y >= 1989) return `H${y - 1988}`;
  return `S${y - 1925}`;
}

/** `2024 (R6)` — compact label for chart axes where the full 和暦 does not fit. */
export function fiscalYearAxis(y: number): string {
  return `${y} (${fiscalYearShort(y)})`;
}

// One formatter per precision, made once: `toLocaleString` with options builds a new
// Intl.NumberFormat on every call, which was a quarter of all page-rendering time.
const formatters = new Map<number, Intl.NumberFormat>();
const group = (n: number, digits: number) => {
  let f = formatters.get(digits);
  if (!f) formatters.set(digits, (f = new Intl.NumberFormat('ja-JP', { minimumFractionDigits: 0, maximumFractionDigits: digits })));
  return f.format(n);
};

/** A plain number with digit grouping, `－` for null. */
export function formatNumber(n: number | null | undefined, digits = 2): string {
  return n == null || !Number.isFinite(n) ? MISSING : group(n, digits);
}

/**
 * Yen as 百万円, the unit of the review sheets: `1,234.5` (the caller states the unit,
 * e.g. in the column header). One decimal: 0.1 百万円 = 10万円.
 */
export function formatMillion(yen: number | null | undefined): string {
  if (yen == null) return MISSING;
  const m = yen / 1e6;
  // Amounts under 0.05 百万円 would round to 0 and read as "nothing": keep two decimals.
  return group(m, yen !== 0 && Math.abs(m) < 0.05 ? 2 : 1);
}

/** Yen with its unit, chosen for the size: `1.2兆円`, `345.6億円`, `12.3百万円`, `850,000円`. */
export function formatYen(yen: number | null | undefined): string {
  if (yen == null) return MISSING;
  const a = Math.abs(yen);
  if (a >= 1e12) return `${group(yen / 1e12, 2)}兆円`;
  if (a >= 1e8) return `${group(yen / 1e8, 1)}億円`;
  if (a >= 1e6) return `${group(yen / 1e6, 1)}百万円`;
  return `${group(yen, 0)}円`;
}

/** A percentage already expressed in % (85.3 → `85.3%`). */
export function formatPercent(p: number | null | undefined, digits = 1): string {
  return p == null || !Number.isFinite(p) ? MISSING : `${group(p, digits)}%`;
}

/** Unit for an axis whose largest value is `max` yen, and the divisor to apply. */
export function yenAxisUnit(max: number): { unit: '兆円' | '億円' | '百万円' | '円'; divisor: number } {
  if (max >= 1e12) return { unit: '兆円', divisor: 1e12 };
  if (max >= 1e8) return { unit: '億円', divisor: 1e8 };
  if (max >= 1e6) return { unit: '百万円', divisor: 1e6 };
  return { unit: '円', divisor: 1 };
}

/** 法人番号 in the groups used on 国税庁's site: `1 2345 6789 0123`. */
export function formatCorporateNumber(n: string): string {
  return isCorporateNumber(n) ? `${n[0]} ${n.slice(1, 5)} ${n.slice(5, 9)} ${n.slice(9)}` : n;
}

/** Truncate a label for a chart, keeping whole characters (the full text is in the table). */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Yen in the unit `formatYen` would choose for `reference`, so two amounts compared in
 * one sentence share a unit: (50百万円, ref 1億円) → `0.5億円`.
 */
export function formatYenLike(yen: number | null | undefined, reference: number): string {
  if (yen == null) return MISSING;
  const { unit, divisor } = yenAxisUnit(Math.abs(reference));
  if (divisor === 1) return `${group(yen, 0)}円`;
  return `${group(yen / divisor, divisor === 1e12 ? 2 : 1)}${unit}`;
}
