/** Reading the generated records folder (content/records) — the I/O edge of the Astro side. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IngestReport } from '../schemas/index.ts';
import type { SourceText } from './ingest/types.ts';

export const RECORDS_DIR = resolve(process.env.RECORDS_DIR || 'content/records');

export async function readRecordDir(name: string): Promise<Array<{ id: string } & Record<string, unknown>>> {
  const dir = join(RECORDS_DIR, name);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

export function readIngestReport(): IngestReport | null {
  const p = join(RECORDS_DIR, 'report.json');
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as IngestReport) : null;
}

/** The original text (legacy) or source rows (RS) kept beside a record. */
export function readSourceText(id: string): SourceText | null {
  const p = join(RECORDS_DIR, 'sources', `${id}.json`);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as SourceText) : null;
}
