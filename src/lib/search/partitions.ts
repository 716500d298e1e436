/**
 * How the search index is cut by review year (pure; shared by the build,
 * scripts/stages/search-index.ts, and the search page, src/client/search-plan.ts).
 *
 * A shard holds the pages of one partition:
 *  - `2024`: pages of that review year alone (a sheet, a recipient paid only that year);
 *  - `2024+`: pages of several years of which 2024 is the newest (a recipient paid from
 *    2019 to 2024). Filed under their newest year, so a search of the latest year reaches the
 *    companies it paid without loading the recipients of every other year: kept apart as one
 *    `all` partition, they were 36,652 pages of the decade in 7 shards, whose metadata alone
 *    cost ~480 KB per query (search-bench, 2026-12-06);
 *  - `all`: pages without a review year (and, in builds before `+`, pages of several years).
 */

const YEAR = /^(\d{4})(\+?)$/;

/** The partition of a page with these review years (each `YYYY`). */
export function partitionFor(years: Iterable<string>): string {
  const set = new Set(years);
  if (set.size === 0) return 'all';
  const newest = [...set].sort().at(-1)!;
  return set.size === 1 ? newest : `${newest}+`;
}

/** The newest review year a partition's pages have, or null (`all`). */
export function partitionYear(p: string): number | null {
  const m = YEAR.exec(p);
  return m ? Number(m[1]) : null;
}

/** Newest year first; a year's own pages before those of several years ending then; `all` last. */
export function comparePartitions(a: string, b: string): number {
  if (a === b) return 0;
  const ya = partitionYear(a);
  const yb = partitionYear(b);
  if (ya === null) return 1;
  if (yb === null) return -1;
  return yb - ya || (a.endsWith('+') ? 1 : 0) - (b.endsWith('+') ? 1 : 0);
}

/**
 * Whether a partition may hold pages of any of these years: its own year; for pages of
 * several years, any year up to the newest (which years exactly, the page's filter says);
 * `all`, always.
 */
export function partitionCovers(p: string, years: string[]): boolean {
  const y = partitionYear(p);
  if (y === null) return true;
  if (!p.endsWith('+')) return years.includes(String(y));
  return years.some((v) => Number(v) <= y);
}

/**
 * The shards by year, newest first: each year's shards and those of pages of several years
 * ending that year; the shards without a year join the newest group (every search without a
 * year filter starts there). Shard numbers in manifest order.
 */
export function yearGroups(partitions: string[]): Array<{ year: number | null; shards: number[] }> {
  const byYear = new Map<number | null, number[]>();
  partitions.forEach((p, k) => {
    const y = partitionYear(p);
    byYear.set(y, [...(byYear.get(y) ?? []), k]);
  });
  const years = [...byYear.keys()].filter((y): y is number => y !== null).sort((a, b) => b - a);
  const groups = years.map((year) => ({ year: year as number | null, shards: byYear.get(year)! }));
  const none = byYear.get(null) ?? [];
  if (groups.length === 0) return none.length ? [{ year: null, shards: none }] : [];
  groups[0]!.shards = [...groups[0]!.shards, ...none].sort((a, b) => a - b);
  return groups;
}
