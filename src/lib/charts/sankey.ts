/**
 * Money flow (資金の流れ) as a Sankey diagram from a project's funding-flow edges.
 * Nodes are coloured by role — where money starts, blocks that hand it on, and where
 * it ends — so the colour carries meaning that the legend and table also state.
 */
import { sankey, sankeyLinkHorizontal, type SankeyGraph } from 'd3-sankey';
import type { z } from 'zod';
import type { FundingFlow } from '../../schemas/project.ts';
import { formatYen, truncate } from '../format/index.ts';
import { PALETTE, r1, roundPath, type Item, type Scene } from './scene.ts';

type Flow = z.infer<typeof FundingFlow>;
interface N { name: string }
interface L { source: string; target: string; value: number }

export interface FlowPlan {
  /** Edges drawn (positive amount, no cycle). */
  drawn: Flow[];
  /** Edges left out of the picture, with the reason (they stay in the table). */
  omitted: Array<{ flow: Flow; reason: string }>;
}

/** Which edges can be drawn: positive amounts, no self-loops, and none that would close a cycle. */
export function planFlows(flows: Flow[]): FlowPlan {
  const drawn: Flow[] = [];
  const omitted: FlowPlan['omitted'] = [];
  const adj = new Map<string, Set<string>>();
  const reaches = (from: string, to: string): boolean => {
    const stack = [from];
    const seen = new Set<string>();
    while (stack.length) {
      const n = stack.pop()!;
      if (n === to) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const m of adj.get(n) ?? []) stack.push(m);
    }
    return false;
  };
  for (const f of flows) {
    if (f.amount == null) omitted.push({ flow: f, reason: '金額の記載なし' });
    else if (f.amount <= 0) omitted.push({ flow: f, reason: '金額が0以下' });
    else if (f.from === f.to) omitted.push({ flow: f, reason: '支出元と支出先が同じ' });
    else if (reaches(f.to, f.from)) omitted.push({ flow: f, reason: '流れが循環する' });
    else {
      drawn.push(f);
      if (!adj.has(f.from)) adj.set(f.from, new Set());
      adj.get(f.from)!.add(f.to);
    }
  }
  return { drawn, omitted };
}

const ROLE = {
  source: { label: '資金の出発点（府省など）', fill: PALETTE.blue },
  middle: { label: '受け取って再配分する先', fill: PALETTE.orange },
  sink: { label: '最終的な支出先', fill: PALETTE.green },
} as const;

export function sankeyChart(flows: Flow[], opts: { width?: number; maxNodes?: number } = {}): Scene | null {
  const { drawn } = planFlows(flows);
  if (drawn.length === 0) return null;
  // Merge parallel edges so each pair is one band.
  const merged = new Map<string, L>();
  for (const f of drawn) {
    const k = `${f.from}\u0000${f.to}`;
    const l = merged.get(k);
    if (l) l.value += f.amount!;
    else merged.set(k, { source: f.from, target: f.to, value: f.amount! });
  }
  const names = [...new Set(drawn.flatMap((f) => [f.from, f.to]))];
  if (names.length > (opts.maxNodes ?? 40)) return null;
  const width = opts.width ?? 640;
  const outDeg = new Map<string, number>();
  const inDeg = new Map<string, number>();
  for (const l of merged.values()) {
    outDeg.set(l.source, (outDeg.get(l.source) ?? 0) + 1);
    inDeg.set(l.target, (inDeg.get(l.target) ?? 0) + 1);
  }
  const role = (n: string) => (!inDeg.get(n) ? ROLE.source : !outDeg.get(n) ? ROLE.sink : ROLE.middle);

  // Height grows with the busiest column so labels do not collide.
  const depth = new Map<string, number>();
  const depthOf = (n: string, guard = 0): number => {
    if (depth.has(n)) return depth.get(n)!;
    const parents = [...merged.values()].filter((l) => l.target === n).map((l) => l.source);
    const d = parents.length && guard < 50 ? Math.max(...parents.map((p) => depthOf(p, guard + 1))) + 1 : 0;
    depth.set(n, d);
    return d;
  };
  const perColumn = new Map<number, number>();
  for (const n of names) perColumn.set(depthOf(n), (perColumn.get(depthOf(n)) ?? 0) + 1);
  const busiest = Math.max(...perColumn.values());
  // Two label lines (name, amount) need about 28 px between nodes, however thin a node is.
  const height = Math.max(180, busiest * 52 + 20);
  const columns = Math.max(...perColumn.keys()) + 1;

  const layout = sankey<N, L>()
    .nodeId((d) => d.name)
    .nodeWidth(12)
    .nodePadding(30)
    // Stable order: d3-sankey's default sorting is data-dependent; keep input order.
    .nodeSort(null as never)
    .extent([[1, 10], [width - 1, height - 26]]);
  const graph: SankeyGraph<N, L> = layout({ nodes: names.map((name) => ({ name })), links: [...merged.values()].map((l) => ({ ...l })) });
  const path = sankeyLinkHorizontal();
  const items: Item[] = [];
  for (const l of graph.links) {
    const s = l.source as unknown as N;
    const t = l.target as unknown as N;
    items.push({
      kind: 'path', d: roundPath(path(l as never)), fill: 'none', stroke: role(s.name).fill, strokeWidth: r1(Math.max(1, l.width ?? 1)), opacity: 0.35,
      title: `${s.name} → ${t.name}: ${formatYen(l.value)}`,
    });
  }
  const labelChars = columns <= 2 ? 16 : columns === 3 ? 12 : 9;
  for (const n of graph.nodes) {
    const x0 = n.x0 ?? 0;
    const x1 = n.x1 ?? 0;
    const y0 = n.y0 ?? 0;
    const y1 = n.y1 ?? 0;
    items.push({ kind: 'rect', x: r1(x0), y: r1(y0), w: r1(x1 - x0), h: r1(Math.max(1, y1 - y0)), fill: role(n.name).fill, title: `${n.name}: ${formatYen(n.value ?? null)}` });
    const leftSide = x0 < width / 2;
    const ty = r1((y0 + y1) / 2);
    const tx = r1(leftSide ? x1 + 4 : x0 - 4);
    items.push({ kind: 'text', x: tx, y: ty, text: truncate(n.name, labelChars), anchor: leftSide ? 'start' : 'end', size: 11, fill: PALETTE.ink });
    items.push({ kind: 'text', x: tx, y: r1(ty + 13), text: formatYen(n.value ?? null), anchor: leftSide ? 'start' : 'end', size: 10, fill: PALETTE.grey });
  }
  const used = new Set(names.map((n) => role(n).label));
  return { width, height, items, legend: Object.values(ROLE).filter((r) => used.has(r.label)).map((r) => ({ label: r.label, fill: r.fill })) };
}

export function sankeySummary(flows: Flow[]): string {
  const { drawn, omitted } = planFlows(flows);
  if (flows.length === 0) return '資金の流れの記載はありません。';
  if (drawn.length === 0) return `資金の流れ${flows.length}件はいずれも金額の記載がないため、図にできません。表をご覧ください。`;
  const sources = new Set(drawn.map((f) => f.from));
  const targets = new Set(drawn.map((f) => f.to));
  const starts = [...sources].filter((s) => !targets.has(s));
  const startTotal = drawn.filter((f) => starts.includes(f.from)).reduce((a, f) => a + f.amount!, 0);
  const names = new Set([...sources, ...targets]);
  const left = omitted.length ? `金額の記載がないなどの${omitted.length}件は図に含めていません。` : '';
  return `${starts.join('・')}から${formatYen(startTotal)}が流れ、${names.size - starts.length}の支出先・ブロックに渡ります。${left}`;
}

type Block = { block: string; total: number | null };

/**
 * RS sheets give amounts per 支出先ブロック (ブロックの合計支出額), not per edge of the flow.
 * An edge without an amount into a block that has only that one incoming edge carries the
 * block's total — the figure the official diagram prints on that block. Other edges stay
 * without an amount (and out of the picture) rather than get a guessed share.
 */
export function flowsWithBlockTotals(flows: Flow[], blocks: Block[] | undefined): { flows: Flow[]; fromBlocks: Set<number> } {
  const totals = new Map((blocks ?? []).map((b) => [b.block, b.total]));
  const incoming = new Map<string, number>();
  for (const f of flows) if (f.toBlock) incoming.set(f.toBlock, (incoming.get(f.toBlock) ?? 0) + 1);
  const fromBlocks = new Set<number>();
  const out = flows.map((f, i) => {
    if (f.amount != null || !f.toBlock || incoming.get(f.toBlock) !== 1) return f;
    const total = totals.get(f.toBlock);
    if (total == null) return f;
    fromBlocks.add(i);
    return { ...f, amount: total };
  });
  return { flows: out, fromBlocks };
}
