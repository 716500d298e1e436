/**
 * The RS CSV importer on the bundled extract of the official 2024 download
 * (content/sources/rs2024-sample, 34 projects, bytes as published). Expected values were
 * read off the CSV rows independently of the importer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectRecord } from '../src/schemas/index.ts';
import { deriveCollections } from '../src/lib/ingest/derive.ts';
import { withLineages } from '../src/lib/ingest/lineage.ts';
import { emptyProject } from '../src/lib/ingest/fallback.ts';
import { importRsTables } from '../src/lib/ingest/rs/import.ts';
import type { SourceFile } from '../src/lib/ingest/types.ts';

const DIR = join(import.meta.dirname, '../content/sources/rs2024-sample');
const load = (): SourceFile[] =>
  readdirSync(DIR)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => ({ path: `rs2024-sample/${f}`, bytes: new Uint8Array(readFileSync(join(DIR, f))) }));

const result = importRsTables(load());
const byId = new Map(result.projects.map((p) => [p.id, p]));
const get = (id: string) => {
  const p = byId.get(id);
  if (!p) throw new Error(`missing ${id}`);
  return p;
};
const T21 = '2-1_RS_2024_予算・執行_サマリ.csv';

describe('RS sample: tables and projects', () => {
  it('imports all 34 projects from the 13 tables without errors', () => {
    expect(result.projects).toHaveLength(34);
    expect(result.fileReports).toHaveLength(13);
    for (const r of result.fileReports) expect(r.errors, r.file).toEqual([]);
    const r12 = result.fileReports.find((r) => r.file.includes('1-2_'))!;
    expect(r12.rsTable).toBe('1-2 基本情報_事業概要等');
    expect(r12.rowsRead).toBe(35); // 34 projects, one of them with two 主要経費 rows
    expect(r12.projectCount).toBe(34);
    expect(result.fileReports.find((r) => r.file.includes('2-1_'))!.rowsRead).toBe(266);
    expect(result.fileReports.find((r) => r.file.includes('5-3_'))!.rowsRead).toBe(456);
  });

  it('validates every record against the shared schema', () => {
    for (const p of result.projects) expect(ProjectRecord.safeParse(p).success, p.id).toBe(true);
  });

  it('is deterministic', () => {
    const again = importRsTables(load());
    expect(JSON.stringify(again.projects)).toBe(JSON.stringify(result.projects));
    expect(JSON.stringify(again.sources)).toBe(JSON.stringify(result.sources));
  });

  it('reads identity, organisation and overview (予算事業ID 1)', () => {
    const p = get('rs-2024-1');
    expect(p.reviewYear).toBe(2024);
    expect(p.budgetProjectId).toBe('1');
    expect(p.name).toBe('内閣人事局経費');
    expect(p.ministry).toBe('内閣官房');
    expect(p.bureau).toBe('内閣人事局');
    expect(p.responsible).toBe('山村和也');
    expect(p.startYear).toBe(2014);
    expect(p.endNote).toBe('終了予定なし');
    expect(p.source.layout).toBe('rs-csv');
    expect(p.source.file.split(';')).toHaveLength(13);
    expect(p.source.file).toContain(`rs2024-sample/${T21}`);
    expect(p.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p.provenance.name).toEqual({ table: '1-2_RS_2024_基本情報_事業概要等.csv', rows: [1] });
  });

  it('takes budget years from the 2-1 summary rows only, execution rate in percent, and the next-year request', () => {
    const p = get('rs-2024-1');
    const row = (fiscalYear: number, initial: number, total: number, executed: number, executionRate: number | null, changeReason: string | null = null) => ({ fiscalYear, initial, supplementary: 0, carriedIn: 0, carriedOut: 0, reserve: 0, total, executed, executionRate, isRequest: false, changeReason, note: null });
    expect(p.budget).toEqual([
      row(2021, 29457000, 29457000, 23771000, 80.697, '新たな成長推進枠：17管理職のマネジメント能力向上に向けた取組として、マネジメント研修の充実を図るための環境整備に係る請負に関する経費を計上したため。'),
      row(2022, 36142000, 36142000, 26711000, 73.906),
      row(2023, 33328000, 33328000, 11200834, 33.608),
      row(2024, 33498000, 33498000, 0, null),
      // 翌年度要求額（合計） of the 2024 summary row, written `34482000.0` in the CSV.
      { fiscalYear: 2025, initial: 34482000, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total: 34482000, executed: null, executionRate: null, isRequest: true },
    ]);
    // Data rows 1, 3, 5, 7 are the summary rows; 2, 4, 6, 8 are the 一般会計 detail rows.
    expect(p.provenance.budget).toEqual({ table: T21, rows: [7, 5, 3, 1] });
    expect(p.provenance['budget.0']).toEqual({ table: T21, rows: [7] });
    expect(p.accountType).toBe('一般会計');
    expect(p.budgetAccounts).toHaveLength(4);
    expect(p.budgetAccounts![0]).toMatchObject({ fiscalYear: 2024, accountType: '一般会計', account: '一般会計', initial: 33498000, request: 34482000 });
  });

  it('sums each ministry\'s 2024 当初予算 exactly as the CSV summary rows do', () => {
    const sums: Record<string, number> = {};
    for (const p of result.projects) {
      const b = p.budget.find((x) => x.fiscalYear === 2024 && !x.isRequest);
      sums[p.ministry] = (sums[p.ministry] ?? 0) + (b?.initial ?? 0);
    }
    expect(sums).toEqual({
      内閣官房: 30763563000,
      デジタル庁: 480611950000,
      警察庁: 152438000,
      内閣府: 13478835000,
      厚生労働省: 0,
      金融庁: 0,
      復興庁: 28607000,
      文部科学省: 24911000,
      総務省: 10595000,
      外務省: 198276000,
      環境省: 7501277000,
      '国土交通省 海上保安庁': 758932000,
      財務省: 11087634000,
      文化庁: 1180300000,
      国土交通省: 5353000,
      経済産業省: 1200000000,
      '国土交通省 観光庁': 129869000,
      防衛省: 734217000,
      こども家庭庁: 0,
    });
  });

  it('never treats a 2-1 row that is neither summary nor detail as a budget year (6201, 観光庁)', () => {
    const p = get('rs-2024-6201');
    expect(p.ministry).toBe('国土交通省 観光庁');
    expect(p.budget.filter((b) => !b.isRequest).map((b) => b.fiscalYear)).toEqual([2022, 2023, 2024]);
    // The extra 2022 row (all zeros, no 会計区分) is neither a summary nor a detail row.
    expect(p.budget.find((b) => b.fiscalYear === 2022)!.initial).toBe(0);
    expect(p.budget.find((b) => b.fiscalYear === 2023)!.initial).toBe(100000000);
    expect(p.warnings.some((w) => w.field === 'budget' && w.message.includes('サマリ行でも会計別の明細行でもない'))).toBe(true);
  });

  it('reads 1-1\'s two side-by-side lists: every 作成責任者, and the その他担当組織 (4)', () => {
    const p = get('rs-2024-4');
    expect(p.responsible).toBe('澁谷弘一、北間俊秀、杉本敬次');
    expect(p.otherOrganizations).toEqual([{ ministry: 'デジタル庁', bureau: '戦略・組織', division: '会計担当' }]);
    expect(p.implementation).toBe('直接実施、補助、交付');
    expect(p.legalBasis).toBe('デジタル庁設置法 第四条 第2項 第17号\nデジタル庁設置法 第四条 第2項 第18号');
  });

  it('names a special account once although rows spell it two ways, and keeps 2-2 lump sums by 予算種別 (159)', () => {
    const p = get('rs-2024-159');
    expect(p.accountType).toBe('特別会計（エネルギー対策・電源開発促進勘定）');
    expect(p.subsidyRates).toEqual([{ target: '原子力発電施設等の所在道府県等', rate: '定額', cap: null }]);
    expect(p.budgetBreakdown.filter((b) => b.fiscalYear === 2024).map((b) => [b.item, b.current, b.request, b.budgetType])).toEqual([
      ['原子力施設等防災対策等交付金', 1399499000, null, '第1次補正予算'],
      ['前年度から繰越し', 594791890, null, '前年度から繰越し'],
      ['原子力安全規制対策費　原子力施設等防災対策等交付金', 10000000000, 15473374000, '当初予算'],
    ]);
  });

  it('joins the 主要経費 of repeated 1-2 rows instead of duplicating the project (46)', () => {
    const p = get('rs-2024-46');
    expect(p.mainExpense).toBe('その他の事項経費、科学技術振興費');
    expect(p.provenance.mainExpense).toEqual({ table: '1-2_RS_2024_基本情報_事業概要等.csv', rows: [7, 8] });
  });
});

describe('RS sample: policies, checks, verdict', () => {
  it('links 政策・施策 from 1-3 and derives the measure pages from them', () => {
    const p = get('rs-2024-4');
    expect(p.policies).toEqual([{ area: '情報通信技術等の適正・効率化に関する施策の推進', measure: '情報システムの整備', measureId: null, ministry: 'デジタル庁', url: 'https://www.digital.go.jp/policies/assessment/' }]);
    expect(p.policy).toEqual({ area: '情報通信技術等の適正・効率化に関する施策の推進', measure: '情報システムの整備', measureId: null });
    const d = deriveCollections(withLineages(result.projects), []);
    const linked = d.projects.find((x) => x.id === 'rs-2024-4')!;
    const measure = d.measures.find((m) => m.id === linked.policy.measureId)!;
    expect(measure.ministryId).toBe('digital');
    expect(measure.projectIds).toContain('rs-2024-4');
    expect(get('rs-2024-672').policy).toEqual({ area: 'Ⅱ 地方行財政', measure: '１ 分権型社会にふさわしい地方行政体制整備等', measureId: null });
  });

  it('maps the self-check, external check, verdict and follow-up of 4-1 (予算事業ID 1)', () => {
    const p = get('rs-2024-1');
    expect(p.checks.map((c) => [c.group, c.question, c.rating])).toEqual([
      ['事業所管部局による点検・改善', '点検結果', null],
      ['事業所管部局による点検・改善', '改善の方向性', null],
      ['外部有識者による点検', '点検対象', '外部有識者による点検対象外'],
    ]);
    expect(p.checks[0]!.note).toMatch(/^政府全体を通じて求められる成果向上、人材育成を狙いとして実施/);
    expect(p.checks[2]!.note).toBe('最終実施年度 2020');
    expect(p.externalOpinion).toBeNull();
    expect(p.reviewTeam.verdict).toBe('現状通り');
    expect(p.reviewTeam.text).toMatch(/^引き続き、効果的・効率的な事業の実施に努めることとし/);
    expect(p.reflection?.status).toBe('現状通り');
  });
});

describe('RS sample: money', () => {
  it('marks blocks that pass money on (5-2) as passthrough and the rest as direct (170)', () => {
    const p = get('rs-2024-170');
    expect(p.recipients.map((r) => [r.block, r.name, r.corporateNumber, r.amount, r.flowKind])).toEqual([
      ['A', '国土交通省', '2000012100001', 146140000, 'passthrough'],
      ['B', '沖縄総合事務局', '2000012010019', 146140000, 'passthrough'],
      ['C', '沖縄県', '1000020470007', 11158000, 'direct'],
      ['D', 'いであ株式会社', '7010901005494', 4180000, 'direct'],
    ]);
    expect(p.fundingFlow.map((f) => [f.fromBlock, f.from, f.toBlock, f.to, f.method])).toEqual([
      [null, '内閣府', 'A', '国土交通省', '経費の移替え'],
      ['A', '国土交通省', 'B', '沖縄総合事務局', null],
      ['B', '沖縄総合事務局', 'C', '地方公共団体', null],
      ['B', '沖縄総合事務局', 'D', '民間団体', null],
    ]);
    expect(p.spendingBlocks!.map((b) => [b.block, b.passesOn, b.total])).toEqual([
      ['A', true, 146140000],
      ['B', true, 146140000],
      ['C', false, 11158000],
      ['D', false, 4180000],
    ]);
    expect(p.expenses).toHaveLength(4);
    const d = deriveCollections(withLineages(result.projects), []);
    const okinawa = d.recipients.find((r) => r.id === '2000012010019')!;
    expect([okinawa.totalDirect, okinawa.totalPassthrough]).toEqual([0, 146140000]);
    const idea = d.recipients.find((r) => r.id === '7010901005494')!;
    expect(idea.totalDirect).toBeGreaterThanOrEqual(4180000);
  });

  it('keeps a wrong 法人番号 check digit visible and flags it; a non-number is dropped with a warning', () => {
    const bad = get('rs-2024-1794').recipients.find((r) => r.corporateNumber === '7010000500687')!;
    expect(bad.corporateNumberValid).toBe(false);
    expect(get('rs-2024-1794').warnings.some((w) => w.message.includes('チェックディジット') && w.message.includes('7010000500687'))).toBe(true);
    const zero = get('rs-2024-4528');
    expect(zero.warnings.some((w) => w.message.includes('13桁の法人番号ではありません') && w.message.includes('"0"'))).toBe(true);
    const rep = result.fileReports.find((r) => r.file.includes('5-3_'))!;
    expect(rep.warnings!.filter((w) => w.message.includes('チェックディジット'))).toHaveLength(2);
  });

  it('lists 5-4 contracts separately and never adds them to recipient amounts (11)', () => {
    const p = get('rs-2024-11');
    expect(p.contracts!.length).toBeGreaterThan(0);
    expect(p.contracts!.every((c) => c.kind === '国庫債務負担行為等による契約')).toBe(true);
    const a = p.recipients.find((r) => r.block === 'A')!;
    expect([a.name, a.amount, a.flowKind]).toEqual(['東京センチュリー株式会社', 3320900000, 'passthrough']);
  });
});

describe('RS sample: 旧事業番号 and project history', () => {
  it('normalises the number forms ministries typed', () => {
    expect(get('rs-2024-408').oldProjectNumber).toBe('2023-警察-22-0059');
    expect(get('rs-2024-525').oldProjectNumber).toBe('2023-復興-22-0058');
    expect(get('rs-2024-672').oldProjectNumber).toBe('2023-総務-22-0007');
    expect(get('rs-2024-672').pastNumbers).toEqual([{ fiscalYear: 2023, number: '2023-総務-22-0007' }]);
  });

  it('ignores text that is not a number, with a warning (215)', () => {
    const p = get('rs-2024-215');
    expect(p.oldProjectNumber).toBeNull();
    expect(p.warnings.find((w) => w.field === 'oldProjectNumber')!.message).toContain('政策: 15');
  });

  it('links a 2024 project to its 2023 legacy sheet when both are loaded', () => {
    const legacy = (id: string, ministry: string, number: string): ProjectRecord => ({
      ...emptyProject(id, `legacy ${number}`, { file: `${id}.txt`, sha256: '0'.repeat(64), layout: 'table', lineCount: 1 }, []),
      reviewYear: 2023,
      ministry,
      projectNumber: number,
    });
    const legacies = [legacy('2023-npa-22-0059', '警察庁', '2023-警察-22-0059'), legacy('2023-reconstruction-22-0058', '復興庁', '2023-復興-22-0058'), legacy('2023-soumu-22-0007', '総務省', '2023-総務-22-0007')];
    const d = deriveCollections(withLineages([...result.projects, ...legacies]), []);
    const h = (id: string) => d.projects.find((p) => p.id === id)!.history;
    expect(h('rs-2024-408')).toEqual(['2023-npa-22-0059']);
    expect(h('rs-2024-525')).toEqual(['2023-reconstruction-22-0058']);
    expect(h('rs-2024-672')).toEqual(['2023-soumu-22-0007']);
    expect(h('2023-soumu-22-0007')).toEqual(['rs-2024-672']);
  });
});

describe('RS sample: source rows for the project page', () => {
  it('keeps each table\'s header and the project\'s rows with their row numbers', () => {
    const s = result.sources.find((x) => x.id === 'rs-2024-1')!;
    expect(s.layout).toBe('rs-csv');
    expect(Object.keys(s.tables!)).toHaveLength(13);
    const t = s.tables![T21]!;
    expect(t.header).toHaveLength(44);
    expect(t.rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(t.rows[0]!.cells.slice(13, 15)).toEqual(['2024', '33498000']);
    expect(get('rs-2024-1').source.lineCount).toBe(Object.values(s.tables!).reduce((n, x) => n + x.rows.length, 0));
  });
});
