/**
 * Exact unit conversion of decimal text: `126862.0` 百万円 → 126,862,000,000 円, `0.05` →
 * 50,000, by moving the decimal point in the digits (BigInt), never by float multiplication
 * (0.07 * 1e6 is 70000.00000000001 in binary floating point).
 */

export type Converted = { ok: true; value: number; binaryNoise?: { decimal: string } } | { ok: false; reason: string; fraction?: true };

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * `raw` × 10^`shift` as an integer, or why not: not a number, a fraction of the target unit
 * (1 百万円 = 10^6 円; `0.0000005` 百万円 is half a yen), or beyond the safe integer range.
 */
export function scaleDecimal(raw: string, shift: number): Converted {
  const m = DECIMAL.exec(raw.trim());
  if (!m) return { ok: false, reason: `数値として読めません: 「${raw}」` };
  const [, sign, intPart, frac = '', expText] = m;
  const exp = expText === undefined ? 0 : Number(expText);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return { ok: false, reason: `桁数が大きすぎます: 「${raw}」` };
  // digits × 10^(exp + shift - frac.length)
  const digits = (intPart! + frac).replace(/^0+(?=\d)/, '');
  const power = exp + shift - frac.length;
  let whole: bigint;
  if (power >= 0) {
    if (digits.length + power > 30 && digits !== '0') return { ok: false, reason: `金額が大きすぎます: 「${raw}」` };
    whole = BigInt(digits) * 10n ** BigInt(power);
  } else {
    const cut = -power;
    const padded = digits.padStart(cut + 1, '0');
    const rest = padded.slice(padded.length - cut);
    if (/[1-9]/.test(rest)) return { ok: false, reason: `円未満の端数があります: 「${raw}」`, fraction: true };
    whole = BigInt(padded.slice(0, padded.length - cut));
  }
  if (sign === '-') whole = -whole;
  if (whole > BigInt(Number.MAX_SAFE_INTEGER) || whole < -BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: `金額が大きすぎます: 「${raw}」` };
  // -0 is 0
  return { ok: true, value: whole === 0n ? 0 : Number(whole) };
}

/**
 * Significant digits a binary64 double carries for every decimal (DBL_DIG): any decimal of at
 * most 15 significant digits survives the trip through a double and back unchanged.
 */
const DOUBLE_DIGITS = 15;

/**
 * `raw` rounded to 15 significant digits when it is written with more (the shortest text of a
 * double that no ≤15-digit decimal maps to, i.e. the result of binary arithmetic such as
 * 50 + 5.04 = 55.040000000000006), as decimal text; null when `raw` has ≤ 15 digits or is
 * not a number.
 */
export function doublePrecisionDecimal(raw: string): string | null {
  const m = DECIMAL.exec(raw.trim());
  if (!m) return null;
  const [, sign, intPart, frac = '', expText] = m;
  const digits = (intPart! + frac).replace(/^0+/, '');
  if (digits.length <= DOUBLE_DIGITS) return null;
  const exp = expText === undefined ? 0 : Number(expText);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return null;
  // value = digits × 10^(exp - frac.length); keep 15 digits, rounding half up on the rest.
  const cut = digits.length - DOUBLE_DIGITS;
  const scale = 10n ** BigInt(cut);
  const all = BigInt(digits);
  let kept = all / scale;
  if ((all % scale) * 2n >= scale) kept += 1n;
  return `${sign === '-' ? '-' : ''}${kept}e${exp - frac.length + cut}`;
}

/**
 * 百万円 → 円. An amount written with more significant digits than a double holds and a
 * fraction of a yen (`55.040000000000006`: a spreadsheet's binary arithmetic printed in full)
 * is read at the 15 digits a double carries; when that is whole yen (55.04 → 55,040,000) the
 * value is taken and `binaryNoise` says so, for the caller's warning. Anything else with a
 * fraction of a yen (`25.6098338`, `0.5719999999372001` whose 15 digits are still a fraction,
 * `0.39999999999997726` from a subtraction that lost digits) stays refused.
 */
export function millionYenToYen(raw: string): Converted {
  const exact = scaleDecimal(raw, 6);
  if (exact.ok || !exact.fraction) return exact;
  const decimal = doublePrecisionDecimal(raw);
  if (decimal === null) return exact;
  const rounded = scaleDecimal(decimal, 6);
  if (!rounded.ok) return exact;
  return { ok: true, value: rounded.value, binaryNoise: { decimal: plainDecimal(decimal) } };
}

/** `5504e-2` → `55.04`: a rounded decimal as a reader writes it. */
function plainDecimal(sci: string): string {
  const m = /^(-?)(\d+)e(-?\d+)$/.exec(sci)!;
  const [, sign, d, e] = m;
  const exp = Number(e);
  let s: string;
  if (exp >= 0) s = d! + '0'.repeat(exp);
  else {
    const padded = d!.padStart(-exp + 1, '0');
    s = `${padded.slice(0, padded.length + exp)}.${padded.slice(padded.length + exp)}`.replace(/\.?0+$/, '');
  }
  return `${sign}${s}`;
}

/** A plain JSON number's text as a JS number (indicator values are not money: no unit change). */
export function decimalNumber(raw: string): number | null {
  const m = DECIMAL.exec(raw.trim());
  if (!m) return null;
  const v = Number(raw.trim());
  return Number.isFinite(v) ? v : null;
}
