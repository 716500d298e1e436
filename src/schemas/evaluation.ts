/** 政策評価書: one policy / measure evaluated over several years. */
import { z } from 'zod';
import { FiscalYear, NullableText, Provenance, RecordId, SourceInfo, Warning, Yen } from './common.ts';

export const EvaluationBudgetYear = z.object({
  fiscalYear: FiscalYear.meta({ description: '予算・執行の会計年度（西暦）' }),
  initial: Yen.meta({ title: '当初予算（a）', unit: '円', description: '当初予算額（円）' }),
  supplementary: Yen.meta({ title: '補正予算（b）', unit: '円', description: '補正予算額（円）' }),
  carryover: Yen.meta({ title: '繰越し等（c）', unit: '円', description: '前年度からの繰越し等（円）' }),
  total: Yen.meta({ title: '合計（a＋b＋c）', unit: '円', description: '当初＋補正＋繰越し等の合計（円）' }),
  executed: Yen.meta({ title: '執行額', unit: '円', description: '執行額（円）' }),
  isRequest: z.boolean().optional().meta({ title: '要求額の年度か', description: 'true なら要求額の年度（執行額はまだない）' }),
  /** A year printed with its 当初予算 only (補正・繰越し・執行額 not yet known when evaluated). */
  unexecuted: z.boolean().optional().meta({ title: '未執行の年度（当初予算のみ）', description: 'true なら評価時点で当初予算しかない年度（補正・繰越し・執行額はまだない）' }),
});

export const Indicator = z.object({
  number: NullableText.meta({ title: '指標番号', description: '測定指標の番号（原文のまま）' }),
  name: z.string().meta({ title: '測定指標', description: '測定指標の名称' }),
  kind: NullableText.meta({ title: '指標の種類（アウトカム・アウトプット）', description: '指標名の末尾の表示（＜アウトカム指標＞・＜アウトプット指標＞など）が示す種類: 「アウトカム」（成果の指標, outcome indicator）または「アウトプット」（活動量の指標, output indicator）。表示がない・どちらとも読めない・部分ごとに異なるときは空欄（警告あり）' }),
  baseline: NullableText.meta({ title: '基準値', description: '基準値（原文のまま。数値と年度を含むことがある）' }),
  target: NullableText.meta({ title: '目標値', description: '目標値（原文のまま）' }),
  targetYear: FiscalYear.nullable().meta({ title: '目標年度', description: '目標値の年度（西暦）' }),
  actuals: z.array(z.object({
    fiscalYear: FiscalYear.meta({ description: '実績の年度（西暦）' }),
    text: z.string().meta({ title: '内容', description: 'その年度の実績値（原文のまま。数値と注記を含むことがある）' }),
  })),
  achievement: z.enum(['イ', 'ロ', 'ハ', '－']).nullable().meta({ title: '達成状況', description: '年度ごとの目標の達成状況: イ＝達成、ロ＝相当程度達成、ハ＝達成しなかった、－＝判定なし' }),
});

export const EvaluationRecord = z.object({
  id: RecordId.meta({ title: '政策評価書ID', description: '府省庁・年度・政策番号などから作る識別子（政策番号などがなければ本文のハッシュから: eval-＋16進数12桁）' }),
  ministry: z.string().meta({ title: '府省庁', description: '評価を行った府省庁' }),
  ministryId: z.string().optional().meta({ title: '府省庁ID', description: '府省庁の英字識別子' }),
  documentNumber: NullableText.meta({ title: '評価書番号', description: '評価書の番号（例: 総務省31－⑩）' }),
  fiscalYear: FiscalYear.nullable().meta({ title: '評価対象年度', description: '評価の対象となった政策の実施年度（西暦）' }),
  policyNumber: NullableText.meta({ title: '政策番号', description: '政策の番号（例: 政策10）' }),
  policyName: z.string().meta({ title: '政策名', description: '評価した政策・施策の名称' }),
  measureId: NullableText.optional().meta({ title: '施策ID', description: 'この評価書を束ねた施策（measures.csv の id）' }),
  field: NullableText.meta({ title: '分野', description: '政策の分野' }),
  overview: NullableText.meta({ title: '政策の概要', description: '政策の概要（原文）' }),
  basicGoal: NullableText.meta({ title: '基本目標', description: '基本目標（原文）' }),
  budget: z.array(EvaluationBudgetYear),
  goals: z.array(z.string()),
  indicators: z.array(Indicator),
  assessment: NullableText.meta({ title: '目標達成度合いの測定結果', description: '目標達成度合いの測定結果（例: 相当程度進展あり）' }),
  analysis: NullableText.meta({ title: '評価結果', description: '評価結果（原文）' }),
  nextSteps: NullableText.meta({ title: '次期目標等への反映の方向性', description: '次期目標等への反映の方向性（原文）' }),
  bureau: NullableText.meta({ title: '担当部局課室名', description: '担当部局課室名' }),
  evaluatedAt: NullableText.meta({ title: '政策評価実施時期', description: '政策評価を実施した時期（原文のまま）' }),
  source: SourceInfo,
  provenance: Provenance,
  warnings: z.array(Warning),
});

export type EvaluationRecord = z.infer<typeof EvaluationRecord>;
export type Indicator = z.infer<typeof Indicator>;
