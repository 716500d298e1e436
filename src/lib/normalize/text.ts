/**
 * Cell text: trimmed, runs of whitespace collapsed to one space (a real space in the
 * source stays a space: `課長 金澤 直樹`), dashes and blanks → null. Extraction wrap
 * artefacts (a space inserted where a cell wrapped) are mended only when the same
 * document spells the word without the space elsewhere.
 */
import { isBlankOrDash } from './amount.ts';

/**
 * Invisible format characters: zero-width spaces/joiners, bidi embeddings and overrides, a BOM
 * in mid-text. They carry nothing in a sheet and a bidi override would reorder what a reader sees.
 */
export const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function cleanText(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = s.replace(INVISIBLE, '').replace(/\r\n?/g, '\n').replace(/[ \t\u3000]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  if (t === '' || isBlankOrDash(t)) return null;
  return t;
}

/** Single-line form: newlines become spaces too. */
export function cleanLine(s: string | null | undefined): string | null {
  const t = cleanText(s);
  return t === null ? null : t.replace(/\s+/g, ' ');
}

const WIDE = /[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef々〆ー]/;

/**
 * Mend `NECソリューションイ ノベータ株式会社` → `NECソリューションイノベータ株式会社` when the
 * joined spelling occurs in `evidence` (the rest of the sheet). Only a space between two
 * full-width (Japanese) characters is a candidate, and it is removed only if the three
 * characters on each side of it (at least two, and five in all) occur joined in the
 * evidence. Short words stay apart: `課長 金澤 直樹` is never joined.
 */
/** Longer values are prose, not names: mending them would cost a scan of the sheet per space. */
const MAX_MEND_LENGTH = 2000;
const MAX_MEND_CANDIDATES = 40;

export function mendWrapArtefacts(value: string, evidence: string): string {
  if (!value.includes(' ') || value.length > MAX_MEND_LENGTH) return value;
  let candidates = 0;
  const tokens = value.split(' ');
  let out = tokens[0]!;
  for (let i = 1; i < tokens.length; i++) {
    const right = tokens[i]!;
    const a = out.slice(-1);
    const b = right.slice(0, 1);
    if (a && b && WIDE.test(a) && WIDE.test(b) && candidates++ < MAX_MEND_CANDIDATES) {
      const leftWord = (/\S+$/.exec(out)?.[0] ?? '').slice(-3);
      const rightWord = right.slice(0, 3);
      const joined = leftWord + rightWord;
      if (leftWord.length >= 2 && rightWord.length >= 2 && joined.length >= 5 && evidence.includes(joined)) {
        out += right;
        continue;
      }
    }
    out += ` ${right}`;
  }
  return out;
}
