/**
 * Exact unit conversion of decimal text: `126862.0` 百万円 → 126,862,000,000 円, `0.05` →
 * 50,000, by moving the decimal point in the digits (BigInt), never by float multiplication
 * (0.07 * 1e6 is 70000.00000000001 in binary floating point).
 */

export type Converted = { ok: true; value: number } | { ok: false; reason: string };

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
    if (/[1-9]/.test(rest)) return { ok: false, reason: `円未満の端数があります: 「${raw}」` };
    whole = BigInt(padded.slice(0, padded.length - cut));
  }
  if (sign === '-') whole = -whole;
  if (whole > BigInt(Number.MAX_SAFE_INTEGER) || whole < -BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: `金額が大きすぎます: 「${raw}」` };
  // -0 is 0
  return { ok: true, value: whole === 0n ? 0 : Number(whole) };
}

/** 百万円 → 円. */
export function millionYenToYen(raw: string): Converted {
  return scaleDecimal(raw, 6);
}

/** A plain JSON number's text as a JS number (indicator values are not money: no unit change). */
export function decimalNumber(raw: string): number | null {
  const m = DECIMAL.exec(raw.trim());
  if (!m) return null;
  const v = Number(raw.trim());
  return Number.isFinite(v) ? v : null;
}
