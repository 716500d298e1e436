/** The text-flow template's labels and vocabularies, and reading a value that follows its label. */
import type { ProjectRecord } from '../../../../schemas/index.ts';
import { cleanLine, cleanText } from '../../../normalize/text.ts';
import type { Era } from '../../../normalize/wareki.ts';
import { blockIndexOfLine, findLines, fold, joinWrapped, numericCells, skipLabelNote, type Block } from '../blocks.ts';
import { Diagnostics } from '../../diagnostics.ts';

export type BudgetItem = ProjectRecord['budgetBreakdown'][number];
export type PastNumber = ProjectRecord['pastNumbers'][number];


/** The first line of every label cell of the template (folded), so a label is never read as a value. */
export const TEMPLATE_LABELS = [
  '事業番号', '事業名', '担当部局庁', '担当課室', '作成責任者', '事業開始年度', '事業終了', '(予定)年度', '会計区分', '根拠法令', '関係する',
  '計画、通知等', '主要政策・施策', '主要経費', '事業の目的', '事業概要', '実施方法', '予算額・', '執行額', '予算', 'の状', '況', '当初予算', '補正予算',
  '前年度から繰越し', '翌年度へ繰越し', '予備費等', '計', '執行率(%)', '歳出予算目', '主な増減理由', '成果目標及び', '成果実績', '目標値', '達成度',
  '成果指標', '単位', '活動指標', '活動実績', '当初見込み', '単位当たり', 'コスト', '算出根拠', '計算式', '政策評価', '施策', '政策', '備考',
  '外部有識者の所見', '行政事業レビュー推進チームの所見', '点検結果', '改善の', '方向性', '資金の流れ', '費目・使途', '関連する過去のレビューシートの事業番号',
  '本事業の成果と上位施策・測定指標との関係', '評価に関する説明', '所見を踏まえた改善点/概算要求における反映状況', '定量的な成果目標', '中間目標', '目標最終年度',
];

/** Fixed check questions of the 事業所管部局による点検: the first one marks the end of the sheet's first page. */
export const CHECK_QUESTIONS = [
  '事業の目的は国民や社会のニーズを的確に反映しているか', '地方自治体、民間等に委ねることができない事業なのか', '政策目的の達成手段として必要かつ適切な事業か',
  '競争性が確保されているなど支出先の選定は妥当か', '受益者との負担関係は妥当であるか', '単位当たりコスト等の水準は妥当か', '資金の流れの中間段階での支出は合理的なものとなっているか',
  '費目・使途が事業目的に即し真に必要なものに限定されているか', '不用率が大きい場合', '繰越額が大きい場合', 'その他コスト削減や効率化に向けた工夫は行われているか',
  '成果実績は成果目標に見合ったものとなっているか', '活動実績は見込みに見合ったものであるか', '整備された施設や成果物は十分に活用されているか', '関連する事業がある場合',
  '一般競争契約、指名競争契約又は随意契約', '競争性のない随意契約となったものはないか', '事業実施に当たって他の手段・方法等が考えられる場合',
];

export const IMPLEMENTATION_TERMS = ['直接実施', '委託・請負', '補助', '負担', '交付', '貸付', '分担金・拠出金', 'その他'];

/** 主要経費 (the budget's major-expense classes). */
export const MAIN_EXPENSES = [
  'その他の事項経費', '科学技術振興費', 'エネルギー対策費', '保健衛生対策費', '食料安定供給関係費', '防衛関係費', '生活扶助等社会福祉費', '雇用労災対策費', '教育振興助成費',
  '経済協力費', '中小企業対策費', '住宅都市環境整備事業費', '文教施設費', '港湾空港鉄道等整備事業費', '農林水産基盤整備事業費', '治山治水対策事業費', '公園水道廃棄物処理等施設整備費',
  '災害復旧等事業費', '医療給付費', '年金給付費', '少子化対策費', '恩給関係費', '推進費等', '道路整備事業費', '社会資本総合整備事業費', '介護給付費', '育英事業費',
  '義務教育費国庫負担金', '社会保障関係費', '文教及び科学振興費', '国債費', '地方交付税交付金', '地方特例交付金', '公共事業関係費', '社会福祉費', '社会保険費', '失業対策費',
  '東日本大震災復興事業費', '復興関係経費', '国土強靱化関係費',
];

/** 主要政策・施策 (the sheet's checkbox list of cross-government policies). */
export const MAIN_POLICIES = [
  '科学技術・イノベーション', '子ども・子育て', '地方創生', '社会保障', '一億総活躍社会', 'IT戦略', '健康・医療', '海洋', '宇宙', '文化', '観光', '環境', '女性活躍',
  '国土強靱化', '国土強靭化', '地球温暖化対策', '男女共同参画', '少子化社会対策', '高齢社会対策', '障害者施策', '交通安全対策', '犯罪被害者等施策', '食育推進', '自殺対策',
  '子ども・若者育成支援', '消費者施策', '復興', 'クールジャパン', '知的財産', '水循環', '観光立国', 'ODA', '農林水産', '領土', '暮らし', '中小企業',
];

export const ERA_YEAR_CELL = /^(?:(?:平成|令和|昭和)\s*(?:元|\d{1,2})|(?:19|20)\d{2})\s*年度$/;
export const RESPONSIBLE_TITLE = /^(?:[^\s]{0,12}?)(?:課長|室長|参事官|部長|局長|次長|審議官|企画官|調整官|統括官|所長|理事官|専門官|管理官|監理官|対策官|補佐|センター長|官房長|課長代理|主幹|推進官|分析官|長)(?:\s|$)/;

export interface Ctx {
  lines: string[];
  blocks: Block[];
  evidence: string;
  era: Era | null;
  /** The sheet's review year once its title is read: years it cannot mean are refused. */
  reviewYear: number | null;
  c: Diagnostics;
  claimed: Set<number>; // block indexes whose text has been assigned to a field
}

export function isLabelText(s: string): boolean {
  const f = fold(s);
  return TEMPLATE_LABELS.some((l) => f === l || f.startsWith(l + ' ') || (l.length >= 4 && f.startsWith(l)));
}

/** A label standing as a cell of its own (`事業名`, `政策評価 …`), not a value that begins with a label's words (`政策評価業務`). */
export function isLabelCell(s: string): boolean {
  const f = fold(s);
  return TEMPLATE_LABELS.some((l) => f === l || f.startsWith(l + ' '));
}

export function isLabelBlock(b: Block): boolean {
  return isLabelText(b.lines[0]!);
}

/**
 * A value from a closed vocabulary standing alone on its line (or after its label on the
 * same line). Accepted only when every such line in the document says the same; `skipLine` is a
 * line known to be another field's cell.
 */
export function readVocabulary(ctx: Ctx, field: string, label: string, isValue: (folded: string) => boolean, jp: string, skipLine: number | null = null): string | null {
  const hits: Array<{ line: number; value: string }> = [];
  ctx.lines.forEach((raw, i) => {
    if (i + 1 === skipLine) return;
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

/** The one-line run right after the placed `事業番号 …` line: the 主要政策・施策 cell (see readMainPolicy). */
export function cellAfterNumber(ctx: Ctx): { raw: string; start: number } | null {
  // The 事業番号 line the identity section placed (read before the vocabularies).
  const placed = ctx.c.provenance.projectNumber;
  if (!placed) return null;
  const line = placed[0];
  const bi = ctx.blocks.findIndex((b) => b.start <= line && line <= b.end);
  const b = ctx.blocks[bi];
  if (!b) return null;
  // The value is the next line of the same run, or the next run.
  const next = b.end > line ? { lines: [b.lines[line - b.start + 1]!], start: line + 1 } : ctx.blocks[bi + 1];
  if (!next || next.lines.length !== 1) return null;
  return { raw: next.lines[0]!.trim(), start: next.start };
}

/**
 * 主要政策・施策 is the cell to the right of 事業番号 in the template's header row, and the
 * extractor writes a row's cells one after another: its value is the run right after the
 * `事業番号 …` line. Read from there (any policy name, no list) only when the number was placed,
 * the run is one short line of `、`-separated names — not a label, a number, a sentence, or a
 * value of another vocabulary (会計区分, 実施方法, 主要経費) unless that field was placed on another
 * line — and no line of the known
 * vocabulary elsewhere says something else.
 */
export function readMainPolicy(ctx: Ctx, known: (f: string) => boolean, others: Array<[field: string, isValue: (f: string) => boolean]>): string | null {
  const field = 'mainPolicy';
  const mark = ctx.c.warnings.length;
  const byList = readVocabulary(ctx, field, '主要政策・施策', known, '主要政策・施策');
  if (byList !== null || ctx.c.warnings.length > mark + 1 || /候補が複数/.test(ctx.c.warnings[mark]?.message ?? '')) return byList;
  const next = cellAfterNumber(ctx);
  if (!next) return null;
  const raw = next.raw;
  const v = cleanLine(raw);
  const f = fold(raw);
  if (v === null || [...f].length > 40 || /[。．]/.test(f) || numericCells(raw) || isLabelText(raw)) return null;
  // A word another vocabulary also has (その他) is this cell's only when that field was placed on another line.
  if (others.some(([other, isValue]) => isValue(f) && (ctx.c.provenance[other]?.[0] ?? next.start) === next.start)) return null;
  if (!f.split(/\s*[、,，]\s*/).every((p) => /^[^\s、,，]{2,20}$/.test(p))) return null;
  // Placed after all: the vocabulary's "not found" no longer applies.
  ctx.c.retract(mark, field);
  ctx.c.have(field, [next.start, next.start]);
  return v;
}

export function listOf(terms: string[]): (f: string) => boolean {
  const set = new Set(terms.map((t) => fold(t)));
  return (f) => {
    const parts = f.split(/\s*[、,，]\s*/);
    return parts.length > 0 && parts.every((p) => set.has(p));
  };
}

export const isAccount = (f: string): boolean =>
  f.split(/\s*[、,，]\s*/).every((p) => /^(?:一般会計|[^\s、。]{1,24}特別会計(?:\s*[^\s、。]{1,24}勘定)?)$/.test(p));

/**
 * A cell directly after its label (and the label's note, e.g. `（目指す姿を簡潔に。3行程度以内）`).
 * Returns the block index of the value, or -1.
 */
export function valueAfterLabel(ctx: Ctx, labelRe: RegExp, accept: (b: Block) => boolean): { bi: number; sameLine: string | null; line: number } | null {
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

export function readLabelledText(ctx: Ctx, field: keyof ProjectRecord, labelRe: RegExp, jp: string, accept: (b: Block) => boolean): string | null {
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
