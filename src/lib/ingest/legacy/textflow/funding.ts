/** 資金の流れ: the funding-flow blocks (who passes how much to whom). */
import type { ProjectRecord } from '../../../../schemas/index.ts';
import { parseAmountYen } from '../../../normalize/amount.ts';
import { cleanLine } from '../../../normalize/text.ts';
import { fold } from '../blocks.ts';
import { Diagnostics, type Span } from '../../diagnostics.ts';
import type { Ctx } from './labels.ts';

/**
 * 資金の流れ, single level: the ministry's boxes (`総務省` over `408百万円`) and the lettered
 * receiving blocks (`B．地方公共団体等`, `（25団体）`, `400百万円`). The diagram's arrows do not
 * survive extraction, so an edge is published only when the blocks can be shared among the
 * boxes in exactly one way that makes every box's amount the sum of its blocks' amounts.
 */
export function readFundingFlow(ctx: Ctx, ministry: string | null, c: Diagnostics): ProjectRecord['fundingFlow'] {
  if (!ministry) return [];
  const { blocks } = ctx;
  const AMOUNT = /^([\d,]+(?:\.\d+)?)\s*百万円$/;
  const amountOf = (t: string): number | null => {
    const m = AMOUNT.exec(fold(t));
    if (!m) return null;
    const r = parseAmountYen(m[1]!, 1_000_000);
    return r.ok ? r.value : null;
  };
  const sources: Array<{ amount: number; span: Span }> = [];
  const targets: Array<{ name: string; count: string | null; amount: number | null; span: Span }> = [];
  blocks.forEach((b, i) => {
    const text = fold(b.lines.join(''));
    if (text === fold(ministry)) {
      const next = blocks[i + 1];
      const amount = next && next.lines.length === 1 ? amountOf(next.lines[0]!) : null;
      if (amount !== null) sources.push({ amount, span: [b.start, next!.end] });
      return;
    }
    const m = /^([A-ZＡ-Ｚ])\s*[.．]\s*(.*[\u3040-\u30ff\u4e00-\u9fff].*)$/.exec(b.lines[0]!.trim());
    if (!m || b.lines.length > 2) return;
    let name = m[2]!.trim();
    let amount: number | null = null;
    let count: string | null = null;
    let end = b.end;
    const same = /^(.*?)\s+([\d,]+(?:\.\d+)?\s*百万円)$/.exec(name);
    if (same) {
      name = same[1]!;
      amount = amountOf(same[2]!);
    }
    // The count and the amount follow in the next run(s), before any other box.
    for (let k = i + 1; amount === null && k <= i + 2 && blocks[k]; k++) {
      const nb = blocks[k]!;
      for (const l of nb.lines) {
        const f = fold(l);
        if (/^\(\s*[\d,]+\s*(?:団体|者|件|社|機関|法人|人)\s*\)$/.test(f)) count = cleanLine(l);
        else if (amountOf(l) !== null) amount = amountOf(l);
      }
      if (amount !== null) end = nb.end;
    }
    targets.push({ name: cleanLine(`${m[1]}．${name}`)!, count, amount, span: [b.start, end] });
  });
  if (sources.length === 0 || targets.length === 0) return [];
  if (targets.some((t) => t.amount === null)) {
    c.warn('fundingFlow', '資金の流れに金額のない支出先ブロックがあるため、流れを確定できません');
    return [];
  }
  // Count the ways to share the blocks among the boxes (stop at two: only a unique one is used).
  const assign: number[] = [];
  let solution: number[] | null = null;
  let solutions = 0;
  const left = sources.map((s) => s.amount);
  const search = (k: number): void => {
    if (solutions > 1) return;
    if (k === targets.length) {
      if (left.every((x) => x === 0)) {
        solutions++;
        solution = [...assign];
      }
      return;
    }
    for (let j = 0; j < sources.length; j++) {
      if (left[j]! < targets[k]!.amount!) continue;
      left[j]! -= targets[k]!.amount!;
      assign.push(j);
      search(k + 1);
      assign.pop();
      left[j]! += targets[k]!.amount!;
    }
  };
  if (targets.length <= 16) search(0);
  if (solutions !== 1 || !solution) {
    c.warn('fundingFlow', solutions === 0 ? '資金の流れの金額が支出元と支出先ブロックで一致しないため、流れを確定できません' : '資金の流れの支出元と支出先の組合せが一通りに定まらないため、取り込んでいません');
    return [];
  }
  const chosen: number[] = solution;
  const flow: ProjectRecord['fundingFlow'] = targets.map((t) => ({ from: ministry, to: t.name, amount: t.amount, method: null, note: t.count }));
  flow.forEach((_, k) => {
    const src = sources[chosen[k]!]!;
    c.have(`fundingFlow.${k}`, [Math.min(src.span[0], targets[k]!.span[0]), Math.max(src.span[1], targets[k]!.span[1])]);
  });
  if (ctx.lines.some((l) => /資金の流れ[^。]*想定/.test(l))) c.warn('fundingFlow', '資金の流れは予定・想定の金額であると注記されています');
  return flow;
}
