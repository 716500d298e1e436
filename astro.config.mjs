// @ts-check
import { defineConfig } from 'astro/config';
import { ASTRO_CACHE_DIR, ASTRO_INCREMENTAL, ASTRO_OUT_DIR, SITE_URL } from './src/lib/env.ts';
import { pageDepsIntegration } from './src/lib/pages/page-deps.ts';

// The build script (scripts/build.ts) points outDir at a staging folder and publishes
// it to dist/ atomically only when every stage has succeeded.
export default defineConfig({
  site: SITE_URL || 'https://example.invalid',
  outDir: ASTRO_OUT_DIR,
  // Separate cache per output folder, so parallel builds (tests, benchmarks) never share a data store.
  cacheDir: ASTRO_CACHE_DIR,
  trailingSlash: 'always',
  // Stylesheets as files, never inlined <style>: the Content-Security-Policy (src/layouts/Base.astro)
  // allows style elements only from this site's own files.
  // Two pages in flight: the /data/ page waits for the open-data snapshot, which the build
  // writes at the same time (src/lib/opendata/read-manifest.ts); the other pages go on.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 2 },
  // No telemetry, no dev toolbar: the build makes no external requests.
  devToolbar: { enabled: false },
  prefetch: false,
  // A page whose cache key (src/lib/pages/cache-keys.ts: content hashes of what it shows)
  // and code are unchanged since the last build is restored from cacheDir, not rendered.
  // ASTRO_INCREMENTAL=0 turns it off: the bench's peer (scripts/bench/peer.ts) is a plain build.
  experimental: { incrementalBuild: ASTRO_INCREMENTAL },
  // Writes down what each page read (src/middleware.ts records it), for those keys.
  integrations: [pageDepsIntegration()],
  vite: { logLevel: 'warn' },
});
