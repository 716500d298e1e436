/** The table layout's rows and cells: label keys, section headings, year columns, and the cell readers every section uses. */
import { parseAmountYen, parseNumber } from '../../../normalize/amount.ts';
import { cleanLine, INVISIBLE, mendWrapArtefacts } from '../../../normalize/text.ts';
import { eraOfYear, type Era } from '../../../normalize/wareki.ts';
import { yearOn } from '../years.ts';
import { Diagnostics } from '../../diagnostics.ts';

export interface Row {
  /** 1-based line number in the source file. */
  line: number;
  cells: string[];
  /** Cells folded for label matching: NFKC, all whitespace removed. */
  keys: string[];
}

export const MILLION = 1_000_000;

export function labelKey(s: string): string {
  return s.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, '');
}

export function toRows(lines: string[]): Row[] {
  return lines.map((l, i) => {
    const cells = l.split('\t').map((c) => c.trim());
    return { line: i + 1, cells, keys: cells.map(labelKey) };
  });
}

export function firstCellIndex(row: Row): number {
  return row.keys.findIndex((k) => k !== '');
}

export function firstKey(row: Row): string {
  const i = firstCellIndex(row);
  return i < 0 ? '' : row.keys[i]!;
}

export function isEmptyRow(row: Row): boolean {
  return firstCellIndex(row) < 0;
}

/** Section headings of the template, matched on a row's first non-empty cell. */
const SECTION_HEADS: ReadonlyArray<readonly [string, RegExp]> = [
  ['budget', /^予算額・?執行額/],
  ['breakdown', /予算内訳/],
  ['outcomes', /^成果目標及び/],
  ['dataSource', /^根拠として用いた/],
  ['activities', /^活動指標及び/],
  ['unitCosts', /^単位当たりコスト$/],
  ['policy', /^政策評価/],
  ['kpi', /^新経済・財政再生計画/],
  ['checks', /^事業所管部局による点検/],
  ['checkResult', /^点検・改善結果/],
  ['external', /^外部有識者の所見/],
  ['reviewTeam', /^行政事業レビュー推進チームの所見/],
  ['reflection', /^所見を踏まえた改善点/],
  ['remarks', /^備考$/],
  ['pastNumbers', /^関連する過去のレビューシート/],
  // Check questions start with the same words (`資金の流れの中間段階での支出は…`): headings stand alone or with a note in brackets.
  ['flow', /^資金の流れ(?:$|\()/],
  ['expenses', /^費目・使途(?:$|\()/],
  ['recipients', /^支出先上位\d*者リスト(?:$|\()/],
  ['footnote', /^※/],
];

export function sectionOf(row: Row): string | null {
  const k = firstKey(row);
  if (k === '') return null;
  for (const [name, re] of SECTION_HEADS) if (re.test(k)) return name;
  return null;
}

/** Amount unit stated in a heading cell: `(単位:百万円)`, `金額 (千円)`; null if none is stated. */
export function unitOf(text: string): number | null {
  const k = labelKey(text);
  if (/百万円/.test(k)) return MILLION;
  if (/千円/.test(k)) return 1000;
  if (/億円/.test(k)) return 100_000_000;
  if (/[(（:：]円/.test(k)) return 1;
  return null;
}

export const RATING = /^(?:[○◯〇●×✕△]|有|無|[-－‐―−]|該当なし)$/;

export function normalizeRating(s: string): string | null {
  const k = labelKey(s);
  if (k === '') return null;
  if (/^[○◯〇●]$/.test(k)) return '○';
  if (/^[-－‐―−]$/.test(k)) return '－';
  if (/^[×✕]$/.test(k)) return '×';
  return k;
}

export interface HeaderYear {
  col: number;
  year: number | null;
  kind: 'actual' | 'request' | 'plan' | 'mid' | 'final';
  raw: string;
}

/**
 * Year columns of a header row. Short forms (`30年度`, `3年度要求`) take the era of the
 * nearest full form to their left in the same row (`平成29年度 | 30年度 | 令和元年度 | 2年度`),
 * else the sheet's era.
 */
export function headerYears(ctx: Ctx, row: Row, field: string): HeaderYear[] {
  const out: HeaderYear[] = [];
  let era: Era | null = null;
  for (let c = 0; c < row.cells.length; c++) {
    const raw = row.cells[c]!;
    const k = row.keys[c]!;
    if (!/年度/.test(k) || /予算内訳|予算額/.test(k)) continue;
    const e = eraOfYear(raw);
    if (e) era = e.era;
    let kind: HeaderYear['kind'] = 'actual';
    if (/中間目標/.test(k)) kind = 'mid';
    else if (/目標最終年度|目標年度/.test(k)) kind = 'final';
    else if (/要求/.test(k)) kind = 'request';
    else if (/見込/.test(k)) kind = 'plan';
    else if (/計画開始時/.test(k)) continue;
    const use = kind === 'mid' || kind === 'final' ? 'target' : 'column';
    const year = yearOn(ctx.d, { era: era ?? ctx.era, reviewYear: ctx.reviewYear }, raw, use, field, row.line);
    out.push({ col: c, year, kind, raw });
  }
  return out;
}

/**
 * The cells of `row` under the header's year columns. A row may be shifted by an export:
 * values before the first year column (after `guard`) shift it left; values beyond the last
 * year column with as many empty cells at its start shift it right. Otherwise columns are
 * taken as they are.
 */
export function alignedCells(row: Row, cols: number[], guard: number): { cells: string[]; shift: number } {
  if (cols.length === 0) return { cells: [], shift: 0 };
  const first = cols[0]!;
  const last = cols[cols.length - 1]!;
  const at = (c: number) => row.cells[c] ?? '';
  let shift = 0;
  for (let c = guard + 1; c < first; c++) {
    if (at(c) !== '') {
      shift = c - first;
      break;
    }
  }
  if (shift === 0) {
    let trailing = 0;
    for (let c = last + 1; c < row.cells.length; c++) if (at(c) !== '') trailing = c - last;
    let lead = 0;
    while (lead < cols.length && at(cols[lead]!) === '') lead++;
    const contiguous = cols.every((c, i) => i === 0 || c === cols[i - 1]! + 1);
    if (trailing > 0 && lead >= trailing && contiguous) shift = trailing;
  }
  return { cells: cols.map((c) => at(c + shift)), shift };
}

const TABLE_WORDS = /^(計|合計|費目|使途|用途|金額.*|成果実績|目標値|達成度|活動実績|当初見込み?|単位|支出先|法人番号|当初予算|補正予算|執行額|計算式)$/;

/**
 * Template words (or words in several cells) where a row's numbers belong: the row is from
 * another table (an export may misplace rows). One odd cell is just an unreadable value.
 */
export function hasWords(cells: string[]): boolean {
  const worded = cells.filter((c) => /[\u3040-\u30ff\u3400-\u9fff]/.test(c));
  return worded.length >= 2 || worded.some((c) => TABLE_WORDS.test(labelKey(c)));
}

export interface Ctx {
  file: string;
  rows: Row[];
  text: string;
  era: Era | null;
  /** The sheet's review year once its title is read: years it cannot mean are refused. */
  reviewYear: number | null;
  d: Diagnostics;
}

export function warn(ctx: Ctx, field: string, message: string, line: number | null): void {
  ctx.d.warn(field, message, line);
}

export function prov(ctx: Ctx, field: string, first: number, last = first): void {
  ctx.d.have(field, [first, last]);
}

/** Text of a cell, trimmed, dashes → null, wrap artefacts mended on the sheet's own evidence. */
export function textCell(ctx: Ctx, s: string | undefined): string | null {
  const t = cleanLine(s);
  return t === null ? null : mendWrapArtefacts(t, ctx.text);
}

export function amount(ctx: Ctx, cell: string, unit: number, field: string, line: number): number | null {
  const r = parseAmountYen(cell, unit);
  if (!r.ok) {
    warn(ctx, field, `金額を読めません: ${r.reason}`, line);
    return null;
  }
  if (r.value !== null) prov(ctx, field, line);
  return r.value;
}

export function number(ctx: Ctx, cell: string, field: string, line: number): number | null {
  const r = parseNumber(cell);
  if (!r.ok) {
    warn(ctx, field, `数値を読めません: ${r.reason}`, line);
    return null;
  }
  if (r.value !== null) prov(ctx, field, line);
  return r.value;
}

export function sectionRows(ctx: Ctx, start: number): Row[] {
  const out: Row[] = [];
  for (let r = start + 1; r < ctx.rows.length; r++) {
    const row = ctx.rows[r]!;
    if (sectionOf(row) !== null) break;
    out.push(row);
  }
  return out;
}

export function findSection(ctx: Ctx, name: string, from = 0): number {
  for (let r = from; r < ctx.rows.length; r++) if (sectionOf(ctx.rows[r]!) === name) return r;
  return -1;
}
