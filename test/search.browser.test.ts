/**
 * Search, end to end: the built sample (test/global-setup.ts) served on loopback, the
 * real /search/ page and the real Pagefind index in headless Chromium. Each query lists
 * pages it must find and, where it matters, pages it must not find.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../scripts/lib/chromium.ts';
import { TEST_DIST } from './paths.ts';
import { serveStatic } from '../scripts/lib/static-server.ts';
import type { StaticServer } from '../scripts/lib/static-server.ts';
import { planQuery, containsTerm } from '../src/lib/search/tokenize.ts';
import { shardsHoldingTerms } from '../src/lib/search/term-shards.ts';
import { partitionCovers, yearGroups } from '../src/lib/search/partitions.ts';


interface Hit {
  title: string;
  url: string;
  facts: Record<string, string>;
}
interface Outcome {
  status: string;
  note: string | null;
  hits: Hit[];
}

let server: StaticServer;
let browser: Browser;
let page: Page;
const external: string[] = [];

beforeAll(async () => {
  server = await serveStatic(TEST_DIST);
  browser = await launchChromium();
  page = await browser.newPage();
  // Self-contained: every request must go to the site itself.
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) external.push(r.url());
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function settled(): Promise<Outcome> {
  await page.waitForSelector('#search-form[data-ready="true"]', { timeout: 20_000 });
  await page.waitForSelector('#results[aria-busy="false"]', { state: 'attached', timeout: 20_000 });
  return page.evaluate(() => {
    const note = document.getElementById('search-note')!;
    return {
      status: document.getElementById('search-status')!.textContent ?? '',
      note: note.hidden ? null : note.textContent,
      hits: [...document.querySelectorAll<HTMLLIElement>('#results > li')].map((li) => {
        const a = li.querySelector<HTMLAnchorElement>('h3 a')!;
        const facts: Record<string, string> = {};
        for (const d of li.querySelectorAll('dl > div')) facts[d.querySelector('dt')!.textContent!] = d.querySelector('dd')!.textContent!;
        return { title: a.textContent ?? '', url: new URL(a.href).pathname, facts };
      }),
    };
  });
}

/**
 * The index files the page has requested, leaving out Pagefind itself (its script, entry,
 * wasm and bundle metadata), which it loads once idle after an answer the lookup gave alone.
 */
function indexRequests(): string[] {
  return server.log.map((l) => l.path).filter((p) => p.startsWith('/pagefind/') && !/^\/pagefind\/(s\d+\/)?(pagefind\.js|pagefind-entry\.json|wasm\.[a-z]+\.pagefind|pagefind\.[a-z]+_[0-9a-f]+\.pf_meta)$/.test(p));
}

/** Open the search page at a URL (as a shared link or a reload would). */
async function open(query = ''): Promise<Outcome> {
  await page.goto(`${server.url}/search/${query}`);
  return settled();
}

/** Type a query into the box like a user and press Enter. */
async function typeQuery(q: string): Promise<Outcome> {
  await page.fill('#q', '');
  await page.locator('#q').pressSequentially(q, { delay: 5 });
  await page.press('#q', 'Enter');
  return settled();
}

const titles = (o: Outcome) => o.hits.map((h) => h.title);

/**
 * In the page, the URLs of its Pagefind scripts: one per instance (pagefind-shards.ts:
 * openIndex — the newest year's shards, and the other years' under the script in their first
 * shard's folder). Importing them returns the page's own instances, with the shards it merged.
 */
const LANES = `fetch('/pagefind/shards.json').then((r) => r.json()).then((m) => {
  // The newest year's group: its year's shards, those of several years ending then, those of none (partitions.ts: yearGroups).
  const newest = m.shards[0].partition.slice(0, 4);
  const other = m.shards.find((s) => s.partition !== 'all' && !s.partition.startsWith(newest));
  return ['/pagefind/pagefind.js', ...(other ? ['/' + other.path + 'pagefind.js'] : [])];
})`;

/**
 * Leaves the page and waits until no request has reached the server for 300 ms, then
 * empties the log: the previous search loads filter files in the background after its
 * results show (refreshCounts), and those requests must not be counted as the next search's
 * (a fresh-clone CI run failed on a shard the previous, unfiltered search had loaded).
 */
async function quietLog(): Promise<void> {
  await page.goto('about:blank');
  let n = -1;
  while (n !== server.log.length) {
    n = server.log.length;
    await new Promise((ok) => setTimeout(ok, 300));
  }
  server.log.length = 0;
}

describe('the search page in Chromium', () => {
  it('is built with the index beside it and loads nothing from outside', async () => {
    expect(existsSync(`${TEST_DIST}/pagefind/pagefind.js`)).toBe(true);
    const o = await open();
    expect(o.status).toContain('キーワードを入力');
    const inline = await page.evaluate(() => [...document.scripts].filter((s) => !s.src && s.textContent!.trim()).length);
    expect(inline).toBe(0);
    expect(external).toEqual([]);
  });

  // Each: what a person types → pages that must be found (by title) and must not.
  const QUERIES: { q: string; find: string[]; first?: string; not?: string[] }[] = [
    { q: '自治体AI共同開発推進事業', first: '自治体AI共同開発推進事業', find: ['自治体AI共同開発推進事業'] },
    { q: 'AI共同開発', find: ['自治体AI共同開発推進事業'], not: ['自治体情報セキュリティ強化対策事業'] },
    { q: 'セキュリティ', find: ['自治体情報セキュリティ強化対策事業', 'IoTセキュリティ総合対策の推進'] },
    { q: 'セキュリティ強化', find: ['自治体情報セキュリティ強化対策事業'], not: ['自治体AI共同開発推進事業'] },
    { q: '地方創生', find: ['自治体AI共同開発推進事業', '地域IoT実装総合支援パッケージ施策', '地方創生リーダー人材の育成・普及事業に必要な経費'], not: ['自治体情報セキュリティ強化対策事業'] },
    { q: 'ビッグデータ', find: ['自治体AI共同開発推進事業'], not: ['IoTセキュリティ総合対策の推進'] },
    { q: '地域通信振興課', find: ['自治体AI共同開発推進事業', '地域IoT実装総合支援パッケージ施策'], not: ['自治体情報セキュリティ強化対策事業', 'IoTセキュリティ総合対策の推進'] },
    { q: '振興課', find: ['自治体AI共同開発推進事業', '地域IoT実装総合支援パッケージ施策'] },
    { q: '富士通', find: ['富士通株式会社', '自治体AI共同開発推進事業', '情報収集衛星の研究・開発'], not: ['自治体情報セキュリティ強化対策事業'] },
    { q: '1020001071491', first: '富士通株式会社', find: ['富士通株式会社'], not: ['日本電気株式会社'] },
    { q: '2021-総務-20-0094', first: '自治体AI共同開発推進事業', find: ['自治体AI共同開発推進事業'], not: ['自治体情報セキュリティ強化対策事業'] },
    { q: '情報通信技術高度利活用', find: ['情報通信技術高度利活用の推進'] },
    { q: 'ＩｏＴ実装', find: ['地域IoT実装総合支援パッケージ施策'], not: ['自治体情報セキュリティ強化対策事業'] },
    { q: '活用する地域数', find: ['自治体AI共同開発推進事業'] }, // an outcome indicator's words
    // The RS 2024 extract (content/sources/rs2024-sample).
    { q: '洋上風力', first: '浮体式洋上風力発電による地域の脱炭素化ビジネス促進事業', find: ['浮体式洋上風力発電による地域の脱炭素化ビジネス促進事業'], not: ['次世代航空機開発・次世代空モビリティ社会実装に向けた基盤技術開発事業（うち航空機エンジン向け材料開発・評価システム基盤整備事業）'] },
    { q: '脱炭素', find: ['浮体式洋上風力発電による地域の脱炭素化ビジネス促進事業', '次世代航空機開発・次世代空モビリティ社会実装に向けた基盤技術開発事業（うち航空機エンジン向け材料開発・評価システム基盤整備事業）'] },
    { q: 'マイナンバー', find: ['マイナンバー制度の推進'], not: ['国際広報経費'] },
    { q: '公文書館', first: '国立公文書館の展示・運営の在り方等に関する調査検討経費', find: ['国立公文書館の展示・運営の在り方等に関する調査検討経費'] },
    { q: '地球温暖化対策事業室', find: ['浮体式洋上風力発電による地域の脱炭素化ビジネス促進事業'], not: ['公害健康被害対策（補償・予防）事業'] },
    { q: '公教育データ', find: ['教育データサイエンス推進事業'] },
    { q: 'サイバーセキュリティ', find: ['部外力を活用したサイバーセキュリティの知見向上に関する経費', 'IoTセキュリティ総合対策の推進'], not: ['マイナンバー制度の推進'] },
    { q: '3010501007440', first: '株式会社丹青社', find: ['株式会社丹青社'] }, // 法人番号, shown on the page as 3 0105 0100 7440
    { q: '2023-総務-22-0007', first: '地方議会の活性化に要する経費', find: ['地方議会の活性化に要する経費'] }, // 旧事業番号
    // Full names pasted as written (full-width brackets once gave nothing), and retyped with half-width ones.
    { q: '情報システムの整備（情報通信技術調達等適正・効率化推進費）', first: '情報システムの整備（情報通信技術調達等適正・効率化推進費）', find: ['情報システムの整備（情報通信技術調達等適正・効率化推進費）'] },
    { q: '情報システムの整備(情報通信技術調達等適正・効率化推進費)', first: '情報システムの整備（情報通信技術調達等適正・効率化推進費）', find: ['情報システムの整備（情報通信技術調達等適正・効率化推進費）'] },
    { q: '新30-0017', first: '地域IoT実装総合支援パッケージ施策', find: ['地域IoT実装総合支援パッケージ施策'] },
  ];
  for (const { q, find, first, not = [] } of QUERIES) {
    it(`finds what is typed: ${q}`, async () => {
      await open();
      const o = await typeQuery(q);
      const got = titles(o);
      for (const t of find) expect(got, `${q} → ${t}`).toContain(t);
      for (const t of not) expect(got, `${q} must not list ${t}`).not.toContain(t);
      if (first) expect(got[0]).toBe(first);
      // The URL now holds the query: a reload gives the same results.
      expect(decodeURIComponent(new URL(page.url()).search)).toContain(`q=${q}`);
      await page.reload();
      expect(titles(await settled())).toEqual(got);
    });
  }

  it('finds a legacy sheet by its original text, and shows the excerpt from there', async () => {
    // 経理監査 is only in seed 000's 資金の流れ text, which its parser did not structure.
    const o = await open(`?q=${encodeURIComponent('経理監査')}`);
    expect(titles(o)).toEqual(['地域IoT実装総合支援パッケージ施策']);
    const excerpt = await page.textContent('#results > li .search-excerpt');
    expect(excerpt).toMatch(/^原文: .*経理監査業務/);
  });

  it('answers a pasted 法人番号 from the lookup alone, and searches the text only when asked', async () => {
    for (const q of ['1 0200 0107 1491', '1-0200-0107-1491', '１０２０００１０７１４９１']) {
      await quietLog();
      const o = await open(`?q=${encodeURIComponent(q)}`);
      expect(titles(o), q).toEqual(['富士通株式会社']);
      expect(o.status).toContain('番号が一致するページが1件');
      // No full-text index was loaded for it: the manifest and one lookup file (and, once idle, Pagefind itself: engineWhenIdle).
      expect(indexRequests().map((p) => p.replace(/[0-9a-f]{4}\.json$/, '*.json')).sort()).toEqual(['/pagefind/lookup/*.json', '/pagefind/shards.json']);
    }
    await page.click('#search-note button');
    const full = await settled();
    expect(new URL(page.url()).searchParams.get('full')).toBe('1');
    expect(full.hits[0]!.title).toBe('富士通株式会社');
    // The projects that list it among their recipients, by its number.
    expect(titles(full)).toContain('自治体AI共同開発推進事業');
  });

  it('answers a pasted project name from the lookup alone, and searches the text only when asked', async () => {
    const name = '情報システムの整備（情報通信技術調達等適正・効率化推進費）';
    await quietLog();
    const o = await open(`?q=${encodeURIComponent(name)}`);
    expect(titles(o)).toEqual([name]);
    expect(o.status).toContain('名称が一致するページが1件');
    // No index chunk or fragment was loaded: the manifest and one lookup file.
    expect(indexRequests().map((p) => p.replace(/[0-9a-f]{4}\.json$/, '*.json')).sort()).toEqual(['/pagefind/lookup/*.json', '/pagefind/shards.json']);
    // Once the answer is shown and the page idle, Pagefind itself is loaded for the next query (engineWhenIdle), and still no index chunk.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/pagefind\/wasm\.[a-z]+\.pagefind$/.test(e.name)), undefined, { timeout: 10_000 });
    expect(server.log.some((l) => /^\/pagefind\/(s\d+\/)?(index|fragment)\//.test(l.path))).toBe(false);
    await page.click('#search-note button');
    const full = await settled();
    expect(new URL(page.url()).searchParams.get('full')).toBe('1');
    expect(full.hits[0]!.title).toBe(name);
    // The full text was searched: its index was loaded.
    expect(server.log.some((l) => /^\/pagefind\/(s\d+\/)?index\//.test(l.path))).toBe(true);
  });

  it('loads only the shards of the chosen year, and the newest year first when none is chosen', async () => {
    const m = (await (await fetch(`${server.url}/pagefind/shards.json`)).json()) as { shards: Array<{ path: string; partition: string }> };
    expect(new Set(m.shards.map((x) => x.partition)).size).toBeGreaterThan(2);
    const loaded = () => new Set(server.log.map((l) => /^\/pagefind\/(s\d+\/)?(?:index|fragment|filter)\//.exec(l.path)).filter((x) => x !== null).map((x) => `pagefind/${x![1] ?? ''}`));
    await quietLog();
    const o = await open(`?q=${encodeURIComponent('セキュリティ')}&year=2018`);
    expect(titles(o)).toContain('IoTセキュリティ総合対策の推進');
    for (const h of o.hits) expect(h.facts['年度']).toContain('2018');
    // The newest year's shards are their own Pagefind (pagefind-shards.ts: openIndex), not
    // needed here; the other years' Pagefind searches its primary bundle (the first older shard) always.
    // The pages of several years ending later may be of 2018 too: some are in the newest
    // year's Pagefind, which then searches its primary bundle (shard 0) as well.
    const first = new Set(yearGroups(m.shards.map((x) => x.partition))[0]!.shards);
    const primary = m.shards.findIndex((_, k) => !first.has(k));
    const covering = m.shards.flatMap((x, k) => (partitionCovers(x.partition, ['2018']) ? [k] : []));
    expect(covering.some((k) => first.has(k))).toBe(true);
    const wanted = new Set([0, primary, ...covering].map((k) => m.shards[k]!.path));
    expect(loaded().size).toBeGreaterThan(0);
    for (const p of loaded()) expect(wanted, p).toContain(p);
    // Without a year, the newest year's shards answer first, then every year's — those of
    // them that hold the word by the term table (term-shards.ts), and the other years' primary bundle.
    await quietLog();
    const all = await open(`?q=${encodeURIComponent('セキュリティ')}`);
    expect(titles(all)).toContain('IoTセキュリティ総合対策の推進');
    const table = await shardsHoldingTerms(planQuery('セキュリティ').strict, (m as unknown as { terms: { buckets: number } }).terms.buckets, async (name) => (await fetch(`${server.url}/pagefind/terms/${name}.json`)).json() as Promise<Record<string, string>>);
    const holding = new Set([...table!.shards].map((k) => `pagefind/${k ? `s${k}/` : ''}`));
    expect(holding.size).toBeGreaterThan(2);
    expect(holding.size).toBeLessThan(m.shards.length);
    for (const p of holding) expect(loaded(), p).toContain(p);
    for (const p of loaded()) expect([...holding, `pagefind/s${primary}/`], p).toContain(p);
  });

  it('fetches what a typed query will read before its search runs, and no index for a name the lookup holds', async () => {
    // The page's timers are held (Playwright's clock), so the search that typing schedules
    // (300 ms after the last key) does not run: every request seen is the prefetch's.
    const context = await browser.newContext();
    const typing = await context.newPage();
    await typing.clock.install();
    try {
      await typing.goto(`${server.url}/search/`);
      await typing.waitForSelector('#search-form[data-ready="true"]');
      // From here on no timer fires unless the test moves the clock.
      await typing.clock.pauseAt(Date.now() + 1000);
      const path = (r: { url(): string }) => new URL(r.url()).pathname;
      const seen: string[] = [];
      typing.on('request', (r) => seen.push(path(r)));
      // Until no request has been made for 300 ms (of real time: the page's clock is held).
      const quiet = async () => {
        let n = -1;
        while (n !== seen.length) {
          n = seen.length;
          await new Promise((ok) => setTimeout(ok, 300));
        }
      };
      await typing.fill('#q', 'セキュリティ');
      await quiet();
      // Pagefind with its metadata, the first step's bundles the term table names.
      expect(seen.some((p) => /^\/pagefind\/pagefind\.en_[0-9a-f]+\.pf_meta$/.test(p))).toBe(true);
      expect(seen.some((p) => p.startsWith('/pagefind/terms/'))).toBe(true);
      expect(seen.some((p) => p.startsWith('/pagefind/lookup/'))).toBe(true);
      // Not searched yet: no index chunk, no result.
      expect(seen.filter((p) => /\/index\//.test(p))).toEqual([]);
      expect(await typing.locator('#results > li').count()).toBe(0);
      // A project's full name, which the lookup answers: its file is read, and nothing else of the index.
      seen.length = 0;
      const name = '情報システムの整備（情報通信技術調達等適正・効率化推進費）';
      await typing.fill('#q', name);
      await quiet();
      expect(seen.some((p) => p.startsWith('/pagefind/lookup/'))).toBe(true);
      expect(seen.filter((p) => p.startsWith('/pagefind/') && !p.startsWith('/pagefind/lookup/'))).toEqual([]);
      // Released, the scheduled search runs and answers the name.
      await typing.clock.runFor(400);
      await typing.waitForFunction(() => (document.getElementById('search-status')!.textContent ?? '').includes('名称が一致するページが1件'));
    } finally {
      await context.close();
    }
  });

  it('answers the next query from the newest year before it loads any other year’s index', async () => {
    // Once a search has merged every year, a single Pagefind loaded the next term's index chunk
    // from every year's bundle before its first result: the newest year is its own instance.
    const m = (await (await fetch(`${server.url}/pagefind/shards.json`)).json()) as { shards: Array<{ path: string; partition: string }> };
    const first = new Set(yearGroups(m.shards.map((x) => x.partition))[0]!.shards);
    const older = m.shards.filter((_, k) => !first.has(k)).map((x) => `/${x.path}`);
    expect(older.length).toBeGreaterThan(1);
    const every = await open(`?q=${encodeURIComponent('セキュリティ')}`);
    expect(titles(every)).toContain('IoTセキュリティ総合対策の推進');
    await page.waitForFunction(() => !(document.getElementById('search-status')!.textContent ?? '').includes('検索しています'));
    const next = await page.evaluate(async () => {
      performance.clearResourceTimings();
      const results = document.getElementById('results')!;
      results.replaceChildren();
      document.getElementById('search-status')!.textContent = '';
      let first: number | null = null;
      new MutationObserver((_, o) => {
        if (first === null && results.querySelector('li')) {
          first = performance.now();
          o.disconnect();
        }
      }).observe(results, { childList: true });
      (document.getElementById('q') as HTMLInputElement).value = 'デジタル';
      const start = performance.now();
      (document.getElementById('search-form') as HTMLFormElement).requestSubmit();
      const status = () => document.getElementById('search-status')!.textContent ?? '';
      while (!/見つかりました|ありません/.test(status()) || status().includes('検索しています')) await new Promise((ok) => setTimeout(ok, 20));
      const index = performance.getEntriesByType('resource').filter((e) => e.startTime >= start && /\/pagefind\/(s\d+\/)?index\//.test(e.name));
      return { first, index: index.map((e) => ({ path: new URL(e.name).pathname, at: e.startTime })), titles: [...results.querySelectorAll('h3 a')].map((a) => a.textContent) };
    });
    // A word of the newest year and of older ones (by the term table), so both lanes are searched.
    expect(next.titles.length).toBeGreaterThan(0);
    expect(next.first).not.toBeNull();
    const olderChunks = next.index.filter((e) => older.some((p) => e.path.startsWith(`${p}index/`)));
    // The other years are still searched (the status waited for them), after the first result.
    expect(olderChunks.length).toBeGreaterThan(0);
    for (const e of olderChunks) expect(e.at, e.path).toBeGreaterThan(next.first!);
  });

  it('counts the results by filter value once the results are shown, as many as choosing the value finds', async () => {
    const o = await open(`?q=${encodeURIComponent('セキュリティ')}`);
    expect(o.status).toContain('件見つかりました');
    // The counts come a moment after the results (search.ts: countsLater), then every group's are numbers.
    await page.waitForFunction(() => [...document.querySelectorAll('#filters .count')].every((c) => c.textContent !== '(…)'), undefined, { timeout: 20_000 });
    const kinds = await page.evaluate(() => {
      const group = [...document.querySelectorAll('#filters fieldset')].find((f) => f.querySelector('legend')!.textContent === '種別')!;
      return [...group.querySelectorAll('li')].map((li) => [li.querySelector('input')!.value, Number(li.querySelector('.count')!.textContent!.replace(/[(),]/g, ''))] as const);
    });
    const counted = kinds.filter(([, n]) => n > 0);
    // A page can be of two kinds (a measure that is also a policy evaluation): each count is checked on its own.
    expect(counted.length).toBeGreaterThan(2);
    for (const [kind, n] of counted) {
      const chosen = await open(`?q=${encodeURIComponent('セキュリティ')}&kind=${encodeURIComponent(kind)}`);
      expect(chosen.status, kind).toContain(`${n}件見つかりました`);
    }
  });

  it('lists nothing for a word no page contains (no fallback to a shorter prefix, Pagefind #1237), and loads no index for it', async () => {
    await quietLog();
    const o = await open(`?q=${encodeURIComponent('新幹線')}`);
    expect(o.hits).toEqual([]);
    expect(o.status).toContain('ありません');
    // The term table (term-shards.ts) says no shard holds it: one small file, no index chunk, no fragment.
    expect(server.log.filter((l) => /^\/pagefind\/terms\//.test(l.path)).length).toBe(1);
    expect(server.log.filter((l) => /^\/pagefind\/(s\d+\/)?(index|fragment)\//.test(l.path))).toEqual([]);
    // A Latin word no page has a word starting with its first two letters: the same.
    await quietLog();
    const latin = await open(`?q=${encodeURIComponent('zqxvjkpw')}`);
    expect(latin.hits).toEqual([]);
    expect(latin.status).toContain('ありません');
    expect(server.log.filter((l) => /^\/pagefind\/(s\d+\/)?(index|fragment)\//.test(l.path))).toEqual([]);
  });

  it('loads the index of only the shards the term table names for a word', async () => {
    // A compound of one older year: the shards holding it, by the table, and no other shard's index chunks.
    const m = (await (await fetch(`${server.url}/pagefind/shards.json`)).json()) as { shards: Array<{ path: string; partition: string }>; terms: { buckets: number } };
    const word = 'IoT セキュリティ';
    const table = await shardsHoldingTerms(planQuery(word).strict, m.terms.buckets, async (name) => (await fetch(`${server.url}/pagefind/terms/${name}.json`)).json() as Promise<Record<string, string>>);
    // IoT is Latin (not in the table), セキュリティ is: the table narrows, the shards it leaves are asked about IoT.
    expect(table?.complete).toBe(false);
    const holding = new Set([...table!.shards].map((k) => `/${m.shards[k]!.path}`));
    expect(holding.size).toBeGreaterThan(0);
    expect(holding.size).toBeLessThan(m.shards.length);
    // Each Pagefind opened (the newest year's, the other years') always searches its primary
    // bundle (its first shard) too: allowed where the table sends the search to that group.
    const first = new Set(yearGroups(m.shards.map((x) => x.partition))[0]!.shards);
    const olderPrimary = m.shards.findIndex((_, k) => !first.has(k));
    const primaries = [...table!.shards].some((k) => first.has(k)) ? [`/${m.shards[0]!.path}`] : [];
    if ([...table!.shards].some((k) => !first.has(k))) primaries.push(`/${m.shards[olderPrimary]!.path}`);
    await quietLog();
    const o = await open(`?q=${encodeURIComponent(word)}`);
    expect(titles(o)).toContain('IoTセキュリティ総合対策の推進');
    const chunks = new Set(server.log.map((l) => /^(\/pagefind\/(?:s\d+\/)?)index\//.exec(l.path)?.[1]).filter((x): x is string => x !== undefined));
    expect(chunks.size).toBeGreaterThan(0);
    for (const p of chunks) expect([...holding, ...primaries], p).toContain(p);
  });

  it('does not search the newest year word by word for a compound the table finds in an older year', async () => {
    // セキュリティ総合対策 is on one 2018 page of the sample; its words each are in 2024 too. The
    // newest year's step listed those word-by-word matches, then the next step replaced them.
    const m = (await (await fetch(`${server.url}/pagefind/shards.json`)).json()) as { shards: Array<{ path: string; partition: string }> };
    const first = new Set(yearGroups(m.shards.map((x) => x.partition))[0]!.shards);
    const newest = m.shards.filter((_, k) => first.has(k)).map((x) => `/${x.path}`);
    await quietLog();
    const o = await open(`?q=${encodeURIComponent('セキュリティ総合対策')}`);
    expect(titles(o)).toContain('IoTセキュリティ総合対策の推進');
    expect(await page.isHidden('#search-note')).toBe(true);
    const chunks = new Set(server.log.map((l) => /^(\/pagefind\/(?:s\d+\/)?)index\//.exec(l.path)?.[1]).filter((x): x is string => x !== undefined));
    for (const p of newest) expect(chunks.has(p), p).toBe(false);
  });

  it('applies a filter from the keyboard, keeps it in the URL and restores it on reload', async () => {
    await open(`?q=${encodeURIComponent('総務省')}`);
    const first = await settled();
    const all = titles(first);
    // The ministry's own page first (its name is the query), and pages of other kinds, such as a recipient.
    expect(all[0]).toBe('総務省');
    const recipient = first.hits.find((h) => h.facts['種別'] === '支出先')?.title;
    expect(recipient).toBeTruthy();
    // Keyboard only: focus the 種別 = 事業 checkbox and press Space.
    const box = page.locator('fieldset:has(legend:text-is("種別")) input[value="事業"]');
    await box.focus();
    await page.keyboard.press('Space');
    const filtered = await settled();
    expect(titles(filtered)).toContain('自治体AI共同開発推進事業');
    expect(titles(filtered)).not.toContain(recipient);
    for (const h of filtered.hits) expect(h.facts['種別']).toBe('事業');
    expect(new URL(page.url()).searchParams.getAll('kind')).toEqual(['事業']);
    await page.reload();
    const again = await settled();
    expect(titles(again)).toEqual(titles(filtered));
    expect(await page.locator('fieldset:has(legend:text-is("種別")) input[value="事業"]').isChecked()).toBe(true);
  });

  it('filters by year and sorts by amount, showing name, ministry, year and amount', async () => {
    const o = await open('?kind=%E4%BA%8B%E6%A5%AD&sort=amount-desc');
    expect(o.hits.length).toBeGreaterThan(1);
    const amounts = o.hits.map((h) => h.facts['予算額']).filter(Boolean);
    expect(amounts.length).toBeGreaterThan(1);
    const yen = (s: string) => Number(s.replace(/[,円]/g, '').replace(/(.+)億$/, (_m, n: string) => String(Number(n) * 1e8)).replace(/(.+)百万$/, (_m, n: string) => String(Number(n) * 1e6)).replace(/(.+)兆$/, (_m, n: string) => String(Number(n) * 1e12)));
    const values = amounts.map((a) => yen(a!));
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    for (const h of o.hits) {
      expect(h.facts['府省庁']).toBeTruthy();
      expect(h.facts['年度']).toMatch(/^(令和|平成)(元|\d+)年度 \(\d{4}\)/);
    }
    const ai = (await open(`?q=${encodeURIComponent('自治体AI共同開発推進事業')}`)).hits[0]!;
    expect(ai.title).toBe('自治体AI共同開発推進事業');
    expect(ai.facts).toMatchObject({ 種別: '事業', 府省庁: '総務省', 年度: '令和3年度 (2021)' });
    // Year filter: exactly the published projects of review year 2018 (the two text-flow
    // seeds and the bundled JUDGIT sheets of that year).
    const y = await open('?kind=%E4%BA%8B%E6%A5%AD&year=2018');
    const published = JSON.parse(readFileSync(`${TEST_DIST}/data/projects.json`, 'utf8')) as Array<{ reviewYear: number; name: string }>;
    const of2018 = published.filter((r) => r.reviewYear === 2018).map((r) => r.name);
    expect(of2018).toEqual(expect.arrayContaining(['IoTセキュリティ総合対策の推進', '地域IoT実装総合支援パッケージ施策']));
    expect(titles(y).sort()).toEqual(of2018.sort());
  });

  it('asks every shard in one search: sorted results and a word’s check split one answer by its labelled scores', async () => {
    const lists = () => page.getAttribute('#search-form', 'data-shard-lists');
    await open('?kind=%E4%BA%8B%E6%A5%AD&sort=amount-asc');
    expect(await lists()).toBe('labels');
    const shards = (await page.evaluate(() => fetch('/pagefind/shards.json').then((r) => r.json()))) as { shards: unknown[] };
    expect(shards.shards.length).toBeGreaterThanOrEqual(3);
    // A Latin word, which the term table cannot decide (term-shards.ts): the shards are asked.
    await open(`?q=${encodeURIComponent('IoT')}`);
    expect(await lists()).toBe('labels');
    // The smallest amounts of all shards, in order: the same amounts as sorting every
    // 事業 page of the merged index by its amount (loaded here, one by one).
    for (const dir of ['asc', 'desc'] as const) {
      const o = await open(`?kind=%E4%BA%8B%E6%A5%AD&sort=amount-${dir}`);
      expect(await lists()).toBe('labels');
      // A string, so that the test runner does not rewrite the page's own dynamic import.
      const truth = (await page.evaluate(`(async () => {
        const rs = await Promise.all((await ${LANES}).map(async (u) => (await import(u)).search(null, { filters: { 種別: ['事業'] } })));
        return Promise.all(rs.flatMap((r) => r.results).map(async (x) => { const d = await x.data(); return { url: new URL(d.url, location.href).pathname, amount: d.meta.amount }; }));
      })()`)) as Array<{ url: string; amount?: string }>;
      const amountOf = new Map(truth.map((t) => [t.url, t.amount == null ? NaN : Number(t.amount)]));
      const all = [...amountOf.values()].filter((a) => Number.isFinite(a)).sort((a, b) => (dir === 'asc' ? a - b : b - a));
      expect(all.length).toBeGreaterThan(o.hits.length);
      expect(o.hits.map((h) => amountOf.get(h.url))).toEqual(all.slice(0, o.hits.length));
    }
  });

  it('lists exactly the pages that contain the word, though a shard without it falls back to a shorter prefix', async () => {
    // A search over every year, so that the page has merged every shard (it merges a shard
    // when a search first needs it) and the import below sees the whole index.
    await open('?kind=%E4%BA%8B%E6%A5%AD&scope=all');
    // Every indexed page's text, from the merged index (a string: see the test above).
    const pages = (await page.evaluate(`(async () => {
      const rs = await Promise.all((await ${LANES}).map(async (u) => (await import(u)).search(null, { sort: { page: 'asc' } })));
      return Promise.all(rs.flatMap((r) => r.results).map(async (x) => { const d = await x.data(); return { url: new URL(d.url, location.href).pathname, text: [d.content ?? '', ...Object.values(d.meta)].join(' ') }; }));
    })()`)) as Array<{ url: string; text: string }>;
    expect(pages.length).toBeGreaterThan(200);
    // Before the search was limited to the shards holding the word, 9 of the 15 results for
    // IoT and 4 of the 6 for ビッグデータ on this sample did not contain it.
    // Compounds the term table decides (ビッグデータ, 交付金 …) and words it does not (IoT, Latin).
    for (const word of ['IoT', 'ビッグデータ', '公教育データ', '富士通', '交付金', '地方創生', 'セキュリティ 対策']) {
      const terms = planQuery(word).strict;
      const truth = pages.filter((p) => terms.every((t) => containsTerm(p.text, t))).map((p) => p.url);
      expect(truth.length, word).toBeGreaterThan(0);
      // Every year (a first search may stop short of some: the test below).
      const o = await open(`?q=${encodeURIComponent(word)}&scope=all`);
      expect(o.status, word).toContain(`${truth.length}件見つかりました`);
      for (const h of o.hits) expect(truth, word).toContain(h.url);
    }
  });

  it('reaches back only as far as a first query may download, says which years it left, and searches them on request', async () => {
    // 事業 is on nearly every page of every year: each year's shards cost their metadata and
    // an index chunk (search-plan.ts: firstReach), more than a first query is allowed.
    const m = (await (await fetch(`${server.url}/pagefind/shards.json`)).json()) as { shards: Array<{ path: string; partition: string }> };
    await quietLog();
    const first = await open(`?q=${encodeURIComponent('事業')}`);
    const cut = /^(.+)のページで([\d,]+)件見つかりました/.exec(first.status);
    expect(cut, first.status).not.toBeNull();
    expect(first.note).toMatch(/^(.+)のページは、まだ検索していません。 すべての年度で検索$/);
    // The years left are not searched: none of their shards' index was loaded, and their counts say so.
    const left = new Set(await page.locator('fieldset:has(legend:text-is("レビュー年度")) li').evaluateAll((lis) => lis.filter((li) => li.textContent!.includes('(未検索)')).map((li) => li.querySelector('input')!.value)));
    expect(left.size).toBeGreaterThan(0);
    const leftShards = m.shards.filter((x) => left.has(x.partition.slice(0, 4))).map((x) => `/${x.path}`);
    expect(server.log.filter((l) => leftShards.some((p) => l.path.startsWith(`${p}index/`)))).toEqual([]);
    // Each result is of a year searched (a page of several years, by its newest: listed first).
    for (const h of first.hits) expect(left.has(/\((\d{4})\)/.exec(h.facts['年度'] ?? '')?.[1] ?? ''), h.title).toBe(false);
    // Every year, on request: in the URL, a complete count, more pages.
    await page.click('#search-note button');
    const every = await settled();
    expect(new URL(page.url()).searchParams.get('scope')).toBe('all');
    const total = /^([\d,]+)件見つかりました/.exec(every.status);
    expect(total, every.status).not.toBeNull();
    expect(Number(total![1]!.replace(/,/g, ''))).toBeGreaterThan(Number(cut![2]!.replace(/,/g, '')));
    expect(every.note).toBeNull();
    // A word the term table finds in a few shards is searched in every year at once.
    const rare = await open(`?q=${encodeURIComponent('セキュリティ総合対策')}`);
    expect(rare.status).toMatch(/^[\d,]+件見つかりました/);
    expect(titles(rare)).toContain('IoTセキュリティ総合対策の推進');
  });

  it('navigates back through searches with the browser history', async () => {
    await open();
    await typeQuery('富士通');
    await typeQuery('ビッグデータ');
    await page.goBack();
    const back = await settled();
    expect(await page.inputValue('#q')).toBe('富士通');
    expect(titles(back)).toContain('富士通株式会社');
  });
});
