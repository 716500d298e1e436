/**
 * The open-data snapshot yields the CPU to Astro (scripts/lib/background-priority.ts): every
 * thread of the process gets the lower priority, not only the main one, and only when many
 * records changed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manyRecordsChanged } from '../scripts/lib/background-priority.ts';

const digests = (n: number, changed = 0) => new Map(Array.from({ length: n }, (_, i) => [`projects/p${i}.json`, i < changed ? `new${i}` : `d${i}`]));

describe('manyRecordsChanged', () => {
  it('is true for a cold build (no previous digests) and for a missing digests file', () => {
    expect(manyRecordsChanged(null, digests(10), 0.01)).toBe(true);
    expect(manyRecordsChanged(digests(10), null, 0.01)).toBe(true);
  });
  it('counts changed, new and removed record files against the share', () => {
    const before = digests(1000);
    expect(manyRecordsChanged(before, digests(1000), 0.01)).toBe(false);
    expect(manyRecordsChanged(before, digests(1000, 9), 0.01)).toBe(false);
    expect(manyRecordsChanged(before, digests(1000, 10), 0.01)).toBe(true);
    // Ten new records.
    expect(manyRecordsChanged(digests(990), before, 0.01)).toBe(true);
    // Ten gone.
    expect(manyRecordsChanged(before, digests(990), 0.01)).toBe(true);
    expect(manyRecordsChanged(before, digests(995), 0.01)).toBe(false);
  });
});

// Per-thread nice values are a Linux notion (/proc/<pid>/task/<tid>/stat); elsewhere only the
// calling thread changes, which this test does not cover.
describe.runIf(existsSync('/proc/self/task'))('lowerPriority', () => {
  it('lowers every thread of the process, worker threads included, and threads started afterwards inherit it', () => {
    // A child with a worker thread started before the call and one after; each thread's nice
    // value is read from /proc (field 19 of stat, after the command name in parentheses).
    const script = `
      import { Worker } from 'node:worker_threads';
      import { readdirSync, readFileSync } from 'node:fs';
      import { lowerPriority } from ${JSON.stringify(new URL('../scripts/lib/background-priority.ts', import.meta.url).pathname)};
      const idle = 'setInterval(() => {}, 1000)';
      const before = new Worker(idle, { eval: true });
      await new Promise((ok) => before.once('online', ok));
      const changed = lowerPriority(7);
      const after = new Worker(idle, { eval: true });
      await new Promise((ok) => after.once('online', ok));
      const nice = readdirSync('/proc/self/task').map((t) => Number(readFileSync('/proc/self/task/' + t + '/stat', 'utf8').split(') ')[1].split(' ')[16]));
      console.log(JSON.stringify({ changed, nice }));
      process.exit(0);
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()) as { changed: number; nice: number[] };
    // The main thread, the worker started before, and V8's and libuv's own threads.
    expect(out.changed).toBeGreaterThanOrEqual(2);
    // The threads now are those changed plus the worker started after (the set below: all at 7).
    expect(out.nice.length).toBeGreaterThanOrEqual(out.changed);
    expect(new Set(out.nice)).toEqual(new Set([7]));
  });
});
