/** 成果目標及び成果実績: the outcome indicator, its unit, target and results by year. */
import { yearOn } from '../years.ts';
import type { Outcome } from '../../../../schemas/index.ts';
import { cleanLine, cleanText } from '../../../normalize/text.ts';
import { parseFiscalYear } from '../../../normalize/wareki.ts';
import { blockIndexOfLine, displayWidth, findLines, fold, joinNarrow, joinWrapped, squash, type Block } from '../blocks.ts';
import { Diagnostics, type Span } from '../../diagnostics.ts';
import { type Ctx, isLabelBlock, isLabelText } from './labels.ts';
import { firstCheckLine, WIDE } from './summary.ts';

/**
 * Whether the number matched at `text[at, at + len)` is stated as the goal's amount, not as a
 * qualification of it: an aside in brackets (`（5点満点）`, `（±5％）`, `（約10％）`, `（１基の補修工事含む）`),
 * a bound below (`１％未満`), a scale (`5点満点`) or a rate's base (`1調査海域あたり`). Those numbers are
 * in the sentence but are not what the target cell holds. `unitFirst`: the match is the unit
 * followed by the number (`団体数800を実現`); a number that runs on into another noun
 * (`構造を1調査海域あたり`) counts that noun, not the unit.
 */
/**
 * `150` 万 → `1500000`, `2.2` 万 → `22000`: decimal digits shifted, never a float product
 * (2.2 × 10000 is 22000.000000000004 in binary floating point).
 */
export function scaled(n: string, unit: '万' | '億' | string): string {
  const shift = unit === '億' ? 8 : 4;
  const [int, frac = ''] = n.split('.');
  const digits = (int! + frac.padEnd(shift, '0').slice(0, shift) + (frac.length > shift ? '.' + frac.slice(shift) : '')).replace(/^0+(?=\d)/, '');
  return digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits;
}

export function statesTarget(text: string, at: number, len: number, unitFirst = false): boolean {
  const before = text.slice(0, at);
  const open = (before.match(/[(（［\[【「]/g) ?? []).length - (before.match(/[)）］\]】」]/g) ?? []).length;
  if (open > 0) return false;
  const after = text.slice(at + len);
  if (/^(?:未満|満点|あたり|当たり|につき)/.test(after)) return false;
  if (unitFirst && /^[一-龯々ァ-ヶーA-Za-z]/.test(after) && !/^(?:以上|以下|以内|程度|超)/.test(after)) return false;
  return !/[±+＋]$/.test(before);
}

/**
 * The outcome's final target and year. The year is the digit printed in the
 * `目標最終年度` header cell (`年度 年度32`); the target is the number that the
 * outcome's own sentence states next to the outcome's unit (`…地方公共団体数800を実現`,
 * `…事業者数を８者とする`) and that also stands as a cell of its own.
 */
export function readOutcome(ctx: Ctx, c: Diagnostics): Outcome[] {
  const unitHits = findLines(ctx.lines, /^\(アウトカム\)\s+(\S{1,20})$/);
  const units = new Set(unitHits.map((h) => h.m[1]!));
  const headerHits = findLines(ctx.lines, /^(?:年度\s+)?年度\s*(\d{1,2}|元)$/);
  const years = new Set(headerHits.map((h) => yearOn(c, ctx, `${h.m[1]}年度`, 'target', 'outcomes.finalYear', h.line)));
  if (unitHits.length === 0 && headerHits.length === 0) {
    c.lack('outcomes', '成果目標の表を特定できません');
    return [];
  }
  const unit = units.size === 1 ? cleanLine(unitHits[0]!.m[1]!) : null;
  let finalYear: number | null = null;
  let yearSpan: Span | null = null;
  if (years.size === 1 && [...years][0] !== null) {
    finalYear = [...years][0]!;
    yearSpan = [headerHits[0]!.line, headerHits[0]!.line];
  } else c.lack('outcomes.finalYear', '目標最終年度を配置できません', headerHits[0]?.line ?? null);

  let finalTarget: number | null = null;
  let goal: string | null = null;
  let targetSpan: Span | null = null;
  if (unit) {
    // The outcome table is on the sheet's first page: a cell or sentence after the check questions
    // (点検, 資金の流れ, 支出先: numbered blocks, `上位10者リスト`) is no evidence of its target.
    const pageEnd = firstCheckLine(ctx) ?? ctx.lines.length + 1;
    const standalone = new Set(ctx.lines.slice(0, pageEnd - 1).map((l) => fold(l)).flatMap((f) => {
      // A target cell prints the number (`1,500,000`) or the number in 万/億 (`150万`).
      const m = /^(\d[\d,]*(?:\.\d+)?)(万|億)?$/.exec(f);
      const n = m?.[1]!.replace(/,/g, '');
      return !m ? [] : m[2] ? [scaled(n!, m[2])] : [n!];
    }));
    const u = squash(unit).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // The number must not run on into another unit (`地方公共団体数` + `400百万円` is two cells).
    // `150万人泊` with unit 人泊 is 1,500,000: a 万/億 between the number and the unit multiplies it.
    const re = new RegExp(`${u}(?:を|は)?(\\d[\\d,]*(?:\\.\\d+)?)(?![\\d,.]|百万|千|億|円|%|％|件|人|者|団体)|(\\d[\\d,]*(?:\\.\\d+)?)(万|億)?${u}`, 'g');
    const found: Array<{ v: string; b: Block; i: number }> = [];
    // A money unit is read as a target only from a table cell, never from a sentence: a sentence
    // with 百万円 in it is as likely the budget's (`…推進枠 450百万円`).
    const money = /円$/.test(squash(unit));
    ctx.blocks.forEach((b, i) => {
      const text = squash(b.lines.join(''));
      // A sentence (kana), in which the number is part of a line, not a cell of its own; never
      // the template's own words (`国庫債務負担行為等による契約先上位10者リスト`).
      if (money || !/[ぁ-ん]/.test(text) || b.start >= pageEnd || isLabelBlock(b)) return;
      const values = [...text.matchAll(re)].filter((m) => statesTarget(text, m.index, m[0].length, m[1] !== undefined)).map((m) => {
        const n = (m[1] ?? m[2])!.replace(/,/g, '');
        return m[3] ? scaled(n, m[3]) : n;
      });
      // Two amounts in the unit (`5点満点中3.5点以上`): which one is the target is not stated.
      if (new Set(values).size !== 1) return;
      const v = values[0]!;
      if (standalone.has(v) && !b.lines.some((l) => fold(l).replace(/,/g, '') === v)) found.push({ v, b, i });
    });
    const distinct = new Set(found.map((f) => f.v));
    const blocksWith = new Set(found.map((f) => f.i));
    if (distinct.size === 1) {
      finalTarget = Number([...distinct][0]);
      const { b } = found[0]!;
      targetSpan = [b.start, b.end];
      // The sentence that states the target is the 定量的な成果目標 when it is a narrow cell of its own.
      if (blocksWith.size === 1 && !ctx.claimed.has(found[0]!.i) && Math.max(...b.lines.map(displayWidth)) < WIDE) {
        goal = cleanText(joinNarrow(b.lines, ctx.evidence));
        ctx.claimed.add(found[0]!.i);
      } else {
        // Not the 定量的な成果目標 cell: a number in some other sentence is no evidence of the target.
        c.lack('outcomes.finalTarget', '目標値を述べる文が成果目標の欄と確定できないため目標値を取り込みません', b.start);
        finalTarget = null;
        targetSpan = null;
      }
      // The goal sentence names its year too: it must agree with the header.
      const goalYear = parseFiscalYear(b.lines.join(''), ctx.era);
      if (goalYear !== null && finalYear !== null && goalYear !== finalYear) {
        c.warn('outcomes.finalYear', `目標最終年度 (${finalYear}) と成果目標の文の年度 (${goalYear}) が一致しないため、年度を取り込みません`, b.start);
        finalYear = null;
        yearSpan = null;
      }
    } else c.lack('outcomes.finalTarget', distinct.size > 1 ? `目標値の候補が複数あります: ${[...distinct].join(', ')}` : '目標最終年度の目標値を配置できません');
  } else c.lack('outcomes.finalTarget', '成果指標の単位を確定できないため目標値を配置できません');
  if (finalTarget === null && finalYear === null && !unit) return [];
  // 根拠として用いた統計・データ名（出典）: the label's last line `（出典）` heads the value's run.
  let dataSource: string | null = null;
  const src = findLines(ctx.lines, /^\(出典\)$/);
  if (src.length === 1) {
    const b = ctx.blocks[blockIndexOfLine(ctx.blocks, src[0]!.line)]!;
    const rest = b.lines.slice(src[0]!.line - b.start + 1);
    if (rest.length > 0 && rest.length <= 3 && !rest.some((l) => isLabelText(l) || /【|^[-－‐]$/.test(l.trim()))) {
      dataSource = cleanText(joinWrapped(rest, ctx.evidence));
      c.have('outcomes.0.dataSource', [src[0]!.line + 1, b.end]);
    }
  }
  if (unit) c.have('outcomes.0.unit', [unitHits[0]!.line, unitHits[0]!.line]);
  if (yearSpan) c.have('outcomes.0.finalYear', yearSpan);
  if (targetSpan) c.have('outcomes.0.finalTarget', targetSpan);
  if (goal && targetSpan) c.have('outcomes.0.goal', targetSpan);
  c.warn('outcomes', '成果指標名と年度別の成果実績・目標値は、抽出テキストの並びから配置を確定できないため取り込んでいません');
  return [{ goal, indicator: null, unit, values: [], finalTarget, finalYear, dataSource }];
}
