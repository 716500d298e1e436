/**
 * Japanese tokenisation shared by the search index (build, Node) and the search page
 * (browser), so text is cut the same way when it is indexed and when it is typed.
 *
 * Why not Pagefind's own Japanese mode: it segments with Lindera at index time and with
 * ICU's Intl.Segmenter at query time; the two disagree on compounds (Pagefind #1237:
 * 新幹線 indexed as 新+幹線 never matches the query 新幹線), and the Lindera path costs
 * ~4× the indexing time and ~3.5× the memory (measured, docs/architecture.md, Search). ICU alone is no
 * cure: it is context dependent (東北新幹線整備事業 → 東北新幹線|整備|事業, but 新幹線 alone
 * → 新幹線; 地方創生推進交付金 → 地方|創|生|推進|交付|金) and, measured here, segmenting
 * 27 M characters of RS pages with Intl.Segmenter took ~9 minutes. So no dictionary at
 * index time at all:
 *
 * - page text is indexed as script runs separated by spaces (kanji | katakana | hiragana
 *   | Latin and digits | Japanese punctuation), which Pagefind indexes as a
 *   space-separated language, matching every query word as a prefix;
 * - every kanji/katakana run additionally contributes "compound terms": the run cut at
 *   every character, up to COMPOUND_MAX characters (地方創生推進交付金 → 地方創生推進交付金,
 *   方創生推進交付金, 創生推進交付金 …). As Pagefind matches prefixes, any contiguous part
 *   of a compound (新幹線, 創生, 博報堂, 振興課, セキュリティ強化) is the prefix of one term —
 *   an n-gram index in effect, without any segmentation to disagree with;
 * - a typed query is cut by ICU only to find its words; each compound is searched whole
 *   (so 地方創生 does not match a page with 地方 and 創生 far apart) and, only when some
 *   compound occurs nowhere, word by word.
 */

/** Separates a page's text from its added index terms in Pagefind's copy of the text. */
export const TERMS_MARK = '⁂⁂';
/** Starts a legacy sheet's original text in Pagefind's copy of the text (after TERMS_MARK; see index-html.ts). */
export const ORIGINAL_MARK = '⁑⁑';

/** Longest compound term indexed; longer typed compounds are searched in pieces of this size. */
export const COMPOUND_MAX = 6;

// Kanji (incl. 々〆ヶ), katakana and the prolonged sound mark: the characters Japanese compounds are made of.
const COMPOUND_CHAR = /[\p{Script=Han}\p{Script=Katakana}ー々〆ヶ]/u;
const COMPOUND_RUN = /[\p{Script=Han}\p{Script=Katakana}ー々〆ヶ]{2,}/gu;
// Particles and auxiliaries that carry no meaning in a query (hiragana only).
const QUERY_STOP = new Set(['の', 'を', 'に', 'は', 'が', 'と', 'で', 'や', 'へ', 'も', 'から', 'まで', 'より', 'など', '及び', 'および', '又は', 'または', 'する', 'した', 'して', 'による', 'における', 'について', 'ため']);

let segmenter: Intl.Segmenter | undefined;
function icuWords(text: string): { word: string; index: number }[] {
  segmenter ??= new Intl.Segmenter('ja', { granularity: 'word' });
  const out: { word: string; index: number }[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) out.push({ word: s.segment, index: s.index });
  return out;
}

/** The normal form both sides use: NFKC (全角英数 → 半角, ｶﾅ → カナ), one kind of space. Pagefind folds case itself. */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ');
}

/** ASCII characters that separate words wherever they stand (not -._ which join identifiers: 2021-総務-20-0094). */
const SEPARATOR_ASCII = /[()[\]{}<>"'`/|;!?,]/;

const enum_ = { space: 0, han: 1, kata: 2, hira: 3, alnum: 4, asciiPunct: 5, other: 6 } as const;
type CharClass = (typeof enum_)[keyof typeof enum_];
function charClass(ch: string): CharClass {
  const c = ch.codePointAt(0)!;
  if (c === 0x20) return enum_.space;
  // Brackets, quotes and slashes separate words (基金(CJTF)への, OECD/NEA): spaced like Japanese punctuation.
  if (c < 0x80) return /[A-Za-z0-9]/.test(ch) ? enum_.alnum : SEPARATOR_ASCII.test(ch) ? enum_.other : enum_.asciiPunct;
  if ((c >= 0x3041 && c <= 0x309f)) return enum_.hira;
  if ((c >= 0x30a0 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff)) return ch === '・' ? enum_.other : enum_.kata;
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || c >= 0x20000 || c === 0x3005 || c === 0x3006) return enum_.han;
  if (/\p{L}|\p{N}/u.test(ch)) return enum_.alnum;
  return enum_.other;
}

/**
 * Text as it goes into the index: a space wherever the script changes (自治体 AI 共同開発,
 * セキュリティ 強化) and around Japanese punctuation, brackets, quotes and slashes
 * (Pagefind would keep 年度末、地方 or 基金(CJTF)への as one word). Next to the ASCII
 * punctuation that joins identifiers (- . _ : and the like) no space is added, so
 * 2021-総務-20-0094 still reads as written in excerpts. The search page removes the
 * spaces between Japanese characters and inside brackets again before showing an excerpt.
 */
export function spaceWords(text: string): string {
  return spaceNormalizedWords(normalizeForSearch(text));
}

/** spaceWords of text already in normalizeForSearch form (the index normalizes each text once). */
export function spaceNormalizedWords(t: string): string {
  let out = '';
  let prev: CharClass = enum_.space;
  for (const ch of t) {
    const cls = charClass(ch);
    if (cls !== prev && prev !== enum_.space && cls !== enum_.space && prev !== enum_.asciiPunct && cls !== enum_.asciiPunct) out += ' ';
    else if (cls === enum_.other && prev === enum_.other) out += ' ';
    out += ch;
    prev = cls;
  }
  return out;
}

/**
 * A compound (or part of one) as it is indexed: `q`, then each UTF-16 unit as three symbols
 * (kanji, katakana, 々〆) or four (any other unit) of CODE_SYMBOLS (事業 → q…, six symbols).
 * Why not the characters themselves: on indexes of more than a few pages, Pagefind 1.6
 * silently fails to find some Japanese words that are in its index (on the RS sample: 事業室,
 * 温暖化対策事業室 — found on a one-page index, not on the full one; apparently words whose
 * common prefix with a neighbour ends inside a multi-byte character). ASCII codes have no such
 * neighbours and keep prefixes: no unit's code is the start of another's, so a prefix of
 * the compound is a prefix of its code and a prefix of a code is the code of a prefix.
 * Why these symbols: Pagefind lower-cases and stems (English) every word, and Snowball's
 * English stemmer changes nothing in a word without a vowel (a, e, i, o, u, y): its regions
 * start after a vowel, and each rule that applies outside them has a vowel in it. Five
 * decimal digits per unit did the same at two thirds more characters: the codes were ~85 %
 * of the text Pagefind was given, and most of its time (docs/architecture.md, Search).
 */
export const CODE_SYMBOLS = '0123456789bcdfghjklmnpqrstvwxz';
const BASE = CODE_SYMBOLS.length;
const SYMBOL_VALUE = new Map([...CODE_SYMBOLS].map((c, i) => [c, i]));
/** Three-symbol codes start with symbols 0 to SHORT_FIRST - 1; four-symbol codes with the others. */
const SHORT_FIRST = 24;
const LONG_BASE = SHORT_FIRST * BASE ** 3;
/** The units with three-symbol codes, numbered in this order: kanji, katakana (with ー and ヶ), its phonetic extensions, 々〆. */
const SHORT_RANGES: ReadonlyArray<readonly [number, number]> = [[0x4e00, 0x9fff], [0x30a0, 0x30ff], [0x31f0, 0x31ff], [0x3005, 0x3006]];

/** A unit's number among the three-symbol codes, or -1. */
function shortIndex(u: number): number {
  let offset = 0;
  for (const [lo, hi] of SHORT_RANGES) {
    if (u >= lo && u <= hi) return offset + (u - lo);
    offset += hi - lo + 1;
  }
  return -1;
}
/** shortIndex's inverse, or -1 past the last. */
function unitOfShort(i: number): number {
  for (const [lo, hi] of SHORT_RANGES) {
    if (i <= hi - lo) return lo + i;
    i -= hi - lo + 1;
  }
  return -1;
}
/** `v` as `n` symbols, most significant first. */
function symbols(v: number, n: number): string {
  let out = '';
  for (let k = n - 1; k >= 0; k--) out += CODE_SYMBOLS[Math.floor(v / BASE ** k) % BASE]!;
  return out;
}

function unitCode(u: number): string {
  const i = shortIndex(u);
  return i >= 0 ? symbols(i, 3) : symbols(LONG_BASE + u, 4);
}

export function encodeCompound(s: string): string {
  let out = 'q';
  for (let i = 0; i < s.length; i++) out += unitCode(s.charCodeAt(i));
  return out;
}

/** encodeCompound's inverse, or null when `word` is not a whole code. */
export function decodeCompound(word: string): string | null {
  if (word.length < 4 || word[0] !== 'q') return null;
  let s = '';
  for (let at = 1; at < word.length; ) {
    const n = (SYMBOL_VALUE.get(word[at]!) ?? BASE) < SHORT_FIRST ? 3 : 4;
    if (at + n > word.length) return null;
    let v = 0;
    for (let k = 0; k < n; k++) {
      const d = SYMBOL_VALUE.get(word[at + k]!);
      if (d === undefined) return null;
      v = v * BASE + d;
    }
    // A unit with a three-symbol code is never written with four (one code per unit).
    const u = n === 3 ? unitOfShort(v) : v - LONG_BASE;
    if (u < 0 || u > 0xffff || (n === 4 && shortIndex(u) >= 0)) return null;
    s += String.fromCharCode(u);
    at += n;
  }
  return s;
}

/**
 * Compound terms of a text (see the module comment): for every kanji/katakana run of two
 * or more characters, the run cut at each position, up to COMPOUND_MAX characters and
 * down to two, encoded (encodeCompound).
 * Added to `into` (deduplicated per page by the caller's set).
 */
export function compoundTerms(text: string, into: Set<string> = new Set()): Set<string> {
  return compoundTermsOfNormalized(normalizeForSearch(text), into);
}

/** compoundTerms of text already in normalizeForSearch form. */
export function compoundTermsOfNormalized(text: string, into: Set<string> = new Set()): Set<string> {
  for (const m of text.matchAll(COMPOUND_RUN)) {
    const run = m[0];
    // The run encoded once; each term is a slice of it (encodeCompound of the sub-run).
    // at[i]: where unit i's code starts.
    let code = '';
    const at: number[] = [];
    for (let i = 0; i < run.length; i++) {
      at.push(code.length);
      code += unitCode(run.charCodeAt(i));
    }
    at.push(code.length);
    // Down to two characters: a single character typed alone is matched by the page's own words.
    for (let i = 0; i < run.length - 1; i++) {
      // Never start inside a surrogate pair.
      if (run.charCodeAt(i) >= 0xdc00 && run.charCodeAt(i) <= 0xdfff) continue;
      into.add(`q${code.slice(at[i], at[Math.min(i + COMPOUND_MAX, run.length)])}`);
    }
  }
  return into;
}

export interface QueryPlan {
  /**
   * Terms for the first, strict search: adjacent kanji/katakana words joined into one
   * compound (in pieces of COMPOUND_MAX), identifiers written with ASCII punctuation
   * (2024-総務-21-0001) and words mixing scripts (取り組み) as quoted phrases of their
   * indexed parts, other words as they are.
   */
  strict: string[];
  /** Word-by-word terms, tried when some strict term occurs nowhere (null when identical). */
  loose: string[] | null;
  /** What to mark in excerpts: the typed words and compounds as written. */
  highlight: string[];
}

const ALL_COMPOUND = /^[\p{Script=Han}\p{Script=Katakana}ー々〆ヶ]+$/u;
const ONE_KANA = /^[\p{Script=Hiragana}]$/u;

function compoundPieces(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length <= COMPOUND_MAX) return [run];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += COMPOUND_MAX) {
    // The last piece is taken from the end so it too is a full-length (precise) term.
    const from = Math.min(i, chars.length - COMPOUND_MAX);
    out.push(chars.slice(from, from + COMPOUND_MAX).join(''));
  }
  return out;
}

/** A word as indexed: one term, or a quoted phrase when the index splits it (script changes). */
function asIndexed(word: string): string {
  const parts = spaceWords(word).split(' ').filter(Boolean);
  return parts.length > 1 ? `"${parts.join(' ')}"` : word;
}

// Punctuation and symbols that only separate words in a pasted name (brackets, quotes, 、。・／ …):
// all of Unicode's, except the few that join the parts of an identifier (2021-総務-20-0094, 1.2, a_b, 10:30).
const QUERY_SEPARATOR = /[^\P{P}\-._:#&@%]|[^\P{S}+=$~^]/gu;
// Dashes people paste in identifiers (‐ − ―, from PDFs and Word): read as the hyphen.
const DASHES = /[\u2010-\u2015\u2212]/g;

/**
 * A query as the words it is made of: NFKC and one kind of space (normalizeForSearch), then
 * brackets, quotes and punctuation as separators, the way the index spaces them
 * (国際金融公社包括的日本信託基金（CJTF）への拠出 → 国際金融公社包括的日本信託基金 CJTF への拠出).
 */
export function queryPieces(query: string): string[] {
  return normalizeForSearch(query).replace(DASHES, '-').replace(QUERY_SEPARATOR, ' ').split(' ').filter(Boolean);
}

/** How a typed query is searched. Empty when nothing searchable was typed. */
export function planQuery(query: string): QueryPlan {
  const strict: string[] = [];
  const loose: string[] = [];
  const highlight: string[] = [];
  for (const piece of queryPieces(query)) {
    if (!piece) continue;
    // An identifier such as 2024-総務-21-0001 or 1234-5678: its parts must follow each other.
    if (/^[\p{L}\p{N}]+(?:[!-/:-@[-`{-~]+[\p{L}\p{N}]+)+$/u.test(piece)) {
      const parts = piece.split(/[!-/:-@[-`{-~]+/).flatMap((p) => spaceWords(p).split(' ')).filter(Boolean);
      strict.push(`"${parts.join(' ')}"`);
      loose.push(...parts);
      highlight.push(parts[0]!);
      continue;
    }
    let run = '';
    let runKind = '';
    let end = -1;
    const flush = () => {
      // A lone particle is not a search term (の, を …); a kana run ICU could not make a word of is (くわがた).
      if (run && runKind === 'c') {
        // One character has no compound term: it is found as the start of the page's own words.
        strict.push(...(run.length === 1 ? [run] : compoundPieces(run).map(encodeCompound)));
        highlight.push(run);
      }
      else if (run && !QUERY_STOP.has(run)) {
        strict.push(run);
        highlight.push(run);
      }
      run = '';
    };
    for (const { word: w, index } of icuWords(piece)) {
      const kind = ALL_COMPOUND.test(w) ? 'c' : ONE_KANA.test(w) ? 'k' : '';
      if (kind) {
        if (index !== end || kind !== runKind) flush();
        run += w;
        runKind = kind;
        end = index + w.length;
      } else {
        flush();
        end = -1;
        if (!QUERY_STOP.has(w)) strict.push(asIndexed(w));
      }
      if (!QUERY_STOP.has(w)) loose.push(kind === 'c' && w.length > 1 ? encodeCompound(w) : asIndexed(w));
      if (!kind && !QUERY_STOP.has(w)) highlight.push(w);
    }
    flush();
  }
  // A lone hiragana character (a particle ICU split off) matches nearly every page: keep it only if it is all there is.
  const meaningful = (xs: string[]) => {
    const kept = xs.filter((x) => !ONE_KANA.test(x));
    return [...new Set(kept.length ? kept : xs)];
  };
  const s = meaningful(strict);
  const l = meaningful(loose);
  // Loose terms that are all single kana would match almost everything: no loose search then.
  const useless = l.every((x) => ONE_KANA.test(x));
  return { strict: s, loose: useless || l.join(' ') === s.join(' ') ? null : l, highlight: [...new Set(highlight)] };
}

/**
 * Whether indexed text contains a query term the way Pagefind matches it: as the start of
 * a word (spaces between Japanese words removed, so compounds match anywhere inside).
 * Latin words are compared without their last letters, since Pagefind stems them.
 */
export function containsTerm(indexedText: string, term: string): boolean {
  const t = normalizeForSearch(term).toLowerCase();
  const hay = normalizeForSearch(indexedText).toLowerCase();
  // A phrase ("2024 総務 21 0001"): its parts in order, whatever punctuation sat between them.
  if (t.startsWith('"')) return hay.replace(/[^\p{L}\p{N}]/gu, '').includes(t.replace(/[^\p{L}\p{N}]/gu, ''));
  if (/^[a-z]+$/.test(t)) return new RegExp(`(?:^|[^a-z])${t.slice(0, Math.max(3, t.length - 3))}`).test(hay);
  return hay.includes(t);
}

/** True when a character is Japanese script (used to drop index spaces from excerpts). */
export function isCompoundChar(ch: string): boolean {
  return COMPOUND_CHAR.test(ch);
}
