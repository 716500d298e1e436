/**
 * Lineage precision and recall against the ministries' own links (関連する過去のレビューシート).
 *
 * The sheets of 2018–2020 name their past sheets (関連する過去のレビューシート); where one names
 * a sheet of the year just before, that is the truth. The linker runs with those statements
 * withheld (linkLineages `withholdStated`), so it links by the other evidence only (name,
 * name + 担当課室, budget figures), and its links are compared with the stated ones:
 *  - recall: of the sheets with a stated predecessor, how many the linker linked to it;
 *  - precision: of the sheets with a stated predecessor that the linker linked, how many to it.
 * Sheets that state no predecessor cannot be judged and are counted apart. A plain baseline
 * (exact 事業名 + ministry, unique on both sides) is measured the same way.
 *
 * The statements are not all right, so each score is given three times: on every statement, then
 * leaving out (a) statements the sheets' own budget figures contradict, then also (b) statements
 * naming only other ministries' sheets of other names (partner ministries' sheets of a joint
 * project). Both rules are stated below where they are computed; neither looks at the linker's
 * links. Statements naming a 事業番号 the previous year does not have are never in the truth
 * (counted).
 *
 * Usage: npx node scripts/measure-lineage.ts <JUDGIT data dir> [--years 2017-2020] [--ministry 総務省,環境省] [--show 20] [--audit 30]
 *        npx node scripts/measure-lineage.ts --records <records dir, or a JSON array of project records> […]
 * The data dir is the unpacked tree (…/data/judgit, holding <year>/<府省庁>/*.json).
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { ProjectRecord } from '../src/schemas/index.ts';
import { parseJudgitFile, yearOfJudgitPath } from '../src/lib/ingest/judgit/import.ts';
import { indexByNumber, linkLineages, normalizeProjectName, statedPrevious, type LineageLink } from '../src/lib/ingest/lineage.ts';
import { listFiles } from './lib/fs.ts';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const root = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1]!.startsWith('--')));
if (!root && !args.includes('--records')) {
  console.error('usage: measure-lineage.ts <JUDGIT data dir> [--years 2017-2020] [--ministry 総務省,…] [--show N]');
  process.exit(2);
}
const [fromYear, toYear] = (opt('--years') ?? '2017-2020').split('-').map(Number) as [number, number];
const ministries = opt('--ministry')?.split(',');
const show = Number(opt('--show') ?? 10);

const projects: ProjectRecord[] = [];
let failed = 0;
const recordsDir = opt('--records');
if (recordsDir) {
  // Published records (…/records/projects/<year>-*.json) or one JSON array of them: no re-parse.
  const { stat } = await import('node:fs/promises');
  const files = (await stat(recordsDir)).isDirectory() ? (await listFiles(recordsDir)).filter((f) => /\/projects\/\d{4}-[^/]*\.json$/.test(f)) : [recordsDir];
  for (const file of files) {
    const data = JSON.parse(await readFile(file, 'utf8')) as ProjectRecord | ProjectRecord[];
    for (const p of Array.isArray(data) ? data : [data]) {
      if (p.reviewYear === null || p.reviewYear < fromYear || p.reviewYear > toYear) continue;
      if (ministries && !ministries.includes(p.ministry)) continue;
      projects.push({ ...p, warnings: [], previousSheet: null });
    }
  }
  projects.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
} else {
  for (const file of await listFiles(root!)) {
    const rel = relative(root!, file);
    const y = yearOfJudgitPath(rel);
    if (y === null || y < fromYear || y > toYear) continue;
    if (ministries && !ministries.some((m) => rel.split('/')[1] === m)) continue;
    const o = parseJudgitFile({ path: rel, bytes: new Uint8Array(await readFile(file)) });
    if (o.project) projects.push(o.project);
    else failed++;
  }
}
console.log(`sheets read: ${projects.length} (${fromYear}–${toYear}${ministries ? `, ${ministries.join('・')}` : ''}); unreadable: ${failed}`);

const index = indexByNumber(projects);
const truth = projects.map((p) => new Set(statedPrevious(p, index)));

/**
 * Statements the sheets' own figures contradict: the stated sheet has another name, the previous
 * year has exactly one sheet of this sheet's name, and this sheet's previous-year 当初予算 and
 * the year before's 執行額 are those of the same-named sheet, not of the stated one. Reported
 * apart (the raw score counts them as truth).
 */
const fingerprint = (p: ProjectRecord, year: number) => {
  const cur = p.budget.find((b) => !b.isRequest && b.fiscalYear === year - 1);
  const past = p.budget.find((b) => !b.isRequest && b.fiscalYear === year - 2);
  return cur?.initial != null && past?.executed != null ? `${cur.initial}|${past.executed}` : null;
};
const byName = new Map<string, number[]>();
projects.forEach((p, i) => byName.set(`${p.reviewYear}|${p.ministry}|${normalizeProjectName(p.name)}`, [...(byName.get(`${p.reviewYear}|${p.ministry}|${normalizeProjectName(p.name)}`) ?? []), i]));
const disputed = new Map<number, number>();
projects.forEach((p, i) => {
  if (truth[i]!.size !== 1 || p.reviewYear === null) return;
  const stated = [...truth[i]!][0]!;
  const key = normalizeProjectName(p.name);
  if (normalizeProjectName(projects[stated]!.name) === key) return;
  const same = byName.get(`${p.reviewYear - 1}|${p.ministry}|${key}`) ?? [];
  if (same.length !== 1) return;
  const f = fingerprint(p, p.reviewYear);
  if (f !== null && f === fingerprint(projects[same[0]!]!, p.reviewYear) && f !== fingerprint(projects[stated]!, p.reviewYear)) disputed.set(i, same[0]!);
});

/**
 * Statements that name another ministry's sheet of another name: 関連する過去のレビューシート lists
 * related sheets, and a joint project (連携事業) lists its partner ministry's sheet there, which is
 * not this project's previous sheet. A project that moved between ministries keeps its name, so a
 * statement naming another ministry's sheet of the same 事業名 stays in the truth. Reported apart,
 * like the contradicted ones (the sheet is left out when every sheet it names is such).
 */
const foreign = new Set<number>();
projects.forEach((p, i) => {
  const t = [...truth[i]!];
  const key = normalizeProjectName(p.name);
  if (t.length > 0 && t.every((x) => projects[x]!.ministry !== p.ministry && normalizeProjectName(projects[x]!.name) !== key)) foreign.add(i);
});
/** Statements of the year just before whose 事業番号 no sheet of that year has (left out of the truth by statedPrevious). */
const judged = (p: ProjectRecord) => p.reviewYear !== null && p.reviewYear >= Math.max(2018, fromYear + 1);
let unresolved = 0;
for (const p of projects) {
  if (!judged(p)) continue;
  const resolved = statedPrevious(p, index).length;
  const named = p.pastNumbers.filter((x) => (x.fiscalYear ?? Number(/^\s*(20\d\d)/.exec(x.number.normalize('NFKC'))?.[1])) === p.reviewYear! - 1).length;
  if (named > 0 && resolved === 0) unresolved++;
}

/** The baseline the issue names: exact 事業名 + ministry, unique on both sides of the year. */
function baseline(): Array<number | null> {
  const key = (p: ProjectRecord) => `${p.reviewYear}|${p.ministry}|${p.name}`;
  const count = new Map<string, number[]>();
  projects.forEach((p, i) => count.set(key(p), [...(count.get(key(p)) ?? []), i]));
  return projects.map((p) => {
    if (p.reviewYear === null) return null;
    const mine = count.get(key(p))!;
    const theirs = count.get(`${p.reviewYear - 1}|${p.ministry}|${p.name}`) ?? [];
    return mine.length === 1 && theirs.length === 1 ? theirs[0]! : null;
  });
}

/** One sheet as the listings show it: id, ministry, 事業番号, 担当課室, 事業名, and its budget fingerprint (previous year's 当初予算 | the year before's 執行額, yen). */
function describe(i: number): string {
  const p = projects[i]!;
  return `${p.id} ${p.ministry} ${p.projectNumber ?? '—'} [${p.division ?? '—'}] 「${p.name}」 予算 ${p.reviewYear === null ? '—' : (fingerprint(p, p.reviewYear) ?? '—')}`;
}

function score(label: string, linkOf: Array<number | null>, evidenceOf?: (i: number) => string, leaveOut: (i: number) => boolean = () => false) {
  let stated = 0;
  let found = 0;
  let linkedJudged = 0;
  let unjudged = 0;
  const byEvidence = new Map<string, { right: number; wrong: number }>();
  const wrong: string[] = [];
  const missed: string[] = [];
  projects.forEach((p, i) => {
    if (p.reviewYear === null || p.reviewYear < Math.max(2018, fromYear + 1)) return;
    if (leaveOut(i)) return;
    const t = truth[i]!;
    const l = linkOf[i];
    if (t.size === 0) {
      if (l !== null && l !== undefined) unjudged++;
      return;
    }
    stated++;
    if (l === null || l === undefined) {
      missed.push(`${describe(i)}\n      stated → ${[...t].map(describe).join('\n             / ')}`);
      return;
    }
    linkedJudged++;
    const ev = evidenceOf?.(i) ?? 'link';
    const e = byEvidence.get(ev) ?? { right: 0, wrong: 0 };
    if (t.has(l)) {
      found++;
      e.right++;
    } else {
      e.wrong++;
      wrong.push(`[${ev}] ${describe(i)}\n      linked → ${describe(l)}\n      stated → ${[...t].map(describe).join('\n             / ')}`);
    }
    byEvidence.set(ev, e);
  });
  const precision = linkedJudged ? found / linkedJudged : 0;
  const recall = stated ? found / stated : 0;
  console.log(`\n${label}: precision ${precision.toFixed(4)} (${found}/${linkedJudged}), recall ${recall.toFixed(4)} (${found}/${stated}); linked sheets that state no predecessor (not judged): ${unjudged}`);
  for (const [ev, e] of [...byEvidence].sort()) console.log(`  ${ev}: ${e.right} right, ${e.wrong} wrong`);
  if (show > 0) {
    for (const w of wrong.slice(0, show)) console.log(`  wrong ${w}`);
    for (const m of missed.slice(0, show)) console.log(`  missed ${m}`);
  }
}

const positions = new Map(projects.map((p, i) => [p.id, i]));
const target = (links: LineageLink[]) => links.map((l) => (l.previous ? positions.get(l.previous.id)! : null));
score('baseline (exact 事業名 + ministry, unique)', baseline());
const withheld = linkLineages(projects, { withholdStated: true });
score('linker, stated links withheld', target(withheld), (i) => withheld[i]!.previous!.evidence);
console.log(`\nstatements contradicted by the sheets' own budget figures (another name stated; the one same-named sheet of the previous year has this sheet's figures): ${disputed.size}`);
const contradicted = (i: number) => disputed.has(i);
score('baseline, contradicted statements left out', baseline(), undefined, contradicted);
score('linker, contradicted statements left out', target(withheld), (i) => withheld[i]!.previous!.evidence, contradicted);
console.log(`\nstatements naming only other ministries' sheets of other names (related joint projects, not predecessors): ${foreign.size} (${[...foreign].filter((i) => disputed.has(i)).length} of them also contradicted); statements of the year before naming a 事業番号 no sheet of that year has (never in the truth): ${unresolved}`);
const principled = (i: number) => disputed.has(i) || foreign.has(i);
score('baseline, contradicted and other-ministry statements left out', baseline(), undefined, principled);
score('linker, contradicted and other-ministry statements left out', target(withheld), (i) => withheld[i]!.previous!.evidence, principled);
// --audit N: N of the linker's links that disagree with a statement, drawn at random (seeded),
// with each sheet's budget rows, to judge by hand which side is right.
const audit = Number(opt('--audit') ?? 0);
if (audit > 0) {
  const linkOf = target(withheld);
  const disagreeing = projects.map((_, i) => i).filter((i) => judged(projects[i]!) && truth[i]!.size > 0 && linkOf[i] != null && !truth[i]!.has(linkOf[i]!));
  let seed = 17;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pool = [...disagreeing];
  const picked: number[] = [];
  while (picked.length < audit && pool.length) picked.push(pool.splice(Math.floor(rnd() * pool.length), 1)[0]!);
  const rows = (i: number) => projects[i]!.budget.filter((b) => !b.isRequest).map((b) => `${b.fiscalYear}:${b.initial ?? '—'}/${b.executed ?? '—'}`).join(' ');
  console.log(`\naudit: ${picked.length} of ${disagreeing.length} links that disagree with the statement (seed 17); budget rows fiscal year:当初予算/執行額`);
  for (const [n, i] of picked.entries()) {
    console.log(`${n + 1}. ${describe(i)}${disputed.has(i) ? ' (statement contradicted by budget figures)' : ''}\n     ${rows(i)}`);
    console.log(`   linked → ${describe(linkOf[i]!)}\n     ${rows(linkOf[i]!)}`);
    for (const t of truth[i]!) console.log(`   stated → ${describe(t)}\n     ${rows(t)}`);
  }
}
const full = linkLineages(projects);
const counts = new Map<string, number>();
for (const l of full) if (l.previous) counts.set(l.previous.evidence, (counts.get(l.previous.evidence) ?? 0) + 1);
console.log(`\nlinker with the statements (as published): ${[...counts].sort().map(([k, v]) => `${k} ${v}`).join(', ')}; a statement set aside for a name match: ${full.filter((l) => l.warnings.some((w) => w.message.includes('記載の事業番号の誤り'))).length}`);
const ambiguous = withheld.filter((l) => l.warnings.length > 0).length;
console.log(`  sheets left unlinked as ambiguous (warning): ${ambiguous}`);
