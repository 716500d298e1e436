/** 達成すべき目標 and the 測定指標 table. */
import { cleanLine } from '../../../normalize/text.ts';
import { blockIndexOfLine, displayWidth, fold, joinNarrow, squash } from '../blocks.ts';
import { placeIndicatorCells } from './cells.ts';
import { type Ctx, ENUM_START, type Found, INDICATOR_MARKER, type Indicator } from './context.ts';
import { MENTION_MIN, endsWithMarker, indicatorMentions, indicatorName, readKinds } from './mentions.ts';

/**
 * 施策目標: the goal headings of the analysis (`＜施策目標＞…`, `＜…＞`), kept when the
 * heading says 施策目標 or the same words stand as a cell of the indicator table.
 */
export function readGoals(ctx: Ctx): string[] {
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

/**
 * 測定指標. A name is a run (or runs) ending with its `＜…指標＞` marker; compound names
 * continue in runs that start with `（２）`/`・` and end with a marker.
 * Its number is kept when it stands in the same run just before the name (one cell row
 * extracted together), or in the run just before it and the 評価結果 text about that
 * number confirms the name (see indicatorMentions): run order alone is not evidence,
 * since the extractor may put a number after its name. Other names are kept without a
 * number when their run holds nothing but the name.
 */
export function readIndicators(ctx: Ctx): Indicator[] {
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
