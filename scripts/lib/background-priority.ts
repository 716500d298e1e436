/**
 * Lowers the CPU priority of this whole process (every thread), so that work running beside
 * a more urgent process takes what that one leaves.
 *
 * Why: the open-data snapshot is written while Astro renders. Astro is on the build's
 * critical path (the search stage waits for it), the snapshot is not (it only has to be done
 * by then). Left at equal priority, the snapshot's threads (its main thread, libuv's pool for
 * zlib and file writes, DuckDB's threads, V8's collector) took both cores half the time, and
 * Astro rendered sheet pages about 2.6 times slower while they ran (decade cold build: 8 ms a
 * page beside the snapshot, 3 ms after it; bench10, 2026-12-08).
 *
 * On Linux a nice value belongs to a thread, not the process: setpriority on the process id
 * changes only the main thread. So each thread in /proc/self/task is changed; threads started
 * afterwards inherit the value of the thread that starts them. Elsewhere the call is made
 * for pid 0, which on macOS is the whole process. Raising the value needs no privilege;
 * failures are ignored (the build is only slower, never wrong).
 *
 * Only when Astro has much to render (manyRecordsChanged). After a small change Astro renders
 * a few pages and then waits for the snapshot (the /data/ page lists its files), which is then
 * the critical path itself: yielding made a one-sheet decade rebuild ~5 s slower (open data
 * 54.2 s against 51.4 s, Astro 63.0 s against 58.3 s; one run each, 2026-12-08).
 */
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Threads of this process by id (Linux), or [0]: the calling thread. */
function threadIds(): number[] {
  try {
    const ids = readdirSync('/proc/self/task').map(Number).filter(Number.isInteger);
    return ids.length ? ids : [0];
  } catch {
    return [0];
  }
}

/** Sets every thread's nice value; returns how many threads took it. */
export function lowerPriority(niceness: number): number {
  let changed = 0;
  for (const id of threadIds()) {
    try {
      setPriority(id, niceness);
      changed++;
    } catch {
      // A thread that ended meanwhile, or a platform without per-thread priorities.
    }
  }
  return changed;
}

/**
 * Whether at least `share` of the record files are new, changed or gone since the previous
 * build (content hashes by path, digests.json before and after ingest); true without a
 * previous build. A cold build or a new review year: Astro renders tens of thousands of pages.
 */
export function manyRecordsChanged(before: ReadonlyMap<string, string> | null, after: ReadonlyMap<string, string> | null, share: number): boolean {
  if (!before || !after) return true;
  let changed = 0;
  for (const [path, digest] of after) if (before.get(path) !== digest) changed++;
  for (const path of before.keys()) if (!after.has(path)) changed++;
  return changed >= share * Math.max(1, after.size);
}
