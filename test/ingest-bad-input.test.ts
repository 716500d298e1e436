/**
 * Bad input at the pipeline level: every kind of broken file gets a message naming the file
 * (and line where it applies) and the problem, and every other file still ingests. The same
 * sheet in UTF-8, UTF-8 with BOM, CRLF or Shift_JIS (fixtures made with `iconv -t CP932`)
 * gives the same record. Strict mode turns warnings into a failing exit.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSource, MAX_SOURCE_BYTES } from '../src/lib/ingest/decode.ts';
import { ingest } from '../src/lib/ingest/pipeline.ts';
import type { SourceFile } from '../src/lib/ingest/types.ts';
import { formatReport } from '../scripts/lib/ingest-report.ts';
import { ROOT, SAMPLE_SOURCES } from './paths.ts';

const F003 = '003_2ca5ca57c89a6f5a.txt';
const F004 = '004_bd9263d41549200e.txt';
const FIXTURES = resolve(import.meta.dirname, 'fixtures/legacy');
const seed = (f: string) => new Uint8Array(readFileSync(join(SAMPLE_SOURCES, f)));
const fixture = (f: string) => new Uint8Array(readFileSync(join(FIXTURES, f)));
const utf8 = (s: string) => new TextEncoder().encode(s);
const run = (files: SourceFile[], strict = false) => ingest(files, { sourcesDir: 'test', strict });
const reportOf = (r: ReturnType<typeof run>, file: string) => r.report.files.find((f) => f.file === file)!;

/** A record minus what legitimately depends on the bytes: file name, byte hash, encoding. */
function comparable(r: ReturnType<typeof run>) {
  expect(r.projects).toHaveLength(1);
  const { source, sources, ...rest } = r.projects[0]!;
  const bytesFree = (s: typeof source) => ({ layout: s.layout, lineCount: s.lineCount });
  return { ...rest, source: bytesFree(source), sources: sources.map(bytesFree) };
}

describe('encodings and line ends give identical records', () => {
  for (const [base, variants] of [
    [F003, ['003_2ca5ca57c89a6f5a.sjis.txt', '003_2ca5ca57c89a6f5a.crlf.txt', '003_2ca5ca57c89a6f5a.bom.txt', '003_2ca5ca57c89a6f5a.bom-crlf.txt']],
    [F004, ['004_bd9263d41549200e.sjis.txt', '004_bd9263d41549200e.crlf.txt', '004_bd9263d41549200e.bom.txt', '004_bd9263d41549200e.sjis-crlf.txt']],
  ] as const) {
    const expected = comparable(run([{ path: base, bytes: seed(base) }]));
    for (const v of variants) {
      it(`${v} → the same record as ${base}`, () => {
        const r = run([{ path: base, bytes: fixture(v) }]);
        expect(comparable(r)).toEqual(expected);
        expect(r.projects[0]!.source.encoding).toBe(v.includes('sjis') ? 'shift_jis' : v.includes('bom') ? 'utf-8-bom' : 'utf-8');
        expect(reportOf(r, base).errors).toEqual([]);
      });
    }
  }

  it('the fixtures really are in those encodings', () => {
    expect(decodeSource(fixture('003_2ca5ca57c89a6f5a.sjis.txt')).encoding).toBe('shift_jis');
    expect([...fixture('003_2ca5ca57c89a6f5a.bom.txt').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(Buffer.from(fixture('004_bd9263d41549200e.crlf.txt')).includes('\r\n')).toBe(true);
    // Shift_JIS bytes are not valid UTF-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(fixture('003_2ca5ca57c89a6f5a.sjis.txt'))).toThrow();
  });

  it('Shift_JIS with a user-defined (gaiji) character still decodes; noise that merely parses as Shift_JIS does not', () => {
    const sjis = fixture('004_bd9263d41549200e.sjis.txt');
    const withGaiji = new Uint8Array(Buffer.concat([Buffer.from(sjis), Buffer.from([0xf0, 0x40, 0x0a])]));
    const d = decodeSource(withGaiji);
    expect(d.encoding).toBe('shift_jis');
    expect(d.lines[d.lines.length - 1]).toBe('\ue000');
    // Half-width katakana bytes (0xA1–0xDF) decode cleanly as Shift_JIS but are not a document.
    const kanaNoise = new Uint8Array(4000).map((_, i) => 0xa1 + ((i * 7) % 62));
    expect(() => decodeSource(kanaNoise)).toThrow(/文字コードを判定できません/);
  });

  it('UTF-16 with and without BOM decodes to the same text', () => {
    const text = new TextDecoder().decode(seed(F004));
    const le = Buffer.from(text, 'utf16le');
    expect(decodeSource(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).lines).toEqual(decodeSource(seed(F004)).lines);
    const noBom = decodeSource(new Uint8Array(le));
    expect(noBom.encoding).toBe('utf-16le');
    expect(noBom.lines).toEqual(decodeSource(seed(F004)).lines);
    expect(noBom.warnings?.[0]?.message).toMatch(/BOM/);
  });
});

describe('each kind of bad input is named in the report while the other files ingest', () => {
  const lines003 = new TextDecoder().decode(seed(F003)).split('\n');
  const undecodable = Buffer.concat([Buffer.from('令和3年度行政事業レビューシート\n事業名\tテスト\n'), Buffer.from([0x81, 0xff, 0xfe, 0x80, 0x0a])]);
  let noise = 1;
  const random = new Uint8Array(65536).map(() => ((noise = (noise * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
  // A copy of 004 under another 事業名 (same year, ministry and name would be the same identity).
  const other004 = utf8(new TextDecoder().decode(seed(F004)).replace('事業名\t自治体情報セキュリティ強化対策事業', '事業名\t自治体情報セキュリティ強化対策事業（切断）'));
  const cutMidChar = other004.subarray(0, other004.length - 40);
  // Cut inside a 3-byte character: back off to a lead byte, then keep one continuation byte.
  let end = cutMidChar.length;
  while ((cutMidChar[end - 1]! & 0xc0) === 0x80 || cutMidChar[end - 1]! < 0x80) end--;
  const midChar = cutMidChar.subarray(0, end + 1);

  const files: SourceFile[] = [
    { path: F003, bytes: seed(F003) },
    { path: F004, bytes: seed(F004) },
    { path: 'bad/empty.txt', bytes: new Uint8Array(0) },
    { path: 'bad/whitespace.txt', bytes: utf8(' \n\t\r\n\u3000\n') },
    { path: 'bad/nul.txt', bytes: new Uint8Array(Buffer.concat([Buffer.from(lines003.slice(0, 4).join('\n') + '\n'), Buffer.from([0, 0, 0, 0]), Buffer.from('\nrest\n')])) },
    { path: 'bad/random.bin', bytes: random },
    { path: 'bad/undecodable.txt', bytes: new Uint8Array(undecodable) },
    { path: 'bad/unknown-kind.txt', bytes: utf8('これは議事録です。\n出席者\t山田\n議題\t予算について\n'.repeat(5)) },
    { path: 'bad/truncated.txt', bytes: utf8(lines003.slice(0, 60).join('\n').replace('2021 - 総務 - 20 - 0094', '2021 - 総務 - 20 - 9001')) },
    { path: 'bad/mid-char.txt', bytes: midChar },
    { path: 'zz/copy-of-003.txt', bytes: seed(F003) },
  ];
  const r = run(files);

  it('still ingests the good files, and only them plus the recoverable ones', () => {
    const idOf = (file: string) => r.projects.find((p) => p.source.file === file)?.id;
    expect(r.projects.map((p) => p.source.file).sort()).toEqual([F003, F004, 'bad/mid-char.txt', 'bad/truncated.txt']);
    expect(idOf(F003)).toBe('2021-soumu-20-0094');
    expect(idOf('bad/truncated.txt')).toBe('2021-soumu-20-9001');
    expect(idOf(F004)).toBe('2020-soumu-nf27cd14a'); // no 事業番号: year, ministry and 事業名
    expect(idOf('bad/mid-char.txt')).not.toBe(idOf(F004));
    expect(r.report.files.map((f) => f.file)).toEqual(files.map((f) => f.path).sort());
    expect(reportOf(r, F003).status).not.toBe('error');
    expect(reportOf(r, F004).status).not.toBe('error');
  });

  it('empty and whitespace-only files', () => {
    expect(reportOf(r, 'bad/empty.txt')).toMatchObject({ status: 'error', recordIds: [], errors: [{ message: '空のファイルです (empty file)', line: null }] });
    expect(reportOf(r, 'bad/whitespace.txt').errors[0]!.message).toMatch(/空白のみ/);
  });

  it('binary files', () => {
    expect(reportOf(r, 'bad/nul.txt')).toMatchObject({ status: 'error', errors: [{ message: expect.stringMatching(/バイナリ.*NUL/), line: 5 }] });
    expect(reportOf(r, 'bad/random.bin')).toMatchObject({ status: 'error', errors: [{ message: expect.stringMatching(/文字コードを判定できません|バイナリ/) }] });
  });

  it('undecodable bytes, with the line they are on', () => {
    expect(reportOf(r, 'bad/undecodable.txt')).toMatchObject({ status: 'error', errors: [{ message: expect.stringMatching(/文字コードを判定できません.*byte \d+/), line: 3 }] });
  });

  it('unknown document kinds', () => {
    expect(reportOf(r, 'bad/unknown-kind.txt')).toMatchObject({ status: 'error', kind: 'unknown', errors: [{ message: expect.stringMatching(/文書の種類を判定できません/) }] });
  });

  it('a truncated sheet is published in part, with the cut named', () => {
    const rep = reportOf(r, 'bad/truncated.txt');
    expect(rep.status).toBe('partial');
    expect(rep.recordIds).toEqual(['2021-soumu-20-9001']);
    expect(rep.warnings).toContainEqual({ field: '(document)', message: expect.stringMatching(/途中で終わっています/), line: 60 });
  });

  it('a file cut in the middle of a character keeps its text and says so', () => {
    const rep = reportOf(r, 'bad/mid-char.txt');
    expect(rep.warnings[0]).toMatchObject({ field: '(file)', message: expect.stringMatching(/文字の途中で終わっています/) });
    // Another 事業名 than 004's, so another identity: published separately.
    expect(rep.errors).toEqual([]);
    const rec = r.projects.find((p) => p.source.file === 'bad/mid-char.txt')!;
    expect(rec.warnings[0]!.field).toBe('(file)');
  });

  it('two files with the same identity: the first is kept, both are named', () => {
    const dup = reportOf(r, 'zz/copy-of-003.txt');
    expect(dup.status).toBe('error');
    expect(dup.recordIds).toEqual([]);
    expect(dup.errors[0]!.message).toBe(`同じ識別子 2021-soumu-20-0094 の文書が既にあります: ${F003} (duplicate identity; this file was not published)`);
    expect(reportOf(r, F003).warnings).toContainEqual({ field: 'id', message: expect.stringContaining('zz/copy-of-003.txt'), line: null });
    expect(r.projects.filter((p) => p.id === '2021-soumu-20-0094')).toHaveLength(1);
    expect(r.projects.find((p) => p.id === '2021-soumu-20-0094')!.source.file).toBe(F003);
  });

  it('a file too large to be a sheet is refused before decoding', () => {
    const big = new Uint8Array(MAX_SOURCE_BYTES + 1).fill(0x41);
    const rr = run([{ path: 'big.txt', bytes: big }]);
    expect(reportOf(rr, 'big.txt')).toMatchObject({ status: 'error', errors: [{ message: expect.stringMatching(/大きすぎます.*MB/) }] });
  });

  it('counts errors and warnings in the summary', () => {
    expect(r.report.counts.errors).toBe(r.report.files.reduce((n, f) => n + f.errors.length, 0));
    expect(r.report.counts.errors).toBeGreaterThanOrEqual(7);
    expect(r.report.counts.files).toBe(files.length);
  });
});

describe('the terminal report', () => {
  it('names each file with its line, and sums up per file and in total', () => {
    const r = run([
      { path: F003, bytes: seed(F003) },
      { path: 'bad/undecodable.txt', bytes: new Uint8Array(Buffer.concat([Buffer.from('一行目\n二行目\n'), Buffer.from([0xff, 0xfe, 0x80])])) },
    ]);
    const text = formatReport(r.report);
    expect(text).toContain(`■ ${F003}  [partial]  kind=review-sheet layout=table encoding=utf-8`);
    expect(text).toContain(`  warning ${F003}:31 [outcomes.0]: 目標最終年度欄の成果実績 "535" は年度を特定できないため採用しません`);
    expect(text).toMatch(/ {2}ERROR bad\/undecodable\.txt:3: 文字コードを判定できません/);
    expect(text).toMatch(/\n003_2ca5ca57c89a6f5a\.txt +partial +review-sheet +table +1 +30 +1 +1 +0\n/);
    expect(text).toContain('状態: ok 0, partial 1');
    expect(text).toContain('合計: files 2, projects 1,');
  });
});

describe('strict mode', () => {
  it('turns every warning into an error', () => {
    const lenient = run([{ path: F004, bytes: seed(F004) }]);
    const strict = run([{ path: F004, bytes: seed(F004) }], true);
    expect(reportOf(lenient, F004).errors).toEqual([]);
    const w = reportOf(strict, F004).warnings;
    expect(w.length).toBeGreaterThan(0);
    expect(reportOf(strict, F004).status).toBe('error');
    expect(reportOf(strict, F004).errors).toEqual(w.map((x) => ({ message: `[strict] ${x.field}: ${x.message}`, line: x.line })));
  });
});

describe('the ingest CLI', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'h1-ingest-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const sources = join(tmp, 'sources');
  mkdirSync(join(sources, 'bad'), { recursive: true });
  writeFileSync(join(sources, F003), seed(F003));
  writeFileSync(join(sources, 'bad', 'empty.txt'), '');
  writeFileSync(join(sources, 'bad', 'undecodable.txt'), Buffer.concat([Buffer.from('令和3年度\n'), Buffer.from([0xff, 0xff, 0x0a])]));
  const cli = (records: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'scripts/ingest.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, TZ: 'Asia/Tokyo', SOURCES_DIR: sources, RECORDS_DIR: records, INGEST_CACHE_DIR: join(tmp, 'cache') },
      encoding: 'utf8',
    });

  it('reports in the terminal and in report.json, and exits 0 when not strict', () => {
    const records = join(tmp, 'records');
    const r = cli(records);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('ERROR bad/empty.txt: 空のファイルです (empty file)');
    expect(r.stdout).toMatch(/ERROR bad\/undecodable\.txt:2: 文字コードを判定できません/);
    expect(r.stdout).toMatch(/合計: files 3, projects 1/);
    const report = JSON.parse(readFileSync(join(records, 'report.json'), 'utf8'));
    expect(report.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      [F003, 'partial'],
      ['bad/empty.txt', 'error'],
      ['bad/undecodable.txt', 'error'],
    ]);
    expect(readdirSync(join(records, 'projects'))).toEqual(['2021-soumu-20-0094.json']);
    // Atomic write: no temp or backup folders left beside the records.
    expect(readdirSync(tmp).sort()).toEqual(['cache', 'records', 'sources']);
  });

  it('exits non-zero in strict mode', () => {
    const r = cli(join(tmp, 'records-strict'), '--strict');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/strict mode: \d+ errors/);
  });
});
