/** Shapes passed between the pure ingest stages. No I/O here. */
import type { EvaluationRecord, FileReport, ProjectRecord, Warning } from '../../schemas/index.ts';

/** One input file as read from disk: its path relative to the sources folder, and its bytes. */
export interface SourceFile {
  path: string;
  bytes: Uint8Array;
}

/** The decoded text of a source file. Lines are split on LF/CRLF/CR; line N is `lines[N-1]`. */
export interface DecodedText {
  text: string;
  lines: string[];
  encoding: string;
  /** SHA-256 of the source bytes. */
  sha256: string;
  /**
   * SHA-256 of the decoded text (LF line ends, no BOM): the same document in UTF-8, Shift_JIS
   * or with CRLF hashes the same, so ids derived from it do not depend on the encoding.
   */
  textSha256?: string;
  /** What decoding had to repair (e.g. a last character cut in half), for the report. */
  warnings?: Array<{ message: string; line: number | null }>;
}

/** What a document parser returns for one file. */
export interface ParsedDocument {
  kind: 'review-sheet' | 'policy-evaluation';
  project?: ProjectRecord;
  evaluation?: EvaluationRecord;
  fieldsFound: string[];
  fieldsMissing: string[];
  warnings: Warning[];
}

/**
 * The original text kept beside a record so pages can show it with line anchors.
 * Legacy: the file's lines. RS: per table, the header and the project's rows with their row numbers.
 */
export interface SourceText {
  id: string;
  file: string;
  layout: 'table' | 'text-flow' | 'rs-csv' | 'judgit-json';
  /** Other sources of a merged sheet (e.g. the JUDGIT! JSON beside the text sheet), shown after the primary. */
  alternates?: SourceText[];
  lines?: string[];
  tables?: Record<string, { header: string[]; rows: Array<{ row: number; cells: string[] }> }>;
}

/** A legacy text document, decoded and detected, as the legacy parsers receive it. */
export interface LegacyInput {
  file: string;
  decoded: DecodedText;
  kind: 'review-sheet' | 'policy-evaluation';
  layout: 'table' | 'text-flow';
}

/**
 * Reuse of a pure computation over some input files (their paths and bytes) — the build
 * injects a content-hash cache (scripts/lib/ingest-cache.ts); by default nothing is reused.
 */
export type Memo = <T>(kind: string, inputs: SourceFile[], compute: () => T) => T;

export type { FileReport };
