/**
 * Corpora for the bench, made without copying: a folder that mirrors one or more source
 * folders (each under its own name: `judgit/2023/…`, `rs2024/…`, `seeds/…`) with one
 * symbolic link per file. The originals may be read-only and shared; a file the bench edits
 * is first replaced by a real copy (`editOneSheet`), and a folder can be taken out and put
 * back (`unlinkSource`, `linkSource`) for the "a new year costs only itself" rebuild.
 */
import { mkdir, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { listFiles } from '../lib/fs.ts';

/** The name a source folder gets inside the corpus (its own folder name). */
export const sourceName = (dir: string) => basename(resolve(dir));

export async function linkSource(corpus: string, dir: string): Promise<number> {
  const from = resolve(dir);
  const to = join(corpus, sourceName(dir));
  const files = await listFiles(from);
  const made = new Set<string>();
  for (const f of files) {
    const link = join(to, relative(from, f));
    const folder = dirname(link);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    await symlink(f, link);
  }
  return files.length;
}

export async function unlinkSource(corpus: string, dir: string): Promise<void> {
  await rm(join(corpus, sourceName(dir)), { recursive: true, force: true });
}

/** A fresh corpus folder of links to every file of `dirs`. */
export async function linkCorpus(corpus: string, dirs: string[]): Promise<number> {
  const names = dirs.map(sourceName);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`two source folders are both named ${twice}: give them different names`);
  await rm(corpus, { recursive: true, force: true });
  await mkdir(corpus, { recursive: true });
  let n = 0;
  for (const d of dirs) n += await linkSource(corpus, d);
  return n;
}

/** Replace `file` (possibly a link into a read-only tree) by a real file with `text`. */
async function rewrite(file: string, text: string): Promise<void> {
  await unlink(file);
  await writeFile(file, text);
}

const MARK = '（ベンチマーク用の変更）';

/**
 * Change one sheet the way an editor's correction would, in the corpus's newest material:
 * a JUDGIT sheet (one JSON file: its 事業概要 gains a sentence), else one RS table cell (the
 * first その他備考 row of the newest year), else one line appended to a text source.
 * Returns the changed file, relative to the corpus.
 */
export async function editOneSheet(corpus: string): Promise<string> {
  const files = (await listFiles(corpus)).filter((f) => !/\.md$/i.test(f)).sort();
  const rel = (f: string) => relative(corpus, f).split(sep).join('/');
  const json = files.filter((f) => f.endsWith('.json'));
  // Middle of the newest JUDGIT year: a sheet with a history, not the year's first or last.
  const newestYear = json.map((f) => /(?:^|\/)(20\d\d)\//.exec(rel(f))?.[1]).filter(Boolean).sort().at(-1);
  const ofYear = newestYear ? json.filter((f) => rel(f).includes(`${newestYear}/`)) : json;
  const sheet = ofYear[Math.floor(ofYear.length / 2)];
  if (sheet) {
    const value = JSON.parse(await readFile(sheet, 'utf8')) as Record<string, unknown>;
    value['事業概要'] = `${typeof value['事業概要'] === 'string' ? value['事業概要'] : ''}${MARK}`;
    await rewrite(sheet, JSON.stringify(value, null, 2) + '\n');
    return rel(sheet);
  }
  const target = files.filter((f) => /6-1_RS_\d{4}_/.test(f)).at(-1) ?? files.find((f) => f.endsWith('.csv')) ?? files[0];
  if (!target) throw new Error(`no source file in ${corpus}`);
  if (target.endsWith('.csv')) {
    const rows = parse((await readFile(target, 'utf8')).replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    const row = rows[1]!;
    row[row.length - 1] = `${row[row.length - 1]}${MARK}`;
    await rewrite(target, '\uFEFF' + stringify(rows, { record_delimiter: '\r\n' }));
  } else {
    await rewrite(target, (await readFile(target, 'utf8')) + `\n${MARK}\n`);
  }
  return rel(target);
}
