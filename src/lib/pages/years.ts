/**
 * Review years across the site: which years there are, each year's projects, and the
 * pictures of where the money went (treemap inputs). Computed once per build from the
 * project briefs (site-data.ts), so a page for one year or one ministry only looks up.
 */
import { compareJa } from '../format/collate.ts';
import type { TreemapGroupInput } from '../charts/treemap.ts';
import { urls } from '../urls.ts';
import { cachedWithReads } from './page-deps.ts';
import { byYearThenNumber, loadSite, type ProjectBrief, type Site } from './site-data.ts';

export interface Years {
  /** Every review year with at least one sheet, oldest first. */
  all: number[];
  latest: number | null;
  /** Projects of each review year, in list order (ministry display order, then 事業番号). */
  projects: Map<number, ProjectBrief[]>;
  /** `ministryId\0year` → that ministry's projects of that year (same order). */
  ministryYear: Map<string, ProjectBrief[]>;
  /** Project id → its measure's id (from the measures' project lists). */
  measureOf: Map<string, string>;
  /** Sheets whose review year could not be read (listed on the project list's front page). */
  undated: ProjectBrief[];
}

// Its reads are added to each page that uses it (page-deps.ts): the pages' cache keys.
export const loadYears: () => Promise<Years> = cachedWithReads(() =>
  loadSite().then((site) => {
    const rank = new Map(site.ministryOrder.map((m, i) => [m.id, i]));
    const ordered = [...site.briefs.values()].filter((b) => b.reviewYear != null)
      .sort((a, b) => (rank.get(a.ministryId) ?? 1e9) - (rank.get(b.ministryId) ?? 1e9) || byYearThenNumber(a, b));
    const projects = new Map<number, ProjectBrief[]>();
    const ministryYear = new Map<string, ProjectBrief[]>();
    for (const b of ordered) {
      push(projects, b.reviewYear!, b);
      push(ministryYear, `${b.ministryId}\u0000${b.reviewYear}`, b);
    }
    const all = [...projects.keys()].sort((a, b) => a - b);
    const measureOf = new Map<string, string>();
    for (const m of site.measures.values()) for (const id of m.projectIds) if (!measureOf.has(id)) measureOf.set(id, m.id);
    const undated = [...site.briefs.values()].filter((b) => b.reviewYear == null).sort(byYearThenNumber);
    return { all, latest: all.at(-1) ?? null, projects, ministryYear, measureOf, undated };
  }),
);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export const ministryYearKey = (ministryId: string, year: number) => `${ministryId}\u0000${year}`;

/** Review years in which a ministry has sheets, oldest first. */
export function yearsOfMinistry(years: Years, ministryId: string): number[] {
  return years.all.filter((y) => years.ministryYear.has(ministryYearKey(ministryId, y)));
}

const leaf = (b: ProjectBrief) => ({ label: b.name, value: b.figures.budget, href: urls.project(b.id) });

/** The whole government in one review year: ministries → their projects. */
export function governmentTreemap(site: Site, years: Years, year: number): TreemapGroupInput[] {
  return site.ministryOrder
    .map((m) => ({ m, list: years.ministryYear.get(ministryYearKey(m.id, year)) ?? [] }))
    .filter((x) => x.list.length > 0)
    .map(({ m, list }) => ({ label: m.name, href: urls.ministryYear(m.id, year), leaves: list.map(leaf) }));
}

/** One ministry in one review year: its measures (施策) → their projects; projects with no measure form their own group. */
export function ministryTreemap(site: Site, years: Years, ministryId: string, year: number): TreemapGroupInput[] {
  const groups = new Map<string, TreemapGroupInput>();
  for (const b of years.ministryYear.get(ministryYearKey(ministryId, year)) ?? []) {
    const mid = years.measureOf.get(b.id);
    const measure = mid ? site.measures.get(mid) : undefined;
    const key = measure?.id ?? '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { label: measure?.name ?? '施策の記載なし', href: measure ? urls.measure(measure.id) : urls.ministryYear(ministryId, year), leaves: [] }));
    g.leaves.push(leaf(b));
  }
  return [...groups.values()].sort((a, b) => compareJa(a.label, b.label));
}
