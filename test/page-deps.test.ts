/**
 * What a page's render is recorded as reading (src/lib/pages/page-deps.ts with the recording
 * site data of recording-site.ts): the grain the cache keys check, and the ways it must fail
 * closed — a read of unknown site data counts as everything, a cache of site data replays the
 * reads made while computing it, reads outside a render are no page's.
 */
import { describe, expect, it } from 'vitest';
import { bundleChange, bundleLines, cachedWithReads, dependsOn, givenKey, outputFile, pageId, recordingReads } from '../src/lib/pages/page-deps.ts';
import { recordingSite } from '../src/lib/pages/recording-site.ts';
import type { Site } from '../src/lib/pages/site-data.ts';

const ministry = { id: 'soumu', name: '総務省', projectIds: ['a', 'b'] };
const brief = (id: string, name: string) => ({ id, name, ministry: '総務省', ministryId: 'soumu', reviewYear: 2020, projectNumber: null, figures: {}, budget: [], history: [] });

function site(): Site {
  const projects = new Map([['a', { id: 'a', name: 'A' }], ['b', { id: 'b', name: 'B' }]]);
  return {
    projects,
    evaluations: new Map(),
    measures: new Map(),
    ministries: new Map([['soumu', ministry]]),
    recipients: new Map(),
    briefs: new Map([['a', brief('a', 'A')], ['b', brief('b', 'B')]]),
    ministryOrder: [ministry],
  } as unknown as Site;
}

/** Renders `fn` as page `p` and returns what it was recorded as reading. */
async function readsOf(fn: (s: Site) => unknown): Promise<string[]> {
  const s = recordingSite(site());
  let deps: string[] = [];
  // Only pages given a cache key are recorded (pages without getStaticPaths always render).
  givenKey('p', 'k');
  await recordingReads('p', (d) => ((deps = d), 'sig'), async () => fn(s));
  return deps;
}

describe('page reads', () => {
  it('a field of an in-memory record is read field by field, with its existence', async () => {
    expect(await readsOf((s) => s.ministries.get('soumu')!.name)).toEqual(['exists:ministries/soumu', 'field:ministries/soumu#name']);
    expect(await readsOf((s) => s.briefs.get('a')!.name)).toEqual(['exists:projects/a', 'field:briefs/a#name']);
  });

  it('a project record (read from disk per page) is read as its file; has() reads only existence', async () => {
    expect(await readsOf((s) => s.projects.get('a'))).toEqual(['file:projects/a.json']);
    expect(await readsOf((s) => s.recipients.has('1234'))).toEqual(['exists:recipients/1234']);
  });

  it('a missing record is read as its absence', async () => {
    expect(await readsOf((s) => s.ministries.get('nowhere'))).toEqual(['exists:ministries/nowhere']);
  });

  it('going over a whole collection reads all of it; over the briefs, all briefs', async () => {
    expect(await readsOf((s) => [...s.ministries.values()])).toEqual(['all:ministries']);
    expect(await readsOf((s) => s.briefs.size)).toEqual(['all:briefs']);
    expect(await readsOf((s) => s.ministryOrder.length)).toEqual(['all:ministries']);
  });

  it('reading a whole record (spread, JSON) reads its file', async () => {
    expect(await readsOf((s) => JSON.stringify(s.ministries.get('soumu')))).toContain('file:ministries/soumu.json');
    expect(await readsOf((s) => ({ ...s.briefs.get('b') }))).toContain('file:projects/b.json');
  });

  it('site data the recorder does not know is a read of everything', async () => {
    expect(await readsOf((s) => (s as unknown as Record<string, unknown>).lineages)).toEqual(['*']);
  });

  it('a cache of site data adds the reads made while computing it to every page that uses it', async () => {
    const s = recordingSite(site());
    const names = cachedWithReads(async () => [...s.briefs.values()].map((b) => b.name));
    // Computed first outside any page (as getStaticPaths does), then used by two pages.
    expect(await names()).toEqual(['A', 'B']);
    for (const page of ['p1', 'p2']) {
      let deps: string[] = [];
      givenKey(page, 'k');
      await recordingReads(page, (d) => ((deps = d), 'sig'), async () => names());
      expect(deps).toEqual(['all:briefs']);
    }
  });

  it('a page without a cache key is not recorded', async () => {
    let called = false;
    await recordingReads('no key', () => ((called = true), 'sig'), async () => dependsOn('*'));
    expect(called).toBe(false);
  });

  it('reads outside a render belong to no page, and two pages rendering at once keep their own', async () => {
    dependsOn('file:projects/outside.json');
    const got: Record<string, string[]> = {};
    const render = (page: string, dep: string) =>
      givenKey(page, 'k') &&
      recordingReads(page, (d) => ((got[page] = d), 'sig'), async () => {
        await new Promise((ok) => setTimeout(ok, 5));
        dependsOn(dep);
      });
    await Promise.all([render('x', 'file:projects/x.json'), render('y', 'file:projects/y.json')]);
    expect(got).toEqual({ x: ['file:projects/x.json'], y: ['file:projects/y.json'] });
  });

  it('a page is named by its route pattern and params, whatever their order', () => {
    expect(pageId('/ministries/[id]/[year]', { year: '2024', id: 'soumu' })).toBe(pageId('/ministries/[id]/[year]', { id: 'soumu', year: 2024 }));
  });
});

describe('the file a page is written to (what a later build carries over)', () => {
  it('is the decoded path with index.html, for page paths only', () => {
    expect(outputFile('/projects/rs-2024-4/')).toBe('projects/rs-2024-4/index.html');
    expect(outputFile('/')).toBe('index.html');
    expect(outputFile('/recipients/%E6%A0%AA%E5%BC%8F/')).toBe('recipients/株式/index.html');
    expect(outputFile('/data/projects.json')).toBeUndefined();
    expect(outputFile('/a/../../etc/')).toBeUndefined();
    expect(outputFile('/bad/%E6%/')).toBeUndefined();
  });
});

describe('the code fingerprint: what the bundler wrote', () => {
  // Two chunks as Astro's prerender build writes them: a component with its absolute path, named by a content hash, and a page importing it.
  const bundle = (root: string, hash: string, markup = '<nav>') => [
    { fileName: `chunks/YearNav_${hash}.mjs`, body: `const $$YearNav = createComponent(() => renderTemplate\`${markup}\`, "${root}/src/components/YearNav.astro", void 0);` },
    { fileName: 'chunks/_year__DuQX0QJ9.mjs', body: `import { $ as $$YearNav } from './YearNav_${hash}.mjs';\nconst file = "${root}/src/pages/[year].astro";` },
    { fileName: 'Base.BxYz1234.png', body: new Uint8Array([137, 80, 78, 71]) },
  ];
  it('is the same for one commit checked out in two folders (other paths, other chunk hashes)', () => {
    const main = bundleLines('prerender', bundle('/work/main', 'Sxlohu9L'), '/work/main');
    expect(main).toEqual(bundleLines('prerender', bundle('/work/bw', 'Ab3dE-_9'), '/work/bw/'));
    expect(main.map((l) => l.split('\0')[0])).toEqual(['prerender/Base.#.png', 'prerender/chunks/YearNav_#.mjs', 'prerender/chunks/_year__#.mjs']);
  });
  it('differs when the code differs, and says which file', () => {
    const before = bundleLines('prerender', bundle('/work/main', 'Sxlohu9L'), '/work/main');
    const after = bundleLines('prerender', bundle('/work/main', 'Qq7Rr8Ss', '<nav class="x">'), '/work/main');
    expect(after).not.toEqual(before);
    expect(bundleChange(before, after)).toBe('bundled files: 1 changed (prerender/chunks/YearNav_#.mjs)');
    expect(bundleChange(before, before.slice(1))).toBe('bundled files: 1 gone (prerender/Base.#.png)');
    expect(bundleChange(before, before)).toBe('bundled files unchanged (the lockfile or astro.config.mjs changed)');
  });
  it('hands over the texts behind its lines, as hashed, two files of one name told apart', () => {
    const texts = new Map<string, string | Uint8Array>();
    const files = [...bundle('/work/main', 'Sxlohu9L'), { fileName: 'chunks/YearNav_Zz9Yy8Xx.mjs', body: 'other' }];
    bundleLines('prerender', files, '/work/main', texts);
    const names = [...texts.keys()].sort();
    expect(names).toHaveLength(4);
    expect(names.slice(0, 2)).toEqual(['prerender/Base.#.png', 'prerender/chunks/YearNav_#.mjs']);
    expect(names[2]).toMatch(/^prerender\/chunks\/YearNav_#\.mjs~[\w-]{8}$/);
    expect(names[3]).toBe('prerender/chunks/_year__#.mjs');
    expect(texts.get('prerender/chunks/_year__#.mjs')).toBe(`import { $ as $$YearNav } from './YearNav_#.mjs';\nconst file = "<project>/src/pages/[year].astro";`);
  });
  it('without the folder left out, two folders give two fingerprints (what carried nothing at the decade)', () => {
    expect(bundleLines('prerender', bundle('/work/bw', 'Sxlohu9L'), '')).not.toEqual(bundleLines('prerender', bundle('/work/main', 'Sxlohu9L'), ''));
  });
});
