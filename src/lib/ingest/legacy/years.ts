/** Reading a year on a legacy sheet, every layout alike: checked against the sheet's review year, a refused one warned about where it was read. */
import { readSheetYear, type YearUse } from '../../normalize/sheet-year.ts';
import type { Era } from '../../normalize/wareki.ts';
import type { Diagnostics } from '../diagnostics.ts';

export interface SheetYears {
  /** The sheet's era, for short forms (`30年度`). */
  era: Era | null;
  /** The sheet's review year (an evaluation's fiscal year), or null when unknown (then nothing is checked). */
  reviewYear: number | null;
}

/** The fiscal year `text` names, or null; a year that parses but the sheet cannot mean is a warning on `field` at `line`. */
export function yearOn(d: Diagnostics, sheet: SheetYears, text: string, use: YearUse, field: string, line: number | null): number | null {
  const r = readSheetYear(text, sheet.era, sheet.reviewYear, use);
  if (r.problem) d.warn(field, r.problem, line, 'implausible-year');
  return r.year;
}
