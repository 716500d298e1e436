/**
 * Pages that show time and the whole (#16) on the built sample: the treemap on the home
 * page and per review year, year-narrowed lists, and what makes pages findable from
 * outside (canonical links, Open Graph, robots.txt, sitemap).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectRecord } from '../src/schemas/index.ts';
import { writeSitemap } from '../scripts/stages/sitemap.ts';
import { projectFigures } from '../src/lib/pages/figures.ts';
import { formatYen } from '../src/lib/format/index.ts';
import { TEST_DIST, TEST_RECORDS } from './paths.ts';

const page = (path: string) => readFileSync(join(TEST_DIST, path, 'index.html'), 'utf8');
const projects = readdirSync(join(TEST_RECORDS, 'projects')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(TEST_RECORDS, 'projects', f), 'utf8')) as ProjectRecord);
const years = [...new Set(projects.map((p) => p.reviewYear).filter((y): y is number => y != null))].sort();
const latest = years.at(-1)!;

function htmlPages(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory() && e.name !== 'pagefind' && e.name !== 'data') htmlPages(join(dir, e.name), out);
    else if (e.name === 'index.html') out.push(join(dir, e.name));
  }
  return out;
}

describe('where the money goes (treemap)', () => {
  const home = page('');
  const svg = /<svg class="treemap treemap-wide"[\s\S]*?<\/svg>/.exec(home)![0];
  const svgLinks = [...svg.matchAll(/<a href="([^"]+)" tabindex="-1">/g)].map((m) => m[1]!);
  const table = /<table id="treemap-home-table" class="data">[\s\S]*?<\/table>/.exec(home)![0];

  it('draws the latest review year on the home page, every rectangle a link', () => {
    expect(home).toContain(`政府全体のお金の行き先（令和6年度 (${latest})のレビューシート）`);
    expect(svgLinks.length).toBeGreaterThan(5);
    for (const href of svgLinks) expect(href).toMatch(/^\/(projects|ministries)\/[^/]+\/(\d{4}\/)?$/);
  });

  it('has a table twin with the same links and a one-sentence summary', () => {
    expect(new Set([...table.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set(svgLinks));
    expect(home).toMatch(/<span class="chart-summary">令和6年度 \(2024\)のレビューシートの\d+事業の予算額は合計[\d,.]+(億|兆)円で、最も大きい府省庁は/);
  });

  it('sums the latest year: the total is that year\'s sheets with a positive budget, each drawn sheet is of that year', () => {
    const budgets = projects.filter((p) => p.reviewYear === latest).map((p) => projectFigures(p).budget);
    const total = budgets.filter((b): b is number => b != null && b > 0).reduce((a, b) => a + b, 0);
    expect(home).toContain(`予算額は合計${formatYen(total)}で`);
    expect(home).toContain(`予算額の記載がないか0以下の${budgets.filter((b) => b == null || b <= 0).length}事業は図に含みません。`);
    const leafIds = svgLinks.filter((h) => h.startsWith('/projects/')).map((h) => h.split('/')[2]!);
    for (const id of leafIds) expect(projects.find((p) => p.id === id)!.reviewYear).toBe(latest);
  });

  it('has a page per review year, one click from the home page', () => {
    for (const y of years) {
      expect(home).toContain(`href="/years/${y}/"`);
      const html = page(`years/${y}`);
      expect(html).toContain(`data-testid="year-project-count">${projects.filter((p) => p.reviewYear === y).length}<`);
    }
  });

  it('draws a ministry\'s own projects by measure on its page and on each of its year pages', () => {
    const soumu = page('ministries/soumu');
    expect(soumu).toContain('<svg class="treemap treemap-wide"');
    for (const y of years.filter((y) => projects.some((p) => p.ministryId === 'soumu' && p.reviewYear === y))) {
      expect(soumu).toContain(`href="/ministries/soumu/${y}/"`);
      expect(page(`ministries/soumu/${y}`)).toContain(`data-testid="ministry-year-count">${projects.filter((p) => p.ministryId === 'soumu' && p.reviewYear === y).length}<`);
    }
  });
});

describe('found from outside', () => {
  const files = htmlPages(TEST_DIST);

  it('every page has a canonical link and Open Graph title and description (root-relative without SITE_URL, no og:url)', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const html = readFileSync(f, 'utf8');
      expect(html, f).toMatch(/<link rel="canonical" href="\/[^"]*">/);
      expect(html, f).toMatch(/<meta property="og:title" content="[^"]+">/);
      expect(html, f).toMatch(/<meta property="og:description" content="[^"]+">/);
      expect(html, f).not.toContain('og:url');
    }
  });

  it('without SITE_URL: robots.txt says why there is no sitemap, and none is written', () => {
    expect(readFileSync(join(TEST_DIST, 'robots.txt'), 'utf8')).toContain('SITE_URL was not set');
    expect(existsSync(join(TEST_DIST, 'sitemap.xml'))).toBe(false);
  });

  it('with SITE_URL: lists each page once under its canonical URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitemap-'));
    try {
      const site = 'https://review.example.jp';
      const write = (path: string, canonical: string) => {
        mkdirSync(join(dir, path), { recursive: true });
        writeFileSync(join(dir, path, 'index.html'), `<!DOCTYPE html><html lang="ja"><head><link rel="canonical" href="${site}${canonical}"></head></html>`);
      };
      write('', '/');
      write('projects', '/projects/year/2024/');
      write('projects/year/2024', '/projects/year/2024/');
      write('projects/a&b', '/projects/a&amp;b/');
      const r = writeSitemap(dir, site);
      expect(r).toEqual({ urls: 3, files: ['robots.txt', 'sitemap.xml'] });
      const xml = readFileSync(join(dir, 'sitemap.xml'), 'utf8');
      expect([...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])).toEqual([`${site}/`, `${site}/projects/a&amp;b/`, `${site}/projects/year/2024/`]);
      expect(readFileSync(join(dir, 'robots.txt'), 'utf8')).toContain(`Sitemap: ${site}/sitemap.xml`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('year everywhere', () => {
  it('each list names its year in the URL and links the other years', () => {
    for (const y of years) {
      const html = page(`projects/year/${y}`);
      expect(html).toContain(`<span aria-current="page">`);
      for (const other of years.filter((o) => o !== y)) expect(html).toContain(`href="/projects/year/${other}/"`);
      expect(page(`measures/year/${y}`)).toContain('data-testid="measure-year-count"');
    }
  });

  it('the measure list opens on the latest year (canonical: its year URL) and links every year and all years together', () => {
    const front = page('measures');
    expect(front).toContain(`<link rel="canonical" href="/measures/year/${latest}/">`);
    expect(front).toContain(`<h1>施策の一覧（令和6年度 (${latest})）</h1>`);
    expect(front).toContain('href="/measures/all/"');
    for (const y of years.filter((y) => y !== latest)) expect(front).toContain(`href="/measures/year/${y}/"`);
    // The latest year's list holds only measures with a sheet of that year, as many as it says.
    const ofLatest = new Set(projects.filter((p) => p.reviewYear === latest).map((p) => p.id));
    const measures = readdirSync(join(TEST_RECORDS, 'measures')).map((f) => JSON.parse(readFileSync(join(TEST_RECORDS, 'measures', f), 'utf8')) as { id: string; projectIds: string[] });
    const linked = [...new Set([...front.matchAll(/href="\/measures\/([^/"]+)\/"/g)].map((m) => m[1]!).filter((id) => id !== 'all'))];
    expect(linked.length).toBeGreaterThan(3);
    expect(front).toContain(`data-testid="measure-year-count">${linked.length}<`);
    for (const id of linked) expect(measures.find((m) => m.id === id)!.projectIds.some((pid) => ofLatest.has(pid)), id).toBe(true);
    expect(page('measures/all')).toContain('<span aria-current="page">すべての年度</span>');
  });

  it('the ministry list counts the latest year\'s sheets and links each year\'s figures', () => {
    const html = page('ministries');
    for (const y of years) expect(html).toContain(`href="/years/${y}/#h-ministries"`);
    const soumu = projects.filter((p) => p.ministryId === 'soumu' && p.reviewYear === latest).length;
    expect(html).toContain(`<a href="/ministries/soumu/${latest}/">${soumu}</a>`);
  });
});

describe('a project page through time', () => {
  const lineageOf = new Map<string, string[]>();
  for (const p of projects) lineageOf.set(p.lineageId, [...(lineageOf.get(p.lineageId) ?? []), p.id]);
  // Sheets whose number-based history names sheets of their own lineage (30 of 65 in the sample).
  const repeating = projects.filter((p) => (p.history ?? []).some((id) => lineageOf.get(p.lineageId)!.includes(id) && id !== p.id));

  it('関連する事業 does not list again the lineage\'s own sheets, which 年度をまたいだ推移 lists', () => {
    expect(repeating.length).toBeGreaterThan(5);
    for (const p of repeating) {
      const html = page(`projects/${p.id}`);
      const related = /<section id="related"[\s\S]*?<\/section>/.exec(html)![0];
      const through = /<section id="through-time"[\s\S]*?<\/section>/.exec(html)![0];
      for (const id of lineageOf.get(p.lineageId)!.filter((id) => id !== p.id)) {
        expect(through, p.id).toContain(`href="/projects/${id}/"`);
        expect(related, p.id).not.toContain(`href="/projects/${id}/"`);
      }
      // Nothing else to list: the section says so and points to the lineage, no bare heading.
      if (!/<h3>/.test(related)) expect(related, p.id).toContain('<a href="#through-time">年度をまたいだ推移</a>にあります。');
    }
  });

  it('names each value\'s sheet in 和暦 with the western year', () => {
    const html = page(`projects/${repeating[0]!.id}`);
    const table = /<table id="table-lineage"[\s\S]*?<\/table>/.exec(html)![0];
    expect(table).toMatch(/>(平成|令和)(元|\d+)年度 \(\d{4}\)のシート<\/a>/);
    expect(table).not.toMatch(/>\d{4}年度のシート</);
  });
});
