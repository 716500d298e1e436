/**
 * The one parse entry point (src/schemas/parse.ts) and the schemas it serves that are new:
 * source texts, and the shared record id.
 */
import { describe, expect, it } from 'vitest';
import { parseOrThrow, RecordId, SourceText, validate } from '../src/schemas/index.ts';

describe('validate / parseOrThrow', () => {
  it('names each failing field by its path, and the whole value as (record)', () => {
    const bad = { id: 'x', file: 'a.txt', layout: 'pdf', tables: { '2-1': { header: ['h'], rows: [{ row: 0, cells: [1] }] } } };
    const r = validate(SourceText, bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      'layout: Invalid option: expected one of "table"|"text-flow"|"rs-csv"|"judgit-json"',
      'tables.2-1.rows.0.row: Too small: expected number to be >=1',
      'tables.2-1.rows.0.cells.0: Invalid input: expected string, received number',
    ]);
    expect(validate(SourceText, 'not an object')).toEqual({ ok: false, issues: ['(record): Invalid input: expected object, received string'] });
  });

  it('returns the data when valid, and throws naming the file otherwise', () => {
    const ok = { id: 'rs-2024-1', file: '2-1.csv', layout: 'rs-csv', alternates: [{ id: 'rs-2024-1', file: 'x.json', layout: 'judgit-json', lines: ['{'] }] };
    expect(parseOrThrow(SourceText, ok, 'sources/rs-2024-1.json')).toEqual(ok);
    expect(() => parseOrThrow(SourceText, { ...ok, alternates: [{ id: 1 }] }, 'sources/rs-2024-1.json')).toThrow(
      /^sources\/rs-2024-1\.json: does not match its schema:\n {2}alternates\.0\.id: Invalid input: expected string, received number\n/,
    );
  });
});

describe('RecordId', () => {
  it('takes URL-safe ASCII starting with a letter or digit, nothing else', () => {
    for (const id of ['2020-soumu-0001', 'rs-2024-1794', 'doc-0123456789ab', 'cao-d7b98cb4', '7010001008844', 'a.b_c']) expect(RecordId.safeParse(id).success, id).toBe(true);
    for (const id of ['', '-x', '.x', 'a/b', 'a b', '総務省', 'a%20b']) expect(RecordId.safeParse(id).success, id).toBe(false);
  });
});
