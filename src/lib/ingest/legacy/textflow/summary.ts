/** 事業概要: the one wide prose cell of the sheet's first part. */
import { cleanText } from '../../../normalize/text.ts';
import { displayWidth, findLines, isProse, joinWrapped, squash } from '../blocks.ts';
import { CHECK_QUESTIONS, type Ctx, isLabelBlock } from './labels.ts';

export function firstCheckLine(ctx: Ctx): number | null {
  for (let i = 0; i < ctx.lines.length; i++) {
    const s = squash(ctx.lines[i]!);
    if (CHECK_QUESTIONS.some((q) => s.startsWith(squash(q)))) return i + 1;
  }
  return null;
}

export const WIDE = 100; // display columns: a cell spanning the sheet's value column

/**
 * 事業概要: the only full-width prose cell on the first page that no label-adjacent field
 * has claimed (事業の目的, 根拠法令 and 上位施策との関係 are claimed first). Pages come out
 * in order, so the first page ends where the fixed check questions begin.
 */
export function readSummary(ctx: Ctx): string | null {
  const direct = findLines(ctx.lines, /^事業概要\s+(?!\()(.{12,})$/);
  if (direct.length === 1) {
    ctx.c.have('summary', [direct[0]!.line, direct[0]!.line]);
    return cleanText(direct[0]!.m[1]!);
  }
  const end = firstCheckLine(ctx);
  if (end === null) {
    ctx.c.lack('summary', '1ページ目の範囲を確定できないため事業概要を配置できません');
    return null;
  }
  const candidates = ctx.blocks
    .map((b, i) => ({ b, i }))
    .filter(({ b, i }) => b.end < end && !ctx.claimed.has(i) && !isLabelBlock(b) && isProse(b.lines.join('')) && Math.max(...b.lines.map(displayWidth)) >= WIDE);
  if (candidates.length === 1) {
    const { b, i } = candidates[0]!;
    ctx.claimed.add(i);
    ctx.c.have('summary', [b.start, b.end]);
    return cleanText(joinWrapped(b.lines, ctx.evidence));
  }
  ctx.c.lack('summary', candidates.length === 0 ? '事業概要の本文が見つかりません' : `事業概要の候補が${candidates.length}つあり確定できません`, candidates[0]?.b.start ?? null);
  return null;
}
