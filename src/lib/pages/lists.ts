/**
 * Orders and page sizes of the long list pages, computed once per build (module cache
 * via loadSite) so each list page only slices.
 */
import { compareJa } from '../format/collate.ts';
import type { RecipientRecord } from '../../schemas/derived.ts';
import { byYearThenNumber, loadSite, type ProjectBrief } from './site-data.ts';

export const PROJECTS_PER_PAGE = 200;
export const RECIPIENTS_PER_PAGE = 200;

let projectOrder: Promise<ProjectBrief[]> | undefined;
let recipientOrder: Promise<RecipientRecord[]> | undefined;

/** All projects: ministries in display order, within each the newest review year and 事業番号 first. */
export function projectsInListOrder(): Promise<ProjectBrief[]> {
  projectOrder ??= loadSite().then((site) => {
    const rank = new Map(site.ministryOrder.map((m, i) => [m.id, i]));
    return [...site.briefs.values()].sort((a, b) => (rank.get(a.ministryId) ?? 1e9) - (rank.get(b.ministryId) ?? 1e9) || byYearThenNumber(a, b));
  });
  return projectOrder;
}

export const recipientTotal = (r: RecipientRecord) => r.totalDirect + r.totalPassthrough + r.totalUnknown;

/** All recipients, largest total first (ties by name, then id, for a stable order). */
export function recipientsInListOrder(): Promise<RecipientRecord[]> {
  recipientOrder ??= loadSite().then((site) =>
    [...site.recipients.values()].sort((a, b) => recipientTotal(b) - recipientTotal(a) || compareJa(a.name, b.name) || (a.id < b.id ? -1 : 1)));
  return recipientOrder;
}
