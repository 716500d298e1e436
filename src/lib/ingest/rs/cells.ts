/**
 * Cell values of the RS CSV. Missing values are empty strings, rarely a dash; money is in
 * yen, sometimes written `34482000.0`; 執行率 is a fraction; booleans are TRUE/FALSE.
 * Every parser returns null for "no value" and reports text it cannot read as a problem
 * instead of guessing (a wrong number is worse than none).
 */

/** Cells that mean "nothing here" (docs/data-contract.md: `-`, `－`, `‐`, `―` or blank). */
const EMPTY = /^[\s\u3000]*(?:[-－‐―ー−–—]+|該当なし)?[\s\u3000]*$/;

export function isBlank(cell: string | undefined): boolean {
  return cell === undefined || cell === '' || EMPTY.test(cell);
}

/** Trimmed text, or null for a blank/dash cell. The Excel text guard `'1/2` loses its quote. */
export function text(cell: string | undefined): string | null {
  if (cell === undefined) return null;
  const t = cell.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  if (t === '' || /^[-－‐―−–—ーｰ]+$/.test(t)) return null;
  return t.startsWith("'") && t.length > 1 ? t.slice(1) : t;
}

export type Parsed<T> = { value: T | null; problem: string | null };

const ok = <T>(value: T | null): Parsed<T> => ({ value, problem: null });
const bad = <T>(problem: string): Parsed<T> => ({ value: null, problem });

/** Numeric text → number: NFKC, thousands separators removed. Null when not a plain number. */
function plainNumber(cell: string): number | null {
  const s = cell.normalize('NFKC').replace(/[\s,]/g, '').replace(/^△|^▲/, '-');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Yen amount: an integer; `33498000.0` is accepted, `1.5` yen is not (reported). */
export function yen(cell: string | undefined): Parsed<number> {
  if (isBlank(cell)) return { value: null, problem: null };
  const n = plainNumber(cell!);
  if (n === null) return bad(`金額として読めません (not an amount): "${cell}"`);
  if (!Number.isInteger(n)) return bad(`円未満の端数がある金額です (fractional yen): "${cell}"`);
  if (!Number.isSafeInteger(n)) return bad(`金額が大きすぎます (amount out of range): "${cell}"`);
  return ok(n);
}

/** A plain number (counts, rates, indicator values). */
export function num(cell: string | undefined): Parsed<number> {
  if (isBlank(cell)) return { value: null, problem: null };
  const n = plainNumber(cell!.replace(/[%％]$/, ''));
  return n === null ? bad(`数値として読めません (not a number): "${cell}"`) : ok(n);
}

/** A whole number such as a count of bidders. */
export function int(cell: string | undefined): Parsed<number> {
  const r = num(cell);
  if (r.value !== null && !Number.isInteger(r.value)) return bad(`整数ではありません (not an integer): "${cell}"`);
  return r;
}

/** Rounds away binary noise: 0.33608 × 100 = 33.608000000000004 → 33.608. */
function tidy(n: number): number {
  return Number(n.toPrecision(12));
}

/**
 * 執行率 is a fraction in the CSV (0.33608); records hold percent (33.608). In the 2024
 * file the fraction is exactly 執行額 ÷ 計 on every row, even where that exceeds 10
 * (2595.16129 for a 3.1 百万円 budget with 8,045 百万円 executed), so it is never
 * reinterpreted as a percentage; implausible values are reported by the caller instead.
 */
export function fractionToPercent(cell: string | undefined): Parsed<number> {
  const r = num(cell);
  if (r.value === null) return r;
  return ok(tidy(r.value * 100));
}

/** A western fiscal year (1900–2100). */
export function year(cell: string | undefined): Parsed<number> {
  if (isBlank(cell)) return { value: null, problem: null };
  const r = int(cell);
  if (r.value === null) return bad(`年度として読めません (not a year): "${cell}"`);
  if (r.value < 1900 || r.value > 2100) return bad(`年度が範囲外です (year out of range): "${cell}"`);
  return r;
}

/** TRUE/FALSE (also 1/0, t/f as seen in 5-4's その他の契約). */
export function bool(cell: string | undefined): Parsed<boolean> {
  if (isBlank(cell)) return { value: null, problem: null };
  const s = cell!.normalize('NFKC').trim().toLowerCase();
  if (s === 'true' || s === '1' || s === 't') return ok(true);
  if (s === 'false' || s === '0' || s === 'f') return ok(false);
  return bad(`真偽値として読めません (not TRUE/FALSE): "${cell}"`);
}
