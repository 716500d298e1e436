/**
 * 政策評価書 (e.g. 主要な政策に係る評価書), as extracted from PDF ("text-flow") or as a
 * table. The header rows and the budget table survive extraction as whole lines
 * (`当初予算（a） 6,208 4,971 6,167 5,490`); the 測定指標 table does not: its cells come
 * out one narrow run at a time. So an indicator's number and name are kept only when the
 * number stands directly before a name that ends in its `＜…指標＞` marker (or the 評価結果
 * names it), its kind is that marker's, and its 基準/目標/達成 are tied only by wording, by
 * the order of one page's runs checked against the 目標年度 and the 評価結果, or by a page's
 * count of marks (see placeIndicatorCells); the yearly values are left null with a warning.
 * The budget columns are aligned only when 当初＋補正＋繰越し＝合計 holds.
 */
import type { EvaluationRecord, Warning } from '../../../../schemas/index.ts';
import { canonicalMinistryName } from '../../../ministries.ts';
import { parseAmountYen } from '../../../normalize/amount.ts';
import { cleanLine, cleanText } from '../../../normalize/text.ts';
import { eraOfYear, parseFiscalYear, type Era } from '../../../normalize/wareki.ts';
import { evaluationId } from '../../ids.ts';
import type { LegacyInput } from '../../types.ts';
import { blockIndexOfLine, displayWidth, findLines, fold, isProse, joinNarrow, joinWrapped, numericCells, squash, toBlocks, unitInYen, untrustedTail, type Block } from '../blocks.ts';
import type { ParsedDocument } from '../../types.ts';

type Span = [number, number];
type BudgetYear = EvaluationRecord['budget'][number];
type Indicator = EvaluationRecord['indicators'][number];
type Mark = NonNullable<Indicator['achievement']>;
/** An indicator name as found: `span` from its number (when in the same place) to its marker; `nameStart` its first name line. */
interface Found {
  number: string | null;
  name: string;
  span: Span;
  nameStart: number;
  raw?: string[];
  byMention?: boolean;
}

const ASSESSMENTS = ['目標超過達成', '目標達成', '相当程度進展あり', '進展が大きくない', '目標に向かっていない'];
/** `＜アウトカム指標＞`, `＜アウトプット指標＞`, `＜アウトカム目標＞` (and misspellings of the kind) closing an indicator's name. */
const INDICATOR_MARKER = /[＜<]\s*[^＜＞<>]{2,12}(?:指標|目標)\s*[＞>]$/;
const ENUM_START = /^[\s\u3000]*(?:[（(][0-9０-９]+[）)]|・)/;
const FOOTNOTE = /^[\s\u3000]*(?:[（(]?※|↑)/;

class Collector {
  readonly warnings: Warning[] = [];
  readonly provenance: Record<string, Span> = {};
  readonly found: string[] = [];
  readonly missing: string[] = [];
  warn(field: string, message: string, line: number | null = null): void {
    this.warnings.push({ field, message, line });
  }
  have(field: string, span: Span): void {
    this.provenance[field] = span;
    const top = field.split('.')[0]!;
    if (!this.found.includes(top)) this.found.push(top);
  }
  lack(field: string, message: string, line: number | null = null): void {
    if (!this.missing.includes(field)) this.missing.push(field);
    this.warn(field, message, line);
  }
}

interface Ctx {
  fiscalYear?: number | null;
  lines: string[];
  blocks: Block[];
  evidence: string;
  era: Era | null;
  c: Collector;
}

/** `主要な政策に係る評価書（平成30年度実施政策）` and `（総務省31－⑩）` below it. */
function readTitle(ctx: Ctx): { fiscalYear: number | null; documentNumber: string | null; ministry: string | null } {
  const out = { fiscalYear: null as number | null, documentNumber: null as string | null, ministry: null as string | null };
  const titles = findLines(ctx.lines, /評価書\s*\(\s*((?:平成|令和)\s*(?:元|\d{1,2})\s*年度)\s*(?:実施)?(?:政策|施策)?\s*\)$/);
  if (titles.length >= 1 && new Set(titles.map((t) => t.m[1])).size === 1) {
    const t = titles[0]!;
    out.fiscalYear = parseFiscalYear(t.m[1]!);
    ctx.era = eraOfYear(t.m[1]!)?.era ?? null;
    ctx.c.have('fiscalYear', [t.line, t.line]);
  } else ctx.c.lack('fiscalYear', '表題に評価対象年度（○年度実施政策）がありません');
  const numbers: Array<{ line: number; raw: string; ministry: string }> = [];
  ctx.lines.forEach((raw, i) => {
    const m = /^[（(]\s*(([^\s（）()0-9０-９]{1,12}?(?:省|庁|府|委員会|院|官房))\s*[0-9０-９]{1,2}\s*[－\-‐―]\s*[^\s（）()]{1,6})\s*[）)]$/.exec(raw.trim());
    if (m) numbers.push({ line: i + 1, raw: m[1]!, ministry: m[2]! });
  });
  if (numbers.length === 1) {
    out.documentNumber = numbers[0]!.raw;
    out.ministry = canonicalMinistryName(numbers[0]!.ministry);
    ctx.c.have('documentNumber', [numbers[0]!.line, numbers[0]!.line]);
    ctx.c.have('ministry', [numbers[0]!.line, numbers[0]!.line]);
  } else {
    ctx.c.lack('documentNumber', numbers.length > 1 ? '評価書番号の候補が複数あります' : '評価書番号（例: 総務省31－⑩）が見つかりません', numbers[0]?.line ?? null);
    ctx.c.lack('ministry', '府省名を確定できません');
  }
  return out;
}

/** `名 政策10：情報通信技術高度利活用の推進 分野 情報通信（ICT政策）` (the label 政策名 split by its note). */
function readPolicyLine(ctx: Ctx): { policyNumber: string | null; policyName: string | null; field: string | null } {
  const out = { policyNumber: null as string | null, policyName: null as string | null, field: null as string | null };
  const hits: Array<{ line: number; m: RegExpExecArray }> = [];
  ctx.lines.forEach((raw, i) => {
    const m = /^(?:(?:政策|施策)?\s*名\s+)?(政策|施策)\s*([0-9０-９]{1,3}(?:\s*[-－‐]\s*[0-9０-９]{1,3})?)\s*[：:]\s*(.+?)(?:\s+分野\s+(.+))?$/.exec(raw.trim());
    if (m && !/[。]$/.test(m[3]!)) hits.push({ line: i + 1, m });
  });
  if (hits.length !== 1) {
    ctx.c.lack('policyName', hits.length > 1 ? '政策名の行が複数あります' : '政策名（政策N：…）の行が見つかりません', hits[0]?.line ?? null);
    return out;
  }
  const { line, m } = hits[0]!;
  const bi = blockIndexOfLine(ctx.blocks, line);
  const wrapped = !m[4] && ctx.blocks[bi]!.end > line;
  out.policyNumber = `${m[1]}${m[2]!.normalize('NFKC').replace(/\s+/g, '').replace(/[－‐]/g, '-')}`;
  ctx.c.have('policyNumber', [line, line]);
  if (wrapped) ctx.c.lack('policyName', '政策名が次の行へ折り返している可能性があり確定できません', line);
  else {
    out.policyName = cleanLine(m[3]);
    ctx.c.have('policyName', [line, line]);
  }
  if (m[4]) {
    out.field = cleanLine(m[4]);
    ctx.c.have('field', [line, line]);
  } else {
    const f = findLines(ctx.lines, /^分野\s+(.+)$/);
    if (f.length === 1) {
      out.field = cleanLine(f[0]!.m[1]);
      ctx.c.have('field', [f[0]!.line, f[0]!.line]);
    } else ctx.c.lack('field', '分野を配置できません');
  }
  return out;
}

/** Text that follows its label: the rest of the label's run, or the next run (after a `【…】` sub-label). */
function readAfterLabel(ctx: Ctx, field: string, labelRe: RegExp, jp: string): string | null {
  const hits = findLines(ctx.lines, labelRe);
  if (hits.length !== 1) {
    ctx.c.lack(field, hits.length > 1 ? `「${jp}」の見出しが複数あります` : `「${jp}」の見出しが見つかりません`, hits[0]?.line ?? null);
    return null;
  }
  const line = hits[0]!.line;
  const bi = blockIndexOfLine(ctx.blocks, line);
  const b = ctx.blocks[bi]!;
  let rest = b.lines.slice(line - b.start + 1);
  let start = line + 1;
  while (rest.length > 0 && /^[【［\[].{1,20}[】］\]]$/.test(rest[0]!.trim())) {
    rest = rest.slice(1);
    start++;
  }
  let body: { lines: string[]; start: number; end: number } | null = rest.length > 0 ? { lines: rest, start, end: b.end } : null;
  if (!body) {
    const next = ctx.blocks[bi + 1];
    if (next && isProse(next.lines.join(''))) body = { lines: next.lines, start: next.start, end: next.end };
  }
  if (!body || !isProse(body.lines.join(''))) {
    ctx.c.lack(field, `${jp}の本文を配置できません`, line);
    return null;
  }
  ctx.c.have(field, [body.start, body.end]);
  return cleanText(joinWrapped(body.lines, ctx.evidence));
}

/** Column years such as `28年度 29年度 30年度 31年度` or `30年度 元年度 2年度`: resolve each so that they run consecutively. */
function resolveYears(tokens: string[], era: Era | null): number[] | null {
  const nums = tokens.map((t) => {
    const m = /^(?:(平成|令和))?(元|\d{1,2})年度(要求)?$/.exec(t.normalize('NFKC'));
    if (!m) return null;
    const n = m[2] === '元' ? 1 : Number(m[2]);
    if (m[1]) return [m[1] === '平成' ? 1988 + n : 2018 + n];
    const options: number[] = [];
    if (era !== 'reiwa' || n >= 20) options.push(1988 + n);
    options.push(2018 + n);
    return options;
  });
  if (nums.some((n) => n === null)) return null;
  const out: number[] = [];
  for (let i = 0; i < nums.length; i++) {
    const opts = nums[i]!;
    const pick = i === 0 ? (era === 'reiwa' && opts.length > 1 && opts[0]! < 2019 && nums.length > 1 ? opts.find((y) => (nums[1]!.includes(y + 1))) ?? opts[0]! : opts.find((y) => nums[1] === undefined || nums[1]!.includes(y + 1)) ?? opts[0]!) : opts.find((y) => y === out[i - 1]! + 1);
    if (pick === undefined) return null;
    out.push(pick);
  }
  return out;
}

/**
 * 政策の予算額・執行額等. Rows are whole lines; a row with fewer cells than columns lost
 * its blank cells, so it is aligned left only when each year's 当初＋補正＋繰越し equals
 * its 合計 (to the rounding the note admits).
 */
function readBudget(ctx: Ctx): BudgetYear[] {
  const c = ctx.c;
  const header = findLines(ctx.lines, /^区\s*分\s+((?:(?:平成|令和)?(?:元|\d{1,2})年度(?:要求)?\s*){2,})$/);
  if (header.length !== 1) {
    c.lack('budget', header.length > 1 ? '予算表の見出し行が複数あります' : '予算表（区分 … 年度）が見つかりません', header[0]?.line ?? null);
    return [];
  }
  const h = header[0]!;
  const tokens = h.m[1]!.trim().split(/\s+/);
  const years = resolveYears(tokens, ctx.era);
  if (!years) {
    c.lack('budget', `予算表の年度を読めません: ${h.text}`, h.line);
    return [];
  }
  const requestCols = tokens.map((t) => /要求/.test(t));
  // The unit is stated in the table's label (`政策の予算額・執行額等（百万円）`), a few lines above.
  let unit: number | null = null;
  for (let l = h.line - 1; l >= Math.max(1, h.line - 8); l--) {
    const u = /[（(](?:単位\s*[:：]\s*)?(百万円|千円|億円|円)[）)]/.exec(fold(ctx.lines[l - 1]!));
    if (u) {
      unit = unitInYen(`(${u[1]})`);
      break;
    }
  }
  if (unit === null) {
    c.lack('budget', '予算表の単位（百万円等）が見つかりません', h.line);
    return [];
  }
  const row = (label: RegExp): { cells: string[]; line: number } | null => {
    for (let l = h.line + 1; l <= Math.min(ctx.lines.length, h.line + 20); l++) {
      const f = fold(ctx.lines[l - 1]!);
      const m = label.exec(f);
      if (m) {
        const rest = f.slice(m[0].length).trim();
        const cells = rest === '' ? [] : numericCells(rest);
        return cells ? { cells, line: l } : null;
      }
    }
    return null;
  };
  const a = row(/^当初予算\s*\(a\)/);
  const b = row(/^補正予算\s*\(b\)/);
  const cc = row(/^繰越し等\s*\(c\)/);
  const t = row(/^合計\s*\(a\s*\+\s*b\s*\+\s*c\)/);
  const e = row(/^執行額/);
  const n = years.length;
  const amt = (cell: string | undefined): number | null | undefined => {
    if (cell === undefined) return null;
    const r = parseAmountYen(cell, unit!);
    return r.ok ? r.value : undefined;
  };
  if (!a || a.cells.length !== n) {
    c.lack('budget', '当初予算（a）の行の値の数が年度の数と一致しないため予算表を取り込みません', a?.line ?? h.line);
    return [];
  }
  const out: BudgetYear[] = years.map((fy, i) => ({ fiscalYear: fy, initial: null, supplementary: null, carryover: null, total: null, executed: null, isRequest: requestCols[i]! }));
  const initial = a.cells.map((x) => amt(x));
  if (initial.some((v) => v === undefined)) {
    c.lack('budget', '当初予算（a）の値を読めません', a.line);
    return [];
  }
  initial.forEach((v, i) => {
    out[i]!.initial = v as number | null;
    c.have(`budget.${i}.initial`, [a.line, a.line]);
  });
  // 補正・繰越し・合計 (and 執行額) fill the first k columns; the rest are not yet executed.
  const k = t ? t.cells.length : 0;
  const aligned =
    !!t && !!b && !!cc && k > 0 && k <= n && b.cells.length === k && cc.cells.length === k &&
    Array.from({ length: k }, (_, i) => {
      const [av, bv, cv, tv] = [initial[i], amt(b.cells[i]), amt(cc.cells[i]), amt(t.cells[i])];
      if (av === undefined || bv === undefined || cv === undefined || tv === undefined || tv === null) return false;
      // 計数は四捨五入: allow the rounding of three addends (±2 units).
      return Math.abs((av ?? 0) + (bv ?? 0) + (cv ?? 0) - tv) <= 2 * unit!;
    }).every(Boolean);
  if (!aligned) {
    c.lack('budget.total', '補正予算・繰越し等・合計の列を年度に対応付けられない（当初＋補正＋繰越し≠合計）ため取り込みません', t?.line ?? h.line);
    return out;
  }
  for (let i = 0; i < k; i++) {
    out[i]!.supplementary = amt(b!.cells[i]) as number | null;
    out[i]!.carryover = amt(cc!.cells[i]) as number | null;
    out[i]!.total = amt(t!.cells[i]) as number | null;
    c.have(`budget.${i}.supplementary`, [b!.line, b!.line]);
    c.have(`budget.${i}.carryover`, [cc!.line, cc!.line]);
    c.have(`budget.${i}.total`, [t!.line, t!.line]);
  }
  if (e && e.cells.length === k && e.cells.every((x) => amt(x) !== undefined)) {
    for (let i = 0; i < k; i++) {
      out[i]!.executed = amt(e.cells[i]) as number | null;
      c.have(`budget.${i}.executed`, [e.line, e.line]);
    }
  } else c.lack('budget.executed', '執行額の列を年度に対応付けられないため取り込みません', e?.line ?? h.line);
  for (let i = k; i < n; i++) out[i]!.unexecuted = true;
  return out;
}

/**
 * 施策目標: the goal headings of the analysis (`＜施策目標＞…`, `＜…＞`), kept when the
 * heading says 施策目標 or the same words stand as a cell of the indicator table.
 */
function readGoals(ctx: Ctx): string[] {
  const cells = new Map<string, string>();
  for (const b of ctx.blocks) {
    if (b.lines.length < 2) continue;
    const joined = joinNarrow(b.lines, ctx.evidence);
    if (joined.length <= 60 && Math.max(...b.lines.map(displayWidth)) <= 24) cells.set(squash(joined), joined);
  }
  const goals: string[] = [];
  const seen = new Set<string>();
  ctx.lines.forEach((raw, i) => {
    const f = raw.trim();
    const labelled = /^[＜<]施策目標[＞>]\s*(.{4,80})$/.exec(f);
    const bare = /^[＜<]([^＜＞<>]{4,80})[＞>]$/.exec(f);
    const text = labelled?.[1] ?? bare?.[1];
    if (!text || /指標|目標[＞>]?$/.test(text) && !labelled) return;
    const key = squash(text);
    if (!labelled && !cells.has(key)) return;
    if (seen.has(key)) return;
    seen.add(key);
    goals.push(cells.get(key) ?? cleanLine(text)!);
    ctx.c.have(`goals.${goals.length - 1}`, [i + 1, i + 1]);
  });
  if (goals.length === 0) ctx.c.lack('goals', '施策目標を配置できません');
  return goals;
}

function endsWithMarker(lines: string[]): boolean {
  return INDICATOR_MARKER.test(lines[lines.length - 1]!.trim());
}

function indicatorName(lines: string[], evidence: string): string {
  const body = lines.map((l) => l.trim()).filter((l) => !INDICATOR_MARKER.test(l) || l.replace(INDICATOR_MARKER, '').trim() !== '');
  const stripped = body.map((l) => l.replace(INDICATOR_MARKER, '').trim());
  // Parts of a compound name start with (1), ・ …: keep them on their own lines.
  const parts: string[][] = [];
  for (const l of stripped) {
    if (parts.length === 0 || ENUM_START.test(l)) parts.push([l]);
    else parts[parts.length - 1]!.push(l);
  }
  return parts.map((p) => joinNarrow(p, evidence)).join('\n');
}

/** Evidence a mention must give (sum of 1/document-frequency of shared 4-grams), and its lead over any other. */
const MENTION_MIN = 1.0;
const MENTION_MARGIN = 1.5;

function grams(s: string): Set<string> {
  const t = squash(s).replace(new RegExp(INDICATOR_MARKER.source.replace('$', ''), 'g'), '');
  const out = new Set<string>();
  for (let i = 0; i + 4 <= t.length; i++) out.add(t.slice(i, i + 4));
  return out;
}

/**
 * What the 評価結果 says about each single indicator (`・測定指標10について、…`). A number and
 * a name taken from neighbouring runs are confirmed when that text shares at least three
 * 4-character sequences with the name, and shares more with it than any other indicator's text.
 */
type Mentions = { confirms(number: string, name: string): boolean; best(name: string, min?: number): string | null; score(number: string, name: string): number; text(number: string): string | undefined };

function indicatorMentions(ctx: Ctx): Mentions {
  const texts = new Map<string, string>();
  for (const b of ctx.blocks) {
    const joined = joinWrapped(b.lines, ctx.evidence).normalize('NFKC');
    for (const piece of joined.split(/(?=・?測定指標)/)) {
      // Only text about one indicator (`測定指標10について`), not `測定指標２、３については`.
      const m = /^・?測定指標\s*(\d+)\s*(?:について|は)(?:は)?[、,]?([^]*)$/.exec(piece);
      if (m) texts.set(m[1]!, (texts.get(m[1]!) ?? '') + m[2]!);
    }
  }
  // Sequences found in many runs (`におけるICTを`) say little; rare ones weigh more.
  const df = new Map<string, number>();
  for (const b of ctx.blocks) for (const g of grams(b.lines.join(''))) df.set(g, (df.get(g) ?? 0) + 1);
  const gramsOf = new Map([...texts].map(([n, t]) => [n, grams(t)]));
  const weigh = (g: Set<string>, name: Set<string>): number => {
    let k = 0;
    for (const x of name) if (g.has(x)) k += 1 / Math.max(1, df.get(x) ?? 1);
    return k;
  };
  const score = (number: string, name: string): number => {
    const own = gramsOf.get(number);
    return own ? weigh(own, grams(name)) : 0;
  };
  return {
    score,
    text: (number: string) => texts.get(number),
    /** The indicator whose text this name matches clearly, or null. */
    best(name: string, min = MENTION_MIN): string | null {
      const ng = grams(name);
      const ranked = [...gramsOf].map(([n, g]) => [n, weigh(g, ng)] as const).sort((a, b) => b[1] - a[1]);
      const [first, second] = ranked;
      if (!first || first[1] < min || (second && second[1] * MENTION_MARGIN >= first[1])) return null;
      return first[0];
    },
    confirms(number: string, name: string): boolean {
      const s = score(number, name);
      if (s < MENTION_MIN) return false;
      const ng = grams(name);
      for (const [n, g] of gramsOf) if (n !== number && weigh(g, ng) * MENTION_MARGIN >= s) return false;
      return true;
    },
  };
}

/** `＜アウトカム指標＞`: the kind word of every marker in a line. */
const KIND_MARKER = /[＜<]\s*([^＜＞<>]{2,12}?)\s*(?:指標|目標)\s*[＞>]/g;
const KINDS: Record<string, string> = { アウトカム: 'アウトカム', アウトプット: 'アウトプット' };

/** kind: the word in the `＜…指標＞` marker(s) that close the name; a misspelt or mixed kind is not published. */
function readKinds(ctx: Ctx, found: Found[], out: Indicator[]): void {
  found.forEach((x, k) => {
    const words: Array<{ word: string; line: number }> = [];
    for (let l = x.nameStart; l <= x.span[1]; l++) for (const m of fold(ctx.lines[l - 1]!).matchAll(KIND_MARKER)) words.push({ word: squash(m[1]!), line: l });
    const field = `indicators.${k}.kind`;
    const line = words[0]?.line ?? x.nameStart;
    const unknown = words.find((w) => !KINDS[w.word]);
    const kinds = new Set(words.map((w) => KINDS[w.word]));
    if (words.length === 0) ctx.c.warn(field, '指標名に種類の表示（＜アウトカム指標＞等）がないため種類を付けません', line);
    else if (unknown) ctx.c.warn(field, `種類の表示「＜${unknown.word}＞」はアウトカム・アウトプットのどちらとも読めないため種類を付けません`, unknown.line);
    else if (kinds.size > 1) ctx.c.warn(field, `指標の部分ごとに種類が異なる（${[...kinds].join('・')}）ため一つの種類を付けません`, line);
    else {
      out[k]!.kind = [...kinds][0]!;
      ctx.c.have(field, [words[0]!.line, words[words.length - 1]!.line]);
    }
  });
}

const YEAR_TAG = /^【\s*((?:平成|令和)?\s*(?:元|\d{1,2})\s*年度)\s*】$/;
const MARK_WORD = /^(?:[イロハ]|[－\-―‐−])$/;
/** Two cells on one extracted line: a sentence ends and, after a gap, another begins. */
const CELL_JOIN = /[。．][ \t\u3000]+\S/;
/** Wording a value cell must share with one name only (4-grams no other name on the page has), and its lead over any other. */
const CELL_MIN = 5;
const CELL_MARGIN = 3;

/** A narrow cell's text: wrapped every few characters, with real breaks only before `・`, `（1）` and the like. */
function cellText(lines: string[], evidence: string): string {
  const parts: string[][] = [];
  for (const raw of lines) {
    const l = raw.trim();
    if (l === '') continue;
    if (parts.length === 0 || /^(?:[・●○※]|[（(][0-9０-９]+[）)])/.test(l)) parts.push([l]);
    else parts[parts.length - 1]!.push(l);
  }
  return cleanText(parts.map((p) => joinNarrow(p, evidence)).join('\n')) ?? '';
}

/** Two first lines alike but for their numbers (the same cell for other years). */
function parallel(a: string, b: string): boolean {
  const shape = (s: string): string => fold(s).replace(/\d+(?:[.,]\d+)*/g, '#');
  return shape(a) === shape(b);
}

const BY_WORDING = '同じセルの文が指標名と同じ語を含む';
const BY_POSITION = '目標（値）のセルの直後にある';

function markOf(s: string): Mark {
  return /^[イロハ]$/.test(s) ? (s as Mark) : '－';
}

/**
 * 基準（値）【年度】, 目標（値）【年度】 and 達成 (イ/ロ/ハ/－) of each indicator. The table's cells
 * come out as separate runs, so a value is tied to an indicator only by evidence:
 * - a run ending in a 【年度】 tag whose wording only that indicator's name shares is one of its
 *   基準/目標 cells; of two such runs with different years, the earlier is the 基準 and the later the
 *   目標; a single one dated after the evaluated year can only be the 目標. Its text is published
 *   only when the run is one whole cell: not two cells on a line, not the end of a line begun in
 *   the run before, not a run whose previous run (within the page) speaks of the same indicator
 *   in other words (the cell may have been split);
 * - a mark printed in the same run as text only that indicator's name shares is its mark;
 * - within one page of the extraction (pages are separated by two or more blank lines), a mark in
 *   the run right after the indicator's 目標 cell (the column before 達成) is its mark;
 * - within one page, when the page holds as many marks as names, the marks left over after the
 *   ties above go to the names left over if they are all the same mark.
 * Each tie is checked: `－` (目標期間が終了していない) only for a 目標年度 after the evaluated year, and
 * イ/ロ/ハ only up to it; イ not when the 評価結果 about that number says the goal was missed, ロ/ハ
 * not when it says the goal was reached. A failed check, or two marks for one name, leaves the
 * mark null and drops the page's count rule.
 */
function placeIndicatorCells(ctx: Ctx, found: Found[], out: Indicator[], mentions: Mentions): void {
  const { blocks, c } = ctx;
  const fy = ctx.fiscalYear ?? null;
  // Pages: two or more blank lines between runs.
  const pageOf: number[] = [];
  let page = 0;
  blocks.forEach((b, i) => {
    if (i > 0 && b.start - blocks[i - 1]!.end > 2) page++;
    pageOf.push(page);
  });
  const paged = page > 0;
  const nameBlock = found.map((x) => blockIndexOfLine(blocks, x.nameStart));
  const pageOfInd = nameBlock.map((bi) => (paged ? pageOf[bi]! : 0));
  const pageOfBlock = (bi: number): number => (paged ? pageOf[bi]! : 0);
  const indPages = new Set(pageOfInd);
  const hasLabels = ctx.lines.some((l) => /^基準\s*[(（]値[)）]/.test(fold(l))) && ctx.lines.some((l) => /^目標\s*[(（]値[)）]/.test(fold(l)));

  const nameGrams = found.map((x) => grams(x.name));
  const nameBlocks = new Set(nameBlock);
  // A name glued to the end of another cell's run leaves the run's head to that cell.
  const headOf = new Map(nameBlock.map((bi, k) => [bi, found[k]!.nameStart - blocks[bi]!.start] as const));
  /** The one indicator on page `p` whose name alone shares this text's wording, or null. */
  const matchName = (text: string, p: number): number | null => {
    const tg = grams(text);
    const cands = found.map((_, k) => k).filter((k) => pageOfInd[k] === p);
    const scores = cands.map((k) => {
      let sc = 0;
      for (const g of nameGrams[k]!) if (tg.has(g) && cands.every((j) => j === k || !nameGrams[j]!.has(g))) sc++;
      return [k, sc] as const;
    }).sort((a, b) => b[1] - a[1]);
    const [first, second] = scores;
    if (!first || first[1] < CELL_MIN || (second && second[1] * CELL_MARGIN >= first[1])) return null;
    return first[0];
  };

  // Runs ending in a 【年度】 tag: 基準 or 目標 cells.
  interface Tagged { idx: number; k: number | null; year: number; text: string; clean: boolean; span: Span; tagLine: number }
  const tagged: Tagged[] = [];
  if (hasLabels) {
    blocks.forEach((b, i) => {
      if (nameBlocks.has(i) || b.lines.length < 2 || !indPages.has(pageOfBlock(i))) return;
      const tag = YEAR_TAG.exec(fold(b.lines[b.lines.length - 1]!));
      if (!tag) return;
      const year = parseFiscalYear(tag[1]!, ctx.era);
      if (year === null) return;
      const valueLines = b.lines.slice(0, -1);
      const joined = valueLines.join('\n');
      // Not one whole cell: two cells on a line, a tag or mark inside, or the start of the run is the
      // end of a line that ran on from the run before (`…等を実施。 これまでのICT街づくり実証プロジェク`).
      const prevLast = blocks[i - 1]?.lines[blocks[i - 1]!.lines.length - 1] ?? '';
      const runOn = CELL_JOIN.test(prevLast) && !/[。．）)」』】]$/.test(prevLast.trim());
      const clean = !runOn && !CELL_JOIN.test(joined) && !valueLines.some((l) => YEAR_TAG.test(fold(l)) || MARK_WORD.test(fold(l)));
      // A run holding two cells: its tag belongs to the last one.
      const lastCell = joined.split(CELL_JOIN).pop()!;
      const k = matchName(lastCell, pageOfBlock(i));
      // (A yearly cell of the same indicator repeats the cell's first line with other numbers: `…取組率：30（％）`.)
      // A cell split over two runs (`４Ｋ放送の実現メディア数 ３※` / `８Ｋ放送の実現メディア数 ０【平成27年度】`):
      // the run before also speaks of this indicator, so this run may be only the cell's end.
      const before = blocks[i - 1];
      const split = k !== null && before !== undefined && !nameBlocks.has(i - 1) && !YEAR_TAG.test(fold(before.lines[before.lines.length - 1]!)) && !MARK_WORD.test(fold(before.lines[0]!)) && matchName(before.lines.join('\n'), pageOfBlock(i)) === k && !parallel(before.lines[0]!, b.lines[0]!);
      // Without the extraction's pages the run order is unknown, so neither check above can be made.
      const text = cellText(valueLines, ctx.evidence);
      tagged.push({ idx: i, k, year, text, clean: paged && clean && !split && text !== '', span: [b.start, b.end], tagLine: b.end });
    });
  }
  const targetRun = new Map<number, Tagged>();
  found.forEach((x, k) => {
    const runs = tagged.filter((t) => t.k === k);
    const ind = out[k]!;
    let target: Tagged | null = null;
    let baseline: Tagged | null = null;
    if (runs.length === 2 && runs[0]!.year !== runs[1]!.year) {
      [baseline, target] = runs[0]!.year < runs[1]!.year ? [runs[0]!, runs[1]!] : [runs[1]!, runs[0]!];
    } else if (runs.length === 1 && fy !== null && runs[0]!.year > fy) target = runs[0]!;
    if (target) targetRun.set(k, target);
    if (target?.clean) {
      ind.target = target.text;
      ind.targetYear = target.year;
      c.have(`indicators.${k}.target`, [target.span[0], target.span[1] - 1]);
      c.have(`indicators.${k}.targetYear`, [target.tagLine, target.tagLine]);
    } else c.warn(`indicators.${k}.target`, target ? '目標（値）のセルが他のセルの文と混ざっているため目標値を取り込みません' : runs.length > 0 ? '指標名と同じ語を含む【年度】付きのセルがあるが、基準と目標のどちらかを確定できないため目標値を取り込みません' : '目標（値）のセルをこの指標に対応付けられません', target?.span[0] ?? runs[0]?.span[0] ?? x.nameStart);
    if (baseline?.clean) {
      ind.baseline = `${baseline.text}【${fold(ctx.lines[baseline.tagLine - 1]!).replace(/^【\s*|\s*】$/g, '')}】`;
      c.have(`indicators.${k}.baseline`, baseline.span);
    } else c.warn(`indicators.${k}.baseline`, baseline ? '基準（値）のセルが他のセルの文と混ざっているため基準値を取り込みません' : '基準（値）のセルをこの指標に対応付けられません', baseline?.span[0] ?? x.nameStart);
  });

  // Marks: a run that starts with イ/ロ/ハ/－ alone (or glued to the next text or to a number), or a 【年度】 tag then a mark.
  interface MarkRun { idx: number; mark: Mark; line: number; rest: string }
  const marks: MarkRun[] = [];
  blocks.forEach((whole, i) => {
    if (headOf.get(i) === 0 || !indPages.has(pageOfBlock(i))) return;
    const b = headOf.has(i) ? { ...whole, lines: whole.lines.slice(0, headOf.get(i)!), end: whole.start + headOf.get(i)! - 1 } : whole;
    const first = fold(b.lines[0]!);
    const glued = /^([イロハ])(?:[0-9]{1,2}$|(?=[\u4e00-\u9fff]))/.exec(first);
    if (MARK_WORD.test(first)) marks.push({ idx: i, mark: markOf(first), line: b.start, rest: b.lines.slice(1).join('\n') });
    else if (glued) marks.push({ idx: i, mark: glued[1] as Mark, line: b.start, rest: /^[イロハ][0-9]/.test(first) ? '' : [first.slice(1), ...b.lines.slice(1)].join('\n') });
    else if (b.lines.length >= 2 && MARK_WORD.test(fold(b.lines[b.lines.length - 1]!)) && b.lines.slice(0, -1).every((l) => YEAR_TAG.test(fold(l)))) marks.push({ idx: i, mark: markOf(fold(b.lines[b.lines.length - 1]!)), line: b.end, rest: '' });
  });

  // What the 評価結果 says about the numbered indicator, and what the 目標年度 allows.
  const missed = /未達|達成しなかった|達成できなかった|達成していない|達成せず/;
  const reached = /目標(?:を|は)?達成|目標が達成/;
  const vetoOf = (k: number, mark: Mark): string | null => {
    const ty = targetRun.get(k)?.year;
    // (A goal reached early may be marked イ before its 目標年度, so only `－` is checked against it.)
    if (ty !== undefined && fy !== null && mark === '－' && ty <= fy) return `目標年度（${ty}年度）が評価対象年度（${fy}年度）以前なのに「－」（目標期間が終了していない）`;
    const said = out[k]!.number !== null ? mentions.text(out[k]!.number!) : undefined;
    if (said && mark !== '－') {
      if (mark === 'イ' && missed.test(said)) return '評価結果は目標未達と記すのに「イ」';
      if ((mark === 'ロ' || mark === 'ハ') && reached.test(said) && !missed.test(said) && !/概ね|おおむね/.test(said)) return `評価結果は目標達成と記すのに「${mark}」`;
    }
    return null;
  };

  const tie = new Map<number, Array<{ m: MarkRun; why: string }>>();
  const markUsed = new Map<number, number[]>();
  const add = (k: number, m: MarkRun, why: string): void => {
    if (tie.get(k)?.some((t) => t.m.idx === m.idx)) return;
    tie.set(k, [...(tie.get(k) ?? []), { m, why }]);
    markUsed.set(m.idx, [...(markUsed.get(m.idx) ?? []), k]);
  };
  for (const m of marks) {
    const p = pageOfBlock(m.idx);
    if (squash(m.rest).length >= 4) {
      const k = matchName(m.rest, p);
      if (k !== null) {
        add(k, m, BY_WORDING);
        continue;
      }
    }
    if (!paged) continue;
    const prev = tagged.find((t) => t.idx === m.idx - 1 && pageOfBlock(t.idx) === p);
    if (prev && prev.k !== null && targetRun.get(prev.k) === prev) add(prev.k, m, BY_POSITION);
  }
  const badPages = new Set<number>();
  const setMark = (k: number, m: MarkRun): void => {
    out[k]!.achievement = m.mark;
    c.have(`indicators.${k}.achievement`, [m.line, m.line]);
  };
  // One contradiction on a page means its run order cannot be trusted: its ties by position go too.
  for (const [k, ts] of tie) {
    const marksFor = new Set(ts.map((t) => t.m.idx));
    if (marksFor.size > 1 || ts.some((t) => markUsed.get(t.m.idx)!.length > 1) || vetoOf(k, ts[0]!.m.mark)) badPages.add(pageOfInd[k]!);
  }
  // The count rule's leftovers are checked the same way before anything is kept.
  const leftovers = (p: number): { leftInd: number[]; leftMarks: MarkRun[] } | null => {
    const onPage = found.map((_, k) => k).filter((k) => pageOfInd[k] === p);
    const pageMarks = marks.filter((m) => pageOfBlock(m.idx) === p);
    if (pageMarks.length !== onPage.length) return null;
    const leftInd = onPage.filter((k) => !tie.has(k));
    const leftMarks = pageMarks.filter((m) => !(markUsed.get(m.idx)?.length));
    if (leftInd.length === 0 || leftInd.length !== leftMarks.length || new Set(leftMarks.map((m) => m.mark)).size !== 1) return null;
    return { leftInd, leftMarks };
  };
  if (paged) {
    for (const p of indPages) {
      const left = badPages.has(p) ? null : leftovers(p);
      const veto = left ? left.leftInd.map((k) => vetoOf(k, left.leftMarks[0]!.mark)).find((v) => v !== null) : undefined;
      if (left && veto) {
        c.warn('indicators', `${p + 1}ページ目の残りの達成状況「${left.leftMarks[0]!.mark}」は${veto}で矛盾するため、数による対応付けをしません`, left.leftMarks[0]!.line);
        badPages.add(p);
      }
    }
  }
  for (const [k, ts] of tie) {
    if (!badPages.has(pageOfInd[k]!) || ts.some((t) => t.why !== BY_POSITION)) continue;
    const veto = vetoOf(k, ts[0]!.m.mark);
    if (veto) c.warn(`indicators.${k}.achievement`, `達成状況（行 ${ts[0]!.m.line}）を対応付けたが、${veto}で矛盾するため取り込みません`, ts[0]!.m.line);
    const fine = ts.length === 1 && markUsed.get(ts[0]!.m.idx)!.length === 1 && !veto;
    if (fine) c.warn(`indicators.${k}.achievement`, `達成状況（行 ${ts[0]!.m.line}）は目標（値）のセルの直後にあるが、同じページに矛盾する対応付けがあり並び順を信頼できないため取り込みません`, ts[0]!.m.line);
    tie.delete(k);
    for (const t of ts) markUsed.set(t.m.idx, markUsed.get(t.m.idx)!.filter((j) => j !== k));
  }
  for (const [k, ts] of tie) {
    const marksFor = new Set(ts.map((t) => t.m.idx));
    const shared = ts.some((t) => markUsed.get(t.m.idx)!.length > 1);
    if (marksFor.size > 1 || shared) {
      c.warn(`indicators.${k}.achievement`, marksFor.size > 1 ? `達成状況の候補が複数（行 ${ts.map((t) => t.m.line).join(', ')}）あるため取り込みません` : `達成状況（行 ${ts[0]!.m.line}）が複数の指標に対応付けられるため取り込みません`, ts[0]!.m.line);
      badPages.add(pageOfInd[k]!);
      continue;
    }
    const veto = vetoOf(k, ts[0]!.m.mark);
    if (veto) {
      c.warn(`indicators.${k}.achievement`, `達成状況（行 ${ts[0]!.m.line}）を対応付けたが、${veto}で矛盾するため取り込みません`, ts[0]!.m.line);
      badPages.add(pageOfInd[k]!);
      continue;
    }
    setMark(k, ts[0]!.m);
  }
  // Counting within a page.
  if (paged) {
    for (const p of indPages) {
      if (badPages.has(p)) continue;
      const left = leftovers(p);
      const onPage = found.map((_, k) => k).filter((k) => pageOfInd[k] === p);
      const pageMarks = marks.filter((m) => pageOfBlock(m.idx) === p);
      if (pageMarks.length !== onPage.length && onPage.some((k) => out[k]!.achievement === null)) c.warn('indicators', `${p + 1}ページ目の達成状況の数（${pageMarks.length}）が指標の数（${onPage.length}）と一致しないため、数による対応付けをしません`, found[onPage[0]!]!.nameStart);
      if (!left) continue;
      const lines = left.leftMarks.map((m) => m.line);
      for (const k of left.leftInd) {
        out[k]!.achievement = left.leftMarks[0]!.mark;
        c.have(`indicators.${k}.achievement`, [Math.min(...lines), Math.max(...lines)]);
      }
    }
  }
  found.forEach((x, k) => {
    if (out[k]!.achievement === null && !c.warnings.some((w) => w.field === `indicators.${k}.achievement`)) c.warn(`indicators.${k}.achievement`, '達成状況（イ/ロ/ハ/－）をこの指標に対応付けられません', x.nameStart);
  });
}

/**
 * 測定指標. A name is a run (or runs) ending with its `＜…指標＞` marker; compound names
 * continue in runs that start with `（２）`/`・` and end with a marker.
 * Its number is kept when it stands in the same run just before the name (one cell row
 * extracted together), or in the run just before it and the 評価結果 text about that
 * number confirms the name (see indicatorMentions): run order alone is not evidence,
 * since the extractor may put a number after its name. Other names are kept without a
 * number when their run holds nothing but the name.
 */
function readIndicators(ctx: Ctx): Indicator[] {
  const { blocks } = ctx;
  const used = new Set<number>();
  const found: Found[] = [];
  const unconfirmed: string[] = [];
  const mentions = indicatorMentions(ctx);
  const isNum = (s: string): boolean => /^\d{1,2}$/.test(fold(s));
  type Part = { lines: string[]; start: number; end: number; idx: number };
  const continuation = (after: number): Part[] => {
    const parts: Part[] = [];
    for (let j = after + 1; blocks[j] && !used.has(j) && ENUM_START.test(blocks[j]!.lines[0]!) && endsWithMarker(blocks[j]!.lines) && !/【/.test(blocks[j]!.lines.join('')); j++) parts.push({ ...blocks[j]!, idx: j });
    return parts;
  };
  const nameOf = (parts: Part[]): string => parts.map((nb) => indicatorName(nb.lines, ctx.evidence)).join('\n');
  // A name is a phrase: a sentence break inside it, or a 【年度】 tag, means other cells' text is mixed in.
  const confirmsPart = (number: string, p: Part): boolean => {
    const text = nameOf([p]);
    return !/。./.test(text.replace(/\n/g, '')) && !/【/.test(text) && mentions.confirms(number, text);
  };
  const notOthers = (number: string, p: Part): boolean => {
    const text = nameOf([p]);
    const best = mentions.best(text);
    return !/。./.test(text.replace(/\n/g, '')) && !/【/.test(text) && (best === null || best === number);
  };
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (used.has(i) || !isNum(b.lines[0]!)) continue;
    const number = fold(b.lines[0]!);
    if (b.lines.length > 1) {
      // Number and name in one run.
      if (!endsWithMarker(b.lines)) continue;
      const own: Part = { lines: b.lines.slice(1), start: b.start + 1, end: b.end, idx: i };
      const more = continuation(i);
      // Further parts come from other runs: only when the 評価結果 confirms the whole name.
      const parts = more.length > 0 && more.every((m) => mentions.best(nameOf([m])) === number) ? [own, ...more] : [own];
      found.push({ number, name: nameOf(parts), span: [b.start, parts[parts.length - 1]!.end], nameStart: own.start, raw: parts.flatMap((p) => p.lines) });
      for (const p of parts) used.add(p.idx);
      continue;
    }
    const n1 = blocks[i + 1];
    if (!n1 || used.has(i + 1) || isNum(n1.lines[0]!)) continue;
    let parts: Part[] = [];
    if (endsWithMarker(n1.lines)) parts = [{ ...n1, idx: i + 1 }];
    else {
      const n2 = blocks[i + 2];
      const nameLike = n1.lines.length <= 3 && !/[【［：:。]|^[・(（]/.test(n1.lines.join('')) && !/\d\s*[％%件人者]/.test(n1.lines.join(''));
      if (nameLike && n2 && !used.has(i + 2) && ENUM_START.test(n2.lines[0]!) && endsWithMarker(n2.lines)) parts = [{ ...n1, idx: i + 1 }, { ...n2, idx: i + 2 }];
      else continue;
    }
    parts.push(...continuation(parts[parts.length - 1]!.idx));
    const name = nameOf(parts);
    // The name's first run must be confirmed; further runs must at least not belong to another indicator.
    const confirmed = confirmsPart(number, parts[0]!) && parts.slice(1).every((p) => notOthers(number, p));
    if (!confirmed) unconfirmed.push(number);
    found.push({ number: confirmed ? number : null, name, span: confirmed ? [b.start, parts[parts.length - 1]!.end] : [parts[0]!.start, parts[parts.length - 1]!.end], nameStart: parts[0]!.start, raw: parts.flatMap((p) => p.lines) });
    if (confirmed) used.add(i);
    for (const p of parts) used.add(p.idx);
  }
  // The name column's width, learnt from the names found so far.
  const nameWidth = Math.max(0, ...found.map((x) => {
    const blk = blocks[blockIndexOfLine(blocks, x.span[1])]!;
    return Math.max(...blk.lines.filter((l) => !INDICATOR_MARKER.test(l.trim())).map(displayWidth), 0);
  }));
  // A name is a phrase: a sentence break inside it means another cell's text is mixed in.
  const pureName = (textLines: string[]): boolean => nameWidth > 0 && textLines.length > 0 && textLines.every((l) => displayWidth(l.trim()) <= nameWidth) && !/【|：|:/.test(textLines.join('')) && !/。./.test(textLines.join('')) && !isNum(textLines[0]!);
  // Names in runs of their own (a lone marker run attaches to the run before it).
  const mixed: number[] = [];
  for (let i = 0; i < blocks.length; i++) {
    if (used.has(i)) continue;
    const b = blocks[i]!;
    let lines = b.lines;
    let start = b.start;
    if (lines.length === 1 && INDICATOR_MARKER.test(lines[0]!.trim()) && lines[0]!.replace(INDICATOR_MARKER, '').trim() === '') {
      const prev = blocks[i - 1];
      if (!prev || used.has(i - 1)) continue;
      lines = [...prev.lines, ...lines];
      start = prev.start;
    } else if (!endsWithMarker(lines) || lines.length < 2) continue;
    const textLines = lines.filter((l) => l.replace(INDICATOR_MARKER, '').trim() !== '');
    if (pureName(textLines)) {
      found.push({ number: null, name: indicatorName(lines, ctx.evidence), span: [start, b.end], nameStart: start, raw: lines });
      continue;
    }
    // A name run glued to the end of another cell's run: the other cell ends a sentence (`…実施した。`)
    // and the name's first line starts indented by one space, as the extractor starts a new text box.
    let k = -1;
    for (let j = lines.length - 1; j >= 1; j--) {
      if (/^ [^\s\u3000]/.test(lines[j]!) && /[。．]$/.test(lines[j - 1]!.trim())) {
        k = j;
        break;
      }
    }
    const tail = k > 0 ? lines.slice(k) : [];
    if (k > 0 && pureName(tail.filter((l) => l.replace(INDICATOR_MARKER, '').trim() !== ''))) {
      found.push({ number: null, name: indicatorName(tail, ctx.evidence), span: [start + k, b.end], nameStart: start + k, raw: tail });
      continue;
    }
    mixed.push(start);
  }
  if (mixed.length > 0) ctx.c.warn('indicators', `測定指標名らしい文が他のセルの文と混ざっているため取り込んでいません（${mixed.length}か所: 行 ${mixed.join(', ')}）`, mixed[0]!);
  // A name without a number of its own: the 評価結果 about one numbered indicator repeats its
  // wording, clearly more than it repeats any other name's (and no other name claims that number).
  const taken = new Set(found.map((x) => x.number).filter((n): n is string => n !== null));
  const byMention = new Map<string, Found[]>();
  for (const x of found) {
    if (x.number !== null || /。./.test(x.name.replace(/\n/g, ''))) continue;
    const n = mentions.best(x.name, MENTION_MIN * 2);
    if (n !== null && !taken.has(n)) byMention.set(n, [...(byMention.get(n) ?? []), x]);
  }
  for (const [n, xs] of byMention) {
    if (xs.length !== 1) continue;
    xs[0]!.number = n;
    xs[0]!.byMention = true;
  }
  // A number given twice (duplicated or garbled text) is not trusted at all.
  const counts = new Map<string, number>();
  for (const x of found) if (x.number) counts.set(x.number, (counts.get(x.number) ?? 0) + 1);
  for (const x of found) {
    if (x.number && counts.get(x.number)! > 1) {
      ctx.c.warn('indicators', `測定指標番号 ${x.number} が複数の指標名に付いているため番号を付けません`, x.span[0]);
      x.number = null;
      x.byMention = false;
    }
  }
  const lost = unconfirmed.filter((n) => !found.some((x) => x.number === n));
  if (lost.length > 0) ctx.c.warn('indicators', `測定指標番号 ${lost.join(', ')} は指標名と別のセルにあり、評価結果の記述でも裏付けられないため番号を付けていません`);
  const unnumbered = found.filter((x) => x.number === null).length;
  if (unnumbered > 0) ctx.c.warn('indicators', `${unnumbered}件の測定指標は番号の位置を確定できないため番号なしで取り込みました`);
  found.sort((p, q) => {
    const pn = p.number === null ? Infinity : Number(p.number);
    const qn = q.number === null ? Infinity : Number(q.number);
    return pn - qn || p.span[0] - q.span[0];
  });
  if (found.length === 0) {
    ctx.c.lack('indicators', '測定指標を配置できません');
    return [];
  }
  const out: Indicator[] = found.map((x) => ({ number: x.number, name: x.name, kind: null, baseline: null, target: null, targetYear: null, actuals: [], achievement: null }));
  found.forEach((x, k) => {
    ctx.c.have(`indicators.${k}.name`, x.span);
    if (x.number !== null) ctx.c.have(`indicators.${k}.number`, x.byMention ? [x.nameStart, x.span[1]] : [x.span[0], x.span[0]]);
  });
  readKinds(ctx, found, out);
  placeIndicatorCells(ctx, found, out, mentions);
  ctx.c.warn('indicators', '測定指標の年度ごとの目標・実績は、抽出テキストの並びから年度の列に対応付けられないため取り込んでいません（原文を参照してください）');
  return out;
}

/** `（各行政機関共通区分） 相当程度進展あり`: one of the five standard grades. */
function readAssessment(ctx: Ctx): { assessment: string | null; line: number | null } {
  const hits = findLines(ctx.lines, /^(?:.*各行政機関共通区分\)?\s*)?(目標超過達成|目標達成|相当程度進展あり|進展が大きくない|目標に向かっていない)$/);
  const values = new Set(hits.map((h) => h.m[1]!));
  if (values.size === 1 && ASSESSMENTS.includes([...values][0]!)) {
    ctx.c.have('assessment', [hits[0]!.line, hits[0]!.line]);
    return { assessment: [...values][0]!, line: hits[0]!.line };
  }
  ctx.c.lack('assessment', values.size > 1 ? `測定結果の候補が複数あります: ${[...values].join(' / ')}` : '目標達成度合いの測定結果を配置できません', hits[0]?.line ?? null);
  return { assessment: null, line: null };
}

const PROSE_WIDTH = 80;

/** Full-width prose runs from block index `from` until a footnote, a label or a narrow run. */
function proseRun(ctx: Ctx, from: number): { text: string; first: number; last: number; startLine: number; endLine: number } | null {
  const parts: string[] = [];
  let last = from - 1;
  for (let k = from; k < ctx.blocks.length; k++) {
    const b = ctx.blocks[k]!;
    if (FOOTNOTE.test(b.lines[0]!) || !isProse(b.lines.join('')) || Math.max(...b.lines.map(displayWidth)) < PROSE_WIDTH) break;
    parts.push(joinWrapped(b.lines, ctx.evidence));
    last = k;
  }
  if (last < from) return null;
  return { text: parts.join('\n'), first: from, last, startLine: ctx.blocks[from]!.start, endLine: ctx.blocks[last]!.end };
}

function readAnalysisAndNextSteps(ctx: Ctx, assessmentLine: number | null, goals: string[]): { analysis: string | null; nextSteps: string | null } {
  const out = { analysis: null as string | null, nextSteps: null as string | null };
  let analysisEnd = -1;
  if (assessmentLine !== null) {
    const bi = blockIndexOfLine(ctx.blocks, assessmentLine);
    const run = proseRun(ctx, bi + 1);
    if (run) {
      out.analysis = cleanText(run.text);
      ctx.c.have('analysis', [run.startLine, run.endLine]);
      analysisEnd = run.last;
    }
  }
  if (out.analysis === null) ctx.c.lack('analysis', '評価結果（判断根拠・政策の分析）の本文を配置できません', assessmentLine);
  // 次期目標等への反映の方向性: organised by the same goal headings as the analysis.
  const hasLabel = ctx.lines.some((l) => squash(l).startsWith('次期目標等へ'));
  const goalKeys = goals.map(squash);
  if (hasLabel && analysisEnd >= 0 && goalKeys.length > 0) {
    for (let k = analysisEnd + 1; k < ctx.blocks.length; k++) {
      const head = ctx.blocks[k]!.lines[0]!.trim();
      const m = /^[＜<](?:施策目標[＞>])?([^＜＞<>]+)[＞>]?/.exec(head);
      if (m && goalKeys.some((g) => squash(head).includes(g))) {
        const run = proseRun(ctx, k);
        if (run) {
          out.nextSteps = cleanText(run.text);
          ctx.c.have('nextSteps', [run.startLine, run.endLine]);
        }
        break;
      }
    }
  }
  if (out.nextSteps === null) ctx.c.lack('nextSteps', '次期目標等への反映の方向性の本文を配置できません');
  return out;
}

/** `情報流通行政局　情報流通振興課　等 作成責任者名` and `政策評価実施時期 令和元年８月`. */
function readFooter(ctx: Ctx): { bureau: string | null; evaluatedAt: string | null } {
  const out = { bureau: null as string | null, evaluatedAt: null as string | null };
  const b: Array<{ line: number; v: string }> = [];
  ctx.lines.forEach((raw, i) => {
    const m = /^(?:担当部局課室名\s+)?(.+?)\s+作成責任者名(?:\s+.*)?$/.exec(raw.trim());
    if (m && !/担当部局課室名|政策評価実施時期/.test(m[1]!)) b.push({ line: i + 1, v: cleanLine(m[1])! });
  });
  const direct = findLines(ctx.lines, /^担当部局課室名\s+(?!政策評価実施時期)(.+?)(?:\s+作成責任者名.*)?$/);
  for (const d of direct) {
    if (b.some((x) => x.line === d.line)) continue;
    const v = cleanLine(ctx.lines[d.line - 1]!.trim().replace(/^担当部局課室名\s+/, '').replace(/\s+(?:作成責任者名|政策評価実施時期)[^]*$/, ''));
    if (v) b.push({ line: d.line, v });
  }
  if (new Set(b.map((x) => x.v)).size === 1) {
    out.bureau = b[0]!.v;
    ctx.c.have('bureau', [b[0]!.line, b[0]!.line]);
  } else ctx.c.lack('bureau', b.length > 1 ? '担当部局課室名の候補が複数あります' : '担当部局課室名を配置できません', b[0]?.line ?? null);
  const t = findLines(ctx.lines, /政策評価実施時期\s+((?:平成|令和)\s*(?:元|\d{1,2})\s*年\s*\d{1,2}\s*月)$/);
  if (t.length === 1) {
    const raw = ctx.lines[t[0]!.line - 1]!;
    const m = /((?:平成|令和)[\s\u3000]*(?:元|[0-9０-９]{1,2})[\s\u3000]*年[\s\u3000]*[0-9０-９]{1,2}[\s\u3000]*月)[\s\u3000]*$/.exec(raw);
    out.evaluatedAt = cleanLine(m ? m[1] : t[0]!.m[1]);
    ctx.c.have('evaluatedAt', [t[0]!.line, t[0]!.line]);
  } else ctx.c.lack('evaluatedAt', '政策評価実施時期を配置できません');
  return out;
}

export function parseEvaluation(input: LegacyInput): ParsedDocument {
  const { decoded, file } = input;
  const c = new Collector();
  const tail = untrustedTail(decoded.text, decoded.lines);
  const lines = tail.lines;
  if (tail.dropped !== null) c.warn('(document)', 'ファイルが改行で終わらず最終行が数字で途切れているため、切り詰められている可能性がありこの行は使用しません', tail.dropped);
  const ctx: Ctx = { lines, blocks: toBlocks(lines), evidence: lines.join('\n'), era: null, c };
  const title = readTitle(ctx);
  const pol = readPolicyLine(ctx);
  const overview = readAfterLabel(ctx, 'overview', /^(?:政策|施策)の概要$/, '政策の概要');
  const basicGoal = readAfterLabel(ctx, 'basicGoal', /^基本目標$/, '基本目標');
  const budget = readBudget(ctx);
  ctx.fiscalYear = title.fiscalYear;
  const goals = readGoals(ctx);
  const indicators = readIndicators(ctx);
  const { assessment, line: assessmentLine } = readAssessment(ctx);
  const { analysis, nextSteps } = readAnalysisAndNextSteps(ctx, assessmentLine, goals);
  const footer = readFooter(ctx);
  const ministry = title.ministry ?? '不明';
  const evaluation: EvaluationRecord = {
    id: evaluationId(title.fiscalYear, title.ministry, pol.policyNumber, decoded),
    ministry,
    documentNumber: title.documentNumber,
    fiscalYear: title.fiscalYear,
    policyNumber: pol.policyNumber,
    policyName: pol.policyName ?? file,
    field: pol.field,
    overview,
    basicGoal,
    budget,
    goals,
    indicators,
    assessment,
    analysis,
    nextSteps,
    bureau: footer.bureau,
    evaluatedAt: footer.evaluatedAt,
    source: { file, sha256: decoded.sha256, layout: input.layout, lineCount: lines.length, encoding: decoded.encoding },
    provenance: c.provenance,
    warnings: c.warnings,
  };
  const missing = c.missing.filter((f) => !c.found.includes(f.split('.')[0]!));
  return { kind: 'policy-evaluation', evaluation, fieldsFound: [...c.found].sort(), fieldsMissing: [...new Set(missing.map((f) => f.split('.')[0]!))].sort(), warnings: c.warnings };
}
