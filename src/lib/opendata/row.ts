/**
 * A row of an open-data table and its columns: the types the flattening (flatten.ts), the
 * table definitions (tables.ts) and the CSV writers share, below all of them.
 */
import type { z } from 'zod';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface Column {
  name: string;
  /** The record schema's own field: type, Japanese title, unit and description (field.ts reads them). */
  schema: z.ZodType;
}
