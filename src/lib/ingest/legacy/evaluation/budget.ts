/** 施策の予算額・執行額等: the per-year amounts table, its year columns resolved in the document's era. */
import { parseAmountYen } from '../../../normalize/amount.ts';
import type { Era } from '../../../normalize/wareki.ts';
import { findLines, fold, numericCells, unitInYen } from '../blocks.ts';
import type { BudgetYear, Ctx } from './context.ts';

/** Column years such as `28年度 29年度 30年度 31年度` or `30年度 元年度 2年度`: resolve each so that they run consecutively. */
function resolveYears(tokens: string[], era: Era | null): number[] | null {
  const nums = tokens.map((t) => {
    const m = /^(?:(平成|令和))?(元|\d{1,2})年度(要求)?$/.exec(t.normalize('NFKC'));
    if (!m) return null;
    const n = m[2] === '元' ? 1 : Number(m[2]);
    if (m[1]) return [m[1] === '平成' ? 1988 + n : 2018 + n];
    const options: number[] = [];
    if (era !== 'reiwa' || n >= 20) options.push(1988 + n);
    options.push(2018 + n);
    return options;
  });
  if (nums.some((n) => n === null)) return null;
  const out: number[] = [];
  for (let i = 0; i < nums.length; i++) {
    const opts = nums[i]!;
    const pick = i === 0 ? (era === 'reiwa' && opts.length > 1 && opts[0]! < 2019 && nums.length > 1 ? opts.find((y) => (nums[1]!.includes(y + 1))) ?? opts[0]! : opts.find((y) => nums[1] === undefined || nums[1]!.includes(y + 1)) ?? opts[0]!) : opts.find((y) => y === out[i - 1]! + 1);
    if (pick === undefined) return null;
    out.push(pick);
  }
  return out;
}

/**
 * 政策の予算額・執行額等. Rows are whole lines; a row with fewer cells than columns lost
 * its blank cells, so it is aligned left only when each year's 当初＋補正＋繰越し equals
 * its 合計 (to the rounding the note admits).
 */
export function readBudget(ctx: Ctx): BudgetYear[] {
  const c = ctx.c;
  const header = findLines(ctx.lines, /^区\s*分\s+((?:(?:平成|令和)?(?:元|\d{1,2})年度(?:要求)?\s*){2,})$/);
  if (header.length !== 1) {
    c.lack('budget', header.length > 1 ? '予算表の見出し行が複数あります' : '予算表（区分 … 年度）が見つかりません', header[0]?.line ?? null);
    return [];
  }
  const h = header[0]!;
  const tokens = h.m[1]!.trim().split(/\s+/);
  const years = resolveYears(tokens, ctx.era);
  if (!years) {
    c.lack('budget', `予算表の年度を読めません: ${h.text}`, h.line);
    return [];
  }
  const requestCols = tokens.map((t) => /要求/.test(t));
  // The unit is stated in the table's label (`政策の予算額・執行額等（百万円）`), a few lines above.
  let unit: number | null = null;
  for (let l = h.line - 1; l >= Math.max(1, h.line - 8); l--) {
    const u = /[（(](?:単位\s*[:：]\s*)?(百万円|千円|億円|円)[）)]/.exec(fold(ctx.lines[l - 1]!));
    if (u) {
      unit = unitInYen(`(${u[1]})`);
      break;
    }
  }
  if (unit === null) {
    c.lack('budget', '予算表の単位（百万円等）が見つかりません', h.line);
    return [];
  }
  const row = (label: RegExp): { cells: string[]; line: number } | null => {
    for (let l = h.line + 1; l <= Math.min(ctx.lines.length, h.line + 20); l++) {
      const f = fold(ctx.lines[l - 1]!);
      const m = label.exec(f);
      if (m) {
        const rest = f.slice(m[0].length).trim();
        const cells = rest === '' ? [] : numericCells(rest);
        return cells ? { cells, line: l } : null;
      }
    }
    return null;
  };
  const a = row(/^当初予算\s*\(a\)/);
  const b = row(/^補正予算\s*\(b\)/);
  const cc = row(/^繰越し等\s*\(c\)/);
  const t = row(/^合計\s*\(a\s*\+\s*b\s*\+\s*c\)/);
  const e = row(/^執行額/);
  const n = years.length;
  const amt = (cell: string | undefined): number | null | undefined => {
    if (cell === undefined) return null;
    const r = parseAmountYen(cell, unit!);
    return r.ok ? r.value : undefined;
  };
  if (!a || a.cells.length !== n) {
    c.lack('budget', '当初予算（a）の行の値の数が年度の数と一致しないため予算表を取り込みません', a?.line ?? h.line);
    return [];
  }
  const out: BudgetYear[] = years.map((fy, i) => ({ fiscalYear: fy, initial: null, supplementary: null, carryover: null, total: null, executed: null, isRequest: requestCols[i]! }));
  const initial = a.cells.map((x) => amt(x));
  if (initial.some((v) => v === undefined)) {
    c.lack('budget', '当初予算（a）の値を読めません', a.line);
    return [];
  }
  initial.forEach((v, i) => {
    out[i]!.initial = v as number | null;
    c.have(`budget.${i}.initial`, [a.line, a.line]);
  });
  // 補正・繰越し・合計 (and 執行額) fill the first k columns; the rest are not yet executed.
  const k = t ? t.cells.length : 0;
  const aligned =
    !!t && !!b && !!cc && k > 0 && k <= n && b.cells.length === k && cc.cells.length === k &&
    Array.from({ length: k }, (_, i) => {
      const [av, bv, cv, tv] = [initial[i], amt(b.cells[i]), amt(cc.cells[i]), amt(t.cells[i])];
      if (av === undefined || bv === undefined || cv === undefined || tv === undefined || tv === null) return false;
      // 計数は四捨五入: allow the rounding of three addends (±2 units).
      return Math.abs((av ?? 0) + (bv ?? 0) + (cv ?? 0) - tv) <= 2 * unit!;
    }).every(Boolean);
  if (!aligned) {
    c.lack('budget.total', '補正予算・繰越し等・合計の列を年度に対応付けられない（当初＋補正＋繰越し≠合計）ため取り込みません', t?.line ?? h.line);
    return out;
  }
  for (let i = 0; i < k; i++) {
    out[i]!.supplementary = amt(b!.cells[i]) as number | null;
    out[i]!.carryover = amt(cc!.cells[i]) as number | null;
    out[i]!.total = amt(t!.cells[i]) as number | null;
    c.have(`budget.${i}.supplementary`, [b!.line, b!.line]);
    c.have(`budget.${i}.carryover`, [cc!.line, cc!.line]);
    c.have(`budget.${i}.total`, [t!.line, t!.line]);
  }
  if (e && e.cells.length === k && e.cells.every((x) => amt(x) !== undefined)) {
    for (let i = 0; i < k; i++) {
      out[i]!.executed = amt(e.cells[i]) as number | null;
      c.have(`budget.${i}.executed`, [e.line, e.line]);
    }
  } else c.lack('budget.executed', '執行額の列を年度に対応付けられないため取り込みません', e?.line ?? h.line);
  for (let i = k; i < n; i++) out[i]!.unexecuted = true;
  return out;
}
