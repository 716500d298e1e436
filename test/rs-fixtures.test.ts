/**
 * Tables 3-1 (目標・実績) and 5-1 (支出情報), absent from the 2024 download we have, on
 * made-up fixtures that follow their documented headers (test/fixtures/rs/README.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectRecord } from '../src/schemas/index.ts';
import { deriveCollections } from '../src/lib/ingest/derive.ts';
import { withLineages } from '../src/lib/ingest/lineage.ts';
import { importRsTables } from '../src/lib/ingest/rs/import.ts';

const DIR = join(import.meta.dirname, 'fixtures/rs');
const file = (name: string) => ({ path: name, bytes: new Uint8Array(readFileSync(join(DIR, name))) });
const F31 = '3-1_RS_2024_効果発現経路_目標・実績_架空.csv';
const F51 = '5-1_RS_2024_支出先_支出情報_架空.csv';
const F52 = '5-2_RS_2024_支出先_支出ブロックのつながり_架空.csv';

describe('3-1 目標・実績 (made-up fixture)', () => {
  const r = importRsTables([file(F31)]);
  const p = r.projects[0]!;

  it('recognises the 82-column table and makes one record', () => {
    expect(r.fileReports[0]).toMatchObject({ rsTable: '3-1 効果発現経路_目標・実績', rowsRead: 8, projectCount: 1, errors: [] });
    expect(r.projects.map((x) => x.id)).toEqual(['rs-2024-900001']);
    expect(ProjectRecord.safeParse(p).success).toBe(true);
    expect(p.ministry).toBe('国土交通省 観光庁');
  });

  it('turns activity and output rows into activities with planned/actual per year', () => {
    expect(p.activities).toEqual([
      { indicator: '研修実施回数', unit: '回', values: [{ fiscalYear: 2023, actual: 11, planned: 10 }, { fiscalYear: 2024, actual: null, planned: 12 }], goal: '（架空）研修を実施する', number: '1', kind: 'アクティビティ' },
      { indicator: '受講者数', unit: '人', values: [{ fiscalYear: 2023, actual: 480, planned: 500 }, { fiscalYear: 2024, actual: null, planned: 600 }], goal: '（架空）受講者を確保する', number: '10', kind: 'アウトプット' },
    ]);
  });

  it('turns outcome rows into an outcome with target, actual, achievement (percent) and the final target year', () => {
    expect(p.outcomes).toEqual([
      {
        goal: '（架空）受講者の理解度を高める',
        indicator: '理解度90%以上の受講者の割合',
        unit: '%',
        values: [
          { fiscalYear: 2023, target: 80, actual: 82.5, achievement: 103.125 },
          { fiscalYear: 2024, target: 85, actual: null, achievement: null },
        ],
        finalTarget: 90,
        finalYear: 2026,
        term: '短期',
        dataSource: '（架空）受講者アンケート',
        number: '100',
        kind: 'アウトカム',
        direction: '上向き',
      },
    ]);
    expect(p.provenance.outcomes).toEqual({ table: F31, rows: [5, 6, 7, 8] });
    expect(p.provenance.activities).toEqual({ table: F31, rows: [1, 2, 3, 4] });
  });
});

describe('5-1 支出情報 with its 5-2 block graph (made-up fixtures)', () => {
  const r = importRsTables([file(F51), file(F52)]);
  const p = r.projects[0]!;

  it('makes one recipient per block × payee with the stated total, and lists every contract', () => {
    expect(r.fileReports.find((x) => x.file === F51)).toMatchObject({ rsTable: '5-1 支出先_支出情報', rowsRead: 4, projectCount: 1, errors: [] });
    expect(ProjectRecord.safeParse(p).success).toBe(true);
    expect(p.recipients).toEqual([
      { block: 'A', rank: 1, name: '（架空）事務局株式会社', corporateNumber: '6010001999991', corporateNumberValid: true, description: '補助事業の執行管理業務', amount: 100000000, contractMethod: '一般競争契約（総合評価）', bidders: 1, winningBidRate: 99.8, flowKind: 'passthrough', location: '東京都千代田区（架空）', corporateType: '301' },
      { block: 'B', rank: 1, name: '（架空）製作所株式会社', corporateNumber: '1010401999992', corporateNumberValid: true, description: '設備導入補助／販路開拓補助', amount: 60000000, contractMethod: null, bidders: null, winningBidRate: null, flowKind: 'direct', location: '大阪府大阪市（架空）', corporateType: '301' },
      // `30000000.0` in the CSV; the 法人番号's check digit is wrong on purpose.
      { block: 'B', rank: 2, name: '（架空）商店', corporateNumber: '1010401999993', corporateNumberValid: false, description: '設備導入補助', amount: 30000000, contractMethod: '補助金等交付', bidders: null, winningBidRate: null, flowKind: 'direct', location: '福岡県福岡市（架空）', corporateType: '399' },
    ]);
    expect(p.contracts!.map((c) => [c.kind, c.block, c.name, c.amount])).toEqual([
      ['支出先の契約', 'A', '（架空）事務局株式会社', 100000000],
      ['支出先の契約', 'B', '（架空）製作所株式会社', 30000000],
      ['支出先の契約', 'B', '（架空）製作所株式会社', 30000000],
      ['支出先の契約', 'B', '（架空）商店', 30000000],
    ]);
    expect(p.warnings.filter((w) => w.message.includes('チェックディジット'))).toHaveLength(1);
  });

  it('describes the blocks, the flow between them and the state\'s own indirect costs', () => {
    expect(p.spendingBlocks).toEqual([
      { block: 'A', name: '（架空）事務局株式会社', role: '補助金の交付事務', recipientCount: 1, total: 100000000, passesOn: true },
      { block: 'B', name: '中小企業等', role: '補助事業の実施', recipientCount: 2, total: 90000000, passesOn: false },
    ]);
    expect(p.fundingFlow).toEqual([
      { from: '国土交通省　観光庁', to: '（架空）事務局株式会社', amount: null, method: '補助金', note: null, fromBlock: null, toBlock: 'A' },
      { from: '（架空）事務局株式会社', to: '中小企業等', amount: null, method: '補助金等交付', note: null, fromBlock: 'A', toBlock: 'B' },
    ]);
    expect(p.indirectCosts).toEqual([{ label: '間接経費', item: '旅費', amount: 120000 }]);
  });

  it('keeps the 事務局\'s pass-through money apart from direct payments in recipient totals', () => {
    const d = deriveCollections(withLineages(r.projects), []);
    const office = d.recipients.find((x) => x.id === '6010001999991')!;
    expect([office.totalDirect, office.totalPassthrough, office.totalUnknown]).toEqual([0, 100000000, 0]);
    const maker = d.recipients.find((x) => x.id === '1010401999992')!;
    expect([maker.totalDirect, maker.totalPassthrough]).toEqual([60000000, 0]);
  });

  it('without 5-2, the flow kind is unknown rather than guessed', () => {
    const alone = importRsTables([file(F51)]).projects[0]!;
    expect(alone.recipients.map((x) => x.flowKind)).toEqual([null, null, null]);
  });
});

describe('5-1 and 5-3 together', () => {
  it('takes recipients from 5-1 and the 費目・使途 lines from 5-3', () => {
    const header = ['シート種別', '事業年度', '予算事業ID', '事業名', '府省庁の建制順', '政策所管府省庁', '府省庁', '局・庁', '部', '課', '室', '班', '係', '支出先ブロック番号', '支出先名', '法人番号', '契約概要', '費目', '使途', '金額'];
    const row = ['レビューシート', '2024', '900001', '（架空データ）RS取込テスト用事業', '23', '国土交通省', '国土交通省　観光庁', '', '', '', '', '', '', 'A', '（架空）事務局株式会社', '6010001999991', '補助事業の執行管理業務', '人件費', '事務局職員', '40000000'];
    const f53 = { path: '5-3_架空.csv', bytes: new TextEncoder().encode(`${header.join(',')}\r\n${row.join(',')}\r\n`) };
    const p = importRsTables([file(F51), file(F52), f53]).projects[0]!;
    expect(p.recipients.map((r) => [r.name, r.amount])).toEqual([
      ['（架空）事務局株式会社', 100000000],
      ['（架空）製作所株式会社', 60000000],
      ['（架空）商店', 30000000],
    ]);
    expect(p.expenses).toEqual([{ block: 'A', recipient: '（架空）事務局株式会社', item: '人件費', use: '事務局職員', amount: 40000000 }]);
    expect(p.provenance.expenses).toEqual({ table: '5-3_架空.csv', rows: [1] });
  });
});
