/**
 * The term table's I/O (src/lib/search/term-shards.ts): each shard's keys, read back from
 * the index chunks Pagefind wrote into its folder, are kept there
 * (sorted, one per line: SHARD_COMPOUNDS), so a shard reused by the next build brings them along; the search
 * stage then merges every shard's keys into `pagefind/terms/` — or, when a previous build's
 * table is at hand, changes only the files of the keys whose shards changed (writeTermTable).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { copyFile, link, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { indexChunkWords } from '../../src/lib/search/pagefind-words.ts';
import { diffSortedKeys, tableKeys, termTableBuilder, updateTermTable, type ShardKeyChange, type TermBucket, type TermManifest } from '../../src/lib/search/term-shards.ts';

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

/**
 * The keys kept in a bundle's folder; read back from its index when the file is missing,
 * and then kept there too unless `keep` is false (a published bundle is never written to).
 */
export async function shardCompounds(bundleDir: string, keep = true): Promise<string[]> {
  try {
    const text = gunzipSync(await readFile(join(bundleDir, SHARD_COMPOUNDS))).toString('utf8');
    return text ? text.split('\n') : [];
  } catch {
    return keep ? keepBundleCompounds(bundleDir) : bundleCompounds(bundleDir);
  }
}

/**
 * The previous build's term table and shards, as its manifest (shards.json) lists them:
 * only a table whose manifest carries its size estimate and key count can be updated.
 */
export interface PreviousTable {
  /** Its `pagefind/terms/` folder. */
  dir: string;
  manifest: Required<TermManifest>;
  /** Each shard's folder and key, by shard number. */
  shards: Array<{ dir: string; key: string }>;
}

/**
 * Writes `<outputPath>/terms/` for this build's shards (`shards[k]`: its key and folder):
 * updated from the previous table where it can be (updatedTable), else built whole from
 * every shard's keys (`fed`: the builder has them already). Either way the files are those
 * a whole build gives: the tests build both.
 */
export async function writeTermTable(
  outputPath: string,
  shards: ReadonlyArray<{ key: string; dir: string }>,
  previous: PreviousTable | null,
  builder: ReturnType<typeof termTableBuilder>,
  fed: boolean,
): Promise<{ manifest: Required<TermManifest>; files: number; updated: boolean }> {
  const dir = join(outputPath, TERMS_DIR);
  await mkdir(dir, { recursive: true });
  const manifest = previous && (await updatedTable(dir, shards, previous));
  if (manifest) return { manifest, files: (await readdir(dir)).length, updated: true };
  if (!fed) for (const [k, s] of shards.entries()) builder.add(k, await shardCompounds(s.dir));
  const whole = builder.build();
  for (const [name, bucket] of whole.files) await writeFile(join(dir, `${name}.json`), JSON.stringify(bucket));
  return { manifest: whole.manifest, files: whole.files.size, updated: false };
}

/**
 * The table written into `dir` from the previous one, when no more than half of the shards
 * changed (a shard is changed where its key differs from the previous build's shard of that
 * number): the changed shards' keys are compared with the previous ones, only the files
 * holding a differing key are written again (updateTermTable), and the others are
 * hard-linked from the previous table. Null when it cannot be updated (nothing written).
 */
async function updatedTable(dir: string, shards: ReadonlyArray<{ key: string; dir: string }>, previous: PreviousTable): Promise<Required<TermManifest> | null> {
  const changed: number[] = [];
  for (let k = 0; k < Math.max(shards.length, previous.shards.length); k++) if (shards[k]?.key !== previous.shards[k]?.key) changed.push(k);
  if (changed.length > shards.length / 2) return null;
  const changes: ShardKeyChange[] = [];
  for (const k of changed) {
    const before = previous.shards[k] ? await shardCompounds(previous.shards[k]!.dir, false) : [];
    const after = shards[k] ? await shardCompounds(shards[k]!.dir) : [];
    changes.push({ shard: k, ...diffSortedKeys(before, after) });
  }
  const read = async (name: string): Promise<TermBucket | null> => {
    try {
      return JSON.parse(await readFile(join(previous.dir, `${name}.json`), 'utf8')) as TermBucket;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? {} : null;
    }
  };
  const up = await updateTermTable(previous.manifest, changes, read);
  if (!up) return null;
  for (const f of await readdir(previous.dir)) {
    if (!f.endsWith('.json') || up.files.has(f.slice(0, -'.json'.length))) continue;
    await link(join(previous.dir, f), join(dir, f)).catch(() => copyFile(join(previous.dir, f), join(dir, f)));
  }
  for (const [name, bucket] of up.files) if (bucket) await writeFile(join(dir, `${name}.json`), JSON.stringify(bucket));
  return up.manifest;
}
