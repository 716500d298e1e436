/**
 * Where a V8 CPU profile's time went: self time per function and per package/file, from
 * the `.cpuprofile` files `npm run bench -- --cpu-prof` writes (one per Node process: the
 * build, the ingest-and-snapshot child, Astro, search workers).
 *
 *   node scripts/bench/profile-summary.ts <dir or .cpuprofile files> [--top 25]
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** `…/node_modules/astro/dist/x.js` → `astro`; our files by path from the project; V8 internals by name. */
export function ownerOf(url: string): string {
  if (!url) return '(native/V8)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return url;
  const src = /\/((?:src|scripts)\/.*)$/.exec(url);
  return src ? src[1]! : basename(url);
}

export function summarize(p: Profile): { totalMs: number; byFunction: Map<string, number>; byOwner: Map<string, number> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const f = byId.get(id)!.callFrame;
    const owner = ownerOf(f.url);
    const name = `${f.functionName || '(anonymous)'} ${owner}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
    totalMs += ms;
  }
  return { totalMs, byFunction, byOwner };
}

const top = (m: Map<string, number>, n: number, total: number) =>
  [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `  ${(ms / 1000).toFixed(2).padStart(8)} s ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${k}`).join('\n');

if (import.meta.main) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--top');
  const n = i >= 0 ? Number(args[i + 1]) : 25;
  const paths = args.filter((a, k) => a !== '--top' && (i < 0 || k !== i + 1));
  const files: string[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) files.push(...(await readdir(p)).filter((f) => f.endsWith('.cpuprofile')).sort().map((f) => join(p, f)));
    else files.push(p);
  }
  for (const f of files) {
    const prof = JSON.parse(await readFile(f, 'utf8')) as Profile;
    const s = summarize(prof);
    const wall = (prof.endTime - prof.startTime) / 1e6;
    console.log(`\n## ${basename(f)}: ${wall.toFixed(1)} s wall, ${(s.totalMs / 1000).toFixed(1)} s sampled (idle included as "(idle)")`);
    console.log(`by package/file:\n${top(s.byOwner, 12, s.totalMs)}`);
    console.log(`by function:\n${top(s.byFunction, n, s.totalMs)}`);
  }
}
