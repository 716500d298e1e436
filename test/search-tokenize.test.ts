/**
 * Search without a browser: the tokenisation shared by the index and the query, excerpts,
 * and the search state in the URL (the page in Chromium: search.browser.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { planQuery, spaceWords, compoundTerms, containsTerm, encodeCompound, decodeCompound, CODE_SYMBOLS } from '../src/lib/search/tokenize.ts';
import { prepareForIndex } from '../src/lib/search/index-html.ts';
import { excerptParts, stateFromUrl, stateToUrl } from '../src/client/search-state.ts';

describe('tokenisation shared by index and query', () => {
  it('keeps compounds whole in queries and falls back word by word', () => {
    const e = encodeCompound;
    expect(e('事業')).toBe('q04m7s1');
    expect(planQuery('地方創生')).toEqual({ strict: [e('地方創生')], loose: [e('地方'), '創', '生'], highlight: ['地方創生'] });
    expect(planQuery('新幹線')).toEqual({ strict: [e('新幹線')], loose: null, highlight: ['新幹線'] });
    // Compounds longer than COMPOUND_MAX (6) are searched as overlapping full-length pieces.
    expect(planQuery('ＩｏＴセキュリティ総合対策の推進').strict).toEqual(['IoT', e('セキュリティ'), e('ティ総合対策'), e('推進')]);
    expect(planQuery('取り組み').strict).toEqual(['"取 り 組 み"']);
    expect(planQuery('くわがた')).toMatchObject({ strict: ['くわがた'], loose: null });
    expect(planQuery('2021-総務-20-0094').strict).toEqual(['"2021 総務 20 0094"']);
    expect(planQuery('の').strict).toEqual([]);
  });
  it('writes each UTF-16 unit as a code no other unit’s code starts, without vowels, and reads it back', () => {
    const codes = Array.from({ length: 0x10000 }, (_, u) => encodeCompound(String.fromCharCode(u)).slice(1));
    expect(new Set(codes).size).toBe(0x10000);
    // Three symbols start with one of the first 24 symbols, four with one of the others: prefix-free.
    for (const c of codes) expect(CODE_SYMBOLS.indexOf(c[0]!) < 24).toBe(c.length === 3);
    expect(codes.every((c) => /^[0-9bcdfghjklmnpqrstvwxz]+$/.test(c))).toBe(true);
    expect(codes.filter((c) => c.length === 3).length).toBe(21106);
    for (let u = 0; u < 0x10000; u++) expect(decodeCompound(`q${codes[u]}`)).toBe(String.fromCharCode(u));
    // Kanji, katakana and 々 take three symbols; a surrogate of a rarer kanji (𠮷) four.
    expect(encodeCompound('事業々ヶー').length).toBe(16);
    expect(decodeCompound(encodeCompound('𠮷野家'))).toBe('𠮷野家');
    // Not a code: Latin words, a cut code, a unit written long that has a short code.
    expect(decodeCompound('query')).toBeNull();
    expect(decodeCompound('q04m7s')).toBeNull();
    const long = (u: number) => { const v = 24 * 30 ** 3 + u; return [30 ** 3, 30 ** 2, 30, 1].map((d) => CODE_SYMBOLS[Math.floor(v / d) % 30]).join(''); };
    expect(decodeCompound(`q${long(0x41)}`)).toBe('A');
    expect(decodeCompound(`q${long(0x4e8b)}`)).toBeNull();
  });
  it('indexes every cut of a compound so a part typed alone is a prefix of a term', () => {
    const t = compoundTerms('東北新幹線整備事業と株式会社博報堂');
    expect(t.has(encodeCompound('新幹線整備事'))).toBe(true); // ICU makes 東北新幹線 one word; 新幹線 must still be found
    expect(t.has(encodeCompound('業'))).toBe(false); // no single-character terms
    expect(t.has(encodeCompound('博報堂'))).toBe(true); // ICU cuts 博|報|堂
    expect(encodeCompound('新幹線整備事').startsWith(encodeCompound('新幹線'))).toBe(true);
    // Brackets separate words (基金(CJTF)への); the hyphens of an identifier join it.
    expect(spaceWords('地方創生推進交付金、ＩｏＴセキュリティ強化(2021-総務-20-0094)')).toBe('地方創生推進交付金 、 IoT セキュリティ 強化 ( 2021-総務-20-0094 )');
    expect(containsTerm(`東北 ⁂⁂ ${encodeCompound('東北新幹線')} ${encodeCompound('新幹線')}`, encodeCompound('新幹線'))).toBe(true);
    expect(containsTerm(`新 たな 幹線 ⁂⁂ ${encodeCompound('新')} ${encodeCompound('幹線')}`, encodeCompound('新幹線'))).toBe(false);
  });
  it('rewrites only body prose, keeps filter values whole, and leaves out what is not searched', () => {
    const html = '<html lang="ja"><head><title>t</title><meta name="description" content="要約"></head><body><nav>メニュー項目</nav><article data-pagefind-body><div hidden data-pagefind-ignore><span data-pagefind-filter="府省庁">国土交通省</span></div><h1>東北新幹線整備事業とセキュリティ</h1><p data-pagefind-ignore>原文テキスト</p><nav class="toc">目次項目</nav><dl><dt>担当課室</dt><dd>鉄道局幹線鉄道課</dd></dl><table><tr><td>株式会社博報堂</td><td class="num">1,234</td></tr></table><p class="prov">出典: 表 1-1 1 行</p><figure><figcaption>グラフ見出し</figcaption></figure></article><footer>フッター</footer></body></html>';
    const out = prepareForIndex(html)!;
    // Tags keep only their Pagefind attributes (and lang): links and classes are not what is indexed.
    expect(out.html).toContain('<div data-pagefind-ignore><span data-pagefind-filter="府省庁">国土交通省</span></div>');
    expect(out.html).toContain('<h1>東北新幹線整備事業 と セキュリティ</h1>');
    expect(out.html).toContain('<dd>鉄道局幹線鉄道課</dd>');
    expect(out.html).toContain('<td>株式会社博報堂</td>');
    expect(out.html.startsWith('<html lang="ja"><head></head><body><article data-pagefind-body>')).toBe(true);
    const page = (href: string) => `<article data-pagefind-body class="record"><section id="recipients"><p class="text"><a href="${href}">株式会社甲</a></p><div data-pagefind-weight="2">重要</div></section></article>`;
    const linked = prepareForIndex(page('/recipients/n-1/'))!;
    expect(linked.html.startsWith('<article data-pagefind-body><section><p><a>株式会社甲</a></p><div data-pagefind-weight="2">重要</div>')).toBe(true);
    expect(prepareForIndex(page('/recipients/1234567890123/'))!.html).toBe(linked.html);
    for (const gone of ['原文', 'メニュー', '目次', '担当課室', '1,234', '出典', 'グラフ', 'フッター', '要約']) expect(out.html, gone).not.toContain(gone);
    expect(out.chars).toBe('東北新幹線整備事業とセキュリティ'.length + '鉄道局幹線鉄道課'.length + '株式会社博報堂'.length);
    expect(out.html).toContain(`<p>⁂⁂</p><p>${encodeCompound('東北新幹線整')} `);
    expect(out.html).toContain(`${encodeCompound('新幹線整備事')} `);
    expect(out.html.indexOf('⁂⁂')).toBeLessThan(out.html.indexOf('</article>'));
    expect(prepareForIndex('<html><body><p>x</p></body></html>')).toBeNull();
  });
  it('shows excerpts without the index spaces and without injecting HTML', () => {
    expect(excerptParts('情報 流通 行政 局 . <mark>地域 通信 振興 課</mark> . 課長 &lt;script&gt; in use')).toEqual([
      { text: '情報流通行政局.', mark: false },
      { text: '地域通信振興課', mark: true },
      { text: '.課長<script> in use', mark: false },
    ]);
  });
  it('round-trips the state through the URL', () => {
    const s = stateFromUrl('?q=%E5%AF%8C%E5%A3%AB%E9%80%9A&ministry=%E7%B7%8F%E5%8B%99%E7%9C%81&kind=%E4%BA%8B%E6%A5%AD&sort=amount-desc&page=2');
    expect(s.q).toBe('富士通');
    expect(s.filters['府省庁']).toEqual(['総務省']);
    expect(s.filters['種別']).toEqual(['事業']);
    expect(s.sort).toBe('amount-desc');
    expect(stateFromUrl(stateToUrl(s))).toEqual(s);
    expect(stateFromUrl('?sort=bogus&page=-3')).toMatchObject({ sort: 'relevance', page: 1 });
    // Every year, asked for, is in the URL; reaching back only as far as the first query's download allows is the default and leaves it out.
    expect(s.allYears).toBe(false);
    expect(stateToUrl({ ...s, allYears: true })).toContain('scope=all');
    expect(stateFromUrl(stateToUrl({ ...s, allYears: true })).allYears).toBe(true);
    expect(stateToUrl(s)).not.toContain('scope');
  });
});

