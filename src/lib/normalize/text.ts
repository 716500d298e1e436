/**
 * Cell text: trimmed, runs of whitespace collapsed to one space (a real space in the
 * source stays a space: `課長 金澤 直樹`), dashes and blanks → null. Extraction wrap
 * artefacts (a space inserted where a cell wrapped) are mended only when the same
 * document spells the word without the space elsewhere.
 */
import { isBlankOrDash } from './amount.ts';

export function cleanText(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = s.replace(/\r\n?/g, '\n').replace(/[ \t\u3000]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n').trim();
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
 * joined spelling occurs in `evidence` (the rest of the sheet). Only spaces between two
 * full-width (Japanese) characters are candidates; each is removed only if the joined
 * word is attested and the spaced one is not attested as written elsewhere.
 */
export function mendWrapArtefacts(value: string, evidence: string): string {
  if (!value.includes(' ')) return value;
  const tokens = value.split(' ');
  let out = tokens[0]!;
  for (let i = 1; i < tokens.length; i++) {
    const left = out;
    const right = tokens[i]!;
    const a = left.slice(-1);
    const b = right.slice(0, 1);
    if (a && b && WIDE.test(a) && WIDE.test(b)) {
      // The shortest window around the join that is still distinctive.
      const leftWord = /[^\s]{1,12}$/.exec(left)?.[0] ?? '';
      const rightWord = /^[^\s]{1,12}/.exec(right)?.[0] ?? '';
      const joined = leftWord + rightWord;
      const spaced = `${leftWord} ${rightWord}`;
      if (joined.length >= 4 && countOccurrences(evidence, joined) > 0 && countOccurrences(evidence, spaced) <= countOccurrences(value, spaced)) {
        out = left + right;
        continue;
      }
    }
    out = `${left} ${right}`;
  }
  return out;
}

function countOccurrences(haystack: string, needle: string): number {
  if (needle === '') return 0;
  let n = 0;
  let i = haystack.indexOf(needle);
  while (i >= 0) {
    n++;
    i = haystack.indexOf(needle, i + needle.length);
  }
  return n;
}
