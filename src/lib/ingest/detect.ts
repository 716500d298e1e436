/**
 * What is this document? A 行政事業レビューシート, a 政策評価書 or an RS CSV table,
 * and in which layout. Decided from the template's labels, never from values.
 */
export type DocumentKind = 'review-sheet' | 'policy-evaluation' | 'unknown';
export type TextLayout = 'table' | 'text-flow';

export interface Detection {
  kind: DocumentKind;
  layout: TextLayout | null;
}

const REVIEW_MARKERS = [/行政事業レビューシート/, /事業番号/, /予算額・?\s*執行額/, /成果目標及び/];
const EVALUATION_MARKERS = [/政策評価書|評価書/, /測定指標/, /施策目標|達成すべき目標|基本目標/, /目標達成度合い/];

export function detectDocument(text: string): Detection {
  const head = text.slice(0, 200_000);
  const review = REVIEW_MARKERS.filter((re) => re.test(head)).length;
  const evaluation = EVALUATION_MARKERS.filter((re) => re.test(head)).length;
  let kind: DocumentKind = 'unknown';
  // A review sheet names itself in its title; evaluations cite review sheets only in passing.
  if (/行政事業レビューシート/.test(head) && review >= 2) kind = 'review-sheet';
  else if (evaluation >= 2) kind = 'policy-evaluation';
  else if (review >= 3) kind = 'review-sheet';
  if (kind === 'unknown') return { kind, layout: null };
  // Table layout: label cells and value cells separated by tabs on many lines.
  const lines = head.split(/\r?\n/);
  const tabbed = lines.filter((l) => l.includes('\t')).length;
  const layout: TextLayout = tabbed >= Math.max(5, lines.length * 0.2) ? 'table' : 'text-flow';
  return { kind, layout };
}

/** RS CSV tables are recognised by their header row (after NFKC), not by file name. */
export function looksLikeRsCsv(firstLine: string): boolean {
  const h = firstLine.replace(/^\uFEFF/, '').normalize('NFKC');
  return h.startsWith('シート種別,事業年度,予算事業ID') || (h.includes('事業年度') && h.includes('予算事業ID') && h.includes(','));
}
