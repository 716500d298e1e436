/**
 * The exact-lookup table: every page by its full name and by each of its identifiers
 * (事業番号, 旧事業番号, 予算事業ID, 法人番号), split into small files by a hash of the key.
 * A pasted name or number is answered from one file of a few KB, before (or instead of)
 * loading the full-text index, and its page is listed first. Pure: the search stage
 * (scripts/stages/search-index.ts) writes the files, the search page reads them.
 *
 * A key is the text as both sides see it: NFKC, lower case, without spaces, punctuation,
 * brackets or symbols — so 「防災・安全交付金（道路事業）」 and 「防災･安全交付金(道路事業)」 meet,
 * and so do 1020001071491, 1 0200 0107 1491 and 1-0200-0107-1491.
 */

/** One page as the search page lists it without loading it: [url, title, kind, ministry, years, amount, amount label]. */
export type LookupEntry = [url: string, title: string, kind: string, ministry: string, year: string, amount: string, amountLabel: string];

export interface LookupManifest {
  /** Number of bucket files (a power of two); bucket b is `lookup/<bucketName(b)>.json`. */
  buckets: number;
}

/** A bucket file: key → entries, newest review year first. */
export type LookupBucket = Record<string, LookupEntry[]>;

export function lookupKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

/** 32-bit FNV-1a over UTF-16 units: the same number in Node and in every browser. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function bucketOf(key: string, buckets: number): number {
  return fnv1a(key) & (buckets - 1);
}

export function bucketName(b: number): string {
  return b.toString(16).padStart(4, '0');
}

/** Average bucket size aimed at: one small request per lookup whatever the corpus size. */
export const BUCKET_BYTES = 4096;

/** Keys of one page: its title and each identifier (ids: space-separated, as SearchMeta writes them). */
export function pageKeys(meta: Record<string, string | undefined>): string[] {
  const keys = [meta.title ?? '', ...(meta.ids ?? '').split(/\s+/)].map(lookupKey).filter((k) => k.length > 0);
  return [...new Set(keys)];
}

export function entryOf(url: string, meta: Record<string, string | undefined>): LookupEntry {
  return [url, meta.title ?? url, meta.kind ?? '', meta.ministry ?? '', meta.year ?? '', meta.amount ?? '', meta.amount_label ?? ''];
}

const KIND_RANK: Record<string, number> = { 事業: 0, 支出先: 1, 施策: 2, 政策評価: 3, 府省: 4 };
const newestYear = (e: LookupEntry) => Math.max(0, ...e[4].split(',').map(Number).filter(Number.isFinite));

/**
 * The table for a set of pages: bucket count and each non-empty bucket's content.
 * Within a key, pages are listed newest review year first, then by kind and URL, so the
 * same pages give the same files.
 */
export function buildLookup(pages: Array<{ url: string; meta: Record<string, string | undefined> }>): { manifest: LookupManifest; files: Map<string, LookupBucket> } {
  const byKey = new Map<string, LookupEntry[]>();
  let bytes = 0;
  for (const p of pages) {
    const entry = entryOf(p.url, p.meta);
    for (const k of pageKeys(p.meta)) {
      const l = byKey.get(k);
      if (l) l.push(entry);
      else byKey.set(k, [entry]);
      bytes += k.length * 3 + JSON.stringify(entry).length;
    }
  }
  let buckets = 1;
  while (buckets < 65536 && bytes / buckets > BUCKET_BYTES) buckets *= 2;
  const files = new Map<string, LookupBucket>();
  for (const k of [...byKey.keys()].sort()) {
    const entries = byKey.get(k)!.sort((a, b) => newestYear(b) - newestYear(a) || (KIND_RANK[a[2]] ?? 9) - (KIND_RANK[b[2]] ?? 9) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const name = bucketName(bucketOf(k, buckets));
    let f = files.get(name);
    if (!f) files.set(name, (f = {}));
    f[k] = entries;
  }
  return { manifest: { buckets }, files };
}

/**
 * Whether a query is an identifier rather than words: digits, possibly with letters, joined
 * by hyphens or spaces (1020001071491, 1 0200 0107 1491, 2021-総務-20-0094, 新30-0017, 1449).
 * Its exact pages answer it; the full-text index is searched only when asked.
 */
export function isIdentifierQuery(q: string): boolean {
  const t = q.normalize('NFKC').trim().replace(/[\u2010-\u2015\u2212]/g, '-');
  if (!/\d/.test(t)) return false;
  return /^[\d\s-]+$/.test(t) || /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+$/u.test(t);
}
