/**
 * The one way a schema is applied to data that came from outside the process (a parser's
 * output, a record file, the ingest report): failures become readable lines naming the field
 * (`budget.2.executed: Invalid input: expected number, received string`), `(record)` when the
 * value as a whole is wrong, instead of zod's JSON dump. Ingest puts the lines in its report
 * with the file they came from; the records reader throws them with the file's path.
 */
import type { z } from 'zod';

export type Validated<T> = { ok: true; data: T } | { ok: false; issues: string[] };

/** One readable line per problem: `path: message`. */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(record)'}: ${i.message}`);
}

/** Validate without throwing. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): Validated<z.output<S>> {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, data: r.data } : { ok: false, issues: issueLines(r.error) };
}

/** Validate, or throw an Error that names `where` (a file) and every problem, one per line. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = validate(schema, value);
  if (r.ok) return r.data;
  throw new Error(`${where}: does not match its schema:\n  ${r.issues.join('\n  ')}`);
}
