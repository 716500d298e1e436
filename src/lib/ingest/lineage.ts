/**
 * Lineage: the same project across review years. Each sheet is linked to the same project's
 * sheet of the previous review year (`previousSheet`), and every sheet of one chain shares a
 * `lineageId`. Pure.
 *
 * Evidence, strongest first (each link records which):
 *  1. `stated`: the sheet's own 関連する過去のレビューシート (filled in 2018–2020) names a sheet of
 *     the previous year by ministry and 事業番号.
 *  2. `old-number`: an RS sheet's 旧事業番号 names the previous year's 事業番号.
 *  3. `name`: same ministry and the same normalised 事業名 (NFKC — widths —, no spaces, one
 *     kind of bracket), unique on both sides; where several sheets share the name, the same
 *     normalised 担当課室 picks one (`name-division`).
 *  4. `budget`: same ministry, the names not equal but close, and the previous year's 当初予算
 *     and the year before's 執行額 written identically on both sheets (a sheet repeats the
 *     previous sheet's figures) — unique on both sides.
 * Anything ambiguous (two candidates left) gets no link and a warning on the sheet.
 * JUDGIT!'s own 事業ID is not used: it changes when only character widths change.
 *
 * A project that splits keeps its lineage on one child (the one linked by the stronger rule,
 * then by name); the other children point to the same previous sheet but start lineages of
 * their own, so a lineage has at most one sheet per review year.
 */
import type { PreviousSheet, ProjectRecord, Warning } from '../../schemas/index.ts';
import { ministrySlug } from '../ministries.ts';
import { projectNumberSlug } from './ids.ts';

export type Evidence = PreviousSheet['evidence'];
export const EVIDENCE_CONFIDENCE: Record<Evidence, number> = { stated: 1, 'old-number': 1, name: 0.95, 'name-division': 0.9, number: 0.8, budget: 0.85 };

/** The 事業名 as the linker compares it: NFKC, lower case, no spaces, brackets of one kind, one kind of dash and wave. */
export function normalizeProjectName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（(［[｛{【〔〈《「『]/g, '(')
    .replace(/[）)］\]｝}】〕〉》」』]/g, ')')
    .replace(/[‐－―−–—]/g, '-')
    .replace(/[～〜]/g, '~')
    .replace(/[・･]/g, '・')
    .replace(/[“”"'’‘]/g, '');
}

/** Looser form for the budget rule: bracketed parts and 事業/経費/等 endings dropped. */
function looseName(name: string): string {
  return normalizeProjectName(name).replace(/\([^()]*\)/g, '').replace(/(に必要な経費|経費|事業|等)+$/g, '');
}

const divisionKey = (d: string | null) => (d ? d.normalize('NFKC').replace(/[\s\u3000]+/g, '') : '');
const numberKey = (ministry: string, year: number, number: string) => `${ministrySlug(ministry)}|${year}|${projectNumberSlug(number, null).replace(/[^0-9a-z]/g, '')}`;
const yearOfNumber = (n: string) => {
  const m = /^\s*(20\d\d)/.exec(n.normalize('NFKC'));
  return m ? Number(m[1]) : null;
};

export interface LineageLink {
  id: string;
  previous: PreviousSheet | null;
  lineageId: string;
  warnings: Warning[];
}

export interface LineageOptions {
  /** Ignore 関連する過去のレビューシート (to measure the other rules against it). */
  withholdStated?: boolean;
}

function budgetFingerprint(p: ProjectRecord, year: number): string | null {
  // The previous review year's 当初予算 and the year before's 執行額, as this sheet writes them.
  const cur = p.budget.find((b) => !b.isRequest && b.fiscalYear === year - 1);
  const past = p.budget.find((b) => !b.isRequest && b.fiscalYear === year - 2);
  if (!cur?.initial || !past?.executed) return null;
  return `${cur.initial}|${past.executed}`;
}

/** Link every sheet to its previous year's sheet; returns one entry per record, in input order. */
export function linkLineages(projects: ProjectRecord[], options: LineageOptions = {}): LineageLink[] {
  const byYear = new Map<number, number[]>();
  projects.forEach((p, i) => {
    if (p.reviewYear === null) return;
    byYear.set(p.reviewYear, [...(byYear.get(p.reviewYear) ?? []), i]);
  });
  const numberIndex = new Map<string, number>();
  projects.forEach((p, i) => {
    if (p.reviewYear !== null && p.projectNumber) numberIndex.set(numberKey(p.ministry, p.reviewYear, p.projectNumber), i);
  });
  const prevOf: Array<{ to: number; evidence: Evidence } | null> = projects.map(() => null);
  const warnings: Warning[][] = projects.map(() => []);

  for (const [year, here] of byYear) {
    const there = byYear.get(year - 1);
    if (!there) continue;
    const open = new Set(here);
    const claimed = new Set<number>();
    const link = (i: number, to: number, evidence: Evidence) => {
      prevOf[i] = { to, evidence };
      open.delete(i);
      claimed.add(to);
    };
    // 1–2: what the sheets say.
    for (const i of here) {
      const p = projects[i]!;
      // An RS sheet's 旧事業番号 first (the RS importer lists it among the past numbers too).
      if (p.oldProjectNumber) {
        const y = yearOfNumber(p.oldProjectNumber) ?? year - 1;
        const hit = y === year - 1 ? numberIndex.get(numberKey(p.ministry, y, p.oldProjectNumber)) : undefined;
        if (hit !== undefined) {
          link(i, hit, 'old-number');
          continue;
        }
      }
      const named: number[] = [];
      if (!options.withholdStated) {
        for (const past of p.pastNumbers) {
          const y = past.fiscalYear ?? yearOfNumber(past.number);
          if (y !== year - 1) continue;
          const hit = numberIndex.get(numberKey(past.ministry ?? p.ministry, y, past.number));
          if (hit !== undefined && !named.includes(hit)) named.push(hit);
        }
      }
      if (named.length > 0) {
        // Several named (a merger): the one with the same name, else the first listed.
        const key = normalizeProjectName(p.name);
        const best = named.find((n) => normalizeProjectName(projects[n]!.name) === key) ?? named[0]!;
        link(i, best, 'stated');
      }
    }
    // 3: ministry + normalised name, unique on both sides (else 担当課室 decides).
    const group = (ids: Iterable<number>, key: (p: ProjectRecord) => string) => {
      const m = new Map<string, number[]>();
      for (const i of ids) {
        const k = `${ministrySlug(projects[i]!.ministry)}|${key(projects[i]!)}`;
        m.set(k, [...(m.get(k) ?? []), i]);
      }
      return m;
    };
    const prevByName = group(there.filter((i) => !claimed.has(i)), (p) => normalizeProjectName(p.name));
    const hereByName = group(open, (p) => normalizeProjectName(p.name));
    for (const [k, mine] of hereByName) {
      const theirs = (prevByName.get(k) ?? []).filter((i) => !claimed.has(i));
      if (theirs.length === 0) continue;
      if (mine.length === 1 && theirs.length === 1) {
        link(mine[0]!, theirs[0]!, 'name');
        continue;
      }
      // Several sheets of one name: pair those whose 担当課室 is unique on both sides.
      const left: number[] = [];
      for (const i of mine) {
        const d = divisionKey(projects[i]!.division);
        const same = theirs.filter((t) => !claimed.has(t) && d !== '' && divisionKey(projects[t]!.division) === d);
        const rivals = mine.filter((o) => divisionKey(projects[o]!.division) === d);
        if (same.length === 1 && rivals.length === 1) link(i, same[0]!, 'name-division');
        else left.push(i);
      }
      for (const i of left) {
        const candidates = theirs.filter((t) => !claimed.has(t));
        if (candidates.length > 0) {
          warnings[i]!.push({ field: 'previousSheet', message: `前年度（${year - 1}年度）に同じ事業名のシートが複数あり（${candidates.map((t) => projects[t]!.id).join('、')}）、担当課室でも1つに決まらないため、前年度のシートと結び付けていません`, line: null });
        }
      }
    }
    // 4: close names with the same budget figures.
    const prevByBudget = new Map<string, number[]>();
    for (const t of there) {
      if (claimed.has(t)) continue;
      const f = budgetFingerprint(projects[t]!, year);
      if (!f) continue;
      const k = `${ministrySlug(projects[t]!.ministry)}|${f}`;
      prevByBudget.set(k, [...(prevByBudget.get(k) ?? []), t]);
    }
    const hereByBudget = new Map<string, number[]>();
    for (const i of open) {
      const f = budgetFingerprint(projects[i]!, year);
      if (!f) continue;
      const k = `${ministrySlug(projects[i]!.ministry)}|${f}`;
      hereByBudget.set(k, [...(hereByBudget.get(k) ?? []), i]);
    }
    for (const [k, mine] of hereByBudget) {
      const theirs = prevByBudget.get(k) ?? [];
      if (mine.length !== 1 || theirs.length !== 1) continue;
      const a = projects[mine[0]!]!;
      const b = projects[theirs[0]!]!;
      if (similarity(looseName(a.name), looseName(b.name)) >= 0.5 || divisionKey(a.division) === divisionKey(b.division)) link(mine[0]!, theirs[0]!, 'budget');
    }
  }

  // Lineage ids: follow each chain from its earliest sheet; a split continues on one child only.
  const children = new Map<number, number[]>();
  prevOf.forEach((l, i) => {
    if (l) children.set(l.to, [...(children.get(l.to) ?? []), i]);
  });
  const rank: Record<Evidence, number> = { stated: 0, 'old-number': 1, name: 2, 'name-division': 3, budget: 4, number: 5 };
  const heir = new Map<number, number>();
  for (const [parent, kids] of children) {
    const pk = normalizeProjectName(projects[parent]!.name);
    const sorted = [...kids].sort((x, y) => rank[prevOf[x]!.evidence] - rank[prevOf[y]!.evidence] || Number(normalizeProjectName(projects[y]!.name) === pk) - Number(normalizeProjectName(projects[x]!.name) === pk) || (projects[x]!.id < projects[y]!.id ? -1 : 1));
    heir.set(parent, sorted[0]!);
  }
  const lineage: string[] = projects.map(() => '');
  const order = projects.map((_, i) => i).sort((x, y) => (projects[x]!.reviewYear ?? 0) - (projects[y]!.reviewYear ?? 0));
  for (const i of order) {
    const l = prevOf[i];
    lineage[i] = l && heir.get(l.to) === i && lineage[l.to] ? lineage[l.to]! : `L-${projects[i]!.id}`;
  }
  return projects.map((p, i) => {
    const l = prevOf[i];
    return {
      id: p.id,
      previous: l ? { id: projects[l.to]!.id, evidence: l.evidence, confidence: EVIDENCE_CONFIDENCE[l.evidence] } : null,
      lineageId: lineage[i]!,
      warnings: warnings[i]!,
    };
  });
}

/** Dice coefficient of character bigrams (0–1). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = (s: string) => {
    const m = new Map<string, number>();
    for (let i = 0; i < s.length - 1; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let both = 0;
  for (const [g, n] of ga) both += Math.min(n, gb.get(g) ?? 0);
  return (2 * both) / (a.length - 1 + b.length - 1);
}

/** Apply the links to the records (new objects); counts per evidence for the report. */
export function applyLineages(projects: ProjectRecord[], links: LineageLink[]): { projects: ProjectRecord[]; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const out = projects.map((p, i) => {
    const l = links[i]!;
    if (l.previous) counts[l.previous.evidence] = (counts[l.previous.evidence] ?? 0) + 1;
    if (l.warnings.length) counts.ambiguous = (counts.ambiguous ?? 0) + 1;
    return { ...p, lineageId: l.lineageId, previousSheet: l.previous, warnings: l.warnings.length ? [...p.warnings, ...l.warnings] : p.warnings };
  });
  return { projects: out, counts };
}
