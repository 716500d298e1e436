/**
 * 行政事業レビューシート in the table layout: one sheet row per line, cells separated by tabs
 * (what spreadsheet/HTML exports of the official Excel template give).
 *
 * The parser is keyed on the template's labels (事業名, 予算額・執行額, 成果実績, 支出先 …) and
 * on the header rows' year columns, never on positions or values of a particular sheet.
 * Exports shift cells by a column here and there, so every numeric row is aligned to its
 * header's year columns, and a shift is accepted only when the row itself shows it.
 * Whatever cannot be placed with confidence is left null with a warning.
 */
import type { ProjectRecord } from '../../../../schemas/index.ts';
import { eraOfYear } from '../../../normalize/wareki.ts';
import { emptyProject } from '../../fallback.ts';
import { legacyProjectId } from '../../ids.ts';
import { Diagnostics } from '../../diagnostics.ts';
import type { LegacyInput, ParsedDocument } from '../../types.ts';
import { parseBreakdown, parseBudget } from './budget.ts';
import { parseChecks, parseOpinions } from './checks.ts';
import { parseIdentity, parseLabels } from './identity.ts';
import { parseActivities, parseOutcomes, parseUnitCosts } from './indicators.ts';
import { parsePastNumbers, parsePolicy } from './policy.ts';
import { type Ctx, findSection, labelKey, toRows, warn } from './rows.ts';
import { parseExpenses, parseRecipients } from './spending.ts';

const CORE_SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['budget', '予算額・執行額'],
  ['outcomes', '成果目標及び成果実績'],
  ['activities', '活動指標及び活動実績'],
  ['checks', '事業所管部局による点検・改善'],
  ['reviewTeam', '行政事業レビュー推進チームの所見'],
  ['pastNumbers', '関連する過去のレビューシートの事業番号'],
];

/** The sections after identity, in reading order: name (rule id and missing-field name), the sheet's label, parser. */
export const SECTIONS: ReadonlyArray<readonly [string, string, (ctx: Ctx, rec: ProjectRecord) => void]> = [
  ['labels', '事業名', parseLabels],
  ['budget', '予算額・執行額', parseBudget],
  ['breakdown', '予算内訳', parseBreakdown],
  ['outcomes', '成果目標及び成果実績', parseOutcomes],
  ['activities', '活動指標及び活動実績', parseActivities],
  ['unitCosts', '単位当たりコスト', parseUnitCosts],
  ['policy', '政策評価', parsePolicy],
  ['checks', '事業所管部局による点検・改善', parseChecks],
  ['opinions', '外部有識者の所見', parseOpinions],
  ['pastNumbers', '関連する過去のレビューシートの事業番号', parsePastNumbers],
  ['recipients', '支出先上位10者リスト', parseRecipients],
  ['expenses', '費目・使途', parseExpenses],
];

const REPORTED_FIELDS = [
  'projectNumber', 'name', 'reviewYear', 'ministry', 'bureau', 'division', 'responsible', 'startYear', 'endYear', 'accountType',
  'legalBasis', 'relatedPlans', 'mainPolicy', 'mainExpense', 'purpose', 'summary', 'implementation', 'policy.area', 'policy.measure',
  'budget', 'budgetBreakdown', 'outcomes', 'activities', 'unitCosts', 'checks', 'externalOpinion', 'reviewTeam.verdict', 'reviewTeam.text',
  'recipients', 'expenses', 'pastNumbers',
] as const;

function fieldValue(rec: ProjectRecord, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], rec);
}

export function parseReviewSheetTable(input: LegacyInput): ParsedDocument {
  const { decoded, file } = input;
  const rows = toRows(decoded.lines);
  // The whole sheet is the evidence for mending wrap artefacts.
  const ctx: Ctx = { file, rows, text: decoded.lines.map((l) => l.replace(/\t/g, ' ')).join('\n'), era: null, reviewYear: null, d: new Diagnostics('table') };
  const source = { file, sha256: decoded.sha256, layout: 'table' as const, lineCount: decoded.lines.length, encoding: decoded.encoding };
  const rec = emptyProject('pending', file, source, ctx.d.warnings);

  /**
   * Each section runs isolated (Diagnostics.section): one that throws leaves every field it
   * had set as it was before (empty), and the rest of the sheet is still read.
   */
  const section = <T>(name: string, label: string, parse: () => T, fallback: () => T): T => {
    const line = (): number | null => {
      const h = findSection(ctx, name);
      if (h >= 0) return ctx.rows[h]!.line;
      const key = labelKey(label);
      return rows.find((r) => r.keys.some((k) => k.startsWith(key)))?.line ?? null;
    };
    return ctx.d.sectionInto(rec, name, { file, label, line }, parse, fallback);
  };
  const none = (): void => undefined;

  const id = section('identity', '事業名', () => parseIdentity(ctx, rec), () => ({ reviewYear: null, ministry: null, projectNumber: null }));
  ctx.era = id.reviewYear !== null ? (id.reviewYear >= 2019 ? 'reiwa' : 'heisei') : null;
  const titleEra = rows.map((r) => r.cells.join(' ')).map((l) => /行政事業レビューシート/.test(l) ? eraOfYear(l) : null).find((e) => e);
  if (titleEra) ctx.era = titleEra.era;
  ctx.reviewYear = id.reviewYear;
  if (id.ministry) rec.ministry = id.ministry;

  for (const [name, label, parse] of SECTIONS) section(name, label, () => parse(ctx, rec), none);

  // A sheet whose later sections are all missing was cut off; say where it ends.
  const present = CORE_SECTIONS.map(([name]) => findSection(ctx, name) >= 0);
  const lastPresent = present.lastIndexOf(true);
  const missing = CORE_SECTIONS.filter((_, i) => !present[i]);
  if (missing.length > 0) {
    const truncated = lastPresent >= 0 && present.slice(lastPresent + 1).length === missing.length && present.slice(0, lastPresent + 1).every(Boolean);
    if (truncated) {
      warn(ctx, '(document)', `シートが途中で終わっています: 「${missing.map((m) => m[1]).join('」「')}」の欄がありません (truncated sheet; last line ${decoded.lines.length})`, decoded.lines.length);
    } else {
      for (const [, label] of missing) warn(ctx, '(document)', `「${label}」の欄が見つかりません`, null);
    }
  }

  // From the number, else the 事業名 (when read from the sheet, not the file-name stand-in), else
  // the text's hash (not the bytes'): the same sheet in Shift_JIS or with CRLF keeps its id.
  rec.id = legacyProjectId(rec.reviewYear, id.ministry, rec.projectNumber, ctx.d.provenance.name ? rec.name : null, decoded);
  rec.provenance = ctx.d.provenance;
  rec.warnings = ctx.d.warnings;
  if (rec.name === file) warn(ctx, 'name', '事業名がないため、ファイル名を表示名にしました', null);

  const fieldsFound: string[] = [];
  const fieldsMissing: string[] = [];
  for (const f of REPORTED_FIELDS) {
    const v = fieldValue(rec, f);
    const has = Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined && !(f === 'name' && v === file);
    (has ? fieldsFound : fieldsMissing).push(f);
  }
  return { kind: 'review-sheet', project: rec, fieldsFound, fieldsMissing, warnings: ctx.d.warnings };
}
