/**
 * The search's pure parts: how a pasted query is cut (brackets and punctuation as
 * separators), the exact-lookup keys and files, what a query fetches (search-plan.ts), and
 * what the index takes from a page (metadata, filters, a legacy sheet's original text).
 */
import { describe, expect, it } from 'vitest';
import { encodeCompound, planQuery, queryPieces } from '../src/lib/search/tokenize.ts';
import { bucketName, bucketOf, buildLookup, isIdentifierQuery, lookupKey, pageKeys } from '../src/lib/search/lookup.ts';
import { joinLines, originalForIndex, prepareForIndex } from '../src/lib/search/index-html.ts';
import { answeredByLookup, fetchPlan, firstReach, reachSteps, searchPlan, shardSteps } from '../src/client/search-plan.ts';
import { comparePartitions, partitionCovers, yearGroups } from '../src/lib/search/partitions.ts';
import { buildExcerpt, unspace } from '../src/client/search-state.ts';
import { filterCounts, partitionOf } from '../scripts/stages/search-index.ts';

describe('a pasted query is cut like the indexed text', () => {
  it('takes brackets, slashes and Japanese punctuation as separators, and keeps identifiers whole', () => {
    expect(queryPieces('国際金融公社包括的日本信託基金（CJTF）への拠出')).toEqual(['国際金融公社包括的日本信託基金', 'CJTF', 'への拠出']);
    expect(queryPieces('経済協力開発機構原子力機関（ＯＥＣＤ／ＮＥＡ）共同事業参加')).toEqual(['経済協力開発機構原子力機関', 'OECD', 'NEA', '共同事業参加']);
    expect(queryPieces('防災・安全交付金「道路事業」')).toEqual(['防災', '安全交付金', '道路事業']);
    expect(queryPieces('2021-総務-20-0094')).toEqual(['2021-総務-20-0094']);
    // A dash pasted from a PDF (‐, −) is the hyphen.
    expect(queryPieces('新30‐0017')).toEqual(['新30-0017']);
    expect(queryPieces('　医療社会事業従事者　（医療ソーシャルワーカー）')).toEqual(['医療社会事業従事者', '医療ソーシャルワーカー']);
  });
  it('searches a bracketed name by its compounds, not as one identifier phrase', () => {
    const e = encodeCompound;
    expect(planQuery('国際金融公社包括的日本信託基金（CJTF）への拠出').strict).toEqual([e('国際金融公社'), e('包括的日本信'), e('日本信託基金'), 'CJTF', 'への', e('拠出')]);
    expect(planQuery('2021-総務-20-0094').strict).toEqual(['"2021 総務 20 0094"']);
  });
  it('shows excerpts without the spaces the index put inside brackets', () => {
    expect(unspace('基金 ( CJTF ) への 拠出')).toBe('基金(CJTF)への拠出');
    expect(unspace('budget ( FY 2021 ) total')).toBe('budget (FY 2021) total');
  });
});

describe('exact lookup', () => {
  it('gives a name and a number the same key however they are written', () => {
    expect(lookupKey('防災・安全交付金（道路事業）')).toBe(lookupKey('防災･安全交付金(道路事業)'));
    expect(lookupKey('防災・安全交付金（道路事業）')).toBe('防災安全交付金道路事業');
    for (const n of ['1020001071491', '1 0200 0107 1491', '1-0200-0107-1491', '１０２０００１０７１４９１']) expect(lookupKey(n)).toBe('1020001071491');
    expect(lookupKey('ＩｏＴ実装')).toBe('iot実装');
    expect(pageKeys({ title: '富士通株式会社', ids: '1020001071491' })).toEqual(['富士通株式会社', '1020001071491']);
  });
  it('tells identifiers from words', () => {
    for (const q of ['1020001071491', '1 0200 0107 1491', '2021-総務-20-0094', '新30-0017', '2023-こども-新23-0067', '1449']) expect(isIdentifierQuery(q), q).toBe(true);
    for (const q of ['富士通', '地方創生', 'IoT', 'UH-J', '令和3年度の事業']) expect(isIdentifierQuery(q), q).toBe(false);
  });
  it('splits the table into buckets a key finds again, newest year first', () => {
    const pages = Array.from({ length: 400 }, (_, i) => ({ url: `/projects/p${i}/`, meta: { title: `事業${i % 200}`, ids: `2024-総務-${i}`, kind: '事業', year: String(2015 + (i % 10)), ministry: '総務省' } }));
    const { manifest, files } = buildLookup(pages);
    expect(manifest.buckets).toBeGreaterThan(1);
    expect(manifest.buckets & (manifest.buckets - 1)).toBe(0);
    // 事業7 is the title of p7 (2022) and p207 (2022): both, and 事業5 (p5 2020, p205 2020).
    const key = lookupKey('事業13');
    const bucket = files.get(bucketName(bucketOf(key, manifest.buckets)))!;
    expect(bucket[key]!.map((e) => e[0])).toEqual(['/projects/p13/', '/projects/p213/']);
    const id = lookupKey('2024-総務-399');
    expect(files.get(bucketName(bucketOf(id, manifest.buckets)))![id]!.map((e) => e[0])).toEqual(['/projects/p399/']);
    // Same pages, same files.
    expect(JSON.stringify([...buildLookup([...pages].reverse()).files].sort())).toBe(JSON.stringify([...files].sort()));
    const newest = buildLookup([{ url: '/a/', meta: { title: 'X', year: '2019' } }, { url: '/b/', meta: { title: 'X', year: '2024' } }, { url: '/c/', meta: { title: 'X', year: '2021,2023' } }]);
    expect([...newest.files.values()][0]!.x!.map((e) => e[0])).toEqual(['/b/', '/c/', '/a/']);
  });
});

describe('what a query fetches', () => {
  const partitions = ['2024', '2024', '2024+', '2023', '2023+', '2022', 'all'];
  it('searches the newest year first (with the pages of several years ending then, and those of none), then every year', () => {
    expect(shardSteps(partitions, [])).toEqual([[0, 1, 2, 6], [0, 1, 2, 3, 4, 5, 6]]);
    expect(shardSteps(['2024', 'all'], [])).toEqual([[0, 1]]);
    expect(shardSteps(['2024', '2023'], [])).toEqual([[0], [0, 1]]);
    expect(shardSteps(['2024', '2024'], [])).toEqual([[0, 1]]);
    expect(shardSteps(['all'], [])).toEqual([[0]]);
  });
  it('lets the year filter decide which shards are loaded', () => {
    // 2022: its own shard, the pages of several years that may include it (ending 2023 or 2024), and those of none.
    expect(shardSteps(partitions, ['2022'])).toEqual([[2, 4, 5, 6]]);
    expect(shardSteps(partitions, ['2024'])).toEqual([[0, 1, 2, 6]]);
    expect(shardSteps(partitions, ['2023', '2024'])).toEqual([[0, 1, 2, 3, 4, 6]]);
    expect(shardSteps(['2024', '2023'], ['2019'])).toEqual([[]]);
  });
  it('groups shards by year, newest first, the pages of no year with the newest', () => {
    expect(yearGroups(partitions)).toEqual([{ year: 2024, shards: [0, 1, 2, 6] }, { year: 2023, shards: [3, 4] }, { year: 2022, shards: [5] }]);
    expect(yearGroups(['all'])).toEqual([{ year: null, shards: [0] }]);
    expect(partitionCovers('2019+', ['2015'])).toBe(true);
    expect(partitionCovers('2019+', ['2020'])).toBe(false);
    expect(partitionCovers('2019', ['2019'])).toBe(true);
    expect(partitionCovers('all', ['2010'])).toBe(true);
  });
  describe('how far back a first search goes (firstReach)', () => {
    // Ten years of four shards each, 30 KB of metadata and 45 KB index chunks.
    const years = Array.from({ length: 10 }, (_, i) => String(2024 - i));
    const decade = years.flatMap((y) => [y, y, y, `${y}+`]);
    const costs = decade.map(() => ({ meta: 30_000, chunk: 45_000 }));
    const ofYears = (...ys: number[]) => decade.flatMap((p, k) => (ys.includes(Number(p.slice(0, 4))) ? [k] : []));
    it('stops a word every year holds at the newest year, and says which years are left', () => {
      // 2024: 4 x 75 KB = 300 KB; with 2023 (and the second Pagefind, 107 KB) 707 KB > 450 KB.
      const r = firstReach(decade, costs, null, 1);
      expect(r.shards).toEqual(ofYears(2024));
      expect(r.left).toEqual(ofYears(2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016, 2015));
      expect(r.years).toEqual([2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016, 2015]);
      expect(r.reached).toEqual([2024]);
      expect(reachSteps(decade, r.shards)).toEqual([ofYears(2024)]);
    });
    it('searches every year at once when the term table leaves only a few shards', () => {
      const r = firstReach(decade, costs, new Set([1, 13, 30]), 1);
      expect(r).toEqual({ shards: decade.map((_, k) => k), left: [], years: [], reached: [2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017, 2016, 2015] });
    });
    it('goes back to the newest year that may hold the words, however much it costs, and as far as the budget allows', () => {
      // Only 2019 and older hold them: 2024-2020 cost nothing; 2019 is reached whatever its cost.
      const held = new Set(ofYears(2019, 2018, 2017, 2016, 2015));
      const r = firstReach(decade, costs, held, 3, 100_000);
      expect(r.shards).toEqual(ofYears(2024, 2023, 2022, 2021, 2020, 2019));
      expect(r.years).toEqual([2018, 2017, 2016, 2015]);
      expect(r.reached).toEqual([2024, 2023, 2022, 2021, 2020, 2019]);
      expect(reachSteps(decade, r.shards)).toEqual([ofYears(2024), ofYears(2024, 2023, 2022, 2021, 2020, 2019)]);
      // More words, more index chunks: a larger budget reaches one more year per 4 x (30 + 3 x 45) KB.
      expect(firstReach(decade, costs, held, 3, 107_000 + 2 * 660_000).years).toEqual([2017, 2016, 2015]);
    });
    it('reaches every year when the build did not say what its shards cost', () => {
      expect(firstReach(decade, decade.map(() => null), null, 1).left).toEqual([]);
      expect(firstReach(['2024', '2023'], [{ meta: 1, chunk: 1 }, null], null, 1).shards).toEqual([0, 1]);
    });
  });
  it('reads one lookup file for the query and knows an identifier', () => {
    const p = searchPlan('1 0200 0107 1491', [], partitions, 64);
    expect(p.lookup).toEqual({ key: '1020001071491', file: `${bucketName(bucketOf('1020001071491', 64))}.json` });
    expect(p.identifier).toBe(true);
    expect(searchPlan('富士通', [], partitions, null)).toMatchObject({ lookup: null, identifier: false });
    expect(searchPlan('の', [], partitions, 64).terms.strict).toEqual([]);
  });
  it('knows before cutting the query into words whether the full text will be needed', () => {
    // Words: the full text, started beside the lookup.
    expect(fetchPlan('富士通', [], partitions, 64)).toMatchObject({ identifier: false, fullText: true });
    // A number: the lookup alone, unless the reader asks for the full text or a filter is chosen.
    expect(fetchPlan('1 0200 0107 1491', [], partitions, 64).fullText).toBe(false);
    expect(fetchPlan('1 0200 0107 1491', [], partitions, 64, true).fullText).toBe(true);
    expect(fetchPlan('', [], partitions, 64, false, true).fullText).toBe(true);
    // Nothing typed, or only punctuation: nothing to load.
    expect(fetchPlan('', [], partitions, 64).fullText).toBe(false);
    expect(fetchPlan('　（）・', [], partitions, 64)).toMatchObject({ lookup: null, fullText: false });
    // The same lookup and steps as the whole plan.
    const whole = searchPlan('2021-総務-20-0094', ['2023'], partitions, 64);
    expect(fetchPlan('2021-総務-20-0094', ['2023'], partitions, 64)).toEqual({ lookup: whole.lookup, identifier: whole.identifier, steps: whole.steps, fullText: false });
  });
});

describe('what the lookup answers alone', () => {
  const k = (...kinds: Array<string | undefined>) => kinds.map((kind) => ({ kind, title: 'x' }));
  it('answers a number, and a pasted project or recipient name, without the full text unless asked', () => {
    expect(answeredByLookup(true, k('支出先'), false, false)).toBe(true);
    expect(answeredByLookup(true, k('事業'), false, true)).toBe(true);
    expect(answeredByLookup(false, k('事業'), false, false)).toBe(true);
    expect(answeredByLookup(false, k('事業', '支出先'), false, false)).toBe(true);
    // The button (full=1), a filter, or no exact page: the full text.
    expect(answeredByLookup(true, k('支出先'), true, false)).toBe(false);
    expect(answeredByLookup(false, k('事業'), true, false)).toBe(false);
    expect(answeredByLookup(false, k('事業'), false, true)).toBe(false);
    expect(answeredByLookup(false, [], false, false)).toBe(false);
    expect(answeredByLookup(true, [], false, false)).toBe(false);
    // A ministry's, measure's or evaluation's name is a word people search with (総務省).
    expect(answeredByLookup(false, k('府省'), false, false)).toBe(false);
    expect(answeredByLookup(false, [{ kind: '事業', title: '地方創生の推進事業' }, { kind: '施策', title: '地方創生の推進' }], false, false)).toBe(false);
    expect(answeredByLookup(false, k('施策'), false, false)).toBe(false);
    expect(answeredByLookup(false, k(undefined), false, false)).toBe(false);
  });
  it('answers a pasted project name that a measure has too (the measure holding that project)', () => {
    const name = '政府規制分野等に係る調査・検討及び評価';
    expect(answeredByLookup(false, [{ kind: '事業', title: name }, { kind: '施策', title: name }], false, false)).toBe(true);
    expect(answeredByLookup(false, [{ kind: '事業', title: name }, { kind: '施策', title: '政府規制分野等に係る調査･検討及び評価' }], false, false)).toBe(true);
    expect(answeredByLookup(false, [{ kind: '事業', title: name }, { kind: '施策', title: name }], true, false)).toBe(false);
  });
});

describe('what the index takes from a page', () => {
  const page = (original: string) => `<html lang="ja"><body><article data-pagefind-body>
    <div hidden data-pagefind-ignore><span data-pagefind-filter="種別">事業</span><span data-pagefind-filter="年度">2018</span><span data-pagefind-meta="title">地域IoT実装総合支援パッケージ施策</span><span data-pagefind-meta="ids">新30-0017</span><span data-pagefind-meta="amount" data-pagefind-sort="amount">123</span></div>
    <h1>地域IoT実装総合支援パッケージ施策</h1><p>地域の課題解決</p>
    <section id="source" data-pagefind-ignore><h2>原文</h2><p>ファイル: x.txt</p>${original}</section></article></body></html>`;
  it('reads the metadata and filter values SearchMeta wrote', () => {
    const out = prepareForIndex(page(''))!;
    expect(out.meta).toEqual({ title: '地域IoT実装総合支援パッケージ施策', ids: '新30-0017', amount: '123' });
    expect(out.filters).toEqual({ 種別: ['事業'], 年度: ['2018'] });
    expect(out.html).not.toContain('⁑⁑');
  });
  it('indexes a legacy sheet’s original text after the page’s own, with a low weight, lines joined where a PDF wrapped them', () => {
    const out = prepareForIndex(page('<div class="source-lines" tabindex="0"><ol><li id="L1">補助事業の実施に際して、経理監</li><li id="L2">査業務を補助。</li><li id="L3">ABC</li></ol></div>'))!;
    const at = out.html.indexOf('<div data-pagefind-weight="0.2"><p>⁑⁑</p>');
    expect(at).toBeGreaterThan(out.html.indexOf('⁂⁂'));
    const block = out.html.slice(at);
    expect(block).toContain('経理監査業務 を 補助');
    expect(block).toContain(encodeCompound('経理監査業務'));
    // Not in the structured text, and the page's own terms are not repeated.
    expect(out.html.slice(0, at)).not.toContain('経理');
    expect(block).not.toContain(`${encodeCompound('地域')} `);
    expect(joinLines(['際して、経理監', '査業務', 'ABC', ' def'])).toBe('際して、経理監査業務 ABC def');
  });
  it('indexes a JSON record’s values only, and only those the structured page does not already hold', () => {
    const li = (lines: string[]) => `<div class="source-lines"><ol>${lines.map((l, i) => `<li id="json-L${i + 1}">${l.replace(/"/g, '&quot;')}</li>`).join('')}</ol></div>`;
    const lines = ['{', '  "ID": 24955,', '  "事業名": "地域IoT実装総合支援パッケージ施策",', '  "作成責任者": "酒税課長\\n杉山　真",', '  "会計区分": [', '    "一般会計"', '  ],', '  "終了年度": null,', '  "備考": "地域の課題解決",', '  "支出先": [', '    {', '      "名": "株式会社明方堂"', '    }', '  ]', '}'];
    const out = prepareForIndex(page(li(lines)))!;
    const block = out.html.slice(out.html.indexOf('⁑⁑'));
    // Keys, null and brackets are gone; the title and 地域の課題解決 are in the structured text.
    expect(block).toContain('<p>24955 酒税課長 杉山 真 一般会計 株式会社明方堂</p>');
    expect(block).not.toContain('事業名');
    expect(block).not.toContain('null');
    expect(block).toContain(encodeCompound('酒税課長'));
    // A line that is not JSON makes the whole text a PDF's: joined, nothing left out.
    expect(originalForIndex(['{', '  "名": "明方堂",', '明方堂 の 行'], ['明方堂'])).toBe('{ "名": "明方堂", 明方堂 の 行');
    // Repeated values once; a value split between two text nodes of the page is not taken as held.
    expect(originalForIndex(['"a",', '"a",', '"地域課題"'], ['地域', '課題'])).toBe('a 地域課題');
  });
  it('shows an excerpt from the original text when the words are only there', () => {
    const content = '地域 の 課題 解決 ⁂⁂ q1 ⁑⁑ 補助 事業 の 実施 に 際して 、 経理監査業務 を 補助 。 ⁂⁂ q2';
    const parts = buildExcerpt(content, ['経理監査']);
    expect(parts[0]!.text.startsWith('原文: ')).toBe(true);
    expect(parts.find((p) => p.mark)?.text).toBe('経理監査');
    expect(buildExcerpt(content, ['課題'])[0]!.text.startsWith('原文')).toBe(false);
  });
  it('puts each page in its review year, the newest of several (`+`), or in `all` when it has none', () => {
    const raw = (years: string[]) => Buffer.from(`<article data-pagefind-body>${years.map((y) => `<span data-pagefind-filter="年度">${y}</span>`).join('')}</article>`);
    expect(partitionOf(raw(['2024']))).toBe('2024');
    expect(partitionOf(raw(['2024', '2024']))).toBe('2024');
    expect(partitionOf(raw(['2019', '2024', '2023']))).toBe('2024+');
    expect(partitionOf(raw([]))).toBe('all');
    expect(partitionOf(raw(['2024', '令和6']))).toBe('all');
    // The years of SearchMeta, which come before its title: what the search stage reads of a page's start is enough.
    const meta = (years: string[], after: string) => Buffer.from(`<article data-pagefind-body>${years.map((y) => `<span data-pagefind-filter="年度">${y}</span>`).join('')}<span data-pagefind-meta="title">名</span>${after}</article>`);
    expect(partitionOf(meta(['2023'], '<span data-pagefind-filter="年度">2024</span>'))).toBe('2023');
    expect(partitionOf(meta(['2022', '2023'], ''.padEnd(50_000, 'x')))).toBe('2023+');
    expect(['all', '2019', '2024+', '2024', '2019+', '2021'].sort(comparePartitions)).toEqual(['2024', '2024+', '2021', '2019', '2019+', 'all']);
    expect(filterCounts([{ url: '/a/', meta: {}, filters: { 年度: ['2024', '2024'], 種別: ['事業'] } }, { url: '/b/', meta: {}, filters: { 年度: ['2023'] } }])).toEqual({ 年度: { 2024: 1, 2023: 1 }, 種別: { 事業: 1 } });
  });
});
