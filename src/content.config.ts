/**
 * Content collections: the records written by scripts/ingest.ts, loaded with the same
 * zod schemas that validated them at ingest (src/schemas — one definition).
 */
import { defineCollection } from 'astro:content';
import { EvaluationRecord, MeasureRecord, MinistryRecord, ProjectRecord, RecipientRecord } from './schemas/index.ts';
import { readRecordDir } from './lib/records-dir.ts';

export const collections = {
  projects: defineCollection({ loader: () => readRecordDir('projects'), schema: ProjectRecord }),
  evaluations: defineCollection({ loader: () => readRecordDir('evaluations'), schema: EvaluationRecord }),
  measures: defineCollection({ loader: () => readRecordDir('measures'), schema: MeasureRecord }),
  ministries: defineCollection({ loader: () => readRecordDir('ministries'), schema: MinistryRecord }),
  recipients: defineCollection({ loader: () => readRecordDir('recipients'), schema: RecipientRecord }),
};
