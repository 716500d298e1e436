/**
 * One JUDGIT! record (行政事業レビューシートLOD, one JSON file = one review sheet) → a
 * ProjectRecord. Pure. Every value's provenance is the file and its JSON path (with the
 * lines it spans); amounts are 百万円 in the source and integer yen here, converted exactly
 * (decimal.ts), the original text and unit kept in provenance.
 *
 * The data's quirks are reported, never repaired: a 予算計 that is not the sum of its parts,
 * a number stored as a string (read, with a warning), an empty section, a value of the wrong
 * type (null + warning). Fields the database does not hold (根拠法令, 点検, 資金の流れ …) stay
 * empty and are listed as missing in the report, not as warnings.
 */
import type { BudgetYear, ProjectRecord, Warning } from '../../../schemas/index.ts';
import type { JsonRef, SourceInfo } from '../../../schemas/common.ts';
import { normalizeCorporateNumber } from '../../normalize/corporate-number.ts';
import { normalizeProjectNumber } from '../../normalize/project-number.ts';
import { cleanLine, cleanText } from '../../normalize/text.ts';
import { canonicalMinistryName, ministrySlug } from '../../ministries.ts';
import { emptyProject } from '../fallback.ts';
import { legacyProjectId, projectNumberSlug } from '../ids.ts';
import { foreignNumberMinistry } from './number-ministry.ts';
import { decimalNumber, millionYenToYen } from './decimal.ts';
import type { JsonNode } from './json-positions.ts';

export const JUDGIT_UNIT = '百万円';

/** Fields a JUDGIT record can fill; what the database does not hold is never "found". */
const JUDGIT_FIELDS = ['reviewYear', 'ministry', 'projectNumber', 'name', 'bureau', 'division', 'responsible', 'startYear', 'endYear', 'accountType', 'purpose', 'summary', 'implementation', 'mainPolicy', 'budget', 'recipients', 'outcomes', 'activities', 'pastNumbers'] as const;
/** Sections of a full sheet that the database leaves out (README: not in these records). */
export const NOT_IN_JUDGIT = ['legalBasis', 'relatedPlans', 'budgetBreakdown', 'unitCosts', 'checks', 'externalOpinion', 'reviewTeam', 'fundingFlow', 'expenses', 'policy'];

export interface JudgitMapped {
  project: ProjectRecord;
  fieldsFound: string[];
  fieldsMissing: string[];
  /** JUDGIT's own 事業ID (2015–2020): kept for diagnostics only, never used as identity. */
  judgitProjectId: number | null;
  /** The JSON is not a JUDGIT! record at all (not an object): the file is reported, not published. */
  notJudgit?: boolean;
}

type Obj = Extract<JsonNode, { t: 'obj' }>;

class Ctx {
  readonly warnings: Warning[] = [];
  readonly provenance: Record<string, JsonRef> = {};
  /** Paths of numbers written as strings: one warning per record, not one per value. */
  readonly stringNumbers: string[] = [];
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }
  warn(field: string, message: string, node: JsonNode | null | undefined) {
    this.warnings.push({ field, message, line: node ? node.line : null });
  }
  have(field: string, path: string, node: JsonNode, extra?: { original: string; unit: string }) {
    this.provenance[field] = { file: this.file, path, lines: [node.line, Math.max(node.line, node.end)], ...(extra ?? {}) };
  }
}

const get = (o: Obj | null, key: string): JsonNode | undefined => o?.entries.get(key);
const isObj = (n: JsonNode | undefined): n is Obj => n?.t === 'obj';
const items = (n: JsonNode | undefined): JsonNode[] => (n?.t === 'arr' ? n.items : []);

/** A text value: strings as they are, null/absent → null, anything else → null + warning. */
function text(c: Ctx, o: Obj | null, key: string, path: string, field: string, multiline = false): string | null {
  const n = get(o, key);
  if (!n || n.t === 'null') return null;
  if (n.t === 'num') {
    c.warn(field, `${path} が文字列ではなく数値（${n.raw}）で記録されています。文字列として読みました`, n);
    c.have(field, path, n);
    return n.raw;
  }
  if (n.t !== 'str') {
    c.warn(field, `${path} が文字列ではありません（${n.t}）。読み取りませんでした`, n);
    return null;
  }
  const v = multiline ? cleanText(n.v) : cleanLine(n.v);
  if (v !== null) c.have(field, path, n);
  return v;
}

/** A list of strings joined with 、 (会計区分, 実施方法, 主要施策). */
function textList(c: Ctx, o: Obj | null, key: string, field: string): string | null {
  const n = get(o, key);
  if (!n || n.t === 'null') return null;
  if (n.t !== 'arr') {
    if (n.t === 'str') {
      c.warn(field, `${key} が配列ではなく文字列で記録されています`, n);
      const v = cleanLine(n.v);
      if (v !== null) c.have(field, key, n);
      return v;
    }
    c.warn(field, `${key} が配列ではありません（${n.t}）。読み取りませんでした`, n);
    return null;
  }
  const out: string[] = [];
  n.items.forEach((it, i) => {
    if (it.t === 'str') {
      const v = cleanLine(it.v);
      if (v !== null && !out.includes(v)) out.push(v);
    } else if (it.t !== 'null') c.warn(field, `${key}[${i}] が文字列ではありません（${it.t}）`, it);
  });
  if (out.length === 0) return null;
  c.have(field, key, n);
  return out.join('、');
}

/** An integer year (開始年度, 年度 …): a JSON integer in range, else null + warning. */
function year(c: Ctx, n: JsonNode | undefined, path: string, field: string): number | null {
  if (!n || n.t === 'null') return null;
  let raw: string | null = null;
  if (n.t === 'num') raw = n.raw;
  else if (n.t === 'str' && /^\s*\d{4}\s*$/.test(n.v)) {
    c.stringNumbers.push(path);
    raw = n.v.trim();
  }
  const v = raw === null ? null : Number(raw);
  if (v === null || !Number.isInteger(v) || v < 1900 || v > 2100) {
    c.warn(field, `${path} を年度として読めません（${n.t === 'num' ? n.raw : n.t === 'str' ? `「${n.v}」` : n.t}）`, n);
    return null;
  }
  return v;
}

/** The text of a numeric value: a JSON number's exact text, or a numeric string (noted). */
function numericText(c: Ctx, n: JsonNode | undefined, path: string, field: string): string | null {
  if (!n || n.t === 'null') return null;
  if (n.t === 'num') return n.raw;
  if (n.t === 'str') {
    const s = n.v.normalize('NFKC').trim();
    if (s === '' || /^[-－‐―]$/.test(s)) return null;
    if (/^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(s)) {
      c.stringNumbers.push(path);
      return s;
    }
    c.warn(field, `${path} の値「${n.v.slice(0, 40)}」は数値として読めません。空欄としました`, n);
    return null;
  }
  c.warn(field, `${path} が数値ではありません（${n.t}）。空欄としました`, n);
  return null;
}

const YEN = new Intl.NumberFormat('en');

/** An amount in 百万円 → integer yen, provenance with the original text and unit. */
function money(c: Ctx, n: JsonNode | undefined, path: string, field: string): number | null {
  const raw = numericText(c, n, path, field);
  if (raw === null) return null;
  const r = millionYenToYen(raw);
  if (!r.ok) {
    c.warn(field, `${path}: ${r.reason}（単位 ${JUDGIT_UNIT}）。空欄としました`, n);
    return null;
  }
  if (r.binaryNoise) {
    // Not a silent repair: the original text stays in provenance and the reading is stated.
    c.warn(field, `${path} の値「${raw}」は2進浮動小数点の計算誤差を含む表記です（倍精度が保てる有効数字15桁では ${r.binaryNoise.decimal}）。${r.binaryNoise.decimal}${JUDGIT_UNIT}（${YEN.format(r.value)}円）として読みました`, n);
  }
  c.have(field, path, n!, { original: raw, unit: JUDGIT_UNIT });
  return r.value;
}

/** An indicator value (not money): the number as written. */
function quantity(c: Ctx, n: JsonNode | undefined, path: string, field: string): number | null {
  const raw = numericText(c, n, path, field);
  if (raw === null) return null;
  const v = decimalNumber(raw);
  if (v === null || !Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER) {
    c.warn(field, `${path} の値 ${raw} は扱える範囲を超えています。空欄としました`, n);
    return null;
  }
  c.have(field, path, n!, { original: raw, unit: '' });
  return v;
}

const BUDGET_PARTS = [
  ['当初予算', 'initial'],
  ['補正予算', 'supplementary'],
  ['前年度から繰越し', 'carriedIn'],
  ['翌年度へ繰越し', 'carriedOut'],
  ['予備費等', 'reserve'],
  ['予算計', 'total'],
  ['執行額', 'executed'],
] as const;

function readBudget(c: Ctx, o: Obj): BudgetYear[] {
  const node = get(o, '予算');
  const out: BudgetYear[] = [];
  if (node && node.t !== 'arr' && node.t !== 'null') c.warn('budget', `予算 が配列ではありません（${node.t}）`, node);
  const seen = new Set<string>();
  items(node).forEach((row, i) => {
    const base = `予算[${i}]`;
    if (!isObj(row)) {
      c.warn('budget', `${base} がオブジェクトではありません（${row.t}）`, row);
      return;
    }
    const fy = year(c, get(row, '年度'), `${base}.年度`, 'budget');
    if (fy === null) {
      c.warn('budget', `${base} に年度がないため、この行を読み取りませんでした`, row);
      return;
    }
    const isRequest = row.entries.has('要求額') && !row.entries.has('当初予算');
    const key = `${fy}${isRequest ? 'r' : ''}`;
    if (seen.has(key)) {
      c.warn('budget', `${base}: ${fy}年度の${isRequest ? '要求額' : '予算'}の行が重複しています。後の行は読み取りませんでした`, row);
      return;
    }
    seen.add(key);
    const field = `budget.${out.length}`;
    const b: BudgetYear = { fiscalYear: fy, initial: null, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total: null, executed: null, executionRate: null, isRequest };
    if (isRequest) {
      // The request is the next year's initial budget as asked for (as a legacy sheet's 要求 column).
      b.initial = money(c, get(row, '要求額'), `${base}.要求額`, `${field}.initial`);
      b.total = b.initial;
      if (b.total !== null) c.provenance[`${field}.total`] = c.provenance[`${field}.initial`]!;
    } else {
      for (const [label, prop] of BUDGET_PARTS) b[prop] = money(c, get(row, label), `${base}.${label}`, `${field}.${prop}`);
      for (const k of row.entries.keys()) {
        if (k !== '年度' && !BUDGET_PARTS.some(([l]) => l === k)) c.warn('budget', `${base} に未知の項目「${k}」があります。読み取りませんでした`, row.entries.get(k));
      }
      // 計 = 当初 + 補正 + 前年度から繰越し + 予備費等 (翌年度へ繰越し is not subtracted in this database).
      const parts = [b.initial, b.supplementary, b.carriedIn, b.reserve];
      if (b.total !== null && parts.every((p) => p !== null)) {
        const sum = parts.reduce((s, p) => s! + p!, 0)!;
        if (sum !== b.total) {
          c.warn(`${field}.total`, `${fy}年度の予算計 ${fmt(b.total)} が 当初予算＋補正予算＋前年度から繰越し＋予備費等 の ${fmt(sum)} と一致しません（原資料のまま掲載）`, get(row, '予算計'));
        }
      }
    }
    out.push(b);
  });
  if (out.length === 0) c.warn('budget', '予算 が空です（予算額・執行額の記載がありません）', node);
  return out;
}

// One formatter for every call: toLocaleString builds a new ICU formatter each time, which the
// decade ingest profile showed as 7 % of the JUDGIT mapping (budget mismatch warnings are common).
const MILLION_YEN = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 6 });
const fmt = (yen: number) => `${MILLION_YEN.format(yen / 1e6)}百万円`;

function readRecipients(c: Ctx, o: Obj): ProjectRecord['recipients'] {
  const node = get(o, '支出先');
  const out: ProjectRecord['recipients'] = [];
  items(node).forEach((row, i) => {
    const base = `支出先[${i}]`;
    if (!isObj(row)) {
      c.warn('recipients', `${base} がオブジェクトではありません（${row.t}）`, row);
      return;
    }
    const field = `recipients.${out.length}`;
    const name = text(c, row, '支出先名', `${base}.支出先名`, `${field}.name`);
    if (name === null) {
      c.warn('recipients', `${base} に支出先名がないため、この行を読み取りませんでした`, row);
      return;
    }
    const cnNode = get(row, '法人番号');
    let corporateNumber: string | null = null;
    let corporateNumberValid: boolean | null = null;
    if (cnNode && cnNode.t !== 'null') {
      const rawCn = cnNode.t === 'str' ? cnNode.v : cnNode.t === 'num' ? cnNode.raw : '';
      const cn = normalizeCorporateNumber(rawCn);
      if (cn) {
        corporateNumber = cn.number;
        corporateNumberValid = cn.valid;
        c.have(`${field}.corporateNumber`, `${base}.法人番号`, cnNode);
        if (!cn.valid) c.warn(`${field}.corporateNumber`, `${base}.法人番号 ${cn.number} の検査用数字が合いません`, cnNode);
      } else if (rawCn.trim() !== '') c.warn(`${field}.corporateNumber`, `${base}.法人番号「${rawCn.slice(0, 30)}」は13桁の法人番号として読めません`, cnNode);
    }
    const rankNode = get(row, '番号');
    const rank = rankNode?.t === 'num' && /^\d+$/.test(rankNode.raw) ? Number(rankNode.raw) : null;
    if (rankNode && rankNode.t !== 'null' && rank === null) c.warn(`${field}.rank`, `${base}.番号 を順位として読めません`, rankNode);
    const blockNode = get(row, 'グループ');
    const block = blockNode?.t === 'str' ? cleanLine(blockNode.v) : null;
    if (block !== null) c.have(`${field}.block`, `${base}.グループ`, blockNode!);
    out.push({
      block,
      rank,
      name,
      corporateNumber,
      corporateNumberValid,
      description: text(c, row, '業務概要', `${base}.業務概要`, `${field}.description`, true),
      amount: money(c, get(row, '支出額'), `${base}.支出額`, `${field}.amount`),
      contractMethod: null,
      bidders: null,
      winningBidRate: null,
    });
  });
  return out;
}

function readOutcomes(c: Ctx, o: Obj): ProjectRecord['outcomes'] {
  const out: ProjectRecord['outcomes'] = [];
  items(get(o, 'アウトカム')).forEach((row, i) => {
    const base = `アウトカム[${i}]`;
    if (!isObj(row)) return c.warn('outcomes', `${base} がオブジェクトではありません（${row.t}）`, row);
    const field = `outcomes.${out.length}`;
    const values: ProjectRecord['outcomes'][number]['values'] = [];
    items(get(row, '成果実績')).forEach((v, j) => {
      const vb = `${base}.成果実績[${j}]`;
      if (!isObj(v)) return c.warn(field, `${vb} がオブジェクトではありません（${v.t}）`, v);
      const fy = year(c, get(v, '年度'), `${vb}.年度`, field);
      if (fy === null) return;
      const k = values.length;
      values.push({ fiscalYear: fy, actual: quantity(c, get(v, '成果実績'), `${vb}.成果実績`, `${field}.values.${k}.actual`), target: quantity(c, get(v, '目標値'), `${vb}.目標値`, `${field}.values.${k}.target`), achievement: null });
    });
    out.push({
      goal: text(c, row, '成果目標', `${base}.成果目標`, `${field}.goal`, true),
      indicator: text(c, row, '成果指標', `${base}.成果指標`, `${field}.indicator`, true),
      unit: text(c, row, '単位', `${base}.単位`, `${field}.unit`),
      values,
      finalTarget: quantity(c, get(row, '目標値'), `${base}.目標値`, `${field}.finalTarget`),
      finalYear: year(c, get(row, '目標最終年度'), `${base}.目標最終年度`, `${field}.finalYear`),
    });
  });
  return out;
}

function readActivities(c: Ctx, o: Obj): ProjectRecord['activities'] {
  const out: ProjectRecord['activities'] = [];
  items(get(o, 'アウトプット')).forEach((row, i) => {
    const base = `アウトプット[${i}]`;
    if (!isObj(row)) return c.warn('activities', `${base} がオブジェクトではありません（${row.t}）`, row);
    const field = `activities.${out.length}`;
    const values: ProjectRecord['activities'][number]['values'] = [];
    items(get(row, '活動実績')).forEach((v, j) => {
      const vb = `${base}.活動実績[${j}]`;
      if (!isObj(v)) return c.warn(field, `${vb} がオブジェクトではありません（${v.t}）`, v);
      const fy = year(c, get(v, '年度'), `${vb}.年度`, field);
      if (fy === null) return;
      const k = values.length;
      values.push({ fiscalYear: fy, actual: quantity(c, get(v, '活動実績'), `${vb}.活動実績`, `${field}.values.${k}.actual`), planned: quantity(c, get(v, '当初見込み'), `${vb}.当初見込み`, `${field}.values.${k}.planned`) });
    });
    out.push({ indicator: text(c, row, '活動指標', `${base}.活動指標`, `${field}.indicator`, true), unit: text(c, row, '単位', `${base}.単位`, `${field}.unit`), values });
  });
  return out;
}

/** `事業番号1..3` of a past sheet joined like the sheet's own number (`新30`, `0020` → `新30-0020`). */
function numberFromParts(c: Ctx, o: Obj, keys: string[], base: string, field: string): string | null {
  const parts: string[] = [];
  for (const k of keys) {
    const n = get(o, k);
    if (!n || n.t === 'null') continue;
    const v = n.t === 'str' ? n.v : n.t === 'num' ? n.raw : null;
    if (v === null) {
      c.warn(field, `${base}.${k} が文字列ではありません（${n.t}）`, n);
      continue;
    }
    if (v.trim() !== '') parts.push(v.trim());
  }
  return parts.length ? normalizeProjectNumber(parts.join('-')) : null;
}

function readPastNumbers(c: Ctx, o: Obj, ministry: string): ProjectRecord['pastNumbers'] {
  const out: ProjectRecord['pastNumbers'] = [];
  items(get(o, '関連する過去のレビューシート')).forEach((row, i) => {
    const base = `関連する過去のレビューシート[${i}]`;
    if (!isObj(row)) return c.warn('pastNumbers', `${base} がオブジェクトではありません（${row.t}）`, row);
    const number = numberFromParts(c, row, ['事業番号1', '事業番号2', '事業番号3'], base, 'pastNumbers');
    if (number === null) return c.warn('pastNumbers', `${base} に事業番号がありません`, row);
    const fy = year(c, get(row, '年度'), `${base}.年度`, 'pastNumbers');
    const m = text(c, row, '府省庁', `${base}.府省庁`, `pastNumbers.${out.length}.ministry`);
    c.have(`pastNumbers.${out.length}`, base, row);
    out.push({ fiscalYear: fy, number, ...(m && canonicalMinistryName(m) !== ministry ? { ministry: canonicalMinistryName(m) } : {}) });
  });
  return out;
}

export function mapJudgitRecord(root: JsonNode, file: string, source: SourceInfo, pathYear: number | null): JudgitMapped {
  const c = new Ctx(file);
  if (!isObj(root)) {
    const msg = `JSON の最上位がオブジェクトではありません（${root.t}）: JUDGIT! のレコードではありません`;
    return { project: emptyProject(`doc-${source.sha256.slice(0, 12)}`, file, source, [{ field: '(document)', message: msg, line: root.line }]), fieldsFound: [], fieldsMissing: [...JUDGIT_FIELDS], judgitProjectId: null, notJudgit: true };
  }
  for (const d of root.duplicates) c.warn('(file)', `キー「${d}」が重複しています。後の値を読みました`, root.entries.get(d));

  const yearNode = get(root, '公開年度');
  const reviewYear = year(c, yearNode, '公開年度', 'reviewYear');
  if (reviewYear !== null) c.have('reviewYear', '公開年度', yearNode!);
  if (reviewYear !== null && pathYear !== null && reviewYear !== pathYear) c.warn('reviewYear', `公開年度 ${reviewYear} がフォルダの年度 ${pathYear} と異なります。公開年度を採りました`, yearNode);
  const rawMinistry = text(c, root, '府省庁', '府省庁', 'ministry');
  const ministry = rawMinistry ? canonicalMinistryName(rawMinistry) : null;
  const name = text(c, root, '事業名', '事業名', 'name');

  // 事業番号, else its parts (事業番号1..5), normalised like a sheet's (NFKC, single hyphens).
  let projectNumber: string | null = null;
  const numNode = get(root, '事業番号');
  if (numNode?.t === 'str') {
    projectNumber = normalizeProjectNumber(numNode.v);
    if (projectNumber) c.have('projectNumber', '事業番号', numNode);
    else c.warn('projectNumber', `事業番号「${numNode.v.slice(0, 30)}」を事業番号として読めません`, numNode);
  } else if (numNode && numNode.t !== 'null') c.warn('projectNumber', `事業番号 が文字列ではありません（${numNode.t}）`, numNode);
  if (projectNumber === null) {
    projectNumber = numberFromParts(c, root, ['事業番号1', '事業番号2', '事業番号3', '事業番号4', '事業番号5'], '', 'projectNumber');
    if (projectNumber) {
      c.have('projectNumber', '事業番号1', get(root, '事業番号1') ?? root);
      c.warn('projectNumber', `事業番号 が空のため 事業番号1〜5 から組み立てました: ${projectNumber}`, numNode);
    }
  }

  const idNode = get(root, '事業ID');
  const judgitProjectId = idNode?.t === 'num' && /^\d+$/.test(idNode.raw) ? Number(idNode.raw) : null;
  // Numbered by another ministry (a project handed over or run jointly): that ministry's slug
  // joins the id, or its sheet and the numbering ministry's own sheet of the same number collide.
  const numberedBy = foreignNumberMinistry(projectNumber, ministry);
  const slug = projectNumber ? projectNumberSlug(projectNumber, reviewYear) : '';
  const id = numberedBy && reviewYear !== null && ministry && slug
    ? `${reviewYear}-${ministrySlug(ministry)}-${numberedBy}-${slug}`
    : legacyProjectId(reviewYear, ministry, projectNumber, name, { lines: [], textSha256: source.sha256 });
  const p: ProjectRecord = emptyProject(id, name ?? file, source, c.warnings);
  p.reviewYear = reviewYear;
  p.ministry = ministry ?? '不明';
  p.projectNumber = projectNumber;
  if (name === null) c.warn('name', '事業名 がありません。ファイル名を表示名にしました', get(root, '事業名'));
  if (ministry === null) c.warn('ministry', '府省庁 がありません', get(root, '府省庁'));
  if (reviewYear === null) c.warn('reviewYear', '公開年度 がありません', yearNode);
  p.bureau = text(c, root, '担当部局庁', '担当部局庁', 'bureau');
  p.division = text(c, root, '担当課室', '担当課室', 'division');
  p.responsible = text(c, root, '作成責任者', '作成責任者', 'responsible');
  const sy = get(root, '開始年度');
  p.startYear = year(c, sy, '開始年度', 'startYear');
  if (p.startYear !== null) c.have('startYear', '開始年度', sy!);
  const ey = get(root, '終了年度');
  p.endYear = year(c, ey, '終了年度', 'endYear');
  if (p.endYear !== null) c.have('endYear', '終了年度', ey!);
  p.accountType = textList(c, root, '会計区分', 'accountType');
  p.purpose = text(c, root, '事業目的', '事業目的', 'purpose', true);
  p.summary = text(c, root, '事業概要', '事業概要', 'summary', true);
  p.implementation = textList(c, root, '実施方法', 'implementation');
  // 主要施策 is the sheet's 主要政策・施策: 32 cross-cutting categories over 2015–2023 (その他,
  // 科学技術・イノベーション, 地球温暖化対策, ＩＴ戦略 …), not the 政策評価 施策 that measures are.
  // It stays in mainPolicy, as the text sheets' 主要政策・施策 does, and makes no measure; the
  // database has no 政策・施策 (policy), so a JUDGIT-only sheet links to no measure.
  p.mainPolicy = textList(c, root, '主要施策', 'mainPolicy');
  p.budget = readBudget(c, root);
  p.recipients = readRecipients(c, root);
  p.outcomes = readOutcomes(c, root);
  p.activities = readActivities(c, root);
  p.pastNumbers = readPastNumbers(c, root, p.ministry);

  // Empty sections are the data's, not ours: say so on the record (2023 has no アウトカム,
  // 2022–2023 no アウトプット, many 2016 sheets no アウトカム).
  for (const [key, field, label] of [['アウトカム', 'outcomes', '成果目標・成果実績'], ['アウトプット', 'activities', '活動指標・活動実績'], ['支出先', 'recipients', '支出先']] as const) {
    const n = get(root, key);
    if (!n) c.warn(field, `${key} の項目がありません（このデータベースの記録に${label}が含まれていません）`, null);
    else if (n.t === 'arr' && n.items.length === 0) c.warn(field, `${key} が空です（このデータベースの記録に${label}の記載がありません）`, n);
    else if (n.t !== 'arr' && n.t !== 'null') c.warn(field, `${key} が配列ではありません（${n.t}）。読み取りませんでした`, n);
  }
  if (c.stringNumbers.length > 0) {
    const shown = c.stringNumbers.slice(0, 5).join('、');
    c.warnings.push({ field: '(file)', message: `${c.stringNumbers.length}個の数値が文字列で記録されています（${shown}${c.stringNumbers.length > 5 ? ' ほか' : ''}）。数値として読みました`, line: null });
  }

  p.provenance = c.provenance;
  p.warnings = c.warnings;
  // A field is found when it or one of its parts (budget.3.initial) has provenance: the set of
  // top-level names once, not a scan of every key per field (13 % of the ingest's CPU at 10k sheets).
  const found = new Set(Object.keys(c.provenance).map((k) => k.split('.', 1)[0]));
  const has = (f: string) => found.has(f);
  const fieldsFound = JUDGIT_FIELDS.filter(has);
  // What the database never holds (NOT_IN_JUDGIT) is not "missing" from this file: the page says so once.
  const fieldsMissing = JUDGIT_FIELDS.filter((f) => !has(f));
  return { project: p, fieldsFound, fieldsMissing, judgitProjectId };
}
