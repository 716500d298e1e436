/**
 * What is this document? A 行政事業レビューシート, a 政策評価書 or an RS CSV table,
 * and in which layout. Decided from the template's title and structure labels, never
 * from values.
 *
 * Why titles first: both kinds cite each other in running text (an evaluation says
 * "今後は行政事業レビューシートにおいて…", every review sheet has a 政策評価 section and a
 * 測定指標 box), so a bare keyword says nothing. The title is a line of its own — in
 * text-flow PDFs too, only its position moves — and the label sets differ by template.
 */
export type DocumentKind = 'review-sheet' | 'policy-evaluation' | 'unknown';
export type TextLayout = 'table' | 'text-flow';

export interface Detection {
  kind: DocumentKind;
  layout: TextLayout | null;
}

/** `平成３０年度行政事業レビューシート 総務省`, `令和3年度行政事業レビューシート (総務省)`, or the bare title. */
const REVIEW_TITLE = /^(?:(?:平成|令和)\s*(?:元|\d{1,2})\s*年度\s*)?行政事業レビューシート\s*(?:[（(]?\s*[^\s（）()、。]{1,20}\s*[）)]?)?$/;
/** `主要な政策に係る評価書（平成30年度実施政策）`, `政策評価書`, `事後評価書`, `実績評価書` … as a title line. */
const EVALUATION_TITLE = /^(?:[^\s。、]{0,20}(?:に係る)?(?:政策)?評価書|政策評価調書|事前分析表)\s*(?:[（(][^）)]{0,30}[）)])?$/;

/** Labels of the review-sheet template (each a cell label, matched at the start of a line). */
const REVIEW_LABELS: RegExp[] = [
  /^事業番号(?:\s|$)/m,
  /^事業名(?:\s|$)/m,
  /担当部局庁/,
  /^担当課室(?:\s|$)/m,
  /^会計区分(?:\s|$)/m,
  /^事業開始年度|事業開始\s*[・･]?\s*終了/m,
  /^事業の目的/m,
  /^事業概要/m,
  /^歳出予算目/m,
  /^成果目標及び/m,
  /^活動指標/m,
  /支出先上位\s*[1１]\s*[0０]\s*者リスト/,
  /行政事業レビュー推進チームの所見/,
  /関連する過去のレビューシートの事業番号/,
];

/** Labels of the policy-evaluation template. */
const EVALUATION_LABELS: RegExp[] = [
  /^政策の概要/m,
  /^基本目標/m,
  /達成すべき目標/,
  /^施策目標/m,
  /施策手段/,
  /年度ごとの目標（値）|年度ごとの実績/,
  /目標達成度合\s*\n?\s*いの測定結果|目標達成度合いの測定結果/,
  /各行政機関共通区分/,
  /^政策の分析|政策の分析\s*\n/m,
  /次期目標等へ\s*\n?\s*の反映/,
  /担当部局課室名/,
  /政策評価実施時期/,
  /^区\s*分\s+(?:\d|[０-９])/m,
];

function countMatches(text: string, res: RegExp[]): number {
  return res.filter((re) => re.test(text)).length;
}

export interface DetectionEvidence {
  reviewTitle: boolean;
  evaluationTitle: boolean;
  reviewLabels: number;
  evaluationLabels: number;
}

export function detectionEvidence(text: string): DetectionEvidence {
  const head = text.slice(0, 400_000);
  const lines = head.split(/\r\n|\n|\r/).map((l) => l.normalize('NFKC').replace(/\s+/g, ' ').trim());
  return {
    reviewTitle: lines.some((l) => REVIEW_TITLE.test(l)),
    evaluationTitle: lines.some((l) => l.length <= 60 && EVALUATION_TITLE.test(l)),
    reviewLabels: countMatches(head, REVIEW_LABELS),
    evaluationLabels: countMatches(head, EVALUATION_LABELS),
  };
}

export function detectDocument(text: string): Detection {
  const ev = detectionEvidence(text);
  let kind: DocumentKind = 'unknown';
  // A title plus a few of its own labels decides; a title alone (a quoted line) does not.
  const review = ev.reviewTitle && ev.reviewLabels >= 3;
  const evaluation = ev.evaluationTitle && ev.evaluationLabels >= 3;
  if (review && !evaluation) kind = 'review-sheet';
  else if (evaluation && !review) kind = 'policy-evaluation';
  else {
    // Both or neither title: the template whose labels dominate, by a clear margin.
    if (ev.reviewLabels >= 5 && ev.reviewLabels >= ev.evaluationLabels + 3) kind = 'review-sheet';
    else if (ev.evaluationLabels >= 5 && ev.evaluationLabels >= ev.reviewLabels + 3) kind = 'policy-evaluation';
  }
  if (kind === 'unknown') return { kind, layout: null };
  // Table layout: label cells and value cells separated by tabs on many lines.
  const lines = text.slice(0, 400_000).split(/\r\n|\n|\r/);
  const tabbed = lines.filter((l) => l.includes('\t')).length;
  const layout: TextLayout = tabbed >= Math.max(5, lines.length * 0.2) ? 'table' : 'text-flow';
  return { kind, layout };
}

/** RS CSV tables are recognised by their header row (after NFKC), not by file name. */
export function looksLikeRsCsv(firstLine: string): boolean {
  const h = firstLine.replace(/^\uFEFF/, '').normalize('NFKC');
  return h.startsWith('シート種別,事業年度,予算事業ID') || (h.includes('事業年度') && h.includes('予算事業ID') && h.includes(','));
}
