/**
 * RS system CSV import (行政事業レビュー見える化サイト, 2024+): any subset of the 15 tables,
 * recognised by header, in UTF-8 (with or without BOM) or Shift_JIS. Every (事業年度,
 * 予算事業ID) found in any table becomes one review-sheet record (`rs-<year>-<id>`),
 * validated with the shared schema. Per-file reports say how many rows were read, which
 * projects they fed, and every problem with its file and line.
 */
import { ProjectRecord, validate, type FileReport, type Warning } from '../../../schemas/index.ts';
import type { Memo, SourceFile, SourceText } from '../types.ts';
import { text } from './cells.ts';
import { mapProject } from './map/index.ts';
import type { TableRows } from './map/refs.ts';
import { readRsTable, type RsTable } from './read.ts';
import { normalizeHeader, type RsTableId } from './tables.ts';

export interface RsImportResult {
  projects: ProjectRecord[];
  sources: SourceText[];
  fileReports: Array<Partial<FileReport> & { file: string }>;
}

/** Per-file report plus the RS-specific counts a reader wants (rows read, projects fed). */
export type RsFileReport = Partial<FileReport> & { file: string };

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The table whose rows define projects (組織情報): every other table's rows join one of them. */
const DEFINING_TABLE: RsTableId = '1-1';
/** The form of 予算事業ID in every official file: digits (e.g. `2661`, `12345`). */
export const BUDGET_PROJECT_ID = /^\d{1,12}$/;

/**
 * `memo` lets the build reuse a table's parse while its bytes are unchanged (a content-hash
 * cache, scripts/lib/ingest-cache.ts): reading the CSV is most of an unchanged table's cost.
 */
export function importRsTables(files: SourceFile[], memo: Memo = (_kind, _inputs, compute) => compute()): RsImportResult & { fileReports: RsFileReport[] } {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const reports = new Map<string, RsFileReport & { warnings: Warning[]; errors: FileReport['errors']; recordIds: string[] }>();
  const tables: RsTable[] = [];
  for (const f of sorted) {
    const rep: RsFileReport & { warnings: Warning[]; errors: FileReport['errors']; recordIds: string[] } = { file: f.path, status: 'ok' as FileReport['status'], kind: 'rs-table' as const, layout: 'rs-csv' as const, encoding: null as string | null, recordIds: [] as string[], fieldsFound: [] as string[], fieldsMissing: [] as string[], warnings: [] as Warning[], errors: [] as FileReport['errors'] };
    reports.set(f.path, rep);
    const r = memo('rs-table', [f], () => readRsTable(f));
    if (!r.ok) {
      rep.status = 'error';
      rep.encoding = r.encoding;
      for (const e of r.errors) rep.errors.push({ message: `${f.path}: ${e.message}`, line: e.line });
      continue;
    }
    const t = r.table;
    rep.encoding = t.encoding;
    rep.rsTable = `${t.recognition.table.id} ${t.recognition.table.title}`;
    rep.fieldsFound = t.recognition.table.columns.filter((c) => t.recognition.index.has(normalizeHeader(c)));
    rep.fieldsMissing = t.recognition.missing;
    for (const w of t.warnings) rep.warnings.push({ field: '(table)', message: `${w.row !== null ? `行 ${w.row}: ` : ''}${w.message}`, line: w.line });
    tables.push(t);
  }

  // Table key used in provenance and row anchors: the file's base name, unless two files share it.
  const baseCount = new Map<string, number>();
  for (const t of tables) baseCount.set(baseName(t.file), (baseCount.get(baseName(t.file)) ?? 0) + 1);
  const keyOf = (t: RsTable) => (baseCount.get(baseName(t.file))! > 1 ? t.file : baseName(t.file));

  // Group rows by project: (事業年度, 予算事業ID).
  const projects = new Map<string, { year: number; bpid: string; tables: Map<RsTableId, TableRows[]> }>();
  for (const t of tables) {
    const rep = reports.get(t.file)!;
    const yi = t.recognition.index.get(normalizeHeader('事業年度'))!;
    const ii = t.recognition.index.get(normalizeHeader('予算事業ID'))!;
    const width = t.header.length;
    let read = 0;
    const fed = new Set<string>();
    let current: { key: string; rows: TableRows } | null = null;
    const duplicates = new Set<string>();
    for (let i = 0; i < t.rows.length; i++) {
      const row = t.rows[i]!;
      if (row.length === 0) continue; // malformed record, already reported
      if (row.length === 1 && row[0]!.trim() === '') continue; // empty line
      read++;
      if (row.length !== width) rep.warnings.push({ field: '(table)', message: `行 ${i + 1}: 列数が見出しと異なります (${row.length} 列、見出しは ${width} 列) (column count differs from header)`, line: t.lines[i] ?? null });
      const yearText = text(row[yi])?.normalize('NFKC');
      const bpid = text(row[ii])?.normalize('NFKC').replace(/\s+/g, '');
      const year = yearText && /^\d{4}$/.test(yearText) ? Number(yearText) : null;
      // 予算事業ID is a number in every official file; anything else (`../../etc`, `CON`) is
      // refused before it can become a record id or a URL, not slugged.
      if (year === null || year < 2000 || year > 2100 || !bpid || !BUDGET_PROJECT_ID.test(bpid)) {
        rep.warnings.push({ field: '(table)', message: `行 ${i + 1}: 事業年度または予算事業IDが読めないため無視しました (row without a valid 事業年度/予算事業ID ignored): 事業年度="${row[yi] ?? ''}", 予算事業ID="${row[ii] ?? ''}"`, line: t.lines[i] ?? null });
        continue;
      }
      const key = `${year}\u001f${bpid}`;
      fed.add(key);
      // Rows of one project are adjacent in the official files: reuse the last group.
      if (current && current.key === key) {
        current.rows.rows.push(i);
        continue;
      }
      let p = projects.get(key);
      if (!p) projects.set(key, (p = { year, bpid, tables: new Map() }));
      const list = p.tables.get(t.recognition.table.id) ?? [];
      p.tables.set(t.recognition.table.id, list);
      let tr = list.find((x) => x.table === t);
      if (!tr && list.length > 0) {
        // The same table from a second file naming a project already read: a duplicate identity.
        // The first file (in path order) is kept, so another file can never change a published project.
        if (!duplicates.has(key)) {
          duplicates.add(key);
          rep.errors.push({ message: `${t.file}: 同じ識別子 (事業年度 ${year}, 予算事業ID ${bpid}) の ${t.recognition.table.id} 表の行が既に ${list[0]!.table.file} にあります。この行は取り込みません (duplicate identity; rows ignored)`, line: t.lines[i] ?? null });
        }
        continue;
      }
      if (!tr) list.push((tr = { table: t, key: keyOf(t), rows: [] }));
      tr.rows.push(i);
      current = { key, rows: tr };
    }
    rep.rowsRead = read;
    rep.projectCount = fed.size;
    if (read === 0) rep.warnings.push({ field: '(table)', message: 'データ行がありません (table has a header but no data rows)', line: null });
  }

  // Orphans: 1-1 (組織情報) is the table that defines projects. For a year it covers, a row
  // whose key has no 1-1 row is reported with its file, line and key and joins nothing — a
  // project named after a secondary row would be a record no defining row supports. A year no
  // 1-1 table covers (a subset of tables was given) is read from the tables there are.
  const defined = new Map<number, Set<string>>();
  for (const [key, p] of projects) {
    if (!p.tables.has(DEFINING_TABLE)) continue;
    const ys = defined.get(p.year) ?? new Set<string>();
    defined.set(p.year, ys.add(key));
  }
  for (const [key, p] of [...projects]) {
    const keys = defined.get(p.year);
    if (!keys || keys.has(key)) continue;
    projects.delete(key);
    for (const list of p.tables.values()) {
      for (const tr of list) {
        const rep = reports.get(tr.table.file)!;
        for (const i of tr.rows) {
          rep.errors.push({ message: `${tr.table.file} 行 ${i + 1}: 予算事業ID ${p.bpid} (事業年度 ${p.year}) の行がありますが、${DEFINING_TABLE} 表にこの事業がないため取り込みません (orphan row: no ${DEFINING_TABLE} row defines this project)`, line: tr.table.lines[i] ?? null });
        }
      }
    }
  }

  // Projects in a stable order: year, then numeric 予算事業ID.
  const keys = [...projects.keys()].sort((a, b) => {
    const pa = projects.get(a)!;
    const pb = projects.get(b)!;
    if (pa.year !== pb.year) return pa.year - pb.year;
    const na = Number(pa.bpid);
    const nb = Number(pb.bpid);
    if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
    return pa.bpid < pb.bpid ? -1 : pa.bpid > pb.bpid ? 1 : 0;
  });
  const out: ProjectRecord[] = [];
  const sources: SourceText[] = [];
  for (const key of keys) {
    const p = projects.get(key)!;
    const filesOf = [...p.tables.values()].flat().map((t) => t.table.file);
    const blame = reports.get(filesOf[0]!)!;
    let mapped;
    try {
      mapped = mapProject({ year: p.year, budgetProjectId: p.bpid, tables: p.tables });
    } catch (e) {
      blame.errors.push({ message: `${blame.file}: 予算事業ID ${p.bpid} (${p.year}) を変換できませんでした (mapping error): ${e instanceof Error ? e.message : String(e)}`, line: null });
      continue;
    }
    const v = validate(ProjectRecord, mapped.project);
    if (!v.ok) {
      for (const m of v.issues.slice(0, 5)) blame.errors.push({ message: `${blame.file}: ${mapped.project.id} スキーマ検証エラー (schema): ${m}`, line: null });
      continue;
    }
    out.push(v.data);
    sources.push(mapped.source);
    for (const f of new Set(filesOf)) reports.get(f)!.recordIds.push(v.data.id);
    for (const fw of mapped.fileWarnings) reports.get(fw.table.file)!.warnings.push(fw.warning);
  }

  for (const rep of reports.values()) {
    if (rep.errors.length > 0) rep.status = 'error';
    else if (rep.warnings.length > 0) rep.status = 'partial';
  }
  return { projects: out, sources, fileReports: [...reports.values()] };
}
