/** Formula neutralisation in the Excel flavour of the open-data CSV (pure functions; the built snapshot: opendata.build.test.ts). */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvString, neutraliseFormula, prepareCells, textColumns } from '../src/lib/opendata/csv.ts';
import { PROJECT_TABLES } from '../src/lib/opendata/tables.ts';

describe('formula neutralisation (Excel flavour)', () => {
  it('prefixes text a spreadsheet would evaluate, and leaves ordinary and lone-dash text alone', () => {
    expect(neutraliseFormula('=HYPERLINK("http://example.invalid/x","詳細")')).toBe('\'=HYPERLINK("http://example.invalid/x","詳細")');
    expect(neutraliseFormula('+81-3-1234')).toBe("'+81-3-1234");
    expect(neutraliseFormula('-1+2')).toBe("'-1+2");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('\tx')).toBe("'\tx");
    expect(neutraliseFormula('\rx')).toBe("'\rx");
    expect(neutraliseFormula('＝1+1')).toBe("'＝1+1");
    expect(neutraliseFormula('－')).toBe('－');
    expect(neutraliseFormula('一般会計')).toBe('一般会計');
    expect(neutraliseFormula('a=b')).toBe('a=b');
  });

  it('keeps numbers numeric: a negative amount is written as -5491000000, a text "-5" is neutralised', () => {
    const table = PROJECT_TABLES.find((t) => t.name === 'budget_items')!;
    const header = table.columns.map((c) => c.name);
    const row = { projectId: 'x', seq: 1, item: '=HYPERLINK("http://evil.invalid","click")', current: -5491000000, request: null, account: '-5', note: '@note' };
    const isText = textColumns(table.columns);
    const csv = csvString(header, [prepareCells(table.columns, isText, row, 'excel')], 'excel');
    expect(csv.startsWith(`\ufeff${header.join(',')}\r\n`)).toBe(true);
    expect(csv).toContain(',-5491000000,');
    const [excel] = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(excel).toMatchObject({ projectId: 'x', seq: '1', item: '\'=HYPERLINK("http://evil.invalid","click")', current: '-5491000000', request: '', account: "'-5", note: "'@note" });
    const plain = csvString(header, [prepareCells(table.columns, isText, row, 'plain')], 'plain');
    expect(plain).toContain('x,1,"=HYPERLINK(""http://evil.invalid"",""click"")",-5491000000,,-5,@note');
    expect(plain.includes('\r')).toBe(false);
    const [parsed] = parse(plain, { columns: true }) as Array<Record<string, string>>;
    expect(parsed).toMatchObject({ item: '=HYPERLINK("http://evil.invalid","click")', current: '-5491000000', account: '-5', note: '@note' });
  });

  it('quotes embedded line breaks (RFC 4180) in both flavours', () => {
    const csv = csvString(['a', 'b'], [['line1\nline2', 'x\ry']], 'excel');
    expect(csv).toBe('\ufeffa,b\r\n"line1\nline2","x\ry"\r\n');
    expect(parse(csv, { bom: true })).toEqual([['a', 'b'], ['line1\nline2', 'x\ry']]);
  });
});

