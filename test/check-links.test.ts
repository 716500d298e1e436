/** The link checker (scripts/check-links.ts) on a hand-made site with known faults (on the built sample: check-links.build.test.ts). */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLinks, formatLinkReport } from '../scripts/check-links.ts';
import { ROOT } from './paths.ts';
import { TEST_BUILD_ID } from '../src/lib/env.ts';

const ID = TEST_BUILD_ID;

describe('checkLinks on a site with known faults', () => {
  const dir = resolve(ROOT, `.build/${ID}-linkcheck-fixture`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const page = (rel: string, body: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), `<!doctype html><html lang="ja"><head><link rel="stylesheet" href="/style.css"></head><body>${body}</body></html>`);
  };
  writeFileSync(join(dir, 'style.css'), '');
  page('index.html', [
    '<a href="/projects/a/">ok dir</a>',
    '<a href="projects/a/#L12">ok anchor, relative</a>',
    '<a href="/projects/a/#L99">missing anchor</a>',
    '<a href="/projects/b/">missing page</a>',
    '<a href="#here">ok own anchor</a><h2 id="here">x</h2>',
    '<a href="#%E6%A6%82%E8%A6%81">ok encoded Japanese anchor</a><h2 id="概要">概要</h2>',
    '<a href="/data/x.csv">missing download</a>',
    '<a href="javascript:alert(1)">script URL</a>',
    '<a href="https://www.gyoukaku.go.jp/review/">external citation</a>',
    '<a href="https://example.invalid/projects/a/">own absolute URL</a>',
    '<a href="/projects/a/?q=1&amp;r=2#L12">query and entity</a>',
    '<img src="/img/missing.svg" alt="">',
    '<a href="../../../etc/passwd">outside: resolves to /etc/passwd inside the site</a>',
  ].join(''));
  page('projects/a/index.html', '<ol><li id="L12">line</li><li id="L12">again</li></ol><a href="../../">up</a>');

  const r = checkLinks(dir, 'https://example.invalid');

  it('finds exactly the broken links, each with its page and reason', () => {
    const broken = r.broken.map((b) => `${b.problem} ${b.page} ${b.href}`).sort();
    expect(broken).toEqual([
      'bad-url / javascript:alert(1)',
      'missing-anchor / /projects/a/#L99',
      'missing-file / ../../../etc/passwd',
      'missing-file / /data/x.csv',
      'missing-file / /img/missing.svg',
      'missing-file / /projects/b/',
    ]);
  });

  it('resolves ../ at the root to the root (as a browser does), counts links and anchors, lists external hosts without fetching', () => {
    expect(r.pages).toBe(2);
    expect(r.externalHosts).toEqual({ 'www.gyoukaku.go.jp': 1 });
    expect(r.anchors).toBe(5);
    expect(r.duplicateIds).toEqual([{ page: '/projects/a/', id: 'L12' }]);
    expect(formatLinkReport(r)).toMatch(/6 broken/);
  });
});

