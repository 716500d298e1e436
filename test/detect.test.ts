import { describe, expect, it } from 'vitest';
import { detectDocument } from '../src/lib/ingest/detect.ts';
import { seedText } from './fixtures/textflow/seeds.ts';

describe('detectDocument on the five seeds', () => {
  it.each([
    ['000', 'review-sheet', 'text-flow'],
    ['001', 'policy-evaluation', 'text-flow'],
    ['002', 'review-sheet', 'text-flow'],
    ['003', 'review-sheet', 'table'],
    ['004', 'review-sheet', 'table'],
  ] as const)('seed %s is a %s in %s layout', (seed, kind, layout) => {
    expect(detectDocument(seedText(seed))).toEqual({ kind, layout });
  });
});

describe('detectDocument on hostile input', () => {
  it('an evaluation that cites review sheets and has a 予算額・執行額 label stays an evaluation', () => {
    // Seed 001 already does both ("今後は行政事業レビューシートにおいて…", "政策の予算額・\n執行額等"); make it louder.
    const text = seedText('001') + '\n行政事業レビューシート\n\n事業番号 新30 0017\n\n予算額・\n執行額\n';
    expect(detectDocument(text).kind).toBe('policy-evaluation');
  });

  it('an evaluation quoting a review sheet title line stays an evaluation', () => {
    const text = seedText('001').replace('政策の概要', '平成３０年度行政事業レビューシート 総務省\n\n政策の概要');
    expect(detectDocument(text).kind).toBe('policy-evaluation');
  });

  it('a review sheet that mentions 政策評価 and an evaluation title stays a review sheet', () => {
    const text = seedText('002') + '\n政策評価\n\n主要な政策に係る評価書（平成30年度実施政策）\n\n測定指標\n';
    expect(detectDocument(text)).toEqual({ kind: 'review-sheet', layout: 'text-flow' });
  });

  it('a short evaluation in prose that only names a review sheet is an evaluation', () => {
    const text = [
      '実績評価書（令和2年度実施施策）',
      '（総務省2－①）',
      '施策名 施策1：行政改革の推進 分野 行政',
      '施策の概要',
      '行政事業レビューシートにおいて事業の点検を行う。',
      '基本目標',
      '【達成すべき目標】',
      '目標達成度合いの測定結果 （各行政機関共通区分） 目標達成',
      '担当部局課室名 行政管理局 政策評価実施時期 令和3年8月',
    ].join('\n');
    expect(detectDocument(text)).toEqual({ kind: 'policy-evaluation', layout: 'text-flow' });
  });

  it.each([
    ['empty text', ''],
    ['a news article naming both kinds in passing', '総務省は行政事業レビューシートと政策評価書を公表した。\n記者会見で大臣は、評価書の内容について説明した。\n'],
    ['a bare title without any of the template labels', '平成３０年度行政事業レビューシート 総務省\n'],
    ['a CSV of unrelated data', 'id,name,value\n1,東京,100\n2,大阪,200\n'],
    ['an unrelated government notice', '令和3年度予算の概要\n\n一般会計 歳出総額\n\n主要経費別内訳\n'],
  ])('%s is unknown', (_label, text) => {
    expect(detectDocument(text)).toEqual({ kind: 'unknown', layout: null });
  });
});
