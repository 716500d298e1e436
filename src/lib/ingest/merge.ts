/**
 * One record per sheet, whatever the sources. When a text sheet (or RS row) and a JUDGIT!
 * record describe the same sheet — same review year and ministry, and the same 事業番号, or
 * the same normalised 事業名 where one of them has no number — they become one record:
 *  - the text sheet is the primary source (it holds what the database leaves out: 根拠法令,
 *    点検, 資金の流れ …); a value it lacks is taken from JUDGIT, with provenance naming the
 *    JSON file (provenance entries that are line spans refer to `source`, the primary);
 *  - where both give a value and they differ, the primary's is kept and the disagreement is
 *    a warning on the record (shown on the page) and counted in the ingest report;
 *  - `sources` lists both, and the source text shows the JSON after the sheet.
 * Pure.
 */
import type { BudgetYear, ProjectRecord, Warning } from '../../schemas/index.ts';
import type { Provenance } from '../../schemas/common.ts';
import { ministrySlug } from '../ministries.ts';
import { legacyProjectId, projectNameKey, projectNumberSlug } from './ids.ts';

/** What two sources of a sheet are compared on; text compared after NFKC without spaces. */
const SCALARS = ['projectNumber', 'name', 'bureau', 'division', 'responsible', 'startYear', 'endYear', 'accountType', 'purpose', 'summary', 'implementation', 'mainPolicy'] as const;
const BUDGET_CELLS = ['initial', 'supplementary', 'carriedIn', 'carriedOut', 'reserve', 'total', 'executed'] as const;
const CELL_LABEL: Record<(typeof BUDGET_CELLS)[number], string> = { initial: '当初予算', supplementary: '補正予算', carriedIn: '前年度から繰越し', carriedOut: '翌年度へ繰越し', reserve: '予備費等', total: '予算計', executed: '執行額' };
const FIELD_LABEL: Record<string, string> = { projectNumber: '事業番号', name: '事業名', bureau: '担当部局庁', division: '担当課室', responsible: '作成責任者', startYear: '事業開始年度', endYear: '事業終了（予定）年度', accountType: '会計区分', purpose: '事業の目的', summary: '事業概要', implementation: '実施方法', mainPolicy: '主要政策・施策' };
/** Listing every differing recipient of a long list says nothing more than the first few. */
const MAX_RECIPIENT_WARNINGS = 5;

export interface MergeOutcome {
  record: ProjectRecord;
  disagreements: number;
}

export function sheetNumberKey(p: Pick<ProjectRecord, 'reviewYear' | 'ministry' | 'projectNumber'>): string | null {
  if (p.reviewYear === null || !p.projectNumber) return null;
  return `${p.reviewYear}|${ministrySlug(p.ministry)}|${projectNumberSlug(p.projectNumber, p.reviewYear)}`;
}

export function sheetNameKey(p: Pick<ProjectRecord, 'reviewYear' | 'ministry' | 'name'>): string | null {
  if (p.reviewYear === null) return null;
  const name = projectNameKey(p.name);
  return name ? `${p.reviewYear}|${ministrySlug(p.ministry)}|${name}` : null;
}

const norm = (v: unknown): string => (v === null || v === undefined ? '' : String(v).normalize('NFKC').replace(/[\s\u3000]+/g, ''));
const show = (v: unknown): string => {
  const s = String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
};
const yen = (v: number | null) => (v === null ? '空欄' : `${(v / 1e6).toLocaleString('ja-JP', { maximumFractionDigits: 6 })}百万円`);

function provUnder(prov: Provenance, field: string): Array<[string, Provenance[string]]> {
  return Object.entries(prov).filter(([k]) => k === field || k.startsWith(`${field}.`));
}

/** Merge `other` (a JUDGIT! record of the same sheet) into `primary`. */
export function mergeSheets(primary: ProjectRecord, other: ProjectRecord): MergeOutcome {
  const out: ProjectRecord = { ...primary, provenance: { ...primary.provenance }, warnings: [...primary.warnings], budget: primary.budget.map((b) => ({ ...b })) };
  const warnings: Warning[] = [];
  const a = primary.source.file;
  const b = other.source.file;
  let disagreements = 0;
  const disagree = (field: string, message: string, line: number | null = null, kept: 'primary' | 'judgit' = 'primary') => {
    disagreements++;
    const which = kept === 'primary' ? `${a} の値を掲載。JUDGIT! の ${b} とは異なります` : `${a} では空欄のため JUDGIT! の ${b} の値を掲載`;
    warnings.push({ field, message: `出典によって値が異なります: ${message}（${which}）`, line });
  };
  const take = (field: string) => {
    for (const [k, v] of provUnder(other.provenance, field)) out.provenance[k] = v;
  };

  for (const f of SCALARS) {
    const pv = primary[f];
    const ov = other[f];
    if (ov === null || ov === undefined || norm(ov) === '') continue;
    if (pv === null || pv === undefined || norm(pv) === '') {
      (out as Record<string, unknown>)[f] = ov;
      take(f);
    } else if (norm(pv) !== norm(ov)) disagree(f, `${FIELD_LABEL[f] ?? f}「${show(pv)}」と「${show(ov)}」`, lineOf(primary.provenance[f]));
  }
  // The number decides the id: a sheet without one (seed 004) gains it, and with it the id a
  // JUDGIT-only build gives the same sheet.
  if (!primary.projectNumber && out.projectNumber) out.id = legacyProjectId(out.reviewYear, out.ministry, out.projectNumber, out.name, { lines: [], textSha256: '0' });

  // Budget, year by year and cell by cell. The database writes 0 where a sheet has a dash:
  // a dash (null) against 0 is the same statement, not a disagreement.
  const rowKey = (r: BudgetYear) => `${r.fiscalYear}${r.isRequest ? 'r' : ''}`;
  const mine = new Map(out.budget.map((r, i) => [rowKey(r), i]));
  other.budget.forEach((r, j) => {
    const i = mine.get(rowKey(r));
    const label = `${r.fiscalYear}年度${r.isRequest ? '要求額' : ''}`;
    if (i === undefined) {
      // A year the sheet does not show; all-zero years (before the project began) add nothing.
      if (BUDGET_CELLS.every((c) => !r[c])) return;
      const k = out.budget.length;
      out.budget.push({ ...r });
      for (const [key, v] of provUnder(other.provenance, `budget.${j}`)) out.provenance[`budget.${k}${key.slice(`budget.${j}`.length)}`] = v;
      return;
    }
    const row = out.budget[i]!;
    for (const c of BUDGET_CELLS) {
      const pv = row[c];
      const ov = r[c];
      if (ov === null || pv === ov || (pv === null && ov === 0)) continue;
      if (pv === null) {
        row[c] = ov;
        const src = other.provenance[`budget.${j}.${c}`];
        if (src) out.provenance[`budget.${i}.${c}`] = src;
        disagree(`budget.${i}.${c}`, `${label}の${CELL_LABEL[c]}: 空欄と ${yen(ov)}`, null, 'judgit');
      } else disagree(`budget.${i}.${c}`, `${label}の${CELL_LABEL[c]}: ${yen(pv)} と ${yen(ov)}`, lineOf(primary.provenance[`budget.${i}.${c}`]));
    }
  });

  // Lists: taken whole when the primary has none; compared when both have them.
  for (const f of ['recipients', 'outcomes', 'activities', 'pastNumbers'] as const) {
    if (primary[f].length === 0 && other[f].length > 0) {
      (out as Record<string, unknown>)[f] = other[f];
      take(f);
    }
  }
  if (primary.recipients.length > 0 && other.recipients.length > 0) {
    const key = (r: ProjectRecord['recipients'][number]) => `${r.block ?? ''}|${r.rank ?? ''}`;
    const theirs = new Map(other.recipients.map((r) => [key(r), r]));
    let shown = 0;
    let more = 0;
    for (const r of primary.recipients) {
      const o = theirs.get(key(r));
      if (!o) continue;
      const diffs: string[] = [];
      if (norm(r.name) !== norm(o.name)) diffs.push(`名称「${show(r.name)}」と「${show(o.name)}」`);
      if (r.amount !== null && o.amount !== null && r.amount !== o.amount) diffs.push(`支出額 ${yen(r.amount)} と ${yen(o.amount)}`);
      if (r.corporateNumber && o.corporateNumber && r.corporateNumber !== o.corporateNumber) diffs.push(`法人番号 ${r.corporateNumber} と ${o.corporateNumber}`);
      if (diffs.length === 0) continue;
      if (shown < MAX_RECIPIENT_WARNINGS) {
        shown++;
        disagree('recipients', `支出先 ${r.block ?? ''}-${r.rank ?? ''} の${diffs.join('、')}`);
      } else more++;
    }
    if (primary.recipients.length !== other.recipients.length) disagree('recipients', `支出先の件数 ${primary.recipients.length}件と ${other.recipients.length}件`);
    if (more > 0) disagree('recipients', `ほか ${more}件の支出先`);
  }
  if (primary.pastNumbers.length > 0 && other.pastNumbers.length > 0) {
    const set = (ps: ProjectRecord['pastNumbers']) => ps.map((p) => `${p.fiscalYear ?? '?'}:${norm(p.number)}`).sort().join(' ');
    if (set(primary.pastNumbers) !== set(other.pastNumbers)) disagree('pastNumbers', `関連する過去のレビューシート「${set(primary.pastNumbers)}」と「${set(other.pastNumbers)}」`);
  }

  out.warnings = [...out.warnings, ...warnings];
  out.sources = [primary.source, other.source];
  return { record: out, disagreements };
}

function lineOf(e: Provenance[string] | undefined): number | null {
  return Array.isArray(e) ? e[0] : null;
}

export interface Pairing {
  /** Index into the JUDGIT records → index into the other records it merges into. */
  pairs: Array<[number, number]>;
  /** JUDGIT records that matched more than one sheet by name (not merged; reported). */
  ambiguous: Array<{ judgit: number; candidates: number[] }>;
}

/**
 * Which JUDGIT records describe a sheet another source also describes: same year + ministry +
 * 事業番号; else, where one side has no number, the same normalised 事業名 (and only when that
 * name is unique on both sides).
 */
export function pairSheets(others: ProjectRecord[], judgit: ProjectRecord[]): Pairing {
  const byNumber = new Map<string, number>();
  const byName = new Map<string, number[]>();
  others.forEach((p, i) => {
    const k = sheetNumberKey(p);
    if (k) byNumber.set(k, i);
    const n = sheetNameKey(p);
    if (n) byName.set(n, [...(byName.get(n) ?? []), i]);
  });
  const judgitByName = new Map<string, number>();
  for (const j of judgit) {
    const n = sheetNameKey(j);
    if (n) judgitByName.set(n, (judgitByName.get(n) ?? 0) + 1);
  }
  const pairs: Array<[number, number]> = [];
  const ambiguous: Pairing['ambiguous'] = [];
  const used = new Set<number>();
  judgit.forEach((j, ji) => {
    const k = sheetNumberKey(j);
    const hit = k ? byNumber.get(k) : undefined;
    if (hit !== undefined && !used.has(hit)) {
      used.add(hit);
      pairs.push([ji, hit]);
      return;
    }
    const n = sheetNameKey(j);
    if (!n) return;
    const candidates = (byName.get(n) ?? []).filter((i) => !used.has(i) && (!others[i]!.projectNumber || !j.projectNumber));
    if (candidates.length === 1 && judgitByName.get(n) === 1) {
      used.add(candidates[0]!);
      pairs.push([ji, candidates[0]!]);
    } else if (candidates.length > 1) ambiguous.push({ judgit: ji, candidates });
  });
  return { pairs, ambiguous };
}
