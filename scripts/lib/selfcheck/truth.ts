/**
 * What a rendered sheet states (its truth), and how a parse of it is scored: per field, a value
 * the parser published is a true positive when it equals the truth, a false positive otherwise
 * (a wrong value, or a value where the sheet states none); a stated value not published is a
 * false negative. Precision = tp / (tp + fp), recall = tp / (tp + fn).
 *
 * Texts are compared after NFKC and without white space (a wrap or a full-width space is not an
 * error; a different word is). Numbers and years are compared exactly.
 */
import type { ProjectRecord } from '../../../src/schemas/index.ts';
import { cell, type JudgitRecord } from './judgit.ts';

export interface Truth {
  reviewYear: number | null;
  ministry: string | null;
  projectNumber: string | null;
  name: string | null;
  bureau: string | null;
  division: string | null;
  responsible: string | null;
  startYear: number | null;
  endYear: number | null;
  accountType: string | null;
  implementation: string | null;
  mainPolicy: string | null;
  purpose: string | null;
  summary: string | null;
  /** `<year>.total`, `<year>.initial`, `<year>.request` (and `<year>.executed` where scored) → yen. */
  budget: Record<string, number>;
  /** The layout prints 執行額 per year: published executed amounts are scored too. */
  scoreExecuted?: boolean;
  outcome: { goal: string | null; indicator?: string | null; unit: string | null; finalTarget: number | null; finalYear: number | null } | null;
  /** Table layout only: every outcome's yearly values, `<outcome index>:<year>:actual|target:<value>`. */
  outcomeValues?: string[];
  /** Table layout only: activities (indicator, unit) and their values, `<index>:<year>:actual|planned:<value>`. */
  activities?: Array<{ indicator: string | null; unit: string | null }>;
  activityValues?: string[];
  pastNumbers: Array<{ fiscalYear: number; number: string }>;
  /** Table layout only: recipients (name, 法人番号, amount in yen). */
  recipients?: Array<{ name: string; corporateNumber: string | null; amount: number | null }>;
}

/** What every layout prints of a record's identity and texts, as the truth states it (the rest is per layout). */
export function identityTruth(r: JudgitRecord): Pick<Truth, 'reviewYear' | 'ministry' | 'projectNumber' | 'name' | 'bureau' | 'division' | 'responsible' | 'startYear' | 'endYear' | 'accountType' | 'implementation' | 'mainPolicy' | 'purpose' | 'summary'> {
  const list = (xs: string[] | null) => (xs?.length ? xs.join('、') : null);
  return {
    reviewYear: r.公開年度,
    ministry: r.府省庁,
    projectNumber: r.事業番号,
    name: cell(r.事業名),
    bureau: cell(r.担当部局庁),
    division: cell(r.担当課室),
    responsible: cell(r.作成責任者),
    startYear: r.開始年度,
    endYear: r.終了年度,
    accountType: list(r.会計区分),
    implementation: list(r.実施方法),
    mainPolicy: list(r.主要施策),
    purpose: cell(r.事業目的),
    summary: cell(r.事業概要),
  };
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export type Score = Record<string, Counts>;

const norm = (s: string) => s.normalize('NFKC').replace(/[\s\u3000]+/g, '');
const same = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? norm(a) === norm(b) : a === b);

function add(score: Score, field: string, truth: unknown, got: unknown): void {
  const c = (score[field] ??= { tp: 0, fp: 0, fn: 0 });
  const has = (v: unknown) => v !== null && v !== undefined && v !== '';
  if (has(got)) {
    if (has(truth) && same(truth, got)) c.tp++;
    else c.fp++;
    if (has(truth) && !same(truth, got)) c.fn++;
  } else if (has(truth)) c.fn++;
}

/** A field that is a set of values: each value stated and published is a tp, published only a fp, stated only a fn. */
function sets(score: Score, field: string, want: string[], have: string[]): void {
  const w = new Set(want);
  const h = new Set(have);
  for (const k of new Set([...w, ...h])) add(score, field, w.has(k) ? k : null, h.has(k) ? k : null);
}

/** The yearly values of a list of outcomes or activities as `<index>:<year>:<kind>:<value>`, the truth's form. */
function valueKeys<V extends { fiscalYear: number }>(items: Array<{ values: V[] }>, kinds: Array<keyof V & string>): string[] {
  return items.flatMap((x, i) => x.values.flatMap((v) => kinds.filter((k) => v[k] !== null).map((k) => `${i}:${v.fiscalYear}:${k}:${String(v[k])}`)));
}

/** Score one parsed record against the truth of its sheet, into `score`. */
export function scoreRecord(score: Score, truth: Truth, p: ProjectRecord, file: string): void {
  for (const f of ['reviewYear', 'projectNumber', 'bureau', 'division', 'responsible', 'startYear', 'endYear', 'accountType', 'implementation', 'mainPolicy', 'purpose', 'summary'] as const) {
    add(score, f, truth[f], p[f]);
  }
  // The name falls back to the file name and the ministry to 不明: those are not readings.
  add(score, 'name', truth.name, p.name === file ? null : p.name);
  add(score, 'ministry', truth.ministry, p.ministry === '不明' ? null : p.ministry);
  // Budget: every amount the parser published for a year and kind, against the sheet's.
  const got: Record<string, number> = {};
  for (const b of p.budget) {
    if (b.isRequest) {
      if (b.initial !== null) got[`${b.fiscalYear}.request`] = b.initial;
    } else {
      if (b.initial !== null) got[`${b.fiscalYear}.initial`] = b.initial;
      if (b.total !== null) got[`${b.fiscalYear}.total`] = b.total;
      if (truth.scoreExecuted && b.executed !== null) got[`${b.fiscalYear}.executed`] = b.executed;
    }
  }
  for (const k of new Set([...Object.keys(truth.budget), ...Object.keys(got)])) add(score, `budget.${k.split('.')[1]}`, truth.budget[k] ?? null, got[k] ?? null);
  const o = p.outcomes[0] ?? null;
  add(score, 'outcome.goal', truth.outcome?.goal ?? null, o?.goal ?? null);
  add(score, 'outcome.unit', truth.outcome?.unit ?? null, o?.unit ?? null);
  add(score, 'outcome.finalTarget', truth.outcome?.finalTarget ?? null, o?.finalTarget ?? null);
  add(score, 'outcome.finalYear', truth.outcome?.finalYear ?? null, o?.finalYear ?? null);
  if (truth.outcome && 'indicator' in truth.outcome) add(score, 'outcome.indicator', truth.outcome.indicator ?? null, o?.indicator ?? null);
  if (truth.outcomeValues) {
    sets(score, 'outcome.values', truth.outcomeValues, valueKeys(p.outcomes, ['actual', 'target']));
  }
  if (truth.activities) {
    const key = (a: { indicator: string | null; unit: string | null }) => `${norm(a.indicator ?? '')}|${norm(a.unit ?? '')}`;
    sets(score, 'activities', truth.activities.map(key), p.activities.filter((a) => a.indicator !== null || a.unit !== null).map(key));
    sets(score, 'activities.values', truth.activityValues ?? [], valueKeys(p.activities, ['actual', 'planned']));
  }
  sets(score, 'pastNumbers', truth.pastNumbers.map((x) => `${x.fiscalYear}:${norm(x.number)}`), p.pastNumbers.map((x) => `${x.fiscalYear}:${norm(x.number)}`));
  if (truth.recipients) {
    const key = (r: { name: string; amount: number | null }) => `${norm(r.name)}:${r.amount}`;
    sets(score, 'recipients', truth.recipients.map(key), p.recipients.map(key));
    const cn = (r: { name: string; corporateNumber: string | null }) => (r.corporateNumber ? `${norm(r.name)}:${r.corporateNumber}` : null);
    sets(score, 'recipients.corporateNumber', truth.recipients.map(cn).filter((k): k is string => k !== null), p.recipients.map(cn).filter((k): k is string => k !== null));
  }
}

export function total(score: Score): Counts {
  return Object.values(score).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
}

export const precision = (c: Counts) => (c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp));
export const recall = (c: Counts) => (c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn));

/** A table of fields with their counts, precision and recall (for the script and test messages). */
export function formatScore(score: Score): string {
  const rows = [...Object.entries(score).sort(([a], [b]) => (a < b ? -1 : 1)), ['ALL', total(score)] as const];
  return rows.map(([f, c]) => `${f.padEnd(22)} tp ${String(c.tp).padStart(5)} fp ${String(c.fp).padStart(4)} fn ${String(c.fn).padStart(4)}  P ${precision(c).toFixed(3)}  R ${recall(c).toFixed(3)}`).join('\n');
}
