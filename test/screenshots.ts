/**
 * Full-page screenshots of each page type at phone (390 px) and desktop (1280 px) width,
 * for a human to look at: `node test/screenshots.ts <dist> <outdir> [path…]`.
 * A path with an anchor (`/ministries/env/#h-totals`) is cropped to that region: the element
 * with the id, or the whole section a heading with the id opens (docs/screenshots are these).
 * SHOT_SCALE sets the device scale (default 1; docs/screenshots use 0.5 to stay small), and
 * SHOT_MAX_HEIGHT the tallest crop in CSS px (default 3000: the top of a longer region).
 * Not a test (nothing asserted); the axe checks live in a11y.browser.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../scripts/lib/chromium.ts';
import { serveStatic } from '../scripts/lib/static-server.ts';

const MAX_HEIGHT = Number(process.env.SHOT_MAX_HEIGHT) || 3000;
const [dist = '.build/h4-dist', out = '.build/h4-shots', ...only] = process.argv.slice(2);
const first = (dir: string) => readdirSync(join(dist, dir), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'page').map((d) => d.name).sort()[0];
const paths = only.length ? only : ['/', '/about/', '/projects/', `/projects/${first('projects')}/`, '/measures/', `/measures/${first('measures')}/`, '/ministries/', `/ministries/${first('ministries')}/`, '/recipients/', `/recipients/${first('recipients')}/`];
// Without a Japanese font every Japanese character is an empty box: say so before taking pictures.
const ja = spawnSync('fc-list', [':lang=ja', 'family'], { encoding: 'utf8' });
if (!ja.stdout?.trim()) console.warn('no Japanese font found (fc-list :lang=ja): Japanese text will show as boxes; install fonts-ipafont-gothic');
mkdirSync(out, { recursive: true });
const server = await serveStatic(dist);
const browser = await launchChromium();
try {
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: Number(process.env.SHOT_SCALE) || 1 });
    for (const p of paths) {
      const [path, id] = p.split('#') as [string, string | undefined];
      await page.goto(server.url + path);
      // The search page fills its results after loading: wait until the search has settled.
      if (path.startsWith('/search/')) {
        await page.waitForFunction(() => document.getElementById('results')?.getAttribute('aria-busy') === 'false' && !(document.getElementById('search-status')?.textContent ?? '').includes('検索しています'), undefined, { timeout: 60_000 });
      }
      if (id) {
        const box = await page.evaluate(([id, maxHeight]) => {
          const el = document.getElementById(id);
          const region = el && /^H[1-6]$/.test(el.tagName) ? el.closest('section') ?? el : el;
          if (!region) return null;
          const r = region.getBoundingClientRect();
          return { x: Math.max(0, r.left + scrollX - 8), y: Math.max(0, r.top + scrollY - 8), width: Math.min(r.width + 16, document.documentElement.clientWidth), height: Math.min(r.height + 16, maxHeight) };
        }, [id, MAX_HEIGHT] as const);
        if (!box) { console.warn(`${path}: no element #${id}`); continue; }
        const file = join(out, `${path.replace(/^\/|\/$/g, '').replace(/\//g, '_') || 'home'}_${id}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true, clip: box });
        console.log(file);
        continue;
      }
      const name = `${path.replace(/^\/|\/$/g, '').replace(/[/?=&%]+/g, '_') || 'home'}-${width}.png`;
      // Tall pages in slices, so each image stays legible when viewed.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const slice = 1800;
      for (let y = 0, i = 0; y < height; y += slice, i++) {
        const file = join(out, name.replace(/\.png$/, i ? `-${i}.png` : '.png'));
        await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y, width, height: Math.min(slice, height - y) } });
        console.log(file);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
