/**
 * One RS CSV file: bytes → decoded text → rows, with its table recognised by header.
 * Rows are numbered 1… after the header (the header is row 0), the numbering provenance
 * and the project pages' row anchors use. Parsing problems become messages naming the
 * file and line; a broken record is skipped, never the whole file.
 */
import type { Buffer } from 'node:buffer';
import { DecodeError } from '../decode.ts';
import { readCsv } from './csv.ts';
import { decodeTable } from './decode.ts';
import type { SourceFile } from '../types.ts';
import { recognizeTable, type Recognition } from './tables.ts';

export interface RsProblem {
  message: string;
  /** Physical line in the file (1 = header), when known. */
  line: number | null;
  /** Data row number (1-based), when the problem belongs to one row. */
  row: number | null;
}

export interface RsTable {
  file: string;
  encoding: string;
  recognition: Recognition;
  header: string[];
  /** rows[i] is data row i + 1; a record skipped for a CSV error is an empty array. */
  rows: string[][];
  /** Physical line where each data row ends (same indexing as rows). */
  lines: number[];
  warnings: RsProblem[];
}

export type ReadResult = { ok: true; table: RsTable } | { ok: false; file: string; encoding: string | null; errors: RsProblem[] };

export function readRsTable(file: SourceFile): ReadResult {
  let input: string | Buffer;
  let encoding: string;
  try {
    const decoded = decodeTable(file.bytes);
    input = decoded.input;
    encoding = decoded.encoding;
  } catch (e) {
    const line = e instanceof DecodeError ? e.line : null;
    return { ok: false, file: file.path, encoding: null, errors: [{ message: e instanceof Error ? e.message : String(e), line, row: null }] };
  }
  const warnings: RsProblem[] = [];
  const lines: number[] = [];
  // Records in file order, with an empty placeholder for one skipped as malformed, so that
  // the index of a row is its number whatever happened to the rows before it.
  const records: string[][] = [];
  try {
    readCsv(typeof input === 'string' ? input : input.toString('utf8'), {
      onSkip: (message, line) => {
        const row = records.length;
        warnings.push({ message: `CSV として読めない行を飛ばしました (skipped malformed record): ${message}`, line, row: row >= 1 ? row : null });
        records.push([]);
        lines.push(line);
      },
      onRecord: (record, line) => {
        records.push(record);
        lines.push(line);
      },
    });
  } catch (e) {
    return { ok: false, file: file.path, encoding, errors: [{ message: `CSV を解析できません (CSV parse error): ${e instanceof Error ? e.message : String(e)}`, line: null, row: null }] };
  }
  const header = records[0];
  if (!header || header.every((c) => c.trim() === '')) {
    return { ok: false, file: file.path, encoding, errors: [{ message: '見出し行がありません (no header row)', line: 1, row: null }] };
  }
  const recognition = recognizeTable(header);
  if (!recognition) {
    return {
      ok: false,
      file: file.path,
      encoding,
      errors: [{ message: `RS の表として認識できません: 見出しが 15 表のどれとも一致しません (unrecognised RS table header: ${header.slice(0, 16).join(',')}${header.length > 16 ? ',…' : ''})`, line: 1, row: null }],
    };
  }
  for (const u of recognition.unknown) warnings.push({ message: `未知の列を無視しました (unknown column ignored): ${u}`, line: 1, row: null });
  for (const m of recognition.missing) warnings.push({ message: `列がありません (missing column): ${m}`, line: 1, row: null });
  records.shift();
  lines.shift();
  return { ok: true, table: { file: file.path, encoding, recognition, header, rows: records, lines, warnings } };
}
