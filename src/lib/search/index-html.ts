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
 * and metadata are left untouched, and so is everything outside the body. Only the copy
 * sent to Pagefind changes; the published page is not modified.
 */
import { TERMS_MARK, compoundTerms, spaceWords } from './tokenize.ts';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
// A tag with quoted attribute values (which may contain `>`), a comment, or raw-text elements whole.
const TOKEN = /<!--[\s\S]*?-->|<(script|style|template|svg)\b(?:[^>"']|"[^"]*"|'[^']*')*>[\s\S]*?<\/\1\s*>|<\/?[A-Za-z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>|<!(?:[^>])*>/gi;

interface Open {
  name: string;
  body: boolean;
  ignore: boolean;
  /** A SearchMeta value element (filter/sort/meta): its text is a value, not prose. */
  value: boolean;
  /** SearchMeta's identifiers (事業番号, 法人番号 …). */
  ids: boolean;
  /** SearchMeta's title. */
  title: boolean;
}

export interface PreparedPage {
  html: string;
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
  if (!/\sdata-pagefind-body[\s=>]/.test(html)) return null;
  const stack: Open[] = [];
  const terms = new Set<string>();
  let out = '';
  let last = 0;
  let chars = 0;
  let injected = false;
  const ids: string[] = [];
  let title = '';
  const text = (raw: string) => {
    const top = stack[stack.length - 1];
    const inBody = stack.some((o) => o.body);
    if (top?.ids) ids.push(decode(raw).trim());
    if (top?.title) title += decode(raw);
    if (!inBody || !raw.trim() || (top && top.value)) return raw;
    const plain = decode(raw);
    if (stack.some((o) => o.ignore)) return raw;
    chars += plain.length;
    compoundTerms(plain, terms);
    return escapeText(spaceWords(plain));
  };
  for (const m of html.matchAll(TOKEN)) {
    out += text(html.slice(last, m.index));
    last = m.index + m[0].length;
    const tag = m[0];
    if (tag.startsWith('<!') || m[1]) {
      out += tag;
      continue;
    }
    const close = tag.startsWith('</');
    const name = /^<\/?([A-Za-z][^\s/>]*)/.exec(tag)![1]!.toLowerCase();
    if (close) {
      const at = stack.map((o) => o.name).lastIndexOf(name);
      // Closing the (outermost) body element: the added terms go just inside it.
      if (at >= 0 && stack[at]!.body && !stack.slice(0, at).some((o) => o.body) && !injected) {
        out += termsBlock(terms, ids, title);
        injected = true;
      }
      out += tag;
      if (at >= 0) stack.length = at;
      continue;
    }
    out += tag;
    if (VOID.has(name) || tag.endsWith('/>')) continue;
    stack.push({
      name,
      body: /\sdata-pagefind-body[\s=>]/.test(tag),
      ignore: /\sdata-pagefind-ignore[\s=>]/.test(tag),
      value: /\sdata-pagefind-(?:filter|sort|meta)[\s=]/.test(tag),
      ids: /\sdata-pagefind-meta="ids"/.test(tag),
      title: /\sdata-pagefind-meta="title"/.test(tag),
    });
  }
  out += text(html.slice(last));
  if (!injected) out += termsBlock(terms, ids, title);
  return { html: out, terms: terms.size, chars };
}

function termsBlock(terms: Set<string>, ids: string[], title: string): string {
  if (!terms.size && !ids.length) return '';
  // The title's own terms and the identifiers weigh like a heading, so a project is found
  // above the pages that merely mention it; the rest of the terms weigh less than prose.
  const strong = [...ids.filter(Boolean), ...compoundTerms(title)].join(' ');
  return `<div data-pagefind-weight="0.5"><p>${TERMS_MARK}</p><p>${[...terms].join(' ')}</p></div>${strong ? `<div data-pagefind-weight="7"><p>${escapeText(strong)}</p></div>` : ''}`;
}
