/**
 * The self-check corpus: real JUDGIT records of sheet years 2018–2020, picked deterministically
 * (seeded) across ministries, rendered into each layout's templates, parsed by the real parsers
 * and scored against their truth. Pure apart from reading the record files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeSource } from '../../../src/lib/ingest/decode.ts';
import { parseReviewSheetTable } from '../../../src/lib/ingest/legacy/table/index.ts';
import { parseReviewSheetTextFlow } from '../../../src/lib/ingest/legacy/textflow/index.ts';
import type { LegacyInput, ParsedDocument } from '../../../src/lib/ingest/types.ts';
import { prng } from '../prng.ts';
import type { JudgitRecord } from './judgit.ts';
import { renderTable, TABLE_TEMPLATES } from './table.ts';
import { renderTextFlow, TEXTFLOW_TEMPLATES } from './textflow.ts';
import type { Truth } from './truth.ts';
import { scoreRecord, type Score } from './truth.ts';

export const YEARS = [2018, 2019, 2020];

export interface Picked {
  /** Path relative to the JUDGIT root: `<year>/<府省庁>/<file>.json`. */
  path: string;
  record: JudgitRecord;
}

/**
 * `perYear` sheets of each year: ministries in a seeded order, one sheet of each in turn (so
 * small ministries are in), each sheet picked at random within its ministry. Sheets without a
 * 事業番号 or 事業名 (nothing to identify them by) are not picked.
 */
export function pickSheets(root: string, perYear: number, seed = 20181): Picked[] {
  const rnd = prng(seed);
  const out: Picked[] = [];
  for (const year of YEARS) {
    const ydir = join(root, String(year));
    const ministries = readdirSync(ydir).sort();
    const files = new Map(ministries.map((m) => [m, readdirSync(join(ydir, m)).filter((f) => f.endsWith('.json')).sort()]));
    for (let i = ministries.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [ministries[i], ministries[j]] = [ministries[j]!, ministries[i]!];
    }
    let n = 0;
    for (let round = 0; n < perYear && round < 1000; round++) {
      for (const m of ministries) {
        if (n >= perYear) break;
        const list = files.get(m)!;
        if (list.length === 0) continue;
        const f = list.splice(Math.floor(rnd() * list.length), 1)[0]!;
        const path = join(ydir, m, f);
        const record = JSON.parse(readFileSync(path, 'utf8')) as JudgitRecord;
        if (!record.事業番号 || !record.事業名) continue;
        out.push({ path: relative(root, path), record });
        n++;
      }
    }
  }
  return out;
}

export interface LayoutResult {
  sheets: number;
  score: Score;
  /** Sheets whose parse threw or lost its identity: must be none. */
  lost: string[];
}

/** Render every picked record into every template of a layout, parse with the layout's parser and score. */
function run<T extends { seed: string }>(templates: T[], render: (t: T, r: JudgitRecord) => { text: string; truth: Truth }, parse: (input: LegacyInput) => ParsedDocument, layout: LegacyInput['layout'], picked: Picked[]): LayoutResult {
  const score: Score = {};
  const lost: string[] = [];
  let sheets = 0;
  for (const t of templates) {
    for (const p of picked) {
      const { text, truth } = render(t, p.record);
      const file = `${t.seed}/${p.path}`;
      sheets++;
      const r = parse({ file, decoded: decodeSource(new TextEncoder().encode(text)), kind: 'review-sheet', layout });
      if (!r.project || r.project.name === file) lost.push(file);
      if (r.project) scoreRecord(score, truth, r.project, file);
    }
  }
  return { sheets, score, lost };
}

/** The text-flow layout of seeds 000 and 002. */
export const runTextFlow = (picked: Picked[]): LayoutResult => run(TEXTFLOW_TEMPLATES, renderTextFlow, parseReviewSheetTextFlow, 'text-flow', picked);

/** The table layout of seeds 003 and 004. */
export const runTable = (picked: Picked[]): LayoutResult => run(TABLE_TEMPLATES, renderTable, parseReviewSheetTable, 'table', picked);
