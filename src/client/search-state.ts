/**
 * The search page's state and its URL form (pure; shared by the page script and tests).
 * `/search/?q=新幹線&ministry=国土交通省&year=2024&sort=amount-desc&page=2`: the URL is
 * the whole state, so a search can be shared, bookmarked and reloaded.
 */

/** Pagefind filter names, as SearchMeta.astro declares them, with their URL parameter and label. */
export const FILTERS = [
  { key: '種別', param: 'kind', label: '種別' },
  { key: '府省庁', param: 'ministry', label: '府省庁' },
  { key: '年度', param: 'year', label: 'レビュー年度' },
  { key: '実施方法', param: 'method', label: '実施方法' },
  { key: '所見', param: 'verdict', label: '推進チームの所見' },
] as const;
export type FilterKey = (typeof FILTERS)[number]['key'];

export const SORTS = [
  { value: 'relevance', label: '関連度順', sort: null },
  { value: 'amount-desc', label: '金額の大きい順', sort: { amount: 'desc' } },
  { value: 'amount-asc', label: '金額の小さい順', sort: { amount: 'asc' } },
  { value: 'year-desc', label: '年度の新しい順', sort: { year: 'desc' } },
  { value: 'year-asc', label: '年度の古い順', sort: { year: 'asc' } },
] as const;
export type SortValue = (typeof SORTS)[number]['value'];

/** Order in which kinds are listed (the rest follow by count). */
export const KIND_ORDER = ['事業', '施策', '政策評価', '支出先', '府省'];

export interface SearchState {
  q: string;
  filters: Record<FilterKey, string[]>;
  sort: SortValue;
  /** 1-based page of results. */
  page: number;
  /** Search the full text too when the query is an identifier with exact pages (search-plan.ts). */
  full: boolean;
  /**
   * Every year (`scope=all`): without a year filter, a search reaches back only as far as a
   * first query's download allows (search-plan.ts: firstReach); the reader's button asks for
   * the other years too.
   */
  allYears: boolean;
}

export const PAGE_SIZE = 20;

export function emptyFilters(): Record<FilterKey, string[]> {
  return Object.fromEntries(FILTERS.map((f) => [f.key, [] as string[]])) as unknown as Record<FilterKey, string[]>;
}

export function stateFromUrl(search: string): SearchState {
  const p = new URLSearchParams(search);
  const filters = emptyFilters();
  for (const f of FILTERS) filters[f.key] = [...new Set(p.getAll(f.param).filter((v) => v.trim() !== ''))];
  const sortParam = p.get('sort');
  const sort = (SORTS.find((s) => s.value === sortParam)?.value ?? 'relevance') as SortValue;
  const page = Math.max(1, Math.min(1000, Number.parseInt(p.get('page') ?? '1', 10) || 1));
  return { q: (p.get('q') ?? '').slice(0, 200), filters, sort, page, full: p.get('full') === '1', allYears: p.get('scope') === 'all' };
}

/** The query string for a state (`?…` or `''`); default values are left out so URLs stay short. */
export function stateToUrl(s: SearchState): string {
  const p = new URLSearchParams();
  if (s.q.trim()) p.set('q', s.q.trim());
  for (const f of FILTERS) for (const v of s.filters[f.key]) p.append(f.param, v);
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.full) p.set('full', '1');
  if (s.allYears) p.set('scope', 'all');
  const q = p.toString();
  return q ? `?${q}` : '';
}

export function hasFilters(s: SearchState): boolean {
  return FILTERS.some((f) => s.filters[f.key].length > 0);
}

/** Pagefind's filter argument: any of the chosen values within a filter, all filters together. */
export function pagefindFilters(s: SearchState): Record<string, { any: string[] }> {
  const out: Record<string, { any: string[] }> = {};
  for (const f of FILTERS) if (s.filters[f.key].length) out[f.key] = { any: s.filters[f.key] };
  return out;
}

export function pagefindSort(s: SearchState): Record<string, 'asc' | 'desc'> | undefined {
  const sort = SORTS.find((x) => x.value === s.sort)?.sort;
  return sort ? { ...sort } : undefined;
}

import { ORIGINAL_MARK, TERMS_MARK, normalizeForSearch } from '../lib/search/tokenize.ts';

const JA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ、。・「」『』（）［］【】〔〕：；！？]/u;
// The index spaces brackets as words (tokenize.ts: spaceWords); excerpts drop the space inside them again.
const OPEN = /[([{<]/;
const CLOSE = /[)\]}>]/;
const joins = (before: string | undefined, after: string | undefined) => (!!before && (JA.test(before) || OPEN.test(before))) || (!!after && (JA.test(after) || CLOSE.test(after)));
/**
 * An excerpt from Pagefind as display parts: the index holds text with spaces between
 * Japanese words (see src/lib/search/tokenize.ts); they are removed again here. Returns
 * plain text parts with a `mark` flag, so the page never injects HTML.
 */
export function excerptParts(excerpt: string): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  let mark = false;
  for (const piece of excerpt.split(/(<\/?mark>)/)) {
    if (piece === '<mark>') mark = true;
    else if (piece === '</mark>') mark = false;
    else if (piece) parts.push({ text: decodeEntities(piece), mark });
  }
  // Remove a space when a Japanese character sits on either side (across mark boundaries too).
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    part.text = part.text.replace(/ +/g, (sp, at: number, whole: string) => {
      const before = at > 0 ? whole[at - 1]! : lastChar(parts[i - 1]?.text);
      const after = at + sp.length < whole.length ? whole[at + sp.length]! : firstChar(parts[i + 1]?.text);
      return joins(before, after) ? '' : ' ';
    });
  }
  return parts.filter((p) => p.text !== '');
}
const lastChar = (s?: string) => (s ? s[s.length - 1] : '');
const firstChar = (s?: string) => (s ? s[0] : '');

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (m, e: string) => {
    switch (e.toLowerCase()) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': case '#39': return "'";
    }
    const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
  });
}

/** Removes the spaces the index put between Japanese words (see src/lib/search/tokenize.ts). */
export function unspace(text: string): string {
  return text.replace(/ +/g, (sp, at: number, whole: string) => {
    const before = at > 0 ? whole[at - 1]! : '';
    const after = whole[at + sp.length] ?? '';
    return joins(before, after) ? '' : ' ';
  });
}

/**
 * An excerpt built from the page text Pagefind returns: the first place where a search
 * term occurs (compounds are found inside longer words, which Pagefind's own excerpt
 * cannot mark), with every term in that window marked. Plain text parts, never HTML.
 */
export function buildExcerpt(content: string, terms: string[], width = 110): { text: string; mark: boolean }[] {
  const main = unspace(content.split(TERMS_MARK)[0] ?? '').trim();
  // A page found by its original text only (a legacy sheet's, index-html.ts) shows it from there.
  const original = content.includes(ORIGINAL_MARK) ? unspace(content.split(ORIGINAL_MARK)[1]!.split(TERMS_MARK)[0] ?? '').trim() : '';
  const inMain = (n: string) => main.toLowerCase().includes(n);
  const needles = [...new Set(terms.map((t) => {
    const plain = normalizeForSearch(t).replace(/"/g, '').trim().toLowerCase();
    return plain.startsWith('"') ? plain : plain.split(' ')[0] ?? '';
  }).filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  const fromOriginal = original !== '' && !needles.some(inMain) && needles.some((n) => original.toLowerCase().includes(n));
  const text = fromOriginal ? original : main;
  // The indexed text is already NFKC (tokenize.ts), so positions in `hay` are positions in `text`.
  const hay = text.toLowerCase();
  let first = -1;
  for (const n of needles) {
    const at = hay.indexOf(n);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const start = first < 0 ? 0 : Math.max(0, first - Math.floor(width / 4));
  const windowText = text.slice(start, start + width);
  const windowHay = hay.slice(start, start + width);
  const marked = new Array<boolean>(windowText.length).fill(false);
  for (const n of needles) {
    for (let at = windowHay.indexOf(n); at >= 0; at = windowHay.indexOf(n, at + n.length)) marked.fill(true, at, at + n.length);
  }
  const parts: { text: string; mark: boolean }[] = [];
  if (fromOriginal) parts.push({ text: '原文: ', mark: false });
  if (start > 0) parts.push({ text: '…', mark: false });
  for (let i = 0; i < windowText.length; i++) {
    const last = parts[parts.length - 1];
    if (last && last.mark === marked[i] && !(i === 0 && start > 0)) last.text += windowText[i];
    else parts.push({ text: windowText[i]!, mark: marked[i]! });
  }
  if (start + width < text.length) parts.push({ text: '…', mark: false });
  return parts.filter((p) => p.text !== '');
}
