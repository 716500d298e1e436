/**
 * datapackage.json (Frictionless Data Package v2) generated from the table definitions,
 * whose columns are the record schemas' own fields: names, types, required-ness, enum
 * values, Japanese titles, units and descriptions all come from `src/schemas/`.
 */
import { describeField, type FieldInfo } from './field.ts';
import { CSV_VARIANTS, type CsvVariant } from './csv.ts';
import type { TableMeta } from './tables.ts';
import { LICENCE, type FileEntry } from './manifest.ts';
import { codeListOf } from './code-lists.ts';
import { LAYOUT_LABEL, type EmptyNote } from './coverage.ts';
import type { SourceDate } from './snapshot.ts';

export interface TableSchemaField {
  name: string;
  type: FieldInfo['type'];
  title?: string;
  description?: string;
  /** Not part of Table Schema's core vocabulary (custom properties are allowed): the unit of the value. */
  unit?: string;
  trueValues?: string[];
  falseValues?: string[];
  /** Table Schema v2: the meaning of each code of a coded column. */
  categories?: Array<{ value: string; label: string }>;
  constraints?: { required?: boolean; enum?: string[]; minimum?: number; maximum?: number };
}

export function tableSchemaField(name: string, info: FieldInfo): TableSchemaField {
  const f: TableSchemaField = { name, type: info.type };
  if (info.title) f.title = info.title;
  if (info.description) f.description = info.description;
  if (info.unit) f.unit = info.unit;
  if (info.type === 'boolean') {
    f.trueValues = ['true'];
    f.falseValues = ['false'];
  }
  const c: NonNullable<TableSchemaField['constraints']> = {};
  if (info.required) c.required = true;
  if (info.enum) c.enum = info.enum;
  if (info.minimum !== null) c.minimum = info.minimum;
  if (info.maximum !== null) c.maximum = info.maximum;
  if (Object.keys(c).length > 0) f.constraints = c;
  return f;
}

export function tableSchema(table: TableMeta) {
  return {
    fields: table.columns.map((c) => {
      const f = tableSchemaField(c.name, describeField(c.schema));
      const codes = codeListOf(c.name);
      if (codes) {
        f.categories = codes.codes;
        f.description = `${f.description ?? f.title ?? ''}。コード: ${codes.codes.map((x) => `${x.value}＝${x.label}`).join('、')}（${codes.source}）`;
      }
      return f;
    }),
    missingValues: [''],
    primaryKey: table.primaryKey,
    ...(table.foreignKeys.length > 0 ? { foreignKeys: table.foreignKeys } : {}),
  };
}

/** Resource name of a table in a flavour: the plain (program) files carry the plain names, so foreign keys resolve there. */
export function resourceName(table: string, variant: CsvVariant): string {
  return variant === 'plain' ? table : `${table}-excel`;
}

export function csvPath(table: string, variant: CsvVariant): string {
  return `${CSV_VARIANTS[variant].dir}/${table}.csv`;
}

export interface DatapackageInput {
  snapshotId: string;
  /** ISO 8601: the snapshot's date (pinnable, see snapshot.ts). */
  created: string;
  /** The input files read (with their dates), listed as the package's sources. */
  sources?: readonly SourceDate[];
  /** Empty tables and columns per source format, with the reason (coverage.ts). */
  empty?: readonly EmptyNote[];
  /** Table → source format → records and rows. */
  coverage?: Record<string, Record<string, { records: number; rows: number }>>;
  tables: readonly TableMeta[];
  /** Every published corpus file by path relative to /data/ (sizes and hashes). */
  files: ReadonlyMap<string, FileEntry>;
}

export function buildDatapackage({ snapshotId, tables, files, created, sources = [], empty = [], coverage = {} }: DatapackageInput) {
  const resources: Array<Record<string, unknown>> = [];
  const stat = (path: string) => {
    const f = files.get(path);
    if (!f) throw new Error(`datapackage: no file entry for ${path}`);
    return { bytes: f.bytes, hash: `sha256:${f.sha256}` };
  };
  for (const variant of ['plain', 'excel'] as const) {
    const v = CSV_VARIANTS[variant];
    for (const t of tables) {
      const path = csvPath(t.name, variant);
      const schema = tableSchema(t);
      resources.push({
        name: resourceName(t.name, variant),
        type: 'table',
        path,
        title: `${t.title}${variant === 'excel' ? '（Excel 用）' : ''}`,
        description: `${t.description}。${v.label}`,
        format: 'csv',
        mediatype: 'text/csv',
        // The Excel flavour starts with a BOM: `utf-8-sig` tells readers to drop it (else the first column is named "\uFEFFid").
        encoding: v.bom ? 'utf-8-sig' : 'utf-8',
        ...stat(path),
        ...emptyNotesOf(t.name, empty, coverage[t.name]),
        dialect: {
          $schema: 'https://datapackage.org/profiles/2.0/tabledialect.json',
          header: true,
          delimiter: ',',
          lineTerminator: v.lineTerminator,
          quoteChar: '"',
          doubleQuote: true,
        },
        schema: variant === 'plain' ? schema : { ...schema, foreignKeys: undefined },
      });
    }
  }
  for (const f of files.values()) {
    if (f.kind !== 'json' && f.kind !== 'json-schema') continue;
    resources.push({
      name: f.kind === 'json' ? `${f.collection}-json` : `${f.collection}-json-schema`,
      path: f.path,
      title: f.title,
      description: f.description,
      format: 'json',
      mediatype: f.kind === 'json' ? 'application/json' : 'application/schema+json',
      encoding: 'utf-8',
      ...stat(f.path),
    });
  }
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: 'gyosei-review',
    id: `gyosei-review-snapshot-${snapshotId}`,
    version: snapshotId,
    title: '行政事業レビューシート・政策評価書 オープンデータ',
    description:
      '各府省の行政事業レビューシートと政策評価書、行政事業レビュー見える化サイト（RS システム）の CSV を読み取り、構造化したデータ。金額は円（整数）、年度は西暦の会計年度。空欄は値なし（null、0 ではない）。' +
      'csv/ は Excel 用（UTF-8 BOM 付き・CRLF・数式として実行され得る文字列の先頭に \' を付加）、csv-utf8/ はプログラム用（BOM なし・LF・値は JSON と同一）。',
    keywords: ['行政事業レビュー', '政策評価', '予算', '支出先', '法人番号'],
    created,
    licenses: LICENCE.licenses,
    sources: [
      ...LICENCE.sources,
      ...sources.map((s) => ({ title: `入力ファイル ${s.file}（${s.bytes} バイト、更新 ${s.modified}、SHA-256 ${s.sha256}）` })),
    ],
    contributors: CONTRIBUTORS,
    resources,
  };
}

/** Who made what: the ministries wrote the sources; this portal structured them. */
export const CONTRIBUTORS = [
  { title: '各府省（原資料の作成・公表）', role: 'author', roles: ['author'] },
  { title: '構想日本 JUDGIT!（2015〜2023年度のレビューシートの主要事項を行政事業レビューシートLOD として CC BY 4.0 で公開）', path: 'https://github.com/judgit/data', role: 'contributor', roles: ['contributor'] },
  { title: '行政事業レビュー オープンデータポータル（読み取り・構造化・公開）', role: 'publisher', roles: ['publisher'] },
];

/** A resource's note on what is empty for which source, and why (custom properties, allowed by the spec). */
function emptyNotesOf(table: string, empty: readonly EmptyNote[], coverage: Record<string, { records: number; rows: number }> | undefined) {
  const notes = empty.filter((e) => e.table === table);
  return {
    ...(coverage ? { coverage: Object.fromEntries(Object.entries(coverage).map(([l, c]) => [l, { ...c, label: LAYOUT_LABEL[l] ?? l }])) } : {}),
    ...(notes.length > 0 ? { emptyFor: notes.map((n) => ({ column: n.column, sourceLayout: n.layout, reason: n.reason })) } : {}),
  };
}
