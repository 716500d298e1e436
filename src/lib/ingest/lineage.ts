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
 *     normalised 担当課室 picks one (`name-division`), else the one candidate whose budget
 *     figures (below) the sheet repeats (`name-budget`).
 *  3b. `former-name`: the sheet writes its other name into its 事業名 (「X（旧：Y）」, 「（「Y」から名称
 *     変更）」) and that name is the previous sheet's (or the previous sheet names this one so).
 *  4. `budget`: same ministry, the names not equal but close (or the same 担当課室), and the
 *     previous year's 当初予算 and the year before's 執行額 written identically on both sheets
 *     (a sheet repeats the previous sheet's figures; 執行額 0 for a project new that year) —
 *     unique on both sides.
 *  5. `similar-name`: a renamed sheet — same ministry and 担当課室, each the other's nearest
 *     name (Dice of bigrams ≥ 0.75) and clearly nearer than any other candidate.
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
import { normalizeProjectName } from '../normalize/project-name.ts';

export type Evidence = PreviousSheet['evidence'];
export const EVIDENCE_CONFIDENCE: Record<Evidence, number> = { stated: 1, 'old-number': 1, name: 0.95, 'name-division': 0.9, 'name-budget': 0.9, 'former-name': 0.9, number: 0.8, budget: 0.85, 'similar-name': 0.8 };

/** The 事業名 as the linker compares it (normalize/project-name.ts; re-exported for the linker's callers). */
export { normalizeProjectName };

/** Looser form for the budget rule: bracketed parts and 事業/経費/等 endings dropped. */
function looseName(name: string): string {
  return normalizeProjectName(name).replace(/\([^()]*\)/g, '').replace(/(に必要な経費|経費|事業|等)+$/g, '');
}

/**
 * The names a sheet says it had or will have, written into its 事業名: 「X（旧：Y）」, 「X（旧名称：Y）」,
 * 「X（旧 Y）」, 「X（「Y」から名称変更）」, 「X（…年度から「Y」に名称変更）」. Returned normalised,
 * the name without that bracket first. A renamed project often carries its other name for a year.
 */
export function statedNames(name: string): string[] {
  const n = normalizeProjectName(name);
  const out: string[] = [];
  const bracket = /\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g;
  for (const m of n.matchAll(bracket)) {
    const inner = m[1]!;
    const former = /^旧(?:名称|称|名|事業名)?[:・]?(.+)$/.exec(inner);
    const renamed = /^(?:.*から)?\((.+)\)(?:から|に)名称変更(?:予定)?$/.exec(inner);
    const other = former?.[1] ?? renamed?.[1];
    if (!other) continue;
    const base = n.replace(m[0], '');
    if (base && !out.includes(base)) out.push(base);
    if (!out.includes(other)) out.push(other);
  }
  return out;
}

const divisionKey = (d: string | null) => (d ? d.normalize('NFKC').replace(/[\s\u3000]+/g, '') : '');
const numberKey = (ministry: string, year: number, number: string) => `${ministrySlug(ministry)}|${year}|${projectNumberSlug(number, null).replace(/[^0-9a-z]/g, '')}`;
const yearOfNumber = (n: string) => {
  const m = /^\s*(20\d\d)/.exec(n.normalize('NFKC'));
  return m ? Number(m[1]) : null;
};

/** Every record with a review year and a 事業番号, by ministry + year + number. */
export function indexByNumber(projects: ProjectRecord[]): Map<string, number> {
  const index = new Map<string, number>();
  projects.forEach((p, i) => {
    if (p.reviewYear !== null && p.projectNumber) index.set(numberKey(p.ministry, p.reviewYear, p.projectNumber), i);
  });
  return index;
}

/**
 * The previous review year's sheets that a sheet's 関連する過去のレビューシート names (indices
 * into the records `index` was built from), in the order listed. Only the year just before
 * counts: 2018 sheets mostly name the project's first sheet (2010–2016), which is not its predecessor.
 */
export function statedPrevious(p: ProjectRecord, index: Map<string, number>): number[] {
  const named: number[] = [];
  if (p.reviewYear === null) return named;
  for (const past of p.pastNumbers) {
    const y = past.fiscalYear ?? yearOfNumber(past.number);
    if (y !== p.reviewYear - 1) continue;
    // 防衛省 writes the past number with a branch 「-0」 (「0287-0」, 「新29-0004-0」) where the sheet
    // itself has none: the number without it, when no sheet has the number as written.
    const hit = index.get(numberKey(past.ministry ?? p.ministry, y, past.number)) ?? (/-0$/.test(past.number.trim()) ? index.get(numberKey(past.ministry ?? p.ministry, y, past.number.trim().replace(/-0$/, ''))) : undefined);
    if (hit !== undefined && !named.includes(hit)) named.push(hit);
  }
  return named;
}

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
  // A project new in the previous year has no 執行額 the year before (0): its 当初予算 alone still
  // identifies it, since both sides must be unique within the ministry.
  if (!cur?.initial || past?.executed == null) return null;
  return `${cur.initial}|${past.executed}`;
}

/** Link every sheet to its previous year's sheet; returns one entry per record, in input order. */
export function linkLineages(projects: ProjectRecord[], options: LineageOptions = {}): LineageLink[] {
  const byYear = new Map<number, number[]>();
  projects.forEach((p, i) => {
    if (p.reviewYear === null) return;
    byYear.set(p.reviewYear, [...(byYear.get(p.reviewYear) ?? []), i]);
  });
  const numberIndex = indexByNumber(projects);
  const prevOf: Array<{ to: number; evidence: Evidence } | null> = projects.map(() => null);
  const warnings: Warning[][] = projects.map(() => []);

  for (const [year, here] of byYear) {
    const there = byYear.get(year - 1);
    if (!there) continue;
    const open = new Set(here);
    const claimed = new Set<number>();
    const prevByExactName = new Map<string, number[]>();
    for (const t of there) {
      const k = `${ministrySlug(projects[t]!.ministry)}|${normalizeProjectName(projects[t]!.name)}`;
      prevByExactName.set(k, [...(prevByExactName.get(k) ?? []), t]);
    }
    // Stated links set aside because they contradict a name match (see below): sheet → the sheet it names.
    const contested = new Map<number, number>();
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
      const named = options.withholdStated ? [] : statedPrevious(p, numberIndex);
      if (named.length > 0) {
        // Several named (a merger): the one with the same name, else the first listed.
        const key = normalizeProjectName(p.name);
        const best = named.find((n) => normalizeProjectName(projects[n]!.name) === key) ?? named[0]!;
        // A stated sheet of another name while the previous year has exactly one sheet of this
        // name: in 2018–2019 that is mostly a mistyped number (the sheet's own, or a neighbour's;
        // measured: the budget figures then agree with the same-named sheet in 175 of 179 cases).
        // The name decides unless the budget figures side with the stated sheet.
        const same = prevByExactName.get(`${ministrySlug(p.ministry)}|${key}`) ?? [];
        if (normalizeProjectName(projects[best]!.name) !== key && same.length === 1 && !named.includes(same[0]!)) {
          const f = budgetFingerprint(p, year);
          const sidesWithStated = f !== null && f === budgetFingerprint(projects[best]!, year) && f !== budgetFingerprint(projects[same[0]!]!, year);
          if (!sidesWithStated) {
            contested.set(i, best);
            continue;
          }
        }
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
        // Budget continuity breaks what the division cannot: the one candidate whose previous-year
        // 当初予算 and the year before's 執行額 this sheet repeats, and no other sheet of this name
        // repeats them (a continuing sheet and a same-named 新規 sheet of the year before, etc.).
        const f = budgetFingerprint(projects[i]!, year);
        const byBudget = f === null ? [] : candidates.filter((t) => budgetFingerprint(projects[t]!, year) === f);
        const rivals = f === null ? [] : mine.filter((o) => o !== i && budgetFingerprint(projects[o]!, year) === f);
        if (byBudget.length === 1 && rivals.length === 0) {
          link(i, byBudget[0]!, 'name-budget');
          continue;
        }
        if (candidates.length > 0) {
          warnings[i]!.push({ field: 'previousSheet', message: `前年度（${year - 1}年度）に同じ事業名のシートが複数あり（${candidates.map((t) => projects[t]!.id).join('、')}）、担当課室でも1つに決まらないため、前年度のシートと結び付けていません`, line: null });
        }
      }
    }
    // A contested statement: kept when no name match was made after all, else noted on the sheet.
    for (const [i, stated] of contested) {
      const l = prevOf[i];
      if (!l) link(i, stated, 'stated');
      else warnings[i]!.push({ field: 'previousSheet', message: `関連する過去のレビューシートに記載の ${projects[stated]!.id}（「${projects[stated]!.name}」）は事業名が異なるため、同じ事業名の前年度のシート ${projects[l.to]!.id} と結び付けました（記載の事業番号の誤りとみられます）`, line: null });
    }
    // 3b: a name the sheet itself gives as its former (or next) name: 「X（旧：Y）」 → the sheet named Y
    // (or X, or one that names this sheet's name so), unique on both sides within the ministry.
    // A match must go through a stated name on one side: plain name to plain name is rule 3's, and
    // what it left ambiguous stays so.
    const prevPlain = new Map<string, number[]>();
    const prevStated = new Map<string, number[]>();
    for (const t of there) {
      if (claimed.has(t)) continue;
      const p = projects[t]!;
      const m = ministrySlug(p.ministry);
      prevPlain.set(`${m}|${normalizeProjectName(p.name)}`, [...(prevPlain.get(`${m}|${normalizeProjectName(p.name)}`) ?? []), t]);
      for (const n of statedNames(p.name)) prevStated.set(`${m}|${n}`, [...(prevStated.get(`${m}|${n}`) ?? []), t]);
    }
    const formerClaims = new Map<number, number[]>();
    for (const i of open) {
      const p = projects[i]!;
      if (warnings[i]!.length > 0) continue;
      const m = ministrySlug(p.ministry);
      const hits = new Set<number>(prevStated.get(`${m}|${normalizeProjectName(p.name)}`) ?? []);
      for (const n of statedNames(p.name)) for (const t of [...(prevPlain.get(`${m}|${n}`) ?? []), ...(prevStated.get(`${m}|${n}`) ?? [])]) hits.add(t);
      if (hits.size === 1) {
        const t = [...hits][0]!;
        formerClaims.set(t, [...(formerClaims.get(t) ?? []), i]);
      }
    }
    for (const [t, mine] of formerClaims) if (mine.length === 1 && !claimed.has(t)) link(mine[0]!, t, 'former-name');
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
    // 5: a renamed sheet — the nearest name of the ministry, the same 担当課室, and clearly nearer than any other.
    linkSimilarNames(projects, [...open], there.filter((t) => !claimed.has(t)), (i, t) => link(i, t, 'similar-name'));
  }

  // Lineage ids: follow each chain from its earliest sheet; a split continues on one child only.
  const children = new Map<number, number[]>();
  prevOf.forEach((l, i) => {
    if (l) children.set(l.to, [...(children.get(l.to) ?? []), i]);
  });
  const rank: Record<Evidence, number> = { stated: 0, 'old-number': 1, name: 2, 'name-division': 3, 'name-budget': 4, 'former-name': 5, budget: 6, number: 7, 'similar-name': 8 };
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

/** How near a renamed sheet's name must be (Dice of bigrams), and by how much nearer than the next candidate on either side. */
const SIMILAR_NAME = 0.75;
const SIMILAR_MARGIN = 0.15;

/**
 * Pairs sheets left open with the previous year's unclaimed sheets of the same ministry and
 * the same 担当課室 when each is the other's nearest name, near enough, and no other name of
 * either side comes close (a word added or dropped, 「低炭素」→「脱炭素」). Anything closer to a
 * tie stays unlinked.
 */
function linkSimilarNames(projects: ProjectRecord[], open: number[], there: number[], link: (i: number, t: number) => void) {
  const key = (i: number) => `${ministrySlug(projects[i]!.ministry)}|${divisionKey(projects[i]!.division)}`;
  const pool = new Map<string, number[]>();
  for (const t of there) if (divisionKey(projects[t]!.division)) pool.set(key(t), [...(pool.get(key(t)) ?? []), t]);
  const mineBy = new Map<string, number[]>();
  for (const i of open) if (pool.has(key(i))) mineBy.set(key(i), [...(mineBy.get(key(i)) ?? []), i]);
  for (const [k, mine] of mineBy) {
    const theirs = pool.get(k)!;
    const name = new Map([...mine, ...theirs].map((x) => [x, normalizeProjectName(projects[x]!.name)]));
    const score = mine.map((i) => theirs.map((t) => similarity(name.get(i)!, name.get(t)!)));
    const ranked = (row: number[]) => [...row].sort((a, b) => b - a);
    mine.forEach((i, a) => {
      const row = score[a]!;
      const [first = 0, second = 0] = ranked(row);
      if (first < SIMILAR_NAME || first - second < SIMILAR_MARGIN) return;
      const b = row.indexOf(first);
      const col = score.map((r) => r[b]!);
      const [cFirst = 0, cSecond = 0] = ranked(col);
      if (cFirst !== first || cFirst - cSecond < SIMILAR_MARGIN) return;
      link(i, theirs[b]!);
    });
  }
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

/** The records with their lineage linked (what the pipeline does before deriveCollections). */
export function withLineages(projects: ProjectRecord[]): ProjectRecord[] {
  return applyLineages(projects, linkLineages(projects)).projects;
}
