/** A project's rows across the RS tables, and reading a cell of one row by its (normalised) column name. */
import type { ProjectRecord, Warning } from '../../../../schemas/index.ts';
import type { SourceText } from '../../types.ts';
import type { Parsed } from '../cells.ts';
import type { RsTable } from '../read.ts';
import { normalizeHeader, type RsTableId } from '../tables.ts';

/** A project's rows in one file: row indexes into `table.rows` (row number = index + 1). */
export interface TableRows {
  table: RsTable;
  key: string;
  rows: number[];
}

export interface MapInput {
  year: number;
  budgetProjectId: string;
  /** The project's rows, per table id, in file order (a table may come from several files). */
  tables: Map<RsTableId, TableRows[]>;
}

export interface FileWarning {
  table: RsTable;
  warning: Warning;
}

export interface MapOutput {
  project: ProjectRecord;
  source: SourceText;
  /** Warnings to show in the file's report as well (with the file's line number). */
  fileWarnings: FileWarning[];
}

export interface Ref {
  t: TableRows;
  i: number;
}

const NH = new Map<string, string>();
function nh(name: string): string {
  let v = NH.get(name);
  if (v === undefined) NH.set(name, (v = normalizeHeader(name)));
  return v;
}

export function cell(ref: Ref, column: string): string | undefined {
  const idx = ref.t.table.recognition.index.get(nh(column));
  return idx === undefined ? undefined : ref.t.table.rows[ref.i]![idx];
}

export const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
export const joinNonNull = (xs: Array<string | null>, sep: string): string | null => {
  const v = uniq(xs.filter((x): x is string => x !== null && x !== ''));
  return v.length > 0 ? v.join(sep) : null;
};

export const IMPLEMENTATION = [
  ['実施方法ー直接実施', '直接実施'],
  ['実施方法ー補助', '補助'],
  ['実施方法ー負担', '負担'],
  ['実施方法ー交付', '交付'],
  ['実施方法ー分担金・拠出金', '分担金・拠出金'],
  ['実施方法ーその他', 'その他'],
] as const;

export const NO_MEASURE = /^(なし|無し|該当なし|ー|－|-|―)$/;

export function normName(name: string): string {
  return name.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

export interface Helpers {
  cell: (ref: Ref, column: string) => string | undefined;
  read: <T>(ref: Ref, column: string, parser: (c: string | undefined) => Parsed<T>, field: string) => T | null;
  warn: (ref: Ref | null, field: string, message: string) => void;
  prov: (field: string, rs: Ref[]) => void;
}
