/**
 * Derived collections, computed from validated records (pure):
 * - measures (施策): projects' 政策評価 links and evaluations joined by normalised name per ministry;
 * - ministries: every ministry with its projects, evaluations and measures;
 * - recipients (支出先): keyed by 法人番号 (or normalised name), every payment that reached them;
 * - project histories: the same project across years, via 過去の事業番号 / 旧事業番号.
 */
import type { EvaluationRecord, MeasureRecord, MinistryRecord, ProjectRecord, RecipientRecord } from '../../schemas/index.ts';
import { canonicalMinistryName, ministrySlug } from '../ministries.ts';
import { normalizeMeasureName } from '../normalize/measure-name.ts';
import { LINEAGE_PENDING } from './fallback.ts';
import { measureId, projectNumberSlug, recipientId } from './ids.ts';

export interface Derived {
  projects: ProjectRecord[];
  evaluations: EvaluationRecord[];
  measures: MeasureRecord[];
  ministries: MinistryRecord[];
  recipients: RecipientRecord[];
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Year encoded at the head of a post-2021 事業番号 (`2023-総務-22-0007` → 2023), else null. */
function yearOfNumber(number: string): number | null {
  const m = /^\s*(20\d\d)/.exec(number.normalize('NFKC'));
  return m ? Number(m[1]) : null;
}

function historyKey(ministry: string, year: number, number: string): string {
  // RS writes `2023警察220059` as well as `2023-警察-22-0059`: compare digits and 新 only.
  const digits = projectNumberSlug(number, null).replace(/[^0-9a-z]/g, '');
  return `${ministrySlug(ministry)}|${year}|${digits}`;
}

function linkHistories(projects: ProjectRecord[]): Map<string, string[]> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const index = new Map<string, string>();
  for (const p of projects) {
    parent.set(p.id, p.id);
    if (p.reviewYear !== null && p.projectNumber) index.set(historyKey(p.ministry, p.reviewYear, p.projectNumber), p.id);
  }
  for (const p of projects) {
    for (const past of p.pastNumbers) {
      const year = past.fiscalYear ?? yearOfNumber(past.number);
      const other = year !== null ? index.get(historyKey(p.ministry, year, past.number)) : undefined;
      if (other) union(p.id, other);
    }
    if (p.oldProjectNumber) {
      const year = yearOfNumber(p.oldProjectNumber);
      const other = year !== null ? index.get(historyKey(p.ministry, year, p.oldProjectNumber)) : undefined;
      if (other) union(p.id, other);
    }
  }
  const groups = new Map<string, string[]>();
  for (const p of projects) {
    const r = find(p.id);
    groups.set(r, [...(groups.get(r) ?? []), p.id]);
  }
  const history = new Map<string, string[]>();
  for (const ids of groups.values()) if (ids.length > 1) for (const id of ids) history.set(id, ids.filter((x) => x !== id));
  return history;
}

export function deriveCollections(inputProjects: ProjectRecord[], inputEvaluations: EvaluationRecord[]): Derived {
  const measures = new Map<string, MeasureRecord>();
  const touchMeasure = (ministry: string, rawName: string, area: string | null): MeasureRecord | null => {
    const name = normalizeMeasureName(rawName);
    if (!name) return null;
    const id = measureId(ministry, name);
    let m = measures.get(id);
    if (!m) {
      m = { id, name, ministry: canonicalMinistryName(ministry), ministryId: ministrySlug(ministry), policyArea: area ? normalizeMeasureName(area) : null, sourceNames: [], projectIds: [], evaluationIds: [] };
      measures.set(id, m);
    }
    if (!m.sourceNames.includes(rawName)) m.sourceNames.push(rawName);
    if (!m.policyArea && area) m.policyArea = normalizeMeasureName(area);
    return m;
  };

  const unlinked = inputProjects.filter((p) => p.lineageId === LINEAGE_PENDING);
  if (unlinked.length > 0) {
    // A code path that skipped the linker: publishing would make all these sheets one project.
    throw new Error(`lineage not linked for ${unlinked.length} records (${unlinked.slice(0, 3).map((p) => p.id).join(', ')}…): run linkLineages/applyLineages before deriveCollections`);
  }
  const history = linkHistories(inputProjects);
  // The other sheets of a project's lineage (lineage.ts) belong to its history too.
  const lineages = new Map<string, string[]>();
  for (const p of inputProjects) lineages.set(p.lineageId, [...(lineages.get(p.lineageId) ?? []), p.id]);
  for (const ids of lineages.values()) {
    if (ids.length < 2) continue;
    for (const id of ids) history.set(id, [...new Set([...(history.get(id) ?? []), ...ids.filter((x) => x !== id)])]);
  }
  const projects = inputProjects.map((p) => {
    const links = (p.policies && p.policies.length > 0 ? p.policies : [p.policy]).map((link) => {
      if (!link.measure) return link;
      const m = touchMeasure(p.ministry, link.measure, link.area);
      if (m && !m.projectIds.includes(p.id)) m.projectIds.push(p.id);
      // The published measure is the measure's name, without the sheet's list number
      // (「2. 情報通信技術高度利活用の推進」, docs/data-contract.md); the text as written stays in the
      // measure's sourceNames and at the line the provenance names.
      return { ...link, measure: m?.name ?? link.measure, measureId: m?.id ?? null };
    });
    // A name that stands for someone unnamed (個人A, A社) gets no id: no recipient page (recipientId).
    const recipients = p.recipients.map((r) => {
      const id = recipientId(r.corporateNumber, r.name);
      return id ? { ...r, recipientId: id } : { ...r };
    });
    // One source unless a merge listed more; parsers may set `source` after creating the record.
    const sources = p.sources.length > 1 ? p.sources : [p.source];
    const out: ProjectRecord = { ...p, ministryId: ministrySlug(p.ministry), policy: links[0] ?? p.policy, recipients, sources };
    if (p.policies && p.policies.length > 0) out.policies = links;
    const h = history.get(p.id);
    if (h) out.history = [...h].sort();
    return out;
  });

  const evaluations = inputEvaluations.map((e) => {
    const m = touchMeasure(e.ministry, e.policyName, null);
    if (m && !m.evaluationIds.includes(e.id)) m.evaluationIds.push(e.id);
    return { ...e, ministryId: ministrySlug(e.ministry), measureId: m?.id ?? null };
  });

  const ministries = new Map<string, MinistryRecord>();
  const ministry = (name: string) => {
    const id = ministrySlug(name);
    let m = ministries.get(id);
    if (!m) ministries.set(id, (m = { id, name: canonicalMinistryName(name), projectIds: [], evaluationIds: [], measureIds: [] }));
    return m;
  };
  for (const p of projects) ministry(p.ministry).projectIds.push(p.id);
  for (const e of evaluations) ministry(e.ministry).evaluationIds.push(e.id);
  for (const m of measures.values()) ministry(m.ministry).measureIds.push(m.id);

  const recipients = new Map<string, RecipientRecord>();
  for (const p of projects) {
    if (p.reviewYear === null) continue;
    for (const r of p.recipients) {
      const id = r.recipientId;
      if (!id) continue;
      let rec = recipients.get(id);
      if (!rec) {
        rec = { id, name: r.name, aliases: [], corporateNumber: r.corporateNumber, corporateNumberValid: r.corporateNumberValid, payments: [], totalDirect: 0, totalPassthrough: 0, totalUnknown: 0 };
        recipients.set(id, rec);
      } else if (rec.name !== r.name && !rec.aliases.includes(r.name)) rec.aliases.push(r.name);
      const flowKind = r.flowKind ?? null;
      rec.payments.push({ projectId: p.id, projectName: p.name, ministry: p.ministry, reviewYear: p.reviewYear, block: r.block, amount: r.amount, flowKind, contractMethod: r.contractMethod, description: r.description });
      if (r.amount !== null) {
        if (flowKind === 'direct') rec.totalDirect += r.amount;
        else if (flowKind === 'passthrough') rec.totalPassthrough += r.amount;
        else rec.totalUnknown += r.amount;
      }
    }
  }
  for (const rec of recipients.values()) rec.aliases.sort();

  for (const m of measures.values()) {
    m.projectIds.sort();
    m.evaluationIds.sort();
    m.sourceNames.sort();
  }
  for (const m of ministries.values()) {
    m.projectIds.sort();
    m.evaluationIds.sort();
    m.measureIds.sort();
  }
  return {
    projects,
    evaluations,
    measures: [...measures.values()].sort(byId),
    ministries: [...ministries.values()].sort(byId),
    recipients: [...recipients.values()].sort(byId),
  };
}
