/** 目標達成度合いの測定結果 (the graded assessment), 施策の分析 and 次期目標等への反映の方向性, and the footer (担当部局名, 政策評価実施時期). */
import { cleanLine, cleanText } from '../../../normalize/text.ts';
import { blockIndexOfLine, displayWidth, findLines, isProse, joinWrapped, squash } from '../blocks.ts';
import { ASSESSMENTS, type Ctx, FOOTNOTE } from './context.ts';

/** `（各行政機関共通区分） 相当程度進展あり`: one of the five standard grades. */
export function readAssessment(ctx: Ctx): { assessment: string | null; line: number | null } {
  const hits = findLines(ctx.lines, /^(?:.*各行政機関共通区分\)?\s*)?(目標超過達成|目標達成|相当程度進展あり|進展が大きくない|目標に向かっていない)$/);
  const values = new Set(hits.map((h) => h.m[1]!));
  if (values.size === 1 && ASSESSMENTS.includes([...values][0]!)) {
    ctx.c.have('assessment', [hits[0]!.line, hits[0]!.line]);
    return { assessment: [...values][0]!, line: hits[0]!.line };
  }
  ctx.c.lack('assessment', values.size > 1 ? `測定結果の候補が複数あります: ${[...values].join(' / ')}` : '目標達成度合いの測定結果を配置できません', hits[0]?.line ?? null);
  return { assessment: null, line: null };
}

const PROSE_WIDTH = 80;

/** Full-width prose runs from block index `from` until a footnote, a label or a narrow run. */
function proseRun(ctx: Ctx, from: number): { text: string; first: number; last: number; startLine: number; endLine: number } | null {
  const parts: string[] = [];
  let last = from - 1;
  for (let k = from; k < ctx.blocks.length; k++) {
    const b = ctx.blocks[k]!;
    if (FOOTNOTE.test(b.lines[0]!) || !isProse(b.lines.join('')) || Math.max(...b.lines.map(displayWidth)) < PROSE_WIDTH) break;
    parts.push(joinWrapped(b.lines, ctx.evidence));
    last = k;
  }
  if (last < from) return null;
  return { text: parts.join('\n'), first: from, last, startLine: ctx.blocks[from]!.start, endLine: ctx.blocks[last]!.end };
}

export function readAnalysisAndNextSteps(ctx: Ctx, assessmentLine: number | null, goals: string[]): { analysis: string | null; nextSteps: string | null } {
  const out = { analysis: null as string | null, nextSteps: null as string | null };
  let analysisEnd = -1;
  if (assessmentLine !== null) {
    const bi = blockIndexOfLine(ctx.blocks, assessmentLine);
    const run = proseRun(ctx, bi + 1);
    if (run) {
      out.analysis = cleanText(run.text);
      ctx.c.have('analysis', [run.startLine, run.endLine]);
      analysisEnd = run.last;
    }
  }
  if (out.analysis === null) ctx.c.lack('analysis', '評価結果（判断根拠・政策の分析）の本文を配置できません', assessmentLine);
  // 次期目標等への反映の方向性: organised by the same goal headings as the analysis.
  const hasLabel = ctx.lines.some((l) => squash(l).startsWith('次期目標等へ'));
  const goalKeys = goals.map(squash);
  if (hasLabel && analysisEnd >= 0 && goalKeys.length > 0) {
    for (let k = analysisEnd + 1; k < ctx.blocks.length; k++) {
      const head = ctx.blocks[k]!.lines[0]!.trim();
      const m = /^[＜<](?:施策目標[＞>])?([^＜＞<>]+)[＞>]?/.exec(head);
      if (m && goalKeys.some((g) => squash(head).includes(g))) {
        const run = proseRun(ctx, k);
        if (run) {
          out.nextSteps = cleanText(run.text);
          ctx.c.have('nextSteps', [run.startLine, run.endLine]);
        }
        break;
      }
    }
  }
  if (out.nextSteps === null) ctx.c.lack('nextSteps', '次期目標等への反映の方向性の本文を配置できません');
  return out;
}

/** `情報流通行政局　情報流通振興課　等 作成責任者名` and `政策評価実施時期 令和元年８月`. */
export function readFooter(ctx: Ctx): { bureau: string | null; evaluatedAt: string | null } {
  const out = { bureau: null as string | null, evaluatedAt: null as string | null };
  const b: Array<{ line: number; v: string }> = [];
  ctx.lines.forEach((raw, i) => {
    const m = /^(?:担当部局課室名\s+)?(.+?)\s+作成責任者名(?:\s+.*)?$/.exec(raw.trim());
    if (m && !/担当部局課室名|政策評価実施時期/.test(m[1]!)) b.push({ line: i + 1, v: cleanLine(m[1])! });
  });
  const direct = findLines(ctx.lines, /^担当部局課室名\s+(?!政策評価実施時期)(.+?)(?:\s+作成責任者名.*)?$/);
  for (const d of direct) {
    if (b.some((x) => x.line === d.line)) continue;
    const v = cleanLine(ctx.lines[d.line - 1]!.trim().replace(/^担当部局課室名\s+/, '').replace(/\s+(?:作成責任者名|政策評価実施時期)[^]*$/, ''));
    if (v) b.push({ line: d.line, v });
  }
  if (new Set(b.map((x) => x.v)).size === 1) {
    out.bureau = b[0]!.v;
    ctx.c.have('bureau', [b[0]!.line, b[0]!.line]);
  } else ctx.c.lack('bureau', b.length > 1 ? '担当部局課室名の候補が複数あります' : '担当部局課室名を配置できません', b[0]?.line ?? null);
  const t = findLines(ctx.lines, /政策評価実施時期\s+((?:平成|令和)\s*(?:元|\d{1,2})\s*年\s*\d{1,2}\s*月)$/);
  if (t.length === 1) {
    const raw = ctx.lines[t[0]!.line - 1]!;
    const m = /((?:平成|令和)[\s\u3000]*(?:元|[0-9０-９]{1,2})[\s\u3000]*年[\s\u3000]*[0-9０-９]{1,2}[\s\u3000]*月)[\s\u3000]*$/.exec(raw);
    out.evaluatedAt = cleanLine(m ? m[1] : t[0]!.m[1]);
    ctx.c.have('evaluatedAt', [t[0]!.line, t[0]!.line]);
  } else ctx.c.lack('evaluatedAt', '政策評価実施時期を配置できません');
  return out;
}
