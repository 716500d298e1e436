/**
 * Full-page screenshots of each page type at phone (390 px) and desktop (1280 px) width,
 * for a human to look at: `node test/screenshots.ts <dist> <outdir> [path…]`.
 * Not a test (nothing asserted); the axe checks live in a11y.browser.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../scripts/lib/chromium.ts';
import { serveStatic } from '../scripts/lib/static-server.ts';

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
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const p of paths) {
      await page.goto(server.url + p);
      const name = `${p.replace(/^\/|\/$/g, '').replace(/\//g, '_') || 'home'}-${width}.png`;
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
