/**
 * Byte comparison of two built trees: an incremental build must publish exactly what a cold
 * build of the same input publishes. Returns the paths that differ (missing on one side, or
 * other bytes), sorted, at most `limit` of them, and how many files were compared.
 */
import { link, mkdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { listFiles } from '../lib/fs.ts';

export async function compareTrees(a: string, b: string, limit = 20): Promise<{ files: number; differ: string[]; differing: number }> {
  const rel = (root: string) => async () => new Set((await listFiles(root)).map((f) => relative(root, f).split(sep).join('/')));
  const [left, right] = await Promise.all([rel(a)(), rel(b)()]);
  const differ: string[] = [];
  for (const f of left) if (!right.has(f)) differ.push(`${f} (only in ${a})`);
  for (const f of right) if (!left.has(f)) differ.push(`${f} (only in ${b})`);
  const both = [...left].filter((f) => right.has(f)).sort();
  // A few reads in flight: the trees are tens of thousands of small files.
  let next = 0;
  const worker = async () => {
    while (next < both.length) {
      const f = both[next++]!;
      const [x, y] = await Promise.all([readFile(`${a}/${f}`), readFile(`${b}/${f}`)]);
      if (!x.equals(y)) differ.push(f);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  differ.sort();
  return { files: both.length, differ: differ.slice(0, limit), differing: differ.length };
}

/** A copy of tree `from` at `to` made of hard links (for a tree whose files are never rewritten in place). */
export async function linkTree(from: string, to: string): Promise<void> {
  const made = new Set<string>();
  for (const f of await listFiles(from)) {
    const dst = join(to, relative(from, f));
    if (!made.has(dirname(dst))) {
      await mkdir(dirname(dst), { recursive: true });
      made.add(dirname(dst));
    }
    await link(f, dst);
  }
}
