/**
 * The original text kept beside a record, so its page can show it with a line anchor for every
 * value's provenance (records folder `sources/<id>.json`). Legacy text and JUDGIT JSON: the
 * file's lines. RS CSV: per table, the header and the project's rows with their row numbers.
 */
import { z } from 'zod';
import { SourceLayout } from './common.ts';

export const SourceTable = z.object({
  header: z.array(z.string()),
  /** `row`: the 1-based data row in the table file (the header is row 0), as provenance cites it. */
  rows: z.array(z.object({ row: z.number().int().min(1), cells: z.array(z.string()) })),
});

export const SourceText = z.object({
  id: z.string(),
  file: z.string(),
  layout: SourceLayout,
  /** Other sources of a merged sheet (e.g. the JUDGIT JSON beside the text sheet), shown after the primary. */
  get alternates() {
    return z.array(SourceText).optional();
  },
  lines: z.array(z.string()).optional(),
  tables: z.record(z.string(), SourceTable).optional(),
});

export type SourceText = z.infer<typeof SourceText>;
