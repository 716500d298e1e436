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

/** The original text kept beside a record (its schema: src/schemas/source-text.ts). */
export type { SourceText } from '../../schemas/source-text.ts';

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
