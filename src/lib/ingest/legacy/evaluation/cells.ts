/** An indicator's value cells (基準値, 目標値, 実績, 達成) placed by wording or by position, only when one name is supported. */
import { cleanText } from '../../../normalize/text.ts';
import { yearOn } from '../years.ts';
import { blockIndexOfLine, fold, joinNarrow, squash } from '../blocks.ts';
import type { Span } from '../../diagnostics.ts';
import type { Ctx, Found, Indicator, Mark } from './context.ts';
import { type Mentions, grams } from './mentions.ts';

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
export function placeIndicatorCells(ctx: Ctx, found: Found[], out: Indicator[], mentions: Mentions): void {
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
      // A tag names a base or a target year: any year up to the far future, but not one the
      // evaluation cannot mean (a short or 令和 year carried over from 平成).
      const year = yearOn(ctx.c, { era: ctx.era, reviewYear: ctx.fiscalYear ?? null }, tag[1]!, 'end', 'indicators', b.end);
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
