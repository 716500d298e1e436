/**
 * The RS importer on hostile input: reordered and drifting headers, unknown columns,
 * Shift_JIS, empty and broken files, `.0` amounts, dash cells, bad 法人番号. Each case is
 * built from the official header rows so only the hostile part differs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/lib/ingest/pipeline.ts';
import { bool, fractionToPercent, text, yen } from '../src/lib/ingest/rs/cells.ts';
import { importRsTables } from '../src/lib/ingest/rs/import.ts';
import { parseOldProjectNumbers } from '../src/lib/ingest/rs/oldnumber.ts';
import { recognizeTable, RS_TABLES } from '../src/lib/ingest/rs/tables.ts';

const cols = (id: string) => [...RS_TABLES.find((t) => t.id === id)!.columns];
const ID = ['レビューシート', '2024', '77', 'テスト事業', '1', '内閣官房', '内閣官房', '内閣人事局', '', '', '', '', ''];

/** A CSV file (UTF-8 with BOM, CRLF) from a header and rows given as column → value. */
function csv(path: string, header: string[], rows: Array<Record<string, string>>, opts: { bom?: boolean } = {}) {
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [header.map(q).join(',')];
  for (const r of rows) {
    const common = cols('2-1').slice(0, 13);
    lines.push(header.map((h) => q(r[h] ?? (common.includes(h) ? ID[common.indexOf(h)]! : ''))).join(','));
  }
  const body = new TextEncoder().encode(lines.join('\r\n') + '\r\n');
  const bytes = opts.bom === false ? body : new Uint8Array([0xef, 0xbb, 0xbf, ...body]);
  return { path, bytes };
}

const summary = { 予算年度: '2024', '当初予算（合計）': '1000000', '補正予算（合計）': '0', '前年度からの繰越し（合計）': '0', '予備費等（合計）': '0', '計（歳出予算現額合計）': '1000000', '執行額（合計）': '250000', 執行率: '0.25', '翌年度への繰越し(合計）': '0', '翌年度要求額（合計）': '1200000.0' };

describe('header recognition', () => {
  it('recognises every official header, and tells 5-1 from 5-3 although 5-1 contains 5-3\'s columns', () => {
    for (const t of RS_TABLES) expect(recognizeTable(t.columns)?.table.id).toBe(t.id);
  });

  it('accepts reordered columns and maps them by name', () => {
    const header = cols('2-1').reverse();
    const r = importRsTables([csv('x.csv', header, [summary])]);
    expect(r.fileReports[0]!.errors).toEqual([]);
    expect(r.projects[0]!.budget[0]).toMatchObject({ fiscalYear: 2024, initial: 1000000, executed: 250000, executionRate: 25 });
    expect(r.projects[0]!.budget[1]).toMatchObject({ fiscalYear: 2025, initial: 1200000, isRequest: true });
  });

  it('folds full/half-width parentheses and spaces in header names (NFKC)', () => {
    const header = cols('2-1').map((c) => c.replace('当初予算（合計）', '当初予算(合計)').replace('翌年度への繰越し(合計）', '翌年度への繰越し（合計）').replace('執行率', ' 執行率 '));
    const rows = [{ ...summary, '当初予算(合計)': '1000000', '翌年度への繰越し（合計）': '5', ' 執行率 ': '0.25' }];
    const r = importRsTables([csv('x.csv', header, rows)]);
    expect(r.fileReports[0]!.warnings).toEqual([]);
    expect(r.projects[0]!.budget[0]).toMatchObject({ initial: 1000000, carriedOut: 5, executionRate: 25 });
  });

  it('warns about an unknown column and still imports the rest', () => {
    const header = [...cols('6-1'), '新設された列'];
    const r = importRsTables([csv('6-1.csv', header, [{ 備考: 'メモ', 新設された列: '?' }])]);
    expect(r.projects[0]!.remarks).toBe('メモ');
    expect(r.fileReports[0]!.status).toBe('partial');
    expect(r.fileReports[0]!.warnings!.map((w) => [w.message, w.line])).toEqual([['未知の列を無視しました (unknown column ignored): 新設された列', 1]]);
  });

  it('reports a missing column by name', () => {
    const header = cols('6-1').filter((c) => c !== '係');
    const r = importRsTables([csv('6-1.csv', header, [{ 備考: 'メモ' }])]);
    expect(r.fileReports[0]!.warnings!.some((w) => w.message === '列がありません (missing column): 係')).toBe(true);
  });

  it('refuses a CSV that is not an RS table, naming the file and line', () => {
    const r = importRsTables([csv('other.csv', ['名前', '金額'], [{ 名前: 'a', 金額: '1' }])]);
    expect(r.projects).toEqual([]);
    expect(r.fileReports[0]!.status).toBe('error');
    expect(r.fileReports[0]!.errors![0]!.message).toMatch(/^other\.csv: RS の表として認識できません/);
    expect(r.fileReports[0]!.errors![0]!.line).toBe(1);
  });
});

describe('encodings and broken files', () => {
  it('reads a Shift_JIS file (no BOM) with the same result as UTF-8', () => {
    const name = '1-2_RS_2024_基本情報_事業概要等_架空_sjis.csv';
    const r = importRsTables([{ path: name, bytes: new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures/rs', name))) }]);
    expect(r.fileReports[0]!.encoding).toBe('shift_jis');
    const p = r.projects[0]!;
    expect([p.id, p.name, p.ministry, p.startYear, p.endYear, p.endNote, p.implementation, p.oldProjectNumber]).toEqual(['rs-2024-900002', '（架空データ）Shift_JIS 保存の表', '国土交通省 観光庁', 2020, 2026, null, '直接実施、補助', '2023-国交-22-0101']);
  });

  it('a header-only table is a warning, not an error; an empty file is an error naming the file', () => {
    const r = importRsTables([csv('6-1.csv', cols('6-1'), []), { path: 'empty.csv', bytes: new Uint8Array() }]);
    const [headerOnly, empty] = r.fileReports;
    expect(headerOnly!.file).toBe('6-1.csv');
    expect(headerOnly!.errors).toEqual([]);
    expect(headerOnly!.warnings!.map((w) => w.message)).toEqual(['データ行がありません (table has a header but no data rows)']);
    expect(empty!.status).toBe('error');
    expect(empty!.errors![0]!.message).toBe('empty.csv: 空のファイルです (empty file)');
    expect(r.projects).toEqual([]);
  });

  it('skips a malformed record with its line and keeps numbering the rows after it', () => {
    const good = csv('6-1.csv', cols('6-1'), [{ 備考: 'one' }]).bytes;
    const text = new TextDecoder().decode(good).replace(/\r\n$/, '');
    const line = (id: string, note: string) => `レビューシート,2024,${id},事業${id},1,内閣官房,内閣官房,,,,,,,${note}`;
    const broken = `${text}\r\n${line('78', '"bad"quote"')}\r\n${line('79', 'three')}\r\n`;
    const r = importRsTables([{ path: '6-1.csv', bytes: new TextEncoder().encode(broken) }]);
    const ids = r.projects.map((p) => p.id);
    expect(ids).toContain('rs-2024-77');
    expect(ids).toContain('rs-2024-79');
    const p79 = r.projects.find((p) => p.id === 'rs-2024-79')!;
    expect(p79.provenance.remarks).toEqual({ table: '6-1.csv', rows: [3] });
  });

  it('warns about a row without 予算事業ID, with its row number, and imports the others', () => {
    const r = importRsTables([csv('6-1.csv', cols('6-1'), [{ 備考: 'ok' }, { 予算事業ID: '', 備考: 'orphan' }])]);
    expect(r.projects).toHaveLength(1);
    expect(r.fileReports[0]!.warnings!.map((w) => [w.line, w.message.slice(0, 6)])).toEqual([[3, '行 2: 事']]);
  });

  it('routes CSV tables through the pipeline alongside legacy text files', () => {
    const seed = '003_2ca5ca57c89a6f5a.txt';
    const legacy = { path: seed, bytes: new Uint8Array(readFileSync(join(import.meta.dirname, '../content/sources', seed))) };
    const res = ingest([legacy, csv('rs/2-1.csv', cols('2-1'), [summary])], { sourcesDir: 'x' });
    expect(res.report.counts.errors).toBe(0);
    expect(res.projects.map((p) => p.id)).toContain('rs-2024-77');
    expect(res.projects.length).toBe(2);
    expect(res.report.files.find((f) => f.file === 'rs/2-1.csv')).toMatchObject({ kind: 'rs-table', layout: 'rs-csv', rsTable: '2-1 予算・執行_サマリ', rowsRead: 1 });
  });
});

describe('cell values', () => {
  it('reads yen amounts: integers, `.0`, separators; refuses fractions and text', () => {
    expect(yen('34482000.0')).toEqual({ value: 34482000, problem: null });
    expect(yen('1,234')).toEqual({ value: 1234, problem: null });
    expect(yen('-569000').value).toBe(-569000);
    expect(yen('1.5').value).toBeNull();
    expect(yen('1.5').problem).toContain('円未満');
    expect(yen('約100').problem).toContain('not an amount');
  });

  it('treats blanks and dashes as no value, never 0', () => {
    for (const c of ['', '-', '－', '‐', '―', 'ー', '  ']) expect(yen(c)).toEqual({ value: null, problem: null });
    expect(text('-')).toBeNull();
    expect(text("'1/2")).toBe('1/2');
  });

  it('turns the 執行率 fraction into percent without float noise', () => {
    expect(fractionToPercent('0.33608').value).toBe(33.608);
    expect(fractionToPercent('2595.16129').value).toBe(259516.129);
    expect(bool('TRUE').value).toBe(true);
    expect(bool('FALSE').value).toBe(false);
    expect(bool('maybe').problem).toContain('TRUE/FALSE');
  });

  it('dash cells in a summary row become null amounts', () => {
    const r = importRsTables([csv('2-1.csv', cols('2-1'), [{ ...summary, '補正予算（合計）': '-', 執行率: '' }])]);
    expect(r.projects[0]!.budget[0]).toMatchObject({ supplementary: null, executionRate: null, initial: 1000000 });
  });

  it('flags a 法人番号 whose check digit fails and keeps it; drops one that is not 13 digits', () => {
    const header = cols('5-3');
    const rows = [
      { 支出先ブロック番号: 'A', 支出先名: '正しい株式会社', 法人番号: '6010001030403', 費目: '委託費', 金額: '100' },
      { 支出先ブロック番号: 'A', 支出先名: '誤り株式会社', 法人番号: '6010001030404', 費目: '委託費', 金額: '200' },
      { 支出先ブロック番号: 'A', 支出先名: '短い株式会社', 法人番号: '12345', 費目: '委託費', 金額: '300' },
    ];
    const r = importRsTables([csv('5-3.csv', header, rows)]);
    const rec = r.projects[0]!.recipients;
    expect(rec.map((x) => [x.name, x.corporateNumber, x.corporateNumberValid, x.amount])).toEqual([
      ['正しい株式会社', '6010001030403', true, 100],
      ['誤り株式会社', '6010001030404', false, 200],
      ['短い株式会社', null, null, 300],
    ]);
    expect(r.fileReports[0]!.warnings!.map((w) => w.line)).toEqual([3, 4]);
  });
});

describe('旧事業番号 forms', () => {
  it.each([
    ['2023-総務-22-0007', '2023-総務-22-0007', 2023],
    ['2023警察220059', '2023-警察-22-0059', 2023],
    ['2023－復興－22－0058', '2023-復興-22-0058', 2023],
    ['2023ｰ経産ｰ22ｰ0101', '2023-経産-22-0101', 2023],
    ['2023 - 文科 - 22 - 0001', '2023-文科-22-0001', 2023],
    ['2023-文科-新24-0003', '2023-文科-新24-0003', 2023],
    ['旧事業番号 2023-厚労-22-0328', '2023-厚労-22-0328', 2023],
    ['令和５年度\u30002023環境22 0150', '2023-環境-22-0150', 2023],
    ['新23-0002', '新23-0002', null],
  ])('%s → %s', (cell, number, fiscalYear) => {
    expect(parseOldProjectNumbers(cell).numbers[0]).toEqual({ number, fiscalYear });
  });

  it('keeps every number of a list and rejects text that is no number', () => {
    expect(parseOldProjectNumbers('新02-0026、経産20-0435、経産21-0412').numbers.map((n) => n.number)).toEqual(['新02-0026', '経産20-0435', '経産21-0412']);
    expect(parseOldProjectNumbers('政策: 15\u3000施策: 21')).toEqual({ numbers: [], rejected: ['政策: 15', '施策: 21'] });
    expect(parseOldProjectNumbers('政策: 15\u3000 施策: 21').numbers).toEqual([]);
    expect(parseOldProjectNumbers('経産新21：0034\u3000経産21：0414\u3000経産22：0436').numbers.map((n) => n.number)).toEqual(['経産新21-0034', '経産21-0414', '経産22-0436']);
    expect(parseOldProjectNumbers('0407,0416').numbers).toEqual([{ fiscalYear: null, number: '0407' }, { fiscalYear: null, number: '0416' }]);
    expect(parseOldProjectNumbers('--')).toEqual({ numbers: [], rejected: [] });
  });
});

describe('identity', () => {
  it('refuses a path-like 予算事業ID instead of slugging it', () => {
    const r = importRsTables([csv('6-1.csv', cols('6-1'), [{ 予算事業ID: '../../etc', 備考: 'x' }, { 備考: 'ok' }])]);
    expect(r.projects.map((p) => p.id)).toEqual(['rs-2024-77']);
    expect(r.fileReports[0]!.warnings![0]!.message).toContain('予算事業ID="../../etc"');
  });

  it('keeps the first file when a second file repeats a project of the same table', () => {
    const a = csv('a/6-1.csv', cols('6-1'), [{ 備考: 'first' }]);
    const b = csv('b/6-1.csv', cols('6-1'), [{ 備考: 'second' }]);
    const r = importRsTables([b, a]);
    expect(r.projects).toHaveLength(1);
    expect(r.projects[0]!.remarks).toBe('first');
    expect(r.fileReports.find((x) => x.file === 'b/6-1.csv')!.errors![0]!.message).toMatch(/duplicate identity/);
  });
});
