/**
 * The search page (/search/): loads Pagefind from the site itself, renders filters with
 * counts, results with name, ministry, year and amount, and keeps the whole state in
 * the URL. Bundled by Astro as an external module script (no inline script, for CSP).
 */
import { containsTerm, planQuery, type QueryPlan } from '../lib/search/tokenize.ts';
import { fiscalYearLabel, formatYen } from '../lib/format/index.ts';
import {
  FILTERS, KIND_ORDER, PAGE_SIZE, SORTS, buildExcerpt, excerptParts, hasFilters, pagefindFilters, pagefindSort, stateFromUrl, stateToUrl,
} from './search-state.ts';
import type { FilterKey, SearchState, SortValue } from './search-state.ts';
import { importPagefind, openIndex, readManifest, type PagefindResponse, type PagefindResultData, type ShardedIndex } from './pagefind-shards.ts';
import { answeredByLookup, fetchPlan, firstReach, reachSteps } from './search-plan.ts';
import type { LookupBucket } from '../lib/search/lookup.ts';
import { shardsHoldingTerms, type TermBucket } from '../lib/search/term-shards.ts';
import { mergeSorted, sortKey } from './shard-merge.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('search-form');
const input = $<HTMLInputElement>('q');
const sortSelect = $<HTMLSelectElement>('sort');
const filtersBox = $<HTMLDivElement>('filters');
const statusEl = $<HTMLParagraphElement>('search-status');
const noteEl = $<HTMLParagraphElement>('search-note');
const list = $<HTMLOListElement>('results');
const more = $<HTMLButtonElement>('more');
const root = form.dataset.base ?? '/';

let pagefind: Promise<ShardedIndex> | null = null;
// The manifest first (a small file): the lookup and which shards a query needs come from it.
const manifest = readManifest(root);
let allFilters: Record<string, Record<string, number>> = {};
let state: SearchState = stateFromUrl(location.search);
let generation = 0;
/** Years the last search left to the reader's asking (search-plan.ts: firstReach): their counts are not known. */
let unsearchedYears = new Set<string>();

function loadPagefind(): Promise<ShardedIndex> {
  pagefind ??= openIndex(root, manifest);
  return pagefind;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

function valueLabel(key: FilterKey, value: string): string {
  if (key === '年度' && /^\d{4}$/.test(value)) return fiscalYearLabel(Number(value));
  return value;
}

function orderedValues(key: FilterKey, counts: Record<string, number>): string[] {
  const values = Object.keys(counts);
  if (key === '年度') return values.sort((a, b) => Number(b) - Number(a));
  if (key === '種別') return values.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'ja'));
  return values.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b, 'ja'));
}
const rank = (k: string) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);

/** Filter groups as fieldsets of checkboxes (native controls: Tab, Space and labels work). */
function renderFilters(res: Pick<PagefindResponse, 'filters' | 'totalFilters'> | null, pending = false): void {
  const focusedId = document.activeElement instanceof HTMLInputElement && filtersBox.contains(document.activeElement) ? document.activeElement.id : null;
  filtersBox.replaceChildren();
  FILTERS.forEach((f, fi) => {
    const values = orderedValues(f.key, allFilters[f.key] ?? {});
    for (const v of state.filters[f.key]) if (!values.includes(v)) values.push(v);
    if (!values.length) return;
    const fs = el('fieldset', { class: 'search-filter' });
    fs.append(el('legend', {}, f.label));
    const ul = el('ul');
    values.forEach((v, vi) => {
      const id = `f-${fi}-${vi}`;
      const li = el('li');
      const cb = el('input', { type: 'checkbox', id, name: f.param, value: v });
      cb.checked = state.filters[f.key].includes(v);
      // In a group with a choice made, counts ignore the filters (what choosing another value would add).
      const counts = res ? (state.filters[f.key].length ? res.totalFilters : res.filters) : allFilters;
      const n = counts[f.key]?.[v] ?? 0;
      const label = el('label', { for: id });
      // Counts not yet known (refreshCounts) are shown as such, not as zero; nor are those of years not searched.
      const unsearched = res !== null && f.key === '年度' && unsearchedYears.has(v);
      label.append(valueLabel(f.key, v), ' ', el('span', { class: 'count' }, unsearched ? '(未検索)' : pending ? '(…)' : `(${n.toLocaleString('ja-JP')})`));
      li.append(cb, label);
      ul.append(li);
    });
    fs.append(ul);
    filtersBox.append(fs);
  });
  if (focusedId) document.getElementById(focusedId)?.focus();
}

function renderResult(d: PagefindResultData, terms: string[], exact = false): HTMLLIElement {
  const li = el('li', { class: exact ? 'search-result search-exact' : 'search-result' });
  const h = el('h3');
  const a = el('a', { href: d.url }, d.meta.title ?? d.url);
  h.append(a);
  li.append(h);
  const dl = el('dl', { class: 'search-result-facts' });
  const fact = (k: string, v: string | undefined) => {
    if (!v) return;
    const div = el('div');
    div.append(el('dt', {}, k), el('dd', {}, v));
    dl.append(div);
  };
  fact('種別', d.meta.kind);
  fact('府省庁', d.meta.ministry);
  fact('年度', d.meta.year ? d.meta.year.split(',').map((y) => (/^\d{4}$/.test(y.trim()) ? fiscalYearLabel(Number(y.trim())) : y)).join('、') : undefined);
  if (d.meta.amount && Number.isFinite(Number(d.meta.amount))) fact(d.meta.amount_label ?? '金額', formatYen(Number(d.meta.amount)));
  li.append(dl);
  if (exact) {
    li.append(el('p', { class: 'search-exact-note' }, '名称または番号が検索語と一致'));
    return li;
  }
  const p = el('p', { class: 'search-excerpt' });
  const parts = d.content != null ? buildExcerpt(d.content, terms) : excerptParts(d.excerpt);
  for (const part of parts) p.append(part.mark ? el('mark', {}, part.text) : part.text);
  li.append(p);
  return li;
}

const holding = new Map<string, Promise<number[]>>();
const pageText = (d: PagefindResultData) => [d.content ?? '', ...Object.values(d.meta)].join(' ');
/**
 * The shards, of `only`, that hold every term (none: no page can have them all). Pagefind
 * does not say: for a word a bundle cannot find it silently searches a shorter prefix
 * (新幹線 → 新), which lists pages that do not contain what was typed. Each shard falls
 * back on its own, so each is asked, with all the terms at once: a shard that holds them all
 * finds pages with every one (Pagefind finds pages with all the words), one that lacks one
 * finds pages without it, so the first page a shard finds tells — one search and one page
 * per shard, whatever the number of words (asking word by word cost a search and a page per
 * word and shard: on RS 2024, 24 fragments for a six-word name). Searches are then limited to
 * the shards that hold every word, or the other shards' fallback pages would be listed too
 * (measured on RS 2024: 7 of the 245 results for こども家庭庁 did not contain it).
 */
function shardsWithAll(pf: ShardedIndex, terms: string[], only: number[]): Promise<number[]> {
  const memo = `${terms.join(' ')}\u0000${only.join(',')}`;
  let p = holding.get(memo);
  if (!p) {
    p = (async () => {
      const each = await pf.searchEach(terms.join(' '), { shards: only });
      if (!each) return [];
      const has = (d: PagefindResultData) => {
        const text = pageText(d);
        return terms.every((t) => containsTerm(text, t));
      };
      const firsts = await Promise.all(each.lists.map((l, k) => (only.includes(k) ? l[0]?.data() ?? null : null)));
      const found = firsts.flatMap((d, k) => (d && has(d) ? [k] : []));
      // A result of unknown shard (shard-merge.ts: splitByShard) that has the terms is from a
      // shard with no other result (the others are told by their first): those are asked alone.
      if ((await Promise.all(each.unplaced.map((r) => r.data()))).some(has)) {
        for (const k of only) {
          if ((each.lists[k]?.length ?? 0) > 0) continue;
          const first = (await pf.search(terms.join(' '), { shards: [k] }))?.results[0];
          if (first && has(await first.data())) found.push(k);
        }
      }
      return found.sort((a, b) => a - b);
    })();
    holding.set(memo, p);
  }
  return p;
}

/** Term table files already read (src/lib/search/term-shards.ts); null when one could not be read. */
const termFiles = new Map<string, Promise<TermBucket | null>>();
function termBucket(name: string): Promise<TermBucket | null> {
  let b = termFiles.get(name);
  if (!b) {
    b = fetch(`${root}pagefind/terms/${name}.json`).then((r) => (r.ok ? (r.json() as Promise<TermBucket>) : null)).catch(() => null);
    termFiles.set(name, b);
  }
  return b;
}
const tableAnswers = new Map<string, Promise<{ shards: Set<number>; complete: boolean } | null>>();
/** What the term table says of these terms (shardsHoldingTerms); null without a table or when it decides none. */
function heldByTable(terms: string[]): Promise<{ shards: Set<number>; complete: boolean } | null> {
  const memo = terms.join(' ');
  let p = tableAnswers.get(memo);
  if (!p) {
    p = manifest.then((m) => (m.termBuckets ? shardsHoldingTerms(terms, m.termBuckets, termBucket) : null)).catch(() => null);
    tableAnswers.set(memo, p);
  }
  return p;
}

/**
 * The shards, of `only`, that hold every term: the term table names the shards holding its
 * compounds without loading any index (a shard it leaves out is never loaded); only the
 * words it cannot decide (hiragana, Latin, numbers) are asked of the shards it left in
 * (shardsWithAll). `decided`: the table alone answered.
 */
async function shardsHolding(pf: ShardedIndex, terms: string[], only: number[]): Promise<{ shards: number[]; candidates: number[]; decided: boolean }> {
  const t = await heldByTable(terms);
  const candidates = t ? only.filter((k) => t.shards.has(k)) : only;
  if (t?.complete || candidates.length === 0) return { shards: candidates, candidates, decided: true };
  return { shards: await shardsWithAll(pf, terms, candidates), candidates, decided: false };
}

/** Exact lookup files already read (search-plan.ts, src/lib/search/lookup.ts). */
const buckets = new Map<string, Promise<LookupBucket>>();
async function exactPages(file: string, key: string): Promise<PagefindResultData[]> {
  let b = buckets.get(file);
  if (!b) {
    b = fetch(`${root}pagefind/lookup/${file}`).then((r) => (r.ok ? (r.json() as Promise<LookupBucket>) : {})).catch(() => ({}));
    buckets.set(file, b);
  }
  const entries = (await b)[key] ?? [];
  const f = state.filters;
  // Only the facets a lookup entry carries can be checked; with another filter chosen, the full text decides.
  if (f['実施方法'].length || f['所見'].length) return [];
  return entries
    .filter(([, , kind, ministry, year]) =>
      (!f['種別'].length || f['種別'].includes(kind))
      && (!f['府省庁'].length || ministry.split('、').some((m) => f['府省庁'].includes(m)))
      && (!f['年度'].length || year.split(',').some((y) => f['年度'].includes(y))))
    .map(([url, title, kind, ministry, year, amount, amountLabel]) => ({
      url, excerpt: '', meta: { title, kind: kind || undefined, ministry: ministry || undefined, year: year || undefined, amount: amount || undefined, amount_label: amountLabel || undefined },
    }));
}

interface FullText {
  total: number;
  data: PagefindResultData[];
  loose: boolean;
  res: PagefindResponse;
  /** What was asked, so the filter counts can be asked again once their files are loaded. */
  term: string | null;
  shards: number[] | undefined;
}

/**
 * The full-text search over some shards: the first `shown` results' data, `onFirst` called
 * with the first few as soon as they are loaded (so results appear before all are fetched).
 */
async function fullText(pf: ShardedIndex, plan: QueryPlan, only: number[], scope: number[], shown: number, gen: number, onFirst: (d: PagefindResultData[]) => void): Promise<FullText | null> {
  const hasQuery = plan.strict.length > 0;
  const filters = pagefindFilters(state);
  const sort = pagefindSort(state) ?? (hasQuery ? undefined : { amount: 'desc' as const });
  // Compounds are first searched whole; only when no shard holds them all is the query tried word by word.
  let terms: string[] | null = hasQuery ? plan.strict : null;
  let shards: number[] | undefined = only;
  let loose = false;
  // The term table first (a few KB): the shards it leaves out are never loaded. Where it
  // cannot decide every word, the search is started beside the check of which shards hold
  // them (shardsWithAll): mostly every shard searched holds them, and then this is the
  // answer, its first pages already loading (one round of fragment requests less before
  // the first results: RS 2024, a frequent word on a warm page waited ~350 ms, for two such
  // rounds after the index).
  let early: ReturnType<typeof earlySearch> | null = null;
  let candidates = only;
  if (terms) {
    const table = await heldByTable(terms);
    candidates = table ? only.filter((k) => table.shards.has(k)) : only;
    if (!sort && candidates.length && !table?.complete) early = earlySearch(pf, terms.join(' '), filters, candidates);
    shards = (await shardsHolding(pf, terms, only)).shards;
    // Word by word only when the whole query occurs in none of the shards this search will
    // reach (`scope`, its last step): where the table knows a later year holds it, this
    // step lists nothing rather than word-by-word results the next step replaces.
    const later = table?.complete === true && scope.some((k) => table.shards.has(k));
    if (shards.length === 0 && !later) {
      shards = plan.loose ? (await shardsHolding(pf, plan.loose, only)).shards : [];
      terms = shards.length > 0 ? plan.loose! : [];
      loose = terms.length > 0;
    }
  }
  const term = terms ? terms.join(' ') : null;
  const reused = !loose && shards !== undefined && shards.length === candidates.length ? early : null;
  const res: PagefindResponse | null = terms && terms.length === 0 ? { results: [], filters: {}, totalFilters: {}, unfilteredResultCount: 0 } : reused ? await reused.res : await pf.search(term, { filters, shards });
  if (gen !== generation || !res) return null;
  const total = res.results.length;
  const count = Math.min(total, shown);
  let data: PagefindResultData[];
  if (sort && total > 1) {
    // Each shard sorts its own pages; the first `shown` of all are merged by the sort key
    // (which is in each result's metadata). Pagefind leaves out pages without the sort
    // key (e.g. no amount): they follow the sorted ones, in relevance order.
    const [field, dir] = Object.entries(sort)[0] as ['amount' | 'year', 'asc' | 'desc'];
    const each = (await pf.searchEach(term, { filters, sort, shards })) ?? { lists: [], unplaced: [] };
    if (gen !== generation) return null;
    // A result of unknown shard (at most one per shard) is a sorted list of its own: a merge
    // of sorted lists gives the sorted whole, however the items are split among them.
    const lists = [...each.lists, ...each.unplaced.map((r) => [r])];
    const head = await mergeSorted(lists, count, (r) => r.data(), (d) => sortKey(d.meta, field), dir);
    const seen = new Set(lists.flat().map((r) => r.id));
    const rest = res.results.filter((r) => !seen.has(r.id)).slice(0, Math.max(0, count - head.length));
    data = [...head.map((h) => h.data), ...(await Promise.all(rest.map((r) => r.data())))];
  } else {
    const first = reused ? (await reused.first).slice(0, Math.min(count, FIRST_BATCH)) : await Promise.all(res.results.slice(0, Math.min(count, FIRST_BATCH)).map((r) => r.data()));
    if (gen !== generation) return null;
    if (count > FIRST_BATCH) onFirst(first);
    data = [...first, ...(await Promise.all(res.results.slice(FIRST_BATCH, count).map((r) => r.data())))];
  }
  if (gen !== generation) return null;
  return { total, data, loose, res, term, shards };
}
/** Results shown before the rest of the page's results are loaded. */
const FIRST_BATCH = 5;

/** A search and its first results' data, started before it is known to be the one needed (unused: its errors are dropped). */
function earlySearch(pf: ShardedIndex, term: string, filters: Record<string, unknown> | undefined, shards: number[]) {
  const res = pf.search(term, { filters, shards });
  const first = res.then((r) => (r ? Promise.all(r.results.slice(0, FIRST_BATCH).map((x) => x.data())) : []));
  res.catch(() => undefined);
  first.catch(() => undefined);
  return { res, first };
}

function syncForm(): void {
  input.value = state.q;
  sortSelect.value = state.sort;
}

function readForm(): SearchState {
  const filters = Object.fromEntries(FILTERS.map((f) => [f.key, [...filtersBox.querySelectorAll<HTMLInputElement>(`input[name="${f.param}"]:checked`)].map((c) => c.value)])) as Record<FilterKey, string[]>;
  // Every year, once asked for, stays asked for in this visit's next searches.
  return { q: input.value, filters, sort: sortSelect.value as SortValue, page: 1, full: false, allYears: state.allYears };
}

function setUrl(push: boolean): void {
  const url = `${location.pathname}${stateToUrl(state)}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

/** A button that searches again with part of the state changed, as a new entry of the history. */
function searchAgainButton(label: string, change: Partial<SearchState>): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'link-button' }, label);
  b.addEventListener('click', () => {
    state = { ...state, ...change, page: 1 };
    setUrl(true);
    void run();
  });
  return b;
}

async function run(): Promise<void> {
  const gen = ++generation;
  list.setAttribute('aria-busy', 'true');
  performance.mark(`search:start:${gen}`);
  try {
    await search(gen);
  } finally {
    if (gen === generation) {
      list.setAttribute('aria-busy', 'false');
      // Read by scripts/search-bench.ts (time from a search's start to its results on screen).
      performance.measure(`search:${gen}`, `search:start:${gen}`);
    }
  }
}

async function search(gen: number): Promise<void> {
  const m = await manifest;
  // The requests first, before the query is cut into words (planQuery starts ICU's word
  // segmenter, the slowest step before any result): the lookup file, and for words the
  // full-text index with the shards of the first step (an identifier waits for the lookup,
  // which may answer it alone).
  const fp = fetchPlan(state.q, state.filters['年度'], m.partitions, m.lookupBuckets, state.full, hasFilters(state));
  // (`words` is set just below, before the index has opened.)
  let words: string[] = [];
  const prepare = () => void prepareFirstStep(fp.steps, words).catch(() => undefined);
  // Without a lookup file the full text is the only answer: started at once. With one, the
  // lookup may answer alone (answeredByLookup), so the index waits for it (its script is
  // already loading, importPagefind).
  if (fp.fullText && !fp.lookup) prepare();
  const exactPending = fp.lookup ? exactPages(fp.lookup.file, fp.lookup.key) : Promise.resolve([]);
  const sp = { ...fp, terms: planQuery(state.q) };
  const plan = sp.terms;
  words = plan.strict;
  // The term table's files (they decide which shards are loaded), as soon as the full text is known to be needed.
  const table = () => void (plan.strict.length ? heldByTable(plan.strict) : null);
  if (fp.fullText && !fp.lookup) table();
  const hasQuery = plan.strict.length > 0;
  noteEl.hidden = true;
  noteEl.replaceChildren();
  if (!hasQuery && !sp.lookup && !hasFilters(state)) {
    list.replaceChildren();
    more.hidden = true;
    statusEl.textContent = state.q.trim() ? '検索できる語が含まれていません。' : 'キーワードを入力するか、条件を選んでください。';
    renderFilters(null);
    return;
  }
  statusEl.textContent = '検索しています…';
  const shown = state.page * PAGE_SIZE;
  // 1. The pages whose name or number is the query, from one small file: listed first.
  const exact = await exactPending;
  if (gen !== generation) return;
  const answered = answeredByLookup(sp.identifier, exact.map((d) => ({ kind: d.meta.kind, title: d.meta.title })), state.full, hasFilters(state));
  if (fp.fullText && fp.lookup && !answered) {
    table();
    prepare();
  }
  const exactUrls = new Set(exact.map((d) => d.url));
  const show = (data: PagefindResultData[], highlight: string[]) => {
    const rest = data.filter((d) => !exactUrls.has(d.url));
    list.replaceChildren(...exact.map((d) => renderResult(d, highlight, true)), ...rest.slice(0, Math.max(0, shown - exact.length)).map((d) => renderResult(d, highlight)));
  };
  if (exact.length) show([], plan.highlight);
  // 2. An identifier or a pasted full name with exact pages is answered by them; the full text only when asked.
  if (answered) {
    const what = sp.identifier ? '番号' : '名称';
    statusEl.textContent = `${what}が一致するページが${exact.length.toLocaleString('ja-JP')}件見つかりました。`;
    const b = searchAgainButton(`この${what}を本文に含むページも探す`, { full: true });
    noteEl.append(sp.identifier ? 'この番号を記載している他のページ（支出先として挙げている事業など）も探せます。' : 'この名称を記載している他のページ（一覧や、支出先として挙げている事業など）も探せます。', ' ', b);
    noteEl.hidden = false;
    more.hidden = true;
    renderFilters(null, true);
    engineWhenIdle();
    return;
  }
  if (!hasQuery && !hasFilters(state)) {
    // Only particles or symbols typed: at most a page of that exact name.
    statusEl.textContent = exact.length ? `名称が一致するページが${exact.length.toLocaleString('ja-JP')}件見つかりました。` : '検索できる語が含まれていません。';
    more.hidden = true;
    renderFilters(null, true);
    return;
  }
  // 3. The full text, newest year first (search-plan.ts: shardSteps), and without a year
  // filter only as far back as a first query's download allows (firstReach).
  let steps = sp.steps;
  let left: { years: number[]; reached: number[] } | null = null;
  if (!state.filters['年度'].length && !state.allYears) {
    let table = plan.strict.length ? await heldByTable(plan.strict) : null;
    let words = plan.strict.length;
    // Written together nowhere (the table knows): the search goes word by word (fullText), so
    // its reach is that of the separate words (an absent name, 鰯羊羹宇宙港, searched every
    // year's shards for 鰯: 1.4 MB on the decade).
    if (table?.complete && table.shards.size === 0 && plan.loose?.length) {
      table = await heldByTable(plan.loose);
      words = plan.loose.length;
    }
    const reach = firstReach(m.partitions, m.costs, table ? table.shards : null, words);
    if (reach.left.length) {
      steps = reachSteps(m.partitions, reach.shards);
      left = { years: reach.years, reached: reach.reached };
    }
  }
  unsearchedYears = new Set((left?.years ?? []).map(String));
  const pf = await loadPagefind();
  if (gen !== generation) return;
  let out: FullText | null = null;
  for (const [i, only] of steps.entries()) {
    const later = i < steps.length - 1;
    out = await fullText(pf, plan, only, steps.at(-1) ?? only, shown, gen, (first) => show(first, plan.highlight));
    if (!out) return;
    form.dataset.shardLists = pf.lastEach ?? '';
    show(out.data, plan.highlight);
    renderFilters(out.res, true);
    const extra = exact.filter((d) => !out!.data.some((x) => x.url === d.url)).length;
    const total = out.total + (out.res.results.length > shown ? 0 : extra);
    const listed = list.children.length;
    // Stopped short of some years: say which were searched, and offer the rest.
    const where = left && !later ? `${yearSpan(left.reached)}のページ` : '';
    statusEl.textContent = total === 0
      ? (where ? `${where}には該当するものはありません。` : '該当するページはありません。')
      : `${where ? `${where}で` : ''}${total.toLocaleString('ja-JP')}件見つかりました${listed < total ? `（${listed.toLocaleString('ja-JP')}件を表示）` : ''}。${later ? '過去の年度も検索しています…' : ''}`;
    noteEl.replaceChildren();
    if (out.loose && out.total > 0) noteEl.append(`「${state.q.trim()}」と続けて書かれたものは見つからなかったため、語を分けて（${plan.loose!.join('・')}）すべてを含むものを表示しています。`);
    if (left && !later) noteEl.append(...otherYearsNote(left.years, noteEl.childNodes.length > 0));
    noteEl.hidden = noteEl.childNodes.length === 0;
    more.hidden = listed >= total;
    // Let the browser show this step before the next one is searched.
    if (later) await new Promise((ok) => setTimeout(ok, 0));
    if (gen !== generation) return;
  }
  if (out) countsLater(pf, out, gen);
}

/** 「令和4年度 (2022)〜令和6年度 (2024)」: the span of some years. */
function yearSpan(years: number[]): string {
  const s = [...years].sort((a, b) => a - b);
  if (s.length === 0) return '';
  return s.length === 1 ? fiscalYearLabel(s[0]!) : `${fiscalYearLabel(s[0]!)}〜${fiscalYearLabel(s.at(-1)!)}`;
}

/** The note under a search that stopped short of some years (firstReach), with the button that searches them too. */
function otherYearsNote(years: number[], after: boolean): Array<Node | string> {
  const b = searchAgainButton('すべての年度で検索', { allYears: true });
  return [after ? ' ' : '', `${yearSpan(years)}のページは、まだ検索していません。`, ' ', b];
}

/**
 * The counts wait until the results have been on screen a moment and nothing new is being
 * typed: a reader who goes on to the next query does not wait for them. They load every
 * searched shard's filter files (on the decade 0.6–1.1 MB from up to 49 shards), and started
 * at once they were still loading when the next query began — in 16 of 62 warm queries of
 * search-bench on the decade, among them the slowest (2026-12-06).
 */
const COUNTS_DELAY_MS = 700;
function countsLater(pf: ShardedIndex, out: FullText, gen: number): void {
  setTimeout(() => {
    if (gen === generation && list.getAttribute('aria-busy') !== 'true') void refreshCounts(pf, out, gen);
  }, COUNTS_DELAY_MS);
}

/**
 * The filter counts of the results: Pagefind counts only with the filter files loaded,
 * and they are not needed to show the first results, so they are loaded afterwards and the
 * same search asked again (its index files are loaded by then).
 */
async function refreshCounts(pf: ShardedIndex, out: FullText, gen: number): Promise<void> {
  try {
    await pf.loadFilterCounts(out.shards);
    if (gen !== generation) return;
    const res = out.term === null && out.data.length === 0 && out.total === 0 ? out.res : await pf.search(out.term, { filters: pagefindFilters(state), shards: out.shards });
    if (gen !== generation || !res) return;
    renderFilters(res);
  } catch (e) {
    console.error(e);
  }
}

/**
 * Pagefind with the shards of a search's first step, of those only the ones the term table
 * leaves in for these words: a shard merged into a Pagefind is searched (its index chunks
 * loaded) by every later search of that Pagefind.
 */
async function prepareFirstStep(steps: number[][], words: string[]): Promise<void> {
  const first = steps[0] ?? [];
  const table = words.length ? await heldByTable(words) : null;
  await (await loadPagefind()).prepare(table ? first.filter((k) => table.shards.has(k)) : first);
}

/**
 * After an answer the lookup gave alone, Pagefind itself (its script, wasm and the newest
 * year's primary bundle: about 140 KB) is loaded once the page is idle, unless the reader
 * asked the browser to save data, so that a next query needing the full text starts at its
 * index. In search-bench on RS 2024, three of the six slowest next queries followed such an
 * answer and waited for Pagefind's script, wasm and metadata first (2026-12-07).
 */
function engineWhenIdle(): void {
  if ((navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData) return;
  const load = () => void loadPagefind().catch(() => undefined);
  if ('requestIdleCallback' in window) requestIdleCallback(load, { timeout: 2000 });
  else setTimeout(load, 200);
}

/**
 * While a query is typed, what its search will read first is fetched already: the lookup
 * file, the term table's files and, when the lookup does not hold the query, Pagefind with
 * the first step's shards the table leaves in (search() asks for the same things, from the
 * same caches), as Pagefind's own UI preloads on input. Typed by a person this has the whole
 * typing time; search-bench types and presses Enter within a few ms, so there it gains little:
 * on the decade a query typed after one the lookup had answered still read its first index
 * chunk 190–250 ms after Enter, behind Pagefind's script, wasm and the newest year's bundles
 * (warm, the slowest of 62; 2026-12-07).
 */
function prefetch(s: SearchState): void {
  void manifest
    .then(async (m) => {
      const fp = fetchPlan(s.q, s.filters['年度'], m.partitions, m.lookupBuckets, s.full, hasFilters(s));
      // The lookup may answer it alone (search(): answeredByLookup): then no index is loaded for it.
      if (fp.lookup && (await exactPages(fp.lookup.file, fp.lookup.key)).length > 0) return;
      if (!fp.fullText) return;
      await prepareFirstStep(fp.steps, planQuery(s.q).strict);
    })
    .catch(() => undefined);
}

let timer: ReturnType<typeof setTimeout> | undefined;
function schedule(push: boolean, delay: number): void {
  clearTimeout(timer);
  list.setAttribute('aria-busy', 'true');
  timer = setTimeout(() => {
    state = readForm();
    setUrl(push);
    void run();
  }, delay);
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  clearTimeout(timer);
  state = readForm();
  setUrl(true);
  void run();
});
input.addEventListener('input', (e) => {
  if (!(e as InputEvent).isComposing) prefetch(readForm());
  schedule(false, 300);
});
sortSelect.addEventListener('change', () => schedule(true, 0));
filtersBox.addEventListener('change', () => schedule(true, 0));
more.addEventListener('click', () => {
  const firstNew = state.page * PAGE_SIZE;
  state = { ...state, page: state.page + 1 };
  setUrl(false);
  void run().then(() => list.querySelectorAll<HTMLAnchorElement>('li.search-result a')[firstNew]?.focus());
});
window.addEventListener('popstate', () => {
  state = stateFromUrl(location.search);
  syncForm();
  void run();
});

for (const s of SORTS) if (!sortSelect.querySelector(`option[value="${s.value}"]`)) sortSelect.append(el('option', { value: s.value }, s.label));
syncForm();
// On a phone the filter lists would push the results off the screen: start them folded unless in use.
const filtersPanel = filtersBox.closest('details');
if (filtersPanel && window.matchMedia('(max-width: 40rem)').matches && !hasFilters(state)) filtersPanel.open = false;
form.dataset.ready = 'loading';
// Pagefind itself is loaded by the first search that needs the full text (search-plan.ts):
// for a query in the URL that needs it, from the start, beside the manifest.
if (fetchPlan(state.q, [], [], null, state.full, hasFilters(state)).fullText) void importPagefind(root).catch(() => undefined);
manifest
  .then(async (m) => {
    allFilters = m.filters ?? (await (await loadPagefind()).filters());
    await run();
    form.dataset.ready = 'true';
  })
  .catch((err: unknown) => {
    statusEl.textContent = '検索の索引を読み込めませんでした。時間をおいて再読み込みしてください。';
    form.dataset.ready = 'error';
    console.error(err);
  });
