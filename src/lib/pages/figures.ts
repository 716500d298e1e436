/**
 * Key figures the pages show for a project and for groups of projects (measure,
 * ministry). Pure. Totals never double count a fiscal year that several editions of the
 * same project report: the newest edition's figure wins.
 */
import type { BudgetYear, ProjectRecord } from '../../schemas/project.ts';
import { budgetTotal, hasExecution } from '../charts/budget.ts';

export interface ProjectFigures {
  /** Fiscal year of `budget` (the review year's own budget, or the latest before it). */
  budgetYear: number | null;
  budget: number | null;
  /** Latest year with an execution figure. */
  executedYear: number | null;
  executed: number | null;
  executionRate: number | null;
}

const actualYears = (p: Pick<ProjectRecord, 'budget'>) => p.budget.filter((b) => !b.isRequest).sort((a, b) => a.fiscalYear - b.fiscalYear);

export function projectFigures(p: Pick<ProjectRecord, 'budget' | 'reviewYear'>): ProjectFigures {
  const years = actualYears(p);
  const upTo = p.reviewYear == null ? years : years.filter((b) => b.fiscalYear <= p.reviewYear!);
  const b = [...upTo].reverse().find((y) => budgetTotal(y) != null) ?? null;
  const e = [...years].reverse().find(hasExecution) ?? null;
  return {
    budgetYear: b?.fiscalYear ?? null,
    budget: b ? budgetTotal(b) : null,
    executedYear: e?.fiscalYear ?? null,
    executed: e?.executed ?? null,
    executionRate: e?.executionRate ?? null,
  };
}

export interface YearTotal {
  fiscalYear: number;
  /** Sum of 歳出予算現額 (or the parts) over projects reporting the year. */
  budget: number | null;
  executed: number | null;
  /** Sum of budgets of the projects that also report 執行額: the base of `rate`. */
  budgetWithExecuted: number | null;
  rate: number | null;
  projects: number;
}

/**
 * Totals per fiscal year over a group of projects. Sheets of one project (its lineage, or
 * else its history links) count once per fiscal year: the newest edition wins.
 */
export function totalsByYear(projects: Array<Pick<ProjectRecord, 'id' | 'budget' | 'reviewYear' | 'history'> & { lineageId?: string }>): YearTotal[] {
  const chosen = new Map<string, { review: number; row: BudgetYear }>();
  for (const p of projects) {
    // The lineage (lineageId) when there is one; the older number-based history links otherwise.
    const group = p.lineageId ?? [p.id, ...(p.history ?? [])].sort()[0]!;
    for (const row of actualYears(p)) {
      if (budgetTotal(row) == null && row.executed == null) continue;
      const k = `${group}\u0000${row.fiscalYear}`;
      const prev = chosen.get(k);
      const review = p.reviewYear ?? -1;
      if (!prev || review > prev.review) chosen.set(k, { review, row });
    }
  }
  const byYear = new Map<number, YearTotal>();
  for (const { row } of chosen.values()) {
    const t = byYear.get(row.fiscalYear) ?? { fiscalYear: row.fiscalYear, budget: null, executed: null, budgetWithExecuted: null, rate: null, projects: 0 };
    const b = budgetTotal(row);
    t.projects += 1;
    if (b != null) t.budget = (t.budget ?? 0) + b;
    if (hasExecution(row)) t.executed = (t.executed ?? 0) + row.executed!;
    if (hasExecution(row) && b != null) t.budgetWithExecuted = (t.budgetWithExecuted ?? 0) + b;
    byYear.set(row.fiscalYear, t);
  }
  const out = [...byYear.values()].sort((a, b) => a.fiscalYear - b.fiscalYear);
  for (const t of out) t.rate = t.executed != null && t.budgetWithExecuted ? Math.round((t.executed / t.budgetWithExecuted) * 1000) / 10 : null;
  return out;
}

/** Group totals as BudgetYear rows, so the budget chart draws them (budget as one bar). */
export function totalsAsBudgetYears(totals: YearTotal[]): BudgetYear[] {
  return totals.map((t) => ({
    fiscalYear: t.fiscalYear, initial: null, supplementary: null, carriedIn: null, carriedOut: null, reserve: null,
    total: t.budget, executed: t.executed, executionRate: t.rate, isRequest: false,
  }));
}
