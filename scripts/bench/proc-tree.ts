/**
 * Peak memory of a process tree, sampled from /proc. A stage's memory is the sum of the
 * resident set of the stage's process and all its descendants (Astro, the Pagefind
 * binary, workers), because that is what has to fit in the machine's RAM at once.
 */
import { readdirSync, readFileSync } from 'node:fs';

const PAGE = 4096;

/** pid → parent pid for every live process (Linux /proc). */
function parentMap(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), Number(rest[1]));
    } catch {
      // The process ended between readdir and read: ignore it.
    }
  }
  return out;
}

export function descendants(root: number): number[] {
  const parents = parentMap();
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (!parents.has(pid)) continue;
    out.push(pid);
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return out;
}

/** Resident bytes of one process (statm field 2 × page size); 0 if it is gone. */
function rssBytes(pid: number): number {
  try {
    const statm = readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
    return Number(statm[1]) * PAGE;
  } catch {
    return 0;
  }
}

export function treeRss(root: number): number {
  let total = 0;
  for (const pid of descendants(root)) total += rssBytes(pid);
  return total;
}

/**
 * Sample the tree every `intervalMs`, calling `onSample(bytes)`. Returns a stop function.
 * 100 ms is fine-grained enough for stages that last seconds; the sampling itself costs
 * about 1 ms per sample (one readdir of /proc).
 */
export function sampleTree(root: number, onSample: (bytes: number) => void, intervalMs = 100): () => void {
  const tick = () => onSample(treeRss(root));
  tick();
  const timer = setInterval(tick, intervalMs);
  return () => {
    clearInterval(timer);
  };
}
