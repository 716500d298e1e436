/**
 * Render a JUDGIT record into the table layout of seeds 003 (令和3年度 template) and 004 (令和2年度
 * template): the seed's own rows, cell for cell, with the seed's values replaced by the record's,
 * and the rows that repeat per item (outcomes, activities, past numbers, recipients) printed in
 * the seed's pattern for each item. What the exports did to the seeds stays: 003's extra trailing
 * cells and its 計 and 執行額の割合 rows shifted by a column, its texts broken by a space at the
 * PDF's wrap width, its second activity table whose label is split across a blank line, the
 * `--` separator rows of its second recipient block, recipient blocks continued after the
 * 費目・使途 tables (with names broken mid-word); 004's short year headings (`30年度`) that take
 * their era from the heading to their left. Cells the record does not have (政策・施策, 点検,
 * 資金の流れ …) keep the seed's text, as in the text-flow templates.
 *
 * Each seed row used is named by its line and checked against the seed's text, so a template
 * that no longer matches its seed fails loudly. The truth lists exactly the values rendered.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cell, eraYear, longYear, millionToYen, one, printMillion, type JudgitBudget, type JudgitRecord } from './judgit.ts';
import { identityTruth, type Truth } from './truth.ts';

const SEEDS = join(import.meta.dirname, '../../../content/sources');

export interface TableTemplate {
  seed: '003' | '004';
  /** The seed's rows (cells), 1-based by line. */
  row: (line: number, startsWith: string) => string[];
}

function seedRows(seed: string): string[][] {
  const f = readdirSync(SEEDS).find((n) => n.startsWith(`${seed}_`));
  if (!f) throw new Error(`seed ${seed} missing in ${SEEDS}`);
  return readFileSync(join(SEEDS, f), 'utf8').split('\n').map((l) => l.split('\t'));
}

function template(seed: '003' | '004'): TableTemplate {
  const rows = seedRows(seed);
  return {
    seed,
    row: (line, startsWith) => {
      const r = rows[line - 1];
      const joined = r?.join('\t') ?? '';
      if (!joined.startsWith(startsWith)) throw new Error(`template ${seed}: line ${line} is "${joined.slice(0, 60)}", not "${startsWith}…"`);
      return [...r!];
    },
  };
}

export const TABLE_TEMPLATES: TableTemplate[] = [template('003'), template('004')];

/** Set cells of a seed row: `{ 3: '336' }`; a row shorter than an index is padded. */
function put(row: string[], cells: Record<number, string>): string {
  const out = [...row];
  for (const [i, v] of Object.entries(cells)) {
    while (out.length <= Number(i)) out.push('');
    out[Number(i)] = v;
  }
  return out.join('\t');
}

/** A text broken by a space every `width` characters, as 003's PDF-derived cells are (one line: the cell's own breaks become spaces). */
function spaced(text: string | null, width: number): string {
  const t = one(text);
  if (!t) return '';
  const chars = [...t];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += width) parts.push(chars.slice(i, i + width).join(''));
  return parts.join(' ');
}

/** Year headings: full (`令和2年度`) where the era changes or `full` is set, else short (`30年度`) as 004 prints them. */
function yearHeads(years: number[], sheetYear: number, full: boolean): string[] {
  let era: string | null = null;
  return years.map((y) => {
    const e = eraYear(y, sheetYear);
    const head = full || e.era !== era ? `${e.era}${e.n}年度` : `${e.n}年度`;
    era = e.era;
    return head;
  });
}
const halfYear = (y: number, sheetYear: number) => longYear(y, sheetYear).replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/** A number as a cell prints it; only finite numbers count as stated. */
function num(v: unknown, commas: boolean): { text: string; value: number | null } {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?[\d,]+(?:\.\d+)?$/.test(v.trim()) ? Number(v.replace(/,/g, '')) : NaN;
  if (!Number.isFinite(n)) return { text: '-', value: null };
  return { text: commas ? n.toLocaleString('en-US', { maximumFractionDigits: 10 }) : String(n), value: n };
}

interface Values {
  r: JudgitRecord;
  y: number;
  budget: Map<number, JudgitBudget>;
  truth: Truth;
}

const yen = (v: Values, year: number, k: keyof JudgitBudget) => millionToYen(v.budget.get(year)?.[k] as number | null | undefined);

/** 予算額・執行額: four budget years and the request; the truth is every amount printed. */
function budgetRows(t: TableTemplate, v: Values): string[] {
  const { y } = v;
  const years = [y - 3, y - 2, y - 1, y];
  const full = t.seed === '003';
  const heads = yearHeads([...years, y + 1], y, full);
  const out: string[] = [];
  const L = t.seed === '003' ? { head: 15, initial: 16, kinds: 17, total: 21, executed: 22, rate: 23, ratio: 24 } : { head: 13, initial: 14, kinds: 15, total: 19, executed: 20, rate: 21, ratio: 22 };
  out.push(put(t.row(L.head, '予算額・ 執行額'), { 3: heads[0]!, 4: heads[1]!, 5: heads[2]!, 6: heads[3]!, 7: `${heads[4]}要求` }));
  const request = millionToYen(v.budget.get(y + 1)?.要求額);
  const line = (row: string[], k: keyof JudgitBudget, truthKind: string | null, req: number | null) => {
    const cells: Record<number, string> = {};
    years.forEach((yr, i) => {
      const a = yen(v, yr, k);
      cells[3 + i] = printMillion(a);
      if (truthKind && a !== null) v.truth.budget[`${yr}.${truthKind}`] = a;
    });
    cells[7] = printMillion(req);
    return put(row, cells);
  };
  out.push(line(t.row(L.initial, '\t予算 の'), '当初予算', 'initial', request));
  if (request !== null) v.truth.budget[`${y + 1}.request`] = request;
  const kinds: Array<[keyof JudgitBudget, string]> = [['補正予算', '補正予算'], ['前年度から繰越し', '前年度から繰越し'], ['翌年度へ繰越し', '翌年度へ繰越し'], ['予備費等', '予備費等']];
  kinds.forEach(([k, label], i) => out.push(line(t.row(L.kinds + i, `\t\t${label}`), k, null, null)));
  out.push(line(t.row(L.total, t.seed === '003' ? '\t計' : '\t\t計'), '予算計', 'total', request));
  const past = years.slice(0, 3);
  const executed = past.map((yr) => yen(v, yr, '執行額'));
  const rates = past.map((yr, i) => {
    const e = executed[i] ?? null;
    const total = yen(v, yr, '予算計');
    return e !== null && total ? `${Math.round((e / total) * 100)}%` : '-';
  });
  past.forEach((yr, i) => {
    if (executed[i] !== null) v.truth.budget[`${yr}.executed`] = executed[i]!;
  });
  const after = t.seed === '003' ? '-' : '';
  out.push(put(t.row(L.executed, '\t執行額'), { 3: printMillion(executed[0]!), 4: printMillion(executed[1]!), 5: printMillion(executed[2]!), 6: after, 7: after }));
  out.push(put(t.row(L.rate, '\t執行率'), { 3: rates[0]!, 4: rates[1]!, 5: rates[2]!, 6: after, 7: after }));
  // 003 prints the ratio row a column to the left.
  const ratio = t.row(L.ratio, t.seed === '003' ? '当初予算+補正予算に対す' : '\t当初予算+補正予算');
  out.push(t.seed === '003' ? put(ratio, { 2: rates[0]!, 3: rates[1]!, 4: rates[2]! }) : put(ratio, { 3: rates[0]!, 4: rates[1]!, 5: rates[2]! }));
  return out;
}

/** 予算内訳: the year's 当初予算 and the request split over two items, and their 計. */
function breakdownRows(t: TableTemplate, v: Values): string[] {
  const { y } = v;
  const cur = yen(v, y, '当初予算');
  const req = millionToYen(v.budget.get(y + 1)?.要求額);
  const split = (a: number | null): [string, string] => {
    if (a === null) return ['-', '-'];
    const first = Math.floor(a / 1_000_000 / 2) * 1_000_000;
    return [printMillion(first), printMillion(a - first)];
  };
  const [c1, c2] = split(cur);
  const [r1, r2] = split(req);
  const e = eraYear(y, y);
  const next = eraYear(y + 1, y);
  const full = t.seed === '003';
  const L = full ? { head: 25, item: 27, total: 29 } : { head: 23, item: 25, total: 28 };
  return [
    put(t.row(L.head, full ? '令和3・4年度 予算内訳' : '令和2・3年度 予算内訳'), { 0: `${e.era}${e.n}・${next.n}年度 予算内訳 (単位:百万円)`, 2: full ? `${e.era}${e.n}年度当初予算` : `${e.n}年度当初予算`, 3: full ? `${next.era}${next.n}年度要求` : `${next.n}年度要求` }),
    put(t.row(L.item, '\t'), { 1: '委託費', 2: c1, 3: r1 }),
    put(t.row(L.item, '\t'), { 1: '庁費', 2: c2, 3: r2 }),
    put(t.row(L.total, '\t計'), { 2: printMillion(cur), 3: printMillion(req) }),
  ];
}

type Outcome = NonNullable<JudgitRecord['アウトカム']>[number] & { 成果実績?: Array<{ 年度: number; 成果実績?: unknown; 目標値?: unknown }> };

/** 成果目標及び成果実績: one block (heading and three rows) per outcome, as the template repeats it. */
function outcomeRows(t: TableTemplate, v: Values): string[] {
  const { y } = v;
  const years = [y - 3, y - 2, y - 1];
  const full = t.seed === '003';
  const commas = !full;
  const outcomes = (v.r.アウトカム ?? []) as Outcome[];
  const out: string[] = [];
  const L = full ? { head: 30, actual: 31, target: 32, rate: 33 } : { head: 29, actual: 30, target: 31, rate: 32 };
  const list: Array<Outcome | null> = outcomes.length > 0 ? outcomes : [null];
  list.forEach((o, i) => {
    // JUDGIT gives some 令和 target years as 1989-1992 (元年 read as 平成元年): not a year a sheet states.
    const finalYear = o?.目標最終年度 && o.目標最終年度 >= 2000 ? o.目標最終年度 : null;
    const heads = yearHeads(years, y, full);
    const lastEra = eraYear(y - 1, y).era;
    const fe = finalYear ? eraYear(finalYear, y) : null;
    const finalHead = fe ? `目標最終年度 ${fe.era === lastEra && !full ? '' : fe.era}${fe.n}年度` : full ? '目標最終年度 年度' : '目標最終年度 - 年度';
    out.push(put(t.row(L.head, '成果目標及び'), { 5: heads[0]!, 6: heads[1]!, 7: heads[2]!, 9: finalHead }));
    const unit = one(o?.単位) ?? '';
    const target = o ? num(o.目標値, commas) : { text: '-', value: null };
    const byYear = new Map((o?.成果実績 ?? []).map((x) => [x.年度, x]));
    const values = (k: '成果実績' | '目標値') => years.map((yr) => num(byYear.get(yr)?.[k], commas));
    const actual = values('成果実績');
    const targets = values('目標値');
    out.push(put(t.row(L.actual, '\t'), { 1: spaced(o?.成果目標 ?? null, full ? 13 : 1000), 2: spaced(o?.成果指標 ?? null, full ? 13 : 1000), 4: unit, 5: actual[0]!.text, 6: actual[1]!.text, 7: actual[2]!.text, 8: full ? '' : '-', 9: full ? '' : '-' }));
    out.push(put(t.row(L.target, '\t\t\t目標値'), { 4: unit, 5: targets[0]!.text, 6: targets[1]!.text, 7: targets[2]!.text, 8: full ? '' : '-', 9: target.text }));
    out.push(put(t.row(L.rate, '\t\t\t達成度'), { 5: '', 6: '', 7: '' }));
    if (!o) return;
    if (i === 0) v.truth.outcome = { goal: cell(o.成果目標), indicator: cell(o.成果指標), unit: cell(o.単位), finalTarget: target.value, finalYear };
    years.forEach((yr, j) => {
      if (actual[j]!.value !== null) v.truth.outcomeValues!.push(`${i}:${yr}:actual:${actual[j]!.value}`);
      if (targets[j]!.value !== null) v.truth.outcomeValues!.push(`${i}:${yr}:target:${targets[j]!.value}`);
    });
  });
  return out;
}

type Output = NonNullable<JudgitRecord['アウトプット']>[number] & { 活動実績?: Array<{ 年度: number; 活動実績?: unknown; 当初見込み?: unknown }> };

/** 活動指標及び活動実績: 003 prints its second and later activities under a heading of their own whose label is split by a blank line. */
function activityRows(t: TableTemplate, v: Values): string[] {
  const { y } = v;
  const years = [y - 3, y - 2, y - 1];
  const full = t.seed === '003';
  const outputs = (v.r.アウトプット ?? []) as Output[];
  const heads = yearHeads([...years, y, y + 1], y, full);
  // The plan columns are short forms in both seeds (`3年度 活動見込`), full where the era changes.
  const planHeads = yearHeads([y - 1, y, y + 1], y, false).slice(1);
  const head = (row: string[]) => put(row, { 4: heads[0]!, 5: heads[1]!, 6: heads[2]!, 7: `${planHeads[0]} 活動見込`, 8: `${planHeads[1]} 活動見込` });
  const out: string[] = [];
  const list: Array<Output | null> = outputs.length > 0 ? outputs : [null];
  list.forEach((o, i) => {
    const byYear = new Map((o?.活動実績 ?? []).map((x) => [x.年度, x]));
    const actual = years.map((yr) => num(byYear.get(yr)?.活動実績, !full));
    const planned = [...years, y].map((yr) => num(byYear.get(yr)?.当初見込み, !full));
    const unit = one(o?.単位) ?? '';
    const indicator = one(o?.活動指標) ?? '';
    const values = { 3: unit, 4: actual[0]!.text, 5: actual[1]!.text, 6: actual[2]!.text };
    if (full && i > 0) {
      out.push(head(t.row(38, '活動指標及び\t活動指標')), '');
      out.push(put(t.row(40, '活動実績 (アウトプット)'), { 1: indicator, ...values, 7: '-', 8: '-' }));
      out.push(put(t.row(41, '\t\t当初見込み'), { 3: unit, 4: planned[0]!.text, 5: planned[1]!.text, 6: planned[2]!.text, 7: planned[3]!.text, 8: '-' }));
    } else {
      const L = full ? { head: 35, actual: 36, plan: 37 } : { head: 34, actual: 35, plan: 36 };
      if (i === 0) out.push(head(t.row(L.head, '活動指標及び 活動実績')));
      out.push(put(t.row(L.actual, '\t'), { 1: indicator, ...values, 7: full ? '-' : '', 8: '-' }));
      out.push(put(t.row(L.plan, '\t\t当初見込み'), { 3: unit, 4: planned[0]!.text, 5: planned[1]!.text, 6: planned[2]!.text, 7: planned[3]!.text, 8: '-' }));
    }
    if (!o) return;
    v.truth.activities!.push({ indicator: cell(o.活動指標), unit: /^[-－‐―−]$/.test(cell(o.単位) ?? '') ? null : cell(o.単位) });
    years.forEach((yr, j) => {
      if (actual[j]!.value !== null) v.truth.activityValues!.push(`${i}:${yr}:actual:${actual[j]!.value}`);
    });
    [...years, y].forEach((yr, j) => {
      if (planned[j]!.value !== null) v.truth.activityValues!.push(`${i}:${yr}:planned:${planned[j]!.value}`);
    });
  });
  return out;
}

/** 関連する過去のレビューシートの事業番号: 004 pairs four years a row up to 平成29, then a row a year; 003 a row a year. */
function pastRows(t: TableTemplate, v: Values): string[] {
  const { y, r } = v;
  const byYear = new Map<number, string[]>();
  for (const p of r.関連する過去のレビューシート ?? []) {
    const parts = [p.事業番号1, p.事業番号2, p.事業番号3].filter((x): x is string => !!x);
    if (parts.length === 0 || byYear.has(p.年度) || p.年度 >= y || p.年度 < 2010) continue;
    byYear.set(p.年度, parts);
    v.truth.pastNumbers.push({ fiscalYear: p.年度, number: parts.join('-') });
  }
  const out: string[] = [];
  if (t.seed === '003') {
    for (let yr = 2010; yr < y; yr++) {
      const parts = byYear.get(yr);
      out.push(put(t.row(121, '平成22年度'), { 0: halfYear(yr, y), 1: parts ? `${r.府省庁} - ${parts.join(' - ')}` : '' }));
    }
    return out;
  }
  const plain = (yr: number) => byYear.get(yr)?.join('-') ?? '-';
  for (const [line, from] of [[115, 2010], [116, 2014]] as const) {
    out.push(put(t.row(line, `平成${from - 1988}年度`), Object.fromEntries([0, 1, 2, 3].flatMap((k) => [[2 * k, halfYear(from + k, y)], [2 * k + 1, from + k < y ? plain(from + k) : '-']]))));
  }
  for (let yr = 2018; yr < y; yr++) {
    const last = yr === y - 1;
    const parts = byYear.get(yr);
    out.push(put(t.row(last ? 118 : 117, last ? '平成31年度' : '平成30年度'), { 0: halfYear(yr, y), 1: parts ? (last ? `${r.府省庁} (${parts.join('-')})` : parts.join('-')) : '-' }));
  }
  return out;
}

/**
 * 支出先上位10者リスト (003 only: 004's text ends at 資金の流れ): a block per JUDGIT group in the
 * seed's three header forms, the first eight before the list's footnote and the 費目・使途 tables,
 * the rest after them with the later blocks' wrapped header and names broken mid-word.
 */
function recipientRows(t: TableTemplate, v: Values): { before: string[]; after: string[] } {
  const groups = new Map<string, NonNullable<JudgitRecord['支出先']>>();
  for (const s of v.r.支出先 ?? []) {
    if (!cell(s.支出先名)) continue;
    const list = groups.get(s.グループ) ?? [];
    groups.set(s.グループ, [...list, s]);
  }
  const before: string[] = [];
  const after: string[] = [];
  [...groups.values()].forEach((rows, g) => {
    const late = g >= 8;
    const out = late ? after : before;
    const letter = rows[0]!.グループ;
    if (late) out.push(letter, '', t.row(228, '\t支出先').join('\t'));
    else if (g === 0) out.push(`${letter}.`, '', t.row(169, '\t支出先').join('\t'));
    else if (g === 1) out.push(letter, '', t.row(174, '\t支出先').join('\t'), t.row(175, '--').join('\t'), '');
    else out.push(letter, '', t.row(182, '\t支出先').join('\t'));
    for (const s of rows) {
      const amount = millionToYen(s.支出額);
      const name = one(s.支出先名)!;
      out.push(put(t.row(late ? 229 : 183, '1\t'), { 0: String(s.番号), 1: late ? spaced(name, 10) : name, 2: s.法人番号 ?? '', 3: spaced(s.業務概要, late ? 12 : 1000), 4: printMillion(amount), 5: '-', 6: '-', 7: '-', 8: '' }));
      v.truth.recipients!.push({ name, corporateNumber: s.法人番号 ?? null, amount });
    }
    if (g === 1) out.push(t.row(178, '---').join('\t'));
    out.push('');
  });
  if (groups.size === 0) before.push('A.', '', t.row(169, '\t支出先').join('\t'), '');
  return { before, after };
}

/** The values of `r` a table sheet prints, and the truth of what this template renders. */
export function renderTable(t: TableTemplate, r: JudgitRecord): { text: string; truth: Truth } {
  const y = r.公開年度;
  const v: Values = {
    r,
    y,
    budget: new Map((r.予算 ?? []).map((b) => [b.年度, b])),
    truth: {
      ...identityTruth(r),
      projectNumber: t.seed === '003' ? r.事業番号 : null,
      budget: {},
      scoreExecuted: true,
      outcome: null,
      outcomeValues: [],
      activities: [],
      activityValues: [],
      pastNumbers: [],
      ...(t.seed === '003' ? { recipients: [] } : {}),
    },
  };
  const e = eraYear(y, y);
  const title = `${e.era}${e.n}年度行政事業レビューシート (${r.府省庁})`;
  const list = (xs: string[] | null) => (xs && xs.length > 0 ? xs.join('、') : '-');
  const start = r.開始年度 ? halfYear(r.開始年度, y) : '-';
  const end = r.終了年度 ? halfYear(r.終了年度, y) : '終了予定なし';
  const full = t.seed === '003';
  const head = (L: { name: number; years: number; account: number; policy: number; purpose: number; summary: number; impl: number }) => [
    put(t.row(L.name, '事業名'), { 1: one(r.事業名) ?? '', 5: one(r.担当部局庁) ?? '' }),
    put(t.row(L.years, '事業開始年度'), { 1: start, 3: end, 5: one(r.担当課室) ?? '', 7: one(r.作成責任者) ?? '' }),
    put(t.row(L.account, '会計区分'), { 1: list(r.会計区分) }),
    put(t.row(L.policy, '主要政策・施策'), { 1: list(r.主要施策) }),
    put(t.row(L.purpose, '事業の目的'), { 1: full ? spaced(r.事業目的, 62) : (one(r.事業目的) ?? '-') }),
    put(t.row(L.summary, '事業概要'), { 1: full ? spaced(r.事業概要, 73) : (one(r.事業概要) ?? '-') }),
    put(t.row(L.impl, '実施方法'), { 1: list(r.実施方法) }),
  ];
  const seed = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => t.row(from + i, '').join('\t'));
  let lines: string[];
  if (full) {
    const number = (r.事業番号 ?? '').replace(/-/g, ' - ');
    const rec = recipientRows(t, v);
    const [name, years, account, , policy, purpose, summary, impl] = [7, 8, 9, 10, 11, 12, 13, 14];
    const h = head({ name: name!, years: years!, account: account!, policy: policy!, purpose: purpose!, summary: summary!, impl: impl! });
    lines = [
      ...seed(1, 2), `事業番号 ${number}`, '', title, '',
      ...h.slice(0, 3), ...seed(10, 10), ...h.slice(3),
      ...budgetRows(t, v), ...breakdownRows(t, v), ...outcomeRows(t, v), ...seed(34, 34), ...activityRows(t, v),
      ...seed(42, 118), t.row(119, '関連する過去のレビューシートの事業番号').join('\t'), '', ...pastRows(t, v), ...seed(132, 166),
      ...rec.before, ...seed(209, 225), ...rec.after,
    ];
  } else {
    const h = head({ name: 5, years: 6, account: 7, policy: 9, purpose: 10, summary: 11, impl: 12 });
    lines = [
      ...seed(1, 2), title, '',
      ...h.slice(0, 3), ...seed(8, 8), ...h.slice(3),
      ...budgetRows(t, v), ...breakdownRows(t, v), ...outcomeRows(t, v), ...seed(33, 33), ...activityRows(t, v),
      ...seed(37, 114), ...pastRows(t, v), ...seed(119, 127),
    ];
  }
  return { text: lines.join('\n'), truth: v.truth };
}
