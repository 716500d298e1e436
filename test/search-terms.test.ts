/**
 * The term table (src/lib/search/term-shards.ts) and the reading of Pagefind's index chunks
 * it is built from (pagefind-words.ts, scripts/stages/search-terms.ts): a real Pagefind
 * index of a few pages is written and read back, and the table answers what Pagefind finds.
 * The whole search page on a built sample: search.browser.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexChunkWords } from '../src/lib/search/pagefind-words.ts';
import { tableKeys, decodeCompound, decodeShards, encodeShards, shardsHoldingTerms, termBucketName, termKey, termTableBuilder, type TermBucket } from '../src/lib/search/term-shards.ts';
import { encodeCompound, planQuery } from '../src/lib/search/tokenize.ts';
import { prepareForIndex } from '../src/lib/search/index-html.ts';
import { bundleCompounds } from '../scripts/stages/search-terms.ts';

describe('shard lists', () => {
  it('are written as ranges and read back', () => {
    expect(encodeShards([0, 1, 2, 3, 7])).toBe('0-3,7');
    expect(encodeShards([5])).toBe('5');
    expect(encodeShards([0, 2, 4, 5])).toBe('0,2,4-5');
    for (const l of [[0], [0, 1], [3, 9, 10, 11, 40], Array.from({ length: 54 }, (_, k) => k)]) expect(decodeShards(encodeShards(l))).toEqual(l);
  });
  it('read as nothing when malformed, so the shards are asked instead', () => {
    expect(decodeShards('3-1')).toBeNull();
    expect(decodeShards('a')).toBeNull();
    expect(decodeShards('1,,2')).toBeNull();
  });
});

describe('keys', () => {
  it('are the starts of two units or more of a compound index word, the first two letters of a Latin one, and nothing for other words', () => {
    expect(decodeCompound(encodeCompound('潜水艦救難'))).toBe('潜水艦救難');
    expect(tableKeys(encodeCompound('潜水艦救難'))).toEqual(['潜水', '潜水艦', '潜水艦救', '潜水艦救難']);
    expect(tableKeys('oecd')).toEqual(['oe']);
    expect(tableKeys('できるだけ')).toEqual([]);
    expect(tableKeys('q2010')).toEqual([]);
    expect(tableKeys('2024')).toEqual([]);
  });
  it('decide a compound query term of two to six units exactly, rule shards out by a Latin word, and leave the rest', () => {
    expect(termKey(encodeCompound('補助金'))).toEqual({ key: '補助金', exact: true });
    expect(termKey(encodeCompound('地方創生推進'))).toEqual({ key: '地方創生推進', exact: true });
    expect(termKey(encodeCompound('地方創生推進交'))).toBeNull();
    // Pagefind lower-cases and stems the query word; its first two letters stay (dying → die).
    expect(termKey('IoT')).toEqual({ key: 'io', exact: false });
    expect(termKey('国')).toBeNull();
    expect(termKey('2024')).toBeNull();
    expect(termKey('"2024 総務 21 0001"')).toBeNull();
  });
});

describe('the table', () => {
  const table = () => {
    const b = termTableBuilder();
    b.add(0, ['補助', '補助金', '事業', 'oe']);
    b.add(1, ['事業', '事業', '交付']);
    b.add(2, ['補助', '補助金', '事業']);
    return b.build();
  };
  const reader = (files: Map<string, TermBucket>) => async (name: string) => files.get(name) ?? {};
  it('lists each compound with the shards that hold it, the same files for the same input', () => {
    const t = table();
    const all = Object.assign({}, ...t.files.values()) as TermBucket;
    expect(all).toEqual({ oe: '0', 事業: '0-2', 交付: '1', 補助: '0,2', 補助金: '0,2' });
    expect(JSON.stringify([...table().files])).toBe(JSON.stringify([...t.files]));
    expect(t.manifest.buckets).toBe(1);
  });
  it('gives the same files whatever order the shards are added in (the search stage adds each as it is written)', () => {
    const b = termTableBuilder();
    b.add(2, ['補助', '補助金', '事業']);
    b.add(0, ['補助', '補助金', '事業', 'oe']);
    b.add(1, ['事業', '事業', '交付']);
    const t = b.build();
    expect(Object.assign({}, ...t.files.values())).toEqual({ oe: '0', 事業: '0-2', 交付: '1', 補助: '0,2', 補助金: '0,2' });
    expect(JSON.stringify([...t.files])).toBe(JSON.stringify([...table().files]));
  });
  it('answers which shards hold every term it can decide, and whether that was all of them', async () => {
    const t = table();
    const ask = (words: string[]) => shardsHoldingTerms(words, t.manifest.buckets, reader(t.files));
    expect(await ask([encodeCompound('補助金'), encodeCompound('事業')])).toEqual({ shards: new Set([0, 2]), complete: true });
    expect(await ask([encodeCompound('補助金'), encodeCompound('交付')])).toEqual({ shards: new Set(), complete: true });
    expect(await ask([encodeCompound('鰯羊羹')])).toEqual({ shards: new Set(), complete: true });
    // A Latin word rules out the shards without a word of its first two letters; the others are to be asked.
    expect(await ask([encodeCompound('事業'), 'OECD'])).toEqual({ shards: new Set([0]), complete: false });
    expect(await ask(['zqxv'])).toEqual({ shards: new Set(), complete: false });
    // A word it cannot tell at all: the shards of the others, to be asked about that word.
    expect(await ask([encodeCompound('事業'), '2024'])).toEqual({ shards: new Set([0, 1, 2]), complete: false });
    expect(await ask(['2024'])).toBeNull();
    // A bucket that could not be read decides nothing.
    expect(await shardsHoldingTerms([encodeCompound('事業')], 1, async () => null)).toBeNull();
  });
  it('spreads a large table over buckets by the hash of the key', () => {
    const b = termTableBuilder();
    const keys = Array.from({ length: 5000 }, (_, i) => `語${String.fromCharCode(0x4e00 + i)}`);
    b.add(0, keys);
    const t = b.build();
    expect(t.manifest.buckets).toBeGreaterThan(8);
    for (const k of keys.slice(0, 50)) expect(t.files.get(termBucketName(k, t.manifest.buckets))![k]).toBe('0');
  });
});

describe('Pagefind index chunks read back', () => {
  let dir = '';
  const pages = [
    '<html lang="ja"><body><main data-pagefind-body><h1>潜水艦救難態勢の維持</h1><p>できるだけ早く OECD 2024年度</p></main></body></html>',
    '<html lang="ja"><body><main data-pagefind-body><h1>地方創生推進交付金</h1><p>事業室の補助金</p></main></body></html>',
  ];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'terms-'));
    const { index } = await pagefind.createIndex({ forceLanguage: 'en' });
    for (const [i, html] of pages.entries()) await index!.addHTMLFile({ url: `/p${i}/`, content: prepareForIndex(html)!.html });
    await index!.writeFiles({ outputPath: dir });
    await pagefind.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('give every word Pagefind indexed, compounds among them', () => {
    const words = readdirSync(join(dir, 'index')).flatMap((f) => indexChunkWords(readFileSync(join(dir, 'index', f))));
    expect(words).toContain(encodeCompound('潜水艦救難態'));
    expect(words).toContain(encodeCompound('交付金'));
    expect(words).toContain('できるだけ');
    expect(words).toContain('oecd');
  });
  it('give the table keys of every compound a query can ask, and none of those it cannot find', async () => {
    const keys = new Set(await bundleCompounds(dir));
    for (const q of ['潜水艦', '救難態勢', '艦救難', '創生推進交付', '事業室', '補助金', '交付金']) {
      for (const t of planQuery(q).strict) expect(keys.has(termKey(t)!.key), `${q}: ${t}`).toBe(true);
    }
    // A Latin word by its first two letters, after Pagefind's stemming (oecd stays, 年度 is a compound).
    expect(keys.has('oe')).toBe(true);
    expect(keys.has('zq')).toBe(false);
    for (const q of ['潜水鑑', '推進地方', '補助事業']) expect(keys.has(q)).toBe(false);
  });
  it('refuse, naming the problem, what is not an index chunk', () => {
    expect(() => indexChunkWords(gzipSync('hello'))).toThrow(/no pagefind_dcd signature/);
    expect(() => indexChunkWords(Buffer.from('not gzip'))).toThrow();
    const good = readFileSync(join(dir, 'index', readdirSync(join(dir, 'index'))[0]!));
    const cut = gzipSync(gunzipSync(good).subarray(0, 40));
    expect(() => indexChunkWords(cut)).toThrow(/CBOR|out of range|unexpected end/i);
  });
});
