/**
 * What one search fetches and in which order (pure; unit-tested in test/search-plan.test.ts,
 * run by search.ts):
 *  1. the exact-lookup file for the query as a whole (a pasted name or number, one small
 *     request; src/lib/search/lookup.ts), listed first;
 *  2. an identifier (法人番号, 事業番号, 予算事業ID) with exact pages, or a project's or
 *     recipient's full name pasted as written, stops there unless the reader asks for the
 *     full text (`full`, one button away), so it costs no full-text index (answeredByLookup);
 *  3. the full text, in steps of shards: with a year filter, only those years' shards (and
 *     the shards of pages of several years, `all`); without, the newest year's
 *     first, shown as soon as they answer, then every year and `all`.
 */
import { bucketName, bucketOf, isIdentifierQuery, lookupKey } from '../lib/search/lookup.ts';
import { planQuery, type QueryPlan } from '../lib/search/tokenize.ts';

export interface SearchPlan {
  /** The full-text terms (tokenize.ts); `strict` is empty when nothing searchable was typed. */
  terms: QueryPlan;
  /** The lookup file to read (`pagefind/lookup/<name>.json`) and the key to read from it, or null. */
  lookup: { file: string; key: string } | null;
  /** The query is an identifier: its exact pages answer it unless `full` is asked. */
  identifier: boolean;
  /** Shards to search, step by step; each step includes the previous ones. Empty: no full text. */
  steps: number[][];
}

/** Shard steps for the partitions (newest year first, `all` last) and the chosen years. */
export function shardSteps(partitions: string[], years: string[]): number[][] {
  const every = partitions.map((_, k) => k);
  if (years.length) return [every.filter((k) => partitions[k] === 'all' || years.includes(partitions[k]!))];
  // The newest year alone first: the pages of several years (`all`: recipients, measures,
  // ministries) are the heaviest shards — a recipient's index lists every word of every
  // project that paid it — and on the decade they doubled the first step's download
  // (division + word: 8.7 MB and 3.1 s before any result; search-bench, 2026-12-06).
  const newest = partitions.find((p) => p !== 'all');
  const first = every.filter((k) => partitions[k] === newest);
  return first.length && first.length < every.length ? [first, every] : [every];
}

/**
 * What can be fetched before the query is cut into words (planQuery starts ICU's word
 * segmenter, ~50-100 ms on first use in Chromium): the lookup file, and whether the
 * full-text index will be needed (`fullText`: anything but an identifier, unless `full`),
 * so the page starts both requests first.
 */
export function fetchPlan(q: string, years: string[], partitions: string[], lookupBuckets: number | null, full = false, filtered = false): Omit<SearchPlan, 'terms'> & { fullText: boolean } {
  const key = lookupKey(q);
  const identifier = isIdentifierQuery(q);
  return {
    lookup: key && lookupBuckets ? { file: `${bucketName(bucketOf(key, lookupBuckets))}.json`, key } : null,
    identifier,
    steps: shardSteps(partitions, years),
    fullText: filtered || (key.length > 0 && (!identifier || full)),
  };
}

export function searchPlan(q: string, years: string[], partitions: string[], lookupBuckets: number | null): SearchPlan {
  const { lookup, identifier, steps } = fetchPlan(q, years, partitions, lookupBuckets);
  return { terms: planQuery(q), lookup, identifier, steps };
}

/** Kinds of page whose full name, pasted, is answered by the lookup alone (answeredByLookup). */
const NAMED_KINDS = new Set(['事業', '支出先']);

/**
 * Whether the exact pages answer the query without the full text: always for an identifier;
 * for a name, when every exact page is a project (事業) or a recipient (支出先) — a pasted full
 * name, #17's case — and no filter is chosen. A pasted project name otherwise loaded every
 * shard's index for each of its words (RS 2024: 6-8 words x 5 shards x ~36 KB) to add the
 * list pages that repeat the name; the recipient page itself lists what it received.
 * Names of ministries, measures and evaluations are words people search with (総務省), so
 * they still get the full text — except a measure (施策) named exactly as a project among the
 * exact pages: what was pasted is then that project's name (a small body's measure often
 * holds one project of its name: RS 2024, 政府規制分野等に係る調査・検討及び評価 of 公正取引委員会,
 * whose full text cost 1.2 MB). `full` (the page's button) asks for it in every case.
 * `exact`: each exact page's kind and title.
 */
export function answeredByLookup(identifier: boolean, exact: Array<{ kind: string | undefined; title?: string }>, full: boolean, filtered: boolean): boolean {
  if (full || exact.length === 0) return false;
  if (identifier) return true;
  // Names compared as the lookup compares them (lookupKey: widths, punctuation and spaces aside).
  const projectNames = new Set(exact.filter((e) => e.kind === '事業').map((e) => lookupKey(e.title ?? '')));
  const named = (e: { kind: string | undefined; title?: string }) => e.kind !== undefined && (NAMED_KINDS.has(e.kind) || (e.kind === '施策' && projectNames.has(lookupKey(e.title ?? ''))));
  return !filtered && exact.every(named);
}
