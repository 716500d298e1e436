/** A 法人番号's shape: 13 ASCII digits. The one definition (the schemas' CorporateNumber uses it too). */
export const CORPORATE_NUMBER_PATTERN = /^\d{13}$/;
export const isCorporateNumber = (s: string): boolean => CORPORATE_NUMBER_PATTERN.test(s);

/**
 * 法人番号 (corporate number): 13 digits, the first of which is a check digit over the
 * other 12 (国税庁「法人番号の指定等に関する省令」第2条):
 *   check = 9 − (Σ_{n=1..12} P_n × Q_n mod 9), P_n = the n-th digit counted from the
 *   right of the 12-digit base, Q_n = 1 for odd n and 2 for even n.
 */
export function corporateCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return 9 - (sum % 9);
}

export function corporateNumberCheckDigitValid(n13: string): boolean {
  return isCorporateNumber(n13) && Number(n13[0]) === corporateCheckDigit(n13.slice(1));
}

/** Full-width digits, hyphens and spaces folded away; exactly 13 digits or null. */
export function normalizeCorporateNumber(text: string): { number: string; valid: boolean } | null {
  if (typeof text !== 'string') return null;
  const s = text.normalize('NFKC').replace(/[\s\u3000\-‐－―−–—]/g, '');
  if (!isCorporateNumber(s)) return null;
  return { number: s, valid: corporateNumberCheckDigitValid(s) };
}
