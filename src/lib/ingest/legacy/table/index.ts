/**
 * 行政事業レビューシート in the table layout: one sheet row per line, cells separated by tabs
 * (what spreadsheet/HTML exports of the official Excel template give).
 *
 * The parser is keyed on the template's labels (事業名, 予算額・執行額, 成果実績, 支出先 …) and
 * on the header rows' year columns, never on positions or values of a particular sheet.
 * Exports shift cells by a column here and there, so every numeric row is aligned to its
 * header's year columns, and a shift is accepted only when the row itself shows it.
 * Whatever cannot be placed with confidence is left null with a warning.
 */
import type { Activity, BudgetYear, Outcome, ProjectRecord, Recipient, Warning } from '../../../../schemas/index.ts';
import { parseAmountYen, parseNumber, isBlankOrDash } from '../../../normalize/amount.ts';
import { normalizeCorporateNumber } from '../../../normalize/corporate-number.ts';
import { normalizeProjectNumber } from '../../../normalize/project-number.ts';
import { cleanLine, INVISIBLE, mendWrapArtefacts } from '../../../normalize/text.ts';
import { eraOfYear, parseFiscalYear, type Era } from '../../../normalize/wareki.ts';
import { emptyProject } from '../../fallback.ts';
import { legacyProjectId } from '../../ids.ts';
import type { LegacyInput } from '../../types.ts';
import type { ParsedDocument } from '../../types.ts';

interface Row {
  /** 1-based line number in the source file. */
  line: number;
  cells: string[];
  /** Cells folded for label matching: NFKC, all whitespace removed. */
  keys: string[];
}

type Span = [number, number];

const MILLION = 1_000_000;

export function labelKey(s: string): string {
  return s.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, '');
}

function toRows(lines: string[]): Row[] {
  return lines.map((l, i) => {
    const cells = l.split('\t').map((c) => c.trim());
    return { line: i + 1, cells, keys: cells.map(labelKey) };
  });
}

function firstCellIndex(row: Row): number {
  return row.keys.findIndex((k) => k !== '');
}

function firstKey(row: Row): string {
  const i = firstCellIndex(row);
  return i < 0 ? '' : row.keys[i]!;
}

function isEmptyRow(row: Row): boolean {
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

function sectionOf(row: Row): string | null {
  const k = firstKey(row);
  if (k === '') return null;
  for (const [name, re] of SECTION_HEADS) if (re.test(k)) return name;
  return null;
}

/** Amount unit stated in a heading cell: `(単位:百万円)`, `金額 (千円)`; null if none is stated. */
function unitOf(text: string): number | null {
  const k = labelKey(text);
  if (/百万円/.test(k)) return MILLION;
  if (/千円/.test(k)) return 1000;
  if (/億円/.test(k)) return 100_000_000;
  if (/[(（:：]円/.test(k)) return 1;
  return null;
}

const RATING = /^(?:[○◯〇●×✕△]|有|無|[-－‐―−]|該当なし)$/;

function normalizeRating(s: string): string | null {
  const k = labelKey(s);
  if (k === '') return null;
  if (/^[○◯〇●]$/.test(k)) return '○';
  if (/^[-－‐―−]$/.test(k)) return '－';
  if (/^[×✕]$/.test(k)) return '×';
  return k;
}

interface HeaderYear {
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
function headerYears(row: Row, sheetEra: Era | null, fromCol = 0): HeaderYear[] {
  const out: HeaderYear[] = [];
  let era: Era | null = null;
  for (let c = fromCol; c < row.cells.length; c++) {
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
    const year = parseFiscalYear(raw, era ?? sheetEra);
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
function alignedCells(row: Row, cols: number[], guard: number): { cells: string[]; shift: number } {
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
function hasWords(cells: string[]): boolean {
  const worded = cells.filter((c) => /[\u3040-\u30ff\u3400-\u9fff]/.test(c));
  return worded.length >= 2 || worded.some((c) => TABLE_WORDS.test(labelKey(c)));
}

interface Ctx {
  file: string;
  rows: Row[];
  text: string;
  era: Era | null;
  warnings: Warning[];
  provenance: Record<string, Span>;
}

function warn(ctx: Ctx, field: string, message: string, line: number | null): void {
  ctx.warnings.push({ field, message, line });
}

function prov(ctx: Ctx, field: string, first: number, last = first): void {
  ctx.provenance[field] = [first, last];
}

/** Text of a cell, trimmed, dashes → null, wrap artefacts mended on the sheet's own evidence. */
function textCell(ctx: Ctx, s: string | undefined): string | null {
  const t = cleanLine(s);
  return t === null ? null : mendWrapArtefacts(t, ctx.text);
}

function amount(ctx: Ctx, cell: string, unit: number, field: string, line: number): number | null {
  const r = parseAmountYen(cell, unit);
  if (!r.ok) {
    warn(ctx, field, `金額を読めません: ${r.reason}`, line);
    return null;
  }
  if (r.value !== null) prov(ctx, field, line);
  return r.value;
}

function number(ctx: Ctx, cell: string, field: string, line: number): number | null {
  const r = parseNumber(cell);
  if (!r.ok) {
    warn(ctx, field, `数値を読めません: ${r.reason}`, line);
    return null;
  }
  if (r.value !== null) prov(ctx, field, line);
  return r.value;
}

/* ------------------------------------------------------------------ identity & texts */

/** Labels whose value is the next non-empty cell to the right (or the cell below). */
const LABELS: ReadonlyArray<readonly [keyof ProjectRecord & string, RegExp]> = [
  ['name', /^事業名$/],
  ['bureau', /^担当部局庁$/],
  ['responsible', /^作成責任者$/],
  ['startYear', /^事業開始年度$/],
  ['endYear', /^事業終了\(予定\)年度$/],
  ['division', /^担当課室$/],
  ['accountType', /^会計区分$/],
  ['legalBasis', /^根拠法令/],
  ['relatedPlans', /^関係する計画、?通知等/],
  ['mainPolicy', /^主要政策・施策$/],
  ['mainExpense', /^主要経費$/],
  ['purpose', /^事業の目的/],
  ['summary', /^事業概要/],
  ['implementation', /^実施方法$/],
];

function isAnyLabel(key: string): boolean {
  return LABELS.some(([, re]) => re.test(key)) || /^事業番号/.test(key) || /^所管府省/.test(key);
}

/** Value of a label cell: the next non-empty cell right of it, unless that is another label; else the cell below. */
function labelValue(ctx: Ctx, r: number, c: number, allowBelow: boolean): { value: string; line: number } | null {
  const row = ctx.rows[r]!;
  for (let k = c + 1; k < row.cells.length; k++) {
    if (row.keys[k] === '') continue;
    if (isAnyLabel(row.keys[k]!)) break;
    return { value: row.cells[k]!, line: row.line };
  }
  // The value may sit one row down in the same column (作成責任者 in the template's merged cells).
  const below = ctx.rows[r + 1];
  if (allowBelow && below && below.keys[c] && !isAnyLabel(below.keys[c]!) && !isEmptyRow(below)) {
    return { value: below.cells[c]!, line: below.line };
  }
  return null;
}

interface Identity {
  reviewYear: number | null;
  ministry: string | null;
  projectNumber: string | null;
}

function parseIdentity(ctx: Ctx, rec: ProjectRecord): Identity {
  const id: Identity = { reviewYear: null, ministry: null, projectNumber: null };
  // Identity cells sit above the budget table; below it `事業番号` heads the related-projects list.
  let head = true;
  for (const row of ctx.rows) {
    if (sectionOf(row) === 'budget') head = false;
    const joined = row.cells.filter((c) => c !== '').join(' ');
    const title = /((?:昭和|平成|令和)\s*(?:元|[0-9０-９]{1,2})\s*年度)\s*行政事業レビューシート\s*(?:[(（]\s*([^)）]+?)\s*[)）])?/.exec(joined);
    if (title && id.reviewYear === null) {
      id.reviewYear = parseFiscalYear(title[1]!);
      prov(ctx, 'reviewYear', row.line);
      if (title[2]) {
        id.ministry = cleanLine(title[2]);
        prov(ctx, 'ministry', row.line);
      }
    }
    for (let c = 0; head && c < row.cells.length; c++) {
      const k = row.keys[c]!;
      if (id.projectNumber === null && /^事業番号/.test(k)) {
        const inCell = row.cells[c]!.replace(/^\s*事業番号\s*[:：]?\s*/, '');
        const raw = inCell !== '' ? inCell : (row.cells.slice(c + 1).find((x) => x !== '') ?? '');
        const n = normalizeProjectNumber(raw);
        if (n) {
          id.projectNumber = n;
          prov(ctx, 'projectNumber', row.line);
        } else if (raw !== '' && !isBlankOrDash(raw)) {
          warn(ctx, 'projectNumber', `事業番号として読めません: "${raw}"`, row.line);
        }
      }
      if (id.ministry === null && /^所管府省(庁)?(名)?$/.test(k)) {
        const v = row.cells.slice(c + 1).find((x) => x !== '');
        if (v) {
          id.ministry = cleanLine(v);
          prov(ctx, 'ministry', row.line);
        }
      }
    }
  }
  rec.reviewYear = id.reviewYear;
  rec.projectNumber = id.projectNumber;
  if (id.reviewYear === null) warn(ctx, 'reviewYear', '表題「…年度行政事業レビューシート」が見つからず、レビュー年度が分かりません', null);
  if (id.ministry === null) warn(ctx, 'ministry', '所管府省が見つかりません', null);
  if (id.projectNumber === null) warn(ctx, 'projectNumber', '事業番号が見つかりません', null);
  // The post-2021 number starts with the review year: a mismatch means one of them is misread.
  if (id.projectNumber && id.reviewYear !== null) {
    const m = /^(20\d\d)-/.exec(id.projectNumber);
    if (m && Number(m[1]) !== id.reviewYear) {
      warn(ctx, 'projectNumber', `事業番号の年度 ${m[1]} と表題の年度 ${id.reviewYear} が一致しません`, ctx.provenance.projectNumber?.[0] ?? null);
    }
  }
  return id;
}

function parseLabels(ctx: Ctx, rec: ProjectRecord): void {
  const seen = new Set<string>();
  for (let r = 0; r < ctx.rows.length; r++) {
    const row = ctx.rows[r]!;
    // Identity labels live above the budget table; stop there so check items can't match.
    if (sectionOf(row) === 'budget') break;
    for (let c = 0; c < row.cells.length; c++) {
      const k = row.keys[c]!;
      if (k === '') continue;
      for (const [field, re] of LABELS) {
        if (!re.test(k) || seen.has(field)) continue;
        seen.add(field);
        // Only 作成責任者 sits in a merged cell whose value is printed on the row below.
        const v = labelValue(ctx, r, c, field === 'responsible');
        if (!v) continue;
        if (field === 'startYear' || field === 'endYear') {
          const y = parseFiscalYear(v.value, ctx.era);
          if (y !== null) {
            rec[field] = y;
            prov(ctx, field, v.line);
          } else if (field === 'endYear' && !isBlankOrDash(v.value)) {
            rec.endNote = cleanLine(v.value);
            prov(ctx, 'endNote', v.line);
          } else if (!isBlankOrDash(v.value)) {
            warn(ctx, field, `年度として読めません: "${v.value}"`, v.line);
          }
          continue;
        }
        const t = textCell(ctx, v.value);
        if (t === null) continue;
        if (field === 'name') rec.name = t;
        else (rec as unknown as Record<string, unknown>)[field] = t;
        prov(ctx, field, v.line);
      }
    }
  }
  if (!seen.has('name')) warn(ctx, 'name', '「事業名」欄が見つかりません', null);
}

/* ------------------------------------------------------------------ budget */

const BUDGET_ROWS: ReadonlyArray<readonly [keyof BudgetYear & string, (k: string) => boolean]> = [
  ['initial', (k) => k === '当初予算'],
  ['supplementary', (k) => k === '補正予算'],
  ['carriedIn', (k) => k === '前年度から繰越し' || k === '前年度から繰越'],
  ['carriedOut', (k) => k === '翌年度へ繰越し' || k === '翌年度へ繰越'],
  ['reserve', (k) => k === '予備費等'],
  ['total', (k) => k === '計'],
  ['executed', (k) => k === '執行額'],
  ['executionRate', (k) => /^執行率/.test(k)],
];

function sectionRows(ctx: Ctx, start: number): Row[] {
  const out: Row[] = [];
  for (let r = start + 1; r < ctx.rows.length; r++) {
    const row = ctx.rows[r]!;
    if (sectionOf(row) !== null) break;
    out.push(row);
  }
  return out;
}

function findSection(ctx: Ctx, name: string, from = 0): number {
  for (let r = from; r < ctx.rows.length; r++) if (sectionOf(ctx.rows[r]!) === name) return r;
  return -1;
}

function parseBudget(ctx: Ctx, rec: ProjectRecord): void {
  const h = findSection(ctx, 'budget');
  if (h < 0) return;
  const head = ctx.rows[h]!;
  const unit = unitOf(head.cells.join(' ')) ?? MILLION;
  if (unitOf(head.cells.join(' ')) === null) warn(ctx, 'budget', '予算額の単位の記載がないため百万円とみなしました', head.line);
  let years = headerYears(head, ctx.era).filter((y) => y.kind === 'actual' || y.kind === 'request');
  // Some exports put the year headings on their own row under the label.
  for (let r = h + 1; years.length === 0 && r <= h + 2 && r < ctx.rows.length; r++) {
    const below = ctx.rows[r]!;
    if (sectionOf(below) !== null) break;
    const ys = headerYears(below, ctx.era).filter((y) => y.kind === 'actual' || y.kind === 'request');
    if (ys.length >= 2) years = ys;
  }
  if (years.length === 0) {
    warn(ctx, 'budget', '予算額・執行額の表に年度の見出しがありません', head.line);
    return;
  }
  for (const y of years) if (y.year === null) warn(ctx, 'budget', `年度の見出しを読めません: "${y.raw}"`, head.line);
  checkYearSequence(ctx, 'budget', years, head.line);
  const budget: BudgetYear[] = years.map((y) => ({
    fiscalYear: y.year ?? 0,
    initial: null,
    supplementary: null,
    carriedIn: null,
    carriedOut: null,
    reserve: null,
    total: null,
    executed: null,
    executionRate: null,
    isRequest: y.kind === 'request',
  }));
  const cols = years.map((y) => y.col);
  const done = new Set<string>();
  for (const row of sectionRows(ctx, h)) {
    for (let c = 0; c < row.keys.length; c++) {
      const match = BUDGET_ROWS.find(([, test]) => test(row.keys[c]!));
      if (!match) continue;
      const field = match[0];
      if (done.has(field)) break;
      const { cells } = alignedCells(row, cols, c);
      const blanks = cells.filter((x) => x === '').length;
      if (hasWords(cells) || blanks * 2 > cells.length + 1) {
        warn(ctx, 'budget', `「${row.cells[c]}」の行は予算額・執行額の表の形をしていないため読みません`, row.line);
        break;
      }
      done.add(field);
      cells.forEach((cell, i) => {
        const y = years[i]!;
        if (y.year === null) return;
        const path = `budget.${y.year}.${field}`;
        if (field === 'executionRate') budget[i]!.executionRate = number(ctx, cell, path, row.line);
        else (budget[i]! as unknown as Record<string, number | null>)[field] = amount(ctx, cell, unit, path, row.line);
      });
      break;
    }
  }
  for (const need of ['initial', 'total', 'executed']) {
    if (!done.has(need)) warn(ctx, 'budget', `予算額・執行額の表に「${need === 'initial' ? '当初予算' : need === 'total' ? '計' : '執行額'}」の行がありません`, head.line);
  }
  rec.budget = budget.filter((b) => b.fiscalYear !== 0);
  for (const b of rec.budget) checkBudgetYear(ctx, b);
  prov(ctx, 'budget', head.line, Math.max(head.line, ...Object.entries(ctx.provenance).filter(([k]) => k.startsWith('budget.')).map(([, v]) => v[1])));
}

function checkYearSequence(ctx: Ctx, field: string, years: HeaderYear[], line: number): void {
  const ys = years.filter((y) => y.kind === 'actual' || y.kind === 'request' || y.kind === 'plan').map((y) => y.year);
  for (let i = 1; i < ys.length; i++) {
    const a = ys[i - 1];
    const b = ys[i];
    if (a != null && b != null && b !== a + 1) warn(ctx, field, `年度の見出しが連続していません: ${a} の次が ${b}`, line);
  }
}

/** The sheet's own arithmetic: 計 = 当初 + 補正 + 繰越し − 翌年度繰越し + 予備費等. A mismatch is reported, not corrected. */
function checkBudgetYear(ctx: Ctx, b: BudgetYear): void {
  const parts = [b.initial, b.supplementary, b.carriedIn, b.reserve];
  if (b.total !== null && parts.some((p) => p !== null)) {
    const sum = parts.reduce<number>((s, p) => s + (p ?? 0), 0) - (b.carriedOut ?? 0);
    if (sum !== b.total) {
      warn(ctx, `budget.${b.fiscalYear}.total`, `${b.fiscalYear}年度の計 ${b.total / MILLION}百万円が内訳の合計 ${sum / MILLION}百万円と一致しません`, ctx.provenance[`budget.${b.fiscalYear}.total`]?.[0] ?? null);
    }
  }
  if (b.executionRate !== null && b.executed !== null && b.total) {
    const rate = (b.executed / b.total) * 100;
    if (Math.abs(rate - b.executionRate) > 1) {
      warn(ctx, `budget.${b.fiscalYear}.executionRate`, `${b.fiscalYear}年度の執行率 ${b.executionRate}% が執行額/計 (${rate.toFixed(1)}%) と一致しません`, ctx.provenance[`budget.${b.fiscalYear}.executionRate`]?.[0] ?? null);
    }
  }
}

/* ------------------------------------------------------------------ 予算内訳 */

function parseBreakdown(ctx: Ctx, rec: ProjectRecord): void {
  const h = findSection(ctx, 'breakdown');
  if (h < 0) return;
  const head = ctx.rows[h]!;
  const unit = unitOf(head.cells.join(' ')) ?? MILLION;
  const itemCol = head.keys.findIndex((k) => /^歳出予算目/.test(k) || /^予算目/.test(k));
  const curCol = head.keys.findIndex((k) => /当初予算|予算額$/.test(k) && !/予算内訳/.test(k));
  const reqCol = head.keys.findIndex((k) => /要求/.test(k) && !/予算内訳/.test(k));
  const noteCol = head.keys.findIndex((k) => /増減理由/.test(k));
  if (itemCol < 0 || curCol < 0 || reqCol < 0) {
    warn(ctx, 'budgetBreakdown', '予算内訳の見出し（歳出予算目・当初予算・要求）を読めません', head.line);
    return;
  }
  let total: { current: number | null; request: number | null; line: number } | null = null;
  const notes: Array<{ text: string; line: number }> = [];
  for (const row of sectionRows(ctx, h)) {
    const at = (c: number) => row.cells[c] ?? '';
    const itemText = cleanLine(at(itemCol));
    const note = noteCol >= 0 ? cleanLine(at(noteCol)) : null;
    if (note) notes.push({ text: note, line: row.line });
    if (itemText === '計') {
      total = { current: parseAmountYen(at(curCol), unit).ok ? (parseAmountYen(at(curCol), unit) as { value: number | null }).value : null, request: parseAmountYen(at(reqCol), unit).ok ? (parseAmountYen(at(reqCol), unit) as { value: number | null }).value : null, line: row.line };
      continue;
    }
    if (itemText === null) {
      if (!isBlankOrDash(at(curCol)) || !isBlankOrDash(at(reqCol))) warn(ctx, 'budgetBreakdown', '歳出予算目のない金額があります', row.line);
      continue;
    }
    const i = rec.budgetBreakdown.length;
    const item = {
      item: textCell(ctx, itemText) ?? itemText,
      current: amount(ctx, at(curCol), unit, `budgetBreakdown.${i}.current`, row.line),
      request: amount(ctx, at(reqCol), unit, `budgetBreakdown.${i}.request`, row.line),
      note,
    };
    prov(ctx, `budgetBreakdown.${i}.item`, row.line);
    if (note) prov(ctx, `budgetBreakdown.${i}.note`, row.line);
    rec.budgetBreakdown.push(item);
  }
  // 主な増減理由 is one merged cell for the whole table in the template: it explains the request year.
  const request = rec.budget.find((b) => b.isRequest);
  if (notes.length > 0 && request) {
    (request as BudgetYear & { changeReason?: string | null }).changeReason = notes.map((n) => n.text).join('\n');
    prov(ctx, `budget.${request.fiscalYear}.changeReason`, notes[0]!.line, notes[notes.length - 1]!.line);
  } else if (notes.length > 0) {
    warn(ctx, 'budgetBreakdown', '主な増減理由がありますが、要求年度の列がないため割り当てられません', notes[0]!.line);
  }
  if (total && rec.budgetBreakdown.length > 0) {
    for (const k of ['current', 'request'] as const) {
      const t = total[k];
      const vals = rec.budgetBreakdown.map((b) => b[k]);
      if (t === null || vals.every((v) => v === null)) continue;
      const sum = vals.reduce<number>((s, v) => s + (v ?? 0), 0);
      if (sum !== t) warn(ctx, 'budgetBreakdown', `予算内訳の${k === 'current' ? '当年度' : '要求'}の合計 ${sum / MILLION}百万円が計 ${t / MILLION}百万円と一致しません`, total.line);
    }
  }
}

/* ------------------------------------------------------------------ outcomes, activities, unit costs */

function keywordCol(row: Row, words: string[]): { col: number; word: string } | null {
  for (let c = 0; c < row.keys.length; c++) if (words.includes(row.keys[c]!)) return { col: c, word: row.keys[c]! };
  return null;
}

/** A header row's 単位 column, and the columns that name things (goal, indicator, basis). */
function headerCol(row: Row, test: (k: string) => boolean): number {
  return row.keys.findIndex(test);
}

function parseOutcomes(ctx: Ctx, rec: ProjectRecord): void {
  for (let h = findSection(ctx, 'outcomes'); h >= 0; h = findSection(ctx, 'outcomes', h + 1)) {
    const head = ctx.rows[h]!;
    const years = headerYears(head, ctx.era);
    const yearly = years.filter((y) => y.kind === 'actual');
    const final = years.find((y) => y.kind === 'final');
    const mid = years.find((y) => y.kind === 'mid');
    checkYearSequence(ctx, 'outcomes', yearly, head.line);
    const goalCol = headerCol(head, (k) => /成果目標$/.test(k) && !/及び/.test(k));
    const indCol = headerCol(head, (k) => k === '成果指標');
    const unitCol = headerCol(head, (k) => k === '単位');
    const cols = [...yearly, ...(mid ? [mid] : []), ...(final ? [final] : [])].sort((a, b) => a.col - b.col);
    let current: Outcome | null = null;
    let seen = new Set<string>();
    let i = -1;
    for (const row of sectionRows(ctx, h)) {
      const kw = keywordCol(row, ['成果実績', '目標値', '達成度']);
      if (!kw) continue;
      const named = (c: number) => (c >= 0 && c < kw.col ? textCell(ctx, row.cells[c]) : null);
      const goal = named(goalCol);
      const indicator = named(indCol);
      // A new outcome starts with its own goal/indicator, or when a row kind repeats.
      if (current === null || goal !== null || indicator !== null || seen.has(kw.word)) {
        current = { goal, indicator, unit: null, values: yearly.filter((y) => y.year !== null).map((y) => ({ fiscalYear: y.year!, actual: null, target: null, achievement: null })), finalTarget: null, finalYear: null };
        rec.outcomes.push(current);
        i = rec.outcomes.length - 1;
        seen = new Set();
        if (goal) prov(ctx, `outcomes.${i}.goal`, row.line);
        if (indicator) prov(ctx, `outcomes.${i}.indicator`, row.line);
      }
      seen.add(kw.word);
      const o: Outcome = current;
      const uCol = unitCol > kw.col ? unitCol : kw.col + 1;
      const unitCell = textCell(ctx, row.cells[uCol]);
      if (kw.word !== '達成度' && unitCell && o.unit === null) {
        o.unit = unitCell;
        prov(ctx, `outcomes.${i}.unit`, row.line);
      }
      const { cells } = alignedCells(row, cols.map((y) => y.col), Math.max(uCol, kw.col));
      if (hasWords(cells)) {
        warn(ctx, `outcomes.${i}`, `「${kw.word}」の行に数値でない値があるため読みません`, row.line);
        continue;
      }
      cells.forEach((cell, j) => {
        const y = cols[j]!;
        if (y.kind === 'actual') {
          if (y.year === null) return;
          const v = o.values.find((x) => x.fiscalYear === y.year)!;
          const field = kw.word === '成果実績' ? 'actual' : kw.word === '目標値' ? 'target' : 'achievement';
          v[field] = number(ctx, cell, `outcomes.${i}.values.${y.year}.${field}`, row.line);
        } else if (y.kind === 'final') {
          if (kw.word === '目標値') {
            o.finalTarget = number(ctx, cell, `outcomes.${i}.finalTarget`, row.line);
            if (y.year !== null) {
              o.finalYear = y.year;
              prov(ctx, `outcomes.${i}.finalYear`, head.line);
            } else if (o.finalTarget !== null) {
              warn(ctx, `outcomes.${i}.finalYear`, `目標最終年度を読めません: "${y.raw}"`, head.line);
            }
          } else if (kw.word === '成果実績' && !isBlankOrDash(cell)) {
            // The template greys this cell out; a value here is not a yearly actual we can date.
            warn(ctx, `outcomes.${i}`, `目標最終年度欄の成果実績 "${cell}" は年度を特定できないため採用しません`, row.line);
          }
        }
      });
    }
  }
}

function parseActivities(ctx: Ctx, rec: ProjectRecord): void {
  for (let h = findSection(ctx, 'activities'); h >= 0; h = findSection(ctx, 'activities', h + 1)) {
    const head = ctx.rows[h]!;
    const years = headerYears(head, ctx.era).filter((y) => y.kind === 'actual' || y.kind === 'plan');
    checkYearSequence(ctx, 'activities', years, head.line);
    const indCol = headerCol(head, (k) => k === '活動指標');
    const unitCol = headerCol(head, (k) => k === '単位');
    let current: Activity | null = null;
    let idx = -1;
    for (const row of sectionRows(ctx, h)) {
      const kw = keywordCol(row, ['活動実績', '当初見込み', '当初見込']);
      if (!kw) continue;
      const indicator = indCol >= 0 && indCol < kw.col ? textCell(ctx, row.cells[indCol]) : null;
      if (kw.word === '活動実績' || current === null || indicator !== null) {
        if (current === null || kw.word === '活動実績' || indicator !== null) {
          current = { indicator, unit: null, values: years.filter((y) => y.year !== null).map((y) => ({ fiscalYear: y.year!, actual: null, planned: null })) };
          rec.activities.push(current);
          idx = rec.activities.length - 1;
          if (indicator) prov(ctx, `activities.${idx}.indicator`, row.line);
        }
      }
      const a = current;
      const uCol = unitCol > kw.col ? unitCol : kw.col + 1;
      const unitCell = textCell(ctx, row.cells[uCol]);
      if (unitCell && a.unit === null) {
        a.unit = unitCell;
        prov(ctx, `activities.${idx}.unit`, row.line);
      }
      const { cells } = alignedCells(row, years.map((y) => y.col), Math.max(uCol, kw.col));
      if (hasWords(cells)) {
        warn(ctx, `activities.${idx}`, `「${kw.word}」の行に数値でない値があるため読みません`, row.line);
        continue;
      }
      cells.forEach((cell, j) => {
        const y = years[j]!;
        if (y.year === null) return;
        const v = a.values.find((x) => x.fiscalYear === y.year)!;
        if (kw.word === '活動実績') {
          if (y.kind === 'plan') {
            // Future years have no actuals; the template's 活動見込 is read from the 当初見込み row.
            if (!isBlankOrDash(cell)) warn(ctx, `activities.${idx}.values.${y.year}`, `活動見込の年度 (${y.raw}) の活動実績欄 "${cell}" は実績ではないため採用しません`, row.line);
            return;
          }
          v.actual = number(ctx, cell, `activities.${idx}.values.${y.year}.actual`, row.line);
        } else {
          v.planned = number(ctx, cell, `activities.${idx}.values.${y.year}.planned`, row.line);
        }
      });
    }
  }
}

function parseUnitCosts(ctx: Ctx, rec: ProjectRecord): void {
  for (let h = findSection(ctx, 'unitCosts'); h >= 0; h = findSection(ctx, 'unitCosts', h + 1)) {
    const head = ctx.rows[h]!;
    const years = headerYears(head, ctx.era).filter((y) => y.kind === 'actual' || y.kind === 'plan');
    const basisCol = headerCol(head, (k) => k === '算出根拠');
    const unitCol = headerCol(head, (k) => k === '単位');
    let idx = -1;
    for (const row of sectionRows(ctx, h)) {
      const kw = keywordCol(row, ['単位当たりコスト', '計算式']);
      if (!kw) continue;
      if (kw.word === '単位当たりコスト' || idx < 0) {
        const basis = basisCol >= 0 && basisCol < kw.col ? textCell(ctx, row.cells[basisCol]) : null;
        rec.unitCosts.push({ basis, unit: null, values: years.filter((y) => y.year !== null).map((y) => ({ fiscalYear: y.year!, value: null, formula: null })) });
        idx = rec.unitCosts.length - 1;
        if (basis) prov(ctx, `unitCosts.${idx}.basis`, row.line);
      }
      const u = rec.unitCosts[idx]!;
      const uCol = unitCol > kw.col ? unitCol : kw.col + 1;
      const unitCell = cleanLine(row.cells[uCol]);
      if (kw.word === '単位当たりコスト' && unitCell && unitCell !== '/') {
        u.unit = unitCell;
        prov(ctx, `unitCosts.${idx}.unit`, row.line);
      }
      const { cells } = alignedCells(row, years.map((y) => y.col), Math.max(uCol, kw.col));
      cells.forEach((cell, j) => {
        const y = years[j]!;
        if (y.year === null) return;
        const v = u.values.find((x) => x.fiscalYear === y.year)!;
        if (kw.word === '単位当たりコスト') v.value = number(ctx, cell, `unitCosts.${idx}.values.${y.year}.value`, row.line);
        else {
          v.formula = cleanLine(cell);
          if (v.formula) prov(ctx, `unitCosts.${idx}.values.${y.year}.formula`, row.line);
        }
      });
    }
  }
}

/* ------------------------------------------------------------------ 政策・施策 */

function parsePolicy(ctx: Ctx, rec: ProjectRecord): void {
  const h = findSection(ctx, 'policy');
  if (h < 0) return;
  const end = findSection(ctx, 'checks', h);
  for (let r = h; r < (end < 0 ? ctx.rows.length : end); r++) {
    const row = ctx.rows[r]!;
    for (let c = 0; c < row.keys.length; c++) {
      const k = row.keys[c]!;
      const field = k === '政策' ? 'area' : k === '施策' ? 'measure' : null;
      if (!field || rec.policy[field] !== null) continue;
      const v = row.cells.slice(c + 1).find((x) => x !== '');
      const t = textCell(ctx, v);
      if (t !== null) {
        rec.policy[field] = t;
        prov(ctx, `policy.${field}`, row.line);
      }
      break;
    }
  }
}

/* ------------------------------------------------------------------ 点検 */

/** The template's check questions and the group each belongs to (the group cells drift between rows in exports). */
const CHECK_GROUPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/国民や社会のニーズ/, '国費投入の必要性'],
  [/地方自治体、?民間等に委ねることができない/, '国費投入の必要性'],
  [/政策目的の達成手段として必要かつ適切/, '国費投入の必要性'],
  [/競争性が確保されている/, '事業の効率性'],
  [/一者応札又は一者応募/, '事業の効率性'],
  [/競争性のない随意契約/, '事業の効率性'],
  [/受益者との負担関係/, '事業の効率性'],
  [/単位当たりコスト等の水準/, '事業の効率性'],
  [/資金の流れの中間段階/, '事業の効率性'],
  [/費目・使途が事業目的に即し/, '事業の効率性'],
  [/不用率が大きい/, '事業の効率性'],
  [/繰越額が大きい/, '事業の効率性'],
  [/コスト削減や効率化に向けた工夫/, '事業の効率性'],
  [/成果実績は成果目標に見合った/, '事業の有効性'],
  [/他の手段・方法等が考えられる/, '事業の有効性'],
  [/活動実績は見込みに見合った/, '事業の有効性'],
  [/整備された施設や成果物/, '事業の有効性'],
  [/関連する事業がある場合/, '関連事業'],
];
const GROUP_LABELS = /^(国費投入の必要性|事業の効率性|事業の有効性|関連事業|事業連)/;

function parseChecks(ctx: Ctx, rec: ProjectRecord): void {
  const h = findSection(ctx, 'checks');
  if (h < 0) return;
  // The checks table may begin on the heading row itself; the 点検・改善結果 rows close it.
  let group: string | null = null;
  for (let r = h; r < ctx.rows.length; r++) {
    const row = ctx.rows[r]!;
    const sec = sectionOf(row);
    if (r > h && sec !== null && sec !== 'checkResult') break;
    if (sec === 'checkResult' || row.keys.some((k) => k === '点検結果' || k === '改善の方向性')) {
      for (let c = 0; c < row.keys.length; c++) {
        const k = row.keys[c]!;
        if (k !== '点検結果' && k !== '改善の方向性') continue;
        const note = textCell(ctx, row.cells.slice(c + 1).find((x) => x !== ''));
        const i = rec.checks.length;
        rec.checks.push({ group: '点検・改善結果', question: k, rating: null, note });
        prov(ctx, `checks.${i}`, row.line);
      }
      continue;
    }
    const qCol = row.keys.findIndex((k) => /か[。?？]|か$/.test(k) && k.length >= 8);
    if (qCol < 0) {
      const g = row.keys.find((k) => GROUP_LABELS.test(k));
      if (g) group = g;
      continue;
    }
    const question = cleanLine(row.cells[qCol])!;
    const known = CHECK_GROUPS.find(([re]) => re.test(labelKey(question)));
    const rowGroup = row.keys.slice(0, qCol).find((k) => GROUP_LABELS.test(k));
    if (rowGroup) group = rowGroup === '事業連' ? '関連事業' : rowGroup;
    let rating: string | null = null;
    let note: string | null = null;
    let c = qCol + 1;
    let unreadable: string | null = null;
    for (; c < row.cells.length; c++) {
      if (row.cells[c] === '') continue;
      if (RATING.test(row.keys[c]!)) {
        rating = normalizeRating(row.cells[c]!);
        c++;
      } else unreadable = row.cells[c]!;
      break;
    }
    for (; c < row.cells.length; c++) {
      if (row.cells[c] === '') continue;
      note = textCell(ctx, row.cells[c]);
      break;
    }
    const i = rec.checks.length;
    rec.checks.push({ group: known?.[1] ?? group, question, rating, note });
    prov(ctx, `checks.${i}`, row.line);
    // A blank row is the sheet's answer; text where the rating belongs is not a rating we know.
    if (unreadable !== null) warn(ctx, `checks.${i}.rating`, `点検項目「${question.slice(0, 20)}…」の評価欄を読めません: "${unreadable.slice(0, 20)}"`, row.line);
  }
}

/* ------------------------------------------------------------------ opinions, verdict, past numbers */

/** Text of a section: its heading row's own value cells, then the following lines up to the next section. */
function sectionText(ctx: Ctx, h: number): { lines: Array<{ cells: string[]; line: number }>; first: number; last: number } | null {
  const head = ctx.rows[h]!;
  const lines: Array<{ cells: string[]; line: number }> = [];
  const own = head.cells.slice(firstCellIndex(head) + 1).filter((c) => c !== '');
  if (own.length > 0) lines.push({ cells: own, line: head.line });
  for (const row of sectionRows(ctx, h)) {
    const cells = row.cells.filter((c) => c !== '');
    if (cells.length > 0) lines.push({ cells, line: row.line });
  }
  if (lines.length === 0) return null;
  return { lines, first: lines[0]!.line, last: lines[lines.length - 1]!.line };
}

const VERDICT = /^(現状通り|事業内容の一部改善|一部の改善|事業全体の抜本的な改善|抜本的な改善|廃止|終了予定|予定通り終了|執行等改善|縮減|見直し|現状通り実施|事業内容の改善|その他)$/;

function parseOpinions(ctx: Ctx, rec: ProjectRecord): void {
  const ext = findSection(ctx, 'external');
  if (ext >= 0) {
    const t = sectionText(ctx, ext);
    if (t) {
      rec.externalOpinion = textCell(ctx, t.lines.map((l) => l.cells.join(' ')).join('\n'));
      if (rec.externalOpinion) prov(ctx, 'externalOpinion', t.first, t.last);
    }
  }
  const team = findSection(ctx, 'reviewTeam');
  if (team >= 0) {
    const t = sectionText(ctx, team);
    if (t) {
      const cells = t.lines.flatMap((l) => l.cells.map((c) => ({ c, line: l.line })));
      const first = cells[0]!;
      let rest = cells;
      if (VERDICT.test(labelKey(first.c))) {
        rec.reviewTeam.verdict = labelKey(first.c);
        prov(ctx, 'reviewTeam.verdict', first.line);
        rest = cells.slice(1);
      } else {
        warn(ctx, 'reviewTeam.verdict', `推進チームの所見の判定区分を読めません: "${first.c.slice(0, 30)}"`, first.line);
      }
      const text = rest.map((x) => x.c).join('\n');
      rec.reviewTeam.text = textCell(ctx, text) === null ? null : text.split('\n').map((l) => textCell(ctx, l)).filter((l) => l !== null).join('\n');
      if (rec.reviewTeam.text) prov(ctx, 'reviewTeam.text', rest[0]!.line, rest[rest.length - 1]!.line);
    }
  }
  const refl = findSection(ctx, 'reflection');
  if (refl >= 0) {
    const t = sectionText(ctx, refl);
    if (t) {
      const cells = t.lines.flatMap((l) => l.cells.map((c) => ({ c, line: l.line })));
      const status = VERDICT.test(labelKey(cells[0]!.c)) ? labelKey(cells[0]!.c) : null;
      const rest = status ? cells.slice(1) : cells;
      const detail = rest.map((x) => cleanLine(x.c)).filter((x) => x !== null).join('\n') || null;
      // Same shape as the RS import's 反映状況 (amounts are not on legacy sheets).
      (rec as ProjectRecord & { reflection?: unknown }).reflection = { status, detail, amountGeneral: null, special: [] };
      if (status) prov(ctx, 'reflection.status', cells[0]!.line);
      if (detail) prov(ctx, 'reflection.detail', rest[0]!.line, rest[rest.length - 1]!.line);
    }
  }
}

/** `総務省 - 新32 - 0014` → `新32-0014`, `総務省 (0049)` → `0049`: the ministry is the sheet's own. */
function pastNumber(raw: string): string | null {
  let s = raw.normalize('NFKC').trim();
  s = s.replace(/^[^\d新\s-]*?(省|庁|府|委員会|会議)\s*(?:[-‐－]\s*)?/, '');
  s = s.replace(/^[(（]\s*(.*?)\s*[)）]$/, '$1');
  return normalizeProjectNumber(s);
}

function parsePastNumbers(ctx: Ctx, rec: ProjectRecord): void {
  const h = findSection(ctx, 'pastNumbers');
  if (h < 0) return;
  for (const row of sectionRows(ctx, h)) {
    for (let c = 0; c < row.cells.length; c++) {
      const k = row.keys[c]!;
      if (!/^(平成|令和|昭和)(元|\d{1,2})年度$/.test(k)) continue;
      const year = parseFiscalYear(row.cells[c]!);
      const v = row.cells[c + 1] ?? '';
      if (isBlankOrDash(v)) continue;
      const n = pastNumber(v);
      if (n === null) {
        warn(ctx, 'pastNumbers', `過去の事業番号を読めません: "${v}"`, row.line);
        continue;
      }
      prov(ctx, `pastNumbers.${rec.pastNumbers.length}`, row.line);
      rec.pastNumbers.push({ fiscalYear: year, number: n });
    }
  }
}

/* ------------------------------------------------------------------ 支出先上位10者リスト */

function parseRecipients(ctx: Ctx, rec: ProjectRecord): void {
  for (let r = 0; r < ctx.rows.length; r++) {
    const head = ctx.rows[r]!;
    const nameCol = head.keys.findIndex((k) => k === '支出先' || k === '支出先名');
    const numCol = head.keys.findIndex((k) => k === '法人番号');
    if (nameCol < 0 || numCol < 0) continue;
    const col = (re: RegExp) => head.keys.findIndex((k) => re.test(k));
    const descCol = col(/^(業務概要|契約概要)/);
    const amountCol = col(/^支出額/);
    const methodCol = col(/^契約方式/);
    const biddersCol = col(/^入札者数/);
    const rateCol = col(/^落札率/);
    const unit = amountCol >= 0 ? (unitOf(head.cells[amountCol]!) ?? MILLION) : MILLION;
    if (amountCol >= 0 && unitOf(head.cells[amountCol]!) === null) warn(ctx, 'recipients', '支出額の単位の記載がないため百万円とみなしました', head.line);
    // The block letter (A, B, …) is on a line of its own just above the table, or in the header's first cell.
    let block: string | null = /^([A-Z])[.．]?$/.exec(head.keys.slice(0, nameCol).find((k) => k !== '') ?? '')?.[1] ?? null;
    for (let b = r - 1; block === null && b >= Math.max(0, r - 4); b--) {
      const k = firstKey(ctx.rows[b]!);
      const m = /^([A-Z])[.．]?$/.exec(k);
      if (m) {
        block = m[1]!;
        break;
      }
      if (k !== '') break;
    }
    for (let q = r + 1; q < ctx.rows.length; q++) {
      const row = ctx.rows[q]!;
      if (isEmptyRow(row) || row.keys.every((k) => k === '' || /^-+$/.test(k))) continue;
      if (sectionOf(row) !== null || /^([A-Z])[.．]?$/.test(firstKey(row)) || row.keys.includes('支出先')) break;
      if (/チェック|別紙/.test(row.keys.join(''))) break;
      const at = (c: number) => (c >= 0 ? (row.cells[c] ?? '') : '');
      const name = textCell(ctx, at(nameCol));
      if (name === null) continue;
      const i = rec.recipients.length;
      const p = `recipients.${i}`;
      const rankCell = nameCol > 0 ? at(nameCol - 1) : '';
      const rank = /^\d{1,3}$/.test(labelKey(rankCell)) ? Number(labelKey(rankCell)) : null;
      const cn = normalizeCorporateNumber(at(numCol));
      // A listed recipient has its rank or a 法人番号; anything else is not a row of this table.
      if (rank === null && cn === null) {
        warn(ctx, 'recipients', `支出先の表の行として読めません (順位も法人番号もありません): "${name.slice(0, 30)}"`, row.line);
        continue;
      }
      if (cn === null && !isBlankOrDash(at(numCol))) warn(ctx, `${p}.corporateNumber`, `法人番号として読めません (13桁ではありません): "${at(numCol)}"`, row.line);
      if (cn && !cn.valid) warn(ctx, `${p}.corporateNumber`, `法人番号 ${cn.number} のチェックディジットが一致しません`, row.line);
      const bidders = number(ctx, at(biddersCol), `${p}.bidders`, row.line);
      const recipient: Recipient = {
        block,
        rank,
        name,
        corporateNumber: cn?.number ?? null,
        corporateNumberValid: cn ? cn.valid : null,
        description: textCell(ctx, at(descCol)),
        amount: amount(ctx, at(amountCol), unit, `${p}.amount`, row.line),
        contractMethod: textCell(ctx, at(methodCol)),
        bidders: bidders !== null && Number.isInteger(bidders) && bidders >= 0 ? bidders : null,
        winningBidRate: number(ctx, at(rateCol), `${p}.winningBidRate`, row.line),
      };
      if (bidders !== null && recipient.bidders === null) warn(ctx, `${p}.bidders`, `入札者数が整数ではありません: "${at(biddersCol)}"`, row.line);
      prov(ctx, p, row.line);
      prov(ctx, `${p}.name`, row.line);
      if (cn) prov(ctx, `${p}.corporateNumber`, row.line);
      rec.recipients.push(recipient);
    }
  }
}

/* ------------------------------------------------------------------ 費目・使途 (資金の流れ blocks) */

interface ExpenseBlock {
  block: string;
  recipient: string | null;
  itemCol: number;
  useCol: number;
  amountCol: number;
  unit: number;
  items: number[];
}

function parseExpenses(ctx: Ctx, rec: ProjectRecord): void {
  const BLOCK = /^([A-Z])[.．]\s*(.*)$/;
  for (let r = 0; r < ctx.rows.length; r++) {
    const row = ctx.rows[r]!;
    const heads = row.cells.map((c, i) => ({ i, m: BLOCK.exec(c.normalize('NFKC').trim()) })).filter((x) => x.m !== null);
    if (heads.length === 0) continue;
    const next = ctx.rows[r + 1];
    if (!next) continue;
    const itemCols = next.keys.map((k, i) => (k === '費目' ? i : -1)).filter((i) => i >= 0);
    if (itemCols.length === 0) continue;
    const blocks: ExpenseBlock[] = heads.map((h, k) => {
      const itemCol = itemCols[k] ?? -1;
      const after = (re: RegExp) => next.keys.findIndex((x, i) => i > itemCol && re.test(x));
      const amountCol = after(/^金額/);
      return {
        block: h.m![1]!,
        recipient: textCell(ctx, h.m![2]),
        itemCol,
        useCol: after(/^(使途|用途)/),
        amountCol,
        unit: amountCol >= 0 ? (unitOf(next.cells[amountCol]!) ?? MILLION) : MILLION,
        items: [],
      };
    });
    if (blocks.length !== itemCols.length) warn(ctx, 'expenses', '費目・使途のブロック見出しと表の列が対応しません', row.line);
    for (let q = r + 2; q < ctx.rows.length; q++) {
      const d = ctx.rows[q]!;
      if (isEmptyRow(d)) break;
      if (d.cells.some((c) => BLOCK.test(c.normalize('NFKC').trim())) && ctx.rows[q + 1]?.keys.includes('費目')) break;
      if (sectionOf(d) !== null && sectionOf(d) !== 'expenses') break;
      // The template's footnote (`…さらに記載が必要な場合はチェックの上【別紙2】に記載`) ends the blocks.
      if (/別紙|チェック/.test(d.keys.join(''))) break;
      const totals = d.keys.map((k, i) => (k === '計' ? i : -1)).filter((i) => i >= 0);
      if (totals.length > 0) {
        // 計 rows drift between columns: pair the k-th 計 with the k-th block, amount = first number after it.
        totals.forEach((t, k) => {
          const b = blocks[k];
          if (!b) return;
          const end = totals[k + 1] ?? d.cells.length;
          const cell = d.cells.slice(t + 1, end).find((c) => c !== '');
          if (cell === undefined) return;
          const total = parseAmountYen(cell, b.unit);
          if (!total.ok || total.value === null) return;
          const sum = b.items.reduce((s, i) => s + (rec.expenses[i]!.amount ?? 0), 0);
          if (b.items.length > 0 && sum !== total.value) warn(ctx, 'expenses', `費目・使途 ${b.block} の計 ${cell} が明細の合計と一致しません`, d.line);
        });
        if (d.keys[firstCellIndex(d)] === '計' || totals.length >= blocks.length) continue;
      }
      if (sectionOf(d) === 'expenses') continue;
      for (const b of blocks) {
        if (b.itemCol < 0) continue;
        const item = textCell(ctx, d.cells[b.itemCol]);
        const use = b.useCol >= 0 ? textCell(ctx, d.cells[b.useCol]) : null;
        const cell = b.amountCol >= 0 ? (d.cells[b.amountCol] ?? '') : '';
        if (item === null && use === null && isBlankOrDash(cell)) continue;
        if (item === '計') continue;
        const i = rec.expenses.length;
        rec.expenses.push({ block: b.block, recipient: b.recipient, item, use, amount: amount(ctx, cell, b.unit, `expenses.${i}.amount`, d.line) });
        prov(ctx, `expenses.${i}`, d.line);
        b.items.push(i);
      }
    }
  }
}

/* ------------------------------------------------------------------ entry point */

const CORE_SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['budget', '予算額・執行額'],
  ['outcomes', '成果目標及び成果実績'],
  ['activities', '活動指標及び活動実績'],
  ['checks', '事業所管部局による点検・改善'],
  ['reviewTeam', '行政事業レビュー推進チームの所見'],
  ['pastNumbers', '関連する過去のレビューシートの事業番号'],
];

const REPORTED_FIELDS = [
  'projectNumber', 'name', 'reviewYear', 'ministry', 'bureau', 'division', 'responsible', 'startYear', 'endYear', 'accountType',
  'legalBasis', 'relatedPlans', 'mainPolicy', 'mainExpense', 'purpose', 'summary', 'implementation', 'policy.area', 'policy.measure',
  'budget', 'budgetBreakdown', 'outcomes', 'activities', 'unitCosts', 'checks', 'externalOpinion', 'reviewTeam.verdict', 'reviewTeam.text',
  'recipients', 'expenses', 'pastNumbers',
] as const;

function fieldValue(rec: ProjectRecord, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], rec);
}

export function parseReviewSheetTable(input: LegacyInput): ParsedDocument {
  const { decoded, file } = input;
  const rows = toRows(decoded.lines);
  // The whole sheet is the evidence for mending wrap artefacts.
  const ctx: Ctx = { file, rows, text: decoded.lines.map((l) => l.replace(/\t/g, ' ')).join('\n'), era: null, warnings: [], provenance: {} };
  const source = { file, sha256: decoded.sha256, layout: 'table' as const, lineCount: decoded.lines.length, encoding: decoded.encoding };
  const rec = emptyProject('pending', file, source, ctx.warnings);

  const id = parseIdentity(ctx, rec);
  ctx.era = id.reviewYear !== null ? (id.reviewYear >= 2019 ? 'reiwa' : 'heisei') : null;
  const titleEra = rows.map((r) => r.cells.join(' ')).map((l) => /行政事業レビューシート/.test(l) ? eraOfYear(l) : null).find((e) => e);
  if (titleEra) ctx.era = titleEra.era;
  if (id.ministry) rec.ministry = id.ministry;

  parseLabels(ctx, rec);
  parseBudget(ctx, rec);
  parseBreakdown(ctx, rec);
  parseOutcomes(ctx, rec);
  parseActivities(ctx, rec);
  parseUnitCosts(ctx, rec);
  parsePolicy(ctx, rec);
  parseChecks(ctx, rec);
  parseOpinions(ctx, rec);
  parsePastNumbers(ctx, rec);
  parseRecipients(ctx, rec);
  parseExpenses(ctx, rec);

  // A sheet whose later sections are all missing was cut off; say where it ends.
  const present = CORE_SECTIONS.map(([name]) => findSection(ctx, name) >= 0);
  const lastPresent = present.lastIndexOf(true);
  const missing = CORE_SECTIONS.filter((_, i) => !present[i]);
  if (missing.length > 0) {
    const truncated = lastPresent >= 0 && present.slice(lastPresent + 1).length === missing.length && present.slice(0, lastPresent + 1).every(Boolean);
    if (truncated) {
      warn(ctx, '(document)', `シートが途中で終わっています: 「${missing.map((m) => m[1]).join('」「')}」の欄がありません (truncated sheet; last line ${decoded.lines.length})`, decoded.lines.length);
    } else {
      for (const [, label] of missing) warn(ctx, '(document)', `「${label}」の欄が見つかりません`, null);
    }
  }

  // From the number, else the 事業名 (when read from the sheet, not the file-name stand-in), else
  // the text's hash (not the bytes'): the same sheet in Shift_JIS or with CRLF keeps its id.
  rec.id = legacyProjectId(rec.reviewYear, id.ministry, rec.projectNumber, ctx.provenance.name ? rec.name : null, decoded);
  rec.provenance = ctx.provenance;
  rec.warnings = ctx.warnings;
  if (rec.name === file) warn(ctx, 'name', '事業名がないため、ファイル名を表示名にしました', null);

  const fieldsFound: string[] = [];
  const fieldsMissing: string[] = [];
  for (const f of REPORTED_FIELDS) {
    const v = fieldValue(rec, f);
    const has = Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined && !(f === 'name' && v === file);
    (has ? fieldsFound : fieldsMissing).push(f);
  }
  return { kind: 'review-sheet', project: rec, fieldsFound, fieldsMissing, warnings: ctx.warnings };
}
