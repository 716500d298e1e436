/**
 * Ingest only: parse the sources folder into the records folder and print the report
 * (scripts/lib/ingest-records.ts). Usage: node scripts/ingest.ts [--strict] [--quiet]
 * Exits 1 in strict mode (--strict or INGEST_STRICT=1) when any file has an error.
 */
import { INGEST_STRICT } from '../src/lib/env.ts';
import { runIngest } from './lib/ingest-records.ts';

const strict = process.argv.includes('--strict') || INGEST_STRICT;
const result = await runIngest({ strict, quiet: process.argv.includes('--quiet') });
if (strict && result.report.counts.errors > 0) {
  console.error(`strict mode: ${result.report.counts.errors} errors`);
  process.exit(1);
}
