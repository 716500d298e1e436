/**
 * Hostile input, safe output. The sample plus a generated corpus of hostile files
 * (test/hostile/generate.ts) is built for real, once; then:
 *  - the build did not crash, and the ingest report (report.json and the terminal) names every
 *    hostile file and what is wrong with it;
 *  - every page and download of the clean sample build is byte-identical in the hostile build,
 *    except pages of records the hostile files joined and declared aggregates, whose clean
 *    content must still be there unchanged (test/hostile/compare.ts);
 *  - no source text became markup: statically over every built page, and in headless Chromium
 *    (with and without the Content-Security-Policy) no injected script runs, the text is shown
 *    literally, the CSP is never violated by the site itself, and no request leaves the local server;
 *  - open-data CSV cells cannot start a spreadsheet formula; ids and output paths stay inside dist/.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../scripts/lib/chromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLE_SOURCES, TEST_DIST } from './paths.ts';
import { AGGREGATES, affectedIds, compareBuilds } from './hostile/compare.ts';
import { FORMULAS, generateHostileCorpus, HOSTILE_DIR, PWN_GLOBAL, type HostileCase, type Manifest } from './hostile/generate.ts';
import { listTree, runBuild, scanTags } from './hostile/harness.ts';
import { serveStatic, type StaticServer } from '../scripts/lib/static-server.ts';
import { TEST_BUILD_ID } from '../src/lib/env.ts';

const ID = TEST_BUILD_ID;
const WORK = resolve(ROOT, `.build/${ID}-hostile`);
const DIST = resolve(ROOT, `.build/${ID}-hostile-dist`);
const RECORDS = resolve(ROOT, `.build/${ID}-hostile-records`);

interface FileReport {
  file: string;
  status: 'ok' | 'partial' | 'error' | 'skipped';
  encoding: string | null;
  recordIds: string[];
  fieldsMissing: string[];
  warnings: Array<{ field: string; message: string; line: number | null }>;
  errors: Array<{ message: string; line: number | null }>;
}

let manifest: Manifest;
let build: { status: number | null; stdout: string; stderr: string };
let report: { files: FileReport[] };
const reportOf = (file: string) => report.files.find((f) => f.file === file);

beforeAll(async () => {
  manifest = await generateHostileCorpus({ sampleDir: SAMPLE_SOURCES, outDir: WORK });
  build = runBuild({ dist: DIST, records: RECORDS, sources: manifest.sourcesDir }, []);
  if (build.status === 0) report = JSON.parse(readFileSync(join(RECORDS, 'report.json'), 'utf8'));
}, 900_000);

describe('ingest of hostile files', () => {
  it('builds without crashing and publishes a site', () => {
    expect(build.stderr.slice(-2000) + build.stdout.slice(-2000)).not.toMatch(/at .*\.ts:\d+:\d+\)?\n.*at /); // no stack traces
    expect(build.status, build.stderr.slice(-3000)).toBe(0);
    expect(existsSync(join(DIST, 'index.html'))).toBe(true);
  });

  it('generates the corpus deterministically', async () => {
    const again = await generateHostileCorpus({ sampleDir: SAMPLE_SOURCES, outDir: `${WORK}-again`, big: false });
    for (const c of again.cases) for (const f of c.files) expect(readFileSync(join(again.sourcesDir, f)).equals(readFileSync(join(manifest.sourcesDir, f))), f).toBe(true);
  });

  const caseNames = () => manifest.cases.map((c) => c.name);
  it('covers every kind of hostile input the issue names', () => {
    const names = caseNames();
    for (const n of ['truncated-mid-character', 'shuffled-lines', 'duplicate-file', 'binary-noise', 'nul-bytes', 'long-line', 'huge-file', 'shift-jis', 'utf-16le', 'markup-in-names', 'formula-cells', 'path-number-0', 'duplicate-identity']) expect(names).toContain(n);
    const big = readdirSync(join(manifest.sourcesDir, HOSTILE_DIR)).find((f) => f.startsWith('huge'));
    expect(big && readFileSync(join(manifest.sourcesDir, HOSTILE_DIR, big)).length).toBe(50 * 1024 * 1024);
  });

  it('reports every hostile file, with a clear message naming the file and the problem', () => {
    const failures: string[] = [];
    for (const c of manifest.cases) {
      for (const e of c.expect) {
        const r = reportOf(e.file);
        if (!r) {
          failures.push(`${c.name}: ${e.file} is not in report.json`);
          continue;
        }
        const messages = [...r.errors.map((x) => x.message), ...r.warnings.map((w) => `${w.field}: ${w.message}`)];
        const matches = !e.message || messages.some((m) => e.message!.test(m));
        const say = `${c.name} (${e.file}): status ${r.status}, records ${r.recordIds.length}, messages ${JSON.stringify(messages.slice(0, 3))}`;
        if (e.outcome === 'rejected' && !(r.status === 'error' && r.errors.length > 0 && r.recordIds.length === 0 && matches)) failures.push(`expected rejected with ${e.message}: ${say}`);
        if (e.outcome === 'flagged' && !(r.status !== 'ok' && (r.errors.length > 0 || r.warnings.length > 0 || r.fieldsMissing.length > 0) && matches)) failures.push(`expected a problem reported${e.message ? ` matching ${e.message}` : ''}: ${say}`);
        if (e.outcome === 'accepted' && !((r.status === 'ok' || r.status === 'partial') && r.recordIds.length > 0)) failures.push(`expected a published record: ${say}`);
        // Whatever the outcome, a file that produced nothing must say why.
        if (r.recordIds.length === 0 && r.errors.length === 0 && r.warnings.length === 0) failures.push(`no record and no message: ${say}`);
        // Errors are also printed on the terminal, each line naming the file (and line when known).
        for (const err of r.errors) if (!build.stdout.includes(`ERROR ${e.file}${err.line ? `:${err.line}` : ''}: ${err.message}`)) failures.push(`terminal report lacks the error line for ${e.file}: ${err.message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('decodes Shift_JIS and UTF-16 sheets to the right text', () => {
    for (const name of ['shift-jis', 'utf-16le', 'utf-16be']) {
      const c = manifest.cases.find((x) => x.name === name)!;
      const r = reportOf(c.files[0]!)!;
      expect(r.encoding, name).toMatch(name === 'shift-jis' ? /shift_jis|cp932|windows-31j/i : name === 'utf-16le' ? /utf-16le/i : /utf-16be/i);
      const rec = JSON.parse(readFileSync(join(RECORDS, 'projects', `${r.recordIds[0]}.json`), 'utf8'));
      expect(rec.name).toContain(c.literal![0]);
    }
  });

  it('keeps every record id and output path inside the site (path-like 事業番号 / 予算事業ID)', () => {
    for (const f of report.files) for (const id of f.recordIds) expect(id, f.file).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
    for (const rel of listTree(DIST)) {
      expect(rel.split('/'), rel).not.toContain('..');
      expect(rel).not.toMatch(/etc\/passwd|win\.ini|\\/);
    }
    for (const p of ['etc', 'etc/passwd', '.build/etc', 'absolute']) expect(existsSync(resolve(DIST, '..', p)), p).toBe(false);
    expect(existsSync('/absolute/path')).toBe(false);
  });
});

describe('every other page is byte-identical to the clean build', () => {
  it('changes only pages of records the hostile files joined, and declared aggregates (additions only)', () => {
    const affected = affectedIds(RECORDS, `${HOSTILE_DIR}/`);
    const res = compareBuilds(TEST_DIST, DIST, affected);
    expect(res.problems).toEqual([]);
    // The comparison really compared: most of the clean build is identical, byte for byte.
    expect(res.identical).toBeGreaterThan(0);
    expect(res.identical + res.allowed.length).toBe(listTree(TEST_DIST).length);
    console.log(`hostile vs clean: ${res.identical} identical files, ${res.allowed.length} allowed changes (${[...new Set(res.allowed.map((a) => a.why.replace(/ \(.*$/, '')))].join('; ')}), affected records: ${[...affected].length}`);
  });

  it('the aggregate rules are not blanket exemptions: a changed clean row on the home page is caught', () => {
    const tmp = `${WORK}-tamper`;
    // Simulate a hostile file that altered the sample's own entry on the home page.
    const home = readFileSync(join(TEST_DIST, 'index.html'), 'utf8');
    const firstFile = /<code>([^<]+)<\/code>/.exec(home)?.[1];
    expect(firstFile).toBeTruthy();
    const tampered = home.replace(`<code>${firstFile}</code>`, `<code>${firstFile}-tampered</code>`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    cpSync(TEST_DIST, tmp, { recursive: true });
    writeFileSync(join(tmp, 'index.html'), tampered);
    const res = compareBuilds(TEST_DIST, tmp, new Set());
    expect(res.problems.join('\n')).toMatch(/index\.html: home page/);
    expect(AGGREGATES.length).toBeGreaterThan(0);
  });
});

describe('no source text becomes markup (static check of every built page)', () => {
  const pages = () => listTree(DIST).filter((f) => f.endsWith('.html'));

  it('has no event-handler attributes, javascript: URLs or inline scripts on any page', () => {
    const bad: string[] = [];
    let tags = 0;
    for (const p of pages()) {
      for (const t of scanTags(readFileSync(join(DIST, p), 'utf8'))) {
        tags++;
        for (const [name, value] of t.attrs) {
          if (/^on/i.test(name)) bad.push(`${p}: event handler <${t.name} ${name}="${value.slice(0, 80)}">`);
          if (/^(href|src|action|formaction|xlink:href)$/i.test(name) && /^\s*(javascript|vbscript|data:text\/html)/i.test(value)) bad.push(`${p}: script URL <${t.name} ${name}="${value.slice(0, 80)}">`);
        }
        if (t.name === 'script') {
          const type = t.attrs.find(([n]) => n === 'type')?.[1] ?? '';
          const isData = /^application\/(ld\+)?json$/i.test(type);
          if (!t.attrs.some(([n]) => n === 'src') && !isData) bad.push(`${p}: inline script ${t.content.slice(0, 120)}`);
          if (isData && /<\/?script|<!--/i.test(t.content)) bad.push(`${p}: markup inside a JSON script block`);
        }
        if (t.name === 'iframe' || t.name === 'object' || t.name === 'embed' || t.name === 'base') bad.push(`${p}: <${t.name}>`);
      }
    }
    expect(bad).toEqual([]);
    expect(tags).toBeGreaterThan(1000);
  });

  it('every page carries the Content-Security-Policy before any script or stylesheet', () => {
    const bad: string[] = [];
    for (const p of pages()) {
      const html = readFileSync(join(DIST, p), 'utf8');
      const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(html);
      if (!m) {
        bad.push(`${p}: no CSP`);
        continue;
      }
      const csp = m[1]!.replace(/&#39;/g, "'");
      if (!/script-src 'self'( 'wasm-unsafe-eval')?;/.test(csp) || /unsafe-inline[^;]*;/.test(/script-src[^;]*;/.exec(csp)?.[0] ?? '')) bad.push(`${p}: weak script-src: ${csp}`);
      if (!/object-src 'none'/.test(csp) || !/base-uri/.test(csp)) bad.push(`${p}: CSP lacks object-src/base-uri: ${csp}`);
      const firstAsset = html.search(/<script|<link rel="stylesheet"|<style/i);
      if (firstAsset >= 0 && firstAsset < m.index) bad.push(`${p}: CSP comes after a script or stylesheet`);
    }
    expect(bad).toEqual([]);
  });

  it('writes formula-like cells so Excel shows them as text (BOM CSV), keeps them verbatim in JSON and the plain UTF-8 CSV', () => {
    const csvs = listTree(join(DIST, 'data')).filter((f) => f.endsWith('.csv'));
    const excel: string[] = [];
    const plain: string[] = [];
    const bad: string[] = [];
    for (const rel of csvs) {
      const raw = readFileSync(join(DIST, 'data', rel));
      const text = raw.toString('utf8');
      if (!FORMULAS.some((f) => text.includes(f.slice(1, 12)))) continue;
      // The Excel flavour starts with a BOM; the plain UTF-8 flavour (for programs) keeps text verbatim.
      const forExcel = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
      const rows = parseCsv(text.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
      for (const row of rows)
        for (const cell of row) {
          const payload = FORMULAS.find((f) => cell.includes(f.slice(1, 12)));
          if (!payload) continue;
          if (forExcel) {
            excel.push(rel);
            if (/^[=+\-@\t\r]/.test(cell)) bad.push(`data/${rel}: formula left live for Excel: ${cell.slice(0, 60)}`);
          } else {
            plain.push(rel);
            if (cell !== payload) bad.push(`data/${rel}: plain CSV altered the text: ${cell.slice(0, 60)}`);
          }
        }
    }
    expect(bad).toEqual([]);
    // The payloads really reached the downloads (or the test would prove nothing).
    expect(excel.length, `CSV files: ${csvs.join(', ')}`).toBeGreaterThan(0);
    const formulaCase = manifest.cases.find((c) => c.name === 'formula-cells')!;
    const id = reportOf(formulaCase.files[0]!)!.recordIds[0]!;
    const json = JSON.parse(readFileSync(join(DIST, 'data', 'projects', `${id}.json`), 'utf8'));
    expect(json.name).toBe(FORMULAS[0]);
  });
});

describe('in a real browser', () => {
  let browser: Browser;
  let server: StaticServer;
  beforeAll(async () => {
    browser = await launchChromium();
    server = await serveStatic(DIST);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Pages that show hostile text: the home page (file names) and every accepted hostile record's page. */
  function hostilePages(): Array<{ path: string; literal: string[] }> {
    const out: Array<{ path: string; literal: string[] }> = [{ path: '/', literal: ["<img src=x onerror=alert('file')>.txt"] }];
    for (const c of manifest.cases as HostileCase[]) {
      if (!c.literal) continue; // pages carrying payloads (a 6 MB long-line page proves nothing here)
      const ids = c.files.flatMap((f) => reportOf(f)?.recordIds ?? []);
      for (const id of ids) {
        const path = `/projects/${id}/`;
        if (existsSync(join(DIST, 'projects', id, 'index.html'))) out.push({ path, literal: c.literal ?? [] });
      }
    }
    return out;
  }

  async function visit(context: BrowserContext, paths: Array<{ path: string; literal: string[] }>, search: boolean) {
    const findings: string[] = [];
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    for (const { path, literal } of paths) {
      const page = await context.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => errors.push(e.message));
      const resp = await page.goto(server.url + encodeURI(path), { waitUntil: 'load' });
      if (resp?.status() !== 200) findings.push(`${path}: HTTP ${resp?.status()}`);
      // Give event handlers (onerror of a broken image, onload of an svg) a chance to fire.
      await page.mouse.move(200, 200);
      await page.waitForTimeout(300);
      const state = await page.evaluate((g) => {
        const w = window as unknown as Record<string, unknown>;
        const onAttrs: string[] = [];
        for (const el of document.querySelectorAll('*')) for (const a of el.getAttributeNames()) if (/^on/i.test(a)) onAttrs.push(`${el.tagName}[${a}]`);
        const inline = [...document.scripts].filter((s) => !s.src && !/json/.test(s.type)).map((s) => s.textContent?.slice(0, 80));
        const jsLinks = [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!).filter((h) => /^\s*javascript:/i.test(h));
        return { pwned: w[g], csp: w.__csp as string[], onAttrs, inline, jsLinks, text: document.body.innerText };
      }, PWN_GLOBAL);
      if (state.pwned !== undefined) findings.push(`${path}: injected script ran (${PWN_GLOBAL}=${String(state.pwned)})`);
      if (dialogs.length) findings.push(`${path}: dialog opened: ${dialogs.join(', ')}`);
      if (state.onAttrs.length) findings.push(`${path}: event-handler attributes in the DOM: ${state.onAttrs.join(', ')}`);
      if (state.inline.length) findings.push(`${path}: inline scripts in the DOM: ${state.inline.join(' | ')}`);
      if (state.jsLinks.length) findings.push(`${path}: javascript: links: ${state.jsLinks.join(', ')}`);
      if (state.csp.length) findings.push(`${path}: CSP violations: ${state.csp.join('; ')}`);
      if (errors.length) findings.push(`${path}: page errors: ${errors.join('; ')}`);
      for (const l of literal) if (!state.text.includes(l)) findings.push(`${path}: text not shown literally: ${l}`);
      await page.close();
    }
    if (search && existsSync(join(DIST, 'search', 'index.html'))) {
      // The search UI renders excerpts of indexed text: search for the payload's page.
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${server.url}/search/?q=${encodeURIComponent('XSS事業')}`, { waitUntil: 'load' });
      const input = page.locator('input[type="search"], input[name="q"]').first();
      if (await input.count()) {
        await input.fill('XSS事業');
        await input.press('Enter');
      }
      await page.waitForTimeout(2500);
      const state = await page.evaluate((g) => ({ pwned: (window as unknown as Record<string, unknown>)[g], csp: (window as unknown as { __csp: string[] }).__csp, text: document.body.innerText }), PWN_GLOBAL);
      if (state.pwned !== undefined || dialogs.length) findings.push(`/search/: injected script ran from a search result`);
      if (state.csp.length) findings.push(`/search/: CSP violations: ${state.csp.join('; ')}`);
      await page.close();
    }
    const foreign = requests.filter((u) => !u.startsWith(server.url + '/') && !/^(data|blob):/.test(u));
    if (foreign.length) findings.push(`requests outside the local server: ${[...new Set(foreign)].join(', ')}`);
    return { findings, requests };
  }

  it('with the site CSP: no injected script runs, no CSP violation by the site itself, no external request', async () => {
    const context = await browser.newContext();
    const { findings, requests } = await visit(context, hostilePages(), true);
    await context.close();
    expect(findings).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
  }, 180_000);

  it('even with the CSP bypassed, escaping alone keeps every payload inert and shows it as text', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const { findings } = await visit(context, hostilePages(), true);
    await context.close();
    expect(findings).toEqual([]);
  }, 180_000);
});
