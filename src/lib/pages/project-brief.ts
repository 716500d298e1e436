/**
 * A project's brief (site.ts: ProjectBrief): what list pages, group totals and related-sheet
 * links need of a project without its whole record. Pure.
 *
 * Ingest writes every brief into the records folder (BRIEFS_FILE), made by this function from
 * the records it writes, so the build's Astro stage reads one file instead of opening every
 * project record to make them: at the decade, reading and validating 53,000 project records
 * (1.4 GB) for their briefs took 80 of the 113 s before Astro's first page (--cpu-prof of the
 * site data on the decade records, 2026-12-07). A records folder without the file (written
 * before it, or by hand) is read the old way (site-data.ts).
 */
import { z } from 'zod';
import { ProjectRecord } from '../../schemas/project.ts';
import { projectFigures } from './figures.ts';
import type { ProjectBrief } from './site.ts';

export const BRIEFS_FILE = 'briefs.json';

export function projectBrief(p: ProjectRecord): ProjectBrief {
  return {
    id: p.id, name: p.name, ministry: p.ministry, ministryId: p.ministryId ?? '', reviewYear: p.reviewYear, projectNumber: p.projectNumber, figures: projectFigures(p),
    budget: p.budget, history: p.history, lineageId: p.lineageId, previousId: p.previousSheet?.id ?? null,
  };
}

/**
 * The briefs file: every brief in id order (the order of the project files, records.ts).
 * Fields in projectBrief's order, as parsing gives them back in the schema's order and the
 * cache keys hash the briefs as JSON (cache-keys.ts: all:briefs).
 */
const shape = ProjectRecord.shape;
export const BriefsFile = z.array(
  z.object({
    id: shape.id, name: shape.name, ministry: shape.ministry, ministryId: z.string(), reviewYear: shape.reviewYear, projectNumber: shape.projectNumber,
    figures: z.object({ budgetYear: z.number().nullable(), budget: z.number().nullable(), executedYear: z.number().nullable(), executed: z.number().nullable(), executionRate: z.number().nullable() }).strict(),
    budget: shape.budget, history: shape.history, lineageId: shape.lineageId, previousId: z.string().nullable(),
  }).strict(),
);

/** The file's text for these records (ids sorted as records.ts lists the project files). */
export function briefsFileText(projects: Iterable<ProjectRecord>): string {
  const briefs = [...projects].map(projectBrief).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return JSON.stringify(briefs) + '\n';
}
