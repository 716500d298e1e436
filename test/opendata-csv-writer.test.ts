/**
 * The open-data CSV writer (csvChunk) must write exactly what csv-stringify wrote with the
 * published options, in both flavours, first chunk (BOM + header) or not, on random cells.
 */
import { describe, expect, it } from 'vitest';
import { csvChunk, csvChunkStringify, type CsvVariant } from '../src/lib/opendata/csv.ts';
import type { Cell } from '../src/lib/opendata/tables.ts';
import { prng as rng } from '../scripts/lib/prng.ts';

const PIECES = ['a', '事業', '"', ',', '\r', '\n', '\r\n', ' ', "'", '=', '－', '\uFEFF', '\t', '0'];
const NUMBERS = [0, -0, 1, -5491000000, 1.5, 33.608000000000004, 1e21, -1e22, 123456789012345680000, Number.MAX_SAFE_INTEGER, NaN, Infinity, 1e-7];

describe('csvChunk = csv-stringify', () => {
  it('random rows, both flavours, first and later chunks', () => {
    const next = rng(8);
    for (let k = 0; k < 3000; k++) {
      const width = 1 + Math.floor(next() * 5);
      const header = Array.from({ length: width }, (_, i) => (next() < 0.1 ? 'a,"b"' : `col${i}`));
      const rows: Cell[][] = Array.from({ length: Math.floor(next() * 4) }, () =>
        Array.from({ length: width }, (): Cell => {
          const r = next();
          if (r < 0.15) return null;
          if (r < 0.25) return next() < 0.5;
          if (r < 0.4) return NUMBERS[Math.floor(next() * NUMBERS.length)]!;
          let s = '';
          const len = Math.floor(next() * 6);
          for (let i = 0; i < len; i++) s += PIECES[Math.floor(next() * PIECES.length)];
          return s;
        }),
      );
      for (const v of ['excel', 'plain'] as CsvVariant[]) {
        for (const first of [true, false]) expect(csvChunk(header, rows, v, first)).toBe(csvChunkStringify(header, rows, v, first));
      }
    }
  });
  it('no rows', () => {
    for (const v of ['excel', 'plain'] as CsvVariant[]) for (const first of [true, false]) expect(csvChunk(['a'], [], v, first)).toBe(csvChunkStringify(['a'], [], v, first));
  });
});
