/**
 * Building blocks shared by every record schema.
 *
 * These zod schemas are the single source of truth: ingest validates with them,
 * the pages' records reader (lib/records.ts) loads with them, and datapackage.json is generated
 * from them. Each field carries a Japanese title and a description via `.meta()`
 * so the data page and datapackage can be rendered from the schema itself.
 */
import { z } from 'zod';
import { CORPORATE_NUMBER_PATTERN } from '../lib/normalize/corporate-number.ts';

/** Amount in yen (円). Null when the source cell was blank or a dash. */
export const Yen = z.number().int().nullable().meta({ title: '金額（円）', unit: '円' });
/** Western fiscal year (年度), e.g. 2021 for 令和3年度. */
export const FiscalYear = z.number().int().min(1900).max(2100).meta({ title: '年度（西暦）' });
export const NullableText = z.string().nullable();
/**
 * A record's id: URL-safe ASCII (it is the page's URL segment and the file name of the record),
 * stable across builds, derived from the record's identity (src/lib/ingest/ids.ts says how).
 * One definition for projects, evaluations, measures, recipients and lineages; ministries have
 * their own short lowercase ids.
 */
export const RecordId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
/** 法人番号: 13 digits (ingest checks the check digit and reports a mismatch). One definition for every record that names one. */
export const CorporateNumber = z.string().regex(CORPORATE_NUMBER_PATTERN);
/** How money leaves a spending block: `direct` (to its recipients) or `passthrough` (handed on to another block). */
export const FlowKind = z.enum(['direct', 'passthrough']);
export type FlowKind = z.infer<typeof FlowKind>;

/**
 * Where a value was read. Legacy text: [firstLine, lastLine] (1-based, inclusive) in
 * `source.file`. RS CSV: the table and the 1-based data row numbers (the header is row 0).
 */
export const LineSpan = z.tuple([z.number().int().min(1), z.number().int().min(1)]);
export const RowRef = z.object({ table: z.string(), rows: z.array(z.number().int().min(1)) });
/**
 * JUDGIT! JSON: the file and the JSON path of the value (`予算[3].当初予算`), the lines of the
 * file it spans, and for converted amounts the original value and unit (`126862.0`, `百万円`).
 * `file` names the source, so a merged record's provenance says which source gave each field.
 */
export const JsonRef = z.object({
  file: z.string(),
  path: z.string(),
  lines: LineSpan.optional(),
  original: z.string().optional(),
  unit: z.string().optional(),
});
export const ProvenanceEntry = z.union([LineSpan, RowRef, JsonRef]);
export const Provenance = z.record(z.string(), ProvenanceEntry);

export const Warning = z.object({
  field: z.string().meta({ title: '項目', description: '読み取れなかった項目（JSON のフィールドのパス）' }),
  message: z.string().meta({ title: '内容', description: '読み取れなかった理由' }),
  line: z.number().int().nullable().meta({ title: '行', description: '原資料の行番号（分かる場合）' }),
});

export const SourceLayout = z.enum(['table', 'text-flow', 'rs-csv', 'judgit-json']);
export type SourceLayout = z.infer<typeof SourceLayout>;

export const SourceInfo = z.object({
  /** File name relative to the sources folder; for rs-csv the tables read, joined by `;`; for judgit-json the JSON file. */
  file: z.string().meta({ title: '出典ファイル', description: '原資料のファイル名（sources フォルダからの相対パス。rs-csv では読んだ表の名前を ; で連結）' }),
  /** SHA-256 (hex) of the source bytes; for rs-csv, of the project's rows in every table read. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).meta({ title: '原資料の SHA-256', description: '原資料のバイト列（rs-csv ではこの事業の行）の SHA-256（16進）' }),
  layout: SourceLayout.meta({ title: '原資料の形式', description: 'table＝表形式テキスト、text-flow＝PDF から抽出したテキスト、rs-csv＝RS システムの公式 CSV、judgit-json＝JUDGIT!（行政事業レビューシートLOD）の JSON' }),
  lineCount: z.number().int().min(0).meta({ title: '行数', description: '原資料の行数' }),
  /** Detected encoding of the file (utf-8, utf-8-bom, shift_jis, utf-16le …). */
  encoding: z.string().optional().meta({ title: '文字コード', description: '原資料の文字コード（utf-8、utf-8-bom、shift_jis、utf-16le など）' }),
});

export type Warning = z.infer<typeof Warning>;
export type Provenance = z.infer<typeof Provenance>;
export type ProvenanceEntry = z.infer<typeof ProvenanceEntry>;
export type RowRef = z.infer<typeof RowRef>;
export type SourceInfo = z.infer<typeof SourceInfo>;
export type JsonRef = z.infer<typeof JsonRef>;
