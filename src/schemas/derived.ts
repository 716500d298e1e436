/** Collections derived from the sheets: measures (施策), ministries, recipients (支出先). */
import { z } from 'zod';
import { CorporateNumber, FiscalYear, FlowKind, RecordId, Yen } from './common.ts';

export const MeasureRecord = z.object({
  id: RecordId.meta({ title: '施策ID', description: '府省庁と正規化した施策名から作る識別子（URL /measures/<id>/）' }),
  /** Normalised: NFKC, leading numbering (`２．`, `2.`, `Ⅴ．`) removed. */
  name: z.string().meta({ title: '施策名', description: '施策名（NFKC 正規化し、先頭の番号を除いたもの）' }),
  ministry: z.string().meta({ title: '府省庁', description: '施策を所管する府省庁' }),
  ministryId: z.string().meta({ title: '府省庁ID', description: '府省庁の英字識別子（URL /ministries/<id>/）' }),
  policyArea: z.string().nullable().meta({ title: '政策', description: 'この施策が属する政策（政策評価体系上の上位）' }),
  /** The names as written in the sources, before normalisation. */
  sourceNames: z.array(z.string()),
  projectIds: z.array(z.string()),
  evaluationIds: z.array(z.string()),
});

export const MinistryRecord = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/).meta({ title: '府省庁ID', description: '府省庁の英字識別子（URL /ministries/<id>/）' }),
  name: z.string().meta({ title: '府省庁', description: '府省庁の正式名称' }),
  projectIds: z.array(z.string()),
  evaluationIds: z.array(z.string()),
  measureIds: z.array(z.string()),
});

export const RecipientPayment = z.object({
  projectId: z.string().meta({ title: '事業ID', description: '支出元のレビューシート（projects.csv の id）' }),
  projectName: z.string().meta({ title: '事業名', description: '支出元の事業名' }),
  ministry: z.string().meta({ title: '府省庁', description: '支出元の事業の府省庁' }),
  reviewYear: FiscalYear.meta({ title: 'レビュー実施年度', description: '支出元のレビューシートの年度（西暦）' }),
  block: z.string().nullable().meta({ title: '支出先ブロック', description: '資金の流れ図のブロック（A, B, …）' }),
  amount: Yen.meta({ title: '支出額', description: 'この事業からこの支出先への支出額（円）' }),
  flowKind: FlowKind.nullable().meta({ title: '資金の流れ方', description: 'direct＝事業から直接の契約・支払、passthrough＝受け取った資金を他へ再配分するブロック、空欄＝不明' }),
  contractMethod: z.string().nullable().meta({ title: '契約方式等', description: '一般競争入札、随意契約など（原文のまま）' }),
  description: z.string().nullable().meta({ title: '業務概要・契約概要', description: '支出の内容（原文のまま）' }),
});

export const RecipientRecord = z.object({
  id: RecordId.meta({ title: '支出先ID', description: '法人番号、なければ正規化した名称から作る識別子（URL /recipients/<id>/）' }),
  name: z.string().meta({ title: '支出先名', description: '支出先の名称（最初に現れた表記）' }),
  /** Other spellings seen for the same entity. */
  aliases: z.array(z.string()),
  corporateNumber: CorporateNumber.nullable().meta({ title: '法人番号', description: '13 桁の法人番号（原資料に記載がある場合）' }),
  corporateNumberValid: z.boolean().nullable().meta({ title: '法人番号のチェックディジットが正しいか', description: '法人番号の検査用数字が正しければ true' }),
  payments: z.array(RecipientPayment),
  totalDirect: z.number().int().meta({ title: '直接の支出額合計', unit: '円', description: 'flowKind が direct の支出額の合計（円）' }),
  totalPassthrough: z.number().int().meta({ title: '再配分される資金の合計', unit: '円', description: 'flowKind が passthrough（再配分される資金）の支出額の合計（円）。直接の支出と二重に数えないよう分けている' }),
  totalUnknown: z.number().int().meta({ title: '区分不明の支出額合計', unit: '円', description: '流れ方が分からない支出額の合計（円）' }),
});

export type MeasureRecord = z.infer<typeof MeasureRecord>;
export type MinistryRecord = z.infer<typeof MinistryRecord>;
export type RecipientRecord = z.infer<typeof RecipientRecord>;
