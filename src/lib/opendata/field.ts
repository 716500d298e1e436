/**
 * Column descriptions read from the zod schemas themselves, so the CSV headers, the
 * datapackage.json and the /data/ page's data dictionary cannot drift from the records.
 * A column's type, nullability, enum values and its Japanese title / unit / description
 * all come from the schema of the record field it was flattened from.
 */
import type { z } from 'zod';

/** Frictionless Table Schema field types this portal emits. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean';

export interface FieldInfo {
  type: FieldType;
  /** False when the schema allows null (the CSV cell is then empty). */
  required: boolean;
  title: string | null;
  unit: string | null;
  description: string | null;
  enum: string[] | null;
  minimum: number | null;
  maximum: number | null;
}

interface Meta {
  title?: string;
  unit?: string;
  description?: string;
}

// zod's public types don't expose `def` uniformly across wrappers; read it structurally.
interface Inspectable {
  def: { type: string; innerType?: Inspectable; values?: unknown[]; entries?: Record<string, unknown> };
  meta(): Meta | undefined;
  isInt?: boolean;
  minValue?: number | null;
  maxValue?: number | null;
  options?: unknown[];
}

/**
 * Describe one column from its zod schema. Wrappers (nullable, optional, default) are
 * peeled; metadata is taken from the outermost schema that has it, so
 * `Yen.meta({ title: '当初予算' })` wins over `Yen`'s generic title.
 */
export function describeField(schema: z.ZodType): FieldInfo {
  let info = cache.get(schema);
  if (!info) cache.set(schema, (info = inspect(schema)));
  return info;
}

// Flattening calls this for every column of every record; schemas are immutable, so memoise.
const cache = new WeakMap<z.ZodType, FieldInfo>();

function inspect(schema: z.ZodType): FieldInfo {
  let s = schema as unknown as Inspectable;
  let required = true;
  const meta: Meta = {};
  const take = (m: Meta | undefined) => {
    if (!m) return;
    if (meta.title === undefined && m.title) meta.title = m.title;
    if (meta.unit === undefined && m.unit) meta.unit = m.unit;
    if (meta.description === undefined && m.description) meta.description = m.description;
  };
  take(s.meta());
  for (;;) {
    const t = s.def.type;
    if ((t === 'nullable' || t === 'optional' || t === 'default' || t === 'readonly') && s.def.innerType) {
      required = false;
      s = s.def.innerType;
      take(s.meta());
      continue;
    }
    break;
  }
  const info: FieldInfo = { type: 'string', required, title: meta.title ?? null, unit: meta.unit ?? null, description: meta.description ?? null, enum: null, minimum: null, maximum: null };
  switch (s.def.type) {
    case 'number': {
      info.type = s.isInt ? 'integer' : 'number';
      const safe = 9007199254740991;
      if (typeof s.minValue === 'number' && Number.isFinite(s.minValue) && Math.abs(s.minValue) !== safe) info.minimum = s.minValue;
      if (typeof s.maxValue === 'number' && Number.isFinite(s.maxValue) && Math.abs(s.maxValue) !== safe) info.maximum = s.maxValue;
      break;
    }
    case 'boolean':
      info.type = 'boolean';
      break;
    case 'enum':
      info.enum = Object.values(s.def.entries ?? {}).map(String);
      break;
    case 'literal':
      info.enum = (s.def.values ?? []).map(String);
      break;
    case 'string':
      break;
    default:
      throw new Error(`open data: a CSV column must be a scalar schema, got ${s.def.type}`);
  }
  return info;
}
