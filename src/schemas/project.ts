/** 行政事業レビューシート: one project, one review year's edition. See shared data dictionary. */
import { z } from 'zod';
import { FiscalYear, NullableText, Provenance, SourceInfo, Warning, Yen } from './common.ts';

export const BudgetYear = z.object({
  fiscalYear: FiscalYear,
  initial: Yen.meta({ title: '当初予算', unit: '円' }),
  supplementary: Yen.meta({ title: '補正予算', unit: '円' }),
  carriedIn: Yen.meta({ title: '前年度から繰越し', unit: '円' }),
  carriedOut: Yen.meta({ title: '翌年度へ繰越し', unit: '円' }),
  reserve: Yen.meta({ title: '予備費等', unit: '円' }),
  total: Yen.meta({ title: '計（歳出予算現額）', unit: '円' }),
  executed: Yen.meta({ title: '執行額', unit: '円' }),
  executionRate: z.number().nullable().meta({ title: '執行率', unit: '%' }),
  isRequest: z.boolean().meta({ title: '要求額（翌年度要求）か' }),
});

export const BudgetItem = z.object({
  item: z.string().meta({ title: '歳出予算目' }),
  current: Yen.meta({ title: '当年度予算額', unit: '円' }),
  request: Yen.meta({ title: '翌年度要求額', unit: '円' }),
  /** Extra context: 会計, 予算種別, 項 (RS) or 主な増減理由 (legacy). */
  account: NullableText.optional(),
  note: NullableText.optional(),
});

export const OutcomeValue = z.object({
  fiscalYear: FiscalYear,
  actual: z.number().nullable().meta({ title: '成果実績' }),
  target: z.number().nullable().meta({ title: '目標値' }),
  achievement: z.number().nullable().meta({ title: '達成度', unit: '%' }),
});
export const Outcome = z.object({
  goal: NullableText.meta({ title: '成果目標' }),
  indicator: NullableText.meta({ title: '成果指標' }),
  unit: NullableText.meta({ title: '単位' }),
  values: z.array(OutcomeValue),
  finalTarget: z.number().nullable().meta({ title: '目標最終年度の目標値' }),
  finalYear: FiscalYear.nullable().meta({ title: '目標最終年度' }),
  /** RS logic model: アウトカムの期間 (短期/中期/長期) or kind; null for legacy sheets. */
  term: NullableText.optional(),
  dataSource: NullableText.optional(),
});

export const ActivityValue = z.object({
  fiscalYear: FiscalYear,
  actual: z.number().nullable().meta({ title: '活動実績' }),
  planned: z.number().nullable().meta({ title: '当初見込み' }),
});
export const Activity = z.object({
  indicator: NullableText.meta({ title: '活動指標' }),
  unit: NullableText.meta({ title: '単位' }),
  values: z.array(ActivityValue),
  /** RS: the activity's text (アクティビティ／活動目標). */
  goal: NullableText.optional(),
});

export const UnitCostValue = z.object({
  fiscalYear: FiscalYear,
  value: z.number().nullable().meta({ title: '単位当たりコスト' }),
  formula: NullableText.meta({ title: '計算式' }),
});
export const UnitCost = z.object({
  basis: NullableText.meta({ title: '算出根拠' }),
  unit: NullableText.meta({ title: '単位' }),
  values: z.array(UnitCostValue),
});

export const Recipient = z.object({
  block: NullableText.meta({ title: '支出先ブロック' }),
  rank: z.number().int().nullable().meta({ title: '順位' }),
  name: z.string().meta({ title: '支出先名' }),
  corporateNumber: z.string().regex(/^\d{13}$/).nullable().meta({ title: '法人番号' }),
  corporateNumberValid: z.boolean().nullable().meta({ title: '法人番号のチェックディジットが正しいか' }),
  description: NullableText.meta({ title: '業務概要・契約概要' }),
  amount: Yen.meta({ title: '支出額', unit: '円' }),
  contractMethod: NullableText.meta({ title: '契約方式等' }),
  bidders: z.number().int().nullable().meta({ title: '入札者数（応募者数）' }),
  winningBidRate: z.number().nullable().meta({ title: '落札率', unit: '%' }),
  /**
   * How the money reached this recipient: `direct` (a contract or payment from the
   * project), `passthrough` (a block that hands the money on, e.g. a 事務局 receiving
   * 補助金 it distributes), or null when unknown. Keeps recipient totals honest.
   */
  flowKind: z.enum(['direct', 'passthrough']).nullable().optional(),
  /** Recipient's page id (法人番号 or a normalised-name key). Derived. */
  recipientId: z.string().optional(),
});

export const Expense = z.object({
  block: NullableText.meta({ title: '支出先ブロック' }),
  recipient: NullableText.meta({ title: '支出先' }),
  item: NullableText.meta({ title: '費目' }),
  use: NullableText.meta({ title: '使途' }),
  amount: Yen.meta({ title: '金額', unit: '円' }),
});

export const FundingFlow = z.object({
  from: z.string().meta({ title: '支出元' }),
  to: z.string().meta({ title: '支出先' }),
  amount: Yen.meta({ title: '金額', unit: '円' }),
  method: NullableText.meta({ title: '支出方法' }),
  note: NullableText.meta({ title: '補足' }),
});

export const Check = z.object({
  group: NullableText.meta({ title: '観点' }),
  question: z.string().meta({ title: '点検項目' }),
  rating: NullableText.meta({ title: '評価' }),
  note: NullableText.meta({ title: '評価に関する説明' }),
});

export const PolicyLink = z.object({
  area: NullableText.meta({ title: '政策' }),
  measure: NullableText.meta({ title: '施策' }),
  measureId: NullableText.meta({ title: '施策ID' }),
});

export const PastNumber = z.object({
  fiscalYear: FiscalYear.nullable(),
  number: z.string(),
});

export const ProjectRecord = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/).meta({ title: 'ID' }),
  // Null only for a document whose edition could not be read (its page says so).
  reviewYear: FiscalYear.nullable().meta({ title: 'レビュー実施年度' }),
  ministry: z.string().meta({ title: '府省庁' }),
  ministryId: z.string().optional(),
  projectNumber: NullableText.meta({ title: '事業番号' }),
  name: z.string().meta({ title: '事業名' }),
  bureau: NullableText.meta({ title: '担当部局庁' }),
  division: NullableText.meta({ title: '担当課室' }),
  responsible: NullableText.meta({ title: '作成責任者' }),
  startYear: FiscalYear.nullable().meta({ title: '事業開始年度' }),
  endYear: FiscalYear.nullable().meta({ title: '事業終了（予定）年度' }),
  endNote: NullableText.meta({ title: '終了年度の注記' }),
  accountType: NullableText.meta({ title: '会計区分' }),
  legalBasis: NullableText.meta({ title: '根拠法令' }),
  relatedPlans: NullableText.meta({ title: '関係する計画・通知等' }),
  mainPolicy: NullableText.meta({ title: '主要政策・施策' }),
  mainExpense: NullableText.meta({ title: '主要経費' }),
  purpose: NullableText.meta({ title: '事業の目的' }),
  summary: NullableText.meta({ title: '事業概要' }),
  implementation: NullableText.meta({ title: '実施方法' }),
  policy: PolicyLink,
  /** RS projects may link to several 政策・施策; `policy` is the first. */
  policies: z.array(PolicyLink).optional(),
  budget: z.array(BudgetYear),
  budgetBreakdown: z.array(BudgetItem),
  outcomes: z.array(Outcome),
  activities: z.array(Activity),
  unitCosts: z.array(UnitCost),
  recipients: z.array(Recipient),
  expenses: z.array(Expense),
  fundingFlow: z.array(FundingFlow),
  checks: z.array(Check),
  externalOpinion: NullableText.meta({ title: '外部有識者の所見' }),
  reviewTeam: z.object({
    verdict: NullableText.meta({ title: '推進チームの所見（判定）' }),
    text: NullableText.meta({ title: '推進チームの所見' }),
  }),
  pastNumbers: z.array(PastNumber),
  budgetProjectId: NullableText.meta({ title: '予算事業ID' }),
  oldProjectNumber: NullableText.meta({ title: '旧事業番号' }),
  /** RS extras (1-4 補助率, 1-5 関連事業, 6-1 備考); empty for legacy sheets. */
  subsidyRates: z.array(z.object({ target: NullableText, rate: NullableText, cap: NullableText })).optional(),
  relatedProjects: z.array(z.object({ id: NullableText, name: NullableText, relation: NullableText })).optional(),
  remarks: NullableText.optional(),
  /** Ids of the same project's records in other years (derived by linking). */
  history: z.array(z.string()).optional(),
  source: SourceInfo,
  provenance: Provenance,
  warnings: z.array(Warning),
});

export type ProjectRecord = z.infer<typeof ProjectRecord>;
export type BudgetYear = z.infer<typeof BudgetYear>;
export type Outcome = z.infer<typeof Outcome>;
export type Activity = z.infer<typeof Activity>;
export type Recipient = z.infer<typeof Recipient>;
