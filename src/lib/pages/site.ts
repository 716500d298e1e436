/**
 * The shape of the site data the pages read (loaded by site-data.ts, recorded per page by
 * recording-site.ts): types only, below both, so neither imports the other for them.
 */
import type { EvaluationRecord, MeasureRecord, MinistryRecord, ProjectRecord, RecipientRecord } from '../../schemas/index.ts';
import type { ProjectFigures } from './figures.ts';

/** What list pages and related-record links need about a project, without the whole record. */
export interface ProjectBrief {
  id: string;
  name: string;
  ministry: string;
  ministryId: string;
  reviewYear: number | null;
  projectNumber: string | null;
  figures: ProjectFigures;
  /** What group totals (measure, ministry) need, so those pages never reopen the records. */
  budget: ProjectRecord['budget'];
  history: ProjectRecord['history'];
  /** The project across review years (lineageId): every sheet of one project shares it. */
  lineageId: string;
  /** The same project's sheet of the previous review year, when linked. */
  previousId: string | null;
}

export interface Site {
  /** Read from disk per page (records.ts): the bulk of the corpus is never all in memory. */
  projects: ReadonlyMap<string, ProjectRecord>;
  evaluations: Map<string, EvaluationRecord>;
  measures: Map<string, MeasureRecord>;
  ministries: Map<string, MinistryRecord>;
  recipients: Map<string, RecipientRecord>;
  briefs: Map<string, ProjectBrief>;
  /** Ministries in a stable display order (by project count, then name). */
  ministryOrder: MinistryRecord[];
}
