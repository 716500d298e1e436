/**
 * Check ingested RS records against the RS CSV they came from, re-reading the CSV
 * independently of the importer (its own line splitter and field reader, no csv-parse,
 * no shared mapping code), so a bug in the importer cannot hide in its own check.
 *
 * Checks: the number of projects; per ministry, the sum of 当初予算（合計） of the summary
 * rows for the sheet year; and for every project, its budget rows (every summary row's
 * amounts, the execution rate, and the next-year request).
 *
 * Usage: SOURCES_DIR=<rs2024> RECORDS_DIR=<records> node scripts/verify-rs.ts
 * Exit code 1 when anything disagrees.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECORDS_DIR, SOURCES_DIR } from '../src/lib/env.ts';

const sourcesDir = SOURCES_DIR;
const recordsDir = RECORDS_DIR;

/** RFC 4180 record reader over a whole text: quotes, doubled quotes, CRLF or LF. */
function* records(text: string): Generator<string[]> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const row: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new Error('unterminated quote');
          field += text.slice(i, q);
          i = q + 1;
          if (text[i] === '"') {
            field += '"';
            i++;
          } else break;
        }
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\r' && text[j] !== '\n') j++;
        field = text.slice(i, j);
        i = j;
      }
      row.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      break;
    }
    yield row;
  }
}

function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('shift_jis').decode(bytes);
  }
}

const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
const ministryKey = (s: string) => s.normalize('NFKC').replace(/[\s\u3000]+/g, '');

function listCsv(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.')) out.push(...listCsv(p));
    else if (e.isFile() && /\.csv$/i.test(e.name)) out.push(p);
  }
  return out;
}

type Expected = { fiscalYear: number; initial: number | null; supplementary: number | null; carriedIn: number | null; carriedOut: number | null; reserve: number | null; total: number | null; executed: number | null; rate: number | null; request: number | null };

const yen = (c: string | undefined): number | null => {
  if (c === undefined || c.trim() === '' || /^[-－ー]+$/.test(c.trim())) return null;
  const v = Number(c.replace(/,/g, ''));
  return Number.isFinite(v) ? v : NaN;
};

const projects = new Map<string, { year: number; id: string; ministry: string; summary: Expected[] }>();
let summaryTables = 0;
for (const file of listCsv(sourcesDir)) {
  const text = decode(readFileSync(file));
  const it = records(text);
  const header = (it.next().value ?? []).map(key);
  const col = (name: string) => header.indexOf(key(name));
  const iy = col('事業年度');
  const ii = col('予算事業ID');
  const im = col('府省庁');
  if (iy < 0 || ii < 0) continue;
  const isSummary = col('当初予算（合計）') >= 0 && col('会計区分') >= 0;
  if (isSummary) summaryTables++;
  const c = {
    fy: col('予算年度'),
    initial: col('当初予算（合計）'),
    supp: col('補正予算（合計）'),
    cin: col('前年度からの繰越し（合計）'),
    res: col('予備費等（合計）'),
    total: col('計（歳出予算現額合計）'),
    exec: col('執行額（合計）'),
    rate: col('執行率'),
    cout: col('翌年度への繰越し(合計）'),
    req: col('翌年度要求額（合計）'),
    kind: col('会計区分'),
  };
  for (const row of it) {
    if (row.length === 1 && row[0] === '') continue;
    const year = Number(row[iy]);
    const id = (row[ii] ?? '').trim();
    if (!/^\d{4}$/.test(row[iy] ?? '') || !id) continue;
    const k = `${year}|${id}`;
    let p = projects.get(k);
    if (!p) projects.set(k, (p = { year, id, ministry: im >= 0 ? (row[im] ?? '') : '', summary: [] }));
    if (!isSummary) continue;
    const summaryCols = [c.initial, c.supp, c.cin, c.res, c.total, c.exec, c.rate, c.cout, c.req];
    if ((row[c.kind] ?? '') !== '' || summaryCols.every((i) => (row[i] ?? '') === '')) continue;
    const fy = Number(row[c.fy]);
    if (p.summary.some((s) => s.fiscalYear === fy)) continue;
    const rate = yen(row[c.rate]);
    p.summary.push({ fiscalYear: fy, initial: yen(row[c.initial]), supplementary: yen(row[c.supp]), carriedIn: yen(row[c.cin]), carriedOut: yen(row[c.cout]), reserve: yen(row[c.res]), total: yen(row[c.total]), executed: yen(row[c.exec]), rate: rate === null ? null : rate * 100, request: yen(row[c.req]) });
  }
}

interface BudgetRow { fiscalYear: number; initial: number | null; supplementary: number | null; carriedIn: number | null; carriedOut: number | null; reserve: number | null; total: number | null; executed: number | null; executionRate: number | null; isRequest: boolean }
const problems: string[] = [];
const expectedByMinistry = new Map<string, number>();
const actualByMinistry = new Map<string, number>();
let checkedRows = 0;
let found = 0;

for (const p of projects.values()) {
  const rid = `rs-${p.year}-${p.id.normalize('NFKC').replace(/[^A-Za-z0-9]+/g, '')}`;
  let rec: { ministry: string; budget: BudgetRow[] };
  try {
    rec = JSON.parse(readFileSync(join(recordsDir, 'projects', `${rid}.json`), 'utf8'));
    found++;
  } catch {
    problems.push(`${rid}: record missing`);
    continue;
  }
  const mk = ministryKey(p.ministry);
  const own = p.summary.find((s) => s.fiscalYear === p.year);
  expectedByMinistry.set(mk, (expectedByMinistry.get(mk) ?? 0) + (own?.initial ?? 0));
  const recOwn = rec.budget.find((b) => !b.isRequest && b.fiscalYear === p.year);
  const recMk = ministryKey(rec.ministry);
  actualByMinistry.set(recMk, (actualByMinistry.get(recMk) ?? 0) + (recOwn?.initial ?? 0));
  if (summaryTables === 0) continue;
  const actual = rec.budget.filter((b) => !b.isRequest);
  if (actual.length !== p.summary.length) problems.push(`${rid}: ${actual.length} budget years in the record, ${p.summary.length} summary rows in the CSV`);
  for (const s of p.summary) {
    const b = actual.find((x) => x.fiscalYear === s.fiscalYear);
    if (!b) {
      problems.push(`${rid}: budget ${s.fiscalYear} missing`);
      continue;
    }
    checkedRows++;
    for (const [field, want] of [['initial', s.initial], ['supplementary', s.supplementary], ['carriedIn', s.carriedIn], ['carriedOut', s.carriedOut], ['reserve', s.reserve], ['total', s.total], ['executed', s.executed]] as const) {
      if (b[field] !== want) problems.push(`${rid}: budget ${s.fiscalYear} ${field} = ${b[field]}, CSV says ${want}`);
    }
    if ((b.executionRate === null) !== (s.rate === null) || (s.rate !== null && Math.abs(b.executionRate! - s.rate) > 1e-6)) problems.push(`${rid}: budget ${s.fiscalYear} executionRate = ${b.executionRate}, CSV says ${s.rate}`);
  }
  const req = rec.budget.filter((b) => b.isRequest);
  const wantReq = own?.request ?? null;
  if (wantReq === null ? req.length !== 0 : req.length !== 1 || req[0]!.fiscalYear !== p.year + 1 || req[0]!.initial !== wantReq) {
    problems.push(`${rid}: request ${JSON.stringify(req.map((r) => [r.fiscalYear, r.initial]))}, CSV says ${wantReq} for ${p.year + 1}`);
  }
}

const recordCount = readdirSync(join(recordsDir, 'projects')).filter((f) => /^rs-\d{4}-/.test(f)).length;
if (recordCount !== projects.size) problems.push(`project count: ${recordCount} rs-* records, ${projects.size} distinct (事業年度, 予算事業ID) in the CSV`);
const ministries = [...new Set([...expectedByMinistry.keys(), ...actualByMinistry.keys()])].sort();
const lines: string[] = [];
let total = 0;
for (const m of ministries) {
  const want = expectedByMinistry.get(m) ?? 0;
  const got = actualByMinistry.get(m) ?? 0;
  total += want;
  lines.push(`  ${m.padEnd(22, '　')} ${String(want).padStart(18)} ${got === want ? 'OK' : `MISMATCH (records: ${got})`}`);
  if (got !== want) problems.push(`ministry ${m}: sum of 当初予算 ${got} in records, ${want} in CSV`);
}
console.log(`RS verify: ${projects.size} projects in the CSV, ${recordCount} rs-* records (${found} matched), ${checkedRows} budget rows compared`);
console.log(`当初予算（合計）, sheet year, per ministry (yen):`);
console.log(lines.join('\n'));
console.log(`  total ${total}`);
if (problems.length > 0) {
  console.log(`\n${problems.length} problems:`);
  for (const p of problems.slice(0, 50)) console.log(`  ${p}`);
  process.exit(1);
}
console.log('all agree');
