/**
 * Links from a page section to the original text lines (legacy sheets) or source rows
 * (RS CSV) its values were read from, using the record's provenance map. Keys are field
 * paths (`purpose`, `budget`, `budget.2023.total` …); a section asks for its fields and
 * gets every entry under them.
 */
import type { JsonRef, Provenance } from '../../schemas/common.ts';
import { rsRowAnchor } from '../urls.ts';
import { attrValue, text } from './html.ts';

export interface ProvLink { href: string; label: string }

/** Line anchors of a JUDGIT! JSON source (`#json-L12`): a merged page shows it beside the text sheet's `#L12`. */
export const JSON_LINE_PREFIX = 'json-';

const under = (key: string, field: string) => key === field || key.startsWith(`${field}.`) || key.startsWith(`${field}[`);

type Entry = Provenance[string];

// Entries grouped by top-level field (`budget.2023.total` → `budget`), once per record:
// a page asks a dozen times, and scanning every key for every field per call was a
// measurable share of rendering at RS scale.
const byTopField = new WeakMap<Provenance, Map<string, Entry[]>>();
const TOP = /^[^.[]*/;

function indexOf(prov: Provenance): Map<string, Entry[]> {
  let index = byTopField.get(prov);
  if (!index) {
    index = new Map();
    for (const [k, v] of Object.entries(prov)) {
      const top = TOP.exec(k)![0];
      const list = index.get(top);
      if (list) list.push(v);
      else index.set(top, [v]);
    }
    byTopField.set(prov, index);
  }
  return index;
}

function entriesUnder(prov: Provenance, fields: string[]): Entry[] {
  // A nested field (`budget.2023`) or a repeated one could match a key twice: scan instead.
  if (fields.some((f) => f.includes('.') || f.includes('[')) || new Set(fields).size !== fields.length) {
    return Object.entries(prov).filter(([k]) => fields.some((f) => under(k, f))).map(([, v]) => v);
  }
  const index = indexOf(prov);
  return fields.flatMap((f) => index.get(f) ?? []);
}

/** `linePrefix` distinguishes line anchors when one page shows several documents (`eval-…-L12`). */
export function provenanceLinks(prov: Provenance, fields: string[], maxRows = 6, linePrefix = ''): ProvLink[] {
  // Order of entries does not matter below: spans give a min–max, rows are sorted.
  const entries = entriesUnder(prov, fields);
  if (entries.length === 0) return [];
  const spans = entries.filter((e): e is [number, number] => Array.isArray(e));
  const links: ProvLink[] = [];
  if (spans.length) {
    // A loop, not Math.min(...spread): a huge document has more spans than the call stack holds.
    let first = Infinity;
    let last = -Infinity;
    for (const [a, b] of spans) {
      if (a < first) first = a;
      if (b > last) last = b;
    }
    links.push({ href: `#${linePrefix}L${first}`, label: first === last ? `原文 ${first}行` : `原文 ${first}–${last}行` });
  }
  // JUDGIT! JSON values: the file's lines (shown with the `json-` anchor prefix, see source-html.ts).
  const json = entries.filter((e): e is JsonRef => !Array.isArray(e) && 'path' in e);
  if (json.length) {
    let first = Infinity;
    let last = -Infinity;
    for (const e of json) {
      if (!e.lines) continue;
      if (e.lines[0] < first) first = e.lines[0];
      if (e.lines[1] > last) last = e.lines[1];
    }
    if (first !== Infinity) links.push({ href: `#${JSON_LINE_PREFIX}L${first}`, label: first === last ? `JSON ${first}行` : `JSON ${first}–${last}行` });
    else links.push({ href: '#source', label: `JSON ${json[0]!.path}` });
  }
  const rows = new Map<string, Set<number>>();
  for (const e of entries) {
    if (Array.isArray(e) || !('table' in e)) continue;
    const set = rows.get(e.table) ?? new Set<number>();
    for (const r of e.rows) set.add(r);
    rows.set(e.table, set);
  }
  for (const [table, set] of [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sorted = [...set].sort((a, b) => a - b);
    const short = /^(\d+-\d+)/.exec(table)?.[1] ?? table;
    for (const r of sorted.slice(0, maxRows)) links.push({ href: `#${rsRowAnchor(table, r)}`, label: `表${short} ${r}行` });
    if (sorted.length > maxRows) links.push({ href: `#${rsRowAnchor(table, sorted[maxRows]!)}`, label: `ほか${sorted.length - maxRows}行` });
  }
  return links;
}

/** The "出典" line under a section as HTML (printed as one string: a dozen per page, each up to dozens of links), or '' when there is nothing to link. */
export function provenanceHtml(prov: Provenance, fields: string[], linePrefix = ''): string {
  const links = provenanceLinks(prov, fields, 6, linePrefix);
  if (links.length === 0) return '';
  return `<p class="prov">出典: ${links.map((l, i) => `${i > 0 ? '、' : ''}<a href="${attrValue(l.href)}">${text(l.label)}</a>`).join('')}</p>`;
}
