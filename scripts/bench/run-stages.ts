/**
 * Run one build command as a child process and measure it per stage. Stages are read
 * from the build's own progress lines (`▶ name` … `✓ name`, printed by scripts/build.ts),
 * and Astro's phases from its log lines, so the bench measures the real build script as
 * it is, not a re-implementation of it. Memory is the whole process tree, sampled.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { sampleTree } from './proc-tree.ts';

export interface PhaseTiming {
  name: string;
  /** Milliseconds from the start of the run. */
  start: number;
  end: number;
  peakRss: number;
  /** CPU-seconds the whole tree used while the phase ran (overlapping phases share them). */
  cpuSeconds: number;
}

export interface RunResult {
  wallMs: number;
  peakRss: number;
  /** CPU-seconds of the whole run (all processes and threads). */
  cpuSeconds: number;
  exitCode: number | null;
  phases: PhaseTiming[];
  /** Sub-phases of `astro build` (content sync, bundling, rendering), from Astro's log. */
  astroPhases: PhaseTiming[];
  /** Pages Astro reported, if it printed "N page(s) built". */
  astroPages: number | null;
  logFile: string;
}

/** Astro 7 log lines that open a phase; the next one (or the end of the stage) closes it. */
const ASTRO_PHASES: Array<[RegExp, string]> = [
  [/\[content\] Syncing content/, 'content sync'],
  [/\[types\] Generated/, 'types + build info'],
  [/Building static entrypoints/, 'bundle'],
  [/generating static routes/, 'render'],
  [/\[build\] \d+ page\(s\) built/, 'finish'],
];

export async function runStages(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; echo?: boolean }): Promise<RunResult> {
  const log = createWriteStream(opts.logFile);
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  const samples: Array<{ t: number; bytes: number; cpu: number }> = [];
  const events: Array<{ t: number; kind: 'start' | 'end'; name: string }> = [];
  const astroEvents: Array<{ t: number; name: string }> = [];
  let astroPages: number | null = null;

  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = sampleTree(child.pid!, (x) => samples.push({ t: now(), bytes: x.rssBytes, cpu: x.cpuSeconds }));
  const onLine = (line: string) => {
    const t = now();
    log.write(`${(t / 1000).toFixed(2).padStart(8)} ${line}\n`);
    if (opts.echo) console.log(line);
    let m = /^▶ (.+)$/.exec(line);
    if (m) events.push({ t, kind: 'start', name: m[1]!.trim() });
    m = /^✓ (.+?)(?: \([\d.]+ s\))?$/.exec(line);
    if (m) events.push({ t, kind: 'end', name: m[1]!.trim() });
    for (const [re, name] of ASTRO_PHASES) if (re.test(line)) astroEvents.push({ t, name });
    m = /\[build\] (\d+) page\(s\) built/.exec(line);
    if (m) astroPages = Number(m[1]);
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const exitCode = await new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  stop();
  const wallMs = now();
  log.end();

  // Peak of the samples inside the window; a stage shorter than the sampling interval
  // gets the last sample taken before it ended.
  const peakIn = (a: number, b: number) => {
    const inside = samples.filter((s) => s.t >= a - 50 && s.t <= b + 50);
    const last = samples.filter((s) => s.t <= b + 50).at(-1);
    return (inside.length ? inside : last ? [last] : []).reduce((m, s) => Math.max(m, s.bytes), 0);
  };
  // CPU used between two moments: the last samples taken at or before each.
  const cpuAt = (t: number) => samples.filter((s) => s.t <= t).at(-1)?.cpu ?? 0;
  const cpuIn = (a: number, b: number) => cpuAt(b) - cpuAt(a);
  const phases: PhaseTiming[] = [];
  for (const e of events) {
    if (e.kind !== 'start') continue;
    const end = events.find((x) => x.kind === 'end' && x.name === e.name && x.t >= e.t)?.t ?? wallMs;
    phases.push({ name: e.name, start: e.t, end, peakRss: peakIn(e.t, end), cpuSeconds: cpuIn(e.t, end) });
  }
  const astroStage = phases.find((p) => /astro/i.test(p.name));
  const astroPhases: PhaseTiming[] = [];
  astroEvents.forEach((e, i) => {
    const end = astroEvents[i + 1]?.t ?? astroStage?.end ?? wallMs;
    if (e.name !== 'finish') astroPhases.push({ name: e.name, start: e.t, end, peakRss: peakIn(e.t, end), cpuSeconds: cpuIn(e.t, end) });
  });
  return { wallMs, peakRss: samples.reduce((m, s) => Math.max(m, s.bytes), 0), cpuSeconds: samples.at(-1)?.cpu ?? 0, exitCode, phases, astroPhases, astroPages, logFile: opts.logFile };
}
