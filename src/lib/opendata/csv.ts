/**
 * The two CSV flavours of the snapshot, both in csv-stringify's RFC 4180 quoting (see csvChunk):
 *
 * - `excel` — for people: UTF-8 **with BOM** (so Excel in Japan does not guess Shift_JIS and
 *   show mojibake), CRLF line ends, text cells that a spreadsheet would run as a formula
 *   prefixed with `'`, and digit strings Excel would turn into numbers (ids with a leading
 *   zero, 法人番号) written as `="…"` so they stay text (excelText). Numeric columns are written as numbers and never touched, so `-5491000000`
 *   stays a negative number. Published at /data/csv/<table>.csv and /data/<collection>/<id>.csv.
 * - `plain` — for programs: UTF-8 without BOM, LF line ends, values exactly as in the JSON
 *   (no neutralisation). Published at /data/csv-utf8/<table>.csv.
 *
 * Both: header row of column names, empty cell = null, booleans `true`/`false`.
 */
import type { Options } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { describeField } from './field.ts';
import type { Cell, Column, Row } from './row.ts';

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

// A text cell of digits that Excel would turn into a number and so change: a leading zero is
// dropped (`0333` → 333), and from 12 digits on it shows in exponent form (`1.02E+12` for a
// 法人番号), which is what a re-saved file then holds; from 16 digits on digits are lost.
const EXCEL_NUMBER_LIKE = /^(?:0\d+|\d{12,})$/;

/**
 * A text cell as the Excel flavour writes it: a digit string Excel would change is written as
 * the text formula `="0333"` (shown and kept as the text 0333 when the file is opened); any other
 * text that would run as a formula is neutralised (neutraliseFormula).
 */
export function excelText(text: string): string {
  return EXCEL_NUMBER_LIKE.test(text) ? `="${text}"` : neutraliseFormula(text);
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
      out[i] = excelText(v);
    } else out[i] = v;
  }
  return out;
}

// Keep full precision and never exponent notation for the integers we publish (yen).
const castNumber = (n: number) => (Number.isInteger(n) && Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n));

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
      number: castNumber,
    },
  };
}

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

/** Not a cell this writer knows (a Date, an object): the chunk is left to csv-stringify. */
class Unusual extends Error {}

/**
 * One cell as csv-stringify writes it with `csvOptions`: null → empty, booleans `true`/`false`,
 * numbers by `cast.number`, and a value quoted (inner quotes doubled) when it holds a quote,
 * a comma, CR or LF — `quoted_match: /[\r\n]/` and RFC 4180 agree on exactly these.
 */
function cellText(v: Cell | undefined): string {
  let s: string;
  switch (typeof v) {
    case 'string':
      s = v;
      break;
    case 'number':
      s = castNumber(v);
      break;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return '';
    default:
      if (v === null) return '';
      throw new Unusual();
  }
  return NEEDS_QUOTES.test(s) ? `"${s.replace(QUOTES, '""')}"` : s;
}

function rowsText(rows: ReadonlyArray<readonly Cell[]>, eol: string): string {
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += i === 0 ? cellText(row[i]) : `,${cellText(row[i])}`;
    out += line + eol;
  }
  return out;
}

/**
 * One piece of a CSV file: the header (and BOM, if the flavour has one) only when `first`.
 * Large tables are written as consecutive chunks so no whole-file string is ever built.
 * Byte for byte what csv-stringify writes with `csvOptions(variant)` (test/opendata-csv-writer.test.ts
 * compares them), several times faster: this runs for every row and every per-record file.
 */
export function csvChunk(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>, variant: CsvVariant, first: boolean): string {
  const v = CSV_VARIANTS[variant];
  try {
    return (first ? (v.bom ? '\uFEFF' : '') + rowsText([header], v.lineTerminator) : '') + rowsText(rows, v.lineTerminator);
  } catch (e) {
    if (!(e instanceof Unusual)) throw e;
    return csvChunkStringify(header, rows, variant, first);
  }
}

/** The same chunk written by csv-stringify (the reference the fast writer is held to). */
export function csvChunkStringify(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>, variant: CsvVariant, first: boolean): string {
  const opts = csvOptions(variant);
  if (!first) opts.bom = false;
  return stringifySync(first ? [header as Cell[], ...(rows as Cell[][])] : (rows as Cell[][]), opts);
}

/** A whole CSV as a string, for small outputs (one record's rows). */
export function csvString(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>, variant: CsvVariant): string {
  return csvChunk(header, rows, variant, true);
}
