/**
 * Plausibility warnings on the built sample: every warning of a sheet's JSON is the same row
 * in project_warnings.csv and the same line on the sheet's page (one message, three places).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { PLAUSIBILITY_PREFIX } from '../src/lib/ingest/plausibility.ts';
import type { ProjectRecord } from '../src/schemas/index.ts';
import { TEST_DIST, TEST_RECORDS } from './paths.ts';

describe('plausibility warnings on the built sample: one message on the record, in the CSV and on the page', () => {
  it('shows every warning of every sheet in project_warnings.csv and on its page', () => {
    const rows = parse(readFileSync(join(TEST_DIST, 'data/csv-utf8/project_warnings.csv')), { columns: true }) as Array<Record<string, string>>;
    let plausibility = 0;
    for (const f of readdirSync(join(TEST_RECORDS, 'projects'))) {
      const p = JSON.parse(readFileSync(join(TEST_RECORDS, 'projects', f), 'utf8')) as ProjectRecord;
      const mine = rows.filter((r) => r.projectId === p.id);
      expect(mine.map((r) => [r.field, r.message]), p.id).toEqual(p.warnings.map((w) => [w.field, w.message]));
      const flagged = p.warnings.filter((w) => w.message.startsWith(PLAUSIBILITY_PREFIX));
      plausibility += flagged.length;
      if (flagged.length === 0) continue;
      const html = readFileSync(join(TEST_DIST, 'projects', p.id, 'index.html'), 'utf8');
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      for (const w of flagged) expect(html.includes(esc(w.message)), `${p.id} page shows: ${w.message}`).toBe(true);
    }
    // The sample has sheets whose parts do not add up (checked above to reach the page).
    expect(plausibility).toBeGreaterThan(0);
  });
});
