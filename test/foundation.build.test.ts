/** The built sample portal: Japanese, every sample file listed, no external requests, the record files published. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_SOURCES, TEST_DIST } from './paths.ts';

const html = () => readFileSync(join(TEST_DIST, 'index.html'), 'utf8');

describe('the built sample portal', () => {
  it('is a Japanese page', () => {
    expect(html()).toMatch(/<html lang="ja"/);
  });

  it('lists every bundled sample source file on the index page', () => {
    // Recursive: the RS CSV extract sits in its own folder (rs2024-sample/).
    const sampleFiles = readdirSync(SAMPLE_SOURCES, { recursive: true, encoding: 'utf8' })
      .map((f) => f.split(sep).join('/'))
      .filter((f) => !f.endsWith('.md') && statSync(join(SAMPLE_SOURCES, f)).isFile())
      .sort();
    expect(sampleFiles).toContain('003_2ca5ca57c89a6f5a.txt');
    const page = html();
    for (const f of sampleFiles) expect(page).toContain(`<code>${f}</code>`);
    const count = /data-testid="file-count">(\d+)</.exec(page)?.[1];
    expect(Number(count)).toBe(sampleFiles.length);
  });

  it('makes no external requests: no absolute http(s) URLs in src/href', () => {
    expect(html()).not.toMatch(/(?:src|href)="https?:\/\//);
  });

  it('publishes the record files named by the data contract (docs/data-contract.md)', () => {
    for (const f of ['projects.json', 'evaluations.json', 'measures.json']) {
      const data = JSON.parse(readFileSync(join(TEST_DIST, 'data', f), 'utf8'));
      expect(Array.isArray(data)).toBe(true);
    }
  });
});

