/**
 * The typed snapshot's SQL: DuckDB column types read from the same zod schemas as the CSV
 * columns (so 法人番号 and ids stay text, yen are 64-bit integers, years and row numbers
 * 32-bit integers, flags booleans: nothing is left for a reader to guess), the tables with
 * their primary keys, comments with the Japanese titles, and a few views. Pure: SQL text out;
 * scripts/stages/open-data-typed.ts runs it with DuckDB, which writes the Parquet files and
 * the database file itself.
 */
import { CODE_LISTS } from './code-lists.ts';
import { describeField, type FieldInfo } from './field.ts';
import type { TableMeta } from './tables.ts';

export type SqlType = 'VARCHAR' | 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN';

const INT32 = 2 ** 31 - 1;

export function sqlType(info: FieldInfo): SqlType {
  switch (info.type) {
    case 'string':
      return 'VARCHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
      return 'DOUBLE';
    case 'integer':
      // Yen reach 10^14 (a year's whole budget); only bounded integers (years, row numbers,
      // counts) are narrowed to 32 bits.
      if (info.unit === '円') return 'BIGINT';
      return info.minimum !== null && info.maximum !== null && info.minimum >= -INT32 && info.maximum <= INT32 ? 'INTEGER' : 'BIGINT';
  }
}

/** A column's type in its table: row numbers (`seq`, `…Seq`) and counts are 32-bit too, though their schemas set no maximum. */
export function columnType(table: TableMeta, column: string): SqlType {
  const c = table.columns.find((x) => x.name === column);
  if (!c) throw new Error(`typed: ${table.name} has no column ${column}`);
  const info = describeField(c.schema);
  if (info.type === 'integer' && info.unit !== '円' && (table.primaryKey.includes(column) || /(Seq|Count|count)$/.test(column) || column === 'seq')) return 'INTEGER';
  return sqlType(info);
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** CREATE TABLE with the table's types and primary key. */
export function createTableSql(table: TableMeta): string {
  const cols = table.columns.map((c) => {
    const info = describeField(c.schema);
    return `${ident(c.name)} ${columnType(table, c.name)}${info.required || table.primaryKey.includes(c.name) ? ' NOT NULL' : ''}`;
  });
  return `CREATE TABLE ${ident(table.name)} (${[...cols, `PRIMARY KEY (${table.primaryKey.map(ident).join(', ')})`].join(', ')});`;
}

/** Fill a table from its program-flavour CSV (csv-utf8/: no BOM, LF, empty cell = null), typed, nothing inferred. */
export function loadCsvSql(table: TableMeta, csvFile: string): string {
  const columns = table.columns.map((c) => `${literal(c.name)}: ${literal(columnType(table, c.name))}`).join(', ');
  return `INSERT INTO ${ident(table.name)} SELECT * FROM read_csv(${literal(csvFile)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', new_line = '\\n', columns = {${columns}});`;
}

/** Japanese titles and descriptions as DuckDB comments (`duckdb_columns()` shows them). */
export function commentSql(table: TableMeta): string[] {
  const out = [`COMMENT ON TABLE ${ident(table.name)} IS ${literal(`${table.title}。${table.description}`)};`];
  for (const c of table.columns) {
    const f = describeField(c.schema);
    const text = [f.title, f.unit ? `単位: ${f.unit}` : null, f.description].filter(Boolean).join('。');
    if (text) out.push(`COMMENT ON COLUMN ${ident(table.name)}.${ident(c.name)} IS ${literal(text)};`);
  }
  return out;
}

/**
 * Views a data user would otherwise write first. Each names only tables and columns that
 * exist (checked by the caller against the table list), so a schema change fails the build.
 */
export const VIEWS: Array<{ name: string; title: string; sql: string; needs: Record<string, string[]> }> = [
  {
    name: 'budget_by_ministry_year',
    title: '府省庁・年度別の予算額・執行額（要求額の行を除く。円）',
    needs: { projects: ['id', 'ministry', 'reviewYear'], budgets: ['projectId', 'fiscalYear', 'initial', 'supplementary', 'total', 'executed', 'isRequest'] },
    sql: `SELECT p.ministry, p.reviewYear, b.fiscalYear, count(*) AS projects, sum(b.initial) AS initial, sum(b.supplementary) AS supplementary, sum(b.total) AS total, sum(b.executed) AS executed
FROM budgets b JOIN projects p ON p.id = b.projectId WHERE NOT b.isRequest GROUP BY ALL ORDER BY ALL`,
  },
  {
    name: 'request_by_ministry',
    title: '府省庁別の翌年度要求額（円）',
    needs: { projects: ['id', 'ministry', 'reviewYear'], budgets: ['projectId', 'fiscalYear', 'total', 'isRequest'] },
    sql: `SELECT p.ministry, p.reviewYear, b.fiscalYear, count(*) AS projects, sum(b.total) AS request
FROM budgets b JOIN projects p ON p.id = b.projectId WHERE b.isRequest GROUP BY ALL ORDER BY ALL`,
  },
  {
    name: 'recipient_totals',
    title: '支出先ごとの支出額の合計と事業数（円）',
    needs: { recipient_entities: ['id', 'name', 'corporateNumber'], recipient_payments: ['recipientId', 'projectId', 'reviewYear', 'amount'] },
    sql: `SELECT e.id AS recipientId, e.name, e.corporateNumber, r.reviewYear, count(DISTINCT r.projectId) AS projects, sum(r.amount) AS amount
FROM recipient_payments r JOIN recipient_entities e ON e.id = r.recipientId GROUP BY ALL ORDER BY ALL`,
  },
];

/** The views whose tables and columns all exist. */
export function viewSql(tables: readonly TableMeta[]): string[] {
  const cols = new Map(tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  return VIEWS.filter((v) => Object.entries(v.needs).every(([t, cs]) => cs.every((c) => cols.get(t)?.has(c)))).flatMap((v) => [
    `CREATE VIEW ${ident(v.name)} AS ${v.sql};`,
    `COMMENT ON VIEW ${ident(v.name)} IS ${literal(v.title)};`,
  ]);
}

/** The code lists (code-lists.ts) as a table, so `JOIN code_lists` labels a coded column. */
export function codeListSql(): string[] {
  const rows = CODE_LISTS.flatMap((l) => l.codes.map((c) => `(${literal(l.column)}, ${literal(c.value)}, ${literal(c.label)}, ${literal(l.source)})`));
  return [
    'CREATE TABLE code_lists ("column" VARCHAR NOT NULL, code VARCHAR NOT NULL, label VARCHAR NOT NULL, source VARCHAR NOT NULL, PRIMARY KEY ("column", code));',
    ...(rows.length > 0 ? [`INSERT INTO code_lists VALUES ${rows.join(', ')};`] : []),
    `COMMENT ON TABLE code_lists IS ${literal('コード表: 列（column）のコード（code）の意味（label）と出典（source）')};`,
  ];
}
