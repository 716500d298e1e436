/** Collections derived from the sheets: measures (施策), ministries, recipients (支出先). */
import { z } from 'zod';
import { FiscalYear, Yen } from './common.ts';

export const MeasureRecord = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  /** Normalised: NFKC, leading numbering (`２．`, `2.`, `Ⅴ．`) removed. */
  name: z.string().meta({ title: '施策名' }),
  ministry: z.string().meta({ title: '府省庁' }),
  ministryId: z.string(),
  policyArea: z.string().nullable().meta({ title: '政策' }),
  /** The names as written in the sources, before normalisation. */
  sourceNames: z.array(z.string()),
  projectIds: z.array(z.string()),
  evaluationIds: z.array(z.string()),
});

export const MinistryRecord = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().meta({ title: '府省庁' }),
  projectIds: z.array(z.string()),
  evaluationIds: z.array(z.string()),
  measureIds: z.array(z.string()),
});

export const RecipientPayment = z.object({
  projectId: z.string(),
  projectName: z.string(),
  ministry: z.string(),
  reviewYear: FiscalYear,
  block: z.string().nullable(),
  amount: Yen,
  flowKind: z.enum(['direct', 'passthrough']).nullable(),
  contractMethod: z.string().nullable(),
  description: z.string().nullable(),
});

export const RecipientRecord = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  name: z.string().meta({ title: '支出先名' }),
  /** Other spellings seen for the same entity. */
  aliases: z.array(z.string()),
  corporateNumber: z.string().regex(/^\d{13}$/).nullable().meta({ title: '法人番号' }),
  corporateNumberValid: z.boolean().nullable(),
  payments: z.array(RecipientPayment),
  totalDirect: z.number().int().meta({ title: '直接の支出額合計', unit: '円' }),
  totalPassthrough: z.number().int().meta({ title: '再配分される資金の合計', unit: '円' }),
  totalUnknown: z.number().int().meta({ title: '区分不明の支出額合計', unit: '円' }),
});

export type MeasureRecord = z.infer<typeof MeasureRecord>;
export type MinistryRecord = z.infer<typeof MinistryRecord>;
export type RecipientRecord = z.infer<typeof RecipientRecord>;
