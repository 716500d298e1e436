/**
 * JUDGIT! JSON (judgit-json): exact 百万円 → 円 conversion, provenance (file + JSON path +
 * lines + original value), quirks as warnings, hostile JSON, merging with the text sheets of
 * the same sheet, and lineage across years — on the bundled real records.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doublePrecisionDecimal, millionYenToYen, scaleDecimal } from '../src/lib/ingest/judgit/decimal.ts';
import { parseJudgitFile } from '../src/lib/ingest/judgit/import.ts';
import { foreignNumberMinistry } from '../src/lib/ingest/judgit/number-ministry.ts';
import { JsonSyntaxError, parseJsonWithPositions } from '../src/lib/ingest/judgit/json-positions.ts';
import { deriveCollections } from '../src/lib/ingest/derive.ts';
import { LINEAGE_PENDING } from '../src/lib/ingest/fallback.ts';
import { indexByNumber, linkLineages, normalizeProjectName, statedNames, statedPrevious, withLineages } from '../src/lib/ingest/lineage.ts';
import { allTables, LINEAGES_TABLE, tableRows } from '../src/lib/opendata/tables.ts';
import { ingest } from '../src/lib/ingest/pipeline.ts';
import { ProjectRecord } from '../src/schemas/index.ts';
import { readSources } from '../scripts/lib/fs.ts';
import { ROOT, SAMPLE_SOURCES } from './paths.ts';

const M = 1_000_000;
const fixture = (rel: string) => ({ path: rel, bytes: new Uint8Array(readFileSync(join(ROOT, 'test/fixtures/judgit', rel))) });
const json = (path: string, text: string) => ({ path, bytes: new TextEncoder().encode(text) });

describe('百万円 → 円, exactly', () => {
  it('moves the decimal point instead of multiplying floats', () => {
    expect(millionYenToYen('0.05')).toEqual({ ok: true, value: 50_000 });
    expect(millionYenToYen('126862.0')).toEqual({ ok: true, value: 126_862_000_000 });
    // 0.07 * 1e6 is 70000.00000000001 in floating point
    expect(millionYenToYen('0.07')).toEqual({ ok: true, value: 70_000 });
    expect(millionYenToYen('4.1')).toEqual({ ok: true, value: 4_100_000 });
    expect(millionYenToYen('-3.5')).toEqual({ ok: true, value: -3_500_000 });
    expect(millionYenToYen('1.5e3')).toEqual({ ok: true, value: 1_500_000_000 });
    expect(millionYenToYen('0.000001')).toEqual({ ok: true, value: 1 });
    expect(millionYenToYen('-0.0')).toEqual({ ok: true, value: 0 });
  });
  it('refuses fractions of a yen, numbers beyond the safe range and non-numbers', () => {
    expect(millionYenToYen('0.0000005').ok).toBe(false);
    expect(millionYenToYen('1e400').ok).toBe(false);
    expect(millionYenToYen('123456789012345678').ok).toBe(false);
    expect(millionYenToYen('9007199254.740991')).toEqual({ ok: true, value: 9_007_199_254_740_991 });
    expect(millionYenToYen('9007199254.740992').ok).toBe(false);
    expect(millionYenToYen('12,000').ok).toBe(false);
    expect(millionYenToYen('abc').ok).toBe(false);
    expect(scaleDecimal('1', 0)).toEqual({ ok: true, value: 1 });
  });
});

describe('amounts printed from binary floating point', () => {
  it('reads an amount with more digits than a double holds at 15 digits, when that is whole yen', () => {
    // Texts as they occur in the JUDGIT tree (2015 内閣府 0072, 2019 文部科学省 0008, 2017 内閣府 0034 …).
    expect(millionYenToYen('55.040000000000006')).toEqual({ ok: true, value: 55_040_000, binaryNoise: { decimal: '55.04' } });
    expect(millionYenToYen('10830.498999999989')).toEqual({ ok: true, value: 10_830_499_000, binaryNoise: { decimal: '10830.499' } });
    expect(millionYenToYen('-946.4861000000001')).toEqual({ ok: true, value: -946_486_100, binaryNoise: { decimal: '-946.4861' } });
    expect(millionYenToYen('16971.051242999998')).toEqual({ ok: true, value: 16_971_051_243, binaryNoise: { decimal: '16971.051243' } });
    expect(millionYenToYen('257820.97100000002')).toEqual({ ok: true, value: 257_820_971_000, binaryNoise: { decimal: '257820.971' } });
    expect(doublePrecisionDecimal('1.4000000000000001')).toBe('140000000000000e-14');
    expect(doublePrecisionDecimal('9007199254.740991')).toBe('900719925474099e-5');
    expect(doublePrecisionDecimal('25.6098338')).toBeNull();
  });
  it('still refuses a real fraction of a yen, whatever its length', () => {
    // ≤ 15 digits: the source meant the fraction (2015 厚生労働省 0340, 2018 国土交通省 0239).
    expect(millionYenToYen('25.6098338').ok).toBe(false);
    expect(millionYenToYen('68.999931000069').ok).toBe(false);
    // 16–17 digits whose first 15 are still a fraction (2015 厚生労働省 0721).
    expect(millionYenToYen('0.5719999999372001').ok).toBe(false);
    expect(millionYenToYen('0.11514400742000001').ok).toBe(false);
    expect(millionYenToYen('8.666666666666666').ok).toBe(false);
    // A subtraction that lost digits (360 − 359.6): the noise is beyond the 15th digit of the result.
    expect(millionYenToYen('0.39999999999997726').ok).toBe(false);
    // Rounded past the safe range.
    expect(millionYenToYen('9999999999.9999999').ok).toBe(false);
  });
  it('publishes such a value with a warning and the original text (real sheet 2019 文部科学省 0008)', () => {
    const p = ProjectRecord.parse(parseJudgitFile(fixture('2019/文部科学省/0008.json')).project);
    expect(p.id).toBe('2019-mext-0008');
    expect(p.budget.map((b) => [b.fiscalYear, b.isRequest, b.initial, b.total, b.executed])).toEqual([
      [2016, false, 2_869_000, 2_869_000, 2_758_000],
      [2017, false, 0, 0, 0],
      [2018, false, 16_900_000, 16_900_000, 15_000_000],
      [2019, false, 2_800_000, 2_800_000, null],
      [2020, true, 0, 0, null],
    ]);
    expect(p.provenance['budget.2.initial']).toMatchObject({ file: '2019/文部科学省/0008.json', path: '予算[2].当初予算', original: '16.900000000000002', unit: '百万円' });
    const w = p.warnings.filter((x) => x.message.includes('2進浮動小数点'));
    expect(w.map((x) => x.field)).toEqual(['budget.2.initial', 'budget.2.total', 'budget.3.initial', 'budget.3.total']);
    expect(w[0]!.message).toBe('予算[2].当初予算 の値「16.900000000000002」は2進浮動小数点の計算誤差を含む表記です（倍精度が保てる有効数字15桁では 16.9）。16.9百万円（16,900,000円）として読みました');
    expect(w[0]!.line).toBe(50);
  });
  it('withholds a 予算計 whose noise is within its 15 digits, with a warning (real sheet 2015 文部科学省 0240)', () => {
    const p = ProjectRecord.parse(parseJudgitFile(fixture('2015/文部科学省/0240.json')).project);
    const b2014 = p.budget.find((b) => b.fiscalYear === 2014)!;
    expect([b2014.supplementary, b2014.total, b2014.executed]).toEqual([360_000_000, null, 100_000]);
    expect(p.warnings.find((x) => x.field === 'budget.2.total')!.message).toBe('予算[2].予算計: 円未満の端数があります: 「0.39999999999997726」（単位 百万円）。空欄としました');
  });
});

describe('JSON with positions', () => {
  it('keeps the number text and the line of every value', () => {
    const root = parseJsonWithPositions('{\n  "a": 0.10,\n  "b": [\n    1e2,\n    "x"\n  ]\n}');
    expect(root.t).toBe('obj');
    if (root.t !== 'obj') return;
    expect(root.entries.get('a')).toEqual({ t: 'num', raw: '0.10', line: 2, end: 2 });
    const b = root.entries.get('b')!;
    expect([b.line, b.end]).toEqual([3, 6]);
  });
  it('names the line of a syntax error', () => {
    expect(() => parseJsonWithPositions('{\n  "a": 1,\n  "b": \n')).toThrow(JsonSyntaxError);
    try {
      parseJsonWithPositions('{\n  "a": 1,\n  "b": tru\n}');
    } catch (e) {
      expect((e as JsonSyntaxError).line).toBe(3);
    }
    expect(() => parseJsonWithPositions('[' .repeat(100) + ']'.repeat(100))).toThrow(/入れ子が深すぎます/);
    expect(() => parseJsonWithPositions('{"a": 1} x')).toThrow(/余分な文字/);
  });
});

describe('a real JUDGIT record (2015 国土交通省 0435)', () => {
  const o = parseJudgitFile(fixture('2015/国土交通省/0435.json'));
  const p = ProjectRecord.parse(o.project);
  it('maps identity and text fields', () => {
    expect(p.id).toBe('2015-mlit-0435');
    expect([p.reviewYear, p.ministry, p.projectNumber, p.name]).toEqual([2015, '国土交通省', '0435', '土木関連施設整備費、建築関連施設整備費']);
    expect(p.source).toMatchObject({ file: '2015/国土交通省/0435.json', layout: 'judgit-json' });
    expect(p.sources).toEqual([p.source]);
  });
  it('converts every amount exactly and keeps the original value, unit and JSON path', () => {
    expect(p.budget[0]).toEqual({ fiscalYear: 2012, initial: 54 * M, supplementary: 0, carriedIn: 241 * M, carriedOut: 0, reserve: 0, total: 295 * M, executed: 166 * M, executionRate: null, isRequest: false });
    expect(p.budget.at(-1)).toEqual({ fiscalYear: 2016, initial: 68 * M, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total: 68 * M, executed: null, executionRate: null, isRequest: true });
    expect(p.provenance['budget.0.initial']).toMatchObject({ file: '2015/国土交通省/0435.json', path: '予算[0].当初予算', original: '54.0', unit: '百万円' });
    expect(p.recipients[0]).toMatchObject({ block: 'A', rank: 1, name: 'ドリコ（株）', corporateNumber: null, amount: 311 * M, description: '実験廃水処理施設改修' });
    expect(p.provenance['recipients.0.amount']).toMatchObject({ path: '支出先[0].支出額', original: '311.0' });
  });
  it('reports the 予算計 that does not add up (2013: 25.0 against 51.0 + 597.0) without repairing it', () => {
    const b2013 = p.budget.find((b) => b.fiscalYear === 2013)!;
    expect([b2013.initial, b2013.supplementary, b2013.total]).toEqual([51 * M, 597 * M, 25 * M]);
    const w = p.warnings.find((x) => x.field === 'budget.1.total')!;
    expect(w.message).toContain('予算計 25百万円');
    expect(w.message).toContain('648百万円');
    expect(w.line).toBe(44);
  });
});

describe('hostile JSON', () => {
  const base = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/judgit/2015/国土交通省/0435.json'), 'utf8'));
  it('a truncated file is reported by name and line and skipped; the other files still publish', () => {
    const whole = readFileSync(join(ROOT, 'test/fixtures/judgit/2015/国土交通省/0435.json'), 'utf8');
    const cut = whole.slice(0, Math.floor(whole.length / 2));
    const r = ingest([json('2015/国土交通省/cut.json', cut), fixture('2015/国土交通省/0435.json')], { sourcesDir: 'x' });
    const rep = r.report.files.find((f) => f.file === '2015/国土交通省/cut.json')!;
    expect(rep.status).toBe('error');
    expect(rep.errors[0]!.message).toMatch(/JSON として読めません.*ファイルが終わっています/);
    expect(rep.errors[0]!.line).toBe(cut.split('\n').length);
    expect(r.projects.map((x) => x.id)).toEqual(['2015-mlit-0435']);
  });
  it('not UTF-8, empty, or not an object: reported, not published', () => {
    const r = ingest([{ path: 'a.json', bytes: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }, json('b.json', ''), json('c.json', '[1, 2]')], { sourcesDir: 'x' });
    expect(r.projects).toEqual([]);
    expect(r.report.files.map((f) => [f.file, f.status])).toEqual([['a.json', 'error'], ['b.json', 'error'], ['c.json', 'error']]);
    expect(r.report.files[2]!.errors[0]!.message).toContain('最上位がオブジェクトではありません');
  });
  it('a sheet numbered by another ministry keeps its own id: both sheets of one number publish (2023 厚生労働省: 2023-厚労-22-0621 and 2023-国交-22-0621)', () => {
    const sheet = (number: string, name: string) => ({ ...structuredClone(base), 公開年度: 2023, 府省庁: '厚生労働省', 事業番号: number, 事業名: name });
    const r = ingest([
      json('2023/厚生労働省/2023-厚労-22-0621.json', JSON.stringify(sheet('2023-厚労-22-0621', '生涯現役地域づくり環境整備事業'))),
      json('2023/厚生労働省/2023-国交-22-0621.json', JSON.stringify(sheet('2023-国交-22-0621', '水道施設強靱化推進事業費'))),
    ], { sourcesDir: 'x' });
    expect(r.report.files.map((f) => [f.file, f.status === 'error'])).toEqual([['2023/厚生労働省/2023-厚労-22-0621.json', false], ['2023/厚生労働省/2023-国交-22-0621.json', false]]);
    expect(r.projects.map((p) => [p.id, p.name, p.projectNumber]).sort()).toEqual([
      ['2023-mhlw-22-0621', '生涯現役地域づくり環境整備事業', '2023-厚労-22-0621'],
      ['2023-mhlw-mlit-22-0621', '水道施設強靱化推進事業費', '2023-国交-22-0621'],
    ]);
  });
  it('the numbering ministry is the sheet\'s own for its sub-agencies and unknown abbreviations', () => {
    expect(foreignNumberMinistry('2023-国交-22-0621', '厚生労働省')).toBe('mlit');
    expect(foreignNumberMinistry('2023-国交-22-0621', '国土交通省 観光庁')).toBeNull();
    expect(foreignNumberMinistry('2023-国交-22-0621', '国土交通省')).toBeNull();
    expect(foreignNumberMinistry('2023-こども-22-0001', '内閣府')).toBeNull();
    expect(foreignNumberMinistry('0435', '国土交通省')).toBeNull();
    expect(foreignNumberMinistry(null, '国土交通省')).toBeNull();
  });
  it('wrong types, numbers as strings and huge numbers become null or a noted value, each with a warning', () => {
    const h = structuredClone(base);
    h['事業名'] = 12345;
    h['予算'][0]['当初予算'] = '54.5';
    h['予算'][0]['補正予算'] = 'abc';
    h['予算'][0]['執行額'] = 1e300;
    h['予算'][1] = 'not a row';
    h['支出先'][0]['支出額'] = true;
    h['支出先'][1]['法人番号'] = '123';
    h['アウトカム'] = {};
    const text = JSON.stringify(h, null, 2).replace('1e+300', '1e400');
    const o = parseJudgitFile(json('2015/国土交通省/h.json', text));
    const p = ProjectRecord.parse(o.project);
    expect(p.name).toBe('12345');
    expect(p.budget[0]!.initial).toBe(54.5 * M);
    expect(p.budget[0]!.supplementary).toBeNull();
    expect(p.budget[0]!.executed).toBeNull();
    expect(p.budget).toHaveLength(4);
    expect(p.recipients[0]!.amount).toBeNull();
    expect(p.recipients[1]!.corporateNumber).toBeNull();
    expect(p.outcomes).toEqual([]);
    const msgs = p.warnings.map((w) => `${w.field}: ${w.message}`).join('\n');
    expect(msgs).toContain('事業名 が文字列ではなく数値（12345）');
    expect(msgs).toContain('予算[0].補正予算 の値「abc」は数値として読めません');
    expect(msgs).toContain('予算[0].執行額: 金額が大きすぎます');
    expect(msgs).toContain('予算[1] がオブジェクトではありません');
    expect(msgs).toContain('支出先[0].支出額 が数値ではありません');
    expect(msgs).toContain('法人番号「123」は13桁の法人番号として読めません');
    expect(msgs).toContain('アウトカム が配列ではありません');
    expect(msgs).toMatch(/1個の数値が文字列で記録されています（予算\[0\]\.当初予算）/);
  });
});

describe('the bundled sample: merged sheets and lineages', async () => {
  const files = await readSources(SAMPLE_SOURCES);
  const r = ingest(files, { sourcesDir: 'content/sources' });
  const byId = new Map(r.projects.map((p) => [p.id, p]));

  it('publishes one record per sheet, listing both sources, for the four seeds', () => {
    for (const [id, text, json] of [
      ['2018-soumu-new30-0017', '000_32862afcf57beb1e.txt', 'judgit-sample/2018/総務省/新30-0017.json'],
      ['2018-soumu-new30-0006', '002_a863688d7a7a72c8.txt', 'judgit-sample/2018/総務省/新30-0006.json'],
      ['2020-soumu-0048', '004_bd9263d41549200e.txt', 'judgit-sample/2020/総務省/0048.json'],
      ['2021-soumu-20-0094', '003_2ca5ca57c89a6f5a.txt', 'judgit-sample/2021/総務省/2021-総務-20-0094.json'],
    ]) {
      const p = byId.get(id!)!;
      expect(p.sources.map((s) => [s.file, s.layout])).toEqual([[text, p.source.layout], [json, 'judgit-json']]);
      expect(r.report.files.find((f) => f.file === json)!.mergedInto).toBe(id);
    }
    expect(r.report.counts.merged).toBe(4);
  });
  it('seed 004 gains its 事業番号 0048 from JUDGIT, with provenance naming the JSON file', () => {
    const p = byId.get('2020-soumu-0048')!;
    expect(p.projectNumber).toBe('0048');
    expect(p.provenance.projectNumber).toMatchObject({ file: 'judgit-sample/2020/総務省/0048.json', path: '事業番号' });
    expect(r.report.files.find((f) => f.file === '004_bd9263d41549200e.txt')!.recordIds).toEqual(['2020-soumu-0048']);
    expect([...byId.keys()].some((id) => id.startsWith('2020-soumu-n'))).toBe(false);
  });
  it('shows every disagreement between the sources as a warning and counts it', () => {
    const dis = r.projects.flatMap((p) => p.warnings.filter((w) => w.message.startsWith('出典によって値が異なります')).map((w) => `${p.id} ${w.field}: ${w.message}`));
    expect(dis).toEqual([
      '2018-soumu-new30-0006 budget.0.total: 出典によって値が異なります: 2018年度の予算計: 空欄と 599百万円（002_a863688d7a7a72c8.txt では空欄のため JUDGIT! の judgit-sample/2018/総務省/新30-0006.json の値を掲載）',
      '2018-soumu-new30-0017 budget.0.total: 出典によって値が異なります: 2018年度の予算計: 空欄と 460百万円（000_32862afcf57beb1e.txt では空欄のため JUDGIT! の judgit-sample/2018/総務省/新30-0017.json の値を掲載）',
      '2021-soumu-20-0094 recipients: 出典によって値が異なります: 支出先 F-1 の名称「株式会社グラファール」と「株式会社グラファー」（003_2ca5ca57c89a6f5a.txt の値を掲載。JUDGIT! の judgit-sample/2021/総務省/2021-総務-20-0094.json とは異なります）',
    ]);
    expect(r.report.counts.disagreements).toBe(3);
    // The filled value's provenance names the JSON file and keeps the original 百万円 text.
    expect(byId.get('2018-soumu-new30-0017')!.provenance['budget.0.total']).toMatchObject({ file: 'judgit-sample/2018/総務省/新30-0017.json', path: '予算[3].予算計', original: '460.0', unit: '百万円' });
  });
  it('links three projects from 2015 to RS 2024, each sheet to the previous year, with the evidence', () => {
    const chain = (last: string) => {
      const out: string[] = [];
      for (let p = byId.get(last); p; p = p.previousSheet ? byId.get(p.previousSheet.id) : undefined) out.unshift(`${p.id}:${p.previousSheet?.evidence ?? '-'}`);
      return out;
    };
    expect(chain('rs-2024-672')).toEqual([
      '2015-soumu-0007:-', '2016-soumu-0007:name', '2017-soumu-0007:name', '2018-soumu-0007:name', '2019-soumu-0006:stated',
      '2020-soumu-0006:name', '2021-soumu-20-0006:name', '2022-soumu-21-0006:name', '2023-soumu-22-0007:name', 'rs-2024-672:old-number',
    ]);
    expect(chain('rs-2024-1')).toHaveLength(10);
    expect(chain('rs-2024-954')).toHaveLength(10);
    for (const last of ['rs-2024-672', 'rs-2024-1', 'rs-2024-954']) {
      const ids = chain(last).map((s) => s.split(':')[0]!);
      expect(new Set(ids.map((id) => byId.get(id)!.lineageId)).size).toBe(1);
    }
    expect(byId.get('rs-2024-672')!.lineageId).toBe('L-2015-soumu-0007');
    expect(byId.get('rs-2024-672')!.previousSheet).toEqual({ id: '2023-soumu-22-0007', evidence: 'old-number', confidence: 1 });
    // A sheet with no earlier or later sheet has a lineage of its own.
    expect(byId.get('rs-2024-49')!.lineageId).toBe('L-rs-2024-49');
    expect(byId.get('rs-2024-49')!.previousSheet).toBeNull();
  });
  it('overwrites the pending lineageId of every record, whatever its source (text, RS, JUDGIT!)', () => {
    expect(r.projects.filter((p) => p.lineageId === LINEAGE_PENDING)).toEqual([]);
    expect(new Set(r.projects.map((p) => p.source.layout))).toEqual(new Set(['table', 'text-flow', 'rs-csv', 'judgit-json']));
    for (const p of r.projects) expect(p.lineageId).toMatch(/^L-/);
  });
  it('publishes lineages.csv rows: one per sheet, the chain readable by lineageId and year', () => {
    const table = LINEAGES_TABLE;
    expect(allTables()).toContain(table);
    expect(table.columns.map((c) => c.name)).toEqual(['lineageId', 'id', 'reviewYear', 'previousId', 'evidence', 'confidence']);
    const rows = [...tableRows(table, { projects: r.projects, evaluations: [], measures: [], ministries: [], recipients: [] })];
    expect(rows).toHaveLength(r.projects.length);
    const chain = rows.filter((x) => x.lineageId === 'L-2015-soumu-0007').sort((a, b) => Number(a.reviewYear) - Number(b.reviewYear));
    expect(chain.map((x) => [x.reviewYear, x.id, x.previousId, x.evidence])).toEqual([
      [2015, '2015-soumu-0007', null, null], [2016, '2016-soumu-0007', '2015-soumu-0007', 'name'], [2017, '2017-soumu-0007', '2016-soumu-0007', 'name'],
      [2018, '2018-soumu-0007', '2017-soumu-0007', 'name'], [2019, '2019-soumu-0006', '2018-soumu-0007', 'stated'], [2020, '2020-soumu-0006', '2019-soumu-0006', 'name'],
      [2021, '2021-soumu-20-0006', '2020-soumu-0006', 'name'], [2022, '2022-soumu-21-0006', '2021-soumu-20-0006', 'name'], [2023, '2023-soumu-22-0007', '2022-soumu-21-0006', 'name'],
      [2024, 'rs-2024-672', '2023-soumu-22-0007', 'old-number'],
    ]);
    expect(rows.find((x) => x.id === 'rs-2024-672')!.confidence).toBe(1);
  });
  it('joins JUDGIT! recipients to RS 2024 recipients by 法人番号, so one recipient covers every year', () => {
    // Independently of derive.ts: every 法人番号 that a JUDGIT sheet and an RS 2024 sheet both pay.
    const payers = new Map<string, Set<string>>();
    for (const p of r.projects) for (const x of p.recipients) if (x.corporateNumber && x.corporateNumberValid) payers.set(x.corporateNumber, new Set([...(payers.get(x.corporateNumber) ?? []), p.id]));
    const judgitIds = new Set(r.projects.filter((p) => p.sources.some((s) => s.layout === 'judgit-json')).map((p) => p.id));
    const both = [...payers].filter(([, ids]) => [...ids].some((i) => judgitIds.has(i)) && [...ids].some((i) => i.startsWith('rs-2024-')));
    expect(both.length).toBeGreaterThanOrEqual(10);
    for (const [cn, ids] of both) {
      const rec = r.recipients.find((x) => x.id === cn)!;
      expect(new Set(rec.payments.map((x) => x.projectId)), cn).toEqual(ids);
    }
    // 公益財団法人日本国際フォーラム: the 外務省 sheet 0001 of every year 2016–2023, then RS 2024.
    const forum = r.recipients.find((x) => x.id === '6010405009456')!;
    expect(forum.payments.map((x) => [x.reviewYear, x.projectId, x.amount])).toEqual([
      [2016, '2016-mofa-0001', 4 * M], [2017, '2017-mofa-0001', 4 * M], [2018, '2018-mofa-0001', 4 * M], [2019, '2019-mofa-0001', 4 * M],
      [2020, '2020-mofa-0001', 11.1 * M], [2020, '2020-mofa-0001', 0.5 * M], [2021, '2021-mofa-20-0001', 2_190_000], [2022, '2022-mofa-21-0001', 4_462_069], [2023, '2023-mofa-22-0001', 4_150_000],
      [2024, 'rs-2024-954', 4_375_000], [2024, 'rs-2024-98', 9_650_000],
    ]);
  });
  it('publishes policy.measure as the measure name, without the sheet\'s list number', () => {
    // Seed 003 (table layout) writes 「2. 情報通信技術高度利活用の推進」.
    expect(byId.get('2021-soumu-20-0094')!.policy.measure).toBe('情報通信技術高度利活用の推進');
    const measures = new Map(r.measures.map((m) => [m.id, m]));
    for (const p of r.projects) {
      for (const link of p.policies?.length ? p.policies : [p.policy]) {
        if (!link.measure) continue;
        expect(link.measure, p.id).toBe(measures.get(link.measureId!)!.name);
        expect(link.measure, p.id).not.toMatch(/^[\s\d０-９()（）.．ー－-]+\s/);
      }
    }
  });
});

describe('lineage is never left pending', () => {
  it('refuses to derive collections from records the linker has not seen', () => {
    const p = ProjectRecord.parse(parseJudgitFile(fixture('2015/国土交通省/0435.json')).project);
    expect(p.lineageId).toBe(LINEAGE_PENDING);
    expect(() => deriveCollections([p], [])).toThrow(/lineage not linked for 1 records \(2015-mlit-0435/);
    expect(deriveCollections(withLineages([p]), []).projects[0]!.lineageId).toBe('L-2015-mlit-0435');
  });
});

describe('lineage rules', () => {
  const sheet = (id: string, year: number, name: string, extra: Partial<ProjectRecord> = {}): ProjectRecord => ({
    ...(JSON.parse(JSON.stringify(ProjectRecord.parse(parseJudgitFile(fixture('2015/国土交通省/0435.json')).project))) as ProjectRecord),
    id, reviewYear: year, name, projectNumber: id.split('-').pop()!, pastNumbers: [], budget: [], division: null, ...extra,
  });
  it('normalises widths, spaces and brackets in names', () => {
    expect(normalizeProjectName('地域ＩＣＴ　活用（実証）事業')).toBe(normalizeProjectName('地域ICT活用(実証)事業'));
  });
  it('two previous sheets of the same name: 担当課室 decides; if it cannot, no link and a warning', () => {
    const links = linkLineages([
      sheet('a-0001', 2016, 'X事業', { division: '一課' }),
      sheet('a-0002', 2016, 'X事業', { division: '二課' }),
      sheet('b-0001', 2017, 'Ｘ事業', { division: '二課' }),
      sheet('c-0001', 2016, 'Y事業', { division: '一課' }),
      sheet('c-0002', 2016, 'Y事業', { division: '一課' }),
      sheet('d-0001', 2017, 'Y事業', { division: '一課' }),
    ]);
    expect(links[2]!.previous).toEqual({ id: 'a-0002', evidence: 'name-division', confidence: 0.9 });
    expect(links[5]!.previous).toBeNull();
    expect(links[5]!.warnings[0]!.message).toContain('担当課室でも1つに決まらない');
  });
  const money = (initial: number, executed: number): ProjectRecord['budget'] => [
    { fiscalYear: 2017, initial: 1, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total: 1, executed, executionRate: null, isRequest: false },
    { fiscalYear: 2018, initial, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total: initial, executed: null, executionRate: null, isRequest: false },
  ];
  it('a stated link beats a name match when the budget figures side with it', () => {
    const links = linkLineages([
      sheet('a-0001', 2018, 'X事業', { budget: money(5, 7) }),
      sheet('a-0002', 2018, 'Z事業', { budget: money(3, 4) }),
      sheet('b-0009', 2019, 'X事業', { pastNumbers: [{ fiscalYear: 2018, number: '0002' }], budget: money(3, 4) }),
    ]);
    expect(links[2]!.previous).toEqual({ id: 'a-0002', evidence: 'stated', confidence: 1 });
    expect(links[2]!.warnings).toEqual([]);
  });
  it('a stated sheet of another name gives way to the one sheet of the same name, with a warning', () => {
    const links = linkLineages([
      sheet('a-0001', 2018, 'X事業'),
      sheet('a-0002', 2018, 'Z事業'),
      sheet('b-0002', 2019, 'X事業', { pastNumbers: [{ fiscalYear: 2018, number: '0002' }] }),
    ]);
    expect(links[2]!.previous).toEqual({ id: 'a-0001', evidence: 'name', confidence: 0.95 });
    expect(links[2]!.warnings.map((w) => w.message)).toEqual(['関連する過去のレビューシートに記載の a-0002（「Z事業」）は事業名が異なるため、同じ事業名の前年度のシート a-0001 と結び付けました（記載の事業番号の誤りとみられます）']);
    // With no sheet of its name, the statement stands (a renamed project).
    const renamed = linkLineages([sheet('a-0002', 2018, 'Z事業'), sheet('b-0002', 2019, 'X事業', { pastNumbers: [{ fiscalYear: 2018, number: '0002' }] })]);
    expect(renamed[1]!.previous).toEqual({ id: 'a-0002', evidence: 'stated', confidence: 1 });
  });
  // Budget rows as the sheets print them (yen), only the years the rules read.
  const row = (fiscalYear: number, initial: number | null, executed: number | null, isRequest = false): ProjectRecord['budget'][number] => ({ fiscalYear, initial, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total: initial, executed, executionRate: null, isRequest });
  it('two previous sheets of one name and one 担当課室: the one whose budget figures the sheet repeats (real: 2018 経済産業省 0075)', () => {
    const links = linkLineages([
      sheet('2017-meti-0068', 2017, '産業系サイバーセキュリティ推進事業', { division: 'サイバーセキュリティ課', budget: [row(2016, 0, 2496000000), row(2017, 0, null)] }),
      sheet('2017-meti-new29-0006', 2017, '産業系サイバーセキュリティ推進事業', { division: 'サイバーセキュリティ課', budget: [row(2016, 0, 0), row(2017, 1169000000, null), row(2018, 2100000000, null, true)] }),
      sheet('2018-meti-0075', 2018, '産業系サイバーセキュリティ推進事業', { division: 'サイバーセキュリティ課', budget: [row(2016, 0, 0), row(2017, 1169000000, 1169000000), row(2018, 1911000000, null)] }),
    ]);
    expect(links[2]!.previous).toEqual({ id: '2017-meti-new29-0006', evidence: 'name-budget', confidence: 0.9 });
    expect(links[2]!.warnings).toEqual([]);
    // Figures that match neither: still ambiguous, no link and the warning.
    const unsure = linkLineages([
      sheet('2017-meti-0068', 2017, '産業系サイバーセキュリティ推進事業', { division: 'サイバーセキュリティ課', budget: [row(2016, 0, 2496000000), row(2017, 0, null)] }),
      sheet('2017-meti-new29-0006', 2017, '産業系サイバーセキュリティ推進事業', { division: 'サイバーセキュリティ課', budget: [row(2016, 0, 0), row(2017, 1169000000, null)] }),
      sheet('2018-meti-0075', 2018, '産業系サイバーセキュリティ推進事業', { division: 'サイバーセキュリティ課', budget: [row(2016, 0, 0), row(2017, 1200000000, 1169000000)] }),
    ]);
    expect(unsure[2]!.previous).toBeNull();
    expect(unsure[2]!.warnings[0]!.message).toContain('担当課室でも1つに決まらない');
  });
  it('a project new the year before (執行額 0 the year before) links by its 当初予算 (real: 2018 環境省 0077 ← 2017 新29-0015)', () => {
    const links = linkLineages([
      sheet('2017-env-new29-0015', 2017, '省エネ型大型浄化槽システム導入推進事業', { division: '廃棄物適正処理推進課浄化槽推進室', budget: [row(2016, 0, 0), row(2017, 1000000000, null), row(2018, 1500000000, null, true)] }),
      sheet('2017-env-new30-0020', 2017, '市町村設置型浄化槽の効率的マネジメント支援事業費', { division: '廃棄物適正処理推進課浄化槽推進室', budget: [row(2016, 0, 0), row(2017, 0, null)] }),
      sheet('2018-env-0077', 2018, '省エネ型浄化槽システム導入推進事業', { division: '廃棄物適正処理推進課浄化槽推進室', budget: [row(2016, 0, 0), row(2017, 1000000000, 244000000), row(2018, 1600000000, null)] }),
    ]);
    expect(links[2]!.previous).toEqual({ id: '2017-env-new29-0015', evidence: 'budget', confidence: 0.85 });
  });
  it('reads the other name a sheet writes into its 事業名 (real names)', () => {
    expect(statedNames('農業経営法人化支援総合事業（旧：農業経営力向上支援事業）')).toEqual(['農業経営法人化支援総合事業', '農業経営力向上支援事業']);
    expect(statedNames('新コンテンツ創造環境整備事業 （旧 コンテンツ産業新展開強化事業）')).toEqual(['新コンテンツ創造環境整備事業', 'コンテンツ産業新展開強化事業']);
    expect(statedNames('グローバル・スタートアップ・エコシステム強化事業 （旧称：グローバル・ベンチャー・エコシステム強化事業）')).toEqual(['グローバルスタートアップエコシステム強化事業', 'グローバルベンチャーエコシステム強化事業']);
    expect(statedNames('生物多様性国家戦略推進費 （「生物多様性基本施策関連経費」から名称変更）')).toEqual(['生物多様性国家戦略推進費', '生物多様性基本施策関連経費']);
    expect(statedNames('内外教育事情等調査（平成30年度から「外国教育事情等調査」に名称変更）')).toEqual(['内外教育事情等調査', '外国教育事情等調査']);
    expect(statedNames('民間主導によるＪＣＭ等案件形成推進事業 (旧：二国間クレジット制度（JCM）に係る地球温暖化対策技術の普及等推進事業)')).toEqual(['民間主導によるjcm等案件形成推進事業', '二国間クレジット制度(jcm)に係る地球温暖化対策技術の普及等推進事業']);
    // A bracket that is not a name: nothing.
    expect(statedNames('先進環境対応トラック・バス導入加速事業（国土交通省・経済産業省連携事業）')).toEqual([]);
  });
  it('a renamed sheet that gives its former name links to the sheet of that name (real: 2018 農林水産省 0093 ← 2017 0094)', () => {
    const links = linkLineages([
      sheet('2017-maff-0094', 2017, '農業経営力向上支援事業', { division: '経営政策課' }),
      sheet('2017-maff-0095', 2017, '農業経営法人化支援事業', { division: '経営政策課' }),
      sheet('2018-maff-0093', 2018, '農業経営法人化支援総合事業（旧：農業経営力向上支援事業）', { division: '経営政策課' }),
      // The next year drops the bracket: the previous sheet's own 「旧」 names it.
      sheet('2019-maff-0093', 2019, '農業経営法人化支援総合事業', { division: '経営政策課' }),
    ]);
    expect(links[2]!.previous).toEqual({ id: '2017-maff-0094', evidence: 'former-name', confidence: 0.9 });
    expect(links[3]!.previous).toEqual({ id: '2018-maff-0093', evidence: 'former-name', confidence: 0.9 });
  });
  it('a stated number with the 防衛省 branch 「-0」 names the sheet without it (real: 2018 防衛省 0272, 0274)', () => {
    const records = [
      sheet('2017-mod-0287', 2017, '各種資料の翻訳', { ministry: '防衛省', projectNumber: '0287' }),
      sheet('2017-mod-new29-0004', 2017, '防衛装備移転等に関する調査', { ministry: '防衛省', projectNumber: '新29-0004' }),
      sheet('2018-mod-0272', 2018, '各種資料の翻訳', { ministry: '防衛省', projectNumber: '0272', pastNumbers: [{ fiscalYear: 2017, number: '0287-0' }] }),
      sheet('2018-mod-0274', 2018, '防衛装備移転等に関する調査', { ministry: '防衛省', projectNumber: '0274', pastNumbers: [{ fiscalYear: 2017, number: '新29-0004-0' }] }),
    ];
    const index = indexByNumber(records);
    expect(statedPrevious(records[2]!, index)).toEqual([0]);
    expect(statedPrevious(records[3]!, index)).toEqual([1]);
    expect(linkLineages(records)[2]!.previous).toEqual({ id: '2017-mod-0287', evidence: 'stated', confidence: 1 });
  });
  it('punctuation inside a name is spelling: 「自立・分散型」 = 「自立分散型」', () => {
    expect(normalizeProjectName('水素を活用した自立・分散型エネルギーシステム構築事業')).toBe(normalizeProjectName('水素を活用した自立分散型エネルギーシステム構築事業'));
    expect(normalizeProjectName('（経済産業省・国土交通省連携事業）')).toBe(normalizeProjectName('(経済産業省、国土交通省連携事業)'));
  });
  it('a renamed sheet links to the nearest name of its 担当課室 only when no other name comes close', () => {
    const links = linkLineages([
      sheet('a-0001', 2017, '低炭素・資源循環「まち・暮らし創生」FS事業', { division: '環境計画課' }),
      sheet('a-0002', 2017, '廃棄物処理施設整備費', { division: '環境計画課' }),
      sheet('b-0001', 2018, '脱炭素・資源循環「まち・暮らし創生」FS事業', { division: '環境計画課' }),
      // Two near names in one division: a tie, no link.
      sheet('c-0001', 2017, '地域循環共生圏構築事業（地方）', { division: '企画課' }),
      sheet('c-0002', 2017, '地域循環共生圏構築事業（本省）', { division: '企画課' }),
      sheet('d-0001', 2018, '地域循環共生圏構築事業', { division: '企画課' }),
      // The same name change in another division: not a candidate.
      sheet('e-0001', 2017, '海洋ごみ対策推進事業', { division: '海洋室' }),
      sheet('f-0001', 2018, '海洋ごみ対策推進事業費', { division: '水環境課' }),
    ]);
    expect(links[2]!.previous).toEqual({ id: 'a-0001', evidence: 'similar-name', confidence: 0.8 });
    expect(links[5]!.previous).toBeNull();
    expect(links[7]!.previous).toBeNull();
  });
});
