/** 事業所管部局による点検・改善, 外部有識者の所見, 行政事業レビュー推進チームの所見 (and its verdict). */
import type { ProjectRecord } from '../../../../schemas/index.ts';
import { cleanLine } from '../../../normalize/text.ts';
import { type Ctx, RATING, findSection, firstCellIndex, labelKey, normalizeRating, prov, sectionOf, sectionRows, textCell, warn } from './rows.ts';

/* ------------------------------------------------------------------ 点検 */

/** The template's check questions and the group each belongs to (the group cells drift between rows in exports). */
const CHECK_GROUPS: ReadonlyArray<readonly [RegExp, string]> = [
  [/国民や社会のニーズ/, '国費投入の必要性'],
  [/地方自治体、?民間等に委ねることができない/, '国費投入の必要性'],
  [/政策目的の達成手段として必要かつ適切/, '国費投入の必要性'],
  [/競争性が確保されている/, '事業の効率性'],
  [/一者応札又は一者応募/, '事業の効率性'],
  [/競争性のない随意契約/, '事業の効率性'],
  [/受益者との負担関係/, '事業の効率性'],
  [/単位当たりコスト等の水準/, '事業の効率性'],
  [/資金の流れの中間段階/, '事業の効率性'],
  [/費目・使途が事業目的に即し/, '事業の効率性'],
  [/不用率が大きい/, '事業の効率性'],
  [/繰越額が大きい/, '事業の効率性'],
  [/コスト削減や効率化に向けた工夫/, '事業の効率性'],
  [/成果実績は成果目標に見合った/, '事業の有効性'],
  [/他の手段・方法等が考えられる/, '事業の有効性'],
  [/活動実績は見込みに見合った/, '事業の有効性'],
  [/整備された施設や成果物/, '事業の有効性'],
  [/関連する事業がある場合/, '関連事業'],
];
const GROUP_LABELS = /^(国費投入の必要性|事業の効率性|事業の有効性|関連事業|事業連)/;

export function parseChecks(ctx: Ctx, rec: ProjectRecord): void {
  const h = findSection(ctx, 'checks');
  if (h < 0) return;
  // The checks table may begin on the heading row itself; the 点検・改善結果 rows close it.
  let group: string | null = null;
  for (let r = h; r < ctx.rows.length; r++) {
    const row = ctx.rows[r]!;
    const sec = sectionOf(row);
    if (r > h && sec !== null && sec !== 'checkResult') break;
    if (sec === 'checkResult' || row.keys.some((k) => k === '点検結果' || k === '改善の方向性')) {
      for (let c = 0; c < row.keys.length; c++) {
        const k = row.keys[c]!;
        if (k !== '点検結果' && k !== '改善の方向性') continue;
        const note = textCell(ctx, row.cells.slice(c + 1).find((x) => x !== ''));
        const i = rec.checks.length;
        rec.checks.push({ group: '点検・改善結果', question: k, rating: null, note });
        prov(ctx, `checks.${i}`, row.line);
      }
      continue;
    }
    const qCol = row.keys.findIndex((k) => /か[。?？]|か$/.test(k) && k.length >= 8);
    if (qCol < 0) {
      const g = row.keys.find((k) => GROUP_LABELS.test(k));
      if (g) group = g;
      continue;
    }
    const question = cleanLine(row.cells[qCol])!;
    const known = CHECK_GROUPS.find(([re]) => re.test(labelKey(question)));
    const rowGroup = row.keys.slice(0, qCol).find((k) => GROUP_LABELS.test(k));
    if (rowGroup) group = rowGroup === '事業連' ? '関連事業' : rowGroup;
    let rating: string | null = null;
    let note: string | null = null;
    let c = qCol + 1;
    let unreadable: string | null = null;
    for (; c < row.cells.length; c++) {
      if (row.cells[c] === '') continue;
      if (RATING.test(row.keys[c]!)) {
        rating = normalizeRating(row.cells[c]!);
        c++;
      } else unreadable = row.cells[c]!;
      break;
    }
    for (; c < row.cells.length; c++) {
      if (row.cells[c] === '') continue;
      note = textCell(ctx, row.cells[c]);
      break;
    }
    const i = rec.checks.length;
    rec.checks.push({ group: known?.[1] ?? group, question, rating, note });
    prov(ctx, `checks.${i}`, row.line);
    // A blank row is the sheet's answer; text where the rating belongs is not a rating we know.
    if (unreadable !== null) warn(ctx, `checks.${i}.rating`, `点検項目「${question.slice(0, 20)}…」の評価欄を読めません: "${unreadable.slice(0, 20)}"`, row.line);
  }
}

/* ------------------------------------------------------------------ opinions, verdict, past numbers */

/** Text of a section: its heading row's own value cells, then the following lines up to the next section. */
function sectionText(ctx: Ctx, h: number): { lines: Array<{ cells: string[]; line: number }>; first: number; last: number } | null {
  const head = ctx.rows[h]!;
  const lines: Array<{ cells: string[]; line: number }> = [];
  const own = head.cells.slice(firstCellIndex(head) + 1).filter((c) => c !== '');
  if (own.length > 0) lines.push({ cells: own, line: head.line });
  for (const row of sectionRows(ctx, h)) {
    const cells = row.cells.filter((c) => c !== '');
    if (cells.length > 0) lines.push({ cells, line: row.line });
  }
  if (lines.length === 0) return null;
  return { lines, first: lines[0]!.line, last: lines[lines.length - 1]!.line };
}

const VERDICT = /^(現状通り|事業内容の一部改善|一部の改善|事業全体の抜本的な改善|抜本的な改善|廃止|終了予定|予定通り終了|執行等改善|縮減|見直し|現状通り実施|事業内容の改善|その他)$/;

export function parseOpinions(ctx: Ctx, rec: ProjectRecord): void {
  const ext = findSection(ctx, 'external');
  if (ext >= 0) {
    const t = sectionText(ctx, ext);
    if (t) {
      rec.externalOpinion = textCell(ctx, t.lines.map((l) => l.cells.join(' ')).join('\n'));
      if (rec.externalOpinion) prov(ctx, 'externalOpinion', t.first, t.last);
    }
  }
  const team = findSection(ctx, 'reviewTeam');
  if (team >= 0) {
    const t = sectionText(ctx, team);
    if (t) {
      const cells = t.lines.flatMap((l) => l.cells.map((c) => ({ c, line: l.line })));
      const first = cells[0]!;
      let rest = cells;
      if (VERDICT.test(labelKey(first.c))) {
        rec.reviewTeam.verdict = labelKey(first.c);
        prov(ctx, 'reviewTeam.verdict', first.line);
        rest = cells.slice(1);
      } else {
        warn(ctx, 'reviewTeam.verdict', `推進チームの所見の判定区分を読めません: "${first.c.slice(0, 30)}"`, first.line);
      }
      const text = rest.map((x) => x.c).join('\n');
      rec.reviewTeam.text = textCell(ctx, text) === null ? null : text.split('\n').map((l) => textCell(ctx, l)).filter((l) => l !== null).join('\n');
      if (rec.reviewTeam.text) prov(ctx, 'reviewTeam.text', rest[0]!.line, rest[rest.length - 1]!.line);
    }
  }
  const refl = findSection(ctx, 'reflection');
  if (refl >= 0) {
    const t = sectionText(ctx, refl);
    if (t) {
      const cells = t.lines.flatMap((l) => l.cells.map((c) => ({ c, line: l.line })));
      const status = VERDICT.test(labelKey(cells[0]!.c)) ? labelKey(cells[0]!.c) : null;
      const rest = status ? cells.slice(1) : cells;
      const detail = rest.map((x) => cleanLine(x.c)).filter((x) => x !== null).join('\n') || null;
      // Same shape as the RS import's 反映状況 (amounts are not on legacy sheets).
      (rec as ProjectRecord & { reflection?: unknown }).reflection = { status, detail, amountGeneral: null, special: [] };
      if (status) prov(ctx, 'reflection.status', cells[0]!.line);
      if (detail) prov(ctx, 'reflection.detail', rest[0]!.line, rest[rest.length - 1]!.line);
    }
  }
}
