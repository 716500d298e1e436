/**
 * One project through the years, from the sheets of its lineage (lineageId, #15): the
 * budget and execution of every fiscal year any sheet reports, the outcome indicators that
 * recur, and what changed from one sheet to the next. Pure functions of the records.
 *
 * Each fiscal year's value is taken from the LATEST sheet that reports it — a later sheet
 * restates the earlier years with final figures (a budget year's 執行額 is only known a year
 * later) — and the sheet it came from is kept, so the page can say where each number is from.
 */
import type { BudgetYear, Outcome, ProjectRecord } from '../../schemas/project.ts';
import { budgetTotal, hasExecution } from '../charts/budget.ts';
import { projectFigures } from '../pages/figures.ts';
import { fiscalYearLabel, formatNumber, formatYenLike } from '../format/index.ts';
import { normalizeProjectName } from '../normalize/project-name.ts';
import { normalizeMeasureName } from '../normalize/measure-name.ts';

export interface SheetRef { id: string; reviewYear: number | null }

/** One fiscal year of a lineage: 当初 + 補正 and 執行額, each with the sheet it was read from. */
export interface LineageYear {
  fiscalYear: number;
  initial: number | null;
  supplementary: number | null;
  /** 当初 + 補正 (the parts reported; null when neither is). */
  budget: number | null;
  budgetFrom: SheetRef | null;
  executed: number | null;
  executedFrom: SheetRef | null;
}

/** Later review year wins; between two sheets of one year (should not happen) the larger id, so the choice is stable. */
const later = (a: SheetRef, b: SheetRef) => (a.reviewYear ?? -1) - (b.reviewYear ?? -1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function lineageBudgetSeries(sheets: Array<SheetRef & { budget: BudgetYear[] }>): LineageYear[] {
  const budget = new Map<number, { from: SheetRef; row: BudgetYear }>();
  const executed = new Map<number, { from: SheetRef; row: BudgetYear }>();
  for (const s of sheets) {
    const ref = { id: s.id, reviewYear: s.reviewYear };
    for (const row of s.budget) {
      if (row.isRequest) continue;
      if (row.initial != null || row.supplementary != null) {
        const prev = budget.get(row.fiscalYear);
        if (!prev || later(prev.from, ref) < 0) budget.set(row.fiscalYear, { from: ref, row });
      }
      if (hasExecution(row)) {
        const prev = executed.get(row.fiscalYear);
        if (!prev || later(prev.from, ref) < 0) executed.set(row.fiscalYear, { from: ref, row });
      }
    }
  }
  const years = [...new Set([...budget.keys(), ...executed.keys()])].sort((a, b) => a - b);
  return years.map((fy) => {
    const b = budget.get(fy);
    const e = executed.get(fy);
    const initial = b?.row.initial ?? null;
    const supplementary = b?.row.supplementary ?? null;
    return {
      fiscalYear: fy,
      initial,
      supplementary,
      budget: b ? (initial ?? 0) + (supplementary ?? 0) : null,
      budgetFrom: b?.from ?? null,
      executed: e?.row.executed ?? null,
      executedFrom: e?.from ?? null,
    };
  });
}

/** The series as budget rows, for the budget chart (当初 and 補正 stacked, 執行額 beside; no 執行率, which the sheets base on 予算現額). */
export function lineageAsBudgetYears(series: LineageYear[]): BudgetYear[] {
  return series.map((y) => ({
    fiscalYear: y.fiscalYear, initial: y.initial, supplementary: y.supplementary, carriedIn: null, carriedOut: null, reserve: null,
    total: null, executed: y.executed, executionRate: null, isRequest: false,
  }));
}

/** Same indicator across sheets: NFKC, no spaces, brackets and 「」 folded — with the unit, normalised the same way. */
export function indicatorKey(indicator: string | null, unit: string | null): string | null {
  if (!indicator) return null;
  const n = (s: string) => s.normalize('NFKC').replace(/[\s\u3000]/g, '').replace(/[「」『』"']/g, '').replace(/[（(]/g, '(').replace(/[）)]/g, ')');
  const name = n(indicator);
  return name ? `${name}\u0000${n(unit ?? '')}` : null;
}

export interface IndicatorPoint { fiscalYear: number; actual: number | null; target: number | null; from: SheetRef }
export interface IndicatorSeries { key: string; indicator: string; unit: string | null; sheets: SheetRef[]; points: IndicatorPoint[] }

/**
 * Outcome indicators that appear on two or more sheets of a lineage, each with one actual
 * and one target per fiscal year from the latest sheet reporting it (the same rule as the budget).
 */
export function lineageIndicators(sheets: Array<SheetRef & { outcomes: Outcome[] }>): IndicatorSeries[] {
  const byKey = new Map<string, { indicator: string; unit: string | null; sheets: SheetRef[]; actual: Map<number, IndicatorPoint>; target: Map<number, IndicatorPoint> }>();
  for (const s of [...sheets].sort(later)) {
    const ref = { id: s.id, reviewYear: s.reviewYear };
    for (const o of s.outcomes) {
      const key = indicatorKey(o.indicator, o.unit);
      if (!key) continue;
      let g = byKey.get(key);
      if (!g) byKey.set(key, (g = { indicator: o.indicator!, unit: o.unit, sheets: [], actual: new Map(), target: new Map() }));
      if (!g.sheets.some((x) => x.id === ref.id)) g.sheets.push(ref);
      // The latest sheet's wording names the series.
      g.indicator = o.indicator!;
      g.unit = o.unit;
      for (const v of o.values) {
        // Sheets are visited oldest first, so a later sheet overwrites.
        if (v.actual != null) g.actual.set(v.fiscalYear, { fiscalYear: v.fiscalYear, actual: v.actual, target: null, from: ref });
        if (v.target != null) g.target.set(v.fiscalYear, { fiscalYear: v.fiscalYear, actual: null, target: v.target, from: ref });
      }
    }
  }
  return [...byKey]
    .filter(([, g]) => g.sheets.length >= 2 && (g.actual.size > 0 || g.target.size > 0))
    .map(([key, g]) => {
      const years = [...new Set([...g.actual.keys(), ...g.target.keys()])].sort((a, b) => a - b);
      return {
        key, indicator: g.indicator, unit: g.unit, sheets: g.sheets,
        points: years.map((fy) => {
          const a = g.actual.get(fy);
          const t = g.target.get(fy);
          // The actual's sheet when there is one (the figure a reader checks first), else the target's.
          return { fiscalYear: fy, actual: a?.actual ?? null, target: t?.target ?? null, from: (a ?? t)!.from };
        }),
      };
    })
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

/**
 * How an indicator series is named on the page: its name and, when it has one, its unit.
 * The unit is part of the name because it is part of the series' key (indicatorKey): JUDGIT
 * sheets list one indicator under two units (2015-env-0038: カ国, ヵ国, 加盟国数 （ＥＵ含）),
 * and without it their tables' accessible names repeated on the page (landmark-unique).
 */
export function indicatorTitle(s: Pick<IndicatorSeries, 'indicator' | 'unit'>): string {
  return `「${s.indicator}」${s.unit ? `（単位: ${s.unit}）` : ''}`;
}

/**
 * Names the project has had, oldest first, each with the review years it was used in (only
 * when it changed). A change of typing alone (width, spaces, brackets: normalizeProjectName)
 * is not a new name; the run keeps the spelling of its latest sheet.
 */
export function formerNames(sheets: Array<SheetRef & { name: string }>): Array<{ name: string; years: number[] }> {
  const out: Array<{ name: string; key: string; years: number[] }> = [];
  for (const s of [...sheets].sort(later)) {
    const last = out.at(-1);
    const key = normalizeProjectName(s.name);
    if (last && last.key === key) { last.name = s.name; if (s.reviewYear != null) last.years.push(s.reviewYear); }
    else out.push({ name: s.name, key, years: s.reviewYear != null ? [s.reviewYear] : [] });
  }
  return out.length > 1 ? out.map(({ name, years }) => ({ name, years })) : [];
}

export type ChangeKind = 'budget' | 'request' | 'verdict' | 'indicator-added' | 'indicator-dropped' | 'target-moved' | 'recipient-new' | 'recipient-gone' | 'name' | 'division' | 'measure';
/** One quotable change; `section` is the anchor of the page section on both sheets. */
export interface Change { kind: ChangeKind; text: string; section: string }

type Sheet = Pick<ProjectRecord, 'reviewYear' | 'name' | 'division' | 'bureau' | 'policy' | 'budget' | 'reviewTeam' | 'outcomes' | 'recipients'>;

/** Two amounts and their difference in one unit, the one the larger calls for: `1.4億円 → 0.9億円（−0.5億円、−35.7%）`. */
function compare(fromYear: string, from: number, toYear: string, to: number): string {
  const ref = Math.max(Math.abs(from), Math.abs(to));
  const d = to - from;
  const delta = d === 0 ? '±0' : `${d > 0 ? '+' : '−'}${formatYenLike(Math.abs(d), ref)}`;
  return `${fromYear} ${formatYenLike(from, ref)} → ${toYear} ${formatYenLike(to, ref)}（${delta}${pct(from, to)}）`;
}
/** The change in per cent of `from`, one decimal; a change that rounds to nothing is `±0%`, never `+0%`. */
const pct = (from: number, to: number) => {
  if (!(from > 0)) return '';
  const p = Math.round((Math.abs(to - from) / from) * 1000) / 10;
  return p === 0 ? '、±0%' : `、${to > from ? '+' : '−'}${formatNumber(p, 1)}%`;
};
/** 和暦 with the western year, as everywhere on the site: `令和5年度 (2023)`. */
const yearOf = (fy: number) => fiscalYearLabel(fy);

/** The latest 要求 row (翌年度要求額) a sheet reports, as its total. */
function requestOf(s: Sheet): { fiscalYear: number; amount: number } | null {
  const r = s.budget.filter((b) => b.isRequest && budgetTotal(b) != null).sort((a, b) => b.fiscalYear - a.fiscalYear)[0];
  return r ? { fiscalYear: r.fiscalYear, amount: budgetTotal(r)! } : null;
}

const recipientKey = (r: ProjectRecord['recipients'][number]) => r.corporateNumber ?? r.name.normalize('NFKC').replace(/[\s\u3000]/g, '');

function listNames(names: string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => `「${n}」`).join('');
  return names.length > max ? `${shown}ほか${names.length - max}者` : shown;
}

/** What changed from the previous sheet of the lineage to this one, in the order a reader checks. */
export function sheetChanges(prev: Sheet, cur: Sheet): Change[] {
  const out: Change[] = [];
  // Typing variants (ＩＣＴ/ICT, （）/(), spaces) are the same name: the linker's own normaliser says so.
  if (normalizeProjectName(prev.name) !== normalizeProjectName(cur.name)) out.push({ kind: 'name', section: 'identity', text: `事業名が変わりました:「${prev.name}」→「${cur.name}」` });
  const div = (s: Sheet) => [s.bureau, s.division].filter(Boolean).join(' ');
  if (div(prev) && div(cur) && normalizeProjectName(div(prev)) !== normalizeProjectName(div(cur))) out.push({ kind: 'division', section: 'identity', text: `担当が変わりました: ${div(prev)} → ${div(cur)}` });
  const measure = (s: Sheet) => s.policy.measure;
  const measureKey = (m: string) => normalizeProjectName(normalizeMeasureName(m));
  if (measure(prev) && measure(cur) && measureKey(measure(prev)!) !== measureKey(measure(cur)!)) out.push({ kind: 'measure', section: 'identity', text: `施策が変わりました:「${measure(prev)}」→「${measure(cur)}」` });

  const fp = projectFigures(prev);
  const fc = projectFigures(cur);
  if (fp.budget != null && fc.budget != null && fp.budgetYear != null && fc.budgetYear != null && fp.budgetYear !== fc.budgetYear) {
    out.push({ kind: 'budget', section: 'budget', text: `予算額: ${compare(yearOf(fp.budgetYear), fp.budget, yearOf(fc.budgetYear), fc.budget)}` });
  }
  const rp = requestOf(prev);
  const rc = requestOf(cur);
  if (rp && rc && rp.fiscalYear !== rc.fiscalYear) {
    out.push({ kind: 'request', section: 'budget', text: `翌年度要求額: ${compare(`${yearOf(rp.fiscalYear)}分`, rp.amount, `${yearOf(rc.fiscalYear)}分`, rc.amount)}` });
  }
  const vp = prev.reviewTeam.verdict;
  const vc = cur.reviewTeam.verdict;
  if (vp && vc && vp !== vc) out.push({ kind: 'verdict', section: 'checks', text: `推進チームの所見: 「${vp}」→「${vc}」` });

  const ind = (s: Sheet) => new Map(s.outcomes.map((o) => [indicatorKey(o.indicator, o.unit), o] as const).filter((e): e is [string, Outcome] => e[0] != null));
  const ip = ind(prev);
  const ic = ind(cur);
  const added = [...ic].filter(([k]) => !ip.has(k)).map(([, o]) => o.indicator!);
  const dropped = [...ip].filter(([k]) => !ic.has(k)).map(([, o]) => o.indicator!);
  if (ip.size > 0 || ic.size > 0) {
    if (added.length) out.push({ kind: 'indicator-added', section: 'outcomes', text: `成果指標が加わりました: ${added.map((n) => `「${n}」`).join('')}` });
    if (dropped.length) out.push({ kind: 'indicator-dropped', section: 'outcomes', text: `成果指標がなくなりました: ${dropped.map((n) => `「${n}」`).join('')}` });
  }
  for (const [k, o] of ic) {
    const p = ip.get(k);
    if (!p) continue;
    const t = (x: Outcome) => (x.finalTarget != null ? `${formatNumber(x.finalTarget)}${x.unit ?? ''}${x.finalYear != null ? `（${yearOf(x.finalYear)}）` : ''}` : null);
    if (t(p) && t(o) && t(p) !== t(o)) out.push({ kind: 'target-moved', section: 'outcomes', text: `「${o.indicator}」の最終目標: ${t(p)} → ${t(o)}` });
  }

  if (prev.recipients.length > 0 && cur.recipients.length > 0) {
    const kp = new Map(prev.recipients.map((r) => [recipientKey(r), r.name]));
    const kc = new Map(cur.recipients.map((r) => [recipientKey(r), r.name]));
    const fresh = [...kc].filter(([k]) => !kp.has(k)).map(([, n]) => n);
    const gone = [...kp].filter(([k]) => !kc.has(k)).map(([, n]) => n);
    if (fresh.length) out.push({ kind: 'recipient-new', section: 'recipients', text: `新しい支出先（${fresh.length}者）: ${listNames(fresh)}` });
    if (gone.length) out.push({ kind: 'recipient-gone', section: 'recipients', text: `支出先から外れた（${gone.length}者）: ${listNames(gone)}` });
  }
  return out;
}
