/**
 * What the build's processes print and how they start each other. The `▶ name` … `✓ name`
 * lines are the build's progress for people and for the bench (scripts/bench/run-stages.ts),
 * whichever process prints them.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export async function stage<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  console.log(`\n▶ ${name}`);
  const r = await fn();
  console.log(`✓ ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return r;
}

/**
 * Runs a child process, passing its output on whole lines at a time: Astro writes a page's
 * path and its timing separately, and a stage line printed in between (the snapshot runs
 * meanwhile) must not land inside its line, where neither people nor the bench find it.
 * `onMessage` opens an IPC channel and receives what the child sends on it.
 */
export function runChild(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal; onMessage?: (m: unknown) => void }): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe', ...(opts.onMessage ? ['ipc' as const] : [])], signal: opts.signal });
    createInterface({ input: child.stdout! }).on('line', (line) => console.log(line));
    createInterface({ input: child.stderr! }).on('line', (line) => console.error(line));
    if (opts.onMessage) child.on('message', opts.onMessage);
    child.on('error', fail);
    // 'close', not 'exit': only then has the last line of its output been passed on.
    child.on('close', (code, signal) => (code === 0 ? ok() : fail(new ChildFailed(`${cmd} ${args.join(' ')} exited with ${signal ?? code}`, code))));
  });
}

/** A child that ended with an error; `code` is its exit code (null when killed by a signal). */
export class ChildFailed extends Error {
  readonly code: number | null;
  constructor(message: string, code: number | null) {
    super(message);
    this.code = code;
  }
}
