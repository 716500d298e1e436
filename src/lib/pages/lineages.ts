/**
 * Lineages (the same project across review years) for the pages: each lineage's sheets in
 * review-year order, from the briefs, built once per build. What a project page shows of
 * its lineage — the decade chart, the recurring indicators — is computed ONCE per lineage
 * and kept (lineageView), not once per sheet: at ten years a lineage has up to ten pages.
 */
import type { ProjectRecord } from '../../schemas/project.ts';
import { budgetChart, budgetSummary } from '../charts/budget.ts';
import type { Scene } from '../charts/scene.ts';
import { lineageAsBudgetYears, lineageBudgetSeries, lineageIndicators, formerNames, type IndicatorSeries, type LineageYear } from '../lineage/through-time.ts';
import { dependsOn, untracked } from './page-deps.ts';
import { loadSite, type ProjectBrief, type Site } from './site-data.ts';

let cached: Promise<Map<string, ProjectBrief[]>> | undefined;

/**
 * lineageId → its sheets, oldest review year first (ties by id). Built over every brief but
 * not recorded as a read of them all (page-deps.ts): a project page would then be rendered
 * again whenever any project's name changed. A page records the files of its own lineage
 * instead (lineageView). Known gap: a sheet that JOINS a lineage in a later build changes no
 * file of the older sheets, so their pages are restored without it until one of them changes.
 */
export function loadLineages(): Promise<Map<string, ProjectBrief[]>> {
  cached ??= untracked(() => loadSite().then((site) => {
    const out = new Map<string, ProjectBrief[]>();
    for (const b of site.briefs.values()) {
      const list = out.get(b.lineageId);
      if (list) list.push(b);
      else out.set(b.lineageId, [b]);
    }
    for (const list of out.values()) list.sort((a, b) => (a.reviewYear ?? -1) - (b.reviewYear ?? -1) || (a.id < b.id ? -1 : 1));
    return out;
  }));
  return cached;
}

export interface LineageView {
  sheets: ProjectBrief[];
  series: LineageYear[];
  indicators: IndicatorSeries[];
  names: Array<{ name: string; years: number[] }>;
  chart: Scene | null;
  summary: string;
  /** Pages of this lineage not yet rendered in this build: the view is dropped after the last. */
  pending: number;
}

const views = new Map<string, LineageView>();

/**
 * What every sheet page of a lineage shows about the whole lineage, computed on the first
 * of its pages and reused by the others. The outcomes are read from the records once here
 * (the briefs do not carry them); a lineage of one sheet needs none of it.
 */
export function lineageView(site: Site, sheets: ProjectBrief[], lineageId: string): LineageView {
  // The view reads the lineage's records (outcomes) when it is made, on whichever page is first;
  // every page showing it depends on them the same (page-deps.ts), so record them each time.
  if (sheets.length > 1) for (const b of sheets) dependsOn(`file:projects/${b.id}.json`);
  let v = views.get(lineageId);
  if (!v) {
    const records = sheets.length > 1 ? sheets.map((b) => site.projects.get(b.id)).filter((r): r is ProjectRecord => r !== undefined) : [];
    const series = lineageBudgetSeries(sheets);
    const rows = lineageAsBudgetYears(series);
    v = {
      sheets,
      series,
      indicators: lineageIndicators(records),
      names: formerNames(sheets),
      chart: budgetChart(rows),
      summary: budgetSummary(rows),
      pending: sheets.length,
    };
    views.set(lineageId, v);
  }
  // Kept only until the lineage's last page is rendered, so memory does not grow with the corpus.
  if (--v.pending <= 0) views.delete(lineageId);
  return v;
}
