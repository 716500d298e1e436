/**
 * Writes robots.txt and the sitemap (src/lib/seo/sitemap.ts) into the built site. The URLs
 * are the pages' own canonical links, read from the head of every built page, so the
 * sitemap lists exactly what was published, once per page (a page that repeats another,
 * like /projects/ for the latest year's list, names that page as canonical).
 */
import { closeSync, openSync, readSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { robotsTxt, sitemapFiles } from '../../src/lib/seo/sitemap.ts';
import { siteUrl } from '../../src/lib/site-url.ts';

const CANONICAL = /<link rel="canonical" href="([^"]*)"/;
const HEAD_BYTES = 8192;

function* pages(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* pages(p);
    else if (e.name === 'index.html') yield p;
  }
}

function canonicalOf(file: string, buf: Buffer): string | null {
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    const m = CANONICAL.exec(buf.toString('utf8', 0, n));
    return m ? m[1]!.replaceAll('&amp;', '&').replaceAll('&quot;', '"') : null;
  } finally {
    closeSync(fd);
  }
}

/** Returns how many URLs were listed and the files written (none but robots.txt without SITE_URL). */
export function writeSitemap(siteDir: string, site = siteUrl()): { urls: number; files: string[] } {
  writeFileSync(join(siteDir, 'robots.txt'), robotsTxt(site));
  if (!site) return { urls: 0, files: ['robots.txt'] };
  const buf = Buffer.alloc(HEAD_BYTES);
  const urls: string[] = [];
  for (const file of pages(siteDir)) {
    const c = canonicalOf(file, buf);
    if (c && c.startsWith(`${site}/`)) urls.push(c);
  }
  const files = sitemapFiles(urls, site);
  for (const f of files) writeFileSync(join(siteDir, f.path), f.xml);
  return { urls: new Set(urls).size, files: ['robots.txt', ...files.map((f) => f.path)] };
}
