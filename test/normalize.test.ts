import { describe, expect, it } from 'vitest';
import { eraOfWesternYear, eraOfYear, formatFiscalYear, parseFiscalYear } from '../src/lib/normalize/wareki.ts';
import { isBlankOrDash, parseAmountYen, parseNumber } from '../src/lib/normalize/amount.ts';
import { corporateNumberCheckDigitValid, normalizeCorporateNumber } from '../src/lib/normalize/corporate-number.ts';
import { normalizeProjectNumber } from '../src/lib/normalize/project-number.ts';
import { cleanLine, cleanText, mendWrapArtefacts } from '../src/lib/normalize/text.ts';
import { normalizeMeasureName } from '../src/lib/normalize/measure-name.ts';
import { decodeSource } from '../src/lib/ingest/decode.ts';
import { evaluationId, legacyProjectId, projectNameKey, textHash } from '../src/lib/ingest/ids.ts';

const M = 1_000_000;

describe('parseFiscalYear', () => {
  it.each([
    ['令和3年度', 2021],
    ['令和元年度', 2019],
    ['平成31年度', 2019],
    ['平成32年度', 2020],
    ['平成30年度', 2018],
    ['昭和64年度', 1989],
    ['令和 3 年度', 2021],
    ['令和３年度', 2021],
    ['令和３年度要求', 2021],
    ['令和4年度要求', 2022],
    ['2021年度', 2021],
    ['２０２１年度', 2021],
    ['2022年度末までに', 2022],
    ['令和3年度行政事業レビューシート', 2021],
  ])('%s → %i', (text, year) => {
    expect(parseFiscalYear(text)).toBe(year);
  });

  it('resolves short forms against the sheet era', () => {
    expect(parseFiscalYear('30年度', 'heisei')).toBe(2018);
    expect(parseFiscalYear('31年度', 'heisei')).toBe(2019);
    expect(parseFiscalYear('3年度要求', 'reiwa')).toBe(2021);
    expect(parseFiscalYear('３年度 活動見込', 'reiwa')).toBe(2021);
    expect(parseFiscalYear('元年度', 'reiwa')).toBe(2019);
    expect(parseFiscalYear('2年度', 'reiwa')).toBe(2020);
  });

  it('leaves short forms null without an era, and non-years null', () => {
    expect(parseFiscalYear('30年度')).toBeNull();
    expect(parseFiscalYear('3年度要求', null)).toBeNull();
    expect(parseFiscalYear('')).toBeNull();
    expect(parseFiscalYear('   ')).toBeNull();
    expect(parseFiscalYear('-')).toBeNull();
    expect(parseFiscalYear('当初予算')).toBeNull();
    expect(parseFiscalYear('令和年度')).toBeNull();
    expect(parseFiscalYear('令和0年度')).toBeNull();
    expect(parseFiscalYear('12345年度')).toBeNull();
    expect(parseFiscalYear('300')).toBeNull();
  });
});

describe('eraOfYear / eraOfWesternYear / formatFiscalYear', () => {
  it('finds the sheet era in its title', () => {
    expect(eraOfYear('令和3年度行政事業レビューシート (総務省)')).toEqual({ era: 'reiwa', year: 3 });
    expect(eraOfYear('平成30年度行政事業レビューシート')).toEqual({ era: 'heisei', year: 30 });
    expect(eraOfYear('令和元年度行政事業レビューシート')).toEqual({ era: 'reiwa', year: 1 });
    expect(eraOfYear('令和３年度')).toEqual({ era: 'reiwa', year: 3 });
    expect(eraOfYear('行政事業レビューシート')).toBeNull();
    expect(eraOfYear('2021年度')).toBeNull();
  });
  it('maps western years to eras', () => {
    expect(eraOfWesternYear(2019)).toEqual({ era: 'reiwa', year: 1 });
    expect(eraOfWesternYear(2018)).toEqual({ era: 'heisei', year: 30 });
    expect(eraOfWesternYear(2024)).toEqual({ era: 'reiwa', year: 6 });
    expect(eraOfWesternYear(1988)).toEqual({ era: 'showa', year: 63 });
    expect(eraOfWesternYear(1800)).toBeNull();
    expect(eraOfWesternYear(2020.5)).toBeNull();
  });
  it('formats a year with its era', () => {
    expect(formatFiscalYear(2024)).toBe('令和6年度 (2024)');
    expect(formatFiscalYear(2019)).toBe('令和元年度 (2019)');
    expect(formatFiscalYear(2018)).toBe('平成30年度 (2018)');
  });
});

describe('parseAmountYen', () => {
  it.each([
    ['1.8', 1_800_000],
    ['3,209', 3_209_000_000],
    ['△ 5,491', -5_491_000_000],
    ['△5,491', -5_491_000_000],
    ['▲12', -12_000_000],
    ['296', 296_000_000],
    ['0', 0],
    ['0.0', 0],
    ['296.0', 296_000_000],
    ['１．８', 1_800_000],
    ['３，２０９', 3_209_000_000],
    [' 286 ', 286_000_000],
    ['0.000001', 1],
    ['1.1', 1_100_000],
    ['0.3', 300_000],
    ['123456.789', 123_456_789_000],
    ['-5', -5_000_000],
  ])('%s 百万円 → %i 円', (cell, yen) => {
    expect(parseAmountYen(cell, M)).toEqual({ ok: true, value: yen });
  });

  it.each(['-', '－', '‐', '―', '−', '', '   ', '\u3000', '—', 'ー'])('dash/blank %j → null, never 0', (cell) => {
    expect(parseAmountYen(cell, M)).toEqual({ ok: true, value: null });
  });

  it('works in other units', () => {
    expect(parseAmountYen('1,234', 1000)).toEqual({ ok: true, value: 1_234_000 });
    expect(parseAmountYen('3,295,000', 1)).toEqual({ ok: true, value: 3_295_000 });
  });

  it.each(['abc', '1,23', '12,3456', '1.2.3', '1e6', '△', '百万円', '12円', '3 4', 'NaN', 'Infinity', '0x10', '1,000,00'])(
    'rejects garbage %j',
    (cell) => {
      const r = parseAmountYen(cell, M);
      expect(r.ok).toBe(false);
    },
  );

  it('rejects sub-yen precision and absurd units instead of rounding', () => {
    expect(parseAmountYen('0.0000001', M).ok).toBe(false);
    expect(parseAmountYen('1.5', 1).ok).toBe(false);
    expect(parseAmountYen('1', 3).ok).toBe(false);
    expect(parseAmountYen('99999999999999999', M).ok).toBe(false);
  });

  it('gives a reason naming the cell', () => {
    const r = parseAmountYen('約3億', M);
    expect(r).toEqual({ ok: false, reason: '数値として読めません: "約3億"' });
  });
});

describe('parseNumber', () => {
  it.each([
    ['97%', 97],
    ['97％', 97],
    ['178.3', 178.3],
    ['33.6%', 33.6],
    ['△2', -2],
    ['1,234', 1234],
    ['２', 2],
    ['0', 0],
    ['100.0%', 100],
  ])('%s → %d', (cell, v) => {
    expect(parseNumber(cell)).toEqual({ ok: true, value: v });
  });
  it.each(['-', '－', '', ' ', '―'])('%j → null', (cell) => {
    expect(parseNumber(cell)).toEqual({ ok: true, value: null });
  });
  it.each(['50/2', '件', 'abc', '1.2.3', '%'])('rejects %j', (cell) => {
    expect(parseNumber(cell).ok).toBe(false);
  });
});

describe('isBlankOrDash', () => {
  it('recognises every dash and blank', () => {
    for (const c of ['', ' ', '\t', '-', '－', '‐', '―', '−', '--', ' - ', null, undefined]) expect(isBlankOrDash(c)).toBe(true);
    for (const c of ['0', 'a', '△', '-1', '○']) expect(isBlankOrDash(c)).toBe(false);
  });
});

describe('法人番号', () => {
  // Real 法人番号 from the RS 2024 table 5-3 (5,096 of the 5,106 distinct 13-digit strings in that file validate;
  // most of the other 10 are amounts of 13 digits).
  it.each(['1020001120059', '1010601027646', '3010401076255', '9010001072822', '7010001035070', '4011001140078', '2010001146797'])('%s validates', (n) => {
    expect(corporateNumberCheckDigitValid(n)).toBe(true);
  });
  it('rejects a wrong check digit and non-13-digit input', () => {
    expect(corporateNumberCheckDigitValid('2020001120059')).toBe(false);
    expect(corporateNumberCheckDigitValid('1020001120058')).toBe(false);
    expect(corporateNumberCheckDigitValid('102000112005')).toBe(false);
    expect(corporateNumberCheckDigitValid('10200011200591')).toBe(false);
    expect(corporateNumberCheckDigitValid('１020001120059')).toBe(false);
    expect(corporateNumberCheckDigitValid('')).toBe(false);
  });
  it('normalises full-width digits, hyphens and spaces', () => {
    expect(normalizeCorporateNumber('１０２０００１１２００５９')).toEqual({ number: '1020001120059', valid: true });
    expect(normalizeCorporateNumber(' 1020-0011-2005-9 ')).toEqual({ number: '1020001120059', valid: true });
    expect(normalizeCorporateNumber('1 0200 0112 0059')).toEqual({ number: '1020001120059', valid: true });
    expect(normalizeCorporateNumber('1020001120058')).toEqual({ number: '1020001120058', valid: false });
    expect(normalizeCorporateNumber('102000112005')).toBeNull();
    expect(normalizeCorporateNumber('-')).toBeNull();
    expect(normalizeCorporateNumber('')).toBeNull();
    expect(normalizeCorporateNumber('法人番号なし')).toBeNull();
    expect(normalizeCorporateNumber('1020001120059 2020001120059')).toBeNull();
  });
});

describe('normalizeProjectNumber', () => {
  it.each([
    ['2021 - 総務 - 20 - 0094', '2021-総務-20-0094'],
    ['2021-総務-20-0094', '2021-総務-20-0094'],
    ['２０２１－総務－２０－００９４', '2021-総務-20-0094'],
    ['新30 0006', '新30-0006'],
    ['新30-0006', '新30-0006'],
    ['新30　0006', '新30-0006'],
    ['0036-1', '0036-1'],
    ['0036', '0036'],
    ['総務省 - 新32 - 0014', '総務省-新32-0014'],
    ['  0094 ', '0094'],
  ])('%s → %s', (a, b) => {
    expect(normalizeProjectNumber(a)).toBe(b);
  });
  it.each(['', '   ', '-', '事業番号', '本事業は、地方自治体の業務に関する事業です。'])('%j → null', (a) => {
    expect(normalizeProjectNumber(a)).toBeNull();
  });
});

describe('cleanText', () => {
  it('trims and collapses whitespace, keeping real spaces', () => {
    expect(cleanText('  課長 金澤 直樹 ')).toBe('課長 金澤 直樹');
    expect(cleanText('課長\u3000金澤\u3000直樹')).toBe('課長 金澤 直樹');
    expect(cleanText('a \t  b')).toBe('a b');
    expect(cleanText('一行目 \r\n 二行目')).toBe('一行目\n二行目');
    expect(cleanText('a\n\n\n\nb')).toBe('a\n\nb');
    expect(cleanLine('一行目\n二行目')).toBe('一行目 二行目');
  });
  it('drops zero-width and bidi control characters', () => {
    expect(cleanText('\u200b株式会社\u202eテスト\u202c\ufeff')).toBe('株式会社テスト');
    expect(cleanText('\u200b\u200b')).toBeNull();
  });
  it('turns blanks and dashes into null', () => {
    for (const s of ['', '  ', '-', '－', '―', null, undefined]) expect(cleanText(s)).toBeNull();
  });
});

describe('mendWrapArtefacts', () => {
  const sheet = '支出先 NECソリューションイノベータ株式会社 …\nA NECソリューションイ ノベータ株式会社 286\n課長 金澤 直樹';
  it('mends a wrap space when the sheet spells the word without it', () => {
    expect(mendWrapArtefacts('NECソリューションイ ノベータ株式会社', sheet)).toBe('NECソリューションイノベータ株式会社');
  });
  it('keeps real spaces without evidence', () => {
    expect(mendWrapArtefacts('課長 金澤 直樹', sheet)).toBe('課長 金澤 直樹');
    expect(mendWrapArtefacts('株式会社 日立', sheet)).toBe('株式会社 日立');
    expect(mendWrapArtefacts('NECソリューションイ ノベータ株式会社', 'NECソリューションイ ノベータ株式会社')).toBe('NECソリューションイ ノベータ株式会社');
  });
  it('leaves spaces between latin words alone', () => {
    expect(mendWrapArtefacts('AI RPA', 'AIRPA')).toBe('AI RPA');
  });
});

describe('normalizeMeasureName', () => {
  it.each([
    ['２．情報通信技術高度利活用の推進', '情報通信技術高度利活用の推進'],
    ['2. 情報通信技術高度利活用の推進', '情報通信技術高度利活用の推進'],
    ['Ⅴ．情報通信 (ICT政策)', '情報通信 (ICT政策)'],
    ['施策10．地方行財政', '地方行財政'],
    // RS 2024 writes the number and a space (real values of the RS sample).
    ['１ 地球温暖化対策の推進', '地球温暖化対策の推進'],
    ['３－３ 庁舎及び宿舎を含む国有財産の適正な管理・処分及び有効活用と情報提供の充実', '庁舎及び宿舎を含む国有財産の適正な管理・処分及び有効活用と情報提供の充実'],
    ['１２ー１ 文化芸術の創造・発展・継承と教育の充実', '文化芸術の創造・発展・継承と教育の充実'],
    ['（４） 領域横断作戦能力', '領域横断作戦能力'],
    // A number that is part of the name stays.
    ['2020年東京オリンピック・パラリンピック競技大会の推進', '2020年東京オリンピック・パラリンピック競技大会の推進'],
    ['5G 等の電波利用の推進', '5G 等の電波利用の推進'],
  ])('%s → %s', (a, b) => {
    expect(normalizeMeasureName(a)).toBe(b);
  });
});

describe('record ids (ids.ts)', () => {
  const doc = decodeSource(new TextEncoder().encode('令和2年度行政事業レビューシート\n事業名\tテスト事業\n'));
  const bomCrlf = decodeSource(new TextEncoder().encode('\ufeff令和2年度行政事業レビューシート\r\n事業名\tテスト事業\r\n'));

  it('number first, then the 事業名, then the text hash', () => {
    expect(legacyProjectId(2021, '総務省', '2021-総務-20-0094', 'テスト事業', doc)).toBe('2021-soumu-20-0094');
    expect(legacyProjectId(2020, '総務省', null, 'テスト事業', doc)).toMatch(/^2020-soumu-n[0-9a-f]{8}$/);
    expect(legacyProjectId(2020, '総務省', null, null, doc)).toBe(`doc-${textHash(doc).slice(0, 12)}`);
    // Year or ministry unknown: a name alone is not an identity.
    expect(legacyProjectId(null, '総務省', null, 'テスト事業', doc)).toMatch(/^doc-/);
    expect(legacyProjectId(2020, null, null, 'テスト事業', doc)).toMatch(/^doc-/);
    expect(evaluationId(2018, '総務省', '政策10', doc)).toBe('eval-2018-soumu-p10');
    expect(evaluationId(2018, '総務省', null, doc)).toBe(`eval-${textHash(doc).slice(0, 12)}`);
  });

  it('name ids ignore width, spaces and invisible characters, and never read as a number id', () => {
    const id = legacyProjectId(2020, '総務省', null, 'ＡＩ 共同\u3000開発\u200b事業', doc);
    expect(id).toBe(legacyProjectId(2020, '総務省', null, 'AI共同開発事業', doc));
    expect(projectNameKey(' ＡＩ\t共同 ')).toBe('AI共同');
    expect(legacyProjectId(2020, '総務省', null, '　', doc)).toMatch(/^doc-/);
    // Number slugs start with a digit or `new` (新): `n` + 8 hex digits is not one.
    for (const n of ['2020-総務-20-0094', '新30-0017', '0048', '新02-0001']) expect(legacyProjectId(2020, '総務省', n, null, doc).split('-').slice(2).join('-')).not.toMatch(/^n[0-9a-f]{8}$/);
  });

  it('hash fallbacks depend on the decoded text, not the bytes (BOM, CRLF)', () => {
    expect(bomCrlf.sha256).not.toBe(doc.sha256);
    expect(textHash(bomCrlf)).toBe(textHash(doc));
    expect(legacyProjectId(null, null, null, null, bomCrlf)).toBe(legacyProjectId(null, null, null, null, doc));
    // A hand-built DecodedText without textSha256 hashes its lines the same way.
    expect(textHash({ lines: doc.lines })).toBe(textHash(doc));
  });
});
