/**
 * Treemap layout, sitemap and robots.txt as pure functions. The amounts below are MADE UP
 * for these unit tests (page tests use the real sample).
 */
import { describe, expect, it } from 'vitest';
import { fitLabel, groupLine, textWidth, treemapLayout, treemapSummary } from '../src/lib/charts/treemap.ts';
import { treemapSvgHtml } from '../src/lib/charts/treemap-html.ts';
import { chunkUrls, robotsTxt, sitemapFiles, xmlEscape } from '../src/lib/seo/sitemap.ts';
import { absoluteUrl, siteUrl } from '../src/lib/site-url.ts';

const OKU = 100_000_000;

describe('treemapLayout', () => {
  const groups = [
    { label: '乙省', href: '/m/b/', leaves: [{ label: '事業C', value: 200 * OKU, href: '/p/c/' }] },
    { label: '甲省', href: '/m/a/', leaves: [
      { label: '事業A', value: 500 * OKU, href: '/p/a/' },
      { label: '事業B', value: 299 * OKU, href: '/p/b/' },
      { label: '小事業1', value: 0.5 * OKU, href: '/p/s1/' },
      { label: '小事業2', value: 0.5 * OKU, href: '/p/s2/' },
      { label: '予算なし', value: null, href: '/p/n/' },
      { label: '減額', value: -5 * OKU, href: '/p/neg/' },
    ] },
  ];
  const t = treemapLayout(groups, { width: 400, height: 300, minShare: 0.01, header: 18 })!;

  it('sorts groups by size and sums their leaves', () => {
    expect(t.total).toBe(1000 * OKU);
    expect(t.groups.map((g) => [g.label, g.value, g.group])).toEqual([['甲省', 800 * OKU, 0], ['乙省', 200 * OKU, 1]]);
  });

  it('folds leaves under the minimum share into one その他 rectangle linking to the group', () => {
    const rest = t.leaves.find((l) => l.rest > 0)!;
    expect(rest).toMatchObject({ label: 'その他 2事業', value: 1 * OKU, href: '/m/a/', rest: 2, group: 0 });
    expect(t.leaves.map((l) => l.label)).toEqual(['事業A', '事業B', 'その他 2事業', '事業C']);
  });

  it('never draws a missing or negative budget, and counts them', () => {
    expect(t.unsized).toBe(2);
    expect(t.leaves.some((l) => l.href === '/p/n/' || l.href === '/p/neg/')).toBe(false);
  });

  it('gives areas proportional to budget inside the padded frame', () => {
    const g = t.groups[0]!;
    // 800/1000 of the area; squarify puts the large group in one column across the full height.
    expect(g).toMatchObject({ x: 1, y: 1, h: 298 });
    expect(g.w).toBe(318);
    const a = t.leaves.find((l) => l.label === '事業A')!;
    const b = t.leaves.find((l) => l.label === '事業B')!;
    const ratio = (a.w * a.h) / (b.w * b.h);
    expect(ratio).toBeGreaterThan(500 / 299 - 0.05);
    expect(ratio).toBeLessThan(500 / 299 + 0.05);
    // Leaves sit below their group's name band.
    expect(Math.min(...t.leaves.filter((l) => l.group === 0).map((l) => l.y))).toBe(19);
  });

  it('labels what fits: name, then amount', () => {
    expect(t.leaves.find((l) => l.label === '事業A')!.lines).toEqual(['事業A', '500億円']);
    expect(t.groups[0]!.lines).toEqual(['甲省 800億円']);
  });

  it('is null when nothing has a budget', () => {
    expect(treemapLayout([{ label: 'x', href: '/x/', leaves: [{ label: 'y', value: null, href: '/y/' }] }])).toBeNull();
  });

  it('summarises in one sentence', () => {
    expect(treemapSummary(t, { whole: '令和6年度のレビューシート', group: '府省庁' })).toBe(
      '令和6年度のレビューシートの5事業の予算額は合計1,000億円で、最も大きい府省庁は甲省の800億円（80%）です。予算額の記載がないか0以下の2事業は図に含みません。',
    );
    expect(treemapSummary(null, { whole: '総務省', group: '施策' })).toBe('総務省の予算額を読み取れた事業はありません。');
  });

  it('prints every rectangle as a link kept out of the tab order, the picture hidden from screen readers', () => {
    const svg = treemapSvgHtml(t, 'wide');
    expect(svg.startsWith('<svg class="treemap treemap-wide" viewBox="0 0 400 300" width="400" height="300" aria-hidden="true" focusable="false">')).toBe(true);
    expect(svg.match(/<a href="[^"]*" tabindex="-1">/g)).toHaveLength(t.groups.length + t.leaves.length);
    expect(svg).toContain('<a href="/p/a/" tabindex="-1"><title>事業A: 500億円（50%）</title>');
  });
});

describe('label fitting', () => {
  it('measures kana one em and ASCII 0.6 em', () => {
    expect(textWidth('事業A', 10)).toBe(26);
  });
  it('truncates to the width and drops the amount when too low', () => {
    expect(fitLabel('情報システムの整備', '12億円', 50, 40, 11)).toEqual(['情報シ…', '12億円']);
    expect(fitLabel('情報システムの整備', '12億円', 50, 20, 11)).toEqual(['情報シ…']);
    expect(fitLabel('情報', '1円', 20, 40, 11)).toEqual([]);
  });
  it('writes a group name with its amount when both fit', () => {
    expect(groupLine('総務省', '1.2兆円', 200, 12)).toEqual(['総務省 1.2兆円']);
    expect(groupLine('総務省', '1.2兆円', 40, 12)).toEqual(['総…']);
  });
});

describe('sitemap', () => {
  const site = 'https://review.example.jp';
  const urls = ['c', 'a', 'b', 'a', 'd', 'e'].map((x) => `${site}/${x}/`);

  it('writes one urlset, sorted and de-duplicated, when the URLs fit', () => {
    const files = sitemapFiles(urls, site);
    expect(files.map((f) => f.path)).toEqual(['sitemap.xml']);
    expect(files[0]!.xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${['a', 'b', 'c', 'd', 'e'].map((x) => `<url><loc>${site}/${x}/</loc></url>\n`).join('')}</urlset>\n`);
  });

  it('splits past the limit into parts listed by a sitemap index', () => {
    const files = sitemapFiles(urls, site, 2);
    expect(files.map((f) => f.path)).toEqual(['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml', 'sitemap-3.xml']);
    expect(files[0]!.xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${[1, 2, 3].map((i) => `<sitemap><loc>${site}/sitemap-${i}.xml</loc></sitemap>\n`).join('')}</sitemapindex>\n`);
    expect(files[3]!.xml).toContain(`<url><loc>${site}/e/</loc></url>\n</urlset>`);
    expect(files.slice(1).flatMap((f) => f.xml.match(/<loc>/g)!)).toHaveLength(5);
  });

  it('splits by bytes too (50 MB per file)', () => {
    const head = Buffer.byteLength('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>\n');
    const line = Buffer.byteLength(`<url><loc>${site}/a/</loc></url>\n`);
    expect(chunkUrls(urls.slice(0, 3), 100, head + 2 * line)).toHaveLength(2);
  });

  it('escapes XML in URLs', () => {
    expect(xmlEscape('https://x.jp/?a=1&b=<2>')).toBe('https://x.jp/?a=1&amp;b=&lt;2&gt;');
  });

  it('robots.txt names the sitemap only when its absolute URL is known', () => {
    expect(robotsTxt(site)).toBe('User-agent: *\nAllow: /\n\nSitemap: https://review.example.jp/sitemap.xml\n');
    expect(robotsTxt(null)).toContain('SITE_URL was not set');
    expect(robotsTxt(null)).not.toContain('Sitemap:');
  });
});

describe('SITE_URL', () => {
  it('is normalised without a trailing slash, with or without a path', () => {
    expect(siteUrl('https://review.example.jp/')).toBe('https://review.example.jp');
    expect(siteUrl(' https://example.github.io/portal/ ')).toBe('https://example.github.io/portal');
    expect(siteUrl('')).toBeNull();
    expect(siteUrl(undefined)).toBeNull();
  });
  it('rejects what is not an http(s) URL', () => {
    expect(() => siteUrl('review.example.jp')).toThrow(/SITE_URL is not a URL/);
    expect(() => siteUrl('ftp://x.jp')).toThrow(/http\(s\)/);
  });
  it('makes paths absolute, or leaves them root-relative without it', () => {
    expect(absoluteUrl('/projects/x/', 'https://a.jp/portal')).toBe('https://a.jp/portal/projects/x/');
    expect(absoluteUrl('/projects/x/', null)).toBe('/projects/x/');
  });
});
