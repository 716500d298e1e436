/** 政策評価書: one policy / measure evaluated over several years. */
import { z } from 'zod';
import { FiscalYear, NullableText, Provenance, SourceInfo, Warning, Yen } from './common.ts';

export const EvaluationBudgetYear = z.object({
  fiscalYear: FiscalYear,
  initial: Yen.meta({ title: '当初予算（a）', unit: '円' }),
  supplementary: Yen.meta({ title: '補正予算（b）', unit: '円' }),
  carryover: Yen.meta({ title: '繰越し等（c）', unit: '円' }),
  total: Yen.meta({ title: '合計（a＋b＋c）', unit: '円' }),
  executed: Yen.meta({ title: '執行額', unit: '円' }),
  isRequest: z.boolean().optional().meta({ title: '要求額の年度か' }),
  /** A year printed with its 当初予算 only (補正・繰越し・執行額 not yet known when evaluated). */
  unexecuted: z.boolean().optional().meta({ title: '未執行の年度（当初予算のみ）' }),
});

export const Indicator = z.object({
  number: NullableText.meta({ title: '指標番号' }),
  name: z.string().meta({ title: '測定指標' }),
  kind: NullableText.meta({ title: '指標の種類（定量・定性）' }),
  baseline: NullableText.meta({ title: '基準値' }),
  target: NullableText.meta({ title: '目標値' }),
  targetYear: FiscalYear.nullable().meta({ title: '目標年度' }),
  actuals: z.array(z.object({ fiscalYear: FiscalYear, text: z.string() })),
  achievement: z.enum(['イ', 'ロ', 'ハ', '－']).nullable().meta({ title: '達成状況' }),
});

export const EvaluationRecord = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
  ministry: z.string().meta({ title: '府省庁' }),
  ministryId: z.string().optional(),
  documentNumber: NullableText.meta({ title: '評価書番号' }),
  fiscalYear: FiscalYear.nullable().meta({ title: '評価対象年度' }),
  policyNumber: NullableText.meta({ title: '政策番号' }),
  policyName: z.string().meta({ title: '政策名' }),
  measureId: NullableText.optional(),
  field: NullableText.meta({ title: '分野' }),
  overview: NullableText.meta({ title: '政策の概要' }),
  basicGoal: NullableText.meta({ title: '基本目標' }),
  budget: z.array(EvaluationBudgetYear),
  goals: z.array(z.string()),
  indicators: z.array(Indicator),
  assessment: NullableText.meta({ title: '目標達成度合いの測定結果' }),
  analysis: NullableText.meta({ title: '評価結果' }),
  nextSteps: NullableText.meta({ title: '次期目標等への反映の方向性' }),
  bureau: NullableText.meta({ title: '担当部局課室名' }),
  evaluatedAt: NullableText.meta({ title: '政策評価実施時期' }),
  source: SourceInfo,
  provenance: Provenance,
  warnings: z.array(Warning),
});

export type EvaluationRecord = z.infer<typeof EvaluationRecord>;
export type Indicator = z.infer<typeof Indicator>;
