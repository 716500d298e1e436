/**
 * Flatten a zod object schema into CSV columns, reading the structure from the schema so
 * fields the parsers add later appear in the tables without a second definition:
 * scalar fields become columns (same name); nested objects become prefixed columns
 * (`policy.area` → `policyArea`); arrays of objects are left to their own tables, and so are
 * arrays of scalars (a cell never packs a list: `-220000000; 0; 0` cannot be summed), which
 * are returned in `lists` for the caller to publish as rows (tables.ts, listTables).
 */
import { z } from 'zod';
import type { Cell, Column, Row } from './row.ts';

interface Def {
  type: string;
  innerType?: Inspect;
  shape?: Record<string, Inspect>;
  element?: Inspect;
}
interface Inspect {
  def: Def;
  meta(): { title?: string; description?: string } | undefined;
}

const WRAPPERS = new Set(['nullable', 'optional', 'default', 'readonly']);
const SCALARS = new Set(['string', 'number', 'boolean', 'enum', 'literal']);

export function unwrap(schema: unknown): Inspect {
  let s = schema as Inspect;
  while (WRAPPERS.has(s.def.type) && s.def.innerType) s = s.def.innerType;
  return s;
}

export function kindOf(schema: unknown): 'scalar' | 'object' | 'scalar-array' | 'object-array' | 'other' {
  const s = unwrap(schema);
  if (SCALARS.has(s.def.type)) return 'scalar';
  if (s.def.type === 'object') return 'object';
  if (s.def.type === 'array') {
    const e = unwrap(s.def.element);
    if (SCALARS.has(e.def.type)) return 'scalar-array';
    if (e.def.type === 'object') return 'object-array';
  }
  return 'other';
}

/** Title of the outermost schema layer that has one. */
export function titleOf(schema: unknown): string | null {
  let s = schema as Inspect;
  for (;;) {
    const t = s.meta()?.title;
    if (t) return t;
    if (!WRAPPERS.has(s.def.type) || !s.def.innerType) return null;
    s = s.def.innerType;
  }
}

/** Description of the outermost schema layer that has one. */
function descriptionOf(schema: unknown): string | null {
  let s = schema as Inspect;
  for (;;) {
    const d = s.meta()?.description;
    if (d) return d;
    if (!WRAPPERS.has(s.def.type) || !s.def.innerType) return null;
    s = s.def.innerType;
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A published column's title and description are its schema's own. A field without them
 * stops the build here, naming it, rather than reaching the CSV headers, datapackage.json and
 * the /data/ page with a made-up label.
 */
function requiredTitle(schema: unknown, path: string): string {
  const title = titleOf(schema);
  if (!title) throw new Error(`open data: ${path} has no title in its schema (.meta({ title }))`);
  return title;
}
function described(schema: unknown, path: string): z.ZodType {
  requiredTitle(schema, path);
  if (!descriptionOf(schema)) throw new Error(`open data: ${path} has no description in its schema (.meta({ description }))`);
  return schema as z.ZodType;
}

/** An array-of-scalars field of the flattened object: published as its own rows, one per element. */
export interface ListField {
  key: string;
  title: string;
  description: string | null;
  /** The element's schema (its metadata is the field's, so a `Yen` list keeps its unit). */
  element: z.ZodType;
}

export interface Flat {
  columns: Column[];
  get: (value: unknown) => Row;
  /** Arrays of scalars found at the top level of the object (only when `lists` is asked). */
  lists?: ListField[];
}

/**
 * Columns of an object schema. `exclude` names top-level fields handled elsewhere.
 * With `lists`, top-level arrays of scalars are returned in `lists` (the caller makes rows of
 * them); without it they are left out (a record table's id lists have tables of their own).
 */
export function flatten(obj: z.ZodObject, opts: { prefix?: string; exclude?: ReadonlySet<string>; lists?: boolean; path?: string } = {}): Flat {
  const columns: Column[] = [];
  const lists: ListField[] = [];
  const getters: Array<(v: Record<string, unknown> | null | undefined, row: Row) => void> = [];
  for (const [key, schema] of Object.entries(obj.shape)) {
    if (opts.exclude?.has(key)) continue;
    const name = opts.prefix ? `${opts.prefix}${cap(key)}` : key;
    const kind = kindOf(schema);
    if (kind === 'scalar') {
      columns.push({ name, schema: described(schema, `${opts.path ?? ''}${key}`) });
      getters.push((v, row) => {
        row[name] = ((v?.[key] ?? null) as Cell);
      });
    } else if (kind === 'object') {
      const inner = flatten(unwrap(schema) as unknown as z.ZodObject, { prefix: name, path: `${opts.path ?? ''}${key}.` });
      // A nullable object (previousSheet: null) leaves all its columns empty, whatever its fields require.
      const optional = unwrap(schema) !== (schema as unknown as Inspect);
      columns.push(...(optional ? inner.columns.map((c) => ({ name: c.name, schema: c.schema.nullable() as unknown as z.ZodType })) : inner.columns));
      getters.push((v, row) => Object.assign(row, inner.get(v?.[key])));
    } else if (kind === 'scalar-array' && opts.lists) {
      lists.push({ key, title: requiredTitle(schema, `${opts.path ?? ''}${key}`), description: descriptionOf(schema), element: unwrap(schema).def.element as unknown as z.ZodType });
    }
  }
  return {
    columns,
    ...(opts.lists ? { lists } : {}),
    get(value) {
      const row: Row = {};
      for (const g of getters) g(value as Record<string, unknown> | null | undefined, row);
      return row;
    },
  };
}

/** camelCase field name → snake_case table name (`budgetAccounts` → `budget_accounts`). */
export function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
