/** 予算額・執行額 and 予算内訳: amounts read from the columns under their headers. */
import { yearOn } from '../years.ts';
import type { ProjectRecord } from '../../../../schemas/index.ts';
import { parseAmountYen } from '../../../normalize/amount.ts';
import { blockIndexOfLine, findLines, fold, joinNarrow, numericCells, unitInYen } from '../blocks.ts';
import { Diagnostics, type Span } from '../../diagnostics.ts';
import { type BudgetItem, type Ctx, isLabelBlock } from './labels.ts';

interface Money {
  cells: string[];
  line: number;
}

/** Numeric cells in the runs right after a column header, one value per run (first cell of each). */
function columnValues(ctx: Ctx, headerLine: number, max: number): Money[] {
  const bi = blockIndexOfLine(ctx.blocks, headerLine);
  const out: Money[] = [];
  const b0 = ctx.blocks[bi]!;
  // Values may continue in the header's own block, then in the following blocks.
  const tail = b0.lines.slice(headerLine - b0.start + 1).map((l, k) => ({ l, line: headerLine + 1 + k }));
  const seq: Array<{ l: string; line: number }> = [...tail];
  for (let k = bi + 1; k < ctx.blocks.length && seq.length < max + 2; k++) {
    const b = ctx.blocks[k]!;
    b.lines.forEach((l, j) => seq.push({ l, line: b.start + j }));
  }
  for (const { l, line } of seq) {
    const cells = numericCells(l);
    if (!cells) break;
    out.push({ cells, line });
    if (out.length >= max) break;
  }
  return out;
}

function yen(cell: string, unit: number): number | null | undefined {
  const r = parseAmountYen(cell, unit);
  return r.ok ? r.value : undefined;
}

/**
 * 予算内訳 and the budget of the review year and of the request year.
 *
 * Item names: the runs between the label `歳出予算目` and `計`. Amounts: the numeric runs
 * under the column headers `30年度当初予算` / `31年度要求`. A column is accepted only when
 * its items sum to its 計 (or, for a column printed without 計, when that sum appears as a
 * cell next to the current column's 計 elsewhere in the budget table).
 */
/**
 * The 計 row of 予算額・執行額: the template prints it as one extracted line of five amounts right
 * after the `執行額` label (`0 0 0 460 450`: three past years, the review year, the request).
 * Read only when that line is the only such candidate and its last two amounts are the 計 of the
 * 予算内訳 columns already read (current year, and request when read): then its first three are
 * the past years' 計. Years before the project began, and years printed 0, are not budget years.
 */
/** The 計 row's five amounts (see readTotalRow), when exactly one such row is printed; null otherwise. */
function totalRowOf(ctx: Ctx, unit: number, warn: boolean): { vals: Array<number | null>; line: number } | null {
  const rows: Array<{ cells: string[]; line: number }> = [];
  ctx.blocks.forEach((b, k) => {
    const next = ctx.blocks[k + 1];
    if (fold(b.lines.join('')) !== '執行額' || !next) return;
    const cells = numericCells(next.lines[0]!);
    if (cells && cells.length === 5) rows.push({ cells, line: next.start });
  });
  if (rows.length === 0) return null;
  const same = rows.every((r) => r.cells.join(' ') === rows[0]!.cells.join(' '));
  if (!same) {
    if (warn) ctx.c.warn('budget', '予算額の計の行の候補が複数あり、過去年度の計を取り込みません', rows[0]!.line, 'total-row-ambiguous');
    return null;
  }
  const vals = rows[0]!.cells.map((x) => yen(x, unit));
  if (vals.some((v) => v === undefined)) return null;
  return { vals: vals as Array<number | null>, line: rows[0]!.line };
}

function readTotalRow(ctx: Ctx, unit: number, reviewYear: number | null, startYear: number | null, current: number | null, request: number | null): { totals: Array<{ year: number; total: number | null }>; request: number | null; line: number } | null {
  if (reviewYear === null || current === null) return null;
  const row = totalRowOf(ctx, unit, true);
  if (!row) return null;
  const vals = row.vals;
  if (vals[3] !== current || (request !== null && vals[4] !== request)) return null;
  const totals: Array<{ year: number; total: number | null }> = [];
  for (let k = 0; k < 3; k++) {
    const year = reviewYear - 3 + k;
    // A 0 is how the sheet prints a year without budget (before the project began, or a pause).
    if ((startYear !== null && year < startYear) || vals[k] === 0) continue;
    totals.push({ year, total: vals[k] as number | null });
  }
  return { totals, request: vals[4] as number | null, line: row.line };
}

export function readBudget(ctx: Ctx, reviewYear: number | null, c: Diagnostics, startYear: number | null = null, endYear: number | null = null): { budget: ProjectRecord['budget']; breakdown: BudgetItem[] } {
  const budget: ProjectRecord['budget'] = [];
  const breakdown: BudgetItem[] = [];
  const labelHits = findLines(ctx.lines, /^歳出予算目$/);
  const unitLine = findLines(ctx.lines, /^\(単位\s*[:：]\s*(百万円|千円|円)\)$/);
  const units = new Set(unitLine.map((h) => unitInYen(h.text)));
  const unit = units.size === 1 ? [...units][0]! : null;
  if (labelHits.length !== 1 || unit === null) {
    c.lack('budgetBreakdown', labelHits.length !== 1 ? '予算内訳（歳出予算目）の表を特定できません' : '予算の単位（百万円等）を確定できません');
    c.lack('budget', '予算額を配置できません');
    return { budget, breakdown };
  }
  const bi = blockIndexOfLine(ctx.blocks, labelHits[0]!.line);
  const items: Array<{ name: string; span: Span }> = [];
  let totalFound = false;
  for (let k = bi + 1; k < ctx.blocks.length && k <= bi + 40; k++) {
    const b = ctx.blocks[k]!;
    const f = fold(b.lines.join(''));
    if (f === '計') {
      totalFound = true;
      break;
    }
    if (isLabelBlock(b) || numericCells(b.lines[0]!) || b.lines.length > 4) break;
    items.push({ name: joinNarrow(b.lines, ctx.evidence), span: [b.start, b.end] });
  }
  if (!totalFound || items.length === 0) {
    c.lack('budgetBreakdown', '予算内訳の費目の並びを確定できません', labelHits[0]!.line);
    c.lack('budget', '予算額を配置できません');
    return { budget, breakdown };
  }

  const sum = (vs: Array<number | null>): number | null => (vs.some((v) => v === null) ? null : vs.reduce<number>((a, v) => a + (v as number), 0));
  // Current year column.
  const curHeaders = findLines(ctx.lines, /^((?:平成|令和)?\s*(?:\d{1,2}|元)\s*年度)\s*当初予算$/);
  let current: { year: number; values: Array<number | null>; total: number | null; span: Span } | null = null;
  if (curHeaders.length === 1) {
    const h = curHeaders[0]!;
    const year = yearOn(c, ctx, h.m[1]!, 'column', 'budget', h.line);
    const vals = columnValues(ctx, h.line, items.length + 1);
    const parsed = vals.map((v) => yen(v.cells[0]!, unit));
    if (year !== null && vals.length === items.length + 1 && parsed.every((v) => v !== undefined)) {
      const itemVals = parsed.slice(0, items.length) as Array<number | null>;
      const total = parsed[items.length] as number | null;
      // Second, independent evidence: the same 計 in the budget table's all-years row (`0 0 0 460 450`).
      const inBudgetTable = total !== null && ctx.lines.some((l) => {
        const cells = numericCells(l);
        return !!cells && cells.length >= 3 && cells.some((x) => yen(x, unit) === total);
      });
      // A 計 of 0 (no budget this year: the project ended, or begins next year) is in any line of
      // zeros; its evidence is the 計 row itself, whose fourth amount is the review year's.
      const zeroInTotalRow = total === 0 && totalRowOf(ctx, unit, false)?.vals[3] === 0;
      if (total !== null && sum(itemVals) === total && ((total > 0 && inBudgetTable) || zeroInTotalRow)) current = { year, values: itemVals, total, span: [h.line, vals[vals.length - 1]!.line] };
    }
    if (!current) c.warn('budgetBreakdown', '当年度当初予算の列の値が費目の合計・予算額の表と一致しないため取り込みません', h.line);
  }
  // Request column (printed with or without its 計).
  // The label may be merged with its neighbour `主な増減理由` on one extracted line.
  const reqHeaders = findLines(ctx.lines, /^(?:主な増減理由\s*)?((?:平成|令和)?\s*(?:\d{1,2}|元)\s*年度)\s*要求$/);
  type Column = { year: number; values: Array<number | null>; total: number | null; span: Span };
  let request: Column | null = null;
  const reqCandidates: Column[] = [];
  for (const h of reqHeaders) {
    const year = yearOn(c, ctx, h.m[1]!, 'column', 'budget', h.line);
    const vals = columnValues(ctx, h.line, items.length + 1);
    const parsed = vals.map((v) => yen(v.cells[0]!, unit));
    if (year === null || parsed.some((v) => v === undefined) || vals.length < items.length) continue;
    const itemVals = parsed.slice(0, items.length) as Array<number | null>;
    const s = sum(itemVals);
    if (s === null) continue;
    if (vals.length === items.length + 1 && parsed[items.length] === s) {
      reqCandidates.push({ year, values: itemVals, total: s, span: [h.line, vals[vals.length - 1]!.line] });
    } else if (current && current.total !== null && (current.total === 0 || s === 0)) {
      // A pair with a 0 (`0 0`, `0 150`) is printed all over the sheet: only the 計 row's last two
      // amounts (review year, request) are evidence for it.
      const row = totalRowOf(ctx, unit, false);
      if (row && row.vals[3] === current.total && row.vals[4] === s) reqCandidates.push({ year, values: itemVals, total: s, span: [h.line, vals[items.length - 1]!.line] });
    } else if (current && current.total !== null) {
      // No 計 under the header: accept when the budget table shows the pair (current 計, this sum).
      const pair = ctx.lines.findIndex((l) => {
        const cells = numericCells(l);
        if (!cells || cells.length < 2) return false;
        for (let k = 0; k + 1 < cells.length; k++) if (yen(cells[k]!, unit) === current!.total && yen(cells[k + 1]!, unit) === s) return true;
        return false;
      });
      if (pair >= 0) reqCandidates.push({ year, values: itemVals, total: s, span: [h.line, vals[items.length - 1]!.line] });
    }
  }
  if (reqCandidates.length === 1) request = reqCandidates[0]!;
  else c.lack('budget.request', reqCandidates.length > 1 ? '要求額の列の候補が複数あります' : '翌年度要求額を配置できません');

  if (current && reviewYear !== null && current.year !== reviewYear) {
    c.warn('budget', `予算内訳の当初予算の年度 (${current.year}) が表題の年度 (${reviewYear}) と異なります`, current.span[0]);
  }
  if (request && current && request.year !== current.year + 1) {
    c.warn('budget', `要求額の年度 (${request.year}) が当年度の翌年度ではありません; 取り込みません`, request.span[0]);
    request = null;
  }
  if (current || request) {
    items.forEach((it, k) => {
      breakdown.push({ item: it.name, current: current ? current.values[k]! : null, request: request ? request.values[k]! : null, note: null });
      c.have(`budgetBreakdown.${k}.item`, it.span);
      if (current) c.have(`budgetBreakdown.${k}.current`, current.span);
      if (request) c.have(`budgetBreakdown.${k}.request`, request.span);
    });
    c.warn('budgetBreakdown', '主な増減理由は費目との対応を確定できないため取り込んでいません');
  } else c.lack('budgetBreakdown', '予算内訳の金額を配置できません');
  const blank = { supplementary: null, carriedIn: null, carriedOut: null, reserve: null, executed: null, executionRate: null };
  const past = current && current.year === reviewYear ? readTotalRow(ctx, unit, reviewYear, startYear, current.total, request?.total ?? null) : null;
  for (const t of past?.totals ?? []) {
    if (t.total === null) continue;
    budget.push({ fiscalYear: t.year, initial: null, total: t.total, ...blank, isRequest: false });
    c.have(`budget.${budget.length - 1}.total`, [past!.line, past!.line]);
  }
  if (current) {
    budget.push({ fiscalYear: current.year, initial: current.total, total: null, ...blank, isRequest: false });
    c.have(`budget.${budget.length - 1}.initial`, current.span);
  } else c.lack('budget', '当年度の当初予算を配置できません');
  // No request column under 予算内訳: the 計 row's last amount is the request, unless the
  // project ends in the review year (its 0 there means "nothing requested", not a budget).
  if (!request && current && past && past.request !== null && !(past.request === 0 && endYear !== null && endYear <= current.year)) {
    budget.push({ fiscalYear: current.year + 1, initial: past.request, total: past.request, ...blank, isRequest: true });
    c.have(`budget.${budget.length - 1}.initial`, [past.line, past.line]);
    c.have(`budget.${budget.length - 1}.total`, [past.line, past.line]);
  }
  if (request) {
    budget.push({ fiscalYear: request.year, initial: request.total, total: request.total, ...blank, isRequest: true });
    c.have(`budget.${budget.length - 1}.initial`, request.span);
    c.have(`budget.${budget.length - 1}.total`, request.span);
  }
  if (past && past.totals.length > 0) c.warn('budget', '予算額・執行額の表の過去年度の当初予算・補正予算・繰越し・執行額は、抽出テキストの並びから行と列を確定できないため取り込んでいません（計のみ取り込みました）');
  else c.warn('budget', '予算額・執行額の表の過去年度の値・補正予算・繰越し・執行額は、抽出テキストの並びから行と列を確定できないため取り込んでいません');
  return { budget, breakdown };
}
