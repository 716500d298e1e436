/**
 * The browser finder (scripts/lib/chromium.ts). The npm Chromium is launched on every run, even
 * where Debian's is installed, so the fallback a fresh machine depends on never goes untested.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium, SYSTEM_CHROMIUM } from '../scripts/lib/chromium.ts';

describe('the browser finder', () => {
  it("takes Debian's Chromium when installed, else the npm one", async () => {
    const found = await findChromium('auto');
    expect(found.from).toBe(existsSync(SYSTEM_CHROMIUM) ? 'system' : 'npm');
  });

  it('launches the npm Chromium, which renders a Japanese page and runs its script', async () => {
    const found = await findChromium('npm');
    expect(found.executablePath).toMatch(/node_modules\/\.cache\/sparticuz-chromium-[\d.]+\/chromium$/);
    const browser = await chromium.launch({ executablePath: found.executablePath, args: CHROMIUM_ARGS, env: { ...process.env, ...found.env } as Record<string, string> });
    try {
      expect(browser.version()).toMatch(/^\d+\./);
      const page = await browser.newPage();
      await page.setContent('<html lang="ja"><body><p id="p">行政事業レビュー</p><script>document.getElementById("p").dataset.ran = "yes"</script></body></html>');
      expect(await page.textContent('#p')).toBe('行政事業レビュー');
      expect(await page.getAttribute('#p', 'data-ran')).toBe('yes');
    } finally {
      await browser.close();
    }
  });

  it('names what it needs when a choice cannot be met', async () => {
    await expect(findChromium('/nonexistent/chromium')).rejects.toThrow(/CHROMIUM=\/nonexistent\/chromium: no such executable/);
  });
});
