/**
 * Why a table or column is empty: counted per source format while the CSVs are written
 * (rows and non-empty cells per column), and explained from what each format holds. For the
 * RS system, the explanation names the RS table that would hold the value and says whether
 * that table was in the input (e.g. 3-1 目標・実績 is not in the RS 2024 download we have), so
 * "no data" and "not in this source" are never confused. Pure.
 */
import type { TableMeta } from './tables.ts';

export const LAYOUT_LABEL: Record<string, string> = {
  table: '表形式テキスト（旧様式のレビューシート）',
  'text-flow': 'PDF から抽出したテキスト（旧様式）',
  'rs-csv': 'RS システムの CSV（2024 年度以降）',
  'judgit-json': 'JUDGIT! の JSON',
  derived: '他の記録から導出',
};

/** Counts of one table for the records of one source format. */
export interface LayoutCount {
  /** Records of this format in the table's collection. */
  records: number;
  rows: number;
  /** Column → cells with a value. */
  filled: Record<string, number>;
}

export interface EmptyNote {
  table: string;
  /** Null: the whole table has no rows for this format. */
  column: string | null;
  layout: string;
  reason: string;
}

/** RS tables (by number and name) that hold each table's values, or a column's. */
const RS_FEEDS: Record<string, string[]> = {
  outcomes: ['3-1', '3-2'],
  'outcomes.indicator': ['3-1'],
  'outcomes.unit': ['3-1'],
  'outcomes.finalTarget': ['3-1'],
  'outcomes.finalYear': ['3-1'],
  'outcomes.dataSource': ['3-1'],
  outcome_values: ['3-1'],
  activities: ['3-1', '3-2'],
  'activities.indicator': ['3-1'],
  'activities.unit': ['3-1'],
  activity_values: ['3-1'],
  recipients: ['5-1', '5-3'],
  'recipients.contractMethod': ['5-1'],
  'recipients.bidders': ['5-1'],
  'recipients.winningBidRate': ['5-1'],
  'recipients.description': ['5-1'],
  contracts: ['5-1', '5-4'],
  spending_blocks: ['5-1', '5-2'],
  funding_flows: ['5-2'],
  expenses: ['5-3'],
  budgets: ['2-1'],
  budget_accounts: ['2-1'],
  budget_items: ['2-2'],
  checks: ['4-1'],
  findings: ['4-1'],
  subsidy_rates: ['1-4'],
  related_projects: ['1-5'],
  other_organizations: ['1-1'],
  laws: ['1-3'],
  plans: ['1-3'],
  project_policies: ['1-3'],
  logic_links: ['3-2'],
};

export const RS_TABLE_NAMES: Record<string, string> = {
  '1-1': '基本情報_組織情報', '1-2': '基本情報_事業概要等', '1-3': '基本情報_政策・施策、法令等', '1-4': '基本情報_補助率等', '1-5': '基本情報_関連事業',
  '2-1': '予算・執行_サマリ', '2-2': '予算・執行_予算種別・歳出予算項目', '3-1': '効果発現経路_目標・実績', '3-2': '効果発現経路_目標のつながり', '4-1': '点検・評価',
  '5-1': '支出先_支出情報', '5-2': '支出先_支出ブロックのつながり', '5-3': '支出先_費目・使途', '5-4': '支出先_国庫債務負担行為等による契約', '6-1': 'その他備考',
};

/** What the RS format does not have at all (from the header rows of its 15 tables; docs/rs-format.md). */
const RS_HAS_NO: Record<string, string> = {
  unit_costs: 'RS システムの様式（2024 年度）には単位当たりコストの欄がありません（表 3-1 目標・実績の列にもありません）',
  unit_cost_values: 'RS システムの様式（2024 年度）には単位当たりコストの欄がありません（表 3-1 目標・実績の列にもありません）',
  past_numbers: 'RS システムの CSV には「関連する過去のレビューシートの事業番号」の欄がありません（旧事業番号は projects.csv の oldProjectNumber）',
  'projects.projectNumber': 'RS システムの CSV には事業番号の列がありません（表 1-2 にあるのは旧事業番号で、projects.csv の oldProjectNumber に入れています。RS の識別子は予算事業ID: budgetProjectId）',
  'projects.responsible': 'RS システムの表 1-1 の作成責任者は組織ごとではない一覧のため、1 人に決められず空欄にしています',
  'funding_flows.amount': 'RS の表 5-2（支出ブロックのつながり）には矢印ごとの金額の列がありません（ブロックの合計は spending_blocks.csv の total）',
  'funding_flows.method': 'RS の表 5-2 には矢印ごとの契約方式の列がありません（契約方式は contracts.csv）',
};

const EVALUATIONS_NOT_IN_RS = '政策評価書は RS システムの CSV に含まれません（各府省が別の文書として公表）。入力に政策評価書のテキストがあるときだけ行があります';

function rsReason(key: string, rsRead: ReadonlySet<string>): string {
  const own = RS_HAS_NO[key];
  if (own) return own;
  const feeds = RS_FEEDS[key] ?? RS_FEEDS[key.split('.')[0]!];
  if (feeds) {
    const missing = feeds.filter((t) => !rsRead.has(t));
    const name = (t: string) => `${t}（${RS_TABLE_NAMES[t] ?? '?'}）`;
    if (missing.length === feeds.length) return `この値を持つ RS の表 ${feeds.map(name).join('・')}が入力にありません`;
    const present = feeds.filter((t) => rsRead.has(t));
    return `RS の表 ${present.map(name).join('・')} にこの値がありません${missing.length > 0 ? `（表 ${missing.map(name).join('・')} は入力にありません）` : ''}`;
  }
  return 'RS システムの CSV にこの項目に当たる値がありません（すべての行で空欄）';
}

function legacyReason(layout: string): string {
  return layout === 'text-flow'
    ? 'PDF から抽出したテキストでは、この項目を確信をもって読み取れた文書がありません（読み取れなかった理由は project_warnings.csv）'
    : '旧様式のシートにこの欄がないか、確信をもって読み取れた値がありません（理由は project_warnings.csv）';
}

/**
 * The empty tables and columns, per source format present, each with its reason. Tables of
 * derived records are not explained here (they follow from the sheets).
 */
export function emptyNotes(tables: readonly TableMeta[], counts: ReadonlyMap<string, ReadonlyMap<string, LayoutCount>>, rsRead: ReadonlySet<string>, evaluationCount: number): EmptyNote[] {
  const out: EmptyNote[] = [];
  const rsPresent = [...counts.values()].some((m) => (m.get('rs-csv')?.records ?? 0) > 0);
  for (const t of tables) {
    const byLayout = counts.get(t.name);
    if (t.collection === 'evaluations' && evaluationCount === 0) {
      out.push({ table: t.name, column: null, layout: rsPresent ? 'rs-csv' : 'all', reason: EVALUATIONS_NOT_IN_RS });
      continue;
    }
    if (!byLayout) continue;
    for (const [layout, c] of [...byLayout.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (layout === 'derived' || c.records === 0) continue;
      const reason = (key: string) => (layout === 'rs-csv' ? rsReason(key, rsRead) : legacyReason(layout));
      if (c.rows === 0) {
        out.push({ table: t.name, column: null, layout, reason: reason(t.name) });
        continue;
      }
      for (const col of t.columns) {
        if ((c.filled[col.name] ?? 0) === 0) out.push({ table: t.name, column: col.name, layout, reason: reason(`${t.name}.${col.name}`) });
      }
    }
  }
  return out;
}

/** RS table numbers (`3-2`) named in the records' source files (`3-2_RS_2024_…csv;…`). */
export function rsTablesIn(sourceFiles: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const f of sourceFiles) for (const part of f.split(';')) {
    const m = /(?:^|\/)(\d-\d)_RS_/.exec(part.trim());
    if (m) out.add(m[1]!);
  }
  return out;
}
