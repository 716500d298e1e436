/**
 * Accessibility of every page type in headless Chromium: axe-core finds no serious or
 * critical violations (WCAG 2.1 A/AA rules), pages fit a 390 px phone without sideways
 * scrolling, the skip link works from the keyboard, and nothing is fetched from elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { serveStatic, type StaticServer } from './lib/static-server.ts';
import { TEST_DIST, TEST_RECORDS } from './paths.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ids = (dir: string) => readdirSync(join(TEST_RECORDS, dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
const recipientIds = ids('recipients');
const invalidRecipient = recipientIds.find((id) => JSON.parse(readFileSync(join(TEST_RECORDS, 'recipients', `${id}.json`), 'utf8')).corporateNumberValid === false);
const projectIds = ids('projects');
const measureWithEvaluation = ids('measures').find((id) => JSON.parse(readFileSync(join(TEST_RECORDS, 'measures', `${id}.json`), 'utf8')).evaluationIds.length > 0);

const PAGES: Array<[string, string]> = [
  ['home', '/'],
  ['about', '/about/'],
  ['projects list', '/projects/'],
  ['project (table sheet)', '/projects/2021-soumu-20-0094/'],
  ['project (text-flow sheet)', `/projects/${projectIds.find((id) => id.startsWith('2018-'))}/`],
  ['project (RS)', `/projects/${projectIds.find((id) => id.startsWith('rs-'))}/`],
  ['measures list', '/measures/'],
  ['measure with evaluation', `/measures/${measureWithEvaluation}/`],
  ['ministries list', '/ministries/'],
  ['ministry', '/ministries/soumu/'],
  ['recipients list', '/recipients/'],
  ['recipient (check digit fails)', `/recipients/${invalidRecipient ?? recipientIds[0]}/`],
  // Review-year views (#16): the year at a glance, a ministry's year, and lists narrowed to a year.
  ['review year', '/years/2024/'],
  ['ministry in one year', '/ministries/soumu/2021/'],
  ['projects list of a year', '/projects/year/2021/'],
  ['recipients list of a year', '/recipients/year/2024/'],
  ['measures list of a year', '/measures/year/2024/'],
];

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  server = await serveStatic(TEST_DIST);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
}

describe.each(PAGES)('%s (%s)', (name, path) => {
  it('has no serious or critical axe violations, fits a 390 px phone and fetches nothing from elsewhere', async () => {
    for (const width of [1280, 390]) {
      // bypassCSP: the site's CSP rightly forbids inline scripts; axe is injected by the test, not the site.
      const page = await browser.newPage({ viewport: { width, height: 900 }, bypassCSP: true });
      const external: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) external.push(r.url()); });
      const res = await page.goto(server.url + path);
      expect(res?.status()).toBe(200);
      if (width === 390) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, 'sideways scrolling at 390 px').toBeLessThanOrEqual(0);
      }
      // Phone-width axe runs on the detail pages, where layout changes most; lists share their components.
      if (width === 1280 || name.startsWith('project (') || name.startsWith('recipient (') || name.startsWith('measure ')) {
        expect(await axeViolations(page), `width ${width}`).toEqual([]);
      }
      expect(external).toEqual([]);
      await page.close();
    }
  });
});

describe('keyboard', () => {
  it('reaches the skip link first and it moves focus to the main content', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/projects/2021-soumu-20-0094/`);
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
    await page.goto(`${server.url}/projects/2021-soumu-20-0094/`);
    const focusable = await page.evaluate(() => [...document.querySelectorAll('main a[href], main [tabindex="0"]')].length);
    expect(focusable).toBeGreaterThan(20);
    await page.close();
  });
});
