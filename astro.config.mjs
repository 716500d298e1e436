// @ts-check
import { defineConfig } from 'astro/config';

// The build script (scripts/build.ts) points outDir at a staging folder and publishes
// it to dist/ atomically only when every stage has succeeded.
export default defineConfig({
  site: process.env.SITE_URL || 'https://example.invalid',
  outDir: process.env.ASTRO_OUT_DIR || './dist',
  trailingSlash: 'always',
  build: { format: 'directory' },
  // No telemetry, no dev toolbar: the build makes no external requests.
  devToolbar: { enabled: false },
  prefetch: false,
  vite: { logLevel: 'warn' },
});
