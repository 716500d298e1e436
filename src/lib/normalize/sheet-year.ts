/**
 * A year read from a sheet, checked against the sheet's own review year. A 和暦 that parses is not
 * yet a year the sheet can mean: `令和30年度` on a 令和2年度 sheet is 2048, but the sheets of
 * 2019–2021 carried 平成 numbers over into the new era (JUDGIT holds about 110 target years of
 * 2047–2055 from 2020–2021 sheets, 令和29–37 for 平成29–37, against 15 of 2050; a 2050 written
 * 令和32 on a sheet of 2019–2023 is refused with them), and a short
 * `30年度` read in the sheet's era is the same mistake. Such a year is refused with the reason,
 * never guessed into the other era: a wrong year is worse than a missing one.
 */
import { type Era, readFiscalYear } from './wareki.ts';

/** What the year is on the sheet: a column of a yearly table, the start or end of the project, a target year, the year of a past sheet. */
export type YearUse = 'column' | 'start' | 'end' | 'target' | 'past';

const USE_LABEL: Record<YearUse, string> = { column: '表の年度', start: '事業開始年度', end: '事業終了年度', target: '目標年度', past: '過去のレビューシートの年度' };

/** Years a sheet of review year `r` can mean for each use (inclusive). */
const WINDOW: Record<YearUse, (r: number) => [number, number]> = {
  // Budget, outcome and activity columns: the past years the sheet reports, the year and the request.
  column: (r) => [r - 10, r + 2],
  // A project may be as old as the 明治 state's; it starts at the latest with the year requested.
  start: (r) => [1868, r + 2],
  end: (r) => [1868, r + 50],
  target: (r) => [r - 15, r + 50],
  // Review sheets began in 平成21–22 (2009–2010).
  past: (r) => [2009, r],
};

/** A short year (`30年度`) is written only for years near the sheet's own. */
const SHORT_REACH = 10;

export interface SheetYear {
  year: number | null;
  /** Why a year that parsed is not taken (Japanese, for the warning), or null. */
  problem: string | null;
}

/** The fiscal year `text` names on a sheet of `reviewYear` (null: unknown, no check), used as `use`. */
export function readSheetYear(text: string, era: Era | null | undefined, reviewYear: number | null, use: YearUse): SheetYear {
  const y = readFiscalYear(text, era);
  if (!y) return { year: null, problem: null };
  if (reviewYear === null) return { year: y.year, problem: null };
  const raw = text.trim();
  const refuse = (why: string): SheetYear => ({ year: null, problem: `「${raw}」は${y.year}年度と読めますが、${why}ため採用しません (implausible year for a ${reviewYear} sheet)` });
  if (y.form === 'short' && Math.abs(y.year - reviewYear) > SHORT_REACH) return refuse(`元号の書かれていない年度が${reviewYear}年度のシートから${SHORT_REACH}年以上離れている`);
  if (y.form === 'era' && y.era === 'reiwa' && y.n !== null && y.year > reviewYear + SHORT_REACH) {
    // Only where the 平成 reading is a year the sheet itself is about (a few years around it): a
    // 令和6年度 sheet's 令和32年度 (2050) is not 平成32 (2020), a 令和2年度 sheet's may be.
    const heisei = 1988 + y.n;
    if (heisei >= reviewYear - 3 && heisei <= reviewYear + 5) return refuse(`平成${y.n}年度 (${heisei}) の元号の書き誤りと区別できない`);
  }
  const [lo, hi] = WINDOW[use](reviewYear);
  if (y.year < lo || y.year > hi) return refuse(`${reviewYear}年度のシートの${USE_LABEL[use]}としてありえない (${lo}–${hi} の外)`);
  return { year: y.year, problem: null };
}
