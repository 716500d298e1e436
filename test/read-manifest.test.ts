/**
 * The /data/ page's manifest reader: while the build writes the snapshot beside Astro it
 * waits for manifest.json, which appears whole (renamed into place) or not at all.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, readManifest } from '../src/lib/opendata/read-manifest.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'manifest-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const manifest = { snapshotId: '0123456789abcdef', files: [], perRecord: [], licence: { name: 'x' } };

describe('readManifest', () => {
  it('is null without a folder, or when nothing is pending and there is no manifest', async () => {
    expect(await readManifest(undefined, { wait: true })).toBeNull();
    expect(await readManifest(tempDir())).toBeNull();
  });

  it('reads a manifest that is there', async () => {
    const d = tempDir();
    writeFileSync(join(d, MANIFEST_FILE), JSON.stringify(manifest));
    expect((await readManifest(d))?.snapshotId).toBe('0123456789abcdef');
  });

  it('waits for a manifest written later, and ignores the half-written temporary file', async () => {
    const d = tempDir();
    writeFileSync(join(d, `${MANIFEST_FILE}.tmp`), '{"snapshotId": "trunc');
    const t0 = Date.now();
    setTimeout(() => writeFileSync(join(d, MANIFEST_FILE), JSON.stringify(manifest)), 400);
    const m = await readManifest(d, { wait: true });
    expect(m?.snapshotId).toBe('0123456789abcdef');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
  });

  it('gives up after its limit with a message naming the file', async () => {
    const d = join(tempDir(), 'data');
    mkdirSync(d);
    await expect(readManifest(d, { wait: true, limitMs: 300 })).rejects.toThrow(`${join(d, MANIFEST_FILE)}: the open-data snapshot did not appear within 0 s`);
  });
});
