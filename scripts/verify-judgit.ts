/**
 * Check the published records against the JUDGIT! JSON files they came from, re-reading the
 * files independently of the importer: plain JSON.parse (not the importer's positional
 * parser), amounts converted by rounding value × 10⁶ (not the importer's decimal shift), no
 * shared mapping code — so a bug in the importer cannot hide in its own check. The one thing
 * taken from the records is which record cites which file (`sources[].file`).
 *
 * Checks:
 *  1. per sheet year, the number of readable JSON files = the number of records citing one,
 *     and every readable file is cited by exactly one record;
 *  2. per sheet year, ministry and budget year, the sums of 当初予算 and of 執行額 to the yen —
 *     net of the amounts the importer withholds on purpose (a fraction of a yen, a repeated year
 *     row): each must carry a warning on its field, and each is listed with it; an amount
 *     missing without one, or published though the file has a fraction of a yen, is a problem;
 *  3. 30 sheets sampled across the years (deterministically, by a hash of the path),
 *     field by field: identity, texts, every budget cell, every recipient, outcomes, outputs.
 * A merged sheet (the same sheet also published from a text or RS source) takes its values from
 * that primary source (merge.ts; its disagreements with JUDGIT! are warnings on the record and
 * tested there), so it is counted in check 1 and left out of checks 2 and 3.
 *
 * Usage: SOURCES_DIR=<folder holding the JUDGIT tree> RECORDS_DIR=<records folder> npx node scripts/verify-judgit.ts
 * Exit code 1 when anything disagrees.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { RECORDS_DIR, SOURCES_DIR } from '../src/lib/env.ts';
import type { ProjectRecord } from '../src/schemas/index.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

function listJson(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    // Symbolic links count as what they point to (a corpus may be a folder of links).
    const isDir = e.isDirectory() || (e.isSymbolicLink() && (() => { try { return readdirSync(p) && true; } catch { return false; } })());
    if (isDir) out.push(...listJson(p));
    else if (/\.json$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Amounts written with a fraction of a yen (`6745.95986566667` 百万円): not publishable as integer yen. */
let fractionalYen = 0;
/**
 * 百万円 (number or numeric string) → yen; null when blank, and when the amount has a fraction
 * of a yen (the records hold integer yen and publish no rounded value); NaN when unreadable.
 * "A fraction" is more than a thousandth of a yen or, for large amounts, more than a double's
 * own precision (10⁻¹⁴ of the amount): `55.040000000000006` is 55,040,000 yen as far as a
 * binary64 number can say.
 */
function yen(v: Json | undefined): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.normalize('NFKC').trim() !== '' ? Number(v.normalize('NFKC').trim()) : NaN;
  if (typeof v === 'string' && /^[-－‐―]?$/.test(v.normalize('NFKC').trim())) return null;
  if (!Number.isFinite(n)) return NaN;
  const y = n * 1e6;
  if (Math.abs(y - Math.round(y)) > Math.max(1e-3, Math.abs(y) * 1e-14)) return null;
  return Math.round(y);
}
/**
 * Values the importer withholds on purpose: the file has an amount, the record leaves it empty
 * and says why in a warning on that very field (e.g. a fraction of a yen, `0.39999999999997726`
 * from 360 − 359.6). They are listed, with the warning, and left out of both sides of a sum;
 * an empty value without its warning is a value lost, and a problem.
 */
const withheld: Array<{ where: string; value: number | null; warning: string }> = [];
/** The record's value of an amount against the file's: equal, withheld with a warning, or a problem (returned as text). */
function amount(rel: string, r: Rec, field: string, label: string, published: number | null | undefined, raw: Json | undefined): 'same' | 'withheld' | string {
  const got = published ?? null;
  const file = yen(raw);
  // A fraction of a yen: the record must leave it empty and say so (the amount to the nearest yen is listed).
  const fraction = file === null && (typeof raw === 'number' || (typeof raw === 'string' && Number.isFinite(Number(raw.normalize('NFKC').trim())) && raw.trim() !== '')) ? Math.round(Number(typeof raw === 'string' ? raw.normalize('NFKC').trim() : raw) * 1e6) : null;
  if (fraction !== null) {
    fractionalYen++;
    if (got !== null) return `${rel} → ${r.id}: ${label} ${got} in the record, but the file has a fraction of a yen (${JSON.stringify(raw)} 百万円)`;
    const w = r.warnings.find((x) => x.field === field);
    if (!w) return `${rel} → ${r.id}: ${label} ${JSON.stringify(raw)} 百万円 (a fraction of a yen) in the file, empty in the record and no warning on ${field}`;
    withheld.push({ where: `${rel} → ${r.id} ${label} (${field})`, value: fraction, warning: w.message });
    return 'withheld';
  }
  if (Number.isNaN(file)) return `${rel} → ${r.id}: ${label} ${JSON.stringify(raw)} unreadable in the file`;
  if (got === file) return 'same';
  if (got === null && file !== null) {
    const w = r.warnings.find((x) => x.field === field);
    if (w) {
      withheld.push({ where: `${rel} → ${r.id} ${label} (${field})`, value: file, warning: w.message });
      return 'withheld';
    }
    return `${rel} → ${r.id}: ${label} ${file} in the file, empty in the record and no warning on ${field}`;
  }
  return `${rel} → ${r.id}: ${label} ${got} in the record, ${file} in the file`;
}
const num = (v: Json | undefined): number | null => {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v.normalize('NFKC').trim()) : NaN;
  return Number.isFinite(n) ? n : null;
};
/** Text compared without widths or white space. */
const t = (v: unknown): string => (v === null || v === undefined ? '' : String(v).normalize('NFKC').replace(/[\s\u200b-\u200f\u2060\ufeff]+/g, ''));
const list = (v: Json | undefined): string => (Array.isArray(v) ? [...new Set(v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()))].join('、') : typeof v === 'string' ? v : '');
const obj = (v: Json | undefined): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? v : null);
const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

/** The published record's fields this check reads (types only: the values are read from the records folder). */
type Rec = Pick<ProjectRecord, 'id' | 'reviewYear' | 'ministry' | 'projectNumber' | 'name' | 'bureau' | 'division' | 'responsible' | 'startYear' | 'endYear' | 'accountType' | 'purpose' | 'summary' | 'implementation' | 'mainPolicy' | 'budget' | 'recipients' | 'outcomes' | 'activities' | 'pastNumbers' | 'sources' | 'warnings'>;

const problems: string[] = [];

// The published records, and which JUDGIT file each cites.
const byFile = new Map<string, Rec[]>();
const projectsDir = join(RECORDS_DIR, 'projects');
for (const f of readdirSync(projectsDir)) {
  if (!f.endsWith('.json')) continue;
  const r = JSON.parse(readFileSync(join(projectsDir, f), 'utf8')) as Rec;
  for (const s of r.sources ?? []) if (s.layout === 'judgit-json') byFile.set(s.file, [...(byFile.get(s.file) ?? []), r]);
}

// The files, read on their own.
const files: Array<{ rel: string; j: Obj }> = [];
let unreadable = 0;
for (const path of listJson(SOURCES_DIR)) {
  const rel = relative(SOURCES_DIR, path).split(sep).join('/');
  let j: Obj | null = null;
  try {
    j = obj(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path)).replace(/^\ufeff/, '')) as Json);
  } catch {
    j = null;
  }
  if (!j || !('公開年度' in j) || !('事業名' in j)) {
    unreadable++;
    if (byFile.has(rel)) problems.push(`${rel}: not a readable JUDGIT record, yet cited by ${byFile.get(rel)!.map((r) => r.id).join(', ')}`);
    continue;
  }
  files.push({ rel, j });
}

// 1. Counts per sheet year, one record per file.
const perYear = new Map<number, { files: number; records: Set<string> }>();
for (const { rel, j } of files) {
  const y = num(j.公開年度) ?? 0;
  const e = perYear.get(y) ?? { files: 0, records: new Set<string>() };
  e.files++;
  const recs = byFile.get(rel) ?? [];
  if (recs.length !== 1) problems.push(`${rel}: cited by ${recs.length} records (${recs.map((r) => r.id).join(', ') || 'none'}), expected 1`);
  for (const r of recs) {
    e.records.add(r.id);
    if (r.reviewYear !== y) problems.push(`${rel}: 公開年度 ${y}, record ${r.id} has reviewYear ${r.reviewYear}`);
  }
  perYear.set(y, e);
}
const citing = new Set([...byFile.values()].flat().map((r) => r.id));

// 2. Sums per sheet year × ministry × budget year.
type Sum = { initial: number; executed: number };
const want = new Map<string, Sum>();
const got = new Map<string, Sum>();
const add = (m: Map<string, Sum>, k: string, initial: number | null, executed: number | null) => {
  const s = m.get(k) ?? { initial: 0, executed: 0 };
  s.initial += initial ?? 0;
  s.executed += executed ?? 0;
  m.set(k, s);
};
let withheldFromSums = 0;
/** Cells behind a sum mismatch, named (the sum alone does not say which sheet). */
const sumCellProblems: string[] = [];
for (const { rel, j } of files) {
  const recs = byFile.get(rel);
  if (recs?.length !== 1) continue;
  const r = recs[0]!;
  if (r.sources.length > 1) continue;
  const y = num(j.公開年度);
  const ministry = t(j.府省庁);
  const seenYears = new Set<number>();
  for (const [rowIndex, row] of arr(j.予算).map(obj).entries()) {
    if (!row || !('当初予算' in row)) continue;
    const fy = num(row.年度);
    if (fy === null) continue;
    if (seenYears.has(fy)) {
      // A second row of the same year: the importer reads the first and says it left this one out.
      const w = r.warnings.find((x) => x.field === 'budget' && x.message.startsWith(`予算[${rowIndex}]`));
      for (const [label, v] of [['当初予算', yen(row.当初予算)], ['執行額', yen(row.執行額)]] as const) {
        if (v === null || Number.isNaN(v)) continue;
        if (w) {
          withheld.push({ where: `${rel} → ${r.id} 予算[${rowIndex}] ${fy} ${label} (budget)`, value: v, warning: w.message });
          withheldFromSums++;
        } else sumCellProblems.push(`${rel} → ${r.id}: 予算[${rowIndex}] repeats ${fy}; its ${label} ${v} is in no record and no warning names the row`);
      }
      continue;
    }
    seenYears.add(fy);
    const k = `${y}|${ministry}|${fy}`;
    const initial = yen(row.当初予算);
    const executed = yen(row.執行額);
    if (Number.isNaN(initial) || Number.isNaN(executed)) {
      problems.push(`${rel}: 予算 ${fy} has an unreadable amount (当初予算 ${JSON.stringify(row.当初予算)}, 執行額 ${JSON.stringify(row.執行額)})`);
      continue;
    }
    const i = r.budget.findIndex((x) => !x.isRequest && x.fiscalYear === fy);
    const b = r.budget[i];
    for (const [label, prop, file] of [['当初予算', 'initial', initial], ['執行額', 'executed', executed]] as const) {
      const field = b ? `budget.${i}.${prop}` : 'budget';
      const outcome = amount(rel, r, field, `予算 ${fy} ${label}`, b?.[prop], row[label]);
      if (outcome === 'withheld') {
        withheldFromSums++;
        continue; // net of it on both sides
      }
      if (prop === 'initial') {
        add(want, k, file, null);
        add(got, k, b?.initial ?? null, null);
      } else {
        add(want, k, null, file);
        add(got, k, null, b?.executed ?? null);
      }
      if (outcome !== 'same') sumCellProblems.push(outcome);
    }
  }
}
let sumChecks = 0;
for (const [k, w] of want) {
  sumChecks++;
  const g = got.get(k)!;
  if (g.initial !== w.initial) problems.push(`sum ${k}: 当初予算 ${g.initial} in records, ${w.initial} in the files`);
  if (g.executed !== w.executed) problems.push(`sum ${k}: 執行額 ${g.executed} in records, ${w.executed} in the files`);
}
problems.push(...sumCellProblems);

// 3. 30 sampled sheets, field by field.
const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const merged = files.filter((f) => (byFile.get(f.rel)?.[0]?.sources.length ?? 0) > 1);
const sample = files.filter((f) => byFile.get(f.rel)?.length === 1 && byFile.get(f.rel)![0]!.sources.length === 1).sort((a, b) => (hash(a.rel) < hash(b.rel) ? -1 : 1)).slice(0, 30);
let fieldChecks = 0;
for (const { rel, j } of sample) {
  const r = byFile.get(rel)![0]!;
  /**
   * One field of the record against the file. With `recordField` (the record's name for it, as
   * its warnings use it), a value the file has and the record leaves empty is withheld, not a
   * problem, when a warning on exactly that field says why (a 法人番号 of 4 digits, a year that
   * is not one, a text that is not a string): it is listed with its warning. Empty without one
   * is a value lost.
   */
  const eq = (field: string, record: unknown, file: unknown, cmp: (a: unknown, b: unknown) => boolean = (a, b) => t(a) === t(b), recordField?: string) => {
    fieldChecks++;
    if (cmp(record, file)) return;
    const w = recordField !== undefined && t(record) === '' && t(file) !== '' ? r.warnings.find((x) => x.field === recordField) : undefined;
    if (w) withheld.push({ where: `${rel} → ${r.id} ${field} (${recordField}): ${JSON.stringify(file)} in the file`, value: null, warning: w.message });
    else problems.push(`${rel} → ${r.id}: ${field} = ${JSON.stringify(record)}, file says ${JSON.stringify(file)}`);
  };
  const same = (a: unknown, b: unknown) => a === b;
  eq('reviewYear', r.reviewYear, num(j.公開年度), same);
  eq('ministry', r.ministry, j.府省庁);
  const number = typeof j.事業番号 === 'string' && j.事業番号.trim() ? j.事業番号 : [1, 2, 3, 4, 5].map((i) => j[`事業番号${i}`]).filter((x) => typeof x === 'string' && x.trim()).join('-');
  eq('projectNumber', r.projectNumber, number, (a, b) => t(a).replace(/[-‐－―−–—]/g, '') === t(b).replace(/[-‐－―−–—]/g, ''));
  eq('name', r.name, j.事業名, undefined, 'name');
  eq('bureau', r.bureau, j.担当部局庁, undefined, 'bureau');
  eq('division', r.division, j.担当課室, undefined, 'division');
  eq('responsible', r.responsible, j.作成責任者, undefined, 'responsible');
  eq('startYear', r.startYear, num(j.開始年度), same, 'startYear');
  eq('endYear', r.endYear, num(j.終了年度), same, 'endYear');
  eq('accountType', r.accountType, list(j.会計区分));
  eq('purpose', r.purpose, j.事業目的, undefined, 'purpose');
  eq('summary', r.summary, j.事業概要, undefined, 'summary');
  eq('implementation', r.implementation, list(j.実施方法));
  eq('mainPolicy', r.mainPolicy, list(j.主要施策));
  const rows = arr(j.予算).map(obj).filter((x): x is Obj => x !== null);
  eq('budget (rows)', r.budget.length, rows.length, same);
  for (const row of rows) {
    const fy = num(row.年度);
    const isRequest = '要求額' in row && !('当初予算' in row);
    const b = r.budget.find((x) => x.fiscalYear === fy && x.isRequest === isRequest);
    const i = b ? r.budget.indexOf(b) : -1;
    const cell = (label: string, prop: 'initial' | 'supplementary' | 'carriedIn' | 'carriedOut' | 'reserve' | 'total' | 'executed', file: Json | undefined) => {
      fieldChecks++;
      const outcome = amount(rel, r, i >= 0 ? `budget.${i}.${prop}` : 'budget', `予算 ${fy} ${label}`, b?.[prop], file);
      if (outcome !== 'same' && outcome !== 'withheld') problems.push(outcome);
    };
    if (isRequest) {
      cell('要求額', 'initial', row.要求額);
      continue;
    }
    for (const [label, prop] of [['当初予算', 'initial'], ['補正予算', 'supplementary'], ['前年度から繰越し', 'carriedIn'], ['翌年度へ繰越し', 'carriedOut'], ['予備費等', 'reserve'], ['予算計', 'total'], ['執行額', 'executed']] as const) cell(label, prop, row[label]);
  }
  const recipients = arr(j.支出先).map(obj).filter((x): x is Obj => x !== null && typeof x.支出先名 === 'string' && x.支出先名.trim() !== '');
  eq('recipients (rows)', r.recipients.length, recipients.length, same);
  recipients.forEach((x, i) => {
    const rr = r.recipients[i];
    eq(`recipients[${i}].name`, rr?.name, x.支出先名);
    eq(`recipients[${i}].corporateNumber`, rr?.corporateNumber ?? null, x.法人番号 === null || x.法人番号 === undefined || t(x.法人番号) === '' ? null : t(x.法人番号), undefined, `recipients.${i}.corporateNumber`);
    fieldChecks++;
    const outcome = amount(rel, r, `recipients.${i}.amount`, `支出先[${i}] 支出額`, rr?.amount, x.支出額);
    if (outcome !== 'same' && outcome !== 'withheld') problems.push(outcome);
    eq(`recipients[${i}].block`, rr?.block ?? null, x.グループ ?? null);
  });
  const outcomes = arr(j.アウトカム).map(obj).filter((x): x is Obj => x !== null);
  eq('outcomes (rows)', r.outcomes.length, outcomes.length, same);
  outcomes.forEach((x, i) => {
    const o = r.outcomes[i];
    eq(`outcomes[${i}].goal`, o?.goal, x.成果目標, undefined, `outcomes.${i}.goal`);
    eq(`outcomes[${i}].indicator`, o?.indicator, x.成果指標, undefined, `outcomes.${i}.indicator`);
    eq(`outcomes[${i}].finalTarget`, o?.finalTarget ?? null, num(x.目標値), same, `outcomes.${i}.finalTarget`);
    const vals = arr(x.成果実績).map(obj).filter((v): v is Obj => v !== null && num(v.年度) !== null);
    eq(`outcomes[${i}].values`, JSON.stringify(o?.values.map((v) => [v.fiscalYear, v.actual, v.target])), JSON.stringify(vals.map((v) => [num(v.年度), num(v.成果実績), num(v.目標値)])), same);
  });
  const activities = arr(j.アウトプット).map(obj).filter((x): x is Obj => x !== null);
  eq('activities (rows)', r.activities.length, activities.length, same);
  activities.forEach((x, i) => {
    const a = r.activities[i];
    eq(`activities[${i}].indicator`, a?.indicator, x.活動指標, undefined, `activities.${i}.indicator`);
    const vals = arr(x.活動実績).map(obj).filter((v): v is Obj => v !== null && num(v.年度) !== null);
    eq(`activities[${i}].values`, JSON.stringify(a?.values.map((v) => [v.fiscalYear, v.actual, v.planned])), JSON.stringify(vals.map((v) => [num(v.年度), num(v.活動実績), num(v.当初見込み)])), same);
  });
  // An entry without a 事業番号 names no sheet: the importer leaves it out with a warning naming it.
  const past = arr(j.関連する過去のレビューシート).map(obj);
  const numbered = past.filter((x) => x !== null && [1, 2, 3].some((k) => t(x[`事業番号${k}`]) !== '' || t(x.事業番号) !== ''));
  eq('pastNumbers (rows)', r.pastNumbers.length, numbered.length, same);
  past.forEach((x, i) => {
    if (x === null || numbered.includes(x)) return;
    fieldChecks++;
    const w = r.warnings.find((w) => w.field === 'pastNumbers' && w.message.startsWith(`関連する過去のレビューシート[${i}] `));
    if (w) withheld.push({ where: `${rel} → ${r.id} 関連する過去のレビューシート[${i}] (pastNumbers)`, value: null, warning: w.message });
    else problems.push(`${rel} → ${r.id}: 関連する過去のレビューシート[${i}] has no 事業番号 and the record has no warning naming it`);
  });
}

console.log(`JUDGIT verify: ${files.length} readable JSON files (${unreadable} unreadable, not expected in the records), ${citing.size} records cite them`);
console.log('sheet year   files  records');
for (const [y, e] of [...perYear].sort((a, b) => a[0] - b[0])) {
  console.log(`  ${y}  ${String(e.files).padStart(8)} ${String(e.records.size).padStart(8)} ${e.files === e.records.size ? 'OK' : 'MISMATCH'}`);
  if (e.files !== e.records.size) problems.push(`sheet year ${y}: ${e.files} files, ${e.records.size} records`);
}
const totals = new Map<number, Sum>();
for (const [k, w] of want) {
  const [y, , fy] = k.split('|');
  if (Number(fy) !== Number(y) - 1) continue;
  const s = totals.get(Number(y)) ?? { initial: 0, executed: 0 };
  s.initial += w.initial;
  s.executed += w.executed;
  totals.set(Number(y), s);
}
console.log(`${sumChecks} sums (sheet year × ministry × budget year) of 当初予算 and 執行額 compared to the yen (net of withheld amounts); the previous budget year per sheet year, all ministries (yen):`);
for (const [y, s] of [...totals].sort((a, b) => a[0] - b[0])) console.log(`  ${y}: 当初予算 ${s.initial.toLocaleString('en')}  執行額 ${s.executed.toLocaleString('en')}`);
console.log(`${sample.length} sampled sheets, ${fieldChecks} field checks; amounts compared that have a fraction of a yen in the file (expected empty in the record, with a warning): ${fractionalYen}`);
const withheldAmounts = withheld.filter((w) => w.value !== null);
const withheldEntries = withheld.filter((w) => w.value === null);
if (withheldAmounts.length > 0) {
  const total = withheldAmounts.reduce((a, w) => a + w.value!, 0);
  console.log(`${withheldAmounts.length} amounts withheld by the importer with a warning on the field (${withheldFromSums} of them 当初予算/執行額 cells, left out of both sides of the sums; file values to the nearest yen total ${total.toLocaleString('en')} yen):`);
  for (const w of withheldAmounts.slice(0, 20)) console.log(`  ${w.where}: ${w.value!.toLocaleString('en')} yen in the file — ${w.warning}`);
  if (withheldAmounts.length > 20) console.log(`  … ${withheldAmounts.length - 20} more`);
}
if (withheldEntries.length > 0) {
  console.log(`${withheldEntries.length} values or entries withheld by the importer with a warning naming them (sampled sheets):`);
  for (const w of withheldEntries.slice(0, 20)) console.log(`  ${w.where} — ${w.warning}`);
  if (withheldEntries.length > 20) console.log(`  … ${withheldEntries.length - 20} more`);
}
if (merged.length > 0) console.log(`${merged.length} sheets merged with a text or RS source (that source is primary; not in the sums or the sample): ${merged.map((f) => byFile.get(f.rel)![0]!.id).join(', ')}`);
if (problems.length > 0) {
  console.log(`\n${problems.length} problems:`);
  for (const p of problems.slice(0, 50)) console.log(`  ${p}`);
  process.exit(1);
}
console.log('all agree');
