/**
 * Plausibility checks on finished records: values that were read correctly but cannot be
 * right as published (a negative 歳出予算現額, an execution rate of −215.7 %, a 計 that is not
 * the sum of its parts). They are not corrected — the source says what it says — but each
 * one becomes a warning on the record, so the project page, `warnings` in the JSON and
 * project_warnings.csv all flag the same values with the same words. One rule for every
 * source format; run by the pipeline after parsing (pipeline.ts).
 *
 * Pure: a record in, the same record (or a copy with the added warnings) out.
 */
import type { BudgetYear, EvaluationRecord, ProjectRecord, Warning } from '../../schemas/index.ts';

/** Execution rates outside this range (percent) are flagged. */
export const EXECUTION_RATE_RANGE = { min: 0, max: 200 } as const;

/** Marks a plausibility warning, so readers (and tests) can tell it from a reading problem. */
export const PLAUSIBILITY_PREFIX = '要確認（値の妥当性）: ';

const yen = (n: number) => `${new Intl.NumberFormat('ja-JP').format(n)}円`;

function budgetYearWarnings(b: BudgetYear, layout: string, warned: ReadonlySet<string>): Warning[] {
  const out: Warning[] = [];
  const at = (field: string, message: string) => out.push({ field: `budget.${b.fiscalYear}${b.isRequest ? '.request' : ''}.${field}`, message: PLAUSIBILITY_PREFIX + message, line: null });
  const year = `${b.fiscalYear}年度${b.isRequest ? '（要求）' : ''}`;
  if (b.total !== null && b.total < 0) at('total', `${year}の計（歳出予算現額）が負の値 ${yen(b.total)} です (negative total)`);
  if (b.executed !== null && b.executed < 0) at('executed', `${year}の執行額が負の値 ${yen(b.executed)} です (negative amount executed)`);
  if (b.executionRate !== null && (b.executionRate < EXECUTION_RATE_RANGE.min || b.executionRate > EXECUTION_RATE_RANGE.max)) {
    at('executionRate', `${year}の執行率 ${Number(b.executionRate.toPrecision(6))}% が ${EXECUTION_RATE_RANGE.min}〜${EXECUTION_RATE_RANGE.max}% の範囲外です (execution rate out of range)`);
  }
  // 計 = 当初 + 補正 + 前年度から繰越し + 予備費等; legacy sheets also subtract 翌年度へ繰越し
  // inside the same column, the RS system's 歳出予算現額 does not. The table parser checks
  // this already with the source's line; it is not said twice.
  if (b.total !== null && b.initial !== null && !warned.has(`budget.${b.fiscalYear}.total`)) {
    const parts = b.initial + (b.supplementary ?? 0) + (b.carriedIn ?? 0) + (b.reserve ?? 0);
    const sum = layout === 'rs-csv' ? parts : parts - (b.carriedOut ?? 0);
    if (sum !== b.total) at('total', `${year}の計 ${yen(b.total)} が内訳（当初・補正・繰越し・予備費等）の合計 ${yen(sum)} と一致しません (parts do not add up)`);
  }
  return out;
}

/** RS 2-1: the 会計・勘定 lines of a year add up to the year's summary 計 and 執行額. */
function accountWarnings(p: ProjectRecord): Warning[] {
  const out: Warning[] = [];
  if (!p.budgetAccounts || p.budgetAccounts.length === 0) return out;
  for (const b of p.budget) {
    if (b.isRequest) continue;
    const lines = p.budgetAccounts.filter((a) => a.fiscalYear === b.fiscalYear);
    if (lines.length === 0) continue;
    for (const [field, label] of [['total', '歳出予算現額'], ['executed', '執行額']] as const) {
      const own = b[field];
      if (own === null || lines.some((a) => a[field] === null)) continue;
      const sum = lines.reduce((s, a) => s + (a[field] ?? 0), 0);
      if (sum !== own) out.push({ field: `budgetAccounts.${b.fiscalYear}.${field}`, message: `${PLAUSIBILITY_PREFIX}${b.fiscalYear}年度の会計・勘定別の${label}の合計 ${yen(sum)} が年度の${label} ${yen(own)} と一致しません (account lines do not add up)`, line: null });
    }
  }
  return out;
}

/** A copy with the warnings added (the record itself may be a cached parse result: never mutated). */
function merged<T extends { warnings: Warning[] }>(record: T, found: Warning[]): T {
  return found.length === 0 ? record : { ...record, warnings: [...record.warnings, ...found] };
}

export function checkProjectPlausibility(p: ProjectRecord): ProjectRecord {
  const warned = new Set(p.warnings.map((w) => w.field));
  return merged(p, [...p.budget.flatMap((b) => budgetYearWarnings(b, p.source.layout, warned)), ...accountWarnings(p)]);
}

export function checkEvaluationPlausibility(e: EvaluationRecord): EvaluationRecord {
  const found: Warning[] = [];
  for (const b of e.budget) {
    if (b.total !== null && b.total < 0) found.push({ field: `budget.${b.fiscalYear}.total`, message: `${PLAUSIBILITY_PREFIX}${b.fiscalYear}年度の合計が負の値 ${yen(b.total)} です (negative total)`, line: null });
    if (b.executed !== null && b.executed < 0) found.push({ field: `budget.${b.fiscalYear}.executed`, message: `${PLAUSIBILITY_PREFIX}${b.fiscalYear}年度の執行額が負の値 ${yen(b.executed)} です (negative amount executed)`, line: null });
  }
  return merged(e, found);
}
