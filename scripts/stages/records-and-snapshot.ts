/**
 * The build's first process: ingest (records for Astro), then the open-data snapshot from
 * the same in-memory result. It runs apart from the build script because a process that
 * ends gives its memory back: in one that lives on, V8 kept ~0.75 GiB of freed heap pages
 * resident after this work (RS 2024, measured: heap used 0.01 GiB, RSS 0.90 GiB after a
 * full GC), and that sat under the search stage's peak, two Pagefind processes of ~1.6 GiB.
 *
 * Tells its parent on the IPC channel when the records are written (`{ records: true }`),
 * so Astro starts while the snapshot is still being written into OPEN_DATA_DIR.
 * Usage (by scripts/build.ts): node records-and-snapshot.ts [--strict] [--quiet]
 * Exits 1 when strict mode finds errors, before anything but the records is written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runIngest } from '../lib/ingest-records.ts';
import { DIGESTS_FILE } from '../../src/lib/records.ts';
import { SOURCES_DIR } from '../../src/lib/env.ts';
import { sourceDates } from './source-dates.ts';
import { writeOpenData } from './open-data.ts';
import { stage } from './progress.ts';
import { lowerPriority, manyRecordsChanged } from '../lib/background-priority.ts';
import { INGEST_STRICT, OPEN_DATA_DIR, PREVIOUS_DATA_DIR, RECORDS_DIR, SOURCE_DATE_EPOCH } from '../../src/lib/env.ts';

const dir = OPEN_DATA_DIR;
/** Nice value of the snapshot's threads while Astro renders (weight 110 against Astro's 1024). */
const SNAPSHOT_NICENESS = 10;
/** Share of record files changed from which Astro's rendering, not the snapshot, decides the build's time. */
const YIELD_SHARE = 0.01;

/** The content hash of each record file, as ingest just wrote them (digests.json), or null. */
function recordDigests(): Map<string, string> | null {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(join(RECORDS_DIR, DIGESTS_FILE), 'utf8')) as Record<string, string>));
  } catch {
    return null;
  }
}
if (!dir) throw new Error('records-and-snapshot: OPEN_DATA_DIR is not set');
const strict = process.argv.includes('--strict') || INGEST_STRICT;
// Read before ingest rewrites them: the open-data stage links the files of records unchanged since.
const previousRecordDigests = recordDigests();
const { sources, report, ...corpus } = await stage('ingest', () => runIngest({ strict, quiet: process.argv.includes('--quiet') }));
if (strict && report.counts.errors > 0) {
  console.error(`strict mode: ${report.counts.errors} errors; dist/ left unchanged`);
  process.exit(1);
}
// The source texts (about half the ingest result) are on disk now; the snapshot never reads them.
sources.length = 0;
process.send?.({ records: true });
const digestsNow = recordDigests();
// From here Astro renders beside this process, and when it has many pages to render it is the
// build's critical path; the snapshot only has to be written by the time Astro is done
// (lib/background-priority.ts). Not when run on its own (no parent to share with).
const yielding = !!process.send && manyRecordsChanged(previousRecordDigests, digestsNow, YIELD_SHARE);
if (yielding) lowerPriority(SNAPSHOT_NICENESS);
// Collected now, while Astro starts beside this process (bundling, a few seconds of little
// memory): left to V8, the texts and the input files' bytes (~1.6 GiB at the decade) stayed
// resident for another minute or more, under Astro's climb to its peak. The last-resort
// flavour compacts the heap and gives its empty pages back: after a plain full collection
// the process kept 5.24 GiB resident with 3.16 GiB of heap in use (decade, 2026-12-07). It
// takes 3-4 s, which Astro no longer waits for. The build passes --expose-gc; elsewhere this
// is a no-op.
(globalThis as { gc?: (o?: object) => void }).gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
const manifest = await stage('open data', async () => {
  if (yielding) console.log(`  written at nice ${SNAPSHOT_NICENESS} beside Astro (no previous build, or at least ${YIELD_SHARE * 100} % of the record files changed)`);
  // Each input file's date and hash, for the data page and datapackage.json's sources.
  const dated = await sourceDates(SOURCES_DIR, report.files.map((f) => f.file));
  return writeOpenData(dir, corpus, { sources: dated, env: { SOURCE_DATE_EPOCH }, previousDataDir: PREVIOUS_DATA_DIR, log: (line) => console.log(line), recordDigests: digestsNow, previousRecordDigests });
});
console.log(`  snapshot ${manifest.snapshotId}: ${manifest.files.length} corpus files, ${manifest.perRecord.reduce((n, p) => n + p.records, 0)} records`);
