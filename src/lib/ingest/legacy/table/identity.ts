/** Identity (事業名, 事業番号, 府省庁, 年度) and the labelled text fields at the top of the sheet. */
import type { ProjectRecord } from '../../../../schemas/index.ts';
import { isBlankOrDash } from '../../../normalize/amount.ts';
import { normalizeProjectNumber } from '../../../normalize/project-number.ts';
import { cleanLine } from '../../../normalize/text.ts';
import { parseFiscalYear, readFiscalYear } from '../../../normalize/wareki.ts';
import { yearOn } from '../years.ts';
import { type Ctx, isEmptyRow, prov, sectionOf, textCell, warn } from './rows.ts';

/* ------------------------------------------------------------------ identity & texts */

/** Labels whose value is the next non-empty cell to the right (or the cell below). */
const LABELS: ReadonlyArray<readonly [keyof ProjectRecord & string, RegExp]> = [
  ['name', /^事業名$/],
  ['bureau', /^担当部局庁$/],
  ['responsible', /^作成責任者$/],
  ['startYear', /^事業開始年度$/],
  ['endYear', /^事業終了\(予定\)年度$/],
  ['division', /^担当課室$/],
  ['accountType', /^会計区分$/],
  // Prose labels carry a note in brackets (`事業の目的 (目指す姿を簡潔に。…)`); a value may start
  // with the same words (`事業の目的を達成するため、…`) and must not be taken for a label.
  ['legalBasis', /^根拠法令(?:\(|$)/],
  ['relatedPlans', /^関係する計画、?通知等(?:\(|$)/],
  ['mainPolicy', /^主要政策・施策$/],
  ['mainExpense', /^主要経費$/],
  ['purpose', /^事業の目的(?:\(|$)/],
  ['summary', /^事業概要(?:\(|$)/],
  ['implementation', /^実施方法$/],
];

function isAnyLabel(key: string): boolean {
  return LABELS.some(([, re]) => re.test(key)) || /^事業番号/.test(key) || /^所管府省/.test(key);
}

/** Value of a label cell: the next non-empty cell right of it, unless that is another label; else the cell below. */
function labelValue(ctx: Ctx, r: number, c: number, allowBelow: boolean): { value: string; line: number } | null {
  const row = ctx.rows[r]!;
  const above = ctx.rows[r - 1];
  for (let k = c + 1; k < row.cells.length; k++) {
    // A column headed by a label on the row above is that label's value (作成責任者 prints its
    // value under itself): an empty cell here is this label's, not a reason to read on into it.
    if (above?.keys[k] && isAnyLabel(above.keys[k]!)) break;
    if (row.keys[k] === '') continue;
    if (isAnyLabel(row.keys[k]!)) break;
    return { value: row.cells[k]!, line: row.line };
  }
  // The value may sit one row down in the same column (作成責任者 in the template's merged cells).
  const below = ctx.rows[r + 1];
  if (allowBelow && below && below.keys[c] && !isAnyLabel(below.keys[c]!) && !isEmptyRow(below)) {
    return { value: below.cells[c]!, line: below.line };
  }
  return null;
}

interface Identity {
  reviewYear: number | null;
  ministry: string | null;
  projectNumber: string | null;
}

export function parseIdentity(ctx: Ctx, rec: ProjectRecord): Identity {
  const id: Identity = { reviewYear: null, ministry: null, projectNumber: null };
  // Identity cells sit above the budget table; below it `事業番号` heads the related-projects list.
  let head = true;
  for (const row of ctx.rows) {
    if (sectionOf(row) === 'budget') head = false;
    const joined = row.cells.filter((c) => c !== '').join(' ');
    const title = /((?:昭和|平成|令和)\s*(?:元|[0-9０-９]{1,2})\s*年度)\s*行政事業レビューシート\s*(?:[(（]\s*([^)）]+?)\s*[)）])?/.exec(joined);
    if (title && id.reviewYear === null) {
      id.reviewYear = parseFiscalYear(title[1]!);
      prov(ctx, 'reviewYear', row.line);
      if (title[2]) {
        id.ministry = cleanLine(title[2]);
        prov(ctx, 'ministry', row.line);
      }
    }
    for (let c = 0; head && c < row.cells.length; c++) {
      const k = row.keys[c]!;
      if (id.projectNumber === null && /^事業番号/.test(k)) {
        const inCell = row.cells[c]!.replace(/^\s*事業番号\s*[:：]?\s*/, '');
        const raw = inCell !== '' ? inCell : (row.cells.slice(c + 1).find((x) => x !== '') ?? '');
        const n = normalizeProjectNumber(raw);
        if (n) {
          id.projectNumber = n;
          prov(ctx, 'projectNumber', row.line);
        } else if (raw !== '' && !isBlankOrDash(raw)) {
          warn(ctx, 'projectNumber', `事業番号として読めません: "${raw}"`, row.line);
        }
      }
      if (id.ministry === null && /^所管府省(庁)?(名)?$/.test(k)) {
        const v = row.cells.slice(c + 1).find((x) => x !== '');
        if (v) {
          id.ministry = cleanLine(v);
          prov(ctx, 'ministry', row.line);
        }
      }
    }
  }
  rec.reviewYear = id.reviewYear;
  rec.projectNumber = id.projectNumber;
  if (id.reviewYear === null) warn(ctx, 'reviewYear', '表題「…年度行政事業レビューシート」が見つからず、レビュー年度が分かりません', null);
  if (id.ministry === null) warn(ctx, 'ministry', '所管府省が見つかりません', null);
  if (id.projectNumber === null) warn(ctx, 'projectNumber', '事業番号が見つかりません', null);
  // The post-2021 number starts with the review year: a mismatch means one of them is misread.
  if (id.projectNumber && id.reviewYear !== null) {
    const m = /^(20\d\d)-/.exec(id.projectNumber);
    if (m && Number(m[1]) !== id.reviewYear) {
      warn(ctx, 'projectNumber', `事業番号の年度 ${m[1]} と表題の年度 ${id.reviewYear} が一致しません`, ctx.d.provenance.projectNumber?.[0] ?? null);
    }
  }
  return id;
}

export function parseLabels(ctx: Ctx, rec: ProjectRecord): void {
  const seen = new Set<string>();
  for (let r = 0; r < ctx.rows.length; r++) {
    const row = ctx.rows[r]!;
    // Identity labels live above the budget table; stop there so check items can't match.
    if (sectionOf(row) === 'budget') break;
    for (let c = 0; c < row.cells.length; c++) {
      const k = row.keys[c]!;
      if (k === '') continue;
      for (const [field, re] of LABELS) {
        if (!re.test(k) || seen.has(field)) continue;
        seen.add(field);
        // Only 作成責任者 sits in a merged cell whose value is printed on the row below.
        const v = labelValue(ctx, r, c, field === 'responsible');
        if (!v) continue;
        if (field === 'startYear' || field === 'endYear') {
          const y = yearOn(ctx.d, ctx, v.value, field === 'startYear' ? 'start' : 'end', field, v.line);
          const refused = y === null && readFiscalYear(v.value, ctx.era) !== null;
          if (y !== null) {
            rec[field] = y;
            prov(ctx, field, v.line);
          } else if (refused) {
            // Warned about by yearOn: neither a year nor an end note.
          } else if (field === 'endYear' && !isBlankOrDash(v.value)) {
            rec.endNote = cleanLine(v.value);
            prov(ctx, 'endNote', v.line);
          } else if (!isBlankOrDash(v.value)) {
            warn(ctx, field, `年度として読めません: "${v.value}"`, v.line);
          }
          continue;
        }
        const t = textCell(ctx, v.value);
        if (t === null) continue;
        if (field === 'name') rec.name = t;
        else (rec as unknown as Record<string, unknown>)[field] = t;
        prov(ctx, field, v.line);
      }
    }
  }
  if (!seen.has('name')) warn(ctx, 'name', '「事業名」欄が見つかりません', null);
}
