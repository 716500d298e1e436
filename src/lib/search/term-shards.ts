/**
 * The term table: for every Japanese compound the index can match (every run of two to
 * COMPOUND_MAX kanji/katakana a page contains, see tokenize.ts), the shards that hold it —
 * split into small files by a hash of the compound, like the exact-lookup table (lookup.ts).
 *
 * Why: a search has to know which shards hold every word of the query before it searches
 * them, because a Pagefind bundle that lacks a word silently searches a shorter prefix
 * (search.ts: shardsWithAll). Finding out from the bundles themselves means loading each
 * shard's index chunk for every word — on the ten-year build, for a word of the older
 * years or of no year, 12-14 MB before the answer (search-bench, 2026-12-06). One file of
 * a few KB per word answers it instead, and the shards without the word are never loaded.
 *
 * Exact, not predicted: the table is read back from the index chunks Pagefind wrote
 * (pagefind-words.ts). A compound is indexed as `q` + three or four symbols per UTF-16 unit
 * (encodeCompound), Pagefind matches a query word as the prefix of an indexed word, and
 * the code of a prefix is the prefix of the code, so a compound is found in a shard exactly
 * when it is the start (two units or more) of one of the shard's compound words: those
 * starts are the table's keys. Latin words only rule shards out (termKey); other words
 * (hiragana, digits, identifiers) are not in the table. A query with such a word is decided
 * by the shards themselves, as before, but only among the shards the table left in.
 *
 * Pure: the search stage (scripts/stages/search-index.ts) writes the files, the search page
 * (src/client/search.ts) reads them.
 */
import { COMPOUND_MAX, decodeCompound } from './tokenize.ts';
import { bucketName, bucketOf } from './lookup.ts';

export interface TermManifest {
  /** Number of bucket files (a power of two); bucket b is `terms/<bucketName(b)>.json`. */
  buckets: number;
  /**
   * The size estimate the bucket count was chosen from (termBucketCount), so the next build
   * can update the table in place (updateTermTable). Not read by the search page.
   */
  bytes?: number;
  /** How many keys the table holds (for the build's report). */
  keys?: number;
}
/** A bucket file: compound → the shards holding it, as ranges (`0-3,7`). */
export type TermBucket = Record<string, string>;

/** Average bucket size aimed at (bytes of JSON): one small request per word. */
export const TERM_BUCKET_BYTES = 4096;

/** The table's keys one index word gives: its starts of two units or more when it is a compound, its first two letters when it is a Latin word, else none. */
export function tableKeys(word: string): string[] {
  const s = decodeCompound(word);
  if (s === null) return LATIN.test(word) ? [word.slice(0, 2)] : [];
  if (s.length < 2) return [];
  const out: string[] = [];
  for (let n = 2; n <= s.length; n++) out.push(s.slice(0, n));
  return out;
}

// A Latin word as Pagefind indexes it: lower case, stemmed (English).
const LATIN = /^[a-z]{2}/;

/**
 * The key a query term is looked up by, and whether the table decides it (`exact`) or only
 * rules shards out: a compound of 2 to COMPOUND_MAX units is exact. A Latin word is looked
 * up by its first two letters, which stemming never changes (Pagefind stems the query word
 * and matches it as the prefix of stemmed index words: running → run, dying → die): a
 * shard without a word of those two letters cannot hold it (zqxv… is found nowhere without
 * loading an index), one with them is still asked. Null: the table cannot tell.
 */
export function termKey(term: string): { key: string; exact: boolean } | null {
  const s = decodeCompound(term);
  if (s !== null) return s.length >= 2 && s.length <= COMPOUND_MAX ? { key: s, exact: true } : null;
  const t = term.toLowerCase();
  return LATIN.test(t) ? { key: t.slice(0, 2), exact: false } : null;
}

/** Ascending shard numbers as ranges: [0,1,2,3,7] → `0-3,7`. */
export function encodeShards(shards: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < shards.length; ) {
    let j = i;
    while (j + 1 < shards.length && shards[j + 1] === shards[j]! + 1) j++;
    out.push(j === i ? String(shards[i]) : `${shards[i]}-${shards[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

/** encodeShards' inverse; anything malformed gives null (the caller then asks the shards). */
export function decodeShards(s: string): number[] | null {
  const out: number[] = [];
  for (const part of s.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) return null;
    for (let k = a; k <= b; k++) out.push(k);
  }
  return out;
}

export function termBucketName(key: string, buckets: number): string {
  return bucketName(bucketOf(key, buckets));
}

/** What one entry adds to the table's size estimate. */
const entryBytes = (key: string, shards: string) => key.length * 3 + shards.length + 6;

/** The bucket count for a table of this estimated size: files of about TERM_BUCKET_BYTES, at most 65,536. */
export function termBucketCount(bytes: number): number {
  let buckets = 1;
  while (buckets < 65536 && bytes / buckets > TERM_BUCKET_BYTES) buckets *= 2;
  return buckets;
}

/**
 * The table of a site, shard by shard (so only one shard's keys need be in memory besides
 * the table): `add(k, keys)` once for each shard k's keys (keys in any order, duplicates
 * allowed; shards in any order, so the search stage adds each shard as soon as it is written,
 * while Pagefind indexes the next), then `build()`. Buckets, keys and shard lists in sorted
 * order, so the same index gives the same files whatever order the shards came in.
 */
export function termTableBuilder() {
  const byKey = new Map<string, number[]>();
  return {
    add(shard: number, keys: Iterable<string>): void {
      // All of one shard's keys come in one call, so a repeat of a key within it is the list's last entry.
      for (const key of keys) {
        const l = byKey.get(key);
        if (!l) byKey.set(key, [shard]);
        else if (l[l.length - 1] !== shard) l.push(shard);
      }
    },
    get keys(): number {
      return byKey.size;
    },
    build(): { manifest: Required<TermManifest>; files: Map<string, TermBucket> } {
      let bytes = 0;
      const sorted = [...byKey.keys()].sort();
      const encoded = sorted.map((key) => {
        const e = encodeShards(byKey.get(key)!.sort((a, b) => a - b));
        bytes += entryBytes(key, e);
        return e;
      });
      byKey.clear();
      const buckets = termBucketCount(bytes);
      const files = new Map<string, TermBucket>();
      sorted.forEach((key, i) => {
        const name = termBucketName(key, buckets);
        let f = files.get(name);
        if (!f) files.set(name, (f = {}));
        f[key] = encoded[i]!;
      });
      return { manifest: { buckets, bytes, keys: sorted.length }, files };
    },
  };
}

/** The keys only in `before` and only in `after`, both sorted as Array.prototype.sort sorts strings. */
export function diffSortedKeys(before: readonly string[], after: readonly string[]): { removed: string[]; added: string[] } {
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const a = before[i];
    const b = after[j];
    if (b === undefined || (a !== undefined && a < b)) {
      removed.push(a!);
      i++;
    } else if (a === undefined || b < a) {
      added.push(b);
      j++;
    } else {
      i++;
      j++;
    }
  }
  return { removed, added };
}

/** One shard's change since the table was built: the keys it no longer holds and those it now holds. */
export interface ShardKeyChange {
  shard: number;
  removed: readonly string[];
  added: readonly string[];
}

/**
 * The table after some shards changed, from the previous table: only the bucket files
 * holding a changed key are read and made again (`files`: name → its new content, or null
 * when it is left empty and so is not written); every other file is the previous one as
 * it is. The same files as build() over the new shards' keys: entries in sorted key order,
 * shard lists ascending, the bucket count from the same size estimate — when that estimate
 * calls for another bucket count every name changes, and null says to build the table
 * whole. On the decade a one-sheet change touches a few hundred keys of 3.7 million; the
 * whole table took about 40 s of the search stage's 113 s (warm, --cpu-prof, 2026-12-07).
 */
export async function updateTermTable(
  previous: { buckets: number; bytes: number; keys: number },
  changes: readonly ShardKeyChange[],
  /** A previous bucket file by name: {} when the table had none of that name, null when it cannot be read. */
  read: (name: string) => Promise<TermBucket | null>,
): Promise<{ manifest: Required<TermManifest>; files: Map<string, TermBucket | null> } | null> {
  // Per bucket, per key: the shards it loses and gains.
  const touched = new Map<string, Map<string, { removed: Set<number>; added: Set<number> }>>();
  const entry = (key: string) => {
    const name = termBucketName(key, previous.buckets);
    let b = touched.get(name);
    if (!b) touched.set(name, (b = new Map()));
    let e = b.get(key);
    if (!e) b.set(key, (e = { removed: new Set(), added: new Set() }));
    return e;
  };
  for (const c of changes) {
    for (const key of c.removed) entry(key).removed.add(c.shard);
    for (const key of c.added) entry(key).added.add(c.shard);
  }
  let bytes = previous.bytes;
  let count = previous.keys;
  const files = new Map<string, TermBucket | null>();
  for (const name of [...touched.keys()].sort()) {
    const before = await read(name);
    // A bucket the previous table should have and cannot be read: its other keys are unknown.
    if (before === null) return null;
    const next: Record<string, string> = { ...before };
    for (const [key, change] of touched.get(name)!) {
      const had = before[key];
      const shards = had === undefined ? [] : decodeShards(had);
      if (shards === null) return null;
      const now = [...new Set([...shards.filter((k) => !change.removed.has(k)), ...change.added])].sort((a, b) => a - b);
      if (had !== undefined) {
        bytes -= entryBytes(key, had);
        count--;
      }
      if (now.length === 0) {
        delete next[key];
        continue;
      }
      const e = encodeShards(now);
      next[key] = e;
      bytes += entryBytes(key, e);
      count++;
    }
    const keys = Object.keys(next).sort();
    files.set(name, keys.length ? Object.fromEntries(keys.map((k) => [k, next[k]!])) : null);
  }
  if (termBucketCount(bytes) !== previous.buckets) return null;
  return { manifest: { buckets: previous.buckets, bytes, keys: count }, files };
}

/**
 * What the table says of a query's terms: the shards that hold every term it can decide
 * (null when it decides none), and whether it decided them all (then those shards are
 * exactly the ones holding the whole query). `bucket` fetches a bucket file by name.
 */
export async function shardsHoldingTerms(terms: string[], buckets: number, bucket: (name: string) => Promise<TermBucket | null>): Promise<{ shards: Set<number>; complete: boolean } | null> {
  const keys = terms.map(termKey);
  const decided = keys.filter((k): k is { key: string; exact: boolean } => k !== null);
  if (decided.length === 0) return null;
  const lists = await Promise.all(decided.map(async ({ key }) => {
    const b = await bucket(termBucketName(key, buckets));
    // A bucket that could not be read decides nothing.
    if (b === null) return undefined;
    const s = b[key];
    return s === undefined ? [] : decodeShards(s) ?? undefined;
  }));
  let shards: Set<number> | null = null;
  let complete = keys.every((k) => k?.exact === true);
  for (const l of lists) {
    if (l === undefined) {
      complete = false;
      continue;
    }
    shards = shards === null ? new Set(l) : new Set(l.filter((k) => shards!.has(k)));
  }
  return shards === null ? null : { shards, complete };
}
