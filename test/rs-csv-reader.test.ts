/**
 * The RS CSV reader (src/lib/ingest/rs/csv.ts) must read exactly what csv-parse read with
 * the importer's former options: same records, same line numbers, same skipped records.
 * Compared on random input built from the characters that matter (quotes, commas, CR, LF,
 * NUL, BOM) and on hand-picked cases.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../src/lib/ingest/rs/csv.ts';
import { prng as rng } from '../scripts/lib/prng.ts';

type Event = ['record', string[], number] | ['skip', string, number | null];

function viaCsvParse(input: string): Event[] {
  const out: Event[] = [];
  parse(Buffer.from(input, 'utf8'), {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: (err) => {
      out.push(['skip', err?.message ?? '', err && 'lines' in err ? Number((err as unknown as { lines: number }).lines) : null]);
      return undefined;
    },
    on_record: (record: string[], context) => {
      out.push(['record', record, context.lines]);
      return null;
    },
  });
  return out;
}

function viaReader(input: string): Event[] {
  const out: Event[] = [];
  readCsv(input, { onRecord: (r, line) => out.push(['record', r, line]), onSkip: (m, line) => out.push(['skip', m, line]) });
  return out;
}

const ALPHABET = ['a', 'b', 'あ', '事業', '"', '"', '""', ',', ',', '\r\n', '\n', '\r', ' ', '\0', '\uFEFF', '𠮷', '12345678901234'];

describe('RS CSV reader = csv-parse (importer options)', () => {
  it.each([
    'a,b\r\nc,d\r\n',
    'a,b\nc,d',
    'a,b\rc,d\r',
    '\uFEFFa,b\r\n1,2\r\n',
    '\uFEFF\uFEFFa,b\r\n',
    'a,"b\r\nc",d\r\ne,f\r\n',
    'a,"b""c",d\r\n',
    'a,"b"c,d\r\n',
    'a,"b""c"d,e\r\n',
    'a,b"c,d\r\n',
    'a,"unterminated\r\nrow\r\n',
    '"a"\r\n\r\n\r\n"b"',
    'a\r\nb\nc\r\n',
    'a\nb\r\nc\n',
    '""',
    '"',
    ',',
    '"a"\0b',
    'x,"a"\0',
    '"a\r\n',
  ])('%j', (input) => {
    expect(viaReader(input)).toEqual(viaCsvParse(input));
  });

  it('random inputs', () => {
    const next = rng(20240601);
    for (let k = 0; k < 20000; k++) {
      const len = Math.floor(next() * 40);
      let s = '';
      for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
      const want = viaCsvParse(s);
      const got = viaReader(s);
      if (JSON.stringify(got) !== JSON.stringify(want)) expect({ input: s, got }).toEqual({ input: s, got: want });
    }
  });
});
