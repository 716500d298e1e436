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

/** The previous build's term table and shards, as its manifest (shards.json) lists them. */
export interface PreviousTable {
  /** Its `pagefind/terms/` folder. */
  dir: string;
  manifest: TermManifest;
  /** Each shard's folder and key, by shard number. */
  shards: Array<{ dir: string; key: string }>;
}

/**
 * Writes `<outputPath>/terms/` for this build's shards (`shards[k]`: its key and folder).
 * With a previous table whose manifest carries its size estimate, and no more than half
 * of the shards changed (a shard is changed where its key differs from the previous
 * build's shard of that number), the changed shards' keys are compared with the previous
 * ones and only the files holding a differing key are written again (updateTermTable);
 * the other files are hard-linked from the previous table. Otherwise the table is built
 * whole from every shard's keys (`fed`: the builder has them already). Either way the files
 * are those a whole build gives: a test builds both.
 */
export async function writeTermTable(
  outputPath: string,
  shards: ReadonlyArray<{ key: string; dir: string }>,
  previous: PreviousTable | null,
  builder: ReturnType<typeof termTableBuilder>,
  fed: boolean,
): Promise<{ manifest: TermManifest; keys: number; files: number; updated: boolean }> {
  const dir = join(outputPath, TERMS_DIR);
  await mkdir(dir, { recursive: true });
  const known = previous?.manifest;
  if (previous && known?.bytes !== undefined && known.keys !== undefined) {
    const positions = Math.max(shards.length, previous.shards.length);
    const changed: number[] = [];
    for (let k = 0; k < positions; k++) if (shards[k]?.key !== previous.shards[k]?.key) changed.push(k);
    if (changed.length <= shards.length / 2) {
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
      const up = await updateTermTable({ buckets: known.buckets, bytes: known.bytes, keys: known.keys }, changes, read);
      if (up) {
        const names = new Set((await readdir(previous.dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)));
        for (const name of names) {
          if (up.files.has(name)) continue;
          const a = join(previous.dir, `${name}.json`);
          const b = join(dir, `${name}.json`);
          await link(a, b).catch(() => copyFile(a, b));
        }
        let files = names.size;
        for (const [name, bucket] of up.files) {
          const existed = names.has(name);
          if (bucket) await writeFile(join(dir, `${name}.json`), JSON.stringify(bucket));
          files += bucket ? (existed ? 0 : 1) : existed ? -1 : 0;
        }
        return { manifest: up.manifest, keys: up.manifest.keys, files, updated: true };
      }
    }
  }
  if (!fed) for (const [k, s] of shards.entries()) builder.add(k, await shardCompounds(s.dir));
  const keys = builder.keys;
  const whole = builder.build();
  for (const [name, bucket] of whole.files) await writeFile(join(dir, `${name}.json`), JSON.stringify(bucket));
  return { manifest: whole.manifest, keys, files: whole.files.size, updated: false };
}
