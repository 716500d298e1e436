/**
 * The ZIP writer's reuse of an earlier archive (src/lib/opendata/zip.ts): unchanged entries are
 * copied compressed, and the archive is byte for byte what a fresh write gives; an earlier
 * archive that is damaged, or not an archive, is never trusted.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readZipDirectory, writeZip } from '../src/lib/opendata/zip.ts';

const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DATE = new Date('2025-03-31T15:00:00Z');

/** Files named a.csv, b.csv, c.csv with the given texts; the inputs of an archive. */
function inputs(tag: string, texts: Record<string, string>) {
  return Object.entries(texts).map(([name, text]) => {
    const file = join(dir, `${tag}-${name}`);
    writeFileSync(file, text);
    return { name: `csv/${name}`, file };
  });
}

/** Every entry's data, read back through the central directory. */
async function contents(path: string): Promise<Record<string, string>> {
  const buf = readFileSync(path);
  const out: Record<string, string> = {};
  for (const e of (await readZipDirectory(path))!) {
    const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
    out[e.name] = inflateRawSync(buf.subarray(start, start + e.compressedSize)).toString('utf8');
  }
  return out;
}

const big = (seed: string) => Array.from({ length: 5000 }, (_, i) => `${seed},${i},行政事業レビュー${(i * 7919) % 1000}`).join('\r\n');
const v1 = { 'a.csv': big('a'), 'b.csv': big('b'), 'c.csv': '' };
const v2 = { ...v1, 'b.csv': big('b').replace('b,100,', 'b,100,変更,') };

describe('writeZip with an earlier archive', () => {
  it('copies the unchanged entries and gives the bytes of a fresh write', async () => {
    const first = join(dir, 'first.zip');
    expect((await writeZip(first, inputs('v1', v1), DATE)).reused).toBe(0);
    const again = join(dir, 'again.zip');
    const fresh = join(dir, 'fresh.zip');
    const r = await writeZip(again, inputs('v2', v2), DATE, { previous: first });
    expect(r.reused).toBe(2);
    await writeZip(fresh, inputs('v2f', v2), DATE);
    expect(readFileSync(again).equals(readFileSync(fresh))).toBe(true);
    expect(await contents(again)).toEqual(Object.fromEntries(Object.entries(v2).map(([k, v]) => [`csv/${k}`, v])));
    const dirOf = (await readZipDirectory(again))!;
    expect(dirOf.map((e) => [e.name, e.size])).toEqual([['csv/a.csv', Buffer.byteLength(v2['a.csv'])], ['csv/b.csv', Buffer.byteLength(v2['b.csv'])], ['csv/c.csv', 0]]);
  });

  it('does not trust a damaged earlier archive: an entry that does not inflate to the same data is compressed again', async () => {
    const first = join(dir, 'damaged.zip');
    await writeZip(first, inputs('d1', v1), DATE);
    const buf = readFileSync(first);
    const a = (await readZipDirectory(first))!.find((e) => e.name === 'csv/a.csv')!;
    // A byte in the middle of a.csv's compressed data; its CRC and size in the directory still match.
    const at = a.offset + 30 + buf.readUInt16LE(a.offset + 26) + Math.floor(a.compressedSize / 2);
    buf[at] = buf[at]! ^ 0xff;
    writeFileSync(first, buf);
    const again = join(dir, 'after-damage.zip');
    const r = await writeZip(again, inputs('d2', v1), DATE, { previous: first });
    expect(r.reused).toBe(2);
    const fresh = join(dir, 'after-damage-fresh.zip');
    await writeZip(fresh, inputs('d3', v1), DATE);
    expect(readFileSync(again).equals(readFileSync(fresh))).toBe(true);
  });

  it('ignores an earlier file that is missing or not an archive', async () => {
    const junk = join(dir, 'junk.zip');
    writeFileSync(junk, 'PK not really a zip');
    expect(await readZipDirectory(junk)).toBeNull();
    expect(await readZipDirectory(join(dir, 'missing.zip'))).toBeNull();
    const r = await writeZip(join(dir, 'from-junk.zip'), inputs('j', v1), DATE, { previous: junk });
    expect(r.reused).toBe(0);
    expect(Object.keys(await contents(join(dir, 'from-junk.zip')))).toEqual(['csv/a.csv', 'csv/b.csv', 'csv/c.csv']);
  });

  it('copies an entry whose data hash is the earlier archive\'s without reading the file, once the archive itself hashes to what its snapshot said', async () => {
    const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
    const first = join(dir, 'known.zip');
    await writeZip(first, inputs('k1', v1), DATE);
    const entries = new Map(Object.entries(v1).map(([k, v]) => [`csv/${k}`, sha(v)]));
    const withSums = (tag: string, texts: Record<string, string>) => inputs(tag, texts).map((i) => ({ ...i, sha256: sha(readFileSync(i.file)) }));
    const fresh = join(dir, 'known-fresh.zip');
    await writeZip(fresh, inputs('k0', v2), DATE);
    // The files of unchanged entries are not read: removed here, they are still copied.
    const next = withSums('k2', v2);
    rmSync(next[0]!.file);
    const again = join(dir, 'known-again.zip');
    const r = await writeZip(again, next, DATE, { previous: first, previousSums: { archive: sha(readFileSync(first)), entries } });
    expect(r.reused).toBe(2);
    expect(readFileSync(again).equals(readFileSync(fresh))).toBe(true);
    // An archive that is not what its snapshot published: nothing is taken on trust.
    await expect(writeZip(join(dir, 'known-wrong.zip'), next, DATE, { previous: first, previousSums: { archive: sha('something else'), entries } })).rejects.toThrow(/ENOENT/);
    const r2 = await writeZip(join(dir, 'known-wrong2.zip'), withSums('k3', v2), DATE, { previous: first, previousSums: { archive: sha('something else'), entries } });
    expect(r2.reused).toBe(2);
    expect(readFileSync(join(dir, 'known-wrong2.zip')).equals(readFileSync(fresh))).toBe(true);
  });
});
