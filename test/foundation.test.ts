import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSource, sha256Hex } from '../src/lib/ingest/decode.ts';
import { evaluationId, legacyProjectId } from '../src/lib/ingest/ids.ts';
import { ingest } from '../src/lib/ingest/pipeline.ts';
import { ROOT, SAMPLE_SOURCES } from './paths.ts';

/*
 * Record ids (src/lib/ingest/ids.ts, RecordId in src/schemas/common.ts): URL-safe ASCII, stable across builds, unique, derived from identity.
 * Parser-level (no built site needed): every seed through the ingest pipeline.
 */
describe('record ids come from the document, not from its bytes', () => {
  const SEEDS: Array<[file: string, id: string]> = [
    ['000_32862afcf57beb1e.txt', '2018-soumu-new30-0017'],
    ['001_3b132b5ffab02e79.txt', 'eval-2018-soumu-p10'],
    ['002_a863688d7a7a72c8.txt', '2018-soumu-new30-0006'],
    ['003_2ca5ca57c89a6f5a.txt', '2021-soumu-20-0094'],
    ['004_bd9263d41549200e.txt', '2020-soumu-nf27cd14a'], // no 事業番号: year + ministry + 事業名
  ];
  const FIXTURE_DIRS = [join(ROOT, 'test/fixtures/legacy'), join(ROOT, 'test/fixtures/textflow')];
  const LF = 0x0a;
  const CR = 0x0d;
  const BOM = [0xef, 0xbb, 0xbf];

  /** The seed in every encoding and line-end form: the committed fixtures (iconv CP932) plus BOM/CRLF copies. */
  function variants(file: string): Array<[name: string, bytes: Uint8Array]> {
    const utf8 = new Uint8Array(readFileSync(join(SAMPLE_SOURCES, file)));
    const crlf = new TextEncoder().encode(new TextDecoder().decode(utf8).replace(/\n/g, '\r\n'));
    const out: Array<[string, Uint8Array]> = [['utf-8', utf8]];
    const stem = file.replace(/\.txt$/, '.');
    for (const dir of FIXTURE_DIRS) {
      for (const f of readdirSync(dir).filter((n) => n.startsWith(stem)).sort()) out.push([f, new Uint8Array(readFileSync(join(dir, f)))]);
    }
    const made: Array<[string, Uint8Array]> = [
      ['utf-8 + BOM', new Uint8Array([...BOM, ...utf8])],
      ['utf-8 CRLF', crlf],
      ['utf-8 + BOM, CRLF', new Uint8Array([...BOM, ...crlf])],
    ];
    // Forms no committed fixture already has.
    for (const [name, bytes] of made) if (!out.some(([, b]) => sha256Hex(b) === sha256Hex(bytes))) out.push([name, bytes]);
    return out;
  }

  /**
   * Blank the given lines (0-based) in the bytes, whatever the encoding: Shift_JIS trail bytes
   * are never CR or LF, so lines split on LF in every variant. A BOM and CR line ends are kept.
   */
  function blankLines(bytes: Uint8Array, drop: Set<number>): Uint8Array {
    const out: number[] = [];
    let line = 0;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== LF) continue;
      const seg = bytes.subarray(start, i);
      if (!drop.has(line)) out.push(...seg);
      else {
        if (line === 0 && BOM.every((b, k) => seg[k] === b)) out.push(...BOM);
        if (seg[seg.length - 1] === CR) out.push(CR);
      }
      if (i < bytes.length) out.push(LF);
      line++;
      start = i + 1;
    }
    return new Uint8Array(out);
  }

  const ingestOne = (file: string, bytes: Uint8Array) => {
    const r = ingest([{ path: file, bytes }], { sourcesDir: 'test', strict: false });
    const records = [...r.projects, ...r.evaluations];
    expect(records, `${file}: ${JSON.stringify(r.report.files[0]?.errors)}`).toHaveLength(1);
    return records[0]!;
  };

  for (const [file, id] of SEEDS) {
    const all = variants(file);

    it(`${file}: ${id} in every encoding and line-end form (${all.length} variants)`, () => {
      expect(all.some(([n]) => /sjis/.test(n))).toBe(true); // at least one committed Shift_JIS fixture
      for (const [name, bytes] of all) {
        const rec = ingestOne(file, bytes);
        expect(rec.id, name).toBe(id);
        expect(rec.id).toMatch(/^[a-z0-9-]+$/);
        // source.sha256 still documents the bytes.
        expect(rec.source.sha256, name).toBe(sha256Hex(bytes));
      }
      expect(new Set(all.map(([, b]) => sha256Hex(b))).size).toBe(all.length); // really different bytes
    });

    it(`${file}: without its identity header, the fallback id (hash of the text) is the same in every form`, () => {
      const lines = decodeSource(all[0]![1]).lines;
      // The title carries the review year (and ministry): without it only the text can identify the file.
      const title = new Set(lines.flatMap((l, i) => (/年度行政事業レビューシート|年度実施政策/.test(l) ? [i] : [])));
      expect(title.size).toBeGreaterThan(0);
      const ids = all.map(([name, bytes]) => {
        const blanked = blankLines(bytes, title);
        const rec = ingestOne(file, blanked);
        expect(rec.id, name).toMatch(/^(?:doc|eval)-[0-9a-f]{12}$/);
        expect(rec.source.sha256, name).toBe(sha256Hex(blanked));
        // The same hash the pipeline's parser-error fallback and every other fallback use.
        const decoded = decodeSource(blanked);
        expect(rec.id).toBe(rec.id.startsWith('eval-') ? evaluationId(null, null, null, decoded) : legacyProjectId(null, null, null, null, decoded));
        return [name, rec.id];
      });
      const first = ids[0]![1];
      expect(Object.fromEntries(ids)).toEqual(Object.fromEntries(ids.map(([n]) => [n, first])));
      expect(first).not.toBe(id);
    });
  }

  it('the ids of the five seeds are unique', () => {
    expect(new Set(SEEDS.map(([, id]) => id)).size).toBe(SEEDS.length);
  });

  it('a different file with the same year, ministry and 事業名 (no 事業番号) is a duplicate identity, named in the report', () => {
    const [f004, id004] = SEEDS[4]!;
    const bytes = new Uint8Array(readFileSync(join(SAMPLE_SOURCES, f004)));
    // Another sheet of the same project: a different text (so a text hash would not have caught it).
    const edited = new TextEncoder().encode(new TextDecoder().decode(bytes).replace('地域情報政策室', '地域情報政策課'));
    const other = 'zz/004-edited.txt';
    const r = ingest([{ path: f004, bytes }, { path: other, bytes: edited }], { sourcesDir: 'test', strict: false });
    expect(r.projects.map((p) => [p.id, p.source.file])).toEqual([[id004, f004]]);
    const dup = r.report.files.find((f) => f.file === other)!;
    expect(dup.status).toBe('error');
    expect(dup.recordIds).toEqual([]);
    expect(dup.errors).toEqual([{ message: `同じ識別子 ${id004} の文書が既にあります: ${f004} (duplicate identity; this file was not published)`, line: null }]);
    expect(r.report.files.find((f) => f.file === f004)!.warnings).toContainEqual({ field: 'id', message: expect.stringContaining(other), line: null });
  });
});
