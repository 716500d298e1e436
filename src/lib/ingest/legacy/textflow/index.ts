/**
 * 行政事業レビューシート, text-flow layout: the text a PDF extractor produced from the
 * sheet, with the cells' texts in an order that follows the page geometry, not the form.
 *
 * Each field is placed only by evidence that survives that scrambling (see
 * legacy/blocks.ts): a label and its value on one extracted line (`担当課室 地域通信振興課
 * 課長 吉田 正彦`), a label whose note is followed by its cell, a closed vocabulary
 * (会計区分, 実施方法, 主要経費), or numbers that cross-check (予算内訳 items summing to
 * their 計). Anything else is null with a warning. Keyed on the template's labels only.
 */
import type { ProjectRecord } from '../../../../schemas/index.ts';
import { Diagnostics } from '../../diagnostics.ts';
import { emptyProject } from '../../fallback.ts';
import { legacyProjectId } from '../../ids.ts';
import type { LegacyInput, ParsedDocument } from '../../types.ts';
import { isProse, numericCells, textSections, toBlocks, untrustedTail } from '../blocks.ts';
import { readBudget } from './budget.ts';
import { readFundingFlow } from './funding.ts';
import { readDivisionRow, readNameRow, readProjectNumber, readTitle, readYears } from './identity.ts';
import { cellAfterNumber, type Ctx, IMPLEMENTATION_TERMS, MAIN_EXPENSES, MAIN_POLICIES, isAccount, listOf, readLabelledText, readMainPolicy, readVocabulary, valueAfterLabel } from './labels.ts';
import { readOutcome } from './outcomes.ts';
import { readPastNumbers, readPolicy, readRelatedPlans } from './policy.ts';
import { readSummary } from './summary.ts';

export function parseReviewSheetTextFlow(input: LegacyInput): ParsedDocument {
  const { decoded, file } = input;
  const c = new Diagnostics('text-flow');
  const tail = untrustedTail(decoded.text, decoded.lines);
  const lines = tail.lines;
  if (tail.dropped !== null) c.warn('(document)', 'ファイルが改行で終わらず最終行が数字で途切れているため、切り詰められている可能性がありこの行は使用しません', tail.dropped);
  const ctx: Ctx = { lines, blocks: toBlocks(lines), evidence: lines.join('\n'), era: null, reviewYear: null, c, claimed: new Set() };
  const sec = textSections(c, file, lines);
  const title = sec('title', '行政事業レビューシート', () => readTitle(ctx), () => ({ reviewYear: null, ministry: null, era: null }));
  ctx.era = title.era;
  ctx.reviewYear = title.reviewYear;
  if (!ctx.era) c.warn('(document)', '表題の元号がないため「30年度」のような短い年度表記を西暦にできません');
  const projectNumber = sec('projectNumber', '事業番号', () => readProjectNumber(ctx), () => null);
  const row = sec('name', '事業名', () => readNameRow(ctx), () => ({ name: null, bureau: null, responsible: null }));
  const div = sec('division', '担当課室', () => readDivisionRow(ctx, row.responsible !== null), () => ({ division: null, responsible: null }));
  const years = sec('years', '事業開始年度', () => readYears(ctx, c), () => ({ startYear: null, endYear: null, endNote: null }));
  const accountType = sec('accountType', '会計区分', () => readVocabulary(ctx, 'accountType', '会計区分', isAccount, '会計区分'), () => null);
  const implementation = sec('implementation', '実施方法', () => readVocabulary(ctx, 'implementation', '実施方法', listOf(IMPLEMENTATION_TERMS), '実施方法', cellAfterNumber(ctx)?.start ?? null), () => null);
  const mainPolicy = sec('mainPolicy', '主要政策・施策', () => readMainPolicy(ctx, listOf(MAIN_POLICIES), [['accountType', isAccount], ['implementation', listOf(IMPLEMENTATION_TERMS)], ['mainExpense', listOf(MAIN_EXPENSES)]]), () => null);
  const mainExpense = sec('mainExpense', '主要経費', () => readVocabulary(ctx, 'mainExpense', '主要経費', listOf(MAIN_EXPENSES), '主要経費'), () => null);
  const purpose = sec('purpose', '事業の目的', () => readLabelledText(ctx, 'purpose', /^事業の目的(?:\s|\(|$)/, '事業の目的', (b) => isProse(b.lines.join(''))), () => null);
  const legalBasis = sec('legalBasis', '根拠法令', () => readLabelledText(ctx, 'legalBasis', /^根拠法令/, '根拠法令', (b) => /法|令|規則|条|告示|要綱|要領|決定/.test(b.lines.join('')) && !numericCells(b.lines[0]!)), () => null);
  // Claimed only so that it is not mistaken for the 事業概要; not a record field.
  sec('relation', '本事業の成果と上位施策・測定指標との関係', () => {
    const rel = valueAfterLabel(ctx, /^本事業の成果と上位施策・測定指標との関係$/, (b) => isProse(b.lines.join('')));
    if (rel && rel.bi >= 0) ctx.claimed.add(rel.bi);
  }, () => undefined);
  const summary = sec('summary', '事業概要', () => readSummary(ctx), () => null);
  const policy = sec('policy', '施策', () => readPolicy(ctx), () => ({ area: null, measure: null, measureId: null }));
  const { budget, breakdown } = sec('budget', '予算額・執行額', () => readBudget(ctx, title.reviewYear, c, years.startYear, years.endYear), () => ({ budget: [], breakdown: [] }));
  const outcomes = sec('outcomes', '成果目標及び成果実績', () => readOutcome(ctx, c), () => []);
  const pastNumbers = sec('pastNumbers', '関連する過去のレビューシートの事業番号', () => readPastNumbers(ctx, c), () => []);
  const fundingFlow = sec('fundingFlow', '資金の流れ', () => readFundingFlow(ctx, title.ministry, c), () => []);
  const relatedPlans = sec('relatedPlans', '関係する計画、通知等', () => readRelatedPlans(ctx), () => null);
  // Sections whose cells the extraction scatters beyond placing (one warning, each listed as missing).
  const skipped = [['activities', '活動指標'], ['unitCosts', '単位当たりコスト'], ['checks', '点検・改善結果'], ['recipients', '支出先上位10者リスト'], ['expenses', '費目・使途'], ['reviewTeam', '行政事業レビュー推進チームの所見'], ['externalOpinion', '外部有識者の所見']] as const;
  for (const [field] of skipped) if (!c.missing.includes(field)) c.missing.push(field);
  c.warn('(sections)', `次の欄は抽出テキストの並びから値の位置を確定できないため取り込んでいません（原文を参照してください）: ${skipped.map(([, jp]) => jp).join('、')}`);

  const id = legacyProjectId(title.reviewYear, title.ministry, projectNumber, row.name, decoded);
  const source = { file, sha256: decoded.sha256, layout: 'text-flow' as const, lineCount: lines.length, encoding: decoded.encoding };
  const project: ProjectRecord = {
    ...emptyProject(id, row.name ?? file, source, c.warnings),
    reviewYear: title.reviewYear,
    ministry: title.ministry ?? '不明',
    projectNumber,
    bureau: row.bureau,
    division: div.division,
    responsible: row.responsible ?? div.responsible,
    startYear: years.startYear,
    endYear: years.endYear,
    endNote: years.endNote,
    accountType,
    legalBasis,
    relatedPlans,
    mainPolicy,
    mainExpense,
    purpose,
    summary,
    implementation,
    policy,
    budget,
    budgetBreakdown: breakdown,
    outcomes,
    pastNumbers,
    fundingFlow,
    provenance: c.provenance,
    warnings: c.warnings,
  };
  const missing = c.missing.filter((f) => !c.found.includes(f));
  return { kind: 'review-sheet', project, fieldsFound: [...c.found].sort(), fieldsMissing: missing.sort(), warnings: c.warnings };
}
