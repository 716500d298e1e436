/**
 * Hash of a module's source and everything it imports (relative imports, transitively):
 * the version of what that code produces, so a cache keyed on it is invalidated by any
 * edit to the code — no version number to forget to bump. Used for the ingest cache
 * (the parser) and the search shards (the page preparation).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const IMPORT_RE = /(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every source file `entry` imports (relative imports, transitively), itself included, in sorted order. */
export function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f) || !existsSync(f)) continue;
    seen.add(f);
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(IMPORT_RE)) stack.push(resolve(dirname(f), m[1] ?? m[2]!));
  }
  return [...seen].sort();
}

/** SHA-256 (hex) over the paths and contents of importClosure(entry). */
export function sourceHash(entry: string): string {
  const h = createHash('sha256');
  for (const f of importClosure(entry)) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}
