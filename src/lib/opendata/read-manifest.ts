/**
 * Reads the open-data manifest for the /data/ page (I/O at the edge; the format is in
 * manifest.ts). The build (scripts/build.ts) writes the snapshot while Astro renders the
 * other pages, so that both cores work; it says so with OPEN_DATA_PENDING=1, and then
 * the page waits for manifest.json, which the snapshot writer renames into place only
 * after every other file is written: the page never sees a half-written snapshot. If the
 * snapshot fails, the build stops Astro; the wait is bounded all the same, so a page can
 * never hang a build that lost its writer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import type { Manifest } from './manifest.ts';

export const MANIFEST_FILE = 'manifest.json';
const POLL_MS = 100;
const WAIT_LIMIT_MS = 30 * 60 * 1000;

export async function readManifest(dir: string | undefined, opts: { wait?: boolean; limitMs?: number } = {}): Promise<Manifest | null> {
  if (!dir) return null;
  const path = join(dir, MANIFEST_FILE);
  const limit = opts.limitMs ?? WAIT_LIMIT_MS;
  const t0 = Date.now();
  while (!existsSync(path)) {
    if (!opts.wait) return null;
    if (Date.now() - t0 > limit) throw new Error(`${path}: the open-data snapshot did not appear within ${Math.round(limit / 1000)} s`);
    await sleep(POLL_MS);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}
