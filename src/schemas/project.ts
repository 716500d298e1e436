/** 行政事業レビューシート: one project, one review year's edition. The published contract: docs/data-contract.md. */
import { z } from 'zod';
import { CorporateNumber, FiscalYear, FlowKind, NullableText, Provenance, RecordId, SourceInfo, Warning, Yen } from './common.ts';
import { BudgetAccount, Contract, Finding, IndirectCost, Law, LogicLink, OtherOrganization, Plan, Reflection, RelatedProject, SpendingBlock, SubsidyRate } from './rs-extras.ts';

export const BudgetYear = z.object({
  fiscalYear: FiscalYear.meta({ description: '予算・執行の会計年度（西暦）' }),
  initial: Yen.meta({ title: '当初予算', unit: '円', description: '当初予算額（円）' }),
  supplementary: Yen.meta({ title: '補正予算', unit: '円', description: '補正予算額（円）' }),
  carriedIn: Yen.meta({ title: '前年度から繰越し', unit: '円', description: '前年度から繰り越した額（円）' }),
  carriedOut: Yen.meta({ title: '翌年度へ繰越し', unit: '円', description: '翌年度へ繰り越した額（円）' }),
  reserve: Yen.meta({ title: '予備費等', unit: '円', description: '予備費等（円）' }),
  total: Yen.meta({ title: '計（歳出予算現額）', unit: '円', description: '歳出予算現額（当初＋補正＋繰越し等、円）' }),
  executed: Yen.meta({ title: '執行額', unit: '円', description: '執行額（円）' }),
  executionRate: z.number().nullable().meta({ title: '執行率', unit: '%', description: '執行率（％、原資料の値）' }),
  isRequest: z.boolean().meta({ title: '要求額（翌年度要求）か', description: 'true なら翌年度の要求額の列（執行額はない）' }),
  /** RS 2-1: 主な増減理由 / その他特記事項 of the year's summary row. */
  changeReason: NullableText.optional().meta({ title: '主な増減理由', description: 'その年度の主な増減理由（RS システムのサマリ行、原文）' }),
  note: NullableText.optional().meta({ title: 'その他特記事項', description: 'その年度のその他特記事項（RS システムのサマリ行、原文）' }),
});

export const BudgetItem = z.object({
  item: z.string().meta({ title: '歳出予算目', description: '歳出予算の目（項目名）' }),
  current: Yen.meta({ title: '当年度予算額', unit: '円', description: '当年度の予算額（円）' }),
  request: Yen.meta({ title: '翌年度要求額', unit: '円', description: '翌年度の要求額（円）' }),
  /** Extra context: 会計, 予算種別, 項 (RS) or 主な増減理由 (legacy). */
  account: NullableText.optional().meta({ title: '会計・予算種別・項', description: 'RS システムでは会計・予算種別・項、旧様式では主な増減理由などの補足' }),
  note: NullableText.optional().meta({ title: '備考', description: '補足（原文のまま）' }),
  /** RS 2-2: the 予算年度 and 予算種別 (当初予算, 補正予算 …) of the line. */
  fiscalYear: FiscalYear.optional().meta({ description: 'RS システムの予算年度（西暦）。旧様式では空欄' }),
  budgetType: NullableText.optional().meta({ title: '予算種別', description: '当初予算・補正予算など（RS システム、原文のまま）' }),
});

export const OutcomeValue = z.object({
  fiscalYear: FiscalYear.meta({ description: '値の年度（西暦）' }),
  actual: z.number().nullable().meta({ title: '成果実績', description: 'その年度の成果実績（単位は unit）' }),
  target: z.number().nullable().meta({ title: '目標値', description: 'その年度の目標値（単位は unit）' }),
  achievement: z.number().nullable().meta({ title: '達成度', unit: '%', description: '達成度（％、原資料の値）' }),
});
export const Outcome = z.object({
  goal: NullableText.meta({ title: '成果目標', description: '成果目標（原文）' }),
  indicator: NullableText.meta({ title: '成果指標', description: '成果指標の名称' }),
  unit: NullableText.meta({ title: '単位', description: '成果指標の単位（原文のまま）' }),
  values: z.array(OutcomeValue),
  finalTarget: z.number().nullable().meta({ title: '目標最終年度の目標値', description: '目標最終年度の目標値' }),
  finalYear: FiscalYear.nullable().meta({ title: '目標最終年度', description: '目標最終年度（西暦）' }),
  /** RS logic model: アウトカムの期間 (短期/中期/長期) or kind; null for legacy sheets. */
  term: NullableText.optional().meta({ title: 'アウトカムの期間・種別', description: 'RS システムのロジックモデルでの短期・中期・長期アウトカムなど。旧様式では空欄' }),
  dataSource: NullableText.optional().meta({ title: 'データの出典', description: '成果実績の根拠となるデータの出典' }),
  /** RS logic model: the node's number and kind (アウトカム), as 3-2 links refer to them. */
  number: NullableText.optional().meta({ title: '番号', description: 'RS システムのロジックモデルでのアウトカムの番号（logic_links.csv の fromNumber・toNumber が指す）' }),
  kind: NullableText.optional().meta({ title: '種別', description: 'RS システムのロジックモデルでの種別（アウトカム）' }),
  direction: NullableText.optional().meta({ title: '改善の方向（上向き／下向き）', description: '成果指標が上向き・下向きのどちらで改善か（RS システム、原文のまま）' }),
});

export const ActivityValue = z.object({
  fiscalYear: FiscalYear.meta({ description: '値の年度（西暦）' }),
  actual: z.number().nullable().meta({ title: '活動実績', description: 'その年度の活動実績（単位は unit）' }),
  planned: z.number().nullable().meta({ title: '当初見込み', description: 'その年度の当初見込み（単位は unit）' }),
});
export const Activity = z.object({
  indicator: NullableText.meta({ title: '活動指標', description: '活動指標の名称' }),
  unit: NullableText.meta({ title: '単位', description: '活動指標の単位（原文のまま）' }),
  values: z.array(ActivityValue),
  /** RS: the activity's text (アクティビティ／活動目標). */
  goal: NullableText.optional().meta({ title: 'アクティビティ・活動目標', description: 'RS システムのアクティビティ（活動の内容）。旧様式では空欄' }),
  /** RS logic model: the node's number and kind (アクティビティ or アウトプット). */
  number: NullableText.optional().meta({ title: '番号', description: 'RS システムのロジックモデルでのアクティビティ・アウトプットの番号（logic_links.csv の fromNumber・toNumber が指す）' }),
  kind: NullableText.optional().meta({ title: '種別', description: 'RS システムのロジックモデルでの種別（アクティビティまたはアウトプット）' }),
});

export const UnitCostValue = z.object({
  fiscalYear: FiscalYear.meta({ description: '値の年度（西暦）' }),
  value: z.number().nullable().meta({ title: '単位当たりコスト', description: '単位当たりコスト（単位は unit）' }),
  formula: NullableText.meta({ title: '計算式', description: '計算式（原文のまま、例: X/Y）' }),
});
export const UnitCost = z.object({
  basis: NullableText.meta({ title: '算出根拠', description: '単位当たりコストの算出根拠（原文）' }),
  unit: NullableText.meta({ title: '単位', description: '単位当たりコストの単位（原文のまま）' }),
  values: z.array(UnitCostValue),
});

export const Recipient = z.object({
  block: NullableText.meta({ title: '支出先ブロック', description: '資金の流れ図のブロック（A, B, …）' }),
  rank: z.number().int().nullable().meta({ title: '順位', description: 'ブロック内の順位（支出額の多い順）' }),
  name: z.string().meta({ title: '支出先名', description: '支出先の名称' }),
  corporateNumber: CorporateNumber.nullable().meta({ title: '法人番号', description: '13 桁の法人番号（原資料に記載がある場合）' }),
  corporateNumberValid: z.boolean().nullable().meta({ title: '法人番号のチェックディジットが正しいか', description: '法人番号の検査用数字が正しければ true' }),
  description: NullableText.meta({ title: '業務概要・契約概要', description: '業務概要・契約概要（原文）' }),
  amount: Yen.meta({ title: '支出額', unit: '円', description: '支出額（円）' }),
  contractMethod: NullableText.meta({ title: '契約方式等', description: '一般競争入札、随意契約など（原文のまま）' }),
  bidders: z.number().int().nullable().meta({ title: '入札者数（応募者数）', description: '入札者数（応募者数）' }),
  winningBidRate: z.number().nullable().meta({ title: '落札率', unit: '%', description: '落札率（％）' }),
  /**
   * How the money reached this recipient: `direct` (a contract or payment from the
   * project), `passthrough` (a block that hands the money on, e.g. a 事務局 receiving
   * 補助金 it distributes), or null when unknown. Keeps recipient totals honest.
   */
  flowKind: FlowKind.nullable().optional().meta({ title: '資金の流れ方', description: 'direct＝事業から直接の契約・支払、passthrough＝受け取った資金を他へ再配分するブロック、空欄＝不明' }),
  /** Recipient's page id (法人番号 or a normalised-name key). Derived. */
  recipientId: z.string().optional().meta({ title: '支出先ID', description: '支出先のページの識別子（recipient_entities.csv の id）。法人番号がなく「個人A」「A社」のように名前を伏せた表記の支出先は、他のシートの同じ表記と同じ相手とは限らないため、空（支出先としてまとめない）' }),
  /** RS 5-1: 所在地 and 法人種別 code. */
  location: NullableText.optional().meta({ title: '所在地', description: '支出先の所在地（RS システム、原文のまま）' }),
  corporateType: NullableText.optional().meta({ title: '法人種別', description: '支出先の法人種別（RS システム、原文のまま）' }),
});

export const Expense = z.object({
  block: NullableText.meta({ title: '支出先ブロック', description: '資金の流れ図のブロック（A, B, …）' }),
  recipient: NullableText.meta({ title: '支出先', description: '支出先の名称' }),
  item: NullableText.meta({ title: '費目', description: '費目（例: 人件費、委託費）' }),
  use: NullableText.meta({ title: '使途', description: '使途（原文）' }),
  amount: Yen.meta({ title: '金額', unit: '円', description: '金額（円）' }),
});

export const FundingFlow = z.object({
  from: z.string().meta({ title: '支出元', description: '資金を出す側（府省庁またはブロック）' }),
  to: z.string().meta({ title: '支出先', description: '資金を受ける側' }),
  amount: Yen.meta({ title: '金額', unit: '円', description: '金額（円）' }),
  method: NullableText.meta({ title: '支出方法', description: '補助・委託・契約などの支出の方法（原文のまま）' }),
  note: NullableText.meta({ title: '補足', description: '補足（原文のまま）' }),
  /** RS 5-2: block letters of the edge (null `fromBlock` = paid by the ministry itself). */
  fromBlock: NullableText.optional().meta({ title: '支出元ブロック', description: '支出元の支出先ブロック（RS システム。空欄＝府省庁（担当組織）からの支出）' }),
  toBlock: NullableText.optional().meta({ title: '支出先ブロック', description: '支出先の支出先ブロック（RS システム）' }),
});

export const Check = z.object({
  group: NullableText.meta({ title: '観点', description: '点検の観点（国費投入の必要性、事業の効率性、事業の有効性など）' }),
  question: z.string().meta({ title: '点検項目', description: '点検項目（原文）' }),
  rating: NullableText.meta({ title: '評価', description: '評価（○・－・有・無など、原文のまま）' }),
  note: NullableText.meta({ title: '評価に関する説明', description: '評価に関する説明（原文）' }),
});

export const PolicyLink = z.object({
  area: NullableText.meta({ title: '政策', description: '政策評価体系上の政策' }),
  measure: NullableText.meta({ title: '施策', description: '政策評価体系上の施策（先頭の番号を除いた名称）' }),
  measureId: NullableText.meta({ title: '施策ID', description: '施策のページの識別子（measures.csv の id）' }),
  /** RS 1-3: 政策所管府省庁 and the 政策・施策 URL. */
  ministry: NullableText.optional().meta({ title: '政策所管府省庁', description: '政策・施策を所管する府省庁（RS システム）' }),
  url: NullableText.optional().meta({ title: '政策・施策URL', description: '政策・施策の URL（RS システム、原文のまま）' }),
});

export const PastNumber = z.object({
  fiscalYear: FiscalYear.nullable().meta({ title: '年度（西暦）', description: '過去のレビューシートの年度' }),
  number: z.string().meta({ title: '事業番号', description: '過去のレビューシートの事業番号（原文のまま）' }),
  /** JUDGIT! lists the past sheet's ministry; kept only when it differs from the sheet's own. */
  ministry: NullableText.optional().meta({ title: '府省庁', description: '過去のレビューシートの府省庁（このシートの府省庁と異なる場合のみ）' }),
});

/** The same project's sheet of the previous review year, and how the link was made. */
export const PreviousSheet = z.object({
  id: z.string().meta({ title: '前年度のレビューシートの事業ID', description: '同じ事業の前年度（レビュー実施年度が1つ前）のレビューシート（projects.csv の id）' }),
  evidence: z.enum(['stated', 'old-number', 'number', 'name', 'name-division', 'name-budget', 'former-name', 'budget', 'similar-name']).meta({
    title: '対応付けの根拠',
    description: 'stated＝シートに記載の「関連する過去のレビューシート」、old-number＝RS システムの旧事業番号、number＝事業番号の継続（同じ府省庁・同じ番号で事業名も一致）、name＝府省庁と正規化した事業名の一致、name-division＝事業名が同じ候補が複数あり担当課室で1つに決めたもの、name-budget＝事業名が同じ候補が複数あり担当課室でも決まらず、前年度の当初予算と前々年度の執行額が同じ候補が1つだけのもの、former-name＝事業名に書き添えられた旧名称・新名称（「（旧：…）」「（「…」から名称変更）」など）が前年度のシートの事業名と一致するもの、budget＝事業名は異なるが近く、両方のシートに書かれた前年度の当初予算と前々年度の執行額が同じもの、similar-name＝事業名の変更（同じ府省庁・担当課室で、互いに最も近い事業名が他の候補より明らかに近いもの）',
  }),
  confidence: z.number().min(0).max(1).meta({ title: '確からしさ', description: '対応付けの確からしさ（0〜1。記載による対応は1）' }),
});

export const ProjectRecord = z.object({
  id: RecordId.meta({ title: 'ID', description: 'レビューシートの識別子（レビュー年度・府省庁・事業番号から作る。事業番号がなければ事業名から（例: 2020-soumu-n＋16進数8桁）、それもなければ本文のハッシュから（doc-＋16進数12桁）。RS システムの CSV からの記録は rs-年度-予算事業ID。URL /projects/<id>/）' }),
  // Null only for a document whose edition could not be read (its page says so).
  reviewYear: FiscalYear.nullable().meta({ title: 'レビュー実施年度', description: 'レビューシートの年度（例: 令和3年度 → 2021）' }),
  ministry: z.string().meta({ title: '府省庁', description: '所管府省庁' }),
  ministryId: z.string().optional().meta({ title: '府省庁ID', description: '府省庁の英字識別子（URL /ministries/<id>/）' }),
  projectNumber: NullableText.meta({ title: '事業番号', description: '事業番号（NFKC、区切りは半角ハイフン）' }),
  name: z.string().meta({ title: '事業名', description: '事業名' }),
  bureau: NullableText.meta({ title: '担当部局庁', description: '担当部局庁' }),
  division: NullableText.meta({ title: '担当課室', description: '担当課室' }),
  responsible: NullableText.meta({ title: '作成責任者', description: '作成責任者（役職と氏名）' }),
  startYear: FiscalYear.nullable().meta({ title: '事業開始年度', description: '事業開始年度（西暦）' }),
  endYear: FiscalYear.nullable().meta({ title: '事業終了（予定）年度', description: '事業終了（予定）年度（西暦）。終了予定がなければ空欄' }),
  endNote: NullableText.meta({ title: '終了年度の注記', description: '終了年度についての注記（例: 終了予定なし）' }),
  accountType: NullableText.meta({ title: '会計区分', description: '一般会計・特別会計の区分' }),
  legalBasis: NullableText.meta({ title: '根拠法令', description: '根拠法令（原文）' }),
  relatedPlans: NullableText.meta({ title: '関係する計画・通知等', description: '関係する計画・通知等（原文）' }),
  mainPolicy: NullableText.meta({ title: '主要政策・施策', description: '主要政策・施策（原文）' }),
  mainExpense: NullableText.meta({ title: '主要経費', description: '主要経費（原文）' }),
  purpose: NullableText.meta({ title: '事業の目的', description: '事業の目的（原文）' }),
  summary: NullableText.meta({ title: '事業概要', description: '事業概要（原文）' }),
  implementation: NullableText.meta({ title: '実施方法', description: '実施方法（直接実施、委託・請負、補助など）' }),
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
  externalOpinion: NullableText.meta({ title: '外部有識者の所見', description: '外部有識者の所見（原文）' }),
  reviewTeam: z.object({
    verdict: NullableText.meta({ title: '推進チームの所見（判定）', description: '行政事業レビュー推進チームの所見の判定（例: 現状通り、事業内容の一部改善）' }),
    text: NullableText.meta({ title: '推進チームの所見', description: '行政事業レビュー推進チームの所見（原文）' }),
  }),
  pastNumbers: z.array(PastNumber),
  budgetProjectId: NullableText.meta({ title: '予算事業ID', description: 'RS システムの予算事業ID' }),
  oldProjectNumber: NullableText.meta({ title: '旧事業番号', description: 'RS システムに記載された旧事業番号（過去のレビューシートとの対応）' }),
  /** RS extras (1-4 補助率, 1-5 関連事業, 6-1 備考); empty for legacy sheets. */
  subsidyRates: z.array(SubsidyRate).optional().meta({ title: '補助率等' }),
  relatedProjects: z.array(RelatedProject).optional().meta({ title: '関連事業' }),
  remarks: NullableText.optional().meta({ title: '備考', description: 'RS システムのその他備考' }),
  /** RS extras from 1-1 … 5-4; absent for legacy sheets. */
  issues: NullableText.optional().meta({ title: '現状・課題', description: '現状・課題（RS システム、原文）' }),
  category: NullableText.optional().meta({ title: '事業区分', description: '事業区分（RS システム、原文のまま）' }),
  otherOrganizations: z.array(OtherOrganization).optional().meta({ title: 'その他担当組織' }),
  laws: z.array(Law).optional().meta({ title: '根拠法令（構造化）' }),
  plans: z.array(Plan).optional().meta({ title: '関係する計画・通知等（構造化）' }),
  budgetAccounts: z.array(BudgetAccount).optional().meta({ title: '会計・勘定別の予算（明細行）' }),
  logicLinks: z.array(LogicLink).optional().meta({ title: '効果発現経路のつながり' }),
  publicProcess: NullableText.optional().meta({ title: '公開プロセス結果概要', description: '公開プロセスの結果の概要（RS システム、原文）' }),
  reflection: Reflection.optional().meta({ title: '所見を踏まえた改善点／概算要求における反映状況' }),
  findings: z.array(Finding).optional().meta({ title: '過去に受けた指摘事項・その他の指摘事項' }),
  contracts: z.array(Contract).optional().meta({ title: '契約' }),
  spendingBlocks: z.array(SpendingBlock).optional().meta({ title: '支出先ブロック' }),
  indirectCosts: z.array(IndirectCost).optional().meta({ title: '国自らが支出する間接経費' }),
  /** Ids of the same project's records in other years (derived by linking). */
  history: z.array(z.string()).optional(),
  lineageId: RecordId.meta({ title: '系列ID', description: '同じ事業の各年度のレビューシートに共通の識別子（2015年度以降の年度をまたいで同じ値。前後の年度のシートがなければそのシート固有の値）。lineages.csv で年度順に辿れる' }),
  previousSheet: PreviousSheet.nullable().meta({ title: '前年度のレビューシート', description: '同じ事業の前年度のレビューシートと、その対応付けの根拠・確からしさ。見つからないか候補が1つに決まらなければ空欄（後者は warnings に記録）' }),
  source: SourceInfo,
  /** Every source of this sheet; two when a text sheet and a JUDGIT! record describe the same sheet (`source` is the first). */
  sources: z.array(SourceInfo).min(1).meta({ title: '出典（すべて）', description: 'このレビューシートの記録を作ったすべての原資料。同じシートを2つの原資料（PDF・テキストのシートと JUDGIT! の JSON など）が記述するときは両方。source は主に使った1つ目' }),
  provenance: Provenance,
  warnings: z.array(Warning),
});

export type ProjectRecord = z.infer<typeof ProjectRecord>;
export type BudgetYear = z.infer<typeof BudgetYear>;
export type Outcome = z.infer<typeof Outcome>;
export type Activity = z.infer<typeof Activity>;
export type Recipient = z.infer<typeof Recipient>;
export type PreviousSheet = z.infer<typeof PreviousSheet>;
