/**
 * The term table's I/O (src/lib/search/term-shards.ts): each shard's keys, read back from
 * the index chunks Pagefind wrote into its folder, are kept there
 * (sorted, one per line: SHARD_COMPOUNDS), so a shard reused by the next build brings them along; the search
 * stage then merges every shard's keys into `pagefind/terms/`.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { indexChunkWords } from '../../src/lib/search/pagefind-words.ts';
import { tableKeys } from '../../src/lib/search/term-shards.ts';

// Named for what it holds: a shard kept by a build whose keys were made otherwise has no such file, and is read again.
export const SHARD_COMPOUNDS = 'table-keys.v2.txt.gz';
export const TERMS_DIR = 'terms';

/** A written bundle's compound keys, sorted. Throws (naming the chunk) on an unreadable chunk. */
export async function bundleCompounds(bundleDir: string): Promise<string[]> {
  const dir = join(bundleDir, 'index');
  const keys = new Set<string>();
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.pf_index')).sort()) {
    let words: string[];
    try {
      words = indexChunkWords(await readFile(join(dir, f)));
    } catch (e) {
      throw new Error(`${join(dir, f)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    for (const w of words) for (const k of tableKeys(w)) keys.add(k);
  }
  return [...keys].sort();
}

/** Reads the bundle's keys back and keeps them in its folder; returns how many. */
export async function keepBundleCompounds(bundleDir: string): Promise<string[]> {
  const keys = await bundleCompounds(bundleDir);
  await writeFile(join(bundleDir, SHARD_COMPOUNDS), gzipSync(keys.join('\n')));
  return keys;
}

/** The keys kept in a bundle's folder; read back from its index (and kept) when the file is missing. */
export async function shardCompounds(bundleDir: string): Promise<string[]> {
  try {
    const text = gunzipSync(await readFile(join(bundleDir, SHARD_COMPOUNDS))).toString('utf8');
    return text ? text.split('\n') : [];
  } catch {
    return keepBundleCompounds(bundleDir);
  }
}
