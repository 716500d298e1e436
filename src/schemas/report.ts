/** The ingest report: what happened to every input file. */
import { z } from 'zod';
import { SourceLayout, Warning } from './common.ts';

export const FileReport = z.object({
  file: z.string(),
  status: z.enum(['ok', 'partial', 'error', 'skipped']),
  kind: z.enum(['review-sheet', 'policy-evaluation', 'rs-table', 'unknown']),
  /** Sheets this file's record was merged into (another source of the same sheet). */
  mergedInto: z.string().optional(),
  layout: SourceLayout.nullable(),
  encoding: z.string().nullable(),
  recordIds: z.array(z.string()),
  fieldsFound: z.array(z.string()),
  fieldsMissing: z.array(z.string()),
  warnings: z.array(Warning),
  errors: z.array(z.object({ message: z.string(), line: z.number().int().nullable() })),
  /** RS CSV tables: which of the 15 tables the header matched, data rows read, projects fed. */
  rsTable: z.string().optional(),
  rowsRead: z.number().int().optional(),
  projectCount: z.number().int().optional(),
});

export const IngestReport = z.object({
  sourcesDir: z.string(),
  files: z.array(FileReport),
  counts: z.object({
    files: z.number().int(),
    projects: z.number().int(),
    evaluations: z.number().int(),
    measures: z.number().int(),
    ministries: z.number().int(),
    recipients: z.number().int(),
    warnings: z.number().int(),
    errors: z.number().int(),
    /** Sheets described by two sources and published as one record. */
    merged: z.number().int().optional(),
    /** Fields on which two sources of one sheet disagree (each also a warning on the record). */
    disagreements: z.number().int().optional(),
    /** Lineage links to the previous review year's sheet, by evidence (`stated`, `name` …). */
    lineageLinks: z.record(z.string(), z.number().int()).optional(),
  }),
});

export type FileReport = z.infer<typeof FileReport>;
export type IngestReport = z.infer<typeof IngestReport>;
