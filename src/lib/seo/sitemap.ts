/**
 * sitemap.xml and robots.txt as pure functions of the site's canonical URLs
 * (https://www.sitemaps.org/protocol.html). A sitemap file may hold at most 50,000 URLs
 * and 50 MB uncompressed; past that the URLs are split into `sitemap-1.xml`, … and
 * `sitemap.xml` becomes the index that lists them, so the one address crawlers are told
 * (robots.txt) stays the same at any size.
 */
export const SITEMAP_MAX_URLS = 50_000;
export const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** XML text escaping for a URL (the protocol requires & ' " < > as entities). */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>'"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' })[c]!);
}

const urlset = (urls: string[]) => `${XML_HEAD}<urlset xmlns="${NS}">\n${urls.map((u) => `<url><loc>${xmlEscape(u)}</loc></url>\n`).join('')}</urlset>\n`;

/** Split `urls` into chunks that each fit one sitemap file (by count and by bytes). */
export function chunkUrls(urls: string[], maxUrls = SITEMAP_MAX_URLS, maxBytes = SITEMAP_MAX_BYTES): string[][] {
  const overhead = Buffer.byteLength(urlset([]));
  const chunks: string[][] = [];
  let cur: string[] = [];
  let bytes = overhead;
  for (const u of urls) {
    const b = Buffer.byteLength(`<url><loc>${xmlEscape(u)}</loc></url>\n`);
    if (cur.length > 0 && (cur.length >= maxUrls || bytes + b > maxBytes)) {
      chunks.push(cur);
      cur = [];
      bytes = overhead;
    }
    cur.push(u);
    bytes += b;
  }
  if (cur.length) chunks.push(cur);
  return chunks;
}

/**
 * The sitemap files for these absolute URLs (sorted and de-duplicated here, so the output
 * depends only on the set): one `sitemap.xml` urlset when they fit, else an index and parts.
 * `site` is the absolute base the parts are addressed under.
 */
export function sitemapFiles(urls: string[], site: string, maxUrls = SITEMAP_MAX_URLS, maxBytes = SITEMAP_MAX_BYTES): Array<{ path: string; xml: string }> {
  const sorted = [...new Set(urls)].sort();
  const chunks = chunkUrls(sorted, maxUrls, maxBytes);
  if (chunks.length <= 1) return [{ path: 'sitemap.xml', xml: urlset(chunks[0] ?? []) }];
  const parts = chunks.map((c, i) => ({ path: `sitemap-${i + 1}.xml`, xml: urlset(c) }));
  const index = `${XML_HEAD}<sitemapindex xmlns="${NS}">\n${parts.map((p) => `<sitemap><loc>${xmlEscape(`${site}/${p.path}`)}</loc></sitemap>\n`).join('')}</sitemapindex>\n`;
  return [{ path: 'sitemap.xml', xml: index }, ...parts];
}

/** robots.txt: everything may be crawled; the sitemap is named when its URL can be known. */
export function robotsTxt(site: string | null): string {
  const head = 'User-agent: *\nAllow: /\n';
  return site
    ? `${head}\nSitemap: ${site}/sitemap.xml\n`
    : `# SITE_URL was not set when this site was built, so no sitemap.xml was written\n# (a sitemap must give absolute URLs). Build with SITE_URL=https://… to publish one.\n${head}`;
}
