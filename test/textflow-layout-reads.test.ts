/**
 * Text-flow layout (seed 000): readings placed by where the template prints a value, with exact
 * values, and the hostile cases that must leave a field empty rather than publish a wrong number.
 */
import { describe, expect, it } from 'vitest';
import { parseReviewSheetTextFlow } from '../src/lib/ingest/legacy/textflow/index.ts';
import { ProjectRecord } from '../src/schemas/index.ts';
import { inputOf, seedText } from './fixtures/textflow/seeds.ts';

const M = 1_000_000;

/** Seed 000 with lines replaced (1-based line → exact seed text, new text); a changed seed fails loudly. */
function seed000(edits: Array<[number, string, string]>): string {
  const lines = seedText('000').split('\n');
  for (const [n, was, now] of edits) {
    expect(lines[n - 1], `seed 000 line ${n}`).toBe(was);
    lines[n - 1] = now;
  }
  return lines.join('\n');
}

const parse = (text: string) => ProjectRecord.parse(parseReviewSheetTextFlow(inputOf(text, 'review-sheet')).project);
const budgetOf = (p: ProjectRecord) => p.budget.map((b) => [b.fiscalYear, b.isRequest ? 'request' : b.initial !== null ? 'initial' : 'total', b.isRequest ? b.initial : (b.initial ?? b.total)]);

/** A project begun in 平成27 with no budget in the review year (0) and a request for the next. */
const ZERO_YEAR: Array<[number, string, string]> = [
  [174, '平成３０年度', '平成２７年度'],
  [208, '0 0 0 460 450', '120 80 50 0 150'],
  [267, '450', '150'],
  [271, '400', '0'],
  [273, '60', '0'],
  [275, '460', '0'],
  [306, '「新しい日本のための優先課題推進枠」450百万円', '「新しい日本のための優先課題推進枠」150百万円'],
  [310, '400', '100'],
  [312, '50', '50'],
];

describe('text-flow budget: a review year of 0', () => {
  it('reads the 当初予算 0, the past years of the 計 row and the request when the 計 row states the 0', () => {
    const p = parse(seed000(ZERO_YEAR));
    expect(budgetOf(p)).toEqual([
      [2015, 'total', 120 * M],
      [2016, 'total', 80 * M],
      [2017, 'total', 50 * M],
      [2018, 'initial', 0],
      [2019, 'request', 150 * M],
    ]);
    expect(p.budgetBreakdown.map((b) => [b.current, b.request])).toEqual([[0, 100 * M], [0, 50 * M]]);
  });

  it('a column of zeros is not a 0 budget when the 計 row gives the review year an amount', () => {
    const text = seed000(ZERO_YEAR.map(([n, was, now]) => (n === 208 ? [n, was, '120 80 50 460 150'] : [n, was, now])));
    const p = parse(text);
    expect(p.budget.filter((b) => !b.isRequest && b.initial !== null)).toEqual([]);
    expect(p.budgetBreakdown.every((b) => b.current === null)).toBe(true);
  });

  it('without the 計 row, zeros printed elsewhere (`0 0`) are no evidence: nothing of the year is published', () => {
    const text = seed000(ZERO_YEAR.map(([n, was, now]) => (n === 208 ? [n, was, '-'] : [n, was, now])));
    const p = parse(text);
    expect(p.budget).toEqual([]);
  });
});
