/**
 * Older snapshots stay published: a static build has no server to keep them, so each build
 * carries the dated folders listed in its own /data/snapshots.json over from the previous
 * build's /data/ (the published dist/, like the build's caches), hard-linking their files
 * (no copy on disk; the previous dist/ stays intact until the new one replaces it).
 * A build in a fresh checkout (CI, a new server) has no previous dist/: it starts a new
 * history unless SNAPSHOT_ARCHIVE_DIR names a folder holding the old /data/ (for example a
 * copy of the live site's /data/ restored before the build). A folder the new build wrote
 * itself (the same data again) is not replaced.
 */
import { existsSync } from 'node:fs';
import { link, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotIndexEntry } from '../../src/lib/opendata/snapshot.ts';

const FOLDER = /^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/;

async function linkTree(from: string, to: string): Promise<number> {
  await mkdir(to, { recursive: true });
  let n = 0;
  for (const e of await readdir(from, { withFileTypes: true })) {
    if (e.isDirectory()) n += await linkTree(join(from, e.name), join(to, e.name));
    else if (e.isFile()) {
      await link(join(from, e.name), join(to, e.name));
      n++;
    }
  }
  return n;
}

/** Carry the snapshots listed in `dataDir/snapshots.json` that exist in `previousDataDir` but not in `dataDir`. Returns the folders carried. */
export async function keepSnapshots(previousDataDir: string, dataDir: string): Promise<string[]> {
  const index = JSON.parse(await readFile(join(dataDir, 'snapshots.json'), 'utf8')) as SnapshotIndexEntry[];
  const carried: string[] = [];
  for (const s of index) {
    // The index comes from the previous build's file: only a well-formed folder name is followed.
    if (!FOLDER.test(s.folder) || existsSync(join(dataDir, s.folder))) continue;
    const from = join(previousDataDir, s.folder);
    if (!existsSync(join(from, 'SHA256SUMS'))) continue;
    await linkTree(from, join(dataDir, s.folder));
    carried.push(s.folder);
  }
  return carried;
}
