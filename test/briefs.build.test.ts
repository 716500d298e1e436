/**
 * The project briefs ingest writes into the records folder (src/lib/pages/project-brief.ts),
 * which the pages' site data reads instead of opening every project record: on the built
 * sample (test/global-setup.ts), they are exactly the briefs made from the project files
 * the pages read, in the same order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIEFS_FILE, BriefsFile, projectBrief } from '../src/lib/pages/project-brief.ts';
import { ProjectRecord } from '../src/schemas/project.ts';
import { TEST_RECORDS } from './paths.ts';

describe('the briefs file of the records folder', () => {
  it('holds the brief of every project file, made from that file, in id order', () => {
    const written = BriefsFile.parse(JSON.parse(readFileSync(join(TEST_RECORDS, BRIEFS_FILE), 'utf8')));
    const ids = readdirSync(join(TEST_RECORDS, 'projects')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
    expect(ids.length).toBeGreaterThan(3);
    expect(written.map((b) => b.id)).toEqual(ids);
    const made = ids.map((id) => projectBrief(ProjectRecord.parse(JSON.parse(readFileSync(join(TEST_RECORDS, 'projects', `${id}.json`), 'utf8')))));
    expect(JSON.stringify(written)).toBe(JSON.stringify(made));
    // Figures are there to be shown: at least one project has a budget figure.
    expect(written.some((b) => b.figures.budget !== null)).toBe(true);
  });
});
