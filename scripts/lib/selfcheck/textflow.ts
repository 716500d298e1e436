/**
 * Render a JUDGIT record into the text-flow layout of seeds 000 and 002: the seed's own text,
 * line for line, with the seed's values replaced by the record's. Everything else — the
 * scrambled order of the cells, the labels, the blank lines between runs, the wrap width of
 * each wrapped cell, the seed values in cells the record does not have (政策・施策, 根拠法令 …)
 * — stays as the PDF extractor left it. Each replacement names the line and the seed's exact
 * text there, so a template that no longer matches its seed fails loudly.
 *
 * Only cells a JUDGIT record holds are rendered; the truth lists exactly those values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cell, eraYear, one, longYear, millionToYen, printMillion, printNumber, shortYear, targetOf, wrap, type JudgitBudget, type JudgitRecord } from './judgit.ts';
import { identityTruth, type Truth } from './truth.ts';

/** Split an amount into two parts in the seed's proportion (both in 1,000-yen steps, summing exactly). */
function split(total: number | null, a: number, b: number): [number | null, number | null] {
  if (total === null) return [null, null];
  const first = Math.floor((total / 1000) * (a / (a + b))) * 1000;
  return [first, total - first];
}

interface Values {
  r: JudgitRecord;
  y: number;
  budget: Map<number, JudgitBudget>;
  current: number | null;
  request: number | null;
  outcome: NonNullable<JudgitRecord['アウトカム']>[number] | null;
  target: number | null;
  past: { fiscalYear: number; ministry: string; number: string } | null;
}

type Replace = { line: number; to?: number; seed: string; render: (v: Values) => string | string[] };

const amount = (v: Values, year: number, k: keyof JudgitBudget) => millionToYen(v.budget.get(year)?.[k] as number | null | undefined);

/** The five amounts of the 計 row: the three past years, the current year, the request. */
const totalRow = (v: Values) => [v.y - 3, v.y - 2, v.y - 1].map((yr) => printMillion(amount(v, yr, '予算計'))).concat(printMillion(v.current), printMillion(v.request)).join(' ');

/**
 * The target cell as sheets print a large count: as is (`1500000`), with separators
 * (`1,500,000`) or in 万/億 (`150万`, `2.2万`, `3億`) when the unit cell has no 万/億 of its own.
 * Which form a sheet gets is fixed by its 事業番号 (deterministic, about a third each).
 */
function printTarget(v: Values): string {
  const t = v.target;
  if (t === null) return '-';
  if (!Number.isInteger(t) || t < 10_000 || /[万億]/.test(v.outcome?.単位 ?? '')) return String(t);
  const h = [...(v.r.事業番号 ?? '')].reduce((a, ch) => (a * 31 + ch.codePointAt(0)!) % 9973, 7) % 3;
  if (h === 1) return t.toLocaleString('en-US');
  if (h === 2 && t % 100_000_000 === 0) return `${t / 100_000_000}億`;
  if (h === 2 && t % 1_000 === 0) return `${String(t / 10_000)}万`;
  return String(t);
}

const common = {
  title: (v: Values) => `${longYear(v.y, v.y)}行政事業レビューシート ${v.r.府省庁}`,
  number: (v: Values) => `事業番号 ${printNumber(v.r.事業番号 ?? '')}`,
  nameRow: (v: Values) => `${one(v.r.事業名)} 担当部局庁 ${one(v.r.担当部局庁) ?? ''} 作成責任者`.replace(/  +/g, ' '),
  divisionRow: (v: Values) => `担当課室 ${one(v.r.担当課室) ?? ''} ${one(v.r.作成責任者) ?? ''}`.replace(/ +$/, ''),
  start: (v: Values) => (v.r.開始年度 ? longYear(v.r.開始年度, v.y) : '-'),
  end: (v: Values) => (v.r.終了年度 ? longYear(v.r.終了年度, v.y) : '終了予定なし'),
  list: (xs: string[] | null) => (xs && xs.length > 0 ? xs.join('、') : '-'),
  unit: (v: Values) => `（アウトカム） ${one(v.outcome?.単位) ?? ''}`.trimEnd(),
  finalYear: (v: Values) => (v.outcome?.目標最終年度 ? shortYear(v.outcome.目標最終年度, v.y) : '-'),
  target: (v: Values) => printTarget(v),
  past: (v: Values, withMinistry: boolean) => (v.past ? `${longYear(v.past.fiscalYear, v.y).replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))} ${withMinistry ? `${v.past.ministry} ` : ''}${printNumber(v.past.number)}` : '-'),
};

export interface TextFlowTemplate {
  seed: string;
  replace: Replace[];
}

export const TEXTFLOW_TEMPLATES: TextFlowTemplate[] = [
  {
    seed: '000',
    replace: [
      { line: 41, seed: '一般会計', render: (v) => common.list(v.r.会計区分) },
      { line: 90, to: 94, seed: '平成32年度までに生活に', render: (v) => wrap(cell(v.outcome?.成果目標) ?? '-', 12) },
      { line: 102, seed: '地域IoT実装総合支援パッケージ施策 担当部局庁 情報流通行政局 作成責任者', render: common.nameRow },
      { line: 106, seed: '委託・請負、補助', render: (v) => common.list(v.r.実施方法) },
      { line: 108, seed: '担当課室 地域通信振興課 課長　吉田　正彦', render: common.divisionRow },
      { line: 140, to: 142, seed: '超少子高齢化等が進展する地域においては、生活や産業の基盤が従来の形で維持できなくなりつつある。IoT実装を通じた官民データ利活用による課題解', render: (v) => wrap(cell(v.r.事業概要) ?? '-', 72) },
      { line: 174, seed: '平成３０年度', render: common.start },
      { line: 178, seed: '平成３２年度', render: common.end },
      { line: 188, seed: '平成32年度末までに800の地方公共団体において、生活に身近な分野でのIoTを活用した取組を創出し、地域活性化を実現。', render: (v) => (cell(v.r.事業目的) ?? '-').replace(/\s*\n\s*/g, '') },
      { line: 202, seed: '（アウトカム） 地方公共団体数', render: common.unit },
      { line: 204, seed: '平成３０年度行政事業レビューシート 総務省', render: common.title },
      { line: 208, seed: '0 0 0 460 450', render: totalRow },
      { line: 225, seed: '800', render: common.target },
      { line: 263, seed: '年度 年度32', render: (v) => `年度 年度${common.finalYear(v)}` },
      { line: 267, seed: '450', render: (v) => printMillion(v.request) },
      { line: 271, seed: '400', render: (v) => printMillion(split(v.current, 400, 60)[0]) },
      { line: 273, seed: '60', render: (v) => printMillion(split(v.current, 400, 60)[1]) },
      { line: 275, seed: '460', render: (v) => printMillion(v.current) },
      { line: 277, seed: '事業番号 新30 0017', render: common.number },
      { line: 279, seed: 'ＩＴ戦略、地方創生', render: (v) => common.list(v.r.主要施策) },
      { line: 306, seed: '「新しい日本のための優先課題推進枠」450百万円', render: (v) => `「新しい日本のための優先課題推進枠」${printMillion(v.request)}百万円` },
      { line: 310, seed: '400', render: (v) => printMillion(split(v.request, 400, 50)[0]) },
      { line: 312, seed: '50', render: (v) => printMillion(split(v.request, 400, 50)[1]) },
      { line: 351, seed: '800', render: common.target },
      { line: 788, seed: '平成29年度 総務省 新30 0020 総務省 　 0079', render: (v) => common.past(v, true) },
    ],
  },
  {
    seed: '002',
    replace: [
      { line: 20, seed: '事業番号 新30 0006', render: common.number },
      { line: 22, seed: 'ＩＴ戦略', render: (v) => common.list(v.r.主要施策) },
      { line: 26, seed: '599', render: (v) => printMillion(v.current) },
      { line: 28, seed: '599 -', render: (v) => `${printMillion(v.current)} -` },
      { line: 34, seed: '年度30', render: (v) => `年度${common.finalYear(v)}` },
      { line: 77, seed: '8', render: common.target },
      { line: 92, seed: '（アウトカム） 者', render: common.unit },
      { line: 94, seed: '平成３０年度行政事業レビューシート 総務省', render: common.title },
      // The seed's project ended that year: its request is printed as 0, a record's as its amount.
      { line: 98, seed: '0 0 0 599 0', render: totalRow },
      { line: 104, seed: '平成３０年度', render: common.start },
      { line: 108, seed: '平成３０年度', render: common.end },
      { line: 118, to: 120, seed: 'IoTサービスの普及に伴い、膨大かつ多種多様なIoT機器が通信ネットワークに接続されているが、近年はこのIoT機器を対象としたサイバー攻撃も発生して', render: (v) => wrap(cell(v.r.事業目的) ?? '-', 72) },
      { line: 161, to: 162, seed: '上記目的を実現するため、国、研究機関のほか、IoT機器の関係主体が相互に連携し、IoT機器の脆弱性の調査、脆弱性が発見されたIoT機器の所有者等', render: (v) => wrap(cell(v.r.事業概要) ?? '-', 72) },
      { line: 177, seed: 'IoTセキュリティ総合対策の推進 担当部局庁 サイバーセキュリティ統括官 作成責任者', render: common.nameRow },
      { line: 181, seed: '委託・請負', render: (v) => common.list(v.r.実施方法) },
      { line: 183, seed: '担当課室 サイバーセキュリティ統括官（室） 参事官　赤阪　晋介', render: common.divisionRow },
      { line: 215, to: 217, seed: '注意喚起を実施する大手・', render: (v) => wrap(cell(v.outcome?.成果目標) ?? '-', 12) },
      { line: 270, seed: '一般会計', render: (v) => common.list(v.r.会計区分) },
      { line: 567, seed: '平成29年度 新30 0008', render: (v) => common.past(v, false) },
    ],
  },
];

const SEEDS = join(import.meta.dirname, '../../../content/sources');

function seedLines(seed: string): string[] {
  const f = readdirSync(SEEDS).find((n) => n.startsWith(`${seed}_`));
  if (!f) throw new Error(`seed ${seed} missing in ${SEEDS}`);
  return readFileSync(join(SEEDS, f), 'utf8').split('\n');
}

/**
 * The seeds are 平成30 (2018) sheets: their column headings name the years around it (`27年度
 * 28年度 29年度`, `30年度当初予算`, `31年度要求`, `平成30・31年度`). A sheet of year `y` names the
 * same years relative to `y`, in its own era (`元年度`, `2年度` on a 令和 sheet). Only short
 * lines (headings) are changed; prose keeps the seed's dates.
 */
function shiftYears(line: string, y: number): string {
  if ([...line].length > 24) return line;
  return line
    .replace(/平成30・31年度/g, () => { const a = eraYear(y, y); return `${a.era}${a.n}・${shortYear(y + 1, y)}年度`; })
    .replace(/(^|[^0-9０-９平成令和])(2[7-9]|3[01])年度/g, (_m, pre: string, n: string) => `${pre}${shortYear(y + Number(n) - 30, y)}年度`);
}

/** The values of `r` a text-flow sheet prints, and the truth of those this template renders. */
export function renderTextFlow(t: TextFlowTemplate, r: JudgitRecord): { text: string; truth: Truth } {
  const y = r.公開年度;
  const budget = new Map((r.予算 ?? []).map((b) => [b.年度, b]));
  const first = r.アウトカム?.[0] ?? null;
  // JUDGIT gives some 令和 target years as 1989-1992 (元年 read as 平成元年): not a year a sheet states.
  const outcome = first && first.目標最終年度 !== null && first.目標最終年度 < 2000 ? { ...first, 目標最終年度: null } : first;
  const p = r.関連する過去のレビューシート?.find((x) => x.事業番号1 || x.事業番号2 || x.事業番号3) ?? null;
  const pastNo = p ? [p.事業番号1, p.事業番号2, p.事業番号3].filter(Boolean).join('-') : null;
  const v: Values = {
    r, y, budget, outcome,
    current: millionToYen(budget.get(y)?.当初予算),
    request: millionToYen(budget.get(y + 1)?.要求額),
    target: targetOf(outcome?.目標値),
    past: p && pastNo ? { fiscalYear: p.年度, ministry: p.府省庁, number: pastNo } : null,
  };
  const lines = seedLines(t.seed).map((l) => shiftYears(l, y));
  // Replace from the bottom so earlier line numbers stay valid.
  for (const rep of [...t.replace].sort((a, b) => b.line - a.line)) {
    const at = rep.line - 1;
    if (lines[at] !== rep.seed) throw new Error(`template ${t.seed}: line ${rep.line} is "${lines[at]}", not "${rep.seed}"`);
    const out = rep.render(v);
    lines.splice(at, (rep.to ?? rep.line) - rep.line + 1, ...(Array.isArray(out) ? out : [out]));
  }
  const start = r.開始年度;
  const truth: Truth = {
    ...identityTruth(r),
    budget: {},
    outcome: outcome ? { goal: cell(outcome.成果目標), unit: cell(outcome.単位), finalTarget: v.target, finalYear: outcome.目標最終年度 } : null,
    pastNumbers: v.past ? [{ fiscalYear: v.past.fiscalYear, number: v.past.number }] : [],
  };
  // Past years' 計 (years before the project began, and years of 0, are not budget years), the
  // current year's 当初予算 (its 予算内訳 計) and the request.
  for (const yr of [y - 3, y - 2, y - 1]) {
    const total = amount(v, yr, '予算計');
    if (total !== null && total !== 0 && (start === null || yr >= start)) truth.budget[`${yr}.total`] = total;
  }
  if (v.current !== null) truth.budget[`${y}.initial`] = v.current;
  if (v.request !== null) truth.budget[`${y + 1}.request`] = v.request;
  return { text: lines.join('\n'), truth };
}
