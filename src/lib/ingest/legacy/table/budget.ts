/** 予算額・執行額 (per-year budget rows, checked against the sheet's own arithmetic) and 予算内訳. */
import type { BudgetYear, ProjectRecord } from '../../../../schemas/index.ts';
import { parseAmountYen, isBlankOrDash } from '../../../normalize/amount.ts';
import { cleanLine } from '../../../normalize/text.ts';
import { type Ctx, type HeaderYear, MILLION, alignedCells, amount, findSection, hasWords, headerYears, number, prov, sectionOf, sectionRows, textCell, unitOf, warn } from './rows.ts';

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

export function parseBudget(ctx: Ctx, rec: ProjectRecord): void {
  const h = findSection(ctx, 'budget');
  if (h < 0) return;
  const head = ctx.rows[h]!;
  const unit = unitOf(head.cells.join(' ')) ?? MILLION;
  if (unitOf(head.cells.join(' ')) === null) warn(ctx, 'budget', '予算額の単位の記載がないため百万円とみなしました', head.line);
  let years = headerYears(ctx, head, 'budget').filter((y) => y.kind === 'actual' || y.kind === 'request');
  // Some exports put the year headings on their own row under the label.
  for (let r = h + 1; years.length === 0 && r <= h + 2 && r < ctx.rows.length; r++) {
    const below = ctx.rows[r]!;
    if (sectionOf(below) !== null) break;
    const ys = headerYears(ctx, below, 'budget').filter((y) => y.kind === 'actual' || y.kind === 'request');
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
  prov(ctx, 'budget', head.line, Math.max(head.line, ...Object.entries(ctx.d.provenance).filter(([k]) => k.startsWith('budget.')).map(([, v]) => v[1])));
}

export function checkYearSequence(ctx: Ctx, field: string, years: HeaderYear[], line: number): void {
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
      warn(ctx, `budget.${b.fiscalYear}.total`, `${b.fiscalYear}年度の計 ${b.total / MILLION}百万円が内訳の合計 ${sum / MILLION}百万円と一致しません`, ctx.d.provenance[`budget.${b.fiscalYear}.total`]?.[0] ?? null);
    }
  }
  if (b.executionRate !== null && b.executed !== null && b.total) {
    const rate = (b.executed / b.total) * 100;
    if (Math.abs(rate - b.executionRate) > 1) {
      warn(ctx, `budget.${b.fiscalYear}.executionRate`, `${b.fiscalYear}年度の執行率 ${b.executionRate}% が執行額/計 (${rate.toFixed(1)}%) と一致しません`, ctx.d.provenance[`budget.${b.fiscalYear}.executionRate`]?.[0] ?? null);
    }
  }
}

/* ------------------------------------------------------------------ 予算内訳 */

export function parseBreakdown(ctx: Ctx, rec: ProjectRecord): void {
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
    // Another table's header row (単位 or 年度 columns) ends the 予算内訳 even when that table's
    // own heading is missing: its cells are not budget items or reasons.
    if (row.keys.some((k) => k === '単位' || /^(?:平成|令和)(?:元|\d{1,2})年度$/.test(k))) break;
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
