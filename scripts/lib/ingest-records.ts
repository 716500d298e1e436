/**
 * Ingest: read the sources folder (SOURCES_DIR, default content/sources), parse every
 * document into validated records, and write them to the records folder (RECORDS_DIR,
 * default content/records) atomically, with report.json. Run by scripts/ingest.ts and by
 * the build's first stage (scripts/stages/records-and-snapshot.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECORDS_DIR, SOURCES_DIR, SOURCES_LABEL } from '../../src/lib/env.ts';
import { ingest, type IngestResult } from '../../src/lib/ingest/pipeline.ts';
import { DIGESTS_FILE } from '../../src/lib/records.ts';
import { BRIEFS_FILE, briefsFileText } from '../../src/lib/pages/project-brief.ts';
import { openIngestCache } from './ingest-cache.ts';
import { sourceHash } from './source-hash.ts';
import { formatReport } from './ingest-report.ts';
import { readSources, toJson, writeDirAtomic, type LinkTo } from './fs.ts';

const RECORD_DIRS = ['projects', 'evaluations', 'measures', 'ministries', 'recipients', 'sources'] as const;

/**
 * Every file of the records folder, made one at a time as it is written: at 10× the RS
 * corpus the texts together would be gigabytes, so they are never all held at once.
 */
export function* recordFiles(result: IngestResult): Generator<[string, string]> {
  for (const dir of RECORD_DIRS) {
    // Compact: these files are read by the build, not by people (the published, indented
    // copies are the open-data stage's); indenting cost seconds and a third more bytes.
    for (const item of result[dir]) yield [`${dir}/${item.id}.json`, JSON.stringify(item) + '\n'];
  }
  // Every project's brief, so the pages' site data need not open every project record (project-brief.ts).
  yield [BRIEFS_FILE, briefsFileText(result.projects)];
  yield ['report.json', toJson(result.report)];
}

/** The version of the briefs' code: a change to it rewrites the records folder, or its briefs would be stale. */
const BRIEFS_CODE = sourceHash(join(import.meta.dirname, '../../src/lib/pages/project-brief.ts'));

/** The content hashes of the records folder as it is (empty when there is none, or it is unreadable). */
function readPreviousDigests(): Map<string, string> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(join(RECORDS_DIR, DIGESTS_FILE), 'utf8')) as Record<string, string>));
  } catch {
    return new Map();
  }
}

export async function runIngest(opts: { strict?: boolean; quiet?: boolean } = {}): Promise<IngestResult> {
  const dir = SOURCES_DIR;
  const files = await readSources(dir);
  // Parse results of unchanged files are reused (content-hash cache, scripts/lib/ingest-cache.ts).
  const cache = openIngestCache(dir);
  const result = ingest(files, { sourcesDir: SOURCES_LABEL, strict: opts.strict, memo: cache.memo });
  const used = await cache.finish();
  if (!opts.quiet) console.log(`ingest cache: ${used.hits} reused, ${used.misses} parsed (${used.dir})`);
  // Unchanged inputs, parser and options → the records folder already holds this result:
  // skip re-serialising and rewriting every record (seconds at RS scale).
  const key = used.key && `${used.key}:${opts.strict ? 'strict' : 'lax'}:${SOURCES_LABEL}:briefs ${BRIEFS_CODE}\n`;
  const keyFile = join(RECORDS_DIR, '.ingest-key');
  if (!key || !existsSync(keyFile) || readFileSync(keyFile, 'utf8') !== key || !existsSync(join(RECORDS_DIR, 'report.json')) || !existsSync(join(RECORDS_DIR, DIGESTS_FILE))) {
    // A file whose content hash is the one the records folder has is linked from there, not
    // written again: after a one-sheet change, nearly all of the tens of thousands are unchanged.
    const previous = readPreviousDigests();
    const withKey = function* (): Generator<[string, string | LinkTo]> {
      // Each file's content hash, for Astro's per-page cache keys (src/lib/pages/cache-keys.ts).
      const digests: Record<string, string> = {};
      for (const [path, text] of recordFiles(result)) {
        const digest = createHash('sha256').update(text).digest('base64url').slice(0, 22);
        digests[path] = digest;
        yield [path, previous.get(path) === digest ? { link: join(RECORDS_DIR, path), data: text } : text];
      }
      yield [DIGESTS_FILE, JSON.stringify(digests) + '\n'];
      if (key) yield ['.ingest-key', key];
    };
    await writeDirAtomic(RECORDS_DIR, withKey(), RECORD_DIRS.filter((d) => result[d].length > 0));
  }
  if (!opts.quiet) console.log(formatReport(result.report));
  return result;
}
