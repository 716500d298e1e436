/**
 * Accessibility of every page type in headless Chromium: axe-core finds no violations of any
 * impact (WCAG 2.1 A/AA rules and best practices) at 390 px and at 1280 px, pages fit a 390 px
 * phone without sideways scrolling, the skip link works from the keyboard, and nothing is
 * fetched from elsewhere.
 *
 * By default on the bundled sample's test build. A11Y_DIST (and A11Y_RECORDS) point it at
 * another built site, e.g. RS 2024 (see README):
 *   A11Y_DIST=.build/rs-dist A11Y_RECORDS=.build/rs-records TEST_SKIP_BUILD=1 npx vitest run test/a11y.browser.test.ts
 * Page types the site does not have (an RS-only build has no legacy sheets) are listed, not tested.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../scripts/lib/chromium.ts';
import { serveStatic, type StaticServer } from '../scripts/lib/static-server.ts';
import { A11Y_DIST, A11Y_RECORDS } from '../src/lib/env.ts';
import { TEST_DIST, TEST_RECORDS } from './paths.ts';

const DIST = A11Y_DIST ?? TEST_DIST;
const RECORDS = A11Y_RECORDS ?? TEST_RECORDS;

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ids = (dir: string) => readdirSync(join(RECORDS, dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const recipientIds = ids('recipients');
const read = (dir: string, id: string) => JSON.parse(readFileSync(join(RECORDS, dir, `${id}.json`), 'utf8'));
const invalidRecipient = recipientIds.find((id) => read('recipients', id).corporateNumberValid === false);
const projectIds = ids('projects');
// Each project record is read once into what the page choice needs: on the decade build
// (~53,000 sheets) holding every record, or re-reading one per sort comparison, took longer
// than the axe runs themselves.
interface Brief { id: string; layout: string; reviewYear: number | null; ministryId?: string; lineageId: string; width: number }
const briefs: Brief[] = projectIds.map((id) => {
  const p = read('projects', id);
  return { id, layout: p.source.layout, reviewYear: p.reviewYear, ministryId: p.ministryId, lineageId: p.lineageId, width: p.budget.length + p.recipients.length + (p.contracts?.length ?? 0) + (p.budgetAccounts?.length ?? 0) };
});
const firstOf = (layout: string) => briefs.find((b) => b.layout === layout)?.id;
const measureIds = ids('measures');
const measureWithEvaluation = measureIds.find((id) => read('measures', id).evaluationIds.length > 0);
// The RS project with the most budget years, recipients and contracts: the widest tables.
const widestRs = briefs.filter((b) => b.id.startsWith('rs-')).sort((a, b) => b.width - a.width)[0]?.id;

// Review years of the site's sheets (the sample: 2018–2024; RS 2024: 2024 alone).
const years = [...new Set(briefs.map((p) => p.reviewYear).filter((y): y is number => y !== null))].sort();
const earliestYear = years[0];
const latestYear = years[years.length - 1];
// An older year than the latest where there is one (the sample's 総務省 2021), for the ministry-year page.
const olderSheet = briefs.find((p) => p.reviewYear === (years.length > 1 ? years[years.length - 2] : latestYear) && p.ministryId);
// The latest sheet of the longest lineage (#16): the decade chart, the change list and the widest lineage tables.
const lineageSize = new Map<string, number>();
for (const b of briefs) lineageSize.set(b.lineageId, (lineageSize.get(b.lineageId) ?? 0) + 1);
const longestLineage = [...briefs].sort((a, b) => lineageSize.get(b.lineageId)! - lineageSize.get(a.lineageId)! || (a.id < b.id ? 1 : -1))[0]?.id;

const candidates: Array<[string, string | undefined]> = [
  ['home', '/'],
  ['about', '/about/'],
  ['data', '/data/'],
  ['search', '/search/'],
  // The search page with results on it (filters with counts, result lists, excerpts with marks), as a shared link opens it.
  ['search results', `/search/?q=${encodeURIComponent('事業')}`],
  ['projects list', '/projects/'],
  ['project (table sheet)', firstOf('table') && `/projects/${firstOf('table')}/`],
  ['project (text-flow sheet)', firstOf('text-flow') && `/projects/${firstOf('text-flow')}/`],
  ['project (RS)', widestRs && `/projects/${widestRs}/`],
  ['project (longest lineage)', longestLineage && `/projects/${longestLineage}/`],
  ['measures list', '/measures/'],
  ['measures list, all years', '/measures/all/'],
  ['measure', (measureWithEvaluation ?? measureIds[0]) && `/measures/${measureWithEvaluation ?? measureIds[0]}/`],
  ['ministries list', '/ministries/'],
  ['ministry', `/ministries/${ids('ministries')[0]}/`],
  ['recipients list', '/recipients/'],
  ['recipient', `/recipients/${invalidRecipient ?? recipientIds[0]}/`],
  // Review-year views (#16): the year at a glance, a ministry's year, and lists narrowed to a year.
  ['review year', `/years/${latestYear}/`],
  ['review year (earliest)', earliestYear !== latestYear ? `/years/${earliestYear}/` : undefined],
  ['ministry in one year', olderSheet && `/ministries/${olderSheet.ministryId}/${olderSheet.reviewYear}/`],
  ['projects list of a year', `/projects/year/${earliestYear}/`],
  ['recipients list of a year', `/recipients/year/${latestYear}/`],
  ['measures list of a year', `/measures/year/${latestYear}/`],
];
const PAGES = candidates.filter((c): c is [string, string] => c[1] !== undefined);
const absent = candidates.filter((c) => c[1] === undefined).map((c) => c[0]);
if (absent.length > 0) console.log(`a11y: this site has no ${absent.join(', ')} page`);

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  server = await serveStatic(DIST);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface AxeResult { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }> }

async function axeViolations(page: import('playwright-core').Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = (await page.evaluate(() => (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }).axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }))) as AxeResult;
  // Every impact, moderate and minor included: a repeated landmark (landmark-unique,
  // moderate) is what a screen reader's landmark list shows twice.
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
}

describe.each(PAGES)('%s (%s)', (name, path) => {
  it('has no axe violations, fits a 390 px phone and fetches nothing from elsewhere', async () => {
    for (const width of [1280, 390]) {
      // bypassCSP: the site's CSP rightly forbids inline scripts; axe is injected by the test, not the site.
      const page = await browser.newPage({ viewport: { width, height: 900 }, bypassCSP: true });
      const external: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) external.push(r.url()); });
      const res = await page.goto(server.url + path);
      expect(res?.status()).toBe(200);
      // A search's results are rendered by the page script: wait until they are on the page (and its filter counts).
      if (path.includes('?q=')) {
        await page.waitForFunction(() => document.getElementById('search-form')?.dataset.ready === 'true' && document.querySelectorAll('#results > li').length > 0, undefined, { timeout: 60_000 });
        await page.waitForLoadState('networkidle');
      }
      if (width === 390) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, 'sideways scrolling at 390 px').toBeLessThanOrEqual(0);
      }
      expect(await axeViolations(page), `width ${width}`).toEqual([]);
      expect(external).toEqual([]);
      await page.close();
    }
    // axe on a long page (the data dictionary, an RS project's tables) takes tens of seconds per width.
  }, 300_000);
});

describe('keyboard', () => {
  it('reaches the skip link first and it moves focus to the main content', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/projects/${projectIds[0]}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('本文へ移動');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#main');
    await page.keyboard.press('Tab');
    // The next stop is inside <main> (the breadcrumbs), not the header navigation.
    expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
    await page.close();
  });

  it('can tab through the chart data links and tables of a project page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/projects/${firstOf('table') ?? widestRs}/`);
    const focusable = await page.evaluate(() => [...document.querySelectorAll('main a[href], main [tabindex="0"]')].length);
    expect(focusable).toBeGreaterThan(20);
    await page.close();
  });
});
