/** The link checker (scripts/check-links.ts) on the built sample: no broken internal link or anchor. */
import { describe, expect, it } from 'vitest';
import { checkLinks, formatLinkReport } from '../scripts/check-links.ts';
import { TEST_DIST } from './paths.ts';
import { listTree } from './hostile/harness.ts';

describe('checkLinks on the built sample site', () => {
  it('finds no broken internal link or anchor', () => {
    const r = checkLinks(TEST_DIST);
    console.log(formatLinkReport(r));
    expect(r.broken).toEqual([]);
    expect(r.pages).toBe(listTree(TEST_DIST).filter((f) => f.endsWith('.html')).length);
    expect(r.internal).toBeGreaterThan(r.pages);
  });
});
