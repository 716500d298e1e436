/**
 * One record's CSV (/data/<collection>/<id>.csv) — what a page shows, as rows a spreadsheet opens.
 *
 * - A review sheet or policy evaluation holds many tables, so its CSV is long ("縦持ち"):
 *   one line per non-empty value, naming the table, the row within the record, the field
 *   (with its Japanese title and unit) and the value. Every value equals the cell of the
 *   same table/row/field in /data/csv/<table>.csv.
 * - A measure or ministry CSV is its projects' rows of projects.csv; a recipient CSV is its
 *   rows of recipient_payments.csv — the same columns as the corpus table.
 *
 * Always the Excel flavour (BOM, CRLF, formula neutralisation on text only).
 */
import { z } from 'zod';
import { csvString, excelText, neutraliseFormula, prepareCells, textColumns, type CsvVariant } from './csv.ts';
import { describeField } from './field.ts';
import { EVALUATION_TABLES, PROJECT_TABLES, type Cell, type Column, type TableDef, type TableMeta } from './tables.ts';
import type { EvaluationRecord, ProjectRecord } from '../../schemas/index.ts';

export const LONG_COLUMNS: Column[] = [
  { name: 'table', schema: z.string().meta({ title: '表', description: 'この値が載っている /data/csv/ の表の名前' }) },
  { name: 'row', schema: z.number().int().min(1).meta({ title: '行', description: 'この記録の中でのその表の行の順番（1から）' }) },
  { name: 'field', schema: z.string().meta({ title: '項目', description: '列名（JSON・CSV と同じ）' }) },
  { name: 'fieldTitle', schema: z.string().nullable().meta({ title: '項目名', description: '列の日本語名' }) },
  { name: 'value', schema: z.string().nullable().meta({ title: '値', description: '値（金額は円、年度は西暦）。空欄は値なし（null）' }) },
  { name: 'unit', schema: z.string().nullable().meta({ title: '単位', description: '値の単位' }) },
];

// The parent key repeats on every line of a record's own file, so it is left out.
const PARENT_KEYS = new Set(['projectId', 'evaluationId']);

interface LongField {
  name: string;
  info: ReturnType<typeof describeField>;
  title: string | null;
}

// A table's columns as the long format names them: worked out once, not per record.
const LONG_FIELDS = new WeakMap<object, LongField[]>();
function longFields(t: TableDef<unknown>): LongField[] {
  let fields = LONG_FIELDS.get(t);
  if (!fields) {
    fields = t.columns
      .filter((c) => !PARENT_KEYS.has(c.name))
      .map((c) => {
        const info = describeField(c.schema);
        return { name: c.name, info, title: info.title === null ? null : neutraliseFormula(info.title) };
      });
    LONG_FIELDS.set(t, fields);
  }
  return fields;
}

function longRows<R>(tables: ReadonlyArray<TableDef<R>>, record: R): Cell[][] {
  const out: Cell[][] = [];
  for (const t of tables) {
    const fields = longFields(t as TableDef<unknown>);
    let n = 0;
    for (const row of t.rows(record)) {
      n++;
      for (const f of fields) {
        const v = row[f.name] ?? null;
        // Empty fields are left out: a long file of blank lines helps no reader (the JSON keeps every null).
        if (v === null) continue;
        // Numbers stay numbers (negative amounts intact); only text is neutralised.
        const value = typeof v === 'string' && f.info.type === 'string' ? excelText(v) : v;
        out.push([t.name, n, f.name, f.title, value, f.info.unit]);
      }
    }
  }
  return out;
}

const LONG_HEADER = LONG_COLUMNS.map((c) => c.name);

export function projectCsv(p: ProjectRecord): string {
  return csvString(LONG_HEADER, longRows(PROJECT_TABLES, p), 'excel');
}

export function evaluationCsv(e: EvaluationRecord): string {
  return csvString(LONG_HEADER, longRows(EVALUATION_TABLES, e), 'excel');
}

/** Rows of one corpus table (e.g. projects.csv for a ministry's projects) as a standalone CSV. */
export function subsetCsv<R>(table: TableDef<R>, records: Iterable<R>, variant: CsvVariant = 'excel'): string {
  const isText = textColumns(table.columns);
  const rows: Cell[][] = [];
  for (const r of records) for (const row of table.rows(r)) rows.push(prepareCells(table.columns, isText, row, variant));
  return csvString(table.columns.map((c) => c.name), rows, variant);
}

export type { TableMeta };
