/**
 * Flatten a zod object schema into CSV columns, reading the structure from the schema so
 * fields the parsers add later appear in the tables without a second definition:
 * scalar fields become columns (same name); nested objects become prefixed columns
 * (`policy.area` → `policyArea`); arrays of objects are left to their own tables, and so are
 * arrays of scalars (a cell never packs a list: `-220000000; 0; 0` cannot be summed), which
 * are returned in `lists` for the caller to publish as rows (tables.ts, listTables).
 */
import { z } from 'zod';
import type { Cell, Column, Row } from './tables.ts';

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

// Used only when a nested schema field has no `.meta({ title })` of its own, so every
// published column still carries a Japanese label; schema titles always win.
const FALLBACK_TITLES: Record<string, string> = {
  id: 'ID', name: '名称', ministry: '府省庁', bureau: '部局', division: '課室', responsible: '責任者', number: '番号', kind: '種別', term: '期間', text: '内容',
  note: '備考', reason: '理由', url: 'URL', item: '項目', label: '区分', amount: '金額', account: '会計', subAccount: '勘定', accountType: '会計区分', fiscalYear: '年度（西暦）',
  initial: '当初予算', supplementary: '補正予算', carriedIn: '前年度から繰越し', reserve: '予備費等', total: '計', executed: '執行額', request: '要求額', wish: '要望額',
  target: '対象', rate: '率', cap: '上限', relation: '関連性', lawId: '法令ID', article: '条', paragraph: '項', source: '出典', year: '年度（西暦）', content: '内容', response: '対応',
  status: '状況', detail: '詳細', amountGeneral: '一般会計の反映額', from: '支出元', to: '支出先',
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

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
export function flatten(obj: z.ZodObject, opts: { prefix?: string; titlePrefix?: string; exclude?: ReadonlySet<string>; lists?: boolean; path?: string } = {}): Flat {
  const columns: Column[] = [];
  const lists: ListField[] = [];
  const getters: Array<(v: Record<string, unknown> | null | undefined, row: Row) => void> = [];
  for (const [key, schema] of Object.entries(obj.shape)) {
    if (opts.exclude?.has(key)) continue;
    const name = opts.prefix ? `${opts.prefix}${cap(key)}` : key;
    const own = titleOf(schema);
    // A field's own title is specific enough; a fallback label is qualified by its parent's.
    const title = own ?? `${opts.titlePrefix ?? ''}${FALLBACK_TITLES[key] ?? key}`;
    const kind = kindOf(schema);
    if (kind === 'scalar') {
      const s = schema as unknown as z.ZodType;
      const meta = s.meta() ?? {};
      // Without a description of its own, a column at least says where it sits in the JSON.
      const described = descriptionOf(schema) !== null;
      columns.push({ name, schema: own && described ? s : s.meta({ ...meta, title, ...(described ? {} : { description: `JSON の ${opts.path ?? ''}${key}` }) }) });
      getters.push((v, row) => {
        row[name] = ((v?.[key] ?? null) as Cell);
      });
    } else if (kind === 'object') {
      const inner = flatten(unwrap(schema) as unknown as z.ZodObject, { prefix: name, titlePrefix: `${title}：`, path: `${opts.path ?? ''}${key}.` });
      // A nullable object (previousSheet: null) leaves all its columns empty, whatever its fields require.
      const optional = unwrap(schema) !== (schema as unknown as Inspect);
      columns.push(...(optional ? inner.columns.map((c) => ({ name: c.name, schema: c.schema.nullable() as unknown as z.ZodType })) : inner.columns));
      getters.push((v, row) => Object.assign(row, inner.get(v?.[key])));
    } else if (kind === 'scalar-array' && opts.lists) {
      lists.push({ key, title, description: descriptionOf(schema), element: unwrap(schema).def.element as unknown as z.ZodType });
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
