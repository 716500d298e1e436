/** Plain-text tables for the bench results (the JSON file holds the same numbers). */
import { cpus } from 'node:os';
import type { BuildMeasure, CorpusResult } from './types.ts';

export const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;
export const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)}`;

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join(' | ') + ' |';
  return [line(head), '|' + w.map((n, i) => (i === 0 ? '-'.repeat(n + 2) : '-'.repeat(n + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n');
}

// Busy cores: CPU-seconds per wall second (on 2 cores, 2.00 is all the machine has). Not
// for a phase of under half a second: the tree is sampled every 100 ms, so its CPU-seconds
// are those of the intervals around it (a 0.03 s step showed "47.21" cores).
const cores = (cpuSeconds: number, wallMs: number) => (wallMs >= 500 ? (cpuSeconds / (wallMs / 1000)).toFixed(2) : '—');

export function stageTable(m: BuildMeasure): string {
  const rows = m.stages.map((s) => [s.name, sec(s.startMs), sec(s.wallMs), cores(s.cpuSeconds, s.wallMs), s.pagesPerSec === null ? '—' : s.pagesPerSec.toFixed(0), gib(s.peakRss), s.outputBytes === null ? '—' : `${mb(s.outputBytes)}${s.outputFiles === null ? '' : ` / ${s.outputFiles} files`}`]);
  rows.push(['TOTAL', '', sec(m.wallMs), cores(m.cpuSeconds, m.wallMs), (m.pages / (m.wallMs / 1000)).toFixed(0), gib(m.peakRss), `${mb(m.outputBytes)} / ${m.outputFiles} files`]);
  return table(['stage', 'from s', 'wall s', 'cores busy', 'pages/s', 'peak RSS', 'output'], rows);
}

/**
 * The full build's CPU time against the floor's, and what it implies: however the work
 * were scheduled, the build cannot take less than its CPU-seconds ÷ cores.
 */
export function cpuBound(full: BuildMeasure, floor: BuildMeasure, machineCores: number): string {
  const bound = full.cpuSeconds / machineCores;
  return `CPU: the build used ${full.cpuSeconds.toFixed(1)} CPU-s, the floor ${floor.cpuSeconds.toFixed(1)} CPU-s (${(full.cpuSeconds / floor.cpuSeconds).toFixed(1)}×). On ${machineCores} cores the build cannot take less than ${bound.toFixed(1)} s, ${(bound / (floor.wallMs / 1000)).toFixed(2)}× the floor's wall time, whatever runs in parallel.`;
}

export function corpusReport(c: CorpusResult): string {
  const out: string[] = [];
  out.push(`\n## ${c.label} — ${c.sources} (${c.sourceFiles} files, ${mb(c.sourceBytes)}): ${c.full.pages} pages`);
  out.push(`\n### full build (cold: empty ingest cache and Astro cache)\n`);
  out.push(stageTable(c.full));
  out.push(`\nCPU per page: ${((c.full.cpuSeconds / c.full.pages) * 1000).toFixed(1)} ms (${c.full.cpuSeconds.toFixed(1)} CPU-s for ${c.full.pages} pages)`);
  if (c.full.astroPhases.length) out.push(`\nAstro phases: ${c.full.astroPhases.map((p) => `${p.name} ${sec(p.wallMs)} s (${gib(p.peakRss)}, ${cores(p.cpuSeconds, p.wallMs)} cores)`).join(' · ')}`);
  if (c.floor) {
    out.push(`\n### floor: bare Astro site with ${c.floor.pages} trivial pages + Pagefind\n`);
    out.push(stageTable(c.floor));
    out.push(`\n**ratio to floor: ${c.ratioToFloor!.toFixed(2)}×** (target ≤ 2×) · peak ${gib(c.full.peakRss)} (target ≤ 4 GiB for RS 2024)`);
    out.push(`\n${cpuBound(c.full, c.floor, cpus().length)}`);
  }
  if (c.peer) out.push(peerReport(c.full, c.peer));
  if (c.without) {
    out.push(`\n### built cold without the added folder (the site before it)\n`);
    out.push(stageTable(c.without));
  }
  const rebuilds = [
    ['added a folder (a new year)', c.added, 0.35],
    ['no-change rebuild (warm caches)', c.warm, null],
    ['one sheet changed', c.oneChange, 0.15],
  ] as const;
  for (const [name, m, target] of rebuilds) {
    if (!m) continue;
    out.push(`\n### ${name}${m.note ? ` — ${m.note}` : ''}\n`);
    out.push(stageTable(m));
    out.push(`\n→ **${(m.wallMs / c.full.wallMs).toFixed(2)}× the full build's time**${target ? ` (target ≤ ${target}×)` : ''}, ${(m.cpuSeconds / c.full.cpuSeconds).toFixed(2)}× its CPU-s`);
    const same = m.identicalToCold;
    if (same) out.push(same.differing === 0 ? `\nbyte-identical to the cold build's dist (${same.files} files compared)` : `\n**${same.differing} files differ from the cold build**, e.g. ${same.examples.join(', ')}`);
  }
  return out.join('\n');
}

export function growthReport(cs: CorpusResult[]): string {
  if (cs.length < 2) return '';
  const base = cs[0]!;
  const rows = cs.map((c) => [
    c.label,
    String(c.full.pages),
    sec(c.full.wallMs),
    ((c.full.wallMs / c.full.pages) * 1000 / 1000).toFixed(1),
    ((c.full.wallMs / base.full.wallMs) / (c.full.pages / base.full.pages)).toFixed(2),
    gib(c.full.peakRss),
    ((c.full.peakRss / base.full.peakRss) / (c.full.pages / base.full.pages)).toFixed(2),
    c.floor ? sec(c.floor.wallMs) : '—',
    c.ratioToFloor ? c.ratioToFloor.toFixed(2) : '—',
  ]);
  return `\n## growth\n\n${table(['corpus', 'pages', 'total s', 'ms/page', 'time vs linear', 'peak RSS', 'memory vs linear', 'floor s', '×floor'], rows)}\n\n("vs linear" = (metric ÷ first row's) ÷ (pages ÷ first row's): ≤ 1 means no worse than linear.)`;
}

/**
 * Our build against the peer (plain Astro + default Pagefind on the same pages). Time is
 * given against the peer as run and, as the issue states the target, against our own Astro
 * stage + default Pagefind; memory is peak against peak (the peer's two steps run one
 * after the other, so its peak is the larger of theirs).
 */
export function peerReport(full: BuildMeasure, peer: BuildMeasure): string {
  const ourAstro = full.stages.find((s) => /astro/i.test(s.name));
  const theirAstro = peer.stages.find((s) => /astro/i.test(s.name));
  const theirPagefind = peer.stages.find((s) => /pagefind/i.test(s.name));
  const lines = [`\n### peer: plain Astro on the same pages + default \`pagefind --site\`\n`, stageTable(peer)];
  lines.push(`\n**against the peer: time ${(full.wallMs / peer.wallMs).toFixed(2)}×** (${sec(full.wallMs)} s ÷ ${sec(peer.wallMs)} s), **peak memory ${(full.peakRss / peer.peakRss).toFixed(2)}×** (${gib(full.peakRss)} ÷ ${gib(peer.peakRss)}; target ≤ 0.35×), CPU ${(full.cpuSeconds / peer.cpuSeconds).toFixed(2)}× (${full.cpuSeconds.toFixed(0)} ÷ ${peer.cpuSeconds.toFixed(0)} CPU-s)`);
  if (ourAstro && theirPagefind) {
    const denom = ourAstro.wallMs + theirPagefind.wallMs;
    lines.push(`\nagainst our Astro stage (${sec(ourAstro.wallMs)} s) + default Pagefind (${sec(theirPagefind.wallMs)} s): **time ${(full.wallMs / denom).toFixed(2)}×** (target ≤ 0.6×)`);
  }
  if (theirAstro && theirPagefind) lines.push(`\npeer steps: plain Astro ${sec(theirAstro.wallMs)} s (peak ${gib(theirAstro.peakRss)}), default Pagefind ${sec(theirPagefind.wallMs)} s (peak ${gib(theirPagefind.peakRss)}, ${theirPagefind.cpuSeconds.toFixed(0)} CPU-s)`);
  return lines.join('\n');
}
