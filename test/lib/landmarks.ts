/**
 * Landmarks of a page we generated, read from its HTML: what axe's `landmark-unique` rule
 * checks (two landmarks of one role must not share a name, or a screen reader's landmark list
 * offers two identical entries), but over every built page instead of the few pages the
 * browser test opens. Our own markup only: attributes in double quotes, headings that name a
 * section carry the id the section's aria-labelledby points at.
 */

export interface Landmark {
  role: string;
  name: string;
}

const TAG_ROLE: Record<string, string> = { nav: 'navigation', aside: 'complementary', main: 'main', section: 'region', form: 'form' };
// Roles that are landmarks; a region or form is one only when it has a name.
const LANDMARK_ROLES = new Set(['navigation', 'complementary', 'main', 'region', 'form', 'search', 'banner', 'contentinfo']);
const NAME_REQUIRED = new Set(['region', 'form']);

const attr = (tag: string, name: string): string | null => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const textOf = (html: string) => decode(html.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();

/** The text of the element with this id (the first closing tag of its own name ends it). */
function textById(html: string, id: string): string {
  const m = new RegExp(`<([a-z][a-z0-9]*)\\b[^>]*\\sid="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return m ? textOf(m[2]!) : '';
}

export function landmarks(html: string): Landmark[] {
  const out: Landmark[] = [];
  for (const m of html.matchAll(/<([a-z][a-z0-9]*)\b[^>]*>/g)) {
    const tag = m[0];
    const role = attr(tag, 'role') ?? TAG_ROLE[m[1]!] ?? null;
    if (!role || !LANDMARK_ROLES.has(role)) continue;
    const label = attr(tag, 'aria-label');
    const by = attr(tag, 'aria-labelledby');
    const name = (label !== null ? decode(label) : by ? by.split(/\s+/).map((id) => textById(html, id)).join(' ') : '').trim();
    if (NAME_REQUIRED.has(role) && !name) continue;
    out.push({ role, name });
  }
  return out;
}

/** Landmarks that share their role and name with another one on the page ("region: 費目・使途 ×2"). */
export function duplicateLandmarks(html: string): string[] {
  const seen = new Map<string, number>();
  for (const l of landmarks(html)) {
    const key = `${l.role}: ${l.name || '(名前なし)'}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
}
