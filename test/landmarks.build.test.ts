/**
 * No built page repeats a landmark (axe's landmark-unique): checked statically over every
 * HTML page of the built site, where the browser test (a11y.browser.test.ts) runs axe on one
 * page per type. A11Y_DIST points it at another build (e.g. RS 2024), as for that test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { A11Y_DIST } from '../src/lib/env.ts';
import { duplicateLandmarks } from './lib/landmarks.ts';
import { TEST_DIST } from './paths.ts';

const DIST = A11Y_DIST ?? TEST_DIST;

function* pages(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    // Pagefind's files are not ours; /data/ holds snapshot folders' index pages (checked too).
    if (e.isDirectory()) { if (e.name !== 'pagefind') yield* pages(p); }
    else if (e.name.endsWith('.html')) yield p;
  }
}

it('every built page names each of its landmarks differently', () => {
  const found: string[] = [];
  let n = 0;
  for (const p of pages(DIST)) {
    n++;
    for (const d of duplicateLandmarks(readFileSync(p, 'utf8'))) found.push(`${p.slice(DIST.length)}: ${d}`);
  }
  expect(n).toBeGreaterThan(20);
  expect(found.slice(0, 20)).toEqual([]);
  // Another build (A11Y_DIST) may be the decade's 155k pages: about 5 minutes on this machine.
}, A11Y_DIST ? 3_600_000 : 120_000);
