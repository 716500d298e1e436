/**
 * The two CSV flavours of the snapshot, both written by csv-stringify (RFC 4180 quoting):
 *
 * - `excel` — for people: UTF-8 **with BOM** (so Excel in Japan does not guess Shift_JIS and
 *   show mojibake), CRLF line ends, and text cells that a spreadsheet would run as a formula
 *   prefixed with `'`. Numeric columns are written as numbers and never touched, so `-5491000000`
 *   stays a negative number. Published at /data/csv/<table>.csv and /data/<collection>/<id>.csv.
 * - `plain` — for programs: UTF-8 without BOM, LF line ends, values exactly as in the JSON
 *   (no neutralisation). Published at /data/csv-utf8/<table>.csv.
 *
 * Both: header row of column names, empty cell = null, booleans `true`/`false`.
 */
import type { Options } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { describeField } from './field.ts';
import type { Cell, Column, Row } from './tables.ts';

export type CsvVariant = 'excel' | 'plain';

export const CSV_VARIANTS: Record<CsvVariant, { dir: string; bom: boolean; lineTerminator: '\r\n' | '\n'; neutralised: boolean; label: string }> = {
  excel: { dir: 'csv', bom: true, lineTerminator: '\r\n', neutralised: true, label: 'Excel 用（UTF-8 BOM 付き・CRLF・数式無害化）' },
  plain: { dir: 'csv-utf8', bom: false, lineTerminator: '\n', neutralised: false, label: 'プログラム用（UTF-8 BOM なし・LF・値は JSON と同一）' },
};

// ASCII triggers always (OWASP CSV injection list); full-width forms only when something follows,
// because a lone `－` is common Japanese for "none" and cannot be a formula.
const FORMULA_START = /^[=+\-@\t\r]/;
const FULLWIDTH_FORMULA_START = /^[＝＋－＠]./su;

/** Prefix `'` to a text cell a spreadsheet would evaluate (`=HYPERLINK(…)`, `+1`, `@SUM`, `-1+2`, tab/CR-led). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) || FULLWIDTH_FORMULA_START.test(text) ? `'${text}` : text;
}

/** Per column: whether its cells are text (and so subject to neutralisation in the Excel flavour). */
export function textColumns(columns: readonly Column[]): boolean[] {
  return columns.map((c) => describeField(c.schema).type === 'string');
}

/** Turn a row into the cells csv-stringify receives for the chosen flavour. */
export function prepareCells(columns: readonly Column[], isText: readonly boolean[], row: Row, variant: CsvVariant): Cell[] {
  const out: Cell[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const v = row[columns[i]!.name] ?? null;
    if (v !== null && typeof v !== 'string' && isText[i]) {
      out[i] = String(v);
    } else if (typeof v === 'string' && variant === 'excel' && isText[i]) {
      out[i] = neutraliseFormula(v);
    } else out[i] = v;
  }
  return out;
}

export function csvOptions(variant: CsvVariant): Options {
  const v = CSV_VARIANTS[variant];
  return {
    bom: v.bom,
    record_delimiter: v.lineTerminator,
    // RFC 4180: a field containing CR or LF must be quoted; csv-stringify only quotes the
    // record delimiter itself, so a lone LF inside a CRLF file would otherwise go unquoted.
    quoted_match: /[\r\n]/,
    cast: {
      boolean: (b: boolean) => (b ? 'true' : 'false'),
      // Keep full precision and never exponent notation for the integers we publish (yen).
      number: (n: number) => (Number.isInteger(n) && Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n)),
    },
  };
}

/**
 * One piece of a CSV file: the header (and BOM, if the flavour has one) only when `first`.
 * Large tables are written as consecutive chunks so no whole-file string is ever built.
 */
export function csvChunk(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>, variant: CsvVariant, first: boolean): string {
  const opts = csvOptions(variant);
  if (!first) opts.bom = false;
  return stringifySync(first ? [header as Cell[], ...(rows as Cell[][])] : (rows as Cell[][]), opts);
}

/** A whole CSV as a string, for small outputs (one record's rows). */
export function csvString(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>, variant: CsvVariant): string {
  return csvChunk(header, rows, variant, true);
}
