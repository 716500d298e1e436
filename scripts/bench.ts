/**
 * Benchmark of the whole pipeline (ingest → Astro → open data → Pagefind → publish), per
 * stage: wall time, pages/s, peak RSS of the stage's process tree, output size — against
 * the floor (a bare Astro site with as many trivial pages, plus Pagefind) measured in the
 * same run, so the ratio holds on a loaded or different machine.
 *
 *   npm run bench                              # real RS 2024 (SOURCES_DIR or /work/shared/rs2024)
 *   npm run bench -- --synth 0.5,1,3,10        # synthetic corpora, growth curve
 *   npm run bench -- --sources <dir> --label x # any sources folder
 *   npm run bench -- --floor-only 6000,60000   # only the floor at N pages
 * Options: --no-floor, --no-rebuild (skip the warm and one-file-changed rebuilds),
 *          --rebuild-for <label,…> (rebuilds only for these corpora, e.g. synth-x0.1),
 *          --cpu-prof (profiles into <work>/prof), --out <file.json> (default .build/bench/results.json)
 * Work folders are under .build/bench/ (BENCH_DIR). Not part of npm test.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { writeFloorSite } from './bench/floor.ts';
import { corpusReport, growthReport, stageTable } from './bench/report.ts';
import { runStages, type RunResult } from './bench/run-stages.ts';
import { dirStats, siteParts } from './bench/sizes.ts';
import { synthesize } from './bench/synth.ts';
import type { BuildMeasure, CorpusResult, StageMeasure } from './bench/types.ts';
import { listFiles } from './lib/fs.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = resolve(ROOT, process.env.BENCH_DIR || '.build/bench');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

interface Corpus {
  label: string;
  dir: string;
  /** A writable copy exists (synthetic or copied), so a file can be changed for the rebuild test. */
  writable: boolean;
}

/** Which output each stage of scripts/build.ts produces, for the per-stage size column. */
function stageOutput(name: string, records: Awaited<ReturnType<typeof dirStats>>, site: Awaited<ReturnType<typeof siteParts>>) {
  if (/ingest/i.test(name)) return records;
  if (/astro/i.test(name)) return site.astro;
  if (/open|data|snapshot/i.test(name)) return site.data;
  if (/search|pagefind/i.test(name)) return site.pagefind;
  return null;
}

async function measureRun(r: RunResult, dist: string, recordsDir: string | null): Promise<BuildMeasure> {
  if (r.exitCode !== 0) throw new Error(`build failed (exit ${r.exitCode}); see ${r.logFile}`);
  const site = await siteParts(dist);
  const records = recordsDir ? await dirStats(recordsDir) : { bytes: 0, files: 0, html: 0 };
  const pages = site.total.html;
  const stages: StageMeasure[] = r.phases.map((p) => {
    const out = stageOutput(p.name, records, site);
    const wallMs = p.end - p.start;
    return { name: p.name, startMs: p.start, wallMs, peakRss: p.peakRss, cpuSeconds: p.cpuSeconds, pagesPerSec: /publish/.test(p.name) || wallMs < 500 ? null : pages / (wallMs / 1000), outputBytes: out?.bytes ?? null, outputFiles: out?.files ?? null };
  });
  return {
    wallMs: r.wallMs,
    peakRss: r.peakRss,
    cpuSeconds: r.cpuSeconds,
    pages,
    outputBytes: site.total.bytes + records.bytes,
    outputFiles: site.total.files + records.files,
    stages,
    astroPhases: r.astroPhases.map((p) => ({ name: p.name, wallMs: p.end - p.start, peakRss: p.peakRss, cpuSeconds: p.cpuSeconds })),
    log: r.logFile,
  };
}

function buildEnv(base: string, corpus: Corpus, profDir: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TZ: 'Asia/Tokyo',
    SOURCES_DIR: corpus.dir,
    DIST_DIR: join(base, 'dist'),
    RECORDS_DIR: join(base, 'records'),
    INGEST_CACHE_DIR: join(base, 'ingest-cache'),
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  if (profDir) env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${profDir}`.trim();
  return env;
}

async function build(base: string, corpus: Corpus, name: string, profDir: string | null): Promise<BuildMeasure> {
  console.log(`  · ${name} …`);
  const r = await runStages(process.execPath, ['--max-old-space-size=12288', join(ROOT, 'scripts/build.ts'), '--quiet'], { cwd: ROOT, env: buildEnv(base, corpus, profDir), logFile: join(base, `${name}.log`) });
  const m = await measureRun(r, join(base, 'dist'), join(base, 'records'));
  console.log(`    ${(m.wallMs / 1000).toFixed(1)} s, ${m.pages} pages, peak ${(m.peakRss / 2 ** 30).toFixed(2)} GiB`);
  return m;
}

/**
 * Change one source file the way an editor would: one cell of one RS table (the first
 * その他備考 row of the newest year), or one line appended to a text source.
 */
async function changeOneFile(dir: string): Promise<string> {
  const files = (await listFiles(dir)).filter((f) => !/\.md$/i.test(f));
  const target = files.filter((f) => /6-1_RS_\d{4}_/.test(f)).sort().at(-1) ?? files.find((f) => f.endsWith('.csv')) ?? files[0];
  if (!target) throw new Error(`no source file in ${dir}`);
  if (target.endsWith('.csv')) {
    const rows = parse((await readFile(target, 'utf8')).replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    const row = rows[1]!;
    row[row.length - 1] = `${row[row.length - 1]}（ベンチマーク用の変更）`;
    await writeFile(target, '\uFEFF' + stringify(rows, { record_delimiter: '\r\n' }));
  } else {
    await writeFile(target, (await readFile(target, 'utf8')) + '\n（ベンチマーク用の変更）\n');
  }
  return target.slice(dir.length + 1);
}

async function benchCorpus(corpus: Corpus): Promise<CorpusResult> {
  const base = join(WORK, corpus.label);
  console.log(`\n▷ ${corpus.label}: ${corpus.dir}`);
  await rm(base, { recursive: true, force: true });
  await mkdir(base, { recursive: true });
  const prof = flag('cpu-prof') ? join(base, 'prof') : null;
  const src = await dirStats(corpus.dir);

  const full = await build(base, corpus, 'full', prof);

  let floor: BuildMeasure | null = null;
  if (!flag('no-floor')) {
    const site = join(base, 'floor');
    await writeFloorSite(site, full.pages);
    console.log(`  · floor (${full.pages} trivial pages) …`);
    const r = await runStages(process.execPath, [join(ROOT, 'scripts/bench/floor.ts'), '--site', site], { cwd: site, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, logFile: join(base, 'floor.log') });
    floor = await measureRun(r, join(site, 'dist'), null);
    console.log(`    ${(floor.wallMs / 1000).toFixed(1)} s, peak ${(floor.peakRss / 2 ** 30).toFixed(2)} GiB`);
    await rm(join(site, 'dist'), { recursive: true, force: true });
  }

  let warm: BuildMeasure | null = null;
  let oneChange: BuildMeasure | null = null;
  const rebuildFor = opt('rebuild-for');
  if (!flag('no-rebuild') && (!rebuildFor || rebuildFor.split(',').includes(corpus.label))) {
    warm = await build(base, corpus, 'warm', null);
    if (corpus.writable) {
      const changed = await changeOneFile(corpus.dir);
      oneChange = await build(base, corpus, 'one-change', null);
      oneChange.note = `changed ${changed}`;
    }
  }
  return { label: corpus.label, sources: corpus.dir, sourceFiles: src.files, sourceBytes: src.bytes, full, floor, ratioToFloor: floor ? full.wallMs / floor.wallMs : null, warm, oneChange };
}

const started = new Date().toISOString();
const load0 = loadavg();
await mkdir(WORK, { recursive: true });
const floorOnly = opt('floor-only');
if (floorOnly) {
  // Just the floor at N pages (to know the target before the corpus exists).
  for (const n of floorOnly.split(',').map(Number)) {
    const site = join(WORK, `floor-${n}`);
    await writeFloorSite(site, n);
    const r = await runStages(process.execPath, [join(ROOT, 'scripts/bench/floor.ts'), '--site', site], { cwd: site, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, logFile: join(WORK, `floor-${n}.log`) });
    const m = await measureRun(r, join(site, 'dist'), null);
    console.log(`\n## floor, ${n} trivial pages\n\n${stageTable(m)}`);
    await rm(site, { recursive: true, force: true });
  }
  process.exit(0);
}
const corpora: Corpus[] = [];
const synth = opt('synth');
const from = resolve(process.env.SOURCES_DIR || opt('sources') || '/work/shared/rs2024');
if (synth) {
  for (const s of synth.split(',').map(Number)) {
    const dir = join(WORK, 'corpora', `synth-${s}`);
    const r = await synthesize({ from, out: dir, scale: s });
    console.log(`synthetic ×${s}: ${r.projects} projects, years ${r.years.join(', ')}`);
    corpora.push({ label: `synth-x${s}`, dir, writable: true });
  }
} else {
  // A copy, so the one-file-changed rebuild never touches the shared, read-only original.
  const label = opt('label') ?? (from.endsWith('rs2024') ? 'rs2024' : 'sources');
  const dir = join(WORK, 'corpora', label);
  await rm(dir, { recursive: true, force: true });
  await cp(from, dir, { recursive: true });
  corpora.push({ label, dir, writable: true });
}

const outFile = resolve(ROOT, opt('out') ?? join(WORK, 'results.json'));
const results: CorpusResult[] = [];
const machineInfo = () => ({ cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', totalMemGiB: +(totalmem() / 2 ** 30).toFixed(1), freeMemGiBAtEnd: +(freemem() / 2 ** 30).toFixed(1), node: process.version, loadAvgStart: load0, loadAvgEnd: loadavg(), started, finished: new Date().toISOString() });
for (const c of corpora) {
  results.push(await benchCorpus(c));
  // Written after each corpus, so a long run that is stopped still leaves its results.
  await writeFile(outFile, JSON.stringify({ machine: machineInfo(), results }, null, 2) + '\n');
}

const machine = machineInfo();
const text = [`# bench ${started} — ${machine.cpus} CPUs, ${machine.totalMemGiB} GiB, node ${machine.node}, load avg at start ${load0.map((x) => x.toFixed(2)).join(' ')}, at end ${machine.loadAvgEnd.map((x) => x.toFixed(2)).join(' ')}`, ...results.map(corpusReport), growthReport(results)].join('\n');
console.log(text);
await writeFile(outFile, JSON.stringify({ machine, results }, null, 2) + '\n');
await writeFile(outFile.replace(/\.json$/, '.md'), text + '\n');
console.log(`\nresults: ${outFile} (and .md)`);
