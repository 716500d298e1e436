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
import { tableKeys, decodeShards, diffSortedKeys, encodeShards, shardsHoldingTerms, termBucketName, termKey, termTableBuilder, updateTermTable, type TermBucket } from '../src/lib/search/term-shards.ts';
import { prng } from '../scripts/lib/prng.ts';
import { decodeCompound, encodeCompound, planQuery } from '../src/lib/search/tokenize.ts';
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

describe('the table updated from the previous build', () => {
  /** Shards of random compounds drawn from a pool, so that shards share keys; each sorted as the stage keeps them. */
  const shardsOf = (random: () => number, count: number, pool: string[]) =>
    Array.from({ length: count }, () => [...new Set(Array.from({ length: 50 + Math.floor(random() * 400) }, () => pool[Math.floor(random() * pool.length)]!))].sort());
  const whole = (shards: string[][]) => {
    const b = termTableBuilder();
    shards.forEach((keys, k) => b.add(k, keys));
    return b.build();
  };
  const reader = (files: Map<string, TermBucket>) => async (name: string) => files.get(name) ?? {};
  /** The files after the update: the changed ones from it, the rest as they were. */
  const apply = (before: Map<string, TermBucket>, changed: Map<string, TermBucket | null>) => {
    const out = new Map(before);
    for (const [name, b] of changed) {
      if (b) out.set(name, b);
      else out.delete(name);
    }
    return byName(out);
  };
  const byName = (files: Map<string, TermBucket>) => new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

  it('finds the keys only before and only after in two sorted lists', () => {
    // Sorted as the stage keeps them (UTF-16 order: 事 U+4E8B before 交 U+4EA4).
    expect(diffSortedKeys(['事業', '補助', '補助金'].sort(), ['交付', '事業', '補助金', '補助金額'].sort())).toEqual({ removed: ['補助'], added: ['交付', '補助金額'] });
    expect(diffSortedKeys([], ['a'])).toEqual({ removed: [], added: ['a'] });
    expect(diffSortedKeys(['a', 'b'], [])).toEqual({ removed: ['a', 'b'], added: [] });
  });

  it('gives the files a whole build gives, shard by shard changed, added or dropped (seeded random tables)', async () => {
    let updated = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = prng(seed);
      const pool = Array.from({ length: 3000 }, (_, i) => `${String.fromCharCode(0x4e00 + (i % 700))}${String.fromCharCode(0x30a2 + (i % 80))}${i % 3 ? String.fromCharCode(0x4e00 + i) : ''}`);
      const before = shardsOf(random, 12, pool);
      const after = before.map((keys) => [...keys]);
      // Some shards lose and gain keys, one is replaced, one is added at the end (and with seed 5 the last two dropped).
      for (const k of [2, 7]) {
        after[k] = [...new Set([...after[k]!.filter(() => random() > 0.1), ...Array.from({ length: 20 }, () => pool[Math.floor(random() * pool.length)]!)])].sort();
      }
      after[4] = shardsOf(random, 1, pool)[0]!;
      if (seed === 5) after.splice(10, 2);
      else after.push(shardsOf(random, 1, pool)[0]!);
      const old = whole(before);
      const changes = Array.from({ length: Math.max(before.length, after.length) }, (_, k) => ({ shard: k, ...diffSortedKeys(before[k] ?? [], after[k] ?? []) })).filter((c) => c.removed.length || c.added.length);
      const up = await updateTermTable({ buckets: old.manifest.buckets, bytes: old.manifest.bytes!, keys: old.manifest.keys! }, changes, reader(old.files));
      const fresh = whole(after);
      // Null only where the whole build chose another bucket count.
      if (up === null) {
        expect(fresh.manifest.buckets, `seed ${seed}`).not.toBe(old.manifest.buckets);
        continue;
      }
      updated++;
      expect(up.manifest).toEqual(fresh.manifest);
      expect(JSON.stringify([...apply(old.files, up.files)])).toBe(JSON.stringify([...byName(fresh.files)]));
    }
    expect(updated).toBeGreaterThanOrEqual(3);
  });

  it('makes again only the file of the one key that changed', async () => {
    const random = prng(6);
    const pool = Array.from({ length: 3000 }, (_, i) => `${String.fromCharCode(0x4e00 + (i % 700))}${String.fromCharCode(0x30a2 + (i % 80))}${String.fromCharCode(0x4e00 + i)}`);
    const before = shardsOf(random, 20, pool);
    const after = before.map((keys) => [...keys]);
    after[3] = [...after[3]!, '潜水艦救難態勢'].sort();
    const old = whole(before);
    expect(old.manifest.buckets).toBeGreaterThan(4);
    const up = await updateTermTable({ buckets: old.manifest.buckets, bytes: old.manifest.bytes!, keys: old.manifest.keys! }, [{ shard: 3, ...diffSortedKeys(before[3]!, after[3]!) }], reader(old.files));
    expect([...up!.files.keys()]).toEqual([termBucketName('潜水艦救難態勢', old.manifest.buckets)]);
    expect(up!.manifest.keys).toBe(old.manifest.keys! + 1);
    expect(JSON.stringify([...apply(old.files, up!.files)])).toBe(JSON.stringify([...byName(whole(after).files)]));
  });

  it('says to build the table whole when the change calls for another bucket count, or a previous file cannot be read', async () => {
    const small = whole([['事業', '補助']]);
    const many = Array.from({ length: 5000 }, (_, i) => `語${String.fromCharCode(0x4e00 + i)}`);
    const grown = await updateTermTable({ buckets: small.manifest.buckets, bytes: small.manifest.bytes!, keys: small.manifest.keys! }, [{ shard: 1, removed: [], added: many }], reader(small.files));
    expect(grown).toBeNull();
    const unreadable = await updateTermTable({ buckets: 1, bytes: small.manifest.bytes!, keys: 2 }, [{ shard: 0, removed: ['補助'], added: [] }], async () => null);
    expect(unreadable).toBeNull();
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
