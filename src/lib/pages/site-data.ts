/**
 * Every collection loaded ONCE per build (module-level cache) with the lookup maps the
 * pages need. Pages then do work proportional to their own data only — never a filter
 * over the whole collection per page (docs/architecture.md: that is what makes large
 * Astro builds slow).
 */
import { compareJa, compareJaNumeric } from '../format/collate.ts';
import { getBriefs, getCollection, getIngestReport, getLazyCollection } from '../records.ts';
import { projectBrief } from './project-brief.ts';
import { dependsOn, untracked } from './page-deps.ts';
import { recordingSite } from './recording-site.ts';
import type { ProjectBrief, Site } from './site.ts';

export type { ProjectBrief, Site };

let cached: Promise<Site> | undefined;
let recorded: Promise<Site> | undefined;

const toMap = <T extends { id: string }>(records: T[]) => new Map(records.map((r) => [r.id, r]));

/**
 * The site data for pages: every read is recorded for the page being rendered
 * (recording-site.ts), which is what its cache key is made of (cache-keys.ts).
 */
export function loadSite(): Promise<Site> {
  recorded ??= loadSiteData().then(recordingSite);
  return recorded;
}

/** The same data, unrecorded (for the cache keys themselves). */
export function loadSiteData(): Promise<Site> {
  cached ??= untracked(async () => {
    // The records reader (records.ts), not Astro's content layer: it says why.
    const site: Site = {
      projects: getLazyCollection('projects'),
      evaluations: toMap(getCollection('evaluations')),
      measures: toMap(getCollection('measures')),
      ministries: toMap(getCollection('ministries')),
      recipients: toMap(getCollection('recipients')),
      briefs: new Map(),
      ministryOrder: [],
    };
    // From the briefs ingest wrote (project-brief.ts), when they are there and list exactly
    // the project files; else made from every project record.
    const written = getBriefs();
    if (written && written.length === site.projects.size && written.every((b) => site.projects.has(b.id))) {
      for (const b of written) site.briefs.set(b.id, b);
    } else {
      for (const p of site.projects.values()) site.briefs.set(p.id, projectBrief(p));
    }
    site.ministryOrder = [...site.ministries.values()].sort((a, b) => b.projectIds.length - a.projectIds.length || compareJa(a.name, b.name));
    return site;
  });
  return cached;
}

/** Briefs for ids, skipping any id without a record (a derived list may name a dropped record). */
export function briefsOf(site: Site, ids: string[]): ProjectBrief[] {
  return ids.map((id) => site.briefs.get(id)).filter((b): b is ProjectBrief => b !== undefined);
}

/** Stable order for project lists: review year (newest first), then 事業番号, then name. */
export function byYearThenNumber(a: ProjectBrief, b: ProjectBrief): number {
  return (b.reviewYear ?? 0) - (a.reviewYear ?? 0) || compareJaNumeric(a.projectNumber ?? '\uffff', b.projectNumber ?? '\uffff') || compareJa(a.name, b.name) || (a.id < b.id ? -1 : 1);
}

/** Per-record status from the ingest report (legacy documents; RS projects are per-table). */
export interface RecordStatus { file: string; status: 'ok' | 'partial' | 'error' | 'skipped'; fieldsMissing: string[] }
let statuses: Map<string, RecordStatus> | undefined;

/** Every record's status, by record id (read from the report once per build). */
export function recordStatuses(): ReadonlyMap<string, RecordStatus> {
  dependsOn('status:*');
  return statusMap();
}

function statusMap(): ReadonlyMap<string, RecordStatus> {
  if (!statuses) statuses = untracked(loadStatuses);
  return statuses;
}

function loadStatuses(): Map<string, RecordStatus> {
  const out = new Map<string, RecordStatus>();
  for (const f of getIngestReport()?.files ?? []) {
    if (f.kind === 'rs-table') continue;
    for (const rid of f.recordIds) out.set(rid, { file: f.file, status: f.status, fieldsMissing: f.fieldsMissing });
  }
  return out;
}

export function recordStatus(id: string): RecordStatus | null {
  dependsOn(`status:${id}`);
  return statusMap().get(id) ?? null;
}
