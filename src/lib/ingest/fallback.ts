/**
 * The record of a document that could not be structured (or only in part): every
 * field null or empty, the reason in `warnings`. Such a file still gets a page that
 * says so and shows its text — nothing is lost. The RS mapper starts every record from
 * it too, so the list of fields exists once.
 */
import type { ProjectRecord, SourceInfo, Warning } from '../../schemas/index.ts';

/**
 * The lineageId of a record the linker (lineage.ts) has not seen yet. Valid for the schema, so
 * a single file's record validates before the corpus is linked; never published:
 * deriveCollections refuses it, since every sheet carrying it would form one "lineage".
 */
export const LINEAGE_PENDING = 'pending';

export function emptyProject(id: string, name: string, source: SourceInfo, warnings: Warning[]): ProjectRecord {
  return {
    id,
    reviewYear: null,
    ministry: '不明',
    projectNumber: null,
    name,
    bureau: null,
    division: null,
    responsible: null,
    startYear: null,
    endYear: null,
    endNote: null,
    accountType: null,
    legalBasis: null,
    relatedPlans: null,
    mainPolicy: null,
    mainExpense: null,
    purpose: null,
    summary: null,
    implementation: null,
    policy: { area: null, measure: null, measureId: null },
    budget: [],
    budgetBreakdown: [],
    outcomes: [],
    activities: [],
    unitCosts: [],
    recipients: [],
    expenses: [],
    fundingFlow: [],
    checks: [],
    externalOpinion: null,
    reviewTeam: { verdict: null, text: null },
    pastNumbers: [],
    budgetProjectId: null,
    oldProjectNumber: null,
    // Lineage is decided across all records (lineage.ts, run by the pipeline before derive.ts).
    lineageId: LINEAGE_PENDING,
    previousSheet: null,
    source,
    // derive.ts sets this from `source` unless a merge gave more than one.
    sources: [source],
    provenance: {},
    warnings,
  };
}
