/**
 * Prepares one built HTML page for the search index (pure: string in, string out).
 *
 * Inside the page's `data-pagefind-body`, text is re-written as space-separated ICU
 * runs (see tokenize.ts) so Pagefind, indexing as a space-separated language, cuts
 * Japanese where the search page cuts the query. The compound terms of that text, and
 * the page's identifiers (SearchMeta `ids`), are appended at the end of the body after
 * TERMS_MARK, with a low weight; the search page cuts the text there when it builds an
 * excerpt. (They were first put in a metadata field, which Pagefind also searches, but
 * on indexes of more than a few pages Pagefind 1.6 silently missed some metadata words,
 * e.g. 事業室 on the RS sample; body words are found reliably.) Values of filters, sorts
 * and metadata are left untouched. Only the copy sent to Pagefind changes; the published
 * page is not modified.
 *
 * The copy is only what Pagefind reads: the body, and the facet blocks (an ignored
 * container of filter/sort/meta values) inside it. Left out are what Pagefind would skip
 * anyway (outside the body, other `data-pagefind-ignore` parts such as the source text)
 * and what nobody searches for though every page repeats it (NOISE: navigation, charts —
 * their data is in the tables —, section headings, table headers, numeric table cells,
 * 出典 line references, key-figure boxes, field labels, "記載なし" notes, download links). Pagefind's time and memory are
 * linear in the text it is given (docs/architecture.md, Search); names, prose, recipients,
 * and identifiers all stay.
 */
import { ORIGINAL_MARK, TERMS_MARK, compoundTerms, compoundTermsOfNormalized, normalizeForSearch, spaceNormalizedWords } from './tokenize.ts';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
// A tag with quoted attribute values (which may contain `>`), a comment, or raw-text elements whole.
const TOKEN = /<!--[\s\S]*?-->|<(script|style|template|svg)\b(?:[^>"']|"[^"]*"|'[^']*')*>[\s\S]*?<\/\1\s*>|<\/?[A-Za-z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>|<!(?:[^>])*>/gi;
const BODY_ATTR = /\sdata-pagefind-body[\s=>]/;

/** Elements nobody searches for that repeat on every page (see the module comment). */
// Headings below the title, table headers and captions are the template's own words
// (基本情報, 歳出予算目 …) or fiscal years, which the year filter covers.
const NOISE_TAGS = new Set(['nav', 'figure', 'dt', 'button', 'form', 'input', 'select', 'label', 'h2', 'h3', 'h4', 'h5', 'h6', 'caption', 'thead', 'th']);
// `search-skip` marks template text in a page that is neither heading nor label (e.g. the
// standard question of each 点検 item).
const NOISE_CLASSES = new Set(['num', 'prov', 'toc', 'key-figures', 'missing', 'downloads', 'breadcrumbs', 'skip-link', 'search-skip']);
const CLASS_ATTR = /\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')/i;
function isNoise(name: string, tag: string): boolean {
  if (NOISE_TAGS.has(name)) return true;
  const m = CLASS_ATTR.exec(tag);
  return !!m && (m[1] ?? m[2] ?? '').split(/\s+/).some((c) => NOISE_CLASSES.has(c));
}
// Tags copied from outside the body too, so the copy stays a document (lang).
const FRAME = new Set(['html', 'head', 'body']);

interface Open {
  name: string;
  body: boolean;
  ignore: boolean;
  /** A SearchMeta value element (filter/sort/meta): its text is a value, not prose. */
  value: boolean;
  /** The SearchMeta metadata field (`data-pagefind-meta`) whose value this element holds. */
  meta: string | null;
  /** The SearchMeta filter (`data-pagefind-filter`) whose value this element holds. */
  filter: string | null;
  /** A legacy sheet's original text (`.source-lines`): indexed apart, below the structured fields. */
  original: boolean;
  /** Left out of the copy with everything inside it. */
  drop: boolean;
  /** Its start tag is in the copy (so its end tag goes there too). */
  emitted: boolean;
  /** An ignored part being held back: copied only if it turns out to hold facet values. */
  held: { out: string; hasValue: boolean } | null;
}

export interface PreparedPage {
  html: string;
  /** The page's metadata (title, ids, kind, ministry, year, amount …) and filter values, as SearchMeta wrote them. */
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  /** Number of compound terms added. */
  terms: number;
  /** Characters of indexed body text. */
  chars: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };
function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}
function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Returns null when the page has no `data-pagefind-body` (such pages are not indexed). */
export function prepareForIndex(html: string): PreparedPage | null {
  if (!BODY_ATTR.test(html)) return null;
  const stack: Open[] = [];
  const terms = new Set<string>();
  let out = '';
  let chars = 0;
  let injected = false;
  const meta: Record<string, string> = {};
  const filters: Record<string, string[]> = {};
  // The original text's lines, joined once the page is read (joinLines).
  const originalLines: string[] = [];
  // The structured body text, each text node normalized without spaces: what the original
  // text need not repeat (originalForIndex).
  const bodyTexts: string[] = [];
  let inOriginal = 0;
  // Depth counters, so each token is classified in O(1).
  let inBody = 0;
  let inDrop = 0;
  let inIgnore = 0;
  let inValue = 0;
  const held: Array<NonNullable<Open['held']>> = [];
  const emit = (s: string) => {
    const h = held[held.length - 1];
    if (h) h.out += s;
    else out += s;
  };
  const text = (raw: string) => {
    if (!raw) return;
    const top = stack[stack.length - 1];
    if (top?.meta) meta[top.meta] = (meta[top.meta] ?? '') + decode(raw);
    if (top?.filter) (filters[top.filter] ??= []).push(decode(raw).trim());
    if (inOriginal > 0) {
      if (!originalLines.length) originalLines.push('');
      originalLines[originalLines.length - 1] += decode(raw);
      return;
    }
    if (inDrop > 0 || inBody === 0) return;
    if (inValue > 0) {
      for (const h of held) h.hasValue = true;
      emit(raw);
      return;
    }
    if (inIgnore > 0 || !raw.trim()) return;
    const plain = raw.includes('&') ? decode(raw) : raw;
    chars += plain.length;
    // Normalized once for both (it is the costliest step of the two).
    const normal = normalizeForSearch(plain);
    compoundTermsOfNormalized(normal, terms);
    bodyTexts.push(normal.replace(/ /g, ''));
    emit(escapeText(spaceNormalizedWords(normal)));
  };
  const close = (o: Open) => {
    if (o.body) inBody--;
    if (o.drop) inDrop--;
    if (o.ignore) inIgnore--;
    if (o.value) inValue--;
    if (o.original) inOriginal--;
    // Closing the (outermost) body element: the added terms go just inside it.
    if (o.body && inBody === 0 && !injected) {
      emit(termsBlock(terms, meta, originalLines, bodyTexts));
      injected = true;
    }
    if (o.emitted) emit(`</${o.name}>`);
    if (o.held) {
      held.pop();
      if (o.held.hasValue) {
        for (const h of held) h.hasValue = true;
        emit(o.held.out);
      }
    }
  };
  let last = 0;
  for (const m of html.matchAll(TOKEN)) {
    text(html.slice(last, m.index));
    last = m.index + m[0].length;
    const tag = m[0];
    // Comments, the doctype and raw-text elements (script, style, svg) carry nothing to index.
    if (tag.startsWith('<!') || m[1]) continue;
    const name = /^<\/?([A-Za-z][^\s/>]*)/.exec(tag)![1]!.toLowerCase();
    if (tag.startsWith('</')) {
      let at = stack.length - 1;
      while (at >= 0 && stack[at]!.name !== name) at--;
      // A stray end tag is left out; one that closes elements left open closes them too.
      if (at >= 0) while (stack.length > at) close(stack.pop()!);
      continue;
    }
    // Most tags carry no Pagefind attribute: one substring test spares them five regexes.
    const pf = tag.includes('data-pagefind-');
    const body = pf && BODY_ATTR.test(tag);
    const ignore = pf && /\sdata-pagefind-ignore[\s=>]/.test(tag);
    const value = pf && /\sdata-pagefind-(?:filter|sort|meta)[\s=]/.test(tag);
    const drop = inBody > 0 && !body && !value && isNoise(name, tag);
    const copied = inDrop === 0 && !drop && (inBody > 0 || body ? true : FRAME.has(name));
    const original = inBody > 0 && inDrop === 0 && inOriginal === 0 && ORIGINAL_CLASS.test(tag);
    const o: Open = { name, body, ignore, value, meta: (pf && META_ATTR.exec(tag)?.[1]) || null, filter: (pf && FILTER_ATTR.exec(tag)?.[1]) || null, original, drop, emitted: copied, held: null };
    // Each line of the original text (one <li> each) starts a new entry.
    if (inOriginal > 0 && name === 'li') originalLines.push('');
    if (copied && ignore && !value && inIgnore === 0) {
      o.held = { out: '', hasValue: false };
      held.push(o.held);
    }
    if (copied) emit(pf || name === 'html' ? slimTag(name, tag) : `<${name}>`);
    if (VOID.has(name) || tag.endsWith('/>')) {
      if (o.held) held.pop();
      continue;
    }
    if (body) inBody++;
    if (drop) inDrop++;
    if (ignore) inIgnore++;
    if (value) inValue++;
    if (original) inOriginal++;
    stack.push(o);
  }
  text(html.slice(last));
  while (stack.length) close(stack.pop()!);
  if (!injected) out += termsBlock(terms, meta, originalLines, bodyTexts);
  const trimmed = Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, v.trim()]));
  return { html: out, meta: trimmed, filters, terms: terms.size, chars };
}

/**
 * A start tag as Pagefind needs it: the element and its Pagefind attributes (and `lang`),
 * nothing else. Links, ids and classes do not change what is indexed (the search page uses
 * no Pagefind anchors), but they would change the copy, and with it the search shard's key
 * (scripts/stages/search-index.ts): a sheet whose recipient link now points to a merged
 * recipient's page, its text the same, would have its shard indexed again.
 */
const KEPT_ATTR = /\s((?:data-pagefind-[\w-]+|lang)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)/gi;
function slimTag(name: string, tag: string): string {
  let attrs = '';
  for (const m of tag.slice(name.length + 1).matchAll(KEPT_ATTR)) attrs += ` ${m[1]}`;
  return `<${name}${attrs}>`;
}

const META_ATTR = /\sdata-pagefind-meta="([^":\]]+)"/;
const FILTER_ATTR = /\sdata-pagefind-filter="([^":\]]+)"/;
// The legacy original text block (lib/pages/source-html.ts); RS pages show CSV rows instead, which repeat their structured fields.
const ORIGINAL_CLASS = /\sclass\s*=\s*"source-lines"/;
const JA_EDGE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ、。]/u;

/**
 * The original text's lines as one text: a PDF's text wraps mid-word (際して、経理監 | 査業務),
 * so lines ending and starting in Japanese are joined without a space, others with one.
 */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (out && !(JA_EDGE.test(out[out.length - 1]!) && JA_EDGE.test(line[0]!))) out += ' ';
    out += line;
  }
  return out;
}

// One line of pretty-printed JSON (a JUDGIT record): an optional key, then a scalar, a
// bracket or nothing, and an optional comma.
const JSON_STRING = '"(?:[^"\\\\]|\\\\.)*"';
const JSON_LINE = new RegExp(`^\\s*(?:${JSON_STRING}\\s*:\\s*)?(${JSON_STRING}|-?\\d[\\d.eE+-]*|true|false|null|[[\\]{}]|\\[\\]|\\{\\})?\\s*,?\\s*$`);

/**
 * What of a legacy sheet's original text goes into the index, in normalizeForSearch form.
 * Text from a PDF (lines wrapped mid-word) is indexed whole, its lines joined (joinLines).
 * A JSON record (every line one JSON line: JUDGIT's) is indexed by its values alone: its
 * keys are field labels, which structured pages leave out too (NOISE in the module
 * comment), and a value that the structured body already holds (`bodyTexts`, each
 * normalized without spaces) or that an earlier line gave adds no page to any search. On
 * the JUDGIT decade the record repeated nearly all of the structured page and was a third of
 * what Pagefind was given for a sheet, its largest single cost (docs/architecture.md,
 * Search). Values are joined by a space; null, booleans and brackets are left out.
 */
export function originalForIndex(lines: string[], bodyTexts: string[]): string {
  const present = lines.filter((l) => l.trim());
  if (!present.length) return '';
  const values = present.map((l) => JSON_LINE.exec(l));
  if (!values.every(Boolean)) return normalizeForSearch(joinLines(lines)).trim();
  const body = bodyTexts.join('\0');
  const kept = new Set<string>();
  for (const m of values) {
    const v = m![1];
    if (!v || v === 'null' || v === 'true' || v === 'false' || /^[[\]{}]/.test(v)) continue;
    let text: string;
    try {
      text = v.startsWith('"') ? (JSON.parse(v) as string) : v;
    } catch {
      text = v;
    }
    const normal = normalizeForSearch(text).trim();
    const key = normal.replace(/ /g, '');
    if (key && !kept.has(normal) && !body.includes(key)) kept.add(normal);
  }
  return [...kept].join(' ');
}

function termsBlock(terms: Set<string>, meta: Record<string, string>, originalLines: string[], bodyTexts: string[]): string {
  const ids = (meta.ids ?? '').split(/\s+/).filter(Boolean);
  const original = originalForIndex(originalLines, bodyTexts);
  if (!terms.size && !ids.length && !original) return '';
  // The title's own terms and the identifiers weigh like a heading, so a project is found
  // above the pages that merely mention it; the rest of the terms weigh less than prose.
  const strong = [...ids, ...compoundTerms(meta.title ?? '')].join(' ');
  let out = `<div data-pagefind-weight="0.5"><p>${TERMS_MARK}</p><p>${[...terms].join(' ')}</p></div>${strong ? `<div data-pagefind-weight="7"><p>${escapeText(strong)}</p></div>` : ''}`;
  if (original) {
    // A legacy sheet's original text, for what its parser could not structure: its words and
    // the compound terms it adds, weighted below everything structured. ORIGINAL_MARK starts
    // it, so the search page can show an excerpt from it; TERMS_MARK ends the readable part.
    const extra = [...compoundTermsOfNormalized(original)].filter((t) => !terms.has(t));
    out += `<div data-pagefind-weight="0.2"><p>${ORIGINAL_MARK}</p><p>${escapeText(spaceNormalizedWords(original))}</p><p>${TERMS_MARK}</p><p>${extra.join(' ')}</p></div>`;
  }
  return out;
}
