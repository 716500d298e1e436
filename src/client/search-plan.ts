/**
 * What one search fetches and in which order (pure; unit-tested in test/search-plan.test.ts,
 * run by search.ts):
 *  1. the exact-lookup file for the query as a whole (a pasted name or number, one small
 *     request; src/lib/search/lookup.ts), listed first;
 *  2. an identifier (法人番号, 事業番号, 予算事業ID) with exact pages, or a project's or
 *     recipient's full name pasted as written, stops there unless the reader asks for the
 *     full text (`full`, one button away), so it costs no full-text index (answeredByLookup);
 *  3. the full text, in steps of shards: with a year filter, only the shards that may hold
 *     those years' pages; without, the newest year's first, shown as soon as they answer,
 *     then the earlier years — as many as a first query's download allows (firstReach),
 *     the rest one button away — or every year when the reader asked for them all.
 */
import { bucketName, bucketOf, isIdentifierQuery, lookupKey } from '../lib/search/lookup.ts';
import { planQuery, type QueryPlan } from '../lib/search/tokenize.ts';
import { partitionCovers, yearGroups } from '../lib/search/partitions.ts';

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

/**
 * Shard steps for the partitions (src/lib/search/partitions.ts) and the chosen years: with
 * years, the shards that may hold pages of them; without, the newest year's group first
 * (its sheets, the pages of several years ending then, the pages of no year), shown as soon
 * as they answer, then every shard.
 */
export function shardSteps(partitions: string[], years: string[]): number[][] {
  const every = partitions.map((_, k) => k);
  if (years.length) return [every.filter((k) => partitionCovers(partitions[k]!, years))];
  const first = yearGroups(partitions)[0]?.shards ?? [];
  return first.length && first.length < every.length ? [first, every] : [every];
}

/** What searching a shard downloads (the build's manifest: scripts/stages/search-index.ts). */
export interface ShardCost {
  /** Bytes of its metadata file, loaded by any search of it. */
  meta: number;
  /** Mean bytes of one of its index chunks: one is loaded per word searched. */
  chunk: number;
}

/**
 * What a first search without a year filter downloads at most, beyond the page and Pagefind
 * itself, in shards' metadata and index chunks: #17 allows a first query 1 MB, of which the
 * page, its scripts, Pagefind's script and wasm, the manifest, lookup and term files take
 * ~0.25 MB and the fragments of the 20 results shown up to ~0.3 MB (search-bench on the
 * decade, 2026-12-06).
 */
export const FIRST_REACH_BYTES = 450_000;
/**
 * The shards of years after the newest are merged into a second Pagefind (pagefind-shards.ts:
 * openIndex), whose script and wasm (47,228 + 59,758 bytes in Pagefind 1.6) come once more.
 */
export const SECOND_LANE_BYTES = 107_000;

/**
 * How far back a search without a year filter goes before it shows its results: whole years,
 * newest first, while what their shards may cost (ShardCost, for `words` words, counting only
 * the `candidates` the term table leaves in; all when null) stays within `budget` — at least
 * the newest year that has a candidate. A frequent word is in every year's shards, and
 * searching them all cost 3.8–4.4 MB per first query on the decade (49 shards; search-bench,
 * 2026-12-06); a rare word is in a few, and then every year is searched at once.
 * `shards`: the years reached (whole groups, as shardSteps gives them); `left`: candidate
 * shards of the years not reached, and `years` those years, newest first (the search page
 * offers them one button away). Without the costs (a build before them) every year is reached.
 */
export function firstReach(partitions: string[], costs: Array<ShardCost | null>, candidates: Set<number> | null, words: number, budget = FIRST_REACH_BYTES): { shards: number[]; left: number[]; years: number[]; reached: number[] } {
  const groups = yearGroups(partitions);
  const yearsOf = (gs: typeof groups) => gs.flatMap((g) => (g.year === null ? [] : [g.year]));
  const every = partitions.map((_, k) => k);
  const all = { shards: every, left: [], years: [], reached: yearsOf(groups) };
  if (costs.length !== partitions.length || costs.some((c) => !c)) return all;
  const isCandidate = (k: number) => !candidates || candidates.has(k);
  const cost = (k: number) => costs[k]!.meta + Math.max(1, words) * costs[k]!.chunk;
  const first = new Set(groups[0]?.shards ?? []);
  let spent = 0;
  let reached = 0;
  let found = false;
  let secondLane = false;
  for (const g of groups) {
    const wanted = g.shards.filter(isCandidate);
    const opens: boolean = !secondLane && wanted.some((k) => !first.has(k));
    const c = wanted.reduce((n, k) => n + cost(k), 0) + (opens ? SECOND_LANE_BYTES : 0);
    if (found && spent + c > budget) break;
    spent += c;
    reached++;
    secondLane ||= opens;
    found ||= wanted.length > 0;
  }
  if (reached >= groups.length) return all;
  const shards = groups.slice(0, reached).flatMap((g) => g.shards).sort((a, b) => a - b);
  const rest = groups.slice(reached);
  const left = rest.flatMap((g) => g.shards.filter(isCandidate)).sort((a, b) => a - b);
  if (left.length === 0) return all;
  return { shards, left, years: yearsOf(rest.filter((g) => g.shards.some(isCandidate))), reached: yearsOf(groups.slice(0, reached)) };
}

/**
 * The steps of a search without a year filter that stops at `reach` (firstReach): the newest
 * year's group first when the reach goes further back, then the reach.
 */
export function reachSteps(partitions: string[], reach: number[]): number[][] {
  const first = yearGroups(partitions)[0]?.shards ?? [];
  const inReach = first.filter((k) => reach.includes(k));
  return inReach.length && inReach.length < reach.length ? [inReach, reach] : [reach];
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
