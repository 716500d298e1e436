/**
 * 政策評価書 (e.g. 主要な政策に係る評価書), as extracted from PDF ("text-flow") or as a
 * table. The header rows and the budget table survive extraction as whole lines
 * (`当初予算（a） 6,208 4,971 6,167 5,490`); the 測定指標 table does not: its cells come
 * out one narrow run at a time. So an indicator's number and name are kept only when the
 * number stands directly before a name that ends in its `＜…指標＞` marker (or the 評価結果
 * names it), its kind is that marker's, and its 基準/目標/達成 are tied only by wording, by
 * the order of one page's runs checked against the 目標年度 and the 評価結果, or by a page's
 * count of marks (see placeIndicatorCells); the yearly values are left null with a warning.
 * The budget columns are aligned only when 当初＋補正＋繰越し＝合計 holds.
 */
import type { EvaluationRecord } from '../../../../schemas/index.ts';
import { evaluationId } from '../../ids.ts';
import type { LegacyInput } from '../../types.ts';
import { textSections, toBlocks, untrustedTail } from '../blocks.ts';
import { Diagnostics } from '../../diagnostics.ts';
import type { ParsedDocument } from '../../types.ts';
import { readAnalysisAndNextSteps, readAssessment, readFooter } from './assessment.ts';
import { readBudget } from './budget.ts';
import type { Ctx } from './context.ts';
import { readAfterLabel, readPolicyLine, readTitle } from './header.ts';
import { readGoals, readIndicators } from './indicators.ts';

export function parseEvaluation(input: LegacyInput): ParsedDocument {
  const { decoded, file } = input;
  const c = new Diagnostics('evaluation');
  const tail = untrustedTail(decoded.text, decoded.lines);
  const lines = tail.lines;
  if (tail.dropped !== null) c.warn('(document)', 'ファイルが改行で終わらず最終行が数字で途切れているため、切り詰められている可能性がありこの行は使用しません', tail.dropped);
  const ctx: Ctx = { lines, blocks: toBlocks(lines), evidence: lines.join('\n'), era: null, c };
  const sec = textSections(c, file, lines);
  const title = sec('title', '評価書', () => readTitle(ctx), () => ({ fiscalYear: null, documentNumber: null, ministry: null }));
  const pol = sec('policy', '政策', () => readPolicyLine(ctx), () => ({ policyNumber: null, policyName: null, field: null }));
  const overview = sec('overview', '政策の概要', () => readAfterLabel(ctx, 'overview', /^(?:政策|施策)の概要$/, '政策の概要'), () => null);
  const basicGoal = sec('basicGoal', '基本目標', () => readAfterLabel(ctx, 'basicGoal', /^基本目標$/, '基本目標'), () => null);
  const budget = sec('budget', '予算額', () => readBudget(ctx), () => []);
  ctx.fiscalYear = title.fiscalYear;
  const goals = sec('goals', '達成すべき目標', () => readGoals(ctx), () => []);
  const indicators = sec('indicators', '測定指標', () => readIndicators(ctx), () => []);
  const { assessment, line: assessmentLine } = sec('assessment', '目標達成度合いの測定結果', () => readAssessment(ctx), () => ({ assessment: null, line: null }));
  const { analysis, nextSteps } = sec('analysis', '施策の分析', () => readAnalysisAndNextSteps(ctx, assessmentLine, goals), () => ({ analysis: null, nextSteps: null }));
  const footer = sec('footer', '担当部局名', () => readFooter(ctx), () => ({ bureau: null, evaluatedAt: null }));
  const ministry = title.ministry ?? '不明';
  const evaluation: EvaluationRecord = {
    id: evaluationId(title.fiscalYear, title.ministry, pol.policyNumber, decoded),
    ministry,
    documentNumber: title.documentNumber,
    fiscalYear: title.fiscalYear,
    policyNumber: pol.policyNumber,
    policyName: pol.policyName ?? file,
    field: pol.field,
    overview,
    basicGoal,
    budget,
    goals,
    indicators,
    assessment,
    analysis,
    nextSteps,
    bureau: footer.bureau,
    evaluatedAt: footer.evaluatedAt,
    source: { file, sha256: decoded.sha256, layout: input.layout, lineCount: lines.length, encoding: decoded.encoding },
    provenance: c.provenance,
    warnings: c.warnings,
  };
  const missing = c.missing.filter((f) => !c.found.includes(f.split('.')[0]!));
  return { kind: 'policy-evaluation', evaluation, fieldsFound: [...c.found].sort(), fieldsMissing: [...new Set(missing.map((f) => f.split('.')[0]!))].sort(), warnings: c.warnings };
}
