/**
 * A group of sheets (a ministry's) review year by review year, through lineage: how many
 * sheets, their own-year budget and previous-year execution, how many projects are new
 * (no sheet the year before) or ended (no sheet the year after), and the largest budget
 * increases and decreases against the same project's previous sheet. Pure.
 *
 * New and ended are only counted between two review years that both have sheets of the
 * group: with no sheets of 2019 loaded, a 2020 sheet is not "new", its past is unknown.
 */
import type { ProjectFigures } from '../pages/figures.ts';

export interface YearSheet { id: string; name: string; reviewYear: number | null; lineageId: string; previousId: string | null; figures: ProjectFigures }

export interface ReviewYearRow {
  reviewYear: number;
  sheets: number;
  /** Sum of each sheet's budget for its own review year (当該年度の予算額), over the sheets that give it. */
  budget: number | null;
  budgetSheets: number;
  /** Sum of each sheet's 執行額 for the year before its review year, over the sheets that give it. */
  executed: number | null;
  executedSheets: number;
  /** Sheets with no sheet of the same project the review year before (null: that year not loaded). */
  fresh: number | null;
  /** Sheets of the review year before with no sheet of the same project this year (null: not loaded). */
  ended: number | null;
}

/** The sheet's budget for its own review year, or null (a budget of another year would not add up). */
export const ownYearBudget = (s: YearSheet) => (s.reviewYear != null && s.figures.budgetYear === s.reviewYear ? s.figures.budget : null);
const lastYearExecuted = (s: YearSheet) => (s.reviewYear != null && s.figures.executedYear === s.reviewYear - 1 ? s.figures.executed : null);

export function reviewYearTotals(sheets: YearSheet[]): ReviewYearRow[] {
  const byYear = new Map<number, YearSheet[]>();
  for (const s of sheets) if (s.reviewYear != null) byYear.set(s.reviewYear, [...(byYear.get(s.reviewYear) ?? []), s]);
  const years = [...byYear.keys()].sort((a, b) => a - b);
  // A sheet continues into the next year when some sheet of that year names it as previous,
  // or shares its lineage (a link the linker made without a previousSheet would still be one project).
  const lineagesIn = new Map(years.map((y) => [y, new Set(byYear.get(y)!.map((s) => s.lineageId))]));
  return years.map((y) => {
    const list = byYear.get(y)!;
    const budgets = list.map(ownYearBudget).filter((v): v is number => v != null);
    const execs = list.map(lastYearExecuted).filter((v): v is number => v != null);
    const before = lineagesIn.get(y - 1);
    const prevYear = byYear.get(y - 1);
    return {
      reviewYear: y,
      sheets: list.length,
      budget: budgets.length ? budgets.reduce((a, b) => a + b, 0) : null,
      budgetSheets: budgets.length,
      executed: execs.length ? execs.reduce((a, b) => a + b, 0) : null,
      executedSheets: execs.length,
      fresh: before ? list.filter((s) => !before.has(s.lineageId)).length : null,
      ended: prevYear ? prevYear.filter((s) => !lineagesIn.get(y)!.has(s.lineageId)).length : null,
    };
  });
}

export interface BudgetChange { id: string; name: string; previousId: string; previousYear: number; from: number; to: number; delta: number; ratio: number | null }

/**
 * The largest increases and decreases of own-year budget in `year` against the same
 * project's sheet of the year before (through previousSheet; a sheet without one, or whose
 * previous sheet gives no own-year budget, is not compared). Ties by id, so the order is stable.
 */
export function largestBudgetChanges(sheets: YearSheet[], year: number, n = 5): { up: BudgetChange[]; down: BudgetChange[] } {
  const byId = new Map(sheets.map((s) => [s.id, s]));
  const changes: BudgetChange[] = [];
  for (const s of sheets) {
    if (s.reviewYear !== year || !s.previousId) continue;
    const prev = byId.get(s.previousId);
    if (!prev || prev.reviewYear !== year - 1) continue;
    const from = ownYearBudget(prev);
    const to = ownYearBudget(s);
    if (from == null || to == null || from === to) continue;
    changes.push({ id: s.id, name: s.name, previousId: prev.id, previousYear: prev.reviewYear, from, to, delta: to - from, ratio: from > 0 ? Math.round(((to - from) / from) * 1000) / 10 : null });
  }
  const tie = (a: BudgetChange, b: BudgetChange) => (a.id < b.id ? -1 : 1);
  return {
    up: changes.filter((c) => c.delta > 0).sort((a, b) => b.delta - a.delta || tie(a, b)).slice(0, n),
    down: changes.filter((c) => c.delta < 0).sort((a, b) => a.delta - b.delta || tie(a, b)).slice(0, n),
  };
}
