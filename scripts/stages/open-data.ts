/**
 * Open-data stage: writes the published record files into the built site's /data/.
 * (The full snapshot set — CSV, datapackage, checksums — is built on this.)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestResult } from '../../src/lib/ingest/pipeline.ts';
import { toJson } from '../lib-fs.ts';

export async function writeOpenData(outDir: string, result: IngestResult): Promise<void> {
  const dataDir = join(outDir, 'data');
  await mkdir(join(dataDir, 'projects'), { recursive: true });
  await writeFile(join(dataDir, 'projects.json'), toJson(result.projects));
  await writeFile(join(dataDir, 'evaluations.json'), toJson(result.evaluations));
  await writeFile(join(dataDir, 'measures.json'), toJson(result.measures));
  for (const p of result.projects) await writeFile(join(dataDir, 'projects', `${p.id}.json`), toJson(p));
}
