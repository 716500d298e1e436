/**
 * Peak memory and CPU time of a process tree, sampled from /proc. A stage's memory is the
 * sum of the resident set of the stage's process and all its descendants (Astro, the
 * Pagefind binary, workers), because that is what has to fit in the machine's RAM at once.
 * CPU time is summed the same way: on a machine of two cores, CPU-seconds ÷ 2 is the
 * shortest wall time any scheduling of the same work could reach.
 */
import { readdirSync, readFileSync } from 'node:fs';

const PAGE = 4096;
// USER_HZ: the unit of /proc/<pid>/stat's utime and stime; 100 on every Linux we run on.
const TICKS_PER_SECOND = 100;

interface ProcStat {
  ppid: number;
  /** utime + stime of the process itself (all its threads; not its reaped children). */
  ticks: number;
  rssBytes: number;
}

/** pid → stat fields for every live process (Linux /proc). */
function procStats(): Map<number, ProcStat> {
  const out = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
      // Then rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15, rss 24 (pages).
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]), rssBytes: Number(rest[21]) * PAGE });
    } catch {
      // The process ended between readdir and read: ignore it.
    }
  }
  return out;
}

/** The root and its live descendants, with their stat fields. */
function tree(root: number): Map<number, ProcStat> {
  const stats = procStats();
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) {
    const list = children.get(s.ppid) ?? [];
    list.push(pid);
    children.set(s.ppid, list);
  }
  const out = new Map<number, ProcStat>();
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    const s = stats.get(pid);
    if (!s) continue;
    out.set(pid, s);
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return out;
}

export interface TreeSample {
  /** Resident bytes of the tree now. */
  rssBytes: number;
  /** CPU-seconds the tree has used so far, including processes that have ended since. */
  cpuSeconds: number;
}

/**
 * Sample the tree every `intervalMs`, calling `onSample`. Returns a stop function.
 * 100 ms is fine-grained enough for stages that last seconds; the sampling itself costs
 * about 1 ms per sample (one readdir of /proc). A process's CPU time is its last sampled
 * value, so one that ends loses at most the last interval's time (and a process that
 * lives less than one interval is not seen at all): the total errs low, never high.
 */
export function sampleTree(root: number, onSample: (s: TreeSample) => void, intervalMs = 100): () => void {
  const ticksOf = new Map<number, number>();
  const tick = () => {
    let rssBytes = 0;
    for (const [pid, s] of tree(root)) {
      rssBytes += s.rssBytes;
      ticksOf.set(pid, s.ticks);
    }
    let ticks = 0;
    for (const t of ticksOf.values()) ticks += t;
    onSample({ rssBytes, cpuSeconds: ticks / TICKS_PER_SECOND });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return () => {
    clearInterval(timer);
  };
}
