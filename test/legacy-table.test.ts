/**
 * The table-layout review-sheet parser on the two real seeds (exact values, field by field)
 * and on hostile variants of them. Expected values were read off the sheets by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSource } from '../src/lib/ingest/decode.ts';
import { parseReviewSheetTable } from '../src/lib/ingest/legacy/table/index.ts';
import { fnv1a } from '../src/lib/ministries.ts';
import { ProjectRecord } from '../src/schemas/index.ts';
import { SAMPLE_SOURCES } from './paths.ts';
import { prng } from '../scripts/lib/prng.ts';

const F003 = '003_2ca5ca57c89a6f5a.txt';
const F004 = '004_bd9263d41549200e.txt';
const M = 1_000_000;

function parseText(text: string, file = 'x.txt') {
  const decoded = decodeSource(new TextEncoder().encode(text));
  const r = parseReviewSheetTable({ file, decoded, kind: 'review-sheet', layout: 'table' });
  return { ...r, project: r.project! };
}
const seedText = (f: string) => readFileSync(join(SAMPLE_SOURCES, f), 'utf8');
const parseSeed = (f: string) => parseText(seedText(f), f);

const b = (fiscalYear: number, v: Partial<Record<string, number | null | boolean>>) => ({
  fiscalYear,
  initial: null,
  supplementary: null,
  carriedIn: null,
  carriedOut: null,
  reserve: null,
  total: null,
  executed: null,
  executionRate: null,
  isRequest: false,
  ...v,
});

describe('seed 003 (令和3年度 総務省 自治体AI共同開発推進事業)', () => {
  const { project: p, warnings, fieldsMissing } = parseSeed(F003);

  it('validates against the shared schema', () => {
    expect(ProjectRecord.safeParse(p).success).toBe(true);
  });

  it('reads the identity', () => {
    expect(p.id).toBe('2021-soumu-20-0094');
    expect(p.reviewYear).toBe(2021);
    expect(p.ministry).toBe('総務省');
    expect(p.projectNumber).toBe('2021-総務-20-0094');
    expect(p.name).toBe('自治体AI共同開発推進事業');
    expect(p.bureau).toBe('情報流通行政局');
    expect(p.division).toBe('地域通信振興課');
    expect(p.responsible).toBe('課長 金澤 直樹');
    expect(p.startYear).toBe(2020);
    expect(p.endYear).toBe(2020);
    expect(p.endNote).toBeNull();
    expect(p.accountType).toBe('一般会計');
    expect(p.source).toMatchObject({ file: F003, layout: 'table', lineCount: 239, encoding: 'utf-8' });
  });

  it('reads the texts', () => {
    expect(p.legalBasis).toBe('総務省設置法第4条第1項70号 ※情報通信の高度化に関する事務のうち情報の電磁的 流通に係るものに関すること。 官民データ活用推進基本法第15条第1項');
    expect(p.relatedPlans).toMatch(/^世界最先端デジタル国家創造宣言\(令和元年6月14日閣議決定\)、骨太の方針2019/);
    expect(p.mainPolicy).toBe('IT戦略、地方創生');
    expect(p.mainExpense).toBe('その他の事項経費');
    expect(p.purpose).toBe('令和2年度末までに300地域において、AI等革新的ビッグデータ処理技術を活用する取組を創出。 幅広い自治体が共同で安心して利用できる新たなクラウドAIサービスを実現し、業務効率化による職員の負担軽減や住民サービスの向上につなげる。');
    expect(p.summary).toMatch(/^AI活用が進められていない行政分野へのAI導入や、.*共同利用を推進する。$/);
    expect(p.implementation).toBe('委託・請負');
  });

  it('reads the budget table with the request year', () => {
    expect(p.budget).toEqual([
      b(2018, { total: 0, executed: 0 }),
      b(2019, { total: 0, executed: 0 }),
      b(2020, { initial: 296 * M, total: 296 * M, executed: 286 * M, executionRate: 97 }),
      b(2021, { total: 0 }),
      {
        ...b(2022, { total: 0, isRequest: true }),
        changeReason: '施策終了 <理由> 本事業については、自治体AI共同開発推進事業計画に基づき施策を 展開していたところ、令和2年度で同施策の最終年度を迎えたことか ら、施策終了とした。',
      },
    ]);
    // The breakdown rows name no 歳出予算目 (the project ended): no items, no invented names.
    expect(p.budgetBreakdown).toEqual([]);
  });

  it('reads the outcome with its final target', () => {
    expect(p.outcomes).toEqual([
      {
        goal: '2022年度末までにAIなどの革新的ビッグデータ処理技術を活用する地域数500 を実現する',
        indicator: 'AI、RPAなどの革新的ビッグデータ処理技術を活用する地域数',
        unit: null,
        values: [
          { fiscalYear: 2018, actual: null, target: null, achievement: null },
          { fiscalYear: 2019, actual: null, target: null, achievement: null },
          { fiscalYear: 2020, actual: 535, target: 300, achievement: 178.3 },
        ],
        finalTarget: 500,
        finalYear: 2022,
      },
    ]);
    // 535 also sits in the greyed 目標最終年度 cell of the 成果実績 row: reported, not published.
    expect(warnings).toContainEqual({ field: 'outcomes.0', message: expect.stringContaining('535'), line: 31 });
  });

  it('reads both activity blocks', () => {
    const years = (y2020: [number, number]) => [
      { fiscalYear: 2018, actual: null, planned: null },
      { fiscalYear: 2019, actual: null, planned: null },
      { fiscalYear: 2020, actual: y2020[0], planned: y2020[1] },
      { fiscalYear: 2021, actual: null, planned: null },
      { fiscalYear: 2022, actual: null, planned: null },
    ];
    expect(p.activities).toEqual([
      { indicator: '標準仕様書・導入手順書策定数(改定を含む)', unit: '件', values: years([2, 2]) },
      { indicator: 'AI実証地域の完了数', unit: '件', values: years([3, 3]) },
    ]);
  });

  it('reads the unit costs with formulas', () => {
    const years = (v: number, f: string) => [
      { fiscalYear: 2018, value: null, formula: null },
      { fiscalYear: 2019, value: null, formula: null },
      { fiscalYear: 2020, value: v, formula: f },
      { fiscalYear: 2021, value: null, formula: null },
    ];
    expect(p.unitCosts).toEqual([
      { basis: '執行額/標準仕様書・導入手順書策定数', unit: '百万円', values: years(25, '50/2') },
      { basis: '執行額/AI実証地域の完了数', unit: '百万円', values: years(78.7, '236/3') },
    ]);
  });

  it('reads 政策/施策 as written', () => {
    expect(p.policy).toEqual({ area: 'V. 情報通信 (ICT政策)', measure: '2. 情報通信技術高度利活用の推進', measureId: null });
  });

  it('reads all 18 check items and the check result', () => {
    expect(p.checks).toHaveLength(20);
    expect(p.checks.map((c) => c.rating)).toEqual(['○', '○', '○', '○', '無', '無', '－', '○', '○', '○', '－', '－', '○', '○', '○', '○', '○', null, null, null]);
    expect(p.checks.map((c) => c.group)).toEqual([
      ...Array(3).fill('国費投入の必要性'),
      ...Array(10).fill('事業の効率性'),
      ...Array(4).fill('事業の有効性'),
      '関連事業',
      '点検・改善結果',
      '点検・改善結果',
    ]);
    expect(p.checks[0]).toEqual({
      group: '国費投入の必要性',
      question: '事業の目的は国民や社会のニーズを的確に反映しているか。',
      rating: '○',
      note: '地方公共団体において、職員総数の減少により事務処理の停滞が現実味を帯びる中、業務効率化や住民サービス向上のためにAI・RPA等のビッグデータ処理技術の導入を推進することは、国民や社会のニーズを的確に反映している。',
    });
    expect(p.checks[4]).toEqual({ group: '事業の効率性', question: '一般競争契約、指名競争契約又は随意契約(企画競争)による支出のうち、一者応札又は一者応募となったものはないか。', rating: '無', note: null });
    expect(p.checks[6]).toEqual({ group: '事業の効率性', question: '受益者との負担関係は妥当であるか。', rating: '－', note: null });
    expect(p.checks[12]!.question).toBe('その他コスト削減や効率化に向けた工夫は行われているか。');
    expect(p.checks[19]).toEqual({ group: '点検・改善結果', question: '改善の方向性', rating: null, note: '今後とも、効率的な予算執行に努める。' });
  });

  it('reads the opinions, the verdict and the reflection', () => {
    expect(p.externalOpinion).toBe('内容の重要性は認めるが、内容に対して金額に妥当性があるか、より検証が必要である。');
    expect(p.reviewTeam).toEqual({ verdict: '終了予定', text: '令和2年度をもって事業終了。' });
    const reflection = (p as unknown as { reflection?: { status: string | null; detail: string | null } }).reflection;
    expect(reflection?.status).toBe('予定通り終了');
    expect(reflection?.detail).toMatch(/^本事業における必要経費には、以下のような要素が含まれている。\n・共同利用を前提にした/);
  });

  it('reads past sheet numbers without the ministry prefix', () => {
    expect(p.pastNumbers).toEqual([
      { fiscalYear: 2019, number: '新32-0014' },
      { fiscalYear: 2020, number: '新02-0012' },
    ]);
  });

  it('reads every recipient block with 法人番号, amount, method, bidders and rate', () => {
    const r = (block: string, name: string, corporateNumber: string, description: string, amount: number, contractMethod: string, bidders: number | null, winningBidRate: number | null) => ({
      block, rank: 1, name, corporateNumber, corporateNumberValid: true, description, amount, contractMethod, bidders, winningBidRate,
    });
    const survey = '地方公共団体におけるAI活用に関する調査研究の実証請負(自治体AI共同開発推進事業)';
    expect(p.recipients).toEqual([
      r('A', '株式会社エヌ・ティ・ティ・データ経営研究所', '1010001143390', '地方公共団体におけるAI活用に関する調査研究の請負(自治体AI共同開発推進事業)', 286 * M, '一般競争契約 (総合評価)', 2, 99.7),
      r('B', '富士通株式会社', '1020001071491', survey, 80 * M, '随意契約(公募)', 9, null),
      r('C', '株式会社三菱総合研究所', '6010001030403', survey, 78 * M, '随意契約(公募)', 9, null),
      r('D', '日本電気株式会社', '7010401022916', survey, 78 * M, '随意契約(公募)', 9, null),
      r('E', '富士通Japan株式会社', '5010001006767', '練馬区・中央区実証Gにおける実証業務', 1_900_000, 'その他', null, null),
      r('F', '株式会社グラファール', '9010401132779', '戸田市実証Gにおける実証業務', 7_600_000, 'その他', null, null),
      r('G', '日本ビジネスシステムズ株式会社', '4010401041588', '戸田市実証Gにおける実証業務', 19_800_000, 'その他', null, null),
      r('H', 'ネットワンシステムズ株式会社', '7010701007922', '戸田市実証Gにおける実証業務', 1_300_000, 'その他', null, null),
      // Wrap artefacts mended because the sheet spells these joined elsewhere.
      r('I', '株式会社ペルケオ', '5030001110682', '戸田市実証Gにおける実証業務', 2_400_000, 'その他', null, null),
      r('J', 'NECソリューションイノベータ株式会社', '7010601022674', '前橋市実証Gにおける実証業務', 53_900_000, 'その他', null, null),
      r('K', '株式会社経営管理センター', '4240001012834', '前橋市実証Gにおける実証業務', 1_000_000, 'その他', null, null),
    ]);
  });

  it('reads 費目・使途 of every block, whatever its column offset', () => {
    const e = (block: string, recipient: string, use: string, amount: number) => ({ block, recipient, item: '請負費', use, amount });
    const AI = 'におけるAI活用に関する実証業務';
    expect(p.expenses).toEqual([
      e('A', '株式会社エヌ・ティ・ティ・データ経営研究所', '自治体AI共同開発推進事業', 286 * M),
      e('B', '富士通株式会社', `練馬区・中央区実証G${AI}`, 80 * M),
      e('C', '株式会社三菱総合研究所', `戸田市実証G${AI}`, 78 * M),
      e('D', '日本電気株式会社', `前橋市実証G${AI}`, 78 * M),
      e('E', '富士通Japan株式会社', `練馬区・中央区実証G${AI}`, 1_900_000),
      e('F', '株式会社グラファー', `戸田市実証G${AI}`, 7_600_000),
      e('G', '日本ビジネスシステムズ株式会社', `戸田市実証G${AI}`, 19_800_000),
      e('H', 'ネットワンシステムズ株式会社', `戸田市実証G${AI}`, 1_300_000),
      e('I', '株式会社ペルケオ', `戸田市実証G${AI}`, 2_400_000),
      e('J', 'NECソリューションイノベータ株式会社', `前橋市実証G${AI}`, 53_900_000),
      e('K', '株式会社経営管理センター', `前橋市実証G${AI}`, 1_000_000),
    ]);
    expect(p.fundingFlow).toEqual([]);
  });

  it('records provenance lines for the values', () => {
    expect(p.provenance).toMatchObject({
      projectNumber: [3, 3],
      reviewYear: [5, 5],
      name: [7, 7],
      responsible: [8, 8],
      'budget.2020.initial': [16, 16],
      'budget.2020.total': [21, 21],
      'budget.2020.executed': [22, 22],
      'budget.2020.executionRate': [23, 23],
      'budget.2022.changeReason': [26, 26],
      'outcomes.0.values.2020.actual': [31, 31],
      'outcomes.0.finalTarget': [32, 32],
      'activities.1.values.2020.planned': [41, 41],
      'unitCosts.1.values.2020.formula': [47, 47],
      'policy.measure': [50, 50],
      'checks.12': [85, 85],
      'reviewTeam.verdict': [99, 99],
      'pastNumbers.1': [131, 131],
      'recipients.0.amount': [170, 170],
      'recipients.9.name': [234, 234],
      'expenses.5': [157, 157],
    });
    // Blank and dash cells are not values and have no provenance.
    expect(p.provenance['budget.2020.supplementary']).toBeUndefined();
  });

  it('reports every field it found', () => {
    expect(fieldsMissing).toEqual(['budgetBreakdown']);
    expect(warnings).toHaveLength(1);
  });
});

describe('seed 004 (令和2年度 総務省 自治体情報セキュリティ強化対策事業)', () => {
  const { project: p, warnings, fieldsMissing } = parseSeed(F004);

  it('validates against the shared schema', () => {
    expect(ProjectRecord.safeParse(p).success).toBe(true);
  });

  it('reads the identity; the sheet has no 事業番号, so the id comes from review year, ministry and 事業名', () => {
    expect(p.reviewYear).toBe(2020);
    expect(p.ministry).toBe('総務省');
    expect(p.projectNumber).toBeNull();
    // `n` + FNV-1a of the NFKC 事業名: unchanged by any other byte of the sheet.
    expect(p.id).toBe(`2020-soumu-n${fnv1a('自治体情報セキュリティ強化対策事業')}`);
    expect(p.id).toBe('2020-soumu-nf27cd14a');
    expect(warnings).toContainEqual({ field: 'projectNumber', message: '事業番号が見つかりません', line: null });
    expect(p.name).toBe('自治体情報セキュリティ強化対策事業');
    expect(p.bureau).toBe('自治行政局');
    expect(p.division).toBe('地域情報政策室');
    expect(p.responsible).toBe('室長 神門 純一');
    expect(p.startYear).toBe(2017);
    expect(p.endYear).toBeNull();
    expect(p.endNote).toBe('終了予定なし');
    expect(p.accountType).toBe('一般会計');
    expect(p.mainPolicy).toBeNull();
    expect(p.mainExpense).toBe('その他の事項経費');
    expect(p.implementation).toBe('委託・請負');
    expect(p.legalBasis).toBe('総務省設置法第4条・総務省組織令第7条第1項第27号 高度情報通信ネットワーク社会形成基本法第10条 サイバーセキュリティ基本法第16条');
  });

  it('resolves short years (30年度, 2年度, 3年度要求) against the era to their left', () => {
    expect(p.budget).toEqual([
      b(2017, { initial: 336 * M, total: 336 * M, executed: 316 * M, executionRate: 94 }),
      b(2018, { initial: 47 * M, total: 47 * M, executed: 15 * M, executionRate: 32 }),
      b(2019, { initial: 99 * M, total: 99 * M, executed: 43 * M, executionRate: 43 }),
      b(2020, { initial: 105 * M, total: 105 * M }),
      {
        ...b(2021, { initial: 3209 * M, total: 3209 * M, isRequest: true }),
        changeReason: '「新型コロナウイルス対策関連要望額」3,209 地方公共団体の情報セキュリティ対策の強化に要する経費として、 3,209百万円をコロナ要望枠として要求しているため。',
      },
    ]);
  });

  it('reads the 予算内訳', () => {
    expect(p.budgetBreakdown).toEqual([
      { item: '自治体サイバーセキュリティ対策補助金', current: null, request: 2935 * M, note: expect.stringMatching(/^「新型コロナウイルス対策関連要望額」3,209/) },
      { item: '情報処理業務庁費', current: 104 * M, request: 272 * M, note: null },
      { item: '職員旅費', current: 1 * M, request: 1 * M, note: null },
      { item: '諸謝金', current: null, request: 1 * M, note: null },
    ]);
  });

  it('reads outcomes, activities and unit costs', () => {
    const v = { actual: 99.9, target: 100, achievement: 99.9 };
    expect(p.outcomes).toEqual([
      {
        goal: '自治体情報システム強靱性向上モデルの導入による高度な情報セキュリティ対策の実施',
        indicator: '自治体情報システム強靱性モデルを導入した団体の割合',
        unit: '%',
        values: [{ fiscalYear: 2017, ...v }, { fiscalYear: 2018, ...v }, { fiscalYear: 2019, ...v }],
        finalTarget: null,
        finalYear: null,
      },
    ]);
    expect(p.activities).toEqual([
      {
        indicator: '地方公共団体の情報セキュリティ対策の強化',
        unit: '百万円',
        values: [
          { fiscalYear: 2017, actual: 316, planned: 336 },
          { fiscalYear: 2018, actual: 15, planned: 47 },
          { fiscalYear: 2019, actual: 43, planned: 99 },
          { fiscalYear: 2020, actual: null, planned: 105 },
          { fiscalYear: 2021, actual: null, planned: null },
        ],
      },
    ]);
    // The 計算式 row is shifted one column right in the export; the values row shows where the years are.
    expect(p.unitCosts).toEqual([
      {
        basis: '執行額/地方公共団体数(都道府県及び市区町村)',
        unit: '千円',
        values: [
          { fiscalYear: 2017, value: 177, formula: '316百万円/1,788団体' },
          { fiscalYear: 2018, value: 8, formula: '15百万円/1,788団体' },
          { fiscalYear: 2019, value: 24, formula: '43百万円/1,788団体' },
          { fiscalYear: 2020, value: 59, formula: '105百万円/1,788団体' },
        ],
      },
    ]);
  });

  it('reads policy, checks, opinions, verdict and past numbers', () => {
    expect(p.policy).toEqual({ area: '電子政府・電子自治体', measure: '電子政府・電子自治体の推進', measureId: null });
    expect(p.checks).toHaveLength(20);
    expect(p.checks.map((c) => c.rating)).toEqual(['○', '○', '○', '○', '有', '無', '－', '○', '－', '○', '○', '－', '－', '○', '○', '○', '○', '－', null, null]);
    expect(p.checks[17]).toEqual({ group: '関連事業', question: '関連する事業がある場合、他部局・他府省等と適切な役割分担を行っているか。(役割分担の具体的な内容を各事業の右に記載)', rating: '－', note: null });
    expect(p.checks[18]!.note).toBe('事業内容は事業目的を達成するために真に必要なものに限定されており、契約に当たっては、競争性の確保に努め、対応可能なものについては競争性のある入札を実施した。');
    expect(p.externalOpinion).toBe('外部有識者による点検の対象外');
    expect(p.reviewTeam).toEqual({ verdict: '一部の改善', text: '更なる経費の効率化を図り、適正な予算執行に努めること。' });
    expect((p as unknown as { reflection?: unknown }).reflection).toEqual({ status: '執行等改善', detail: '引き続き適正な予算執行に努めていく。', amountGeneral: null, special: [] });
    expect(p.pastNumbers).toEqual([
      { fiscalYear: 2017, number: '新29-0004' },
      { fiscalYear: 2018, number: '0048' },
      { fiscalYear: 2019, number: '0049' },
    ]);
    expect(p.recipients).toEqual([]);
    expect(p.expenses).toEqual([]);
  });

  it('records provenance and reports missing fields', () => {
    expect(p.provenance).toMatchObject({
      reviewYear: [3, 3],
      endNote: [6, 6],
      'budget.2021.initial': [14, 14],
      'budget.2019.executionRate': [21, 21],
      'budgetBreakdown.1.current': [25, 25],
      'unitCosts.0.values.2020.formula': [39, 39],
      'reviewTeam.text': [103, 103],
      'pastNumbers.0': [116, 116],
    });
    expect(fieldsMissing).toEqual(['projectNumber', 'endYear', 'mainPolicy', 'recipients', 'expenses']);
    expect(warnings).toEqual([{ field: 'projectNumber', message: '事業番号が見つかりません', line: null }]);
  });
});

describe('hostile variants', () => {
  const lines003 = seedText(F003).split('\n');

  it('a truncated sheet keeps what it has and says where it ends', () => {
    const { project: p, warnings } = parseText(lines003.slice(0, 60).join('\n'), 'cut.txt');
    expect(ProjectRecord.safeParse(p).success).toBe(true);
    expect(p.id).toBe('2021-soumu-20-0094');
    expect(p.budget.find((y) => y.fiscalYear === 2020)?.executed).toBe(286 * M);
    expect(p.checks).toEqual([]);
    const w = warnings.find((x) => x.field === '(document)');
    expect(w?.message).toMatch(/途中で終わっています.*事業所管部局による点検・改善.*truncated/);
    expect(w?.line).toBe(60);
  });

  it('a sheet cut inside the budget table publishes no half-read year as complete', () => {
    const { project: p } = parseText(lines003.slice(0, 18).join('\n'), 'cut.txt');
    expect(p.budget.find((y) => y.fiscalYear === 2020)).toMatchObject({ initial: 296 * M, total: null, executed: null });
  });

  it('shuffled lines never produce a wrong number', () => {
    const rnd = prng(42); // deterministic shuffle
    const truth = parseSeed(F003).project;
    for (let round = 0; round < 30; round++) {
      const shuffled = [...lines003];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const { project: p } = parseText(shuffled.join('\n'), 'shuffled.txt');
      expect(ProjectRecord.safeParse(p).success).toBe(true);
      expect([truth.name, 'shuffled.txt']).toContain(p.name);
      for (const y of p.budget) {
        const t = truth.budget.find((x) => x.fiscalYear === y.fiscalYear);
        for (const k of ['initial', 'total', 'executed', 'executionRate'] as const) if (y[k] !== null) expect(y[k]).toBe(t?.[k]);
      }
      for (const r of p.recipients) expect(truth.recipients.map((x) => x.corporateNumber)).toContain(r.corporateNumber);
    }
  });

  it('missing labels become warnings, not guesses', () => {
    const text = lines003
      .map((l) => l.replace(/^事業名\t/, '\t').replace(/^予算額・ 執行額 \(単位:百万円\)/, ''))
      .join('\n');
    const { project: p, warnings } = parseText(text, 'nolabels.txt');
    expect(ProjectRecord.safeParse(p).success).toBe(true);
    expect(p.name).toBe('nolabels.txt');
    expect(p.budget).toEqual([]);
    expect(warnings.map((w) => w.field)).toEqual(expect.arrayContaining(['name', '(document)']));
    expect(warnings.find((w) => w.field === '(document)')?.message).toContain('予算額・執行額');
  });

  it('garbage numbers are null with a warning naming the line and the cell', () => {
    const text = lines003
      .map((l, i) => (i === 15 ? l.replace('\t296\t', '\t約3億\t') : i === 169 ? l.replace('\t286\t', '\t2,86\t').replace('1010001143390', '1010001143391') : l))
      .join('\n');
    const { project: p, warnings } = parseText(text, 'garbage.txt');
    expect(p.budget.find((y) => y.fiscalYear === 2020)?.initial).toBeNull();
    expect(warnings).toContainEqual({ field: 'budget.2020.initial', message: '金額を読めません: 数値として読めません: "約3億"', line: 16 });
    expect(p.recipients[0]).toMatchObject({ amount: null, corporateNumber: '1010001143391', corporateNumberValid: false });
    expect(warnings).toContainEqual({ field: 'recipients.0.amount', message: expect.stringContaining('"2,86"'), line: 170 });
    expect(warnings).toContainEqual({ field: 'recipients.0.corporateNumber', message: expect.stringContaining('チェックディジット'), line: 170 });
  });

  it('an inconsistent budget total is reported, not corrected', () => {
    const text = lines003.map((l, i) => (i === 20 ? l.replace('\t296\t', '\t300\t') : l)).join('\n');
    const { project: p, warnings } = parseText(text, 'sum.txt');
    expect(p.budget.find((y) => y.fiscalYear === 2020)?.total).toBe(300 * M);
    expect(warnings.some((w) => w.field === 'budget.2020.total' && w.line === 21)).toBe(true);
  });

  it('a sheet with only a title parses to an empty record with warnings', () => {
    const { project: p, warnings } = parseText('令和3年度行政事業レビューシート (総務省)\n事業名\tテスト', 't.txt');
    expect(ProjectRecord.safeParse(p).success).toBe(true);
    expect(p.name).toBe('テスト');
    expect(p.reviewYear).toBe(2021);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('finds year headings on the row under the budget label, and block letters inside the header row', () => {
    const text = lines003
      .flatMap((l, i) => (i === 14 ? ['予算額・ 執行額 (単位:百万円)', l.replace(/^予算額・ 執行額 \(単位:百万円\)/, '')] : [l]))
      .map((l) => l.replace(/^\t支出先\t法人番号/, 'A\t支出先\t法人番号'))
      .filter((l) => !/^(A\.|B|C|D|E|F|G|H|I|J|K)$/.test(l))
      .join('\n');
    const { project: p } = parseText(text, 'variant.txt');
    expect(p.budget.map((y) => [y.fiscalYear, y.initial, y.executed])).toEqual([
      [2018, null, 0],
      [2019, null, 0],
      [2020, 296 * M, 286 * M],
      [2021, null, null],
      [2022, null, null],
    ]);
    expect(p.recipients.map((r) => r.block)).toEqual(Array(11).fill('A'));
    // Provenance follows the inserted line.
    expect(p.provenance['budget.2020.initial']).toEqual([17, 17]);
  });

  it('a 1,000,000-character cell is kept whole (and does not stall the parser)', () => {
    const long = Array.from({ length: 100_000 }, (_, i) => `あいう${i % 7}`).join(' ');
    const text = lines003.map((l) => (l.startsWith('事業概要') ? `事業概要\t${long}` : l)).join('\n');
    const { project: p } = parseText(text, 'long.txt');
    expect(p.summary).toBe(long);
    expect(p.recipients).toHaveLength(11);
  });

  it('full-width digits, brackets and percent signs (as other ministries type them) give the same numbers', () => {
    const wide = (t: string) => t.replace(/[0-9%(),:.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const truth = parseSeed(F004).project;
    const { project: p } = parseText(wide(seedText(F004)), 'wide.txt');
    expect(p.reviewYear).toBe(2020);
    // Texts keep the sheet's own characters; only numbers are compared.
    const numbers = (b: typeof truth.budget) => b.map(({ changeReason, ...rest }) => (void changeReason, rest));
    expect(numbers(p.budget)).toEqual(numbers(truth.budget));
    expect(p.budgetBreakdown.map((x) => [x.current, x.request])).toEqual(truth.budgetBreakdown.map((x) => [x.current, x.request]));
    expect(p.outcomes.map((o) => o.values)).toEqual(truth.outcomes.map((o) => o.values));
    expect(p.activities.map((a) => a.values)).toEqual(truth.activities.map((a) => a.values));
    expect(p.unitCosts.map((u) => u.values.map((v) => v.value))).toEqual(truth.unitCosts.map((u) => u.values.map((v) => v.value)));
    expect(p.pastNumbers).toEqual(truth.pastNumbers);
    const r003 = parseText(wide(seedText(F003)), 'wide3.txt').project;
    const t003 = parseSeed(F003).project;
    expect(r003.projectNumber).toBe('2021-総務-20-0094');
    expect(r003.recipients.map((r) => [r.corporateNumber, r.amount, r.bidders, r.winningBidRate])).toEqual(t003.recipients.map((r) => [r.corporateNumber, r.amount, r.bidders, r.winningBidRate]));
    expect(r003.expenses.map((e) => e.amount)).toEqual(t003.expenses.map((e) => e.amount));
  });

  it('takes no 事業番号 from the related-projects list below the budget', () => {
    const text = seedText(F004).replace('事業連\t', '\t所管府省名\t事業番号\t事業名\n\t総務省\t0001\t関連するテスト事業\n事業連\t');
    const { project: p, warnings } = parseText(text, 'related.txt');
    expect(p.projectNumber).toBeNull();
    expect(warnings.filter((w) => w.field === 'projectNumber')).toEqual([{ field: 'projectNumber', message: '事業番号が見つかりません', line: null }]);
  });

  it('a heisei sheet resolves short-form years in heisei', () => {
    const text = [
      '平成30年度行政事業レビューシート (総務省)',
      '事業番号\t0048',
      '事業名\tテスト事業',
      '予算額・執行額 (単位:百万円)\t\t\t28年度\t29年度\t30年度\t31年度要求',
      '\t予算の状況\t当初予算\t1\t2\t3\t4',
      '\t計\t\t1\t2\t3\t4',
      '\t執行額\t\t1\t2\t\t',
    ].join('\n');
    const { project: p } = parseText(text);
    expect(p.budget.map((y) => [y.fiscalYear, y.initial, y.isRequest])).toEqual([
      [2016, M, false],
      [2017, 2 * M, false],
      [2018, 3 * M, false],
      [2019, 4 * M, true],
    ]);
    expect(p.id).toBe('2018-soumu-0048');
  });

  // Both found by the table self-check (scripts/selfcheck.ts) on real JUDGIT records.
  it('a 事業概要 that begins with the words of another label (事業の目的を…) is read, not taken for a label', () => {
    const summary = '事業の目的を達成するため、以下の取組を実施する。○留学情報の収集及び提供';
    const text = seedText(F004).replace(/^(事業概要 \(5行程度以内。別添可\)\t)[^\t]*/m, `$1${summary}`);
    const { project: p } = parseText(text, 'summary.txt');
    expect(p.summary).toBe(summary);
    expect(p.purpose).toBe('サイバー攻撃が急速に複雑・巧妙化している中、多くの住民情報を扱う地方公共団体の情報セキュリティ対策の更なる強化を図る。');
  });

  it('an empty 担当課室 cell stays empty: the 作成責任者 value under its own label is not read as the division', () => {
    const { project: p } = parseText(seedText(F004).replace('担当課室\t地域情報政策室', '担当課室\t'), 'division.txt');
    expect(p.division).toBeNull();
    expect(p.responsible).toBe('室長 神門 純一');
  });

  it('drops any ministry name before a past number, 内閣官房 as well as 総務省', () => {
    const text = seedText(F004).replace('総務省 (0049)', '内閣官房 (0026)').replace('平成29年度\t新29-0004', '平成29年度\t内閣官房 - 新29 - 0004');
    const { project: p } = parseText(text, 'past.txt');
    expect(p.pastNumbers).toEqual([
      { fiscalYear: 2017, number: '新29-0004' },
      { fiscalYear: 2018, number: '0048' },
      { fiscalYear: 2019, number: '0026' },
    ]);
  });
});

describe('seed 004: an id without a 事業番号 is the sheet\'s identity, not its bytes', () => {
  const ID = '2020-soumu-nf27cd14a';
  const text = seedText(F004);
  const NAME = '自治体情報セキュリティ強化対策事業';

  it('survives a change anywhere else in the sheet', () => {
    expect(parseText(text.replace('地域情報政策室', '地域情報政策課')).project.id).toBe(ID);
    expect(parseText(text.replace(/\n/g, '\r\n')).project.id).toBe(ID);
    expect(parseText(text + '\n備考\t追記\n').project.id).toBe(ID);
  });

  it('reads the name as identity: width and spaces do not count, another name is another project', () => {
    expect(parseText(text.replace(NAME, '自治体情報セキュリティ　強化対策事業')).project.id).toBe(ID);
    const other = parseText(text.replace(NAME, '自治体情報セキュリティ強化対策事業（補助）')).project.id;
    expect(other).toMatch(/^2020-soumu-n[0-9a-f]{8}$/);
    expect(other).not.toBe(ID);
    // Another year or ministry is another identity too.
    expect(parseText(text.replace('令和2年度行政事業レビューシート', '令和3年度行政事業レビューシート')).project.id).toMatch(/^2021-soumu-n[0-9a-f]{8}$/);
  });

  it('a 事業番号 wins over the name', () => {
    const p = parseText(text.replace(`事業名\t${NAME}`, `事業番号\t2020-総務-20-0123\n事業名\t${NAME}`)).project;
    expect(p.projectNumber).not.toBeNull();
    expect(p.id).toBe('2020-soumu-20-0123');
  });

  it('with the 事業名 also missing, falls back to the hash of the text (not the file name, not the bytes)', () => {
    const noName = text.replace(`事業名\t${NAME}`, '事業名\t');
    const a = parseText(noName, 'a.txt').project;
    expect(a.name).toBe('a.txt');
    expect(a.id).toMatch(/^doc-[0-9a-f]{12}$/);
    expect(parseText(noName, 'b.txt').project.id).toBe(a.id);
    expect(parseText('\ufeff' + noName.replace(/\n/g, '\r\n'), 'a.txt').project.id).toBe(a.id);
  });
});
