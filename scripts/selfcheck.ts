/**
 * Self-check of the legacy parsers on sheets the project generates from real records: JUDGIT
 * records of sheet years 2018–2020 rendered into the seeds' layouts (text-flow: seeds 000 and 002;
 * table: seeds 003 and 004), parsed by the real parsers, and scored field by
 * field against what was rendered. Usage:
 *   node scripts/selfcheck.ts [--dir <judgit root>] [--per-year N] [--seed S] [--write-fixtures <dir>]
 * --write-fixtures copies the picked records (the fields a sheet prints) into <dir>, as the
 * committed subset the test runs on.
 * The default root is test/fixtures/judgit-selfcheck (a committed subset); the full tree is
 * the unpacked JUDGIT tree (<root>/<year>/<府省庁>/*.json), given with --dir.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pickSheets, runTable, runTextFlow } from './lib/selfcheck/corpus.ts';
import { formatScore, precision, recall, total } from './lib/selfcheck/truth.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const dir = resolve(arg('dir') ?? resolve(import.meta.dirname, '../test/fixtures/judgit-selfcheck'));
const picked = pickSheets(dir, Number(arg('per-year') ?? 1000), Number(arg('seed') ?? 20181));
const ministries = new Set(picked.map((p) => p.record.府省庁));
console.log(`${picked.length} JUDGIT records (${[...new Set(picked.map((p) => p.record.公開年度))].join(', ')}), ${ministries.size} ministries, from ${dir}`);
console.log(`with recipients ${picked.filter((p) => p.record.支出先?.length).length}, outcomes ${picked.filter((p) => p.record.アウトカム?.length).length}, activities ${picked.filter((p) => p.record.アウトプット?.length).length}, requests ${picked.filter((p) => p.record.予算?.some((b) => b.要求額 != null)).length}, past sheets ${picked.filter((p) => p.record.関連する過去のレビューシート?.length).length}`);
const out = arg('write-fixtures');
if (out) {
  const KEEP = ['公開年度', '事業名', '開始年度', '終了年度', '府省庁', '事業番号', '担当部局庁', '担当課室', '作成責任者', '会計区分', '事業目的', '事業概要', '実施方法', '主要施策', '予算', '支出先', 'アウトカム', 'アウトプット', '関連する過去のレビューシート'] as const;
  for (const p of picked) {
    const file = join(resolve(out), p.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(Object.fromEntries(KEEP.map((k) => [k, p.record[k] ?? null]))) + '\n');
  }
  console.log(`wrote ${picked.length} records to ${out}`);
}
for (const [name, run] of [['text-flow (seeds 000, 002)', runTextFlow], ['table (seeds 003, 004)', runTable]] as const) {
  const r = run(picked);
  const t = total(r.score);
  console.log(`\n${name}: ${r.sheets} sheets, precision ${precision(t).toFixed(4)}, recall ${recall(t).toFixed(4)}, lost ${r.lost.length}${r.lost.length ? ` (${r.lost.slice(0, 5).join(', ')})` : ''}`);
  console.log(formatScore(r.score));
}
