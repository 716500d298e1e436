/**
 * The sections only the RS system's CSV has (sheet year 2024 on): each an element of a
 * ProjectRecord field that legacy and JUDGIT! records leave out. Titles follow the RS CSV's
 * own column names (docs/rs-format.md); the open-data tables take every column's title and
 * description from here (lib/opendata/flatten.ts has no labels of its own).
 */
import { z } from 'zod';
import { CorporateNumber, FiscalYear, NullableText, Yen } from './common.ts';

/** 1-1 その他担当組織: an organisation sharing the project besides the responsible one. */
export const OtherOrganization = z.object({
  ministry: NullableText.meta({ title: '府省庁', description: 'その他担当組織の府省庁（RS 1-1 の府省庁（その他担当組織））' }),
  bureau: NullableText.meta({ title: '部局', description: 'その他担当組織の局・庁と部（空白で連結）' }),
  division: NullableText.meta({ title: '課室', description: 'その他担当組織の課・室・班・係（空白で連結）' }),
  // Optional for pages that read it; the RS 1-1 list of 作成責任者 is not per organisation, so the importer leaves it out.
  responsible: NullableText.optional().meta({ title: '責任者', description: 'その他担当組織の作成責任者（RS システムの記録では空欄: 作成責任者は組織ごとではなく projects.csv の responsible にまとめる）' }),
});

/** 1-3 根拠法令: one law, as structured by the RS system (the joined text is `legalBasis`). */
export const Law = z.object({
  name: z.string().meta({ title: '名称', description: '法令名（原文のまま）' }),
  number: NullableText.meta({ title: '番号', description: '法令番号（例: 平成十一年法律第八十九号）' }),
  lawId: NullableText.meta({ title: '法令ID', description: 'e-Gov 法令検索の法令ID' }),
  article: NullableText.meta({ title: '条', description: '条（原文のまま）' }),
  paragraph: NullableText.meta({ title: '項', description: '項（原文のまま）' }),
  item: NullableText.meta({ title: '項目', description: '号・号の細分（原文のまま）' }),
});

/** 1-3 関係する計画・通知等: one plan or notice (the joined text is `relatedPlans`). */
export const Plan = z.object({
  name: z.string().meta({ title: '名称', description: '計画・通知等の名称（原文のまま）' }),
  url: NullableText.meta({ title: 'URL', description: '計画・通知等の URL（原文のまま）' }),
});

/** 1-4 補助率等. */
export const SubsidyRate = z.object({
  target: NullableText.meta({ title: '対象', description: '補助対象（原文のまま）' }),
  rate: NullableText.meta({ title: '率', description: '補助率（原文のまま、例: 1/2、定額）' }),
  cap: NullableText.meta({ title: '上限', description: '補助上限等（原文のまま）' }),
});

/** 1-5 関連事業. */
export const RelatedProject = z.object({
  id: NullableText.meta({ title: 'ID', description: '関連事業の事業ID（RS システムの予算事業ID、原文のまま）' }),
  name: NullableText.meta({ title: '名称', description: '関連事業の事業名' }),
  relation: NullableText.meta({ title: '関連性', description: '関連性（原文）' }),
});

/** 2-1 detail row: one 会計/勘定's budget for one year (never added into the summary totals). */
export const BudgetAccount = z.object({
  fiscalYear: FiscalYear.meta({ description: '予算年度（西暦）' }),
  accountType: NullableText.meta({ title: '会計区分', description: '一般会計・特別会計の区分' }),
  account: NullableText.meta({ title: '会計', description: '会計の名称（原文のまま）' }),
  subAccount: NullableText.meta({ title: '勘定', description: '特別会計の勘定（原文のまま）' }),
  initial: Yen.meta({ title: '当初予算', unit: '円', description: '当初予算額（円）' }),
  supplementary: z.array(Yen.meta({ title: '補正予算', unit: '円' })).meta({ title: '補正予算', description: '第1〜5次補正予算（円、次数の順）' }),
  carriedIn: Yen.meta({ title: '前年度から繰越し', unit: '円', description: '前年度から繰り越した額（円）' }),
  reserve: z.array(Yen.meta({ title: '予備費等', unit: '円' })).meta({ title: '予備費等', description: '予備費等1〜4（円、番号の順）' }),
  total: Yen.meta({ title: '歳出予算現額', unit: '円', description: '歳出予算現額（円）' }),
  executed: Yen.meta({ title: '執行額', unit: '円', description: '執行額（円）' }),
  request: Yen.meta({ title: '翌年度要求額', unit: '円', description: '翌年度要求額（円）' }),
  wish: Yen.meta({ title: '要望額', unit: '円', description: '要望額（円）' }),
  note: NullableText.meta({ title: '備考', description: '会計・勘定の行の備考（原文のまま）' }),
});

/**
 * 3-2 目標のつながり: one end of an edge of the logic model. The RS CSV names the two ends
 * 派生元 (where the edge starts) and 派生先 (what it leads to): アクティビティ → アウトプット → アウトカム.
 */
function logicNode(end: '派生元' | '派生先') {
  return z.object({
    number: NullableText.meta({ title: `${end}：番号`, description: `${end}のアクティビティ・アウトプット・アウトカムの番号（outcomes.csv・activities.csv の number）` }),
    kind: NullableText.meta({ title: `${end}：種別`, description: `${end}の種別（アクティビティ・アウトプット・アウトカム）` }),
    term: NullableText.meta({ title: `${end}：期間`, description: `${end}がアウトカムのとき、その期間（短期・中期・長期）` }),
    text: NullableText.meta({ title: `${end}：内容`, description: `${end}のアクティビティの内容・活動目標・成果目標（原文）` }),
  });
}
export const LogicLink = z.object({
  from: logicNode('派生元').meta({ title: '派生元', description: 'つながりの元（RS 3-2 の派生元）' }),
  to: logicNode('派生先').meta({ title: '派生先', description: 'つながりの先（RS 3-2 の派生先）' }),
  note: NullableText.meta({ title: '後続アウトカムへのつながり', description: '後続アウトカムへのつながり（原文）' }),
  reason: NullableText.meta({ title: 'アウトカムを複数段階で設定できない理由', description: 'アウトカムを複数段階で設定できない理由（原文）' }),
});

/** 4-1 反映額（特別会計）: one 会計/勘定's amount. */
export const SpecialReflection = z.object({
  account: NullableText.meta({ title: '会計', description: '反映額（特別会計）の会計' }),
  subAccount: NullableText.meta({ title: '勘定', description: '反映額（特別会計）の勘定' }),
  amount: Yen.meta({ title: '反映額', unit: '円', description: '反映額（特別会計、円）' }),
});
/** 4-1 所見を踏まえた改善点／概算要求における反映状況. */
export const Reflection = z.object({
  status: NullableText.meta({ title: '所見を踏まえた改善点／概算要求における反映状況：状況', description: '所見を踏まえた改善点／概算要求における反映状況（例: 現状通り、予算の縮減）' }),
  detail: NullableText.meta({ title: '所見を踏まえた改善点／概算要求における反映状況：詳細', description: '所見を踏まえた改善点／概算要求における反映状況の詳細（原文）' }),
  amountGeneral: Yen.meta({ title: '反映額（一般会計）', unit: '円', description: '概算要求への反映額のうち一般会計の分（円）' }),
  special: z.array(SpecialReflection).meta({ title: '反映額（特別会計）', description: '概算要求への反映額のうち特別会計の分（会計・勘定ごと）' }),
});

/** 4-1 過去に受けた指摘事項 / その他の指摘事項. */
export const Finding = z.object({
  kind: z.string().meta({ title: '種別', description: '過去に受けた指摘事項 または その他の指摘事項' }),
  source: NullableText.meta({ title: '出典', description: '過去に受けた指摘事項の区分、またはその他の指摘事項の調査等の名称' }),
  year: FiscalYear.nullable().meta({ description: '指摘事項の取りまとめ年度・指摘年度（西暦）' }),
  content: NullableText.meta({ title: '内容', description: '指摘事項の内容（原文）' }),
  response: NullableText.meta({ title: '対応', description: '対応状況（原文）' }),
});

/** RS 5-1 / 5-4: one contract as listed (5-4 amounts are multi-year commitments, not the year's payments). */
export const Contract = z.object({
  kind: z.enum(['支出先の契約', '国庫債務負担行為等による契約']).meta({ title: '契約の区分', description: '支出先の契約（RS 5-1）か国庫債務負担行為等による契約（RS 5-4、複数年度にわたる契約額）か' }),
  block: NullableText.meta({ title: '支出先ブロック', description: '資金の流れ図のブロック（A, B, …）' }),
  name: NullableText.meta({ title: '契約先名', description: '契約先の名称' }),
  corporateNumber: CorporateNumber.nullable().meta({ title: '法人番号', description: '13 桁の法人番号（原資料に記載がある場合）' }),
  corporateNumberValid: z.boolean().nullable().meta({ title: '法人番号のチェックディジットが正しいか', description: '法人番号の検査用数字が正しければ true' }),
  location: NullableText.meta({ title: '所在地', description: '契約先の所在地（原文のまま）' }),
  corporateType: NullableText.meta({ title: '法人種別', description: '契約先の法人種別（原文のまま）' }),
  description: NullableText.meta({ title: '契約概要', description: '契約概要（原文）' }),
  amount: Yen.meta({ title: '契約額', unit: '円', description: '契約額・金額（円。国庫債務負担行為等による契約は複数年度の総額で、その年度の支払額ではない）' }),
  contractMethod: NullableText.meta({ title: '契約方式等', description: '一般競争入札、随意契約など（原文のまま）' }),
  contractMethodDetail: NullableText.meta({ title: '具体的な契約方式等', description: '具体的な契約方式等（原文のまま）' }),
  bidders: z.number().int().nullable().meta({ title: '入札者数（応募者数）', description: '入札者数（応募者数）' }),
  winningBidRate: z.number().nullable().meta({ title: '落札率', unit: '%', description: '落札率（％）' }),
  reason: NullableText.meta({ title: '一者応札・随意契約の理由及び改善策', description: '一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（10億円以上の契約、原文）' }),
});

/** RS 5-1 / 5-2: a 支出先ブロック of the money-flow diagram. */
export const SpendingBlock = z.object({
  block: z.string().meta({ title: '支出先ブロック', description: '資金の流れ図のブロック（A, B, …）' }),
  name: NullableText.meta({ title: 'ブロック名', description: '支出先ブロック名（原文のまま）' }),
  role: NullableText.meta({ title: '事業を行う上での役割', description: 'ブロックが事業を行う上で果たす役割（原文）' }),
  recipientCount: z.number().int().nullable().meta({ title: '支出先の数', description: 'ブロックの支出先の数（原資料の値）' }),
  total: Yen.meta({ title: 'ブロックの合計支出額', unit: '円', description: 'ブロックの合計支出額（円、原資料の値）' }),
  /** True when the block is itself a 支出元 of other blocks (it hands money on). */
  passesOn: z.boolean().meta({ title: '他ブロックへ支出するか', description: 'true ならこのブロックは他のブロックへの支出元でもある（受け取った資金を再配分する）' }),
});

/** 5-2 国自らが支出する間接経費. */
export const IndirectCost = z.object({
  label: NullableText.meta({ title: '区分', description: '国自らが支出する間接経費（原文のまま）' }),
  item: NullableText.meta({ title: '項目', description: '国自らが支出する間接経費の項目（原文のまま）' }),
  amount: Yen.meta({ description: '国自らが支出する間接経費の金額（円）' }),
});
