/**
 * The flat tables of the open-data snapshot: every record flattened into long-format
 * rows, one row per fact, with keys to join (`projectId` + `seq`, …). Column schemas are
 * the record schemas' own fields, so types, Japanese titles, units and descriptions come
 * from `src/schemas/` (see field.ts). Pure: records in, rows out.
 */
import { z } from 'zod';
import { EvaluationRecord, MeasureRecord, MinistryRecord, ProjectRecord, RecipientRecord, SourceInfo } from '../../schemas/index.ts';
import { flatten, kindOf, snake, titleOf, unwrap, type Flat } from './flatten.ts';
import type { Cell, Column, Row } from './row.ts';

export type { Cell, Column, Row };

export type Collection = 'projects' | 'evaluations' | 'measures' | 'ministries' | 'recipients';

export interface ForeignKey {
  fields: string[];
  reference: { resource: string; fields: string[] };
}

export interface TableDef<R> {
  /** File name without `.csv`; also the datapackage resource name. Stable: part of the public contract. */
  name: string;
  title: string;
  description: string;
  /** The record collection whose records produce this table's rows. */
  collection: Collection;
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  columns: Column[];
  rows: (record: R) => Iterable<Row>;
}

export type TableMeta = Omit<TableDef<never>, 'rows'>;

// ---- key columns that exist only in the flat form -------------------------------------

const KEY = {
  projectId: z.string().meta({ title: '事業ID', description: 'この行が属するレビューシート（projects.csv の id）。/data/projects/<id>.json に対応' }),
  evaluationId: z.string().meta({ title: '政策評価書ID', description: 'この行が属する政策評価書（evaluations.csv の id）' }),
  measureId: z.string().meta({ title: '施策ID', description: 'この行が属する施策（measures.csv の id）' }),
  recipientId: z.string().meta({ title: '支出先ID', description: 'この行が属する支出先（recipient_entities.csv の id）。法人番号があればそれを元にした ID' }),
  seq: z.number().int().min(1).meta({ title: '順番', description: '同じ記録の中での行の順番（1から）。原資料の並び順を保つ' }),
  outcomeSeq: z.number().int().min(1).meta({ title: '成果目標の順番', description: 'outcomes.csv の seq（同じ projectId の中で）' }),
  activitySeq: z.number().int().min(1).meta({ title: '活動指標の順番', description: 'activities.csv の seq（同じ projectId の中で）' }),
  unitCostSeq: z.number().int().min(1).meta({ title: '単位当たりコストの順番', description: 'unit_costs.csv の seq（同じ projectId の中で）' }),
  indicatorSeq: z.number().int().min(1).meta({ title: '測定指標の順番', description: 'indicators.csv の seq（同じ evaluationId の中で）' }),
  count: (title: string, description: string) => z.number().int().min(0).meta({ title, description }),
  text: (title: string, description: string) => z.string().nullable().meta({ title, description }),
};

const SOURCE_COLUMNS: Column[] = [
  { name: 'sourceFile', schema: SourceInfo.shape.file.meta({ title: '出典ファイル', description: '読み取った原資料のファイル名（RS システムの CSV では読んだ表の名前を ; で連結）' }) },
  { name: 'sourceLayout', schema: SourceInfo.shape.layout.meta({ title: '原資料の形式', description: 'table＝表形式テキスト、text-flow＝PDF から抽出したテキスト、rs-csv＝RS システムの公式 CSV、judgit-json＝JUDGIT! の JSON' }) },
  { name: 'sourceSha256', schema: SourceInfo.shape.sha256.meta({ title: '原資料の SHA-256', description: '原資料のバイト列（rs-csv ではこの事業の行）の SHA-256（16進）' }) },
  { name: 'warningCount', schema: KEY.count('警告の数', '確信をもって読み取れなかった項目の数（詳細は *_warnings.csv と JSON の warnings）') },
];

function col(name: string, schema: z.ZodType): Column {
  return { name, schema };
}

const fk = (fields: string[], resource: string, refFields: string[]): ForeignKey => ({ fields, reference: { resource, fields: refFields } });
const toProject = fk(['projectId'], 'projects', ['id']);
const toEvaluation = fk(['evaluationId'], 'evaluations', ['id']);

type ParentKey = 'projectId' | 'evaluationId' | 'measureId' | 'recipientId';

/** The element schema of an array field of an object schema. */
function elementOf(obj: z.ZodObject, field: string): z.ZodObject {
  return unwrap(unwrap(obj.shape[field]).def.element) as unknown as z.ZodObject;
}

/** A record table: one row per record, its scalar fields and nested objects flattened. */
function recordTable<R>(spec: { name: string; title: string; description: string; collection: Collection; schema: z.ZodObject; exclude: string[]; extra?: Column[]; extraRow?: (r: R) => Row }): TableDef<R> {
  const flat = flatten(spec.schema, { exclude: new Set(spec.exclude) });
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    collection: spec.collection,
    primaryKey: ['id'],
    foreignKeys: [],
    columns: [...flat.columns, ...(spec.extra ?? [])],
    *rows(record) {
      yield spec.extraRow ? { ...flat.get(record), ...spec.extraRow(record) } : flat.get(record);
    },
  };
}

/** A child table: one row per element of an array field of the record, keyed by parent id + seq. */
function childTable<R extends { id: string }>(spec: {
  name: string;
  title: string;
  description: string;
  collection: Collection;
  parentKey: ParentKey;
  parentRef: ForeignKey | null;
  /** Element schema (object) to flatten, or explicit columns + row mapper for arrays of strings. */
  element: z.ZodObject | { columns: Column[]; row: (item: unknown) => Row };
  items: (record: R) => readonly unknown[];
  /** JSON path of the array (`contracts[].`), named in generated column descriptions. */
  path?: string;
}): TableDef<R> {
  const flat: Flat = 'shape' in spec.element ? flatten(spec.element as z.ZodObject, { lists: true, path: spec.path }) : { columns: spec.element.columns, get: spec.element.row };
  if (flat.lists?.length) throw new Error(`open data: ${spec.name} has lists of values (${flat.lists.map((l) => l.key).join(', ')}); make it with childTables`);
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    collection: spec.collection,
    primaryKey: [spec.parentKey, 'seq'],
    foreignKeys: spec.parentRef ? [spec.parentRef] : [],
    columns: [col(spec.parentKey, KEY[spec.parentKey]), col('seq', KEY.seq), ...flat.columns],
    *rows(record) {
      const items = spec.items(record);
      for (let i = 0; i < items.length; i++) yield { [spec.parentKey]: record.id, seq: i + 1, ...flat.get(items[i]) };
    },
  };
}

/**
 * A child table and, for each array-of-scalars field of its element, one more table with a
 * row per value (`budget_accounts.supplementary` → budget_account_supplementary: the 第1〜5次
 * 補正予算 one per row, keyed by the child row and the value's position), so no cell packs a list.
 */
function childTables<R extends { id: string }>(spec: Parameters<typeof childTable<R>>[0] & { element: z.ZodObject; rowKey: string; rowKeyTitle: string; listNames?: Record<string, { name: string; title: string; seqTitle: string }> }): Array<TableDef<R>> {
  const lists = flatten(spec.element, { lists: true }).lists ?? [];
  const listKeys = new Set(lists.map((l) => l.key));
  const own = z.object(Object.fromEntries(Object.entries(spec.element.shape).filter(([k]) => !listKeys.has(k))));
  const out: Array<TableDef<R>> = [childTable<R>({ ...spec, element: own })];
  for (const l of lists) {
    const named = spec.listNames?.[l.key];
    const name = named?.name ?? `${spec.name}_${snake(l.key)}`;
    const rowKeySchema = z.number().int().min(1).meta({ title: spec.rowKeyTitle, description: `${spec.name}.csv の seq（同じ ${spec.parentKey} の中で）` });
    const value = (l.element as z.ZodType).meta({ ...((l.element as z.ZodType).meta() ?? {}), title: l.title, description: `${l.title}（${spec.path ?? ''}${l.key}[] の 1 つの値）${l.description ? `。${l.description}` : ''}` });
    out.push({
      name,
      title: named?.title ?? `${spec.title}：${l.title}`,
      description: `${spec.name}.csv の 1 行の「${l.title}」の値を 1 つずつ 1 行にしたもの。${spec.name}.csv と ${spec.parentKey} + ${spec.rowKey} で結合`,
      collection: spec.collection,
      primaryKey: [spec.parentKey, spec.rowKey, 'seq'],
      foreignKeys: [...(spec.parentRef ? [spec.parentRef] : []), fk([spec.parentKey, spec.rowKey], spec.name, [spec.parentKey, 'seq'])],
      columns: [col(spec.parentKey, KEY[spec.parentKey]), col(spec.rowKey, rowKeySchema), col('seq', named ? KEY.seq.meta({ title: named.seqTitle, description: `${named.seqTitle}（1から）` }) : KEY.seq), col('value', value)],
      *rows(record) {
        const items = spec.items(record);
        for (let i = 0; i < items.length; i++) {
          const values = ((items[i] as Record<string, unknown>)[l.key] as unknown[] | undefined) ?? [];
          for (let j = 0; j < values.length; j++) yield { [spec.parentKey]: record.id, [spec.rowKey]: i + 1, seq: j + 1, value: (values[j] ?? null) as Cell };
        }
      },
    });
  }
  return out;
}

/** A grandchild table: values by year under a child (outcome → values), keyed by parent id + child seq + seq. */
function valuesTable<R extends { id: string }>(spec: {
  name: string;
  title: string;
  description: string;
  collection: Collection;
  parentKey: 'projectId' | 'evaluationId';
  childKey: 'outcomeSeq' | 'activitySeq' | 'unitCostSeq' | 'indicatorSeq';
  childTable: string;
  /** Columns copied from the child so a values row reads on its own. */
  carried: Column[];
  carry: (child: Record<string, unknown>) => Row;
  element: z.ZodObject;
  children: (r: R) => ReadonlyArray<Record<string, unknown>>;
  values: (child: Record<string, unknown>) => readonly unknown[];
  path: string;
}): TableDef<R> {
  const flat = flatten(spec.element, { lists: true, path: spec.path });
  if (flat.lists?.length) throw new Error(`open data: ${spec.name} has lists of values (${flat.lists.map((l) => l.key).join(', ')}), which a values table cannot split`);
  const parentRef = spec.parentKey === 'projectId' ? toProject : toEvaluation;
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    collection: spec.collection,
    primaryKey: [spec.parentKey, spec.childKey, 'seq'],
    foreignKeys: [parentRef, fk([spec.parentKey, spec.childKey], spec.childTable, [spec.parentKey, 'seq'])],
    columns: [col(spec.parentKey, KEY[spec.parentKey]), col(spec.childKey, KEY[spec.childKey]), col('seq', KEY.seq), ...spec.carried, ...flat.columns],
    *rows(record) {
      const children = spec.children(record);
      for (let c = 0; c < children.length; c++) {
        const child = children[c]!;
        const carried = spec.carry(child);
        const values = spec.values(child);
        for (let i = 0; i < values.length; i++) yield { [spec.parentKey]: record.id, [spec.childKey]: c + 1, seq: i + 1, ...carried, ...flat.get(values[i]) };
      }
    },
  };
}

const carriedIndicator = (title: string): Column[] => [
  col('indicator', KEY.text(title, '親の表から写した指標名（結合せずに読めるように）')),
  col('unit', KEY.text('単位', '親の表から写した単位')),
];
const str = (v: unknown) => (typeof v === 'string' ? v : null);

// ---- review sheets (行政事業レビューシート) ------------------------------------------------

/**
 * Array fields of ProjectRecord with a hand-named table. Every other array-of-objects field
 * gets a table named after it (`budgetAccounts` → budget_accounts), so nothing a parser adds is
 * left out of the CSV; `provenance` stays JSON-only (it maps field paths to source lines).
 */
const PROJECT_NAMED: Record<string, { name: string; title: string; description: string }> = {
  policies: { name: 'project_policies', title: '事業と政策・施策の対応', description: '事業が関連づけられた政策評価の政策・施策（RS システムでは複数あり得る。1 行目が projects.csv の policy* と同じ）' },
  budget: { name: 'budgets', title: '予算額・執行額（年度別）', description: '予算額・執行額の表を年度ごとに 1 行にしたもの。金額は円。isRequest が true の行は翌年度の要求額' },
  budgetBreakdown: { name: 'budget_items', title: '予算内訳（歳出予算目）', description: '歳出予算目ごとの当年度予算額と翌年度要求額（円）' },
  outcomes: { name: 'outcomes', title: '成果目標・成果指標', description: '成果目標と成果指標 1 つにつき 1 行。年度ごとの実績・目標値は outcome_values.csv' },
  activities: { name: 'activities', title: '活動指標', description: '活動指標 1 つにつき 1 行。年度ごとの実績・見込みは activity_values.csv' },
  unitCosts: { name: 'unit_costs', title: '単位当たりコスト', description: '単位当たりコストの算出根拠 1 つにつき 1 行。年度ごとの値は unit_cost_values.csv' },
  recipients: { name: 'recipients', title: '支出先（上位10者リスト等）', description: '支出先 1 件につき 1 行（事業ごと）。recipientId で recipient_entities.csv と結合すると同じ法人の他事業からの支出を辿れる' },
  expenses: { name: 'expenses', title: '費目・使途', description: '支出先ブロック・支出先ごとの費目と使途、金額（円）' },
  fundingFlow: { name: 'funding_flows', title: '資金の流れ', description: '資金の流れ図の矢印 1 本につき 1 行（支出元 → 支出先、金額は円）' },
  checks: { name: 'checks', title: '事業所管部局による点検', description: '点検項目 1 つにつき 1 行（評価 ○・－ など、原文のまま）' },
  pastNumbers: { name: 'past_numbers', title: '過去のレビューシートの事業番号', description: '関連する過去のレビューシートの事業番号（年度ごと）' },
  subsidyRates: { name: 'subsidy_rates', title: '補助率等', description: 'RS システムの「補助率等」（補助対象・補助率・上限）。旧様式のシートでは行なし' },
  relatedProjects: { name: 'related_projects', title: '関連事業', description: 'RS システムの「関連事業」。旧様式のシートでは行なし' },
  sources: { name: 'project_sources', title: 'レビューシートの出典', description: 'レビューシート 1 枚の記録を作った原資料 1 つにつき 1 行。同じシートを 2 つの原資料（PDF・テキストのシートと JUDGIT! の JSON など）が記述するときは 2 行' },
  warnings: { name: 'project_warnings', title: 'レビューシートの読み取り警告', description: '確信をもって読み取れず null にした項目と理由。数値が空欄のとき、原資料に無いのか読めなかったのかはここで分かる' },
};
/** Lists of values inside an element with a hand-named table (RS 2-1: 第1〜5次補正予算, 予備費等1〜4). */
const PROJECT_LISTS: Record<string, Record<string, { name: string; title: string; seqTitle: string }>> = {
  budgetAccounts: {
    supplementary: { name: 'budget_account_supplementary', title: '会計・勘定別の補正予算（第1〜5次）', seqTitle: '補正予算の次数（第n次）' },
    reserve: { name: 'budget_account_reserves', title: '会計・勘定別の予備費等（1〜4）', seqTitle: '予備費等の番号' },
  },
};
/** Fields of ProjectRecord not in projects.csv's own columns (arrays, provenance, source handled apart). */
const PROJECT_NOT_COLUMNS = ['source', 'provenance'];

const projectsTable = recordTable<ProjectRecord>({
  name: 'projects',
  title: '事業（レビューシート）',
  description: '行政事業レビューシート 1 枚につき 1 行。年度ごとの数値や支出先は budgets・outcomes・recipients などの表に projectId で結合する',
  collection: 'projects',
  schema: ProjectRecord,
  exclude: PROJECT_NOT_COLUMNS,
  extra: SOURCE_COLUMNS,
  extraRow: (p) => ({ sourceFile: p.source.file, sourceLayout: p.source.layout, sourceSha256: p.source.sha256, warningCount: p.warnings.length }),
});

/** Which table holds each array-of-objects field of ProjectRecord (for tests and the data page). */
export const PROJECT_TABLE_OF_FIELD: Record<string, string> = {};

function projectChildTables(): Array<TableDef<ProjectRecord>> {
  const out: Array<TableDef<ProjectRecord>> = [];
  for (const [field, schema] of Object.entries(ProjectRecord.shape)) {
    const kind = kindOf(schema);
    if (kind !== 'object-array') continue;
    const named = PROJECT_NAMED[field];
    PROJECT_TABLE_OF_FIELD[field] = named?.name ?? snake(field);
    const title = titleOf(schema) ?? field;
    out.push(
      ...childTables<ProjectRecord>({
        name: named?.name ?? snake(field),
        title: named?.title ?? title,
        description: named?.description ?? `レビューシートの「${title}」の 1 件につき 1 行（JSON の ${field}）`,
        collection: 'projects',
        parentKey: 'projectId',
        parentRef: toProject,
        element: elementOf(ProjectRecord, field),
        path: `${field}[].`,
        rowKey: `${field.replace(/s$/, '')}Seq`,
        rowKeyTitle: `${named?.title ?? title}の行の順番`,
        listNames: PROJECT_LISTS[field],
        items: field === 'policies' ? (p) => (p.policies && p.policies.length > 0 ? p.policies : p.policy.area || p.policy.measure ? [p.policy] : []) : (p) => ((p as Record<string, unknown>)[field] as unknown[] | undefined) ?? [],
      }),
    );
    if (field === 'outcomes' || field === 'activities' || field === 'unitCosts') out.push(PROJECT_VALUES[field]);
  }
  out.push(
    childTable<ProjectRecord>({
      name: 'project_history',
      title: '同じ事業の他年度の記録',
      description: '過去の事業番号・旧事業番号で結び付けた、同じ事業の他の年度のレビューシート',
      collection: 'projects',
      parentKey: 'projectId',
      parentRef: toProject,
      element: { columns: [col('otherProjectId', z.string().meta({ title: '他年度の事業ID', description: '同じ事業の他の年度のレビューシート（projects.csv の id）' }))], row: (other) => ({ otherProjectId: str(other) }) },
      items: (p) => p.history ?? [],
    }),
  );
  return out;
}

const OUTCOME = elementOf(ProjectRecord, 'outcomes');
const ACTIVITY = elementOf(ProjectRecord, 'activities');
const UNIT_COST = elementOf(ProjectRecord, 'unitCosts');
const PROJECT_VALUES: Record<'outcomes' | 'activities' | 'unitCosts', TableDef<ProjectRecord>> = {
  outcomes: valuesTable<ProjectRecord>({
    name: 'outcome_values',
    title: '成果実績・目標値（年度別）',
    description: '成果指標の年度ごとの実績・目標値・達成度（縦持ち）。outcomes.csv と projectId + outcomeSeq で結合',
    collection: 'projects',
    parentKey: 'projectId',
    childKey: 'outcomeSeq',
    childTable: 'outcomes',
    carried: carriedIndicator('成果指標'),
    carry: (o) => ({ indicator: str(o.indicator), unit: str(o.unit) }),
    element: elementOf(OUTCOME, 'values'),
    path: 'outcomes[].values[].',
    children: (p) => p.outcomes,
    values: (o) => o.values as unknown[],
  }),
  activities: valuesTable<ProjectRecord>({
    name: 'activity_values',
    title: '活動実績・当初見込み（年度別）',
    description: '活動指標の年度ごとの実績と当初見込み（縦持ち）。activities.csv と projectId + activitySeq で結合',
    collection: 'projects',
    parentKey: 'projectId',
    childKey: 'activitySeq',
    childTable: 'activities',
    carried: carriedIndicator('活動指標'),
    carry: (a) => ({ indicator: str(a.indicator), unit: str(a.unit) }),
    element: elementOf(ACTIVITY, 'values'),
    path: 'activities[].values[].',
    children: (p) => p.activities,
    values: (a) => a.values as unknown[],
  }),
  unitCosts: valuesTable<ProjectRecord>({
    name: 'unit_cost_values',
    title: '単位当たりコスト（年度別）',
    description: '単位当たりコストの年度ごとの値と計算式（縦持ち）。unit_costs.csv と projectId + unitCostSeq で結合',
    collection: 'projects',
    parentKey: 'projectId',
    childKey: 'unitCostSeq',
    childTable: 'unit_costs',
    carried: [col('unit', KEY.text('単位', '親の表から写した単位'))],
    carry: (u) => ({ unit: str(u.unit) }),
    element: elementOf(UNIT_COST, 'values'),
    path: 'unitCosts[].values[].',
    children: (p) => p.unitCosts,
    values: (u) => u.values as unknown[],
  }),
};

/**
 * lineages.csv: one row per sheet, the lineage columns of projects.csv
 * on their own, so a project can be followed through the review years without the wide table
 * (sort by lineageId, reviewYear). projects.csv keeps its lineageId / previousSheet* columns:
 * they are part of the record, and removing them would break the published columns.
 */
const PREVIOUS = ProjectRecord.shape.previousSheet.unwrap().shape;
export const LINEAGES_TABLE: TableDef<ProjectRecord> = {
  name: 'lineages',
  title: '事業の系列（年度をまたぐ同じ事業）',
  description: 'レビューシート 1 枚につき 1 行。lineageId が同じ行は同じ事業の各年度のシートで、lineageId・reviewYear の順に並べると事業を年度順に辿れる。previousId はその事業の前年度のシート（なければ空欄）、evidence と confidence はその対応付けの根拠と確からしさ',
  collection: 'projects',
  primaryKey: ['id'],
  foreignKeys: [fk(['id'], 'projects', ['id']), fk(['previousId'], 'projects', ['id'])],
  columns: [
    col('lineageId', ProjectRecord.shape.lineageId),
    col('id', ProjectRecord.shape.id.meta({ title: '事業ID', description: 'このレビューシート（projects.csv の id）' })),
    col('reviewYear', ProjectRecord.shape.reviewYear),
    col('previousId', PREVIOUS.id.nullable()),
    col('evidence', PREVIOUS.evidence.nullable()),
    col('confidence', PREVIOUS.confidence.nullable()),
  ],
  *rows(p) {
    yield { lineageId: p.lineageId, id: p.id, reviewYear: p.reviewYear, previousId: p.previousSheet?.id ?? null, evidence: p.previousSheet?.evidence ?? null, confidence: p.previousSheet?.confidence ?? null };
  },
};

/** The tables of a review sheet's own facts; also its per-record long CSV (record-csv.ts). */
export const PROJECT_TABLES: Array<TableDef<ProjectRecord>> = [projectsTable, ...projectChildTables()];
/** Every table made from review sheets: lineages.csv repeats projects.csv columns, so it is not in the per-record CSV. */
const PROJECT_CORPUS_TABLES: Array<TableDef<ProjectRecord>> = [...PROJECT_TABLES, LINEAGES_TABLE];

// ---- policy evaluations (政策評価書) -----------------------------------------------------

const INDICATOR = elementOf(EvaluationRecord, 'indicators');

export const EVALUATION_TABLES: Array<TableDef<EvaluationRecord>> = [
  recordTable<EvaluationRecord>({
    name: 'evaluations',
    title: '政策評価書',
    description: '政策評価書 1 件につき 1 行。予算・測定指標は evaluation_budgets・indicators に evaluationId で結合する',
    collection: 'evaluations',
    schema: EvaluationRecord,
    exclude: PROJECT_NOT_COLUMNS,
    extra: SOURCE_COLUMNS,
    extraRow: (e) => ({ sourceFile: e.source.file, sourceLayout: e.source.layout, sourceSha256: e.source.sha256, warningCount: e.warnings.length }),
  }),
  childTable<EvaluationRecord>({
    name: 'evaluation_budgets',
    title: '政策の予算額・執行額等（年度別）',
    description: '政策評価書の予算額・執行額等を年度ごとに 1 行にしたもの（円）',
    collection: 'evaluations',
    parentKey: 'evaluationId',
    parentRef: toEvaluation,
    element: elementOf(EvaluationRecord, 'budget'),
    items: (e) => e.budget,
  }),
  childTable<EvaluationRecord>({
    name: 'evaluation_goals',
    title: '施策目標',
    description: '政策評価書の施策目標（達成すべき目標）1 つにつき 1 行',
    collection: 'evaluations',
    parentKey: 'evaluationId',
    parentRef: toEvaluation,
    element: { columns: [col('goal', z.string().meta({ title: '施策目標', description: '達成すべき目標（原文）' }))], row: (goal) => ({ goal: str(goal) }) },
    items: (e) => e.goals,
  }),
  childTable<EvaluationRecord>({
    name: 'indicators',
    title: '測定指標',
    description: '測定指標 1 つにつき 1 行。年度ごとの実績は indicator_actuals.csv',
    collection: 'evaluations',
    parentKey: 'evaluationId',
    parentRef: toEvaluation,
    element: INDICATOR,
    items: (e) => e.indicators,
  }),
  valuesTable<EvaluationRecord>({
    name: 'indicator_actuals',
    title: '測定指標の実績（年度別）',
    description: '測定指標の年度ごとの実績（原文のまま、縦持ち）。indicators.csv と evaluationId + indicatorSeq で結合',
    collection: 'evaluations',
    parentKey: 'evaluationId',
    childKey: 'indicatorSeq',
    childTable: 'indicators',
    carried: [col('name', KEY.text('測定指標', '親の表から写した指標名'))],
    carry: (i) => ({ name: str(i.name) }),
    element: elementOf(INDICATOR, 'actuals'),
    path: 'indicators[].actuals[].',
    children: (e) => e.indicators,
    values: (i) => i.actuals as unknown[],
  }),
  childTable<EvaluationRecord>({
    name: 'evaluation_warnings',
    title: '政策評価書の読み取り警告',
    description: '確信をもって読み取れず null にした項目と理由',
    collection: 'evaluations',
    parentKey: 'evaluationId',
    parentRef: toEvaluation,
    element: elementOf(EvaluationRecord, 'warnings'),
    items: (e) => e.warnings,
  }),
];

// ---- derived collections ---------------------------------------------------------------

export const MEASURE_TABLES: Array<TableDef<MeasureRecord>> = [
  recordTable<MeasureRecord>({
    name: 'measures',
    title: '施策',
    description: '政策評価の施策 1 つにつき 1 行（府省庁ごとに名称を正規化して束ねたもの）。所属する事業は project_policies.csv の measureId、政策評価書は evaluations.csv の measureId',
    collection: 'measures',
    schema: MeasureRecord,
    exclude: [],
    extra: [col('projectCount', KEY.count('事業数', 'この施策に関連づけられたレビューシートの数')), col('evaluationCount', KEY.count('政策評価書の数', 'この施策の政策評価書の数'))],
    extraRow: (m) => ({ projectCount: m.projectIds.length, evaluationCount: m.evaluationIds.length }),
  }),
  childTable<MeasureRecord>({
    name: 'measure_source_names',
    title: '施策名の原文表記',
    description: '正規化前に原資料に書かれていた施策名（番号付きなど）',
    collection: 'measures',
    parentKey: 'measureId',
    parentRef: fk(['measureId'], 'measures', ['id']),
    element: { columns: [col('sourceName', z.string().meta({ title: '原文の施策名', description: '原資料に書かれていたままの施策名' }))], row: (n) => ({ sourceName: str(n) }) },
    items: (m) => m.sourceNames,
  }),
];

export const MINISTRY_TABLES: Array<TableDef<MinistryRecord>> = [
  recordTable<MinistryRecord>({
    name: 'ministries',
    title: '府省庁',
    description: '府省庁 1 つにつき 1 行と、その記録の数',
    collection: 'ministries',
    schema: MinistryRecord,
    exclude: [],
    extra: [
      col('projectCount', KEY.count('事業数', 'この府省庁のレビューシートの数')),
      col('evaluationCount', KEY.count('政策評価書の数', 'この府省庁の政策評価書の数')),
      col('measureCount', KEY.count('施策数', 'この府省庁の施策の数')),
    ],
    extraRow: (m) => ({ projectCount: m.projectIds.length, evaluationCount: m.evaluationIds.length, measureCount: m.measureIds.length }),
  }),
];

const toRecipient = fk(['recipientId'], 'recipient_entities', ['id']);

export const RECIPIENT_TABLES: Array<TableDef<RecipientRecord>> = [
  recordTable<RecipientRecord>({
    name: 'recipient_entities',
    title: '支出先（法人等）',
    description: '支出先 1 者につき 1 行（法人番号、なければ正規化した名称で同一とみなしたもの。「個人A」「A社」のように名前を伏せた表記は含めない）と支出額の合計（円）',
    collection: 'recipients',
    schema: RecipientRecord,
    exclude: [],
    extra: [col('paymentCount', KEY.count('支出の件数', 'recipient_payments.csv のこの支出先の行数'))],
    extraRow: (r) => ({ paymentCount: r.payments.length }),
  }),
  childTable<RecipientRecord>({
    name: 'recipient_aliases',
    title: '支出先の別表記',
    description: '同じ支出先について原資料に現れた別の表記',
    collection: 'recipients',
    parentKey: 'recipientId',
    parentRef: toRecipient,
    element: { columns: [col('alias', z.string().meta({ title: '別表記', description: '同じ支出先の、原資料での別の書き方' }))], row: (a) => ({ alias: str(a) }) },
    items: (r) => r.aliases,
  }),
  childTable<RecipientRecord>({
    name: 'recipient_payments',
    title: '支出先ごとの支出',
    description: '支出先ごとに、どの事業からいくら支出されたか（recipients.csv を支出先の側から並べ直したもの）',
    collection: 'recipients',
    parentKey: 'recipientId',
    parentRef: toRecipient,
    element: elementOf(RecipientRecord, 'payments'),
    items: (r) => r.payments,
  }),
];

/**
 * Relations between tables beyond child → parent, each holding by construction (the derived
 * collections are built from these very fields); the tests check every one on the data.
 */
const CROSS_KEYS: Record<string, ForeignKey[]> = {
  projects: [fk(['ministryId'], 'ministries', ['id']), fk(['previousSheetId'], 'projects', ['id'])],
  project_policies: [fk(['measureId'], 'measures', ['id'])],
  recipients: [toRecipient],
  project_history: [fk(['otherProjectId'], 'projects', ['id'])],
  evaluations: [fk(['ministryId'], 'ministries', ['id']), fk(['measureId'], 'measures', ['id'])],
  measures: [fk(['ministryId'], 'ministries', ['id'])],
  recipient_payments: [toProject],
};
for (const t of [...PROJECT_CORPUS_TABLES, ...EVALUATION_TABLES, ...MEASURE_TABLES, ...MINISTRY_TABLES, ...RECIPIENT_TABLES] as TableMeta[]) {
  const names = new Set(t.columns.map((c) => c.name));
  for (const k of CROSS_KEYS[t.name] ?? []) if (k.fields.every((f) => names.has(f))) t.foreignKeys.push(k);
}

export interface Corpus {
  projects: readonly ProjectRecord[];
  evaluations: readonly EvaluationRecord[];
  measures: readonly MeasureRecord[];
  ministries: readonly MinistryRecord[];
  recipients: readonly RecipientRecord[];
}

/** Every table with the records that feed it; the one list the writer, datapackage and data page share. */
export const TABLES = {
  projects: PROJECT_CORPUS_TABLES,
  evaluations: EVALUATION_TABLES,
  measures: MEASURE_TABLES,
  ministries: MINISTRY_TABLES,
  recipients: RECIPIENT_TABLES,
} as const;

export function allTables(): TableMeta[] {
  return [...PROJECT_CORPUS_TABLES, ...EVALUATION_TABLES, ...MEASURE_TABLES, ...MINISTRY_TABLES, ...RECIPIENT_TABLES];
}

/** All rows of one table over the corpus, lazily, in record order (records are sorted by id). */
export function* tableRows(table: TableMeta, corpus: Corpus): Generator<Row> {
  const defs = TABLES[table.collection] as ReadonlyArray<TableDef<unknown>>;
  const def = defs.find((d) => d.name === table.name)!;
  for (const record of corpus[table.collection] as readonly unknown[]) yield* def.rows(record);
}
