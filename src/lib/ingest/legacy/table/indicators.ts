/** 成果目標及び成果実績, 活動指標及び活動実績, 単位当たりコスト: rows aligned to their header's year columns. */
import type { Activity, Outcome, ProjectRecord } from '../../../../schemas/index.ts';
import { isBlankOrDash } from '../../../normalize/amount.ts';
import { cleanLine } from '../../../normalize/text.ts';
import { checkYearSequence } from './budget.ts';
import { type Ctx, type Row, alignedCells, findSection, hasWords, headerYears, number, prov, sectionRows, textCell, warn } from './rows.ts';

/* ------------------------------------------------------------------ outcomes, activities, unit costs */

function keywordCol(row: Row, words: string[]): { col: number; word: string } | null {
  for (let c = 0; c < row.keys.length; c++) if (words.includes(row.keys[c]!)) return { col: c, word: row.keys[c]! };
  return null;
}

/** A header row's 単位 column, and the columns that name things (goal, indicator, basis). */
function headerCol(row: Row, test: (k: string) => boolean): number {
  return row.keys.findIndex(test);
}

export function parseOutcomes(ctx: Ctx, rec: ProjectRecord): void {
  for (let h = findSection(ctx, 'outcomes'); h >= 0; h = findSection(ctx, 'outcomes', h + 1)) {
    const head = ctx.rows[h]!;
    const years = headerYears(ctx, head, 'outcomes');
    const yearly = years.filter((y) => y.kind === 'actual');
    const final = years.find((y) => y.kind === 'final');
    const mid = years.find((y) => y.kind === 'mid');
    checkYearSequence(ctx, 'outcomes', yearly, head.line);
    const goalCol = headerCol(head, (k) => /成果目標$/.test(k) && !/及び/.test(k));
    const indCol = headerCol(head, (k) => k === '成果指標');
    const unitCol = headerCol(head, (k) => k === '単位');
    const cols = [...yearly, ...(mid ? [mid] : []), ...(final ? [final] : [])].sort((a, b) => a.col - b.col);
    let current: Outcome | null = null;
    let seen = new Set<string>();
    let i = -1;
    for (const row of sectionRows(ctx, h)) {
      const kw = keywordCol(row, ['成果実績', '目標値', '達成度']);
      if (!kw) continue;
      const named = (c: number) => (c >= 0 && c < kw.col ? textCell(ctx, row.cells[c]) : null);
      const goal = named(goalCol);
      const indicator = named(indCol);
      // A new outcome starts with its own goal/indicator, or when a row kind repeats.
      if (current === null || goal !== null || indicator !== null || seen.has(kw.word)) {
        current = { goal, indicator, unit: null, values: yearly.filter((y) => y.year !== null).map((y) => ({ fiscalYear: y.year!, actual: null, target: null, achievement: null })), finalTarget: null, finalYear: null };
        rec.outcomes.push(current);
        i = rec.outcomes.length - 1;
        seen = new Set();
        if (goal) prov(ctx, `outcomes.${i}.goal`, row.line);
        if (indicator) prov(ctx, `outcomes.${i}.indicator`, row.line);
      }
      seen.add(kw.word);
      const o: Outcome = current;
      const uCol = unitCol > kw.col ? unitCol : kw.col + 1;
      const unitCell = textCell(ctx, row.cells[uCol]);
      if (kw.word !== '達成度' && unitCell && o.unit === null) {
        o.unit = unitCell;
        prov(ctx, `outcomes.${i}.unit`, row.line);
      }
      const { cells } = alignedCells(row, cols.map((y) => y.col), Math.max(uCol, kw.col));
      if (hasWords(cells)) {
        warn(ctx, `outcomes.${i}`, `「${kw.word}」の行に数値でない値があるため読みません`, row.line);
        continue;
      }
      cells.forEach((cell, j) => {
        const y = cols[j]!;
        if (y.kind === 'actual') {
          if (y.year === null) return;
          const v = o.values.find((x) => x.fiscalYear === y.year)!;
          const field = kw.word === '成果実績' ? 'actual' : kw.word === '目標値' ? 'target' : 'achievement';
          v[field] = number(ctx, cell, `outcomes.${i}.values.${y.year}.${field}`, row.line);
        } else if (y.kind === 'final') {
          if (kw.word === '目標値') {
            o.finalTarget = number(ctx, cell, `outcomes.${i}.finalTarget`, row.line);
            if (y.year !== null) {
              o.finalYear = y.year;
              prov(ctx, `outcomes.${i}.finalYear`, head.line);
            } else if (o.finalTarget !== null) {
              warn(ctx, `outcomes.${i}.finalYear`, `目標最終年度を読めません: "${y.raw}"`, head.line);
            }
          } else if (kw.word === '成果実績' && !isBlankOrDash(cell)) {
            // The template greys this cell out; a value here is not a yearly actual we can date.
            warn(ctx, `outcomes.${i}`, `目標最終年度欄の成果実績 "${cell}" は年度を特定できないため採用しません`, row.line);
          }
        }
      });
    }
  }
}

export function parseActivities(ctx: Ctx, rec: ProjectRecord): void {
  for (let h = findSection(ctx, 'activities'); h >= 0; h = findSection(ctx, 'activities', h + 1)) {
    const head = ctx.rows[h]!;
    const years = headerYears(ctx, head, 'activities').filter((y) => y.kind === 'actual' || y.kind === 'plan');
    checkYearSequence(ctx, 'activities', years, head.line);
    const indCol = headerCol(head, (k) => k === '活動指標');
    const unitCol = headerCol(head, (k) => k === '単位');
    let current: Activity | null = null;
    let idx = -1;
    for (const row of sectionRows(ctx, h)) {
      const kw = keywordCol(row, ['活動実績', '当初見込み', '当初見込']);
      if (!kw) continue;
      const indicator = indCol >= 0 && indCol < kw.col ? textCell(ctx, row.cells[indCol]) : null;
      if (kw.word === '活動実績' || current === null || indicator !== null) {
        if (current === null || kw.word === '活動実績' || indicator !== null) {
          current = { indicator, unit: null, values: years.filter((y) => y.year !== null).map((y) => ({ fiscalYear: y.year!, actual: null, planned: null })) };
          rec.activities.push(current);
          idx = rec.activities.length - 1;
          if (indicator) prov(ctx, `activities.${idx}.indicator`, row.line);
        }
      }
      const a = current;
      const uCol = unitCol > kw.col ? unitCol : kw.col + 1;
      const unitCell = textCell(ctx, row.cells[uCol]);
      if (unitCell && a.unit === null) {
        a.unit = unitCell;
        prov(ctx, `activities.${idx}.unit`, row.line);
      }
      const { cells } = alignedCells(row, years.map((y) => y.col), Math.max(uCol, kw.col));
      if (hasWords(cells)) {
        warn(ctx, `activities.${idx}`, `「${kw.word}」の行に数値でない値があるため読みません`, row.line);
        continue;
      }
      cells.forEach((cell, j) => {
        const y = years[j]!;
        if (y.year === null) return;
        const v = a.values.find((x) => x.fiscalYear === y.year)!;
        if (kw.word === '活動実績') {
          if (y.kind === 'plan') {
            // Future years have no actuals; the template's 活動見込 is read from the 当初見込み row.
            if (!isBlankOrDash(cell)) warn(ctx, `activities.${idx}.values.${y.year}`, `活動見込の年度 (${y.raw}) の活動実績欄 "${cell}" は実績ではないため採用しません`, row.line);
            return;
          }
          v.actual = number(ctx, cell, `activities.${idx}.values.${y.year}.actual`, row.line);
        } else {
          v.planned = number(ctx, cell, `activities.${idx}.values.${y.year}.planned`, row.line);
        }
      });
    }
  }
}

export function parseUnitCosts(ctx: Ctx, rec: ProjectRecord): void {
  for (let h = findSection(ctx, 'unitCosts'); h >= 0; h = findSection(ctx, 'unitCosts', h + 1)) {
    const head = ctx.rows[h]!;
    const years = headerYears(ctx, head, 'unitCosts').filter((y) => y.kind === 'actual' || y.kind === 'plan');
    const basisCol = headerCol(head, (k) => k === '算出根拠');
    const unitCol = headerCol(head, (k) => k === '単位');
    let idx = -1;
    for (const row of sectionRows(ctx, h)) {
      const kw = keywordCol(row, ['単位当たりコスト', '計算式']);
      if (!kw) continue;
      if (kw.word === '単位当たりコスト' || idx < 0) {
        const basis = basisCol >= 0 && basisCol < kw.col ? textCell(ctx, row.cells[basisCol]) : null;
        rec.unitCosts.push({ basis, unit: null, values: years.filter((y) => y.year !== null).map((y) => ({ fiscalYear: y.year!, value: null, formula: null })) });
        idx = rec.unitCosts.length - 1;
        if (basis) prov(ctx, `unitCosts.${idx}.basis`, row.line);
      }
      const u = rec.unitCosts[idx]!;
      const uCol = unitCol > kw.col ? unitCol : kw.col + 1;
      const unitCell = cleanLine(row.cells[uCol]);
      if (kw.word === '単位当たりコスト' && unitCell && unitCell !== '/') {
        u.unit = unitCell;
        prov(ctx, `unitCosts.${idx}.unit`, row.line);
      }
      const { cells } = alignedCells(row, years.map((y) => y.col), Math.max(uCol, kw.col));
      cells.forEach((cell, j) => {
        const y = years[j]!;
        if (y.year === null) return;
        const v = u.values.find((x) => x.fiscalYear === y.year)!;
        if (kw.word === '単位当たりコスト') v.value = number(ctx, cell, `unitCosts.${idx}.values.${y.year}.value`, row.line);
        else {
          v.formula = cleanLine(cell);
          if (v.formula) prov(ctx, `unitCosts.${idx}.values.${y.year}.formula`, row.line);
        }
      });
    }
  }
}
