/**
 * The floor: what this machine needs to build a bare Astro site with the same number of
 * trivial pages and index them with Pagefind. Our build's time is reported as a ratio to
 * it, measured in the same run, so machine speed and background load cancel out.
 *
 * `writeFloorSite(dir, n)` generates the site (its own tiny package, using this project's
 * node_modules through a symlink); running this file with `--site <dir>` builds it and
 * prints the same `▶`/`✓` stage lines as scripts/build.ts, so one harness measures both.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as pagefind from 'pagefind';
import { stage } from '../stages/progress.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export async function writeFloorSite(dir: string, pages: number): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'src/pages/p'), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'bench-floor', private: true, type: 'module' }, null, 2) + '\n');
  await writeFile(
    join(dir, 'astro.config.mjs'),
    `import { defineConfig } from 'astro/config';\nexport default defineConfig({ outDir: './dist', cacheDir: './.astro-cache', trailingSlash: 'always', build: { format: 'directory' }, devToolbar: { enabled: false }, vite: { logLevel: 'warn' } });\n`,
  );
  await writeFile(
    join(dir, 'src/pages/p/[id].astro'),
    `---
export function getStaticPaths() {
  return Array.from({ length: ${pages} }, (_, i) => ({ params: { id: String(i + 1) } }));
}
const { id } = Astro.params;
---
<html lang="ja">
  <head><meta charset="utf-8" /><title>ページ {id}</title></head>
  <body><main data-pagefind-body><h1>ページ {id}</h1><p>基準測定用の簡単なページです。番号は{id}です。</p></main></body>
</html>
`,
  );
}

function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, stdio: 'inherit' });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} exited with ${code}`))));
  });
}

if (import.meta.main) {
  const i = process.argv.indexOf('--site');
  const dir = resolve(process.argv[i + 1] ?? '');
  if (i < 0) throw new Error('usage: node scripts/bench/floor.ts --site <dir>');
  await stage('astro build', () => run(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], dir));
  await stage('search index (pagefind)', async () => {
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: join(dir, 'dist') });
    if (added.errors.length) throw new Error(added.errors.join('; '));
    await index.writeFiles({ outputPath: join(dir, 'dist/pagefind') });
    await pagefind.close();
  });
}
