/**
 * Benchmark of the whole pipeline (ingest → Astro ‖ open data → Pagefind → publish), per
 * stage: wall time, CPU-seconds, busy cores, pages/s, peak RSS of the stage's process tree,
 * output size — against the floor (a bare Astro site with as many trivial pages, plus
 * Pagefind) and, with --peer, against what a user would build instead (plain Astro on the
 * same pages + default `pagefind --site`), both measured in the same run, so the ratios
 * hold on a loaded or different machine.
 *
 *   npm run bench -- --sources <rs2024> --peer            # RS 2024, with the peer ratios
 *   npm run bench -- --sources a,b,c --label decade --add b     # several folders as one corpus;
 *       # --add b: also build without b, then add it and rebuild ("a new year costs only itself")
 *   npm run bench -- --sources <rs2024> --synth 0.5,1,3,10   # synthetic corpora, growth curve
 *   npm run bench -- --floor-only 6000,60000                   # only the floor at N pages
 * Sources: --sources (comma-separated folders) or SOURCES_DIR. The corpus is a folder of
 * symbolic links to their files (bench/corpus.ts): nothing is copied, and the originals
 * are never written (the one-sheet change replaces its link by a real file).
 * Options: --no-floor, --peer, --no-rebuild (skip the warm and one-sheet-changed rebuilds), --no-warm,
 *          --rebuild-for <label,…> (rebuilds only for these corpora, e.g. synth-x0.1),
 *          --compare (byte-compare each incremental result with the cold build's dist),
 *          --cpu-prof (profiles of the full build into <work>/prof),
 *          --out <file.json> (default .build/bench/results.json)
 * Work folders are under .build/bench/ (BENCH_DIR). Not part of npm test.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { compareTrees, linkTree } from './bench/compare.ts';
import { editOneSheet, linkCorpus, linkSource, sourceName, unlinkSource } from './bench/corpus.ts';
import { writeFloorSite } from './bench/floor.ts';
import { corpusReport, growthReport, stageTable } from './bench/report.ts';
import { runStages, type RunResult } from './bench/run-stages.ts';
import { dirStats, siteParts } from './bench/sizes.ts';
import { synthesize } from './bench/synth.ts';
import type { BuildMeasure, CorpusResult, StageMeasure } from './bench/types.ts';
import { BENCH_DIR, SOURCES_DIR_GIVEN } from '../src/lib/env.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WORK = BENCH_DIR;
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

interface Corpus {
  label: string;
  /** The corpus folder the build reads (links, or a synthetic corpus of its own). */
  dir: string;
  /** A source folder linked into `dir` that the "added" rebuild adds to a site built without it. */
  add?: string;
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

/**
 * Waits until the folders that the previous build replaced (dist/, records/) are deleted: a
 * build deletes them in a detached process once it has published (removeInBackground in
 * scripts/lib/fs.ts). At the decade that is ~850,000 files and a minute or more of one core.
 * A build started at once shares the machine with that deletion, and measured its own work
 * with the previous build's clean-up in it. Returns the wait in ms, which the log shows.
 */
async function waitForBackgroundDeletes(base: string): Promise<number> {
  const t0 = performance.now();
  while ((await readdir(base)).some((n) => /\.trash-/.test(n))) await sleep(250);
  return performance.now() - t0;
}

async function build(base: string, corpus: Corpus, name: string, profDir: string | null): Promise<BuildMeasure> {
  const waited = await waitForBackgroundDeletes(base);
  if (waited >= 1000) console.log(`  (waited ${(waited / 1000).toFixed(1)} s for the previous build's replaced folders to be deleted)`);
  console.log(`  · ${name} …`);
  const r = await runStages(process.execPath, ['--max-old-space-size=12288', join(ROOT, 'scripts/build.ts'), '--quiet'], { cwd: ROOT, env: buildEnv(base, corpus, profDir), logFile: join(base, `${name}.log`) });
  const m = await measureRun(r, join(base, 'dist'), join(base, 'records'));
  console.log(`    ${(m.wallMs / 1000).toFixed(1)} s, ${m.pages} pages, ${m.cpuSeconds.toFixed(0)} CPU-s, peak ${(m.peakRss / 2 ** 30).toFixed(2)} GiB`);
  return m;
}

/** Everything a build keeps between runs (output, records, caches): gone, the next build is cold. */
async function forgetBuilds(base: string): Promise<void> {
  await Promise.all(['dist', 'dist.cache', 'records', 'ingest-cache'].map((d) => rm(join(base, d), { recursive: true, force: true })));
}

/** With --compare: the incremental build's dist against the cold build's, byte for byte. */
async function compareWithCold(base: string, m: BuildMeasure): Promise<void> {
  const cold = join(base, 'cold-dist');
  if (!flag('compare')) return;
  const r = await compareTrees(cold, join(base, 'dist'));
  m.identicalToCold = { files: r.files, differing: r.differing, examples: r.differ };
  console.log(`    ${r.differing === 0 ? `byte-identical to the cold build (${r.files} files)` : `${r.differing} files differ from the cold build, e.g. ${r.differ.slice(0, 5).join(', ')}`}`);
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

  let peer: BuildMeasure | null = null;
  if (flag('peer')) {
    // Plain Astro + default Pagefind on the pages of the build just made (bench/peer.ts).
    console.log('  · peer (plain astro build + default pagefind --site) …');
    const work = join(base, 'peer');
    const r = await runStages(process.execPath, [join(ROOT, 'scripts/bench/peer.ts'), '--records', join(base, 'records'), '--data', join(base, 'dist/data'), '--work', work], { cwd: ROOT, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' }, logFile: join(base, 'peer.log') });
    peer = await measureRun(r, join(work, 'dist'), null);
    console.log(`    ${(peer.wallMs / 1000).toFixed(1)} s, ${peer.pages} pages, ${peer.cpuSeconds.toFixed(0)} CPU-s, peak ${(peer.peakRss / 2 ** 30).toFixed(2)} GiB`);
    await rm(work, { recursive: true, force: true });
  }

  // Hard links: a build never writes a published file in place (it swaps whole folders).
  if (flag('compare')) await linkTree(join(base, 'dist'), join(base, 'cold-dist'));
  let without: BuildMeasure | null = null;
  let added: BuildMeasure | null = null;
  if (corpus.add) {
    // The site as it was before the new material: built cold without it, then the material
    // is added and the site rebuilt on that build's caches.
    await forgetBuilds(base);
    await unlinkSource(corpus.dir, corpus.add);
    try {
      without = await build(base, corpus, 'without-added', null);
    } finally {
      await linkSource(corpus.dir, corpus.add);
    }
    added = await build(base, corpus, 'added', null);
    added.note = `added ${sourceName(corpus.add)}/ to a site built without it`;
    await compareWithCold(base, added);
  }

  let warm: BuildMeasure | null = null;
  let oneChange: BuildMeasure | null = null;
  const rebuildFor = opt('rebuild-for');
  if (!flag('no-rebuild') && (!rebuildFor || rebuildFor.split(',').includes(corpus.label))) {
    if (!flag('no-warm')) {
      warm = await build(base, corpus, 'warm', null);
      await compareWithCold(base, warm);
    }
    const changed = await editOneSheet(corpus.dir);
    oneChange = await build(base, corpus, 'one-change', null);
    oneChange.note = `changed ${changed}`;
  }
  await rm(join(base, 'cold-dist'), { recursive: true, force: true });
  return { label: corpus.label, sources: corpus.dir, sourceFiles: src.files, sourceBytes: src.bytes, full, floor, ratioToFloor: floor ? full.wallMs / floor.wallMs : null, peer, without, added, warm, oneChange };
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
const sources = (opt('sources') ?? SOURCES_DIR_GIVEN).split(',').filter(Boolean).map((d) => resolve(d));
if (!sources.length) throw new Error('bench: name the sources folder(s): --sources <dir>[,<dir>…] or SOURCES_DIR (e.g. --sources <folder of the RS 2024 CSV>)');
if (synth) {
  for (const s of synth.split(',').map(Number)) {
    const dir = join(WORK, 'corpora', `synth-${s}`);
    const r = await synthesize({ from: sources[0]!, out: dir, scale: s });
    console.log(`synthetic ×${s}: ${r.projects} projects, years ${r.years.join(', ')}`);
    corpora.push({ label: `synth-x${s}`, dir });
  }
} else {
  const label = opt('label') ?? (sources.length === 1 ? sourceName(sources[0]!) : 'sources');
  const dir = join(WORK, 'corpora', label);
  const files = await linkCorpus(dir, sources);
  const addOpt = opt('add');
  const add = addOpt ? sources.find((d) => d === resolve(addOpt) || sourceName(d) === addOpt) : undefined;
  if (addOpt && !add) throw new Error(`--add ${addOpt}: not one of the --sources folders`);
  console.log(`corpus ${label}: ${files} files linked from ${sources.join(', ')}`);
  corpora.push({ label, dir, add });
}

const outFile = resolve(ROOT, opt('out') ?? join(WORK, 'results.json'));
// A folder of its own for --out is made here: the results were lost at the end of a run when it did not exist.
await mkdir(dirname(outFile), { recursive: true });
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
