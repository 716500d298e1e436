/** Identity at the top of the sheet: title (年度, 府省庁), 事業番号, 事業名 row, 担当課室 row, 事業開始・終了年度. */
import { yearOn } from '../years.ts';
import { canonicalMinistryName } from '../../../ministries.ts';
import { normalizeProjectNumber } from '../../../normalize/project-number.ts';
import { cleanLine } from '../../../normalize/text.ts';
import { eraOfYear, parseFiscalYear, type Era } from '../../../normalize/wareki.ts';
import { blockIndexOfLine, findLines, fold } from '../blocks.ts';
import { Diagnostics } from '../../diagnostics.ts';
import { type Ctx, ERA_YEAR_CELL, RESPONSIBLE_TITLE, TEMPLATE_LABELS, isLabelCell, isLabelText } from './labels.ts';

/** Title: `平成３０年度行政事業レビューシート 総務省` → review year and ministry. */
export function readTitle(ctx: Ctx): { reviewYear: number | null; ministry: string | null; era: Era | null } {
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
export function readProjectNumber(ctx: Ctx): string | null {
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
export function readNameRow(ctx: Ctx): { name: string | null; bureau: string | null; responsible: string | null } {
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
  // The name cell holds a label only when the name is missing, and then the label itself: a name
  // may begin with a label's words (政策評価業務, 施策推進費).
  if (name && !isLabelCell(name) && !wrappedBefore) {
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

const isPerson = (cell: string): boolean => {
  const s = cell.replace(/\u3000/g, ' ').trim();
  return /\s/.test(s) && RESPONSIBLE_TITLE.test(s);
};

/** `担当課室 地域通信振興課 課長　吉田　正彦`: the division, then (same row) the 作成責任者 value. */
export function readDivisionRow(ctx: Ctx, responsibleKnown: boolean): { division: string | null; responsible: string | null } {
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
  // Where the responsible's cells begin (cells.length: the row holds the division only).
  let split: number | null = null;
  if (cells.length === 1) split = 1;
  else if (cells.length === 2 && !responsibleKnown) split = 1;
  else {
    const k = cells.findIndex((cell, i) => i > 0 && RESPONSIBLE_TITLE.test(cell.replace(/\u3000/g, ' ')));
    if (k > 0) split = k;
    else if (responsibleKnown) split = cells.length;
  }
  // A title followed by a name (`内閣参事官　伊藤　誠一`) is a person, not a division: a boundary
  // that leaves one on the division side, or more cells than a division name has, is a guess.
  if (split !== null && (cells.slice(0, split).some(isPerson) || split > 2)) split = null;
  let division = split === null ? null : cells.slice(0, split).join(' ');
  let responsible = split === null || split === cells.length ? null : cells.slice(split).join(' ');
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

function yearCell(ctx: Ctx, s: string, use: 'start' | 'end', line: number): number | null {
  const f = fold(s);
  if (!ERA_YEAR_CELL.test(f)) return null;
  return yearOn(ctx.c, ctx, f, use, use === 'start' ? 'startYear' : 'endYear', line);
}

/**
 * 事業開始年度 / 事業終了（予定）年度. The extractor splits the row around the label
 * `事業終了`: the start year is the cell just before it in the same run, the end year the
 * cell just after `（予定）年度`.
 */
export function readYears(ctx: Ctx, c: Diagnostics): { startYear: number | null; endYear: number | null; endNote: string | null } {
  const out = { startYear: null as number | null, endYear: null as number | null, endNote: null as string | null };
  const { lines } = ctx;
  // Same-line forms first: `事業開始年度 平成30年度`, `事業終了(予定)年度 平成32年度`.
  // Older sheets: one cell `事業開始・終了(予定)年度 平成22年度～平成32年度`.
  const combined = findLines(lines, /^事業開始\s*[・･]\s*終了\s*\(予定\)\s*年度\s+(\S+年度)\s*[～〜~]\s*(\S+)$/);
  if (combined.length === 1) {
    const h = combined[0]!;
    const s = yearCell(ctx, h.m[1]!, 'start', h.line);
    const e = yearCell(ctx, h.m[2]!, 'end', h.line);
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
    const y = yearOn(ctx.c, ctx, startSame[0]!.m[1]!, 'start', 'startYear', startSame[0]!.line);
    if (y !== null) start = { year: y, line: startSame[0]!.line };
  } else if (endLabel.length === 1) {
    const l = endLabel[0]!.line;
    const bi = blockIndexOfLine(ctx.blocks, l);
    if (bi >= 0 && ctx.blocks[bi]!.start < l) {
      const y = yearCell(ctx, lines[l - 2]!, 'start', l - 1);
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
    const y = yearCell(ctx, end.text, 'end', end.line);
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
