/**
 * 行政事業レビューシート, text-flow layout: the text a PDF extractor produced from the
 * sheet, with the cells' texts in an order that follows the page geometry, not the form.
 *
 * Each field is placed only by evidence that survives that scrambling (see
 * legacy/blocks.ts): a label and its value on one extracted line (`担当課室 地域通信振興課
 * 課長 吉田 正彦`), a label whose note is followed by its cell, a closed vocabulary
 * (会計区分, 実施方法, 主要経費), or numbers that cross-check (予算内訳 items summing to
 * their 計). Anything else is null with a warning. Keyed on the template's labels only.
 */
import type { Outcome, ProjectRecord, Warning } from '../../../../schemas/index.ts';

type BudgetItem = ProjectRecord['budgetBreakdown'][number];
type PastNumber = ProjectRecord['pastNumbers'][number];
import { canonicalMinistryName } from '../../../ministries.ts';
import { parseAmountYen } from '../../../normalize/amount.ts';
import { normalizeMeasureName } from '../../../normalize/measure-name.ts';
import { normalizeProjectNumber } from '../../../normalize/project-number.ts';
import { cleanLine, cleanText } from '../../../normalize/text.ts';
import { eraOfYear, parseFiscalYear, type Era } from '../../../normalize/wareki.ts';
import { emptyProject } from '../../fallback.ts';
import { legacyProjectId } from '../../ids.ts';
import type { LegacyInput } from '../../types.ts';
import {
  blockIndexOfLine, displayWidth, findLines, fold, isProse, joinNarrow, joinWrapped, numericCells, skipLabelNote, squash, toBlocks, unitInYen, untrustedTail, type Block,
} from '../blocks.ts';
import type { ParsedDocument } from '../../types.ts';

type Span = [number, number];

/** The first line of every label cell of the template (folded), so a label is never read as a value. */
const TEMPLATE_LABELS = [
  '事業番号', '事業名', '担当部局庁', '担当課室', '作成責任者', '事業開始年度', '事業終了', '(予定)年度', '会計区分', '根拠法令', '関係する',
  '計画、通知等', '主要政策・施策', '主要経費', '事業の目的', '事業概要', '実施方法', '予算額・', '執行額', '予算', 'の状', '況', '当初予算', '補正予算',
  '前年度から繰越し', '翌年度へ繰越し', '予備費等', '計', '執行率(%)', '歳出予算目', '主な増減理由', '成果目標及び', '成果実績', '目標値', '達成度',
  '成果指標', '単位', '活動指標', '活動実績', '当初見込み', '単位当たり', 'コスト', '算出根拠', '計算式', '政策評価', '施策', '政策', '備考',
  '外部有識者の所見', '行政事業レビュー推進チームの所見', '点検結果', '改善の', '方向性', '資金の流れ', '費目・使途', '関連する過去のレビューシートの事業番号',
  '本事業の成果と上位施策・測定指標との関係', '評価に関する説明', '所見を踏まえた改善点/概算要求における反映状況', '定量的な成果目標', '中間目標', '目標最終年度',
];

/** Fixed check questions of the 事業所管部局による点検: the first one marks the end of the sheet's first page. */
const CHECK_QUESTIONS = [
  '事業の目的は国民や社会のニーズを的確に反映しているか', '地方自治体、民間等に委ねることができない事業なのか', '政策目的の達成手段として必要かつ適切な事業か',
  '競争性が確保されているなど支出先の選定は妥当か', '受益者との負担関係は妥当であるか', '単位当たりコスト等の水準は妥当か', '資金の流れの中間段階での支出は合理的なものとなっているか',
  '費目・使途が事業目的に即し真に必要なものに限定されているか', '不用率が大きい場合', '繰越額が大きい場合', 'その他コスト削減や効率化に向けた工夫は行われているか',
  '成果実績は成果目標に見合ったものとなっているか', '活動実績は見込みに見合ったものであるか', '整備された施設や成果物は十分に活用されているか', '関連する事業がある場合',
  '一般競争契約、指名競争契約又は随意契約', '競争性のない随意契約となったものはないか', '事業実施に当たって他の手段・方法等が考えられる場合',
];

const IMPLEMENTATION_TERMS = ['直接実施', '委託・請負', '補助', '負担', '交付', '貸付', '分担金・拠出金', 'その他'];

/** 主要経費 (the budget's major-expense classes). */
const MAIN_EXPENSES = [
  'その他の事項経費', '科学技術振興費', 'エネルギー対策費', '保健衛生対策費', '食料安定供給関係費', '防衛関係費', '生活扶助等社会福祉費', '雇用労災対策費', '教育振興助成費',
  '経済協力費', '中小企業対策費', '住宅都市環境整備事業費', '文教施設費', '港湾空港鉄道等整備事業費', '農林水産基盤整備事業費', '治山治水対策事業費', '公園水道廃棄物処理等施設整備費',
  '災害復旧等事業費', '医療給付費', '年金給付費', '少子化対策費', '恩給関係費', '推進費等', '道路整備事業費', '社会資本総合整備事業費', '介護給付費', '育英事業費',
  '義務教育費国庫負担金', '社会保障関係費', '文教及び科学振興費', '国債費', '地方交付税交付金', '地方特例交付金', '公共事業関係費', '社会福祉費', '社会保険費', '失業対策費',
  '東日本大震災復興事業費', '復興関係経費', '国土強靱化関係費',
];

/** 主要政策・施策 (the sheet's checkbox list of cross-government policies). */
const MAIN_POLICIES = [
  '科学技術・イノベーション', '子ども・子育て', '地方創生', '社会保障', '一億総活躍社会', 'IT戦略', '健康・医療', '海洋', '宇宙', '文化', '観光', '環境', '女性活躍',
  '国土強靱化', '国土強靭化', '地球温暖化対策', '男女共同参画', '少子化社会対策', '高齢社会対策', '障害者施策', '交通安全対策', '犯罪被害者等施策', '食育推進', '自殺対策',
  '子ども・若者育成支援', '消費者施策', '復興', 'クールジャパン', '知的財産', '水循環', '観光立国', 'ODA', '農林水産', '領土', '暮らし', '中小企業',
];

const ERA_YEAR_CELL = /^(?:(?:平成|令和|昭和)\s*(?:元|\d{1,2})|(?:19|20)\d{2})\s*年度$/;
const RESPONSIBLE_TITLE = /^(?:[^\s]{0,12}?)(?:課長|室長|参事官|部長|局長|次長|審議官|企画官|調整官|統括官|所長|理事官|専門官|管理官|監理官|対策官|補佐|センター長|官房長|課長代理|主幹|推進官|分析官|長)(?:\s|$)/;

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
    if (!this.found.includes(field.split('.')[0]!)) this.found.push(field.split('.')[0]!);
  }
  lack(field: string, message: string, line: number | null = null): void {
    if (!this.missing.includes(field)) this.missing.push(field);
    this.warn(field, message, line);
  }
}

interface Ctx {
  lines: string[];
  blocks: Block[];
  evidence: string;
  era: Era | null;
  c: Collector;
  claimed: Set<number>; // block indexes whose text has been assigned to a field
}

function isLabelText(s: string): boolean {
  const f = fold(s);
  return TEMPLATE_LABELS.some((l) => f === l || f.startsWith(l + ' ') || (l.length >= 4 && f.startsWith(l)));
}

function isLabelBlock(b: Block): boolean {
  return isLabelText(b.lines[0]!);
}

/** Title: `平成３０年度行政事業レビューシート 総務省` → review year and ministry. */
function readTitle(ctx: Ctx): { reviewYear: number | null; ministry: string | null; era: Era | null } {
  const hits = findLines(ctx.lines, /^((?:平成|令和)\s*(?:元|\d{1,2})\s*年度)\s*行政事業レビューシート\s*[(（]?\s*([^\s()（）]{2,20}?)?\s*[)）]?$/);
  const years = new Set(hits.map((h) => parseFiscalYear(h.m[1]!)));
  const ministries = new Set(hits.map((h) => h.m[2]).filter((m): m is string => !!m));
  let reviewYear: number | null = null;
  let ministry: string | null = null;
  let era: Era | null = null;
  if (hits.length === 0) ctx.c.lack('reviewYear', 'レビューシートの表題（○年度行政事業レビューシート）が見つかりません');
  else if (years.size !== 1 || [...years][0] === null) ctx.c.lack('reviewYear', `表題の年度が一致しません: ${hits.map((h) => h.text).join(' / ')}`, hits[0]!.line);
  else {
    reviewYear = [...years][0]!;
    era = eraOfYear(hits[0]!.m[1]!)?.era ?? null;
    ctx.c.have('reviewYear', [hits[0]!.line, hits[0]!.line]);
  }
  if (ministries.size === 1) {
    const m = [...ministries][0]!;
    if (/(?:省|庁|府|委員会|院|官房|会議|本部|局)$/.test(m)) {
      ministry = canonicalMinistryName(m);
      const h = hits.find((x) => x.m[2] === m)!;
      ctx.c.have('ministry', [h.line, h.line]);
    } else ctx.c.lack('ministry', `表題の府省名を読めません: ${m}`, hits[0]!.line);
  } else if (ministries.size > 1) ctx.c.lack('ministry', `表題の府省名が一致しません: ${[...ministries].join(' / ')}`, hits[0]!.line);
  else ctx.c.lack('ministry', '表題に府省名がありません');
  return { reviewYear, ministry, era };
}

/** `事業番号 新30 0017`: parts after the label, each a number part or a short ministry abbreviation. */
function readProjectNumber(ctx: Ctx): string | null {
  const hits = findLines(ctx.lines, /^事業番号\s+(.+)$/);
  const values = new Map<string, number>();
  for (const h of hits) {
    const n = normalizeProjectNumber(h.m[1]!);
    if (!n) continue;
    const parts = n.split('-');
    const ok = parts.every((p) => /^(?:新)?\d{1,4}$/.test(p) || /^[\u4e00-\u9fff]{1,4}$/.test(p)) && /^\d{3,4}$/.test(parts[parts.length - 1]!) && !TEMPLATE_LABELS.includes(parts[0]!);
    if (ok && !values.has(n)) values.set(n, h.line);
  }
  if (values.size === 1) {
    const [n, line] = [...values][0]!;
    ctx.c.have('projectNumber', [line, line]);
    return n;
  }
  if (values.size > 1) ctx.c.lack('projectNumber', `事業番号が複数あります: ${[...values.keys()].join(', ')}`, [...values.values()][0]!);
  else ctx.c.lack('projectNumber', '事業番号を読めません');
  return null;
}

/** `<事業名> 担当部局庁 <部局> 作成責任者`: one extracted row of the header table. */
function readNameRow(ctx: Ctx): { name: string | null; bureau: string | null; responsible: string | null } {
  const out = { name: null as string | null, bureau: null as string | null, responsible: null as string | null };
  const hits: Array<{ line: number; m: RegExpExecArray }> = [];
  ctx.lines.forEach((raw, i) => {
    const m = /^(?:事業名\s+)?(.*?)\s*担当部局庁\s*(.*?)\s*(?:作成責任者\s*(.*))?$/.exec(raw.trim());
    if (m) hits.push({ line: i + 1, m });
  });
  if (hits.length !== 1) {
    ctx.c.lack('name', hits.length === 0 ? '「担当部局庁」の行が見つからないため事業名を配置できません' : '「担当部局庁」の行が複数あり、事業名を配置できません', hits[0]?.line ?? null);
    ctx.c.lack('bureau', '担当部局庁を配置できません', hits[0]?.line ?? null);
    return out;
  }
  const { line, m } = hits[0]!;
  const bi = blockIndexOfLine(ctx.blocks, line);
  const block = ctx.blocks[bi]!;
  const name = cleanLine(m[1]);
  // A wrapped name would continue on the neighbouring lines of the same block.
  const wrappedBefore = block.start < line && !isLabelText(ctx.lines[line - 2]!);
  if (name && !isLabelText(name) && !wrappedBefore) {
    out.name = name;
    ctx.c.have('name', [line, line]);
  } else if (name && wrappedBefore) {
    ctx.c.lack('name', `事業名が前の行から折り返している可能性があり、確定できません: ${name}`, line);
  } else ctx.c.lack('name', '事業名の値が見つかりません', line);
  const bureau = cleanLine(m[2]);
  if (bureau && !isLabelText(bureau)) {
    out.bureau = bureau;
    ctx.c.have('bureau', [line, line]);
  } else ctx.c.lack('bureau', '担当部局庁の値が見つかりません', line);
  const resp = cleanLine(m[3]);
  if (resp) {
    out.responsible = resp;
    ctx.c.have('responsible', [line, line]);
  }
  return out;
}

/** `担当課室 地域通信振興課 課長　吉田　正彦`: the division, then (same row) the 作成責任者 value. */
function readDivisionRow(ctx: Ctx, responsibleKnown: boolean): { division: string | null; responsible: string | null } {
  const hits = findLines(ctx.lines, /^担当課室\s+(.+)$/);
  if (hits.length !== 1) {
    ctx.c.lack('division', hits.length === 0 ? '担当課室の値が見つかりません' : '「担当課室」の行が複数あります', hits[0]?.line ?? null);
    if (!responsibleKnown) ctx.c.lack('responsible', '作成責任者を配置できません');
    return { division: null, responsible: null };
  }
  const line = hits[0]!.line;
  // Cells are joined by ASCII spaces; spaces inside a cell are usually ideographic (課長　吉田　正彦).
  const rest = ctx.lines[line - 1]!.trim().replace(/^担当課室[ \t]+/, '');
  const cells = rest.split(/[ \t]+/).filter((s) => s !== '');
  let division: string | null = null;
  let responsible: string | null = null;
  if (cells.length === 1) division = cells[0]!;
  else if (cells.length === 2 && !responsibleKnown) [division, responsible] = cells as [string, string];
  else {
    const k = cells.findIndex((cell, i) => i > 0 && RESPONSIBLE_TITLE.test(cell.replace(/\u3000/g, ' ')));
    if (k > 0) {
      division = cells.slice(0, k).join(' ');
      responsible = cells.slice(k).join(' ');
    } else if (responsibleKnown) division = cells.join(' ');
  }
  if (division) {
    division = cleanLine(division);
    ctx.c.have('division', [line, line]);
  } else ctx.c.lack('division', `担当課室と作成責任者の境目を確定できません: ${rest}`, line);
  if (responsible) {
    responsible = cleanLine(responsible);
    ctx.c.have('responsible', [line, line]);
  } else if (!responsibleKnown) ctx.c.lack('responsible', '作成責任者を配置できません', line);
  return { division, responsible };
}

function yearCell(s: string, era: Era | null): number | null {
  const f = fold(s);
  if (!ERA_YEAR_CELL.test(f)) return null;
  return parseFiscalYear(f, era);
}

/**
 * 事業開始年度 / 事業終了（予定）年度. The extractor splits the row around the label
 * `事業終了`: the start year is the cell just before it in the same run, the end year the
 * cell just after `（予定）年度`.
 */
function readYears(ctx: Ctx, c: Collector): { startYear: number | null; endYear: number | null; endNote: string | null } {
  const out = { startYear: null as number | null, endYear: null as number | null, endNote: null as string | null };
  const { lines } = ctx;
  // Same-line forms first: `事業開始年度 平成30年度`, `事業終了(予定)年度 平成32年度`.
  // Older sheets: one cell `事業開始・終了(予定)年度 平成22年度～平成32年度`.
  const combined = findLines(lines, /^事業開始\s*[・･]\s*終了\s*\(予定\)\s*年度\s+(\S+年度)\s*[～〜~]\s*(\S+)$/);
  if (combined.length === 1) {
    const h = combined[0]!;
    const s = yearCell(h.m[1]!, ctx.era);
    const e = yearCell(h.m[2]!, ctx.era);
    if (s !== null) {
      out.startYear = s;
      c.have('startYear', [h.line, h.line]);
    } else c.lack('startYear', `事業開始年度を読めません: ${h.m[1]}`, h.line);
    if (e !== null) {
      out.endYear = e;
      c.have('endYear', [h.line, h.line]);
    } else if (/終了予定なし|未定/.test(h.m[2]!)) {
      out.endNote = cleanLine(h.m[2]!);
      c.have('endNote', [h.line, h.line]);
    } else c.lack('endYear', `事業終了（予定）年度を読めません: ${h.m[2]}`, h.line);
    return out;
  }
  const startSame = findLines(lines, /事業開始年度\s+((?:平成|令和|昭和)\s*(?:元|\d{1,2})\s*年度|(?:19|20)\d{2}年度)/);
  const endSame = findLines(lines, /事業終了\s*\(予定\)\s*年度\s+(\S+)/);
  const endLabel = findLines(lines, /^事業終了(?:\s*\(予定\)\s*年度)?$/);
  const endNoteLabel = findLines(lines, /^\(予定\)\s*年度$/);
  let start: { year: number; line: number } | null = null;
  if (startSame.length === 1) {
    const y = parseFiscalYear(startSame[0]!.m[1]!, ctx.era);
    if (y !== null) start = { year: y, line: startSame[0]!.line };
  } else if (endLabel.length === 1) {
    const l = endLabel[0]!.line;
    const bi = blockIndexOfLine(ctx.blocks, l);
    if (bi >= 0 && ctx.blocks[bi]!.start < l) {
      const y = yearCell(lines[l - 2]!, ctx.era);
      if (y !== null) start = { year: y, line: l - 1 };
    }
  }
  if (start) {
    out.startYear = start.year;
    c.have('startYear', [start.line, start.line]);
  } else c.lack('startYear', '事業開始年度を配置できません');

  let end: { text: string; line: number } | null = null;
  if (endSame.length === 1) end = { text: endSame[0]!.m[1]!, line: endSame[0]!.line };
  else {
    const labels = endNoteLabel.length > 0 ? endNoteLabel : endLabel.filter((h) => /\(予定\)/.test(h.text));
    if (labels.length === 1) {
      const l = labels[0]!.line;
      const bi = blockIndexOfLine(ctx.blocks, l);
      if (bi >= 0 && ctx.blocks[bi]!.end > l) end = { text: lines[l]!, line: l + 1 };
    }
  }
  if (end) {
    const y = yearCell(end.text, ctx.era);
    const f = fold(end.text);
    if (y !== null) {
      out.endYear = y;
      c.have('endYear', [end.line, end.line]);
    } else if (/終了予定なし|未定/.test(f)) {
      out.endNote = cleanLine(end.text);
      c.have('endNote', [end.line, end.line]);
    } else c.lack('endYear', `事業終了（予定）年度を読めません: ${f}`, end.line);
  } else c.lack('endYear', '事業終了（予定）年度を配置できません');
  return out;
}

/**
 * A value from a closed vocabulary standing alone on its line (or after its label on the
 * same line). Accepted only when every such line in the document says the same.
 */
function readVocabulary(ctx: Ctx, field: string, label: string, isValue: (folded: string) => boolean, jp: string): string | null {
  const hits: Array<{ line: number; value: string }> = [];
  ctx.lines.forEach((raw, i) => {
    const f = fold(raw);
    if (f.startsWith(label + ' ')) {
      const v = f.slice(label.length + 1);
      if (isValue(v)) hits.push({ line: i + 1, value: cleanLine(raw.trim().slice(label.length))! });
    } else if (isValue(f)) hits.push({ line: i + 1, value: cleanLine(raw)! });
  });
  const distinct = new Set(hits.map((h) => fold(h.value)));
  if (distinct.size === 1) {
    ctx.c.have(field, [hits[0]!.line, hits[0]!.line]);
    return hits[0]!.value;
  }
  if (distinct.size > 1) ctx.c.lack(field, `${jp}の候補が複数あり確定できません: ${[...distinct].join(' / ')}`, hits[0]!.line);
  else ctx.c.lack(field, `${jp}を配置できません`);
  return null;
}

function listOf(terms: string[]): (f: string) => boolean {
  const set = new Set(terms.map((t) => fold(t)));
  return (f) => {
    const parts = f.split(/\s*[、,，]\s*/);
    return parts.length > 0 && parts.every((p) => set.has(p));
  };
}

const isAccount = (f: string): boolean =>
  f.split(/\s*[、,，]\s*/).every((p) => /^(?:一般会計|[^\s、。]{1,24}特別会計(?:\s*[^\s、。]{1,24}勘定)?)$/.test(p));

/**
 * A cell directly after its label (and the label's note, e.g. `（目指す姿を簡潔に。3行程度以内）`).
 * Returns the block index of the value, or -1.
 */
function valueAfterLabel(ctx: Ctx, labelRe: RegExp, accept: (b: Block) => boolean): { bi: number; sameLine: string | null; line: number } | null {
  const hits = findLines(ctx.lines, labelRe);
  if (hits.length !== 1) return null;
  const line = hits[0]!.line;
  const bi = blockIndexOfLine(ctx.blocks, line);
  if (bi < 0) return null;
  const last = skipLabelNote(ctx.blocks, bi, line);
  const next = ctx.blocks[last + 1];
  if (!next || isLabelBlock(next) || !accept(next)) return { bi: -1, sameLine: null, line };
  return { bi: last + 1, sameLine: null, line };
}

function readLabelledText(ctx: Ctx, field: keyof ProjectRecord, labelRe: RegExp, jp: string, accept: (b: Block) => boolean): string | null {
  const r = valueAfterLabel(ctx, labelRe, accept);
  if (!r || r.bi < 0) {
    ctx.c.lack(field, `${jp}の値を配置できません`, r?.line ?? null);
    return null;
  }
  const b = ctx.blocks[r.bi]!;
  ctx.claimed.add(r.bi);
  ctx.c.have(field, [b.start, b.end]);
  return cleanText(joinWrapped(b.lines, ctx.evidence));
}

function firstCheckLine(ctx: Ctx): number | null {
  for (let i = 0; i < ctx.lines.length; i++) {
    const s = squash(ctx.lines[i]!);
    if (CHECK_QUESTIONS.some((q) => s.startsWith(squash(q)))) return i + 1;
  }
  return null;
}

const WIDE = 100; // display columns: a cell spanning the sheet's value column

/**
 * 事業概要: the only full-width prose cell on the first page that no label-adjacent field
 * has claimed (事業の目的, 根拠法令 and 上位施策との関係 are claimed first). Pages come out
 * in order, so the first page ends where the fixed check questions begin.
 */
function readSummary(ctx: Ctx): string | null {
  const direct = findLines(ctx.lines, /^事業概要\s+(?!\()(.{12,})$/);
  if (direct.length === 1) {
    ctx.c.have('summary', [direct[0]!.line, direct[0]!.line]);
    return cleanText(direct[0]!.m[1]!);
  }
  const end = firstCheckLine(ctx);
  if (end === null) {
    ctx.c.lack('summary', '1ページ目の範囲を確定できないため事業概要を配置できません');
    return null;
  }
  const candidates = ctx.blocks
    .map((b, i) => ({ b, i }))
    .filter(({ b, i }) => b.end < end && !ctx.claimed.has(i) && !isLabelBlock(b) && isProse(b.lines.join('')) && Math.max(...b.lines.map(displayWidth)) >= WIDE);
  if (candidates.length === 1) {
    const { b, i } = candidates[0]!;
    ctx.claimed.add(i);
    ctx.c.have('summary', [b.start, b.end]);
    return cleanText(joinWrapped(b.lines, ctx.evidence));
  }
  ctx.c.lack('summary', candidates.length === 0 ? '事業概要の本文が見つかりません' : `事業概要の候補が${candidates.length}つあり確定できません`, candidates[0]?.b.start ?? null);
  return null;
}

/**
 * 資金の流れ, single level: the ministry's boxes (`総務省` over `408百万円`) and the lettered
 * receiving blocks (`B．地方公共団体等`, `（25団体）`, `400百万円`). The diagram's arrows do not
 * survive extraction, so an edge is published only when the blocks can be shared among the
 * boxes in exactly one way that makes every box's amount the sum of its blocks' amounts.
 */
function readFundingFlow(ctx: Ctx, ministry: string | null, c: Collector): ProjectRecord['fundingFlow'] {
  if (!ministry) return [];
  const { blocks } = ctx;
  const AMOUNT = /^([\d,]+(?:\.\d+)?)\s*百万円$/;
  const amountOf = (t: string): number | null => {
    const m = AMOUNT.exec(fold(t));
    if (!m) return null;
    const r = parseAmountYen(m[1]!, 1_000_000);
    return r.ok ? r.value : null;
  };
  const sources: Array<{ amount: number; span: Span }> = [];
  const targets: Array<{ name: string; count: string | null; amount: number | null; span: Span }> = [];
  blocks.forEach((b, i) => {
    const text = fold(b.lines.join(''));
    if (text === fold(ministry)) {
      const next = blocks[i + 1];
      const amount = next && next.lines.length === 1 ? amountOf(next.lines[0]!) : null;
      if (amount !== null) sources.push({ amount, span: [b.start, next!.end] });
      return;
    }
    const m = /^([A-ZＡ-Ｚ])\s*[.．]\s*(.*[\u3040-\u30ff\u4e00-\u9fff].*)$/.exec(b.lines[0]!.trim());
    if (!m || b.lines.length > 2) return;
    let name = m[2]!.trim();
    let amount: number | null = null;
    let count: string | null = null;
    let end = b.end;
    const same = /^(.*?)\s+([\d,]+(?:\.\d+)?\s*百万円)$/.exec(name);
    if (same) {
      name = same[1]!;
      amount = amountOf(same[2]!);
    }
    // The count and the amount follow in the next run(s), before any other box.
    for (let k = i + 1; amount === null && k <= i + 2 && blocks[k]; k++) {
      const nb = blocks[k]!;
      for (const l of nb.lines) {
        const f = fold(l);
        if (/^\(\s*[\d,]+\s*(?:団体|者|件|社|機関|法人|人)\s*\)$/.test(f)) count = cleanLine(l);
        else if (amountOf(l) !== null) amount = amountOf(l);
      }
      if (amount !== null) end = nb.end;
    }
    targets.push({ name: cleanLine(`${m[1]}．${name}`)!, count, amount, span: [b.start, end] });
  });
  if (sources.length === 0 || targets.length === 0) return [];
  if (targets.some((t) => t.amount === null)) {
    c.warn('fundingFlow', '資金の流れに金額のない支出先ブロックがあるため、流れを確定できません');
    return [];
  }
  // Count the ways to share the blocks among the boxes (stop at two: only a unique one is used).
  const assign: number[] = [];
  let solution: number[] | null = null;
  let solutions = 0;
  const left = sources.map((s) => s.amount);
  const search = (k: number): void => {
    if (solutions > 1) return;
    if (k === targets.length) {
      if (left.every((x) => x === 0)) {
        solutions++;
        solution = [...assign];
      }
      return;
    }
    for (let j = 0; j < sources.length; j++) {
      if (left[j]! < targets[k]!.amount!) continue;
      left[j]! -= targets[k]!.amount!;
      assign.push(j);
      search(k + 1);
      assign.pop();
      left[j]! += targets[k]!.amount!;
    }
  };
  if (targets.length <= 16) search(0);
  if (solutions !== 1 || !solution) {
    c.warn('fundingFlow', solutions === 0 ? '資金の流れの金額が支出元と支出先ブロックで一致しないため、流れを確定できません' : '資金の流れの支出元と支出先の組合せが一通りに定まらないため、取り込んでいません');
    return [];
  }
  const chosen: number[] = solution;
  const flow: ProjectRecord['fundingFlow'] = targets.map((t) => ({ from: ministry, to: t.name, amount: t.amount, method: null, note: t.count }));
  flow.forEach((_, k) => {
    const src = sources[chosen[k]!]!;
    c.have(`fundingFlow.${k}`, [Math.min(src.span[0], targets[k]!.span[0]), Math.max(src.span[1], targets[k]!.span[1])]);
  });
  if (ctx.lines.some((l) => /資金の流れ[^。]*想定/.test(l))) c.warn('fundingFlow', '資金の流れは予定・想定の金額であると注記されています');
  return flow;
}

/**
 * 関係する計画、通知等: its cell is not placed next to its label, but it is the only cell on
 * the first page that lists decisions with their dates (`…（平成30年6月15日閣議決定）`) rather
 * than sentences; 根拠法令 (laws) is claimed before. Taken only when exactly one such run exists.
 */
function readRelatedPlans(ctx: Ctx): string | null {
  const direct = findLines(ctx.lines, /^関係する計画、?通知等\s+(.+)$/);
  if (direct.length === 1) {
    ctx.c.have('relatedPlans', [direct[0]!.line, direct[0]!.line]);
    return cleanText(direct[0]!.m[1]!);
  }
  const end = firstCheckLine(ctx);
  if (end === null) {
    ctx.c.lack('relatedPlans', '1ページ目の範囲を確定できないため関係する計画・通知等を配置できません');
    return null;
  }
  const DECISION = /(?:閣議|本部|会議|審議会)?(?:決定|改定|改訂|策定|通知|了承)\s*[）)]/;
  const candidates = ctx.blocks
    .map((b, i) => ({ b, i }))
    .filter(({ b, i }) => {
      const t = fold(b.lines.join(''));
      // `（出典）…` is the outcome's data source (根拠として用いた統計・データ名), not a plan.
      return b.end < end && !ctx.claimed.has(i) && !isLabelBlock(b) && !/^\(出典\)/.test(fold(b.lines[0]!)) && DECISION.test(t) && !/。$/.test(t);
    });
  if (candidates.length === 1) {
    const { b, i } = candidates[0]!;
    ctx.claimed.add(i);
    ctx.c.have('relatedPlans', [b.start, b.end]);
    return cleanText(joinWrapped(b.lines, ctx.evidence));
  }
  ctx.c.lack('relatedPlans', candidates.length === 0 ? '関係する計画・通知等を配置できません' : `関係する計画・通知等の候補が${candidates.length}つあり確定できません`, candidates[0]?.b.start ?? null);
  return null;
}

/** `施策 ２．情報通信技術高度利活用の推進`, `政策 Ⅴ．情報通信（ICT政策）`. */
function readPolicy(ctx: Ctx): ProjectRecord['policy'] {
  const policy: ProjectRecord['policy'] = { area: null, measure: null, measureId: null };
  const get = (label: string, field: string, jp: string): string | null => {
    const hits: Array<{ line: number; v: string }> = [];
    ctx.lines.forEach((raw, i) => {
      const m = new RegExp(`^${label}[\\s\\u3000]+(.+)$`).exec(raw.trim());
      if (m && m[1]!.length <= 60 && !/[。]/.test(m[1]!) && !isLabelText(m[1]!)) hits.push({ line: i + 1, v: cleanLine(m[1])! });
    });
    const distinct = new Set(hits.map((h) => fold(h.v)));
    if (distinct.size === 1) {
      ctx.c.have(field, [hits[0]!.line, hits[0]!.line]);
      return hits[0]!.v;
    }
    ctx.c.lack(field, distinct.size > 1 ? `${jp}の候補が複数あります` : `${jp}を配置できません`, hits[0]?.line ?? null);
    return null;
  };
  policy.area = get('政策', 'policy.area', '政策');
  const measure = get('施策名?', 'policy.measure', '施策');
  policy.measure = measure ? normalizeMeasureName(measure) || null : null;
  return policy;
}

interface Money {
  cells: string[];
  line: number;
}

/** Numeric cells in the runs right after a column header, one value per run (first cell of each). */
function columnValues(ctx: Ctx, headerLine: number, max: number): Money[] {
  const bi = blockIndexOfLine(ctx.blocks, headerLine);
  const out: Money[] = [];
  const b0 = ctx.blocks[bi]!;
  // Values may continue in the header's own block, then in the following blocks.
  const tail = b0.lines.slice(headerLine - b0.start + 1).map((l, k) => ({ l, line: headerLine + 1 + k }));
  const seq: Array<{ l: string; line: number }> = [...tail];
  for (let k = bi + 1; k < ctx.blocks.length && seq.length < max + 2; k++) {
    const b = ctx.blocks[k]!;
    b.lines.forEach((l, j) => seq.push({ l, line: b.start + j }));
  }
  for (const { l, line } of seq) {
    const cells = numericCells(l);
    if (!cells) break;
    out.push({ cells, line });
    if (out.length >= max) break;
  }
  return out;
}

function yen(cell: string, unit: number): number | null | undefined {
  const r = parseAmountYen(cell, unit);
  return r.ok ? r.value : undefined;
}

/**
 * 予算内訳 and the budget of the review year and of the request year.
 *
 * Item names: the runs between the label `歳出予算目` and `計`. Amounts: the numeric runs
 * under the column headers `30年度当初予算` / `31年度要求`. A column is accepted only when
 * its items sum to its 計 (or, for a column printed without 計, when that sum appears as a
 * cell next to the current column's 計 elsewhere in the budget table).
 */
function readBudget(ctx: Ctx, reviewYear: number | null, c: Collector): { budget: ProjectRecord['budget']; breakdown: BudgetItem[] } {
  const budget: ProjectRecord['budget'] = [];
  const breakdown: BudgetItem[] = [];
  const labelHits = findLines(ctx.lines, /^歳出予算目$/);
  const unitLine = findLines(ctx.lines, /^\(単位\s*[:：]\s*(百万円|千円|円)\)$/);
  const units = new Set(unitLine.map((h) => unitInYen(h.text)));
  const unit = units.size === 1 ? [...units][0]! : null;
  if (labelHits.length !== 1 || unit === null) {
    c.lack('budgetBreakdown', labelHits.length !== 1 ? '予算内訳（歳出予算目）の表を特定できません' : '予算の単位（百万円等）を確定できません');
    c.lack('budget', '予算額を配置できません');
    return { budget, breakdown };
  }
  const bi = blockIndexOfLine(ctx.blocks, labelHits[0]!.line);
  const items: Array<{ name: string; span: Span }> = [];
  let totalFound = false;
  for (let k = bi + 1; k < ctx.blocks.length && k <= bi + 40; k++) {
    const b = ctx.blocks[k]!;
    const f = fold(b.lines.join(''));
    if (f === '計') {
      totalFound = true;
      break;
    }
    if (isLabelBlock(b) || numericCells(b.lines[0]!) || b.lines.length > 4) break;
    items.push({ name: joinNarrow(b.lines, ctx.evidence), span: [b.start, b.end] });
  }
  if (!totalFound || items.length === 0) {
    c.lack('budgetBreakdown', '予算内訳の費目の並びを確定できません', labelHits[0]!.line);
    c.lack('budget', '予算額を配置できません');
    return { budget, breakdown };
  }

  const sum = (vs: Array<number | null>): number | null => (vs.some((v) => v === null) ? null : vs.reduce<number>((a, v) => a + (v as number), 0));
  // Current year column.
  const curHeaders = findLines(ctx.lines, /^((?:平成|令和)?\s*(?:\d{1,2}|元)\s*年度)\s*当初予算$/);
  let current: { year: number; values: Array<number | null>; total: number | null; span: Span } | null = null;
  if (curHeaders.length === 1) {
    const h = curHeaders[0]!;
    const year = parseFiscalYear(h.m[1]!, ctx.era);
    const vals = columnValues(ctx, h.line, items.length + 1);
    const parsed = vals.map((v) => yen(v.cells[0]!, unit));
    if (year !== null && vals.length === items.length + 1 && parsed.every((v) => v !== undefined)) {
      const itemVals = parsed.slice(0, items.length) as Array<number | null>;
      const total = parsed[items.length] as number | null;
      // Second, independent evidence: the same 計 in the budget table's all-years row (`0 0 0 460 450`).
      const inBudgetTable = total !== null && ctx.lines.some((l) => {
        const cells = numericCells(l);
        return !!cells && cells.length >= 3 && cells.some((x) => yen(x, unit) === total);
      });
      if (total !== null && total > 0 && sum(itemVals) === total && inBudgetTable) current = { year, values: itemVals, total, span: [h.line, vals[vals.length - 1]!.line] };
    }
    if (!current) c.warn('budgetBreakdown', '当年度当初予算の列の値が費目の合計・予算額の表と一致しないため取り込みません', h.line);
  }
  // Request column (printed with or without its 計).
  // The label may be merged with its neighbour `主な増減理由` on one extracted line.
  const reqHeaders = findLines(ctx.lines, /^(?:主な増減理由\s*)?((?:平成|令和)?\s*(?:\d{1,2}|元)\s*年度)\s*要求$/);
  type Column = { year: number; values: Array<number | null>; total: number | null; span: Span };
  let request: Column | null = null;
  const reqCandidates: Column[] = [];
  for (const h of reqHeaders) {
    const year = parseFiscalYear(h.m[1]!, ctx.era);
    const vals = columnValues(ctx, h.line, items.length + 1);
    const parsed = vals.map((v) => yen(v.cells[0]!, unit));
    if (year === null || parsed.some((v) => v === undefined) || vals.length < items.length) continue;
    const itemVals = parsed.slice(0, items.length) as Array<number | null>;
    const s = sum(itemVals);
    if (s === null) continue;
    if (vals.length === items.length + 1 && parsed[items.length] === s) {
      reqCandidates.push({ year, values: itemVals, total: s, span: [h.line, vals[vals.length - 1]!.line] });
    } else if (current && current.total !== null) {
      // No 計 under the header: accept when the budget table shows the pair (current 計, this sum).
      const pair = ctx.lines.findIndex((l) => {
        const cells = numericCells(l);
        if (!cells || cells.length < 2) return false;
        for (let k = 0; k + 1 < cells.length; k++) if (yen(cells[k]!, unit) === current!.total && yen(cells[k + 1]!, unit) === s) return true;
        return false;
      });
      if (pair >= 0) reqCandidates.push({ year, values: itemVals, total: s, span: [h.line, vals[items.length - 1]!.line] });
    }
  }
  if (reqCandidates.length === 1) request = reqCandidates[0]!;
  else c.lack('budget.request', reqCandidates.length > 1 ? '要求額の列の候補が複数あります' : '翌年度要求額を配置できません');

  if (current && reviewYear !== null && current.year !== reviewYear) {
    c.warn('budget', `予算内訳の当初予算の年度 (${current.year}) が表題の年度 (${reviewYear}) と異なります`, current.span[0]);
  }
  if (request && current && request.year !== current.year + 1) {
    c.warn('budget', `要求額の年度 (${request.year}) が当年度の翌年度ではありません; 取り込みません`, request.span[0]);
    request = null;
  }
  if (current || request) {
    items.forEach((it, k) => {
      breakdown.push({ item: it.name, current: current ? current.values[k]! : null, request: request ? request.values[k]! : null, note: null });
      c.have(`budgetBreakdown.${k}.item`, it.span);
      if (current) c.have(`budgetBreakdown.${k}.current`, current.span);
      if (request) c.have(`budgetBreakdown.${k}.request`, request.span);
    });
    c.warn('budgetBreakdown', '主な増減理由は費目との対応を確定できないため取り込んでいません');
  } else c.lack('budgetBreakdown', '予算内訳の金額を配置できません');
  const blank = { supplementary: null, carriedIn: null, carriedOut: null, reserve: null, executed: null, executionRate: null };
  if (current) {
    budget.push({ fiscalYear: current.year, initial: current.total, total: null, ...blank, isRequest: false });
    c.have(`budget.${budget.length - 1}.initial`, current.span);
  } else c.lack('budget', '当年度の当初予算を配置できません');
  if (request) {
    budget.push({ fiscalYear: request.year, initial: request.total, total: request.total, ...blank, isRequest: true });
    c.have(`budget.${budget.length - 1}.initial`, request.span);
    c.have(`budget.${budget.length - 1}.total`, request.span);
  }
  c.warn('budget', '予算額・執行額の表の過去年度の値・補正予算・繰越し・執行額は、抽出テキストの並びから行と列を確定できないため取り込んでいません');
  return { budget, breakdown };
}

/**
 * The outcome's final target and year. The year is the digit printed in the
 * `目標最終年度` header cell (`年度 年度32`); the target is the number that the
 * outcome's own sentence states next to the outcome's unit (`…地方公共団体数800を実現`,
 * `…事業者数を８者とする`) and that also stands as a cell of its own.
 */
function readOutcome(ctx: Ctx, c: Collector): Outcome[] {
  const unitHits = findLines(ctx.lines, /^\(アウトカム\)\s+(\S{1,20})$/);
  const units = new Set(unitHits.map((h) => h.m[1]!));
  const headerHits = findLines(ctx.lines, /^(?:年度\s+)?年度\s*(\d{1,2}|元)$/);
  const years = new Set(headerHits.map((h) => parseFiscalYear(`${h.m[1]}年度`, ctx.era)));
  if (unitHits.length === 0 && headerHits.length === 0) {
    c.lack('outcomes', '成果目標の表を特定できません');
    return [];
  }
  const unit = units.size === 1 ? cleanLine(unitHits[0]!.m[1]!) : null;
  let finalYear: number | null = null;
  let yearSpan: Span | null = null;
  if (years.size === 1 && [...years][0] !== null) {
    finalYear = [...years][0]!;
    yearSpan = [headerHits[0]!.line, headerHits[0]!.line];
  } else c.lack('outcomes.finalYear', '目標最終年度を配置できません', headerHits[0]?.line ?? null);

  let finalTarget: number | null = null;
  let goal: string | null = null;
  let targetSpan: Span | null = null;
  if (unit) {
    const standalone = new Set(ctx.lines.map((l) => fold(l)).filter((f) => /^\d[\d,]*(?:\.\d+)?$/.test(f)).map((f) => f.replace(/,/g, '')));
    const u = squash(unit).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // The number must not run on into another unit (`地方公共団体数` + `400百万円` is two cells).
    const re = new RegExp(`${u}(?:を|は)?(\\d[\\d,]*(?:\\.\\d+)?)(?![\\d,.]|百万|千|億|円|%|％|件|人|者|団体)|(\\d[\\d,]*(?:\\.\\d+)?)${u}`, 'g');
    const found: Array<{ v: string; b: Block; i: number }> = [];
    ctx.blocks.forEach((b, i) => {
      const text = squash(b.lines.join(''));
      // A sentence (kana), in which the number is part of a line, not a cell of its own.
      if (!/[ぁ-ん]/.test(text)) return;
      for (const m of text.matchAll(re)) {
        const v = (m[1] ?? m[2])!.replace(/,/g, '');
        if (standalone.has(v) && !b.lines.some((l) => fold(l).replace(/,/g, '') === v)) found.push({ v, b, i });
      }
    });
    const distinct = new Set(found.map((f) => f.v));
    const blocksWith = new Set(found.map((f) => f.i));
    if (distinct.size === 1) {
      finalTarget = Number([...distinct][0]);
      const { b } = found[0]!;
      targetSpan = [b.start, b.end];
      // The sentence that states the target is the 定量的な成果目標 when it is a narrow cell of its own.
      if (blocksWith.size === 1 && !ctx.claimed.has(found[0]!.i) && Math.max(...b.lines.map(displayWidth)) < WIDE) {
        goal = cleanText(joinNarrow(b.lines, ctx.evidence));
        ctx.claimed.add(found[0]!.i);
      }
      // The goal sentence names its year too: it must agree with the header.
      const goalYear = parseFiscalYear(b.lines.join(''), ctx.era);
      if (goalYear !== null && finalYear !== null && goalYear !== finalYear) {
        c.warn('outcomes.finalYear', `目標最終年度 (${finalYear}) と成果目標の文の年度 (${goalYear}) が一致しないため、年度を取り込みません`, b.start);
        finalYear = null;
        yearSpan = null;
      }
    } else c.lack('outcomes.finalTarget', distinct.size > 1 ? `目標値の候補が複数あります: ${[...distinct].join(', ')}` : '目標最終年度の目標値を配置できません');
  } else c.lack('outcomes.finalTarget', '成果指標の単位を確定できないため目標値を配置できません');
  if (finalTarget === null && finalYear === null && !unit) return [];
  // 根拠として用いた統計・データ名（出典）: the label's last line `（出典）` heads the value's run.
  let dataSource: string | null = null;
  const src = findLines(ctx.lines, /^\(出典\)$/);
  if (src.length === 1) {
    const b = ctx.blocks[blockIndexOfLine(ctx.blocks, src[0]!.line)]!;
    const rest = b.lines.slice(src[0]!.line - b.start + 1);
    if (rest.length > 0 && rest.length <= 3 && !rest.some((l) => isLabelText(l) || /【|^[-－‐]$/.test(l.trim()))) {
      dataSource = cleanText(joinWrapped(rest, ctx.evidence));
      c.have('outcomes.0.dataSource', [src[0]!.line + 1, b.end]);
    }
  }
  if (unit) c.have('outcomes.0.unit', [unitHits[0]!.line, unitHits[0]!.line]);
  if (yearSpan) c.have('outcomes.0.finalYear', yearSpan);
  if (targetSpan) c.have('outcomes.0.finalTarget', targetSpan);
  if (goal && targetSpan) c.have('outcomes.0.goal', targetSpan);
  c.warn('outcomes', '成果指標名と年度別の成果実績・目標値は、抽出テキストの並びから配置を確定できないため取り込んでいません');
  return [{ goal, indicator: null, unit, values: [], finalTarget, finalYear, dataSource }];
}

/**
 * 関連する過去のレビューシートの事業番号: lines made only of `平成NN年度` cells and their
 * numbers (`平成29年度 総務省 新30 0020 総務省 　 0079`).
 */
function readPastNumbers(ctx: Ctx, c: Collector): PastNumber[] {
  if (!ctx.lines.some((l) => squash(l).includes('関連する過去のレビューシートの事業番号'))) {
    c.lack('pastNumbers', '「関連する過去のレビューシートの事業番号」欄がありません');
    return [];
  }
  const out: PastNumber[] = [];
  const seen = new Set<string>();
  ctx.lines.forEach((raw, i) => {
    const tokens = raw.trim().split(/[ \t]+/).filter((t) => t !== '');
    if (tokens.length < 2) return;
    const isYear = (t: string): boolean => /^(?:平成|令和)(?:元|\d{1,2})年度$/.test(fold(t));
    const isDash = (t: string): boolean => /^[-－‐―−ー]+$/.test(fold(t));
    const isMinistry = (t: string): boolean => /^[^\d\s]{1,12}(?:省|庁|府|委員会|院|官房)$/.test(fold(t));
    const isPart = (t: string): boolean => /^(?:新)?\d{1,4}$/.test(fold(t));
    const isBlank = (t: string): boolean => fold(t) === '';
    if (!tokens.some(isYear) || !tokens.every((t) => isYear(t) || isDash(t) || isMinistry(t) || isPart(t) || isBlank(t))) return;
    let year: number | null = null;
    let cur: string[] = [];
    let leading = true;
    const flush = (): void => {
      if (cur.length > 0 && year !== null) {
        const n = normalizeProjectNumber(cur.join(' '));
        if (n && /\d{3,4}$/.test(n) && !seen.has(`${year}:${n}`)) {
          seen.add(`${year}:${n}`);
          out.push({ fiscalYear: year, number: n });
          c.have(`pastNumbers.${out.length - 1}`, [i + 1, i + 1]);
        }
      } else if (cur.length > 0) c.warn('pastNumbers', `年度を確定できない事業番号があります: ${cur.join(' ')}`, i + 1);
      cur = [];
    };
    for (const t of tokens) {
      if (isYear(t)) {
        flush();
        year = parseFiscalYear(t);
        leading = false;
      } else if (isMinistry(t) || isDash(t)) flush();
      else if (isPart(t)) {
        if (leading) {
          c.warn('pastNumbers', `年度の前に置かれた値を配置できません: ${t}`, i + 1);
          continue;
        }
        if (cur.length > 0 && /^\d{3,4}$/.test(fold(cur[cur.length - 1]!))) flush();
        cur.push(fold(t));
      }
    }
    flush();
  });
  if (out.length === 0 && !c.missing.includes('pastNumbers')) c.missing.push('pastNumbers');
  return out;
}

export function parseReviewSheetTextFlow(input: LegacyInput): ParsedDocument {
  const { decoded, file } = input;
  const c = new Collector();
  const tail = untrustedTail(decoded.text, decoded.lines);
  const lines = tail.lines;
  if (tail.dropped !== null) c.warn('(document)', 'ファイルが改行で終わらず最終行が数字で途切れているため、切り詰められている可能性がありこの行は使用しません', tail.dropped);
  const ctx: Ctx = { lines, blocks: toBlocks(lines), evidence: lines.join('\n'), era: null, c, claimed: new Set() };
  const title = readTitle(ctx);
  ctx.era = title.era;
  if (!ctx.era) c.warn('(document)', '表題の元号がないため「30年度」のような短い年度表記を西暦にできません');
  const projectNumber = readProjectNumber(ctx);
  const row = readNameRow(ctx);
  const div = readDivisionRow(ctx, row.responsible !== null);
  const years = readYears(ctx, c);
  const accountType = readVocabulary(ctx, 'accountType', '会計区分', isAccount, '会計区分');
  const implementation = readVocabulary(ctx, 'implementation', '実施方法', listOf(IMPLEMENTATION_TERMS), '実施方法');
  const mainPolicy = readVocabulary(ctx, 'mainPolicy', '主要政策・施策', listOf(MAIN_POLICIES), '主要政策・施策');
  const mainExpense = readVocabulary(ctx, 'mainExpense', '主要経費', listOf(MAIN_EXPENSES), '主要経費');
  const purpose = readLabelledText(ctx, 'purpose', /^事業の目的(?:\s|\(|$)/, '事業の目的', (b) => isProse(b.lines.join('')));
  const legalBasis = readLabelledText(ctx, 'legalBasis', /^根拠法令/, '根拠法令', (b) => /法|令|規則|条|告示|要綱|要領|決定/.test(b.lines.join('')) && !numericCells(b.lines[0]!));
  // Claimed only so that it is not mistaken for the 事業概要; not a record field.
  const rel = valueAfterLabel(ctx, /^本事業の成果と上位施策・測定指標との関係$/, (b) => isProse(b.lines.join('')));
  if (rel && rel.bi >= 0) ctx.claimed.add(rel.bi);
  const summary = readSummary(ctx);
  const policy = readPolicy(ctx);
  const { budget, breakdown } = readBudget(ctx, title.reviewYear, c);
  const outcomes = readOutcome(ctx, c);
  const pastNumbers = readPastNumbers(ctx, c);
  const fundingFlow = readFundingFlow(ctx, title.ministry, c);
  const relatedPlans = readRelatedPlans(ctx);
  // Sections whose cells the extraction scatters beyond placing (one warning, each listed as missing).
  const skipped = [['activities', '活動指標'], ['unitCosts', '単位当たりコスト'], ['checks', '点検・改善結果'], ['recipients', '支出先上位10者リスト'], ['expenses', '費目・使途'], ['reviewTeam', '行政事業レビュー推進チームの所見'], ['externalOpinion', '外部有識者の所見']] as const;
  for (const [field] of skipped) if (!c.missing.includes(field)) c.missing.push(field);
  c.warn('(sections)', `次の欄は抽出テキストの並びから値の位置を確定できないため取り込んでいません（原文を参照してください）: ${skipped.map(([, jp]) => jp).join('、')}`);

  const id = legacyProjectId(title.reviewYear, title.ministry, projectNumber, row.name, decoded);
  const source = { file, sha256: decoded.sha256, layout: 'text-flow' as const, lineCount: lines.length, encoding: decoded.encoding };
  const project: ProjectRecord = {
    ...emptyProject(id, row.name ?? file, source, c.warnings),
    reviewYear: title.reviewYear,
    ministry: title.ministry ?? '不明',
    projectNumber,
    bureau: row.bureau,
    division: div.division,
    responsible: row.responsible ?? div.responsible,
    startYear: years.startYear,
    endYear: years.endYear,
    endNote: years.endNote,
    accountType,
    legalBasis,
    relatedPlans,
    mainPolicy,
    mainExpense,
    purpose,
    summary,
    implementation,
    policy,
    budget,
    budgetBreakdown: breakdown,
    outcomes,
    pastNumbers,
    fundingFlow,
    provenance: c.provenance,
    warnings: c.warnings,
  };
  const missing = c.missing.filter((f) => !c.found.includes(f));
  return { kind: 'review-sheet', project, fieldsFound: [...c.found].sort(), fieldsMissing: missing.sort(), warnings: c.warnings };
}
