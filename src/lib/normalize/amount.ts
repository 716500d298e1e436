/**
 * Numbers from sheet cells. Amounts become integer yen computed by decimal string
 * arithmetic (never float multiplication: 1.1 × 1,000,000 must be exactly 1,100,000).
 * Dashes and blanks are "no value" (null), never 0; `△`/`▲` is a minus sign.
 */
export type NumberResult = { ok: true; value: number | null } | { ok: false; reason: string };

/** Every dash the sheets use for "none": hyphen-minus, full-width, hyphen, horizontal bar, minus sign, dashes, katakana prolonged sound. */
const DASH_ONLY = /^[-－‐―−–—‒ー─━]+$/;

function fold(cell: string): string {
  return cell.normalize('NFKC').replace(/[\s\u3000]+/g, ' ').trim();
}

export function isBlankOrDash(cell: string | null | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  const s = fold(cell).replace(/\s+/g, '');
  return s === '' || DASH_ONLY.test(s) || s === '−' || s === '―';
}

interface Decimal {
  negative: boolean;
  intPart: string;
  fracPart: string;
}

/** Parse a cell into sign and digit strings; thousands separators must be well-formed. */
function parseDecimal(cell: string): { ok: true; d: Decimal | null } | { ok: false; reason: string } {
  if (isBlankOrDash(cell)) return { ok: true, d: null };
  // Spaces may follow a sign (`△ 5,491`) but never split digits (`3 4` is two numbers).
  let s = fold(cell);
  let negative = false;
  const sign = /^([△▲\-−－]|マイナス)\s*/.exec(s);
  if (sign) {
    negative = true;
    s = s.slice(sign[0].length);
  }
  if (s.startsWith('+')) s = s.slice(1);
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/.exec(s);
  if (!m || (m[1] === undefined && m[2] === undefined)) return { ok: false, reason: `数値として読めません: "${cell.trim()}"` };
  const intPart = (m[1] ?? '0').replace(/,/g, '').replace(/^0+(?=\d)/, '');
  return { ok: true, d: { negative, intPart, fracPart: m[2] ?? '' } };
}

/**
 * An amount cell in `unitInYen` units (1_000_000 for 百万円, 1000 for 千円, 1 for 円) → integer yen.
 * A value whose decimals go below 1 yen is rejected rather than rounded: it would mean the
 * unit was misread.
 */
export function parseAmountYen(cell: string, unitInYen: number): NumberResult {
  if (!Number.isInteger(unitInYen) || unitInYen < 1 || !/^10*$/.test(String(unitInYen))) {
    return { ok: false, reason: `単位が不正です: ${unitInYen}` };
  }
  const p = parseDecimal(cell);
  if (!p.ok) return p;
  if (p.d === null) return { ok: true, value: null };
  const { negative, intPart, fracPart } = p.d;
  const zeros = String(unitInYen).length - 1;
  const frac = fracPart.replace(/0+$/, '');
  if (frac.length > zeros) return { ok: false, reason: `円未満の端数になります: "${cell.trim()}"` };
  const digits = (intPart + frac.padEnd(zeros, '0')).replace(/^0+(?=\d)/, '');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) return { ok: false, reason: `金額が大きすぎます: "${cell.trim()}"` };
  return { ok: true, value: negative && value !== 0 ? -value : value };
}

/** A plain number, count or percentage cell: `97%` → 97, `178.3`, `△2` → -2, `1,234` → 1234. */
export function parseNumber(cell: string): NumberResult {
  if (isBlankOrDash(cell)) return { ok: true, value: null };
  const s = fold(cell).replace(/\s*[%％]$/, '');
  if (s === '') return { ok: false, reason: `数値として読めません: "${cell.trim()}"` };
  const p = parseDecimal(s);
  if (!p.ok) return { ok: false, reason: `数値として読めません: "${cell.trim()}"` };
  if (p.d === null) return { ok: true, value: null };
  const text = `${p.d.intPart}${p.d.fracPart ? '.' + p.d.fracPart : ''}`;
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, reason: `数値として読めません: "${cell.trim()}"` };
  return { ok: true, value: p.d.negative && value !== 0 ? -value : value };
}
