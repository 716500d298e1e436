/** The ingest report: what happened to every input file. */
import { z } from 'zod';
import { Warning } from './common.ts';

export const FileReport = z.object({
  file: z.string(),
  status: z.enum(['ok', 'partial', 'error', 'skipped']),
  kind: z.enum(['review-sheet', 'policy-evaluation', 'rs-table', 'unknown']),
  layout: z.enum(['table', 'text-flow', 'rs-csv']).nullable(),
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
  }),
});

export type FileReport = z.infer<typeof FileReport>;
export type IngestReport = z.infer<typeof IngestReport>;
