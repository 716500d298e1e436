/** Formula neutralisation in the Excel flavour of the open-data CSV (pure functions; the built snapshot: opendata.build.test.ts). */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvString, excelText, neutraliseFormula, prepareCells, textColumns } from '../src/lib/opendata/csv.ts';
import { PROJECT_TABLES, type Row } from '../src/lib/opendata/tables.ts';

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

  it('keeps digit ids that Excel would change as text: a leading zero, a 13-digit 法人番号 (RS 2024 values)', () => {
    expect(excelText('0333')).toBe('="0333"');
    expect(excelText('1020001120059')).toBe('="1020001120059"');
    expect(excelText('123456789012')).toBe('="123456789012"');
    // Short ids without a leading zero, ids with other characters and formulas are not touched by this rule.
    expect(excelText('1034')).toBe('1034');
    expect(excelText('12345678901')).toBe('12345678901');
    expect(excelText('2023-文科-22-0030')).toBe('2023-文科-22-0030');
    expect(excelText('n-82c54dba')).toBe('n-82c54dba');
    expect(excelText('=1+1')).toBe("'=1+1");
    const table = PROJECT_TABLES.find((t) => t.name === 'recipients')!;
    const header = table.columns.map((c) => c.name);
    const row: Row = Object.fromEntries(header.map((h) => [h, null]));
    Object.assign(row, { recipientId: '1020001120059', corporateNumber: '1020001120059', name: '株式会社 例' });
    const isText = textColumns(table.columns);
    const [excel] = parse(csvString(header, [prepareCells(table.columns, isText, row, 'excel')], 'excel'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(excel).toMatchObject({ recipientId: '="1020001120059"', corporateNumber: '="1020001120059"', name: '株式会社 例' });
    const [plain] = parse(csvString(header, [prepareCells(table.columns, isText, row, 'plain')], 'plain'), { columns: true }) as Array<Record<string, string>>;
    expect(plain).toMatchObject({ recipientId: '1020001120059', corporateNumber: '1020001120059' });
  });

  it('quotes embedded line breaks (RFC 4180) in both flavours', () => {
    const csv = csvString(['a', 'b'], [['line1\nline2', 'x\ry']], 'excel');
    expect(csv).toBe('\ufeffa,b\r\n"line1\nline2","x\ry"\r\n');
    expect(parse(csv, { bom: true })).toEqual([['a', 'b'], ['line1\nline2', 'x\ry']]);
  });
});

