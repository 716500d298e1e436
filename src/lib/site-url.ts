/**
 * Where the site will be served (`SITE_URL`, e.g. `https://review.example.jp`, or with a
 * path, `https://example.github.io/portal`): what makes canonical links, Open Graph URLs
 * and the sitemap absolute. Search engines and link previews need absolute URLs; without
 * SITE_URL the build cannot know them, so pages get root-relative canonical links and no
 * `og:url`, and no sitemap is written (robots.txt says so) — a sitemap of guessed hosts
 * would send crawlers to the wrong place.
 */
import { SITE_URL } from './env.ts';

/** The normalised SITE_URL (no trailing slash), or null when unset. Throws on a value that is not an http(s) URL. */
export function siteUrl(value: string | undefined = SITE_URL): string | null {
  const v = value?.trim();
  if (!v) return null;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new Error(`SITE_URL is not a URL: ${JSON.stringify(v)} (expected e.g. https://review.example.jp)`);
  }
  if (!/^https?:$/.test(u.protocol) || u.search || u.hash) throw new Error(`SITE_URL must be an http(s) URL without query or fragment: ${JSON.stringify(v)}`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** A site path (`/projects/x/`) as an absolute URL under `site`, or the path itself when there is no SITE_URL. */
export function absoluteUrl(path: string, site: string | null): string {
  return site ? `${site}${path.startsWith('/') ? path : `/${path}`}` : path;
}
