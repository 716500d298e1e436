/** 政策・施策 and the related past review-sheet numbers. */
import type { ProjectRecord } from '../../../../schemas/index.ts';
import { isBlankOrDash } from '../../../normalize/amount.ts';
import { normalizeProjectNumber } from '../../../normalize/project-number.ts';
import { yearOn } from '../years.ts';
import { type Ctx, findSection, prov, sectionRows, textCell, warn } from './rows.ts';

/* ------------------------------------------------------------------ 政策・施策 */

export function parsePolicy(ctx: Ctx, rec: ProjectRecord): void {
  const h = findSection(ctx, 'policy');
  if (h < 0) return;
  const end = findSection(ctx, 'checks', h);
  for (let r = h; r < (end < 0 ? ctx.rows.length : end); r++) {
    const row = ctx.rows[r]!;
    for (let c = 0; c < row.keys.length; c++) {
      const k = row.keys[c]!;
      const field = k === '政策' ? 'area' : k === '施策' ? 'measure' : null;
      if (!field || rec.policy[field] !== null) continue;
      const v = row.cells.slice(c + 1).find((x) => x !== '');
      const t = textCell(ctx, v);
      if (t !== null) {
        rec.policy[field] = t;
        prov(ctx, `policy.${field}`, row.line);
      }
      break;
    }
  }
}


/**
 * `総務省 - 新32 - 0014` → `新32-0014`, `内閣官房 (0026)` → `0026`: a leading ministry name (any
 * word without digits, before a hyphen or a bracket) is the sheet's own and is dropped.
 */
function pastNumber(raw: string): string | null {
  let s = raw.normalize('NFKC').trim();
  s = s.replace(/^(?!新\d)[^\d\s()\-‐－]{2,}\s*(?:[-‐－]\s*|(?=\())/, '');
  s = s.replace(/^[(（]\s*(.*?)\s*[)）]$/, '$1');
  return normalizeProjectNumber(s);
}

export function parsePastNumbers(ctx: Ctx, rec: ProjectRecord): void {
  const h = findSection(ctx, 'pastNumbers');
  if (h < 0) return;
  for (const row of sectionRows(ctx, h)) {
    for (let c = 0; c < row.cells.length; c++) {
      const k = row.keys[c]!;
      if (!/^(平成|令和|昭和)(元|\d{1,2})年度$/.test(k)) continue;
      const v = row.cells[c + 1] ?? '';
      if (isBlankOrDash(v)) continue;
      const year = yearOn(ctx.d, { era: null, reviewYear: rec.reviewYear }, row.cells[c]!, 'past', 'pastNumbers', row.line);
      if (year === null) continue;
      const n = pastNumber(v);
      if (n === null) {
        warn(ctx, 'pastNumbers', `過去の事業番号を読めません: "${v}"`, row.line);
        continue;
      }
      prov(ctx, `pastNumbers.${rec.pastNumbers.length}`, row.line);
      rec.pastNumbers.push({ fiscalYear: year, number: n });
    }
  }
}
