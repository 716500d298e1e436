/**
 * 和暦 → western fiscal year. Review sheets mix full forms (`令和3年度`), the first year
 * (`令和元年度`), years past an era's end (`平成32年度` = 2020, because sheets were printed
 * before the era changed) and short forms (`30年度`, `3年度要求`) that only make sense
 * against the era of the sheet itself.
 */
export type Era = 'showa' | 'heisei' | 'reiwa';

/** Western year of each era's first year (元年). */
const ERA_BASE: Record<Era, number> = { showa: 1926, heisei: 1989, reiwa: 2019 };
const ERA_NAMES: Record<string, Era> = { 昭和: 'showa', 平成: 'heisei', 令和: 'reiwa', S: 'showa', H: 'heisei', R: 'reiwa' };

export function eraToWestern(era: Era, year: number): number {
  return ERA_BASE[era] + year - 1;
}

/** The era a western year is normally written in (2019 → reiwa; 2018 → heisei). */
export function eraOfWesternYear(y: number): { era: Era; year: number } | null {
  if (!Number.isInteger(y) || y < 1926) return null;
  const era: Era = y >= 2019 ? 'reiwa' : y >= 1989 ? 'heisei' : 'showa';
  return { era, year: y - ERA_BASE[era] + 1 };
}

/** NFKC folds full-width digits and letters; we also treat the ideographic space as space. */
function fold(text: string): string {
  return text.normalize('NFKC').replace(/\u3000/g, ' ');
}

function eraYearNumber(s: string): number | null {
  if (s === '元') return 1;
  if (!/^\d{1,2}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 ? n : null;
}

const ERA_YEAR = /(昭和|平成|令和)\s*(元|\d{1,2})\s*年/;

/** The first era year in a text, e.g. the title `令和3年度行政事業レビューシート` → { reiwa, 3 }. */
export function eraOfYear(text: string): { era: Era; year: number } | null {
  const m = ERA_YEAR.exec(fold(text));
  if (!m) return null;
  const year = eraYearNumber(m[2]!);
  if (year === null) return null;
  return { era: ERA_NAMES[m[1]!]!, year };
}

/** How a year was written: with its era (`令和3年度`), western (`2021年度`) or short (`3年度`, resolved against a given era). */
export interface FiscalYearReading {
  year: number;
  form: 'era' | 'western' | 'short';
  era: Era | null;
  /** The era year as written (`30` of `令和30年度`); null for western years. */
  n: number | null;
}

/** parseFiscalYear, saying how the year was written (for plausibility checks that depend on it). */
export function readFiscalYear(text: string, era?: Era | null): FiscalYearReading | null {
  const s = fold(text).trim();
  if (s === '') return null;
  const full = /(昭和|平成|令和)\s*(元|\d{1,2})\s*年(?:度)?/.exec(s);
  if (full) {
    const n = eraYearNumber(full[2]!);
    const e = ERA_NAMES[full[1]!]!;
    return n === null ? null : { year: eraToWestern(e, n), form: 'era', era: e, n };
  }
  // Western: `2021年度`, `2021年`, `2021`, `FY2021`.
  const western = /(?:^|[^\d])((?:19|20)\d{2})\s*(?:年度?|$|[^\d])/.exec(s);
  if (western) {
    const y = Number(western[1]);
    return y >= 1900 && y <= 2100 ? { year: y, form: 'western', era: null, n: null } : null;
  }
  // Short form `30年度`, `3年度要求`, `元年度`: needs the sheet's era.
  const short = /(?:^|[^\d])(元|\d{1,2})\s*年度/.exec(s);
  if (short && era) {
    const n = eraYearNumber(short[1]!);
    return n === null ? null : { year: eraToWestern(era, n), form: 'short', era, n };
  }
  return null;
}

/**
 * The fiscal year a cell or heading names, or null when it names none (or more than one
 * could be meant). `era` resolves short forms such as `30年度`; without it they stay null.
 */
export function parseFiscalYear(text: string, era?: Era | null): number | null {
  return readFiscalYear(text, era)?.year ?? null;
}

/** Format a western fiscal year as Japanese readers expect: `令和6年度 (2024)`. */
export function formatFiscalYear(y: number): string {
  const e = eraOfWesternYear(y);
  if (!e) return `${y}年度`;
  const name = e.era === 'reiwa' ? '令和' : e.era === 'heisei' ? '平成' : '昭和';
  return `${name}${e.year === 1 ? '元' : e.year}年度 (${y})`;
}
