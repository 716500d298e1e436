/**
 * Helpers for PDF-extracted text ("text-flow"): the extractor writes each table cell's
 * text as a run of lines and separates runs by blank lines, but the runs come in an
 * order that follows the page geometry, not the template. So a value is placed only by
 * evidence that survives the scrambling: a label and its value on the same extracted
 * line, a cell's own label note, a closed vocabulary, or arithmetic that cross-checks.
 */
import type { Diagnostics } from '../diagnostics.ts';

/** A run of consecutive non-blank lines; `start`/`end` are 1-based line numbers. */
export interface Block {
  start: number;
  end: number;
  lines: string[];
}

export function toBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let cur: Block | null = null;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      cur = null;
      return;
    }
    if (!cur) {
      cur = { start: i + 1, end: i + 1, lines: [] };
      blocks.push(cur);
    }
    cur.lines.push(line);
    cur.end = i + 1;
  });
  return blocks;
}

/** NFKC with the ideographic space folded to a space, runs collapsed, trimmed: for matching only. */
export function fold(s: string): string {
  return s.normalize('NFKC').replace(/[\s\u3000]+/g, ' ').trim();
}

/** Same without any spaces, for comparing text that may have been wrapped differently. */
export function squash(s: string): string {
  return s.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

const WIDE_CHAR = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u3000-\u303f]/;

/** Display width in half-width columns (full-width characters count 2). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE_CHAR.test(ch) ? 2 : 1;
  return w;
}

const BULLET_START = /^[\s\u3000]*(?:[・●○◯◎■□◆◇▲△▼▽※＊*①-⑳➀-➉]|[（(][0-9０-９一二三四五六七八九十]+[）)]|[0-9０-９]+[.．、)）]|[ア-ン][.．、]|[-－‐―]\s|【|［|＜|<)/;
const SENTENCE_END = /[。．.！？!?]$|[）」』】］＞>]$/;
const ASCII_WORD_END = /[A-Za-z0-9]$/;
const ASCII_WORD_START = /^[A-Za-z0-9]/;

/**
 * Join the lines of one cell, mending the extractor's line wraps. A line that fills the
 * cell's width wrapped mid-text (joined without a break, as Japanese writes no spaces);
 * a short line, a sentence end or a bullet on the next line is a real line break. A wrap
 * between two Latin letters keeps a space unless the joined word occurs elsewhere in the
 * document (`evidence`).
 */
export function joinWrapped(lines: string[], evidence = ''): string {
  const cleaned = lines.map((l) => l.replace(/\s+$/, ''));
  if (cleaned.length === 0) return '';
  const widths = cleaned.map(displayWidth);
  const max = Math.max(...widths);
  let out = cleaned[0]!.trim();
  for (let i = 1; i < cleaned.length; i++) {
    const prev = cleaned[i - 1]!;
    const next = cleaned[i]!;
    const nextTrim = next.trim();
    // Latin letters and digits are half width, so a wrapped line can fall a little short of the widest one.
    const full = widths[i - 1]! >= max * 0.9;
    const hardBreak = !full || SENTENCE_END.test(prev.trim()) || BULLET_START.test(next);
    if (hardBreak) {
      out += '\n' + nextTrim;
    } else if (ASCII_WORD_END.test(prev) && ASCII_WORD_START.test(nextTrim)) {
      const left = /[A-Za-z0-9]+$/.exec(prev)![0];
      const right = /^[A-Za-z0-9]+/.exec(nextTrim)![0];
      out += evidence.includes(left + right) ? nextTrim : ' ' + nextTrim;
    } else {
      out += nextTrim;
    }
  }
  return out;
}

/** Join the lines of a narrow cell (a name wrapped every few characters): no breaks at all. */
export function joinNarrow(lines: string[], evidence = ''): string {
  let out = '';
  for (const raw of lines) {
    const l = raw.trim();
    if (out && ASCII_WORD_END.test(out) && ASCII_WORD_START.test(l)) {
      const left = /[A-Za-z0-9]+$/.exec(out)![0];
      const right = /^[A-Za-z0-9]+/.exec(l)![0];
      out += evidence.includes(left + right) ? l : ' ' + l;
    } else out += l;
  }
  return out;
}

/**
 * A label's explanatory note, such as `（目指す姿を簡潔に。3行程度以内）`, may be split over
 * several lines and blocks. Given the block index holding the label, return the index of
 * the last block the note occupies (the label's own block when it has no note).
 */
export function skipLabelNote(blocks: Block[], labelBlock: number, labelLine: number): number {
  const b = blocks[labelBlock]!;
  const after = b.lines.slice(labelLine - b.start + 1).join('');
  const first = b.lines[labelLine - b.start]!;
  let text = first + after;
  let depth = parenDepth(text);
  let idx = labelBlock;
  // Only a note that opened inside the label block can continue into the next blocks.
  while (depth > 0 && idx + 1 < blocks.length && idx - labelBlock < 3) {
    idx++;
    text += blocks[idx]!.lines.join('');
    depth = parenDepth(text);
  }
  return depth === 0 ? idx : labelBlock;
}

function parenDepth(s: string): number {
  let d = 0;
  for (const ch of s) {
    if (ch === '（' || ch === '(') d++;
    else if ((ch === '）' || ch === ')') && d > 0) d--;
  }
  return d;
}

/** The block index containing a 1-based line number, or -1. */
export function blockIndexOfLine(blocks: Block[], line: number): number {
  for (let i = 0; i < blocks.length; i++) if (blocks[i]!.start <= line && line <= blocks[i]!.end) return i;
  return -1;
}

/** Lines whose folded text matches `re`, with their 1-based numbers. */
export function findLines(lines: string[], re: RegExp): Array<{ line: number; text: string; m: RegExpExecArray }> {
  const out: Array<{ line: number; text: string; m: RegExpExecArray }> = [];
  lines.forEach((raw, i) => {
    const text = fold(raw);
    const m = re.exec(text);
    if (m) out.push({ line: i + 1, text, m });
  });
  return out;
}

/** Amount unit stated in a label such as `（単位:百万円）` or `（百万円）`: yen per unit, or null. */
export function unitInYen(label: string): number | null {
  const s = fold(label);
  if (/百万円/.test(s)) return 1_000_000;
  if (/千円/.test(s)) return 1_000;
  if (/億円/.test(s)) return 100_000_000;
  if (/\(\s*(?:単位\s*[:：]\s*)?円\s*\)/.test(s)) return 1;
  return null;
}

/** Split a line of numeric cells (`△ 5,491 4,992 △ 1,357`) into cell strings, a sign kept with its number. */
export function numericCells(s: string): string[] | null {
  const tokens = fold(s).split(' ').filter((t) => t !== '');
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (/^[△▲]$/.test(t) && i + 1 < tokens.length && /^[\d,.]+$/.test(tokens[i + 1]!)) {
      out.push(t + tokens[i + 1]!);
      i++;
      continue;
    }
    if (!/^(?:[△▲-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[△▲-]?\d+(?:\.\d+)?|[-－‐―−])$/.test(t)) return null;
    out.push(t);
  }
  return out.length > 0 ? out : null;
}

/** Does a line look like prose (a sentence), not a label or a number? */
export function isProse(s: string): boolean {
  const f = fold(s);
  return f.length >= 12 && /[ぁ-ん]/.test(f) && !/^[\d\s,.%△▲-]+$/.test(f);
}

/**
 * A file cut off mid-number (`…6,167 5` of `5,490`) still parses. When the text does not
 * end with a line break and its last line ends in a digit, that line is not trusted:
 * it is blanked (keeping line numbers) and its number returned for a warning.
 */
export function untrustedTail(text: string, lines: string[]): { lines: string[]; dropped: number | null } {
  const last = lines.length;
  if (last === 0 || /[\r\n]$/.test(text) || !/\d$/.test(lines[last - 1]!.trim())) return { lines, dropped: null };
  return { lines: [...lines.slice(0, -1), ''], dropped: last };
}

/**
 * A runner for a text document's sections, each isolated (Diagnostics.section); a failed
 * section is located by its label's first line in the document.
 */
export function textSections(d: Diagnostics, file: string, lines: string[]) {
  return <T>(name: string, label: string, run: () => T, fallback: () => T): T =>
    d.section(name, { file, label, line: () => {
      const key = squash(label);
      const i = lines.findIndex((l) => squash(l).includes(key));
      return i < 0 ? null : i + 1;
    } }, run, fallback);
}
