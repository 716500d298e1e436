/**
 * Link check over a built site: every internal link, script, stylesheet and image must point at a
 * file that exists, and every `#fragment` at an element id on the target page. External links
 * (citations of government sites) are listed, never fetched: the check makes no network request.
 *
 * Usage: node scripts/check-links.ts [dist] [--json]   (exit 1 when anything is broken)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { SITE_URL } from '../src/lib/env.ts';

export interface BrokenLink {
  /** The page that links, as a site path (`/projects/x/`). */
  page: string;
  /** The attribute value as written. */
  href: string;
  problem: 'missing-file' | 'missing-anchor' | 'outside-site' | 'bad-url';
}

export interface LinkCheckResult {
  pages: number;
  links: number;
  internal: number;
  anchors: number;
  external: number;
  externalHosts: Record<string, number>;
  broken: BrokenLink[];
  /** Pages with an id used twice (an anchor then points at the first only). */
  duplicateIds: Array<{ page: string; id: string }>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: '\u00a0' };
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.html')) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/** Attribute values that are URLs the browser follows or loads. */
const URL_ATTR = /<(a|link|script|img|iframe|source|form|area|use|image|video|audio|track|embed|object)\b([^>]*)>/gi;
const ATTR = /\s(href|src|action|xlink:href|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const ID_ATTR = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const A_NAME = /^<a\s[^>]*?\sname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;

/** Element ids (and legacy `<a name>` targets) of a page, and ids used more than once. */
function idsOf(html: string): { ids: Set<string>; dups: string[] } {
  const ids = new Set<string>();
  const dups: string[] = [];
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    const m = ID_ATTR.exec(tag);
    if (m) {
      const v = decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
      if (ids.has(v)) dups.push(v);
      ids.add(v);
    }
    const n = A_NAME.exec(tag);
    if (n) ids.add(decodeEntities(n[1] ?? n[2] ?? n[3] ?? ''));
  }
  return { ids, dups };
}

export function checkLinks(distDir: string, siteUrl = SITE_URL || 'https://example.invalid'): LinkCheckResult {
  const root = resolve(distDir);
  const files = htmlFiles(root);
  const idCache = new Map<string, Set<string>>();
  const res: LinkCheckResult = { pages: files.length, links: 0, internal: 0, anchors: 0, external: 0, externalHosts: {}, broken: [], duplicateIds: [] };

  const pageOf = (file: string) => '/' + relative(root, file).split(sep).join('/').replace(/(^|\/)index\.html$/, '$1');
  const ids = (file: string) => {
    let s = idCache.get(file);
    if (!s) {
      const r = idsOf(readFileSync(file, 'utf8'));
      s = r.ids;
      idCache.set(file, s);
    }
    return s;
  };

  for (const file of files) {
    const html = readFileSync(file, 'utf8');
    const page = pageOf(file);
    const own = idsOf(html);
    idCache.set(file, own.ids);
    for (const id of new Set(own.dups)) res.duplicateIds.push({ page, id });
    const base = new URL(page, 'http://site.invalid');
    // The site's own absolute URLs (canonical links, sitemap) are internal too.
    const siteOrigin = new URL(siteUrl).origin;
    for (const tag of html.matchAll(URL_ATTR)) {
      for (const m of tag[2]!.matchAll(ATTR)) {
        const raw = m[2] ?? m[3] ?? m[4] ?? '';
        const href = decodeEntities(raw).trim();
        res.links++;
        if (href === '' || /^(mailto|tel|data|blob):/i.test(href)) continue;
        let url: URL;
        try {
          url = new URL(href, base);
        } catch {
          res.broken.push({ page, href, problem: 'bad-url' });
          continue;
        }
        if (url.origin === siteOrigin && siteOrigin !== base.origin) url = new URL(url.pathname + url.search + url.hash, base);
        if (url.origin !== base.origin) {
          if (!/^https?:$/.test(url.protocol)) {
            // javascript:, file:, … never belong in a published page.
            res.broken.push({ page, href, problem: 'bad-url' });
            continue;
          }
          res.external++;
          res.externalHosts[url.hostname] = (res.externalHosts[url.hostname] ?? 0) + 1;
          continue;
        }
        res.internal++;
        let path: string;
        try {
          path = decodeURIComponent(url.pathname);
        } catch {
          res.broken.push({ page, href, problem: 'bad-url' });
          continue;
        }
        let target = join(root, path);
        if (target !== root && !target.startsWith(root + sep)) {
          res.broken.push({ page, href, problem: 'outside-site' });
          continue;
        }
        if (existsSync(target) && statSync(target).isDirectory()) target = join(target, 'index.html');
        if (!existsSync(target)) {
          res.broken.push({ page, href, problem: 'missing-file' });
          continue;
        }
        if (url.hash && url.hash !== '#' && target.endsWith('.html')) {
          res.anchors++;
          let frag: string;
          try {
            frag = decodeURIComponent(url.hash.slice(1));
          } catch {
            frag = url.hash.slice(1);
          }
          // `#top` is defined by HTML itself.
          if (frag !== 'top' && !ids(target).has(frag)) res.broken.push({ page, href, problem: 'missing-anchor' });
        }
      }
    }
  }
  return res;
}

export function formatLinkReport(r: LinkCheckResult, limit = 50): string {
  const lines = [`リンク検査 (link check): ${r.pages} pages, ${r.links} links (${r.internal} internal, ${r.anchors} with #anchor, ${r.external} external), ${r.broken.length} broken, ${r.duplicateIds.length} duplicate ids`];
  for (const b of r.broken.slice(0, limit)) lines.push(`  BROKEN ${b.problem}: ${b.page} → ${b.href}`);
  if (r.broken.length > limit) lines.push(`  … ${r.broken.length - limit} more`);
  for (const d of r.duplicateIds.slice(0, 10)) lines.push(`  duplicate id "${d.id}" on ${d.page}`);
  const hosts = Object.entries(r.externalHosts).sort((a, b) => b[1] - a[1]);
  if (hosts.length) lines.push(`  external hosts (not fetched): ${hosts.map(([h, n]) => `${h} (${n})`).join(', ')}`);
  return lines.join('\n');
}

if (import.meta.main) {
  const dir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'dist');
  const t0 = performance.now();
  const r = checkLinks(dir);
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
  else console.log(formatLinkReport(r) + `\n  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  process.exit(r.broken.length > 0 ? 1 : 0);
}
