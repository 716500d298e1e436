/**
 * The publish step's folder swap (scripts/lib/fs.ts: swapDir) and the next build's recovery
 * (scripts/lib/recover-publish.ts), on real folders: the new tree is in place when the swap
 * returns, the old one is deleted in the background under a name recovery never restores,
 * and a tree whose deletion was cut short is deleted by the next build, never published.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { swapDir, trashFor } from '../scripts/lib/fs.ts';
import { recoverInterruptedPublish } from '../scripts/lib/recover-publish.ts';

let parent: string;
const tree = (dir: string, files: Record<string, string>) => {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
};
const siblings = () => readdirSync(parent).sort();

beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'publish-swap-'));
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

describe('swapDir', () => {
  it('puts the new tree in place at once and deletes the old one in the background', async () => {
    const dist = join(parent, 'dist');
    tree(dist, { 'index.html': 'old', 'a/b/c.html': 'old page' });
    tree(join(parent, 'dist.staging'), { 'index.html': 'new' });
    await swapDir(join(parent, 'dist.staging'), dist);
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe('new');
    expect(existsSync(join(dist, 'a'))).toBe(false);
    // Never left as dist.old-PID, the name a recovery would restore.
    expect(siblings().filter((e) => e.includes('.old-'))).toEqual([]);
    await expect.poll(siblings, { timeout: 30_000, interval: 100 }).toEqual(['dist']);
  });
  it('publishes a first build (no previous tree)', async () => {
    tree(join(parent, 'dist.staging'), { 'index.html': 'first' });
    await swapDir(join(parent, 'dist.staging'), join(parent, 'dist'));
    expect(readFileSync(join(parent, 'dist', 'index.html'), 'utf8')).toBe('first');
    expect(siblings()).toEqual(['dist']);
  });
  it('names the trash after the old tree', () => {
    expect(trashFor('/x/dist.old-123')).toBe('/x/dist.trash-123');
  });
});

describe('recoverInterruptedPublish', () => {
  it('restores the tree moved aside, never a half-deleted trash folder however recent', async () => {
    const dist = join(parent, 'dist');
    tree(join(parent, 'dist.old-7'), { 'index.html': 'published' });
    tree(join(parent, 'dist.trash-8'), { 'index.html': 'half deleted' });
    const past = new Date('2026-01-01T00:00:00Z');
    utimesSync(join(parent, 'dist.old-7'), past, past);
    expect(await recoverInterruptedPublish(dist)).toBe('dist.old-7');
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe('published');
    await expect.poll(siblings, { timeout: 30_000, interval: 100 }).toEqual(['dist']);
  });
  it('with dist/ in place, deletes what earlier builds left beside it', async () => {
    const dist = join(parent, 'dist');
    tree(dist, { 'index.html': 'current' });
    tree(join(parent, 'dist.old-5'), { 'index.html': 'older' });
    tree(join(parent, 'dist.trash-6'), { 'index.html': 'older still' });
    expect(await recoverInterruptedPublish(dist)).toBeNull();
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe('current');
    await expect.poll(siblings, { timeout: 30_000, interval: 100 }).toEqual(['dist']);
  });
});
