import { describe, expect, it } from 'vitest';
import { fiscalYearAxis, fiscalYearLabel, formatCorporateNumber, formatMillion, formatNumber, formatPercent, formatYen, formatYenLike, MISSING, truncate, yenAxisUnit } from '../src/lib/format/index.ts';

describe('fiscal years', () => {
  it('shows 和暦 with the western year', () => {
    expect(fiscalYearLabel(2024)).toBe('令和6年度 (2024)');
    expect(fiscalYearLabel(2019)).toBe('令和元年度 (2019)');
    expect(fiscalYearLabel(2018)).toBe('平成30年度 (2018)');
    expect(fiscalYearLabel(1989)).toBe('平成元年度 (1989)');
  });
  it('shows a dash for a missing year, never a guess', () => {
    expect(fiscalYearLabel(null)).toBe(MISSING);
    expect(fiscalYearLabel(undefined)).toBe(MISSING);
  });
  it('has a compact axis form', () => {
    expect(fiscalYearAxis(2024)).toBe('2024 (R6)');
    expect(fiscalYearAxis(2018)).toBe('2018 (H30)');
  });
});

describe('amounts', () => {
  it('picks 兆円/億円/百万円/円 by size and states the unit', () => {
    expect(formatYen(2_512_000_000_000)).toBe('2.51兆円');
    expect(formatYen(1_234_567_890)).toBe('12.3億円');
    expect(formatYen(100_000_000)).toBe('1億円');
    expect(formatYen(33_498_000)).toBe('33.5百万円');
    expect(formatYen(850_000)).toBe('850,000円');
    expect(formatYen(0)).toBe('0円');
    expect(formatYen(-296_000_000)).toBe('-3億円');
  });
  it('never turns a missing amount into zero', () => {
    expect(formatYen(null)).toBe(MISSING);
    expect(formatMillion(null)).toBe(MISSING);
    expect(formatMillion(undefined)).toBe(MISSING);
  });
  it('formats 百万円 columns with grouping and one decimal', () => {
    expect(formatMillion(296_000_000)).toBe('296');
    expect(formatMillion(1_900_000)).toBe('1.9');
    expect(formatMillion(1_234_500_000_000)).toBe('1,234,500');
    expect(formatMillion(0)).toBe('0');
  });
  it('keeps small amounts visible instead of rounding them to 0', () => {
    expect(formatMillion(10_000)).toBe('0.01');
    expect(formatMillion(40_000)).toBe('0.04');
  });
  it('formats a second amount in the unit of a reference, for comparisons', () => {
    expect(formatYenLike(50_000_000, 100_000_000)).toBe('0.5億円');
    expect(formatYenLike(286_000_000, 296_000_000)).toBe('2.9億円');
    expect(formatYenLike(500, 900)).toBe('500円');
    expect(formatYenLike(null, 1)).toBe(MISSING);
  });
  it('chooses the axis unit from the largest value', () => {
    expect(yenAxisUnit(3e8)).toEqual({ unit: '億円', divisor: 1e8 });
    expect(yenAxisUnit(5e7)).toEqual({ unit: '百万円', divisor: 1e6 });
    expect(yenAxisUnit(2e12)).toEqual({ unit: '兆円', divisor: 1e12 });
    expect(yenAxisUnit(999)).toEqual({ unit: '円', divisor: 1 });
  });
});

describe('other values', () => {
  it('formats percentages already in %', () => {
    expect(formatPercent(97)).toBe('97%');
    expect(formatPercent(85.34)).toBe('85.3%');
    expect(formatPercent(178.3, 0)).toBe('178%');
    expect(formatPercent(null)).toBe(MISSING);
    expect(formatPercent(Number.NaN)).toBe(MISSING);
  });
  it('groups numbers', () => {
    expect(formatNumber(1234567.891)).toBe('1,234,567.89');
    expect(formatNumber(null)).toBe(MISSING);
  });
  it('groups a 法人番号 as 1-4-4-4 and leaves other text alone', () => {
    expect(formatCorporateNumber('7010401022916')).toBe('7 0104 0102 2916');
    expect(formatCorporateNumber('123')).toBe('123');
  });
  it('truncates by characters, not UTF-16 units', () => {
    expect(truncate('株式会社エヌ・ティ・ティ・データ経営研究所', 8)).toBe('株式会社エヌ・…');
    expect(truncate('短い', 8)).toBe('短い');
    expect([...truncate('𠮷野家𠮷野家𠮷野家', 4)]).toHaveLength(4);
  });
});
