/**
 * Undo a publish interrupted between its two renames (`dist → dist.old-PID`, then
 * `dist.staging → dist`, see swapDir in lib-fs.ts): a kill in that instant leaves no dist/,
 * only the complete previous tree beside it. The build calls this first, so the previous
 * site is back in place before anything else can fail.
 */
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { removeInBackground } from './fs.ts';

/** Returns the name of the folder restored as `target`, or null when nothing needed restoring. */
export async function recoverInterruptedPublish(target: string): Promise<string | null> {
  const parent = dirname(target);
  const prefix = `${basename(target)}.old-`;
  let entries: string[];
  try {
    const names = await readdir(parent);
    // Trees whose deletion in the background (swapDir) was cut short: deleted again.
    for (const e of names) if (e.startsWith(`${basename(target)}.trash-`)) await removeInBackground(join(parent, e), join(parent, e));
    entries = names.filter((e) => e.startsWith(prefix));
  } catch {
    return null;
  }
  if (entries.length === 0) return null;
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists) {
    // The swap completed; the old tree's deletion was cut short, or is still going on
    // (swapDir deletes it in the background): nothing waits for it here either.
    for (const e of entries) await removeInBackground(join(parent, e));
    return null;
  }
  // Newest first: the tree that was published last.
  const dated = await Promise.all(entries.map(async (e) => ({ e, t: (await stat(join(parent, e))).mtimeMs })));
  dated.sort((a, b) => b.t - a.t || (a.e < b.e ? 1 : -1));
  await rename(join(parent, dated[0]!.e), target);
  for (const { e } of dated.slice(1)) await rm(join(parent, e), { recursive: true, force: true });
  return dated[0]!.e;
}
