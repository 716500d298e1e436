/**
 * A snapshot's name must not depend on when its sources were checked out: two fresh clones
 * of one commit (each file's mtime is the moment of its checkout) give every source the same
 * date — the commit that last changed it — and so the same snapshot folder. Files outside
 * git, untracked or edited keep their modification time.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { snapshotDate, snapshotFolder } from '../src/lib/opendata/snapshot.ts';
import { sourceDates } from '../scripts/stages/source-dates.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'src-dates-'));
  dirs.push(d);
  return d;
};
const git = (cwd: string, args: string[], date?: string) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) },
    stdio: 'pipe',
  });

// An origin repository whose sources folder was changed by two commits at pinned times.
const origin = tmp();
git(origin, ['init', '-q']);
mkdirSync(join(origin, 'sources', '総務省'), { recursive: true });
writeFileSync(join(origin, 'sources', 'a.csv'), 'id\n1\n');
writeFileSync(join(origin, 'sources', '総務省', 'b.txt'), '事業名 b\n');
writeFileSync(join(origin, 'README'), 'not a source\n');
git(origin, ['add', '.']);
git(origin, ['commit', '-q', '-m', 'first'], '2024-04-01T00:00:00Z');
writeFileSync(join(origin, 'sources', '総務省', 'b.txt'), '事業名 b（改）\n');
git(origin, ['commit', '-q', '-am', 'second'], '2025-03-31T15:30:00Z');
// A later commit outside the sources folder dates nothing in it.
writeFileSync(join(origin, 'README'), 'still not a source\n');
git(origin, ['commit', '-q', '-am', 'third'], '2026-01-01T00:00:00Z');
const FILES = ['a.csv', '総務省/b.txt'];

function cloneAt(mtime: Date): string {
  const d = join(tmp(), 'clone');
  git(tmpdir(), ['clone', '-q', origin, d]);
  for (const f of FILES) utimesSync(join(d, 'sources', f), mtime, mtime);
  return join(d, 'sources');
}

describe('source dates', () => {
  it('are the last commit that changed each file, the same in two clones made at different times', async () => {
    const one = await sourceDates(cloneAt(new Date('2026-12-01T00:00:00Z')), FILES);
    const two = await sourceDates(cloneAt(new Date('2026-12-04T12:34:56Z')), FILES);
    expect(one).toEqual(two);
    expect(one.map((s) => [s.file, s.modified, s.bytes])).toEqual([
      ['a.csv', '2024-04-01T00:00:00.000Z', 5],
      ['総務省/b.txt', '2025-03-31T15:30:00.000Z', Buffer.byteLength('事業名 b（改）\n')],
    ]);
    // The snapshot folder follows: Tokyo's day of the newest source.
    expect(snapshotFolder(snapshotDate({}, one), 'abcdef0123456789')).toBe('2025-04-01-abcdef01');
    expect(snapshotFolder(snapshotDate({}, two), 'abcdef0123456789')).toBe('2025-04-01-abcdef01');
  });

  it('use the modification time of an edited or untracked file, and of files outside git', async () => {
    const dir = cloneAt(new Date('2026-12-01T00:00:00Z'));
    const edited = new Date('2026-12-02T03:04:05Z');
    writeFileSync(join(dir, 'a.csv'), 'id\n2\n');
    utimesSync(join(dir, 'a.csv'), edited, edited);
    writeFileSync(join(dir, 'new.csv'), 'id\n');
    utimesSync(join(dir, 'new.csv'), edited, edited);
    const dates = await sourceDates(dir, ['a.csv', 'new.csv', '総務省/b.txt']);
    expect(dates.map((s) => s.modified)).toEqual(['2026-12-02T03:04:05.000Z', '2026-12-02T03:04:05.000Z', '2025-03-31T15:30:00.000Z']);

    const plain = tmp();
    writeFileSync(join(plain, 'x.csv'), 'id\n');
    const t = new Date('2024-10-01T09:00:00.700Z');
    utimesSync(join(plain, 'x.csv'), t, t);
    expect((await sourceDates(plain, ['x.csv']))[0]!.modified).toBe('2024-10-01T09:00:00.000Z');
  });

  it('give the same size and hash whether a file is read whole or streamed', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'big.csv'), 'あ,い\n'.repeat(50_000));
    writeFileSync(join(dir, 'empty.csv'), '');
    const whole = await sourceDates(dir, ['big.csv', 'empty.csv']);
    const streamed = await sourceDates(dir, ['big.csv', 'empty.csv'], { readWhole: 0 });
    expect(streamed).toEqual(whole);
    expect(whole[0]!.bytes).toBe(400_000);
    expect(whole[0]!.sha256).toBe(createHash('sha256').update('あ,い\n'.repeat(50_000)).digest('hex'));
    expect(whole[1]!.sha256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('give way to SOURCE_DATE_EPOCH', () => {
    expect(snapshotDate({ SOURCE_DATE_EPOCH: '1733299200' }, [{ file: 'a', bytes: 1, sha256: '', modified: '2025-01-01T00:00:00.000Z' }]).toISOString()).toBe('2024-12-04T08:00:00.000Z');
  });
});
