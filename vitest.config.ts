import { configDefaults, defineConfig } from 'vitest/config';

/*
 * Two groups of tests (README, "テスト"):
 * - unit: parsers, normalisers, schemas, charts, search state, open-data writers — pure code and
 *   small fixtures, seconds, no site build (`npm run test:unit`);
 * - site: `*.build.test.ts` read a built site or build one themselves, `*.browser.test.ts` also
 *   drive headless Chromium. Their global setup builds the bundled sample once.
 * `npm test` runs both.
 */
const SITE_TESTS = ['test/**/*.build.test.ts', 'test/**/*.browser.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 600_000,
    env: { TZ: 'Asia/Tokyo' },
    projects: [
      { test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...SITE_TESTS] } },
      { test: { name: 'site', include: SITE_TESTS, globalSetup: ['test/global-setup.ts'] } },
    ],
  },
});
