/**
 * 事業番号 in its normal form: NFKC, parts joined by single hyphens. The sheets write
 * `2021 - 総務 - 20 - 0094`, `新30 0006` or `新30-0006`; all mean the same number.
 */
export function normalizeProjectNumber(text: string): string | null {
  if (typeof text !== 'string') return null;
  const s = text.normalize('NFKC').replace(/[‐－―−–—ー]/g, (c) => (c === 'ー' ? c : '-'));
  const parts = s.split(/[\s-]+/).filter((p) => p !== '');
  if (parts.length === 0) return null;
  // A number is digits and short labels (年度, 府省略称, 新): refuse prose.
  if (!parts.some((p) => /\d/.test(p))) return null;
  if (parts.some((p) => p.length > 12 || /[。、,，()（）:：]/.test(p))) return null;
  return parts.join('-');
}
