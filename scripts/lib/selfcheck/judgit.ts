/**
 * A JUDGIT! review-sheet record (one JSON file of the JUDGIT tree; docs/rs-format.md, Earlier sheets and JUDGIT) as the self-check
 * needs it: the values a sheet of that project prints, in the units our records use (yen).
 * JUDGIT money is in 百万円 with decimals; it is converted exactly (decimal digits, not float
 * multiplication).
 */

export interface JudgitBudget {
  年度: number;
  当初予算?: number | null;
  補正予算?: number | null;
  前年度から繰越し?: number | null;
  翌年度へ繰越し?: number | null;
  予備費等?: number | null;
  予算計?: number | null;
  執行額?: number | null;
  要求額?: number | null;
}

export interface JudgitRecord {
  公開年度: number;
  事業名: string;
  開始年度: number | null;
  終了年度: number | null;
  府省庁: string;
  事業番号: string | null;
  担当部局庁: string | null;
  担当課室: string | null;
  作成責任者: string | null;
  会計区分: string[] | null;
  事業目的: string | null;
  事業概要: string | null;
  実施方法: string[] | null;
  主要施策: string[] | null;
  予算: JudgitBudget[] | null;
  支出先: Array<{ 年度: number; グループ: string; 番号: number; 支出先名: string | null; 法人番号: string | null; 業務概要: string | null; 支出額: number | null }> | null;
  アウトカム: Array<{ 成果目標: string | null; 成果指標: string | null; 単位: string | null; 目標値: number | string | null; 目標最終年度: number | null }> | null;
  アウトプット: Array<{ 活動指標: string | null; 単位: string | null }> | null;
  関連する過去のレビューシート: Array<{ 年度: number; 府省庁: string; 事業番号1: string | null; 事業番号2: string | null; 事業番号3: string | null }> | null;
}

/** 百万円 (a JSON number such as 126862.0 or 0.05) → integer yen, exactly; null if not a finite amount. */
export function millionToYen(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const s = typeof v === 'number' ? String(v) : v.trim();
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(s);
  if (!m) return null;
  const frac = (m[3] ?? '').padEnd(6, '0');
  const yen = Number(m[2]) * 1_000_000 + Number(frac);
  return m[1] ? -yen : yen;
}

/** How a sheet prints an amount in 百万円: thousands separators, decimals only when there are some. */
export function printMillion(yen: number | null): string {
  if (yen === null) return '-';
  const neg = yen < 0;
  const a = Math.abs(yen);
  const int = Math.floor(a / 1_000_000);
  const frac = String(a % 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return `${neg ? '▲' : ''}${int.toLocaleString('en-US')}${frac ? `.${frac}` : ''}`;
}

/** Text as a sheet cell holds it: trimmed, full-width spaces inside kept. */
export const cell = (s: string | null | undefined): string | null => {
  const t = s?.replace(/\r\n?/g, '\n').trim();
  return t ? t : null;
};

/** A cell printed on one line of a row (its own line breaks become spaces, as a wide cell prints them). */
export const one = (s: string | null | undefined) => cell(s)?.replace(/\s*\n\s*/g, ' ') ?? null;

/** The printed 事業番号 of the text-flow header: `新30 0017` for `新30-0017`, `0049` as is. */
export function printNumber(n: string): string {
  return n.replace(/^(新\d+)-/, '$1 ');
}

export const FW = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/**
 * A year as the sheet prints it: a 平成30 (2018) sheet was written before the era changed, so it
 * names later years 平成31, 32…; later sheets use 令和 from 2019 (元年). Years before 1989 are 昭和.
 */
export function eraYear(year: number, sheetYear: number): { era: string; n: string } {
  if (year < 1989) return { era: '昭和', n: String(year - 1925) };
  if (year < 2019 || sheetYear < 2019) return { era: '平成', n: year === 1989 ? '元' : String(year - 1988) };
  return { era: '令和', n: year === 2019 ? '元' : String(year - 2018) };
}
export const longYear = (y: number, sheetYear: number) => {
  const e = eraYear(y, sheetYear);
  return `${e.era}${FW(e.n)}年度`;
};
export const shortYear = (y: number, sheetYear: number) => eraYear(y, sheetYear).n;

/** Wrap text into lines of `width` characters (a paragraph per source line), as the extractor does. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n').map((p) => p.trim()).filter(Boolean)) {
    const chars = [...para];
    for (let i = 0; i < chars.length; i += width) out.push(chars.slice(i, i + width).join(''));
  }
  return out;
}

/** The number a target cell holds (目標値 drifts between number and string in JUDGIT). */
export function targetOf(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const s = String(v).replace(/,/g, '').trim();
  const n = typeof v === 'number' ? v : s === '' ? NaN : Number(s);
  return Number.isFinite(n) ? n : null;
}
