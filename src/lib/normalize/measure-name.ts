/**
 * 施策 names are written with and without their numbering (`２．情報通信技術高度利活用の推進`,
 * `2. 情報通信…`, `Ⅴ．…`, `１ 地球温暖化対策の推進`); the measure is the same. NFKC, then drop leading numbering.
 */
// A list number is followed by punctuation (`2.`, `（4）`) or, as RS 2024 writes it, by a space
// alone (`１ 地球温暖化対策の推進`, `３－３ …`, `１２ー１ …`, the last with a long-vowel mark as dash).
const LEADING_NUMBERING = /^\s*(?:[(（]?\s*(?:[0-9]+|[IVXLC]+|[一二三四五六七八九十]+|[A-Za-z])\s*[)）]|(?:施策|政策)?\s*(?:[0-9]+(?:[-‐－ー][0-9]+)*|[IVXLC]+(?:[-‐－][0-9]+)*|[一二三四五六七八九十]+)\s*[.．、:：）)]|(?:施策|政策)?\s*[0-9]+(?:[-‐－ー][0-9]+)*\s+(?=\S)|[①-⑳])\s*/;

export function normalizeMeasureName(name: string): string {
  let s = name.normalize('NFKC').replace(/[\s\u3000]+/g, ' ').trim();
  // Numbering can be nested (`Ⅴ. 2. …`): strip repeatedly.
  for (let i = 0; i < 3; i++) {
    const next = s.replace(LEADING_NUMBERING, '').trim();
    if (next === s || next === '') break;
    s = next;
  }
  return s;
}
