/**
 * HTML strings for markup repeated thousands of times per page (source rows, chart
 * shapes, provenance links), inserted with `set:html`. Astro's per-expression and
 * per-component cost dominated page rendering at RS scale; one string per block is far
 * cheaper. The escaping is exactly Astro's own (runtime/server/escape.js and
 * render/util.js), so the output is byte-for-byte what the equivalent template printed.
 *
 * Every value from a record or a source file goes through `text` or `attr`; never
 * concatenate a raw value into the markup.
 */

import { formatCorporateNumber } from '../format/index.ts';

const TEXT_ESCAPABLE = /[&<>'"]/;
const TEXT_ESCAPABLE_G = /[&<>'"]/g;
const TEXT_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' };

/** Text content, as Astro escapes `{value}` between tags: & < > ' ". */
export function text(value: string | number): string {
  const s = String(value);
  return TEXT_ESCAPABLE.test(s) ? s.replace(TEXT_ESCAPABLE_G, (c) => TEXT_ENTITY[c]!) : s;
}

/** An attribute value, as Astro escapes `name={value}`: & and ". */
export function attrValue(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const s = value;
  return s.includes('&') || s.includes('"') ? s.replaceAll('&', '&amp;').replaceAll('"', '&quot;') : s;
}

/**
 * ` name="value"`, or nothing for null/undefined, as Astro prints an ordinary attribute
 * (an empty string prints the bare name). Not for boolean attributes or class:list.
 */
export function attr(name: string, value: string | number | null | undefined): string {
  if (value == null) return '';
  // Numbers (chart coordinates, the bulk) need no escaping.
  if (typeof value === 'number') return ` ${name}="${value}"`;
  if (value === '') return ` ${name}`;
  return ` ${name}="${attrValue(value)}"`;
}

/** Whether a free-text field says anything (not null, not blank). */
export function hasText(value: string | null | undefined): value is string {
  return !!value && value.trim() !== '';
}

/** Free text from a sheet, line breaks kept: `<p class="text">`, or the "missing" note. */
export function textBlockHtml(value: string | null | undefined, missing = '記載なし'): string {
  return hasText(value) ? `<p class="text">${text(value)}</p>` : `<p class="missing">${text(missing)}</p>`;
}

/** A 法人番号 (components/CorporateNumber.astro), with a visible flag when its check digit does not match. */
export function corporateNumberHtml(value: string | null, valid: boolean | null): string {
  if (value === null) return '<span class="missing-inline">なし</span>';
  return `<span class="corp">${text(formatCorporateNumber(value))}${valid === false ? '<strong class="flag">チェックディジット不一致</strong>' : ''}</span>`;
}
