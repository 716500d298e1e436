/**
 * The text-flow final target (目標最終年度の目標値) on hostile variants of the seeds: a number in
 * the goal sentence becomes the target only when the sentence states it as the goal's amount and
 * the sheet's first page holds it as a cell of its own. Each case edits the seed's goal cell,
 * unit cell and target cells and checks the exact value published (or that none is).
 */
import { describe, expect, it } from 'vitest';
import { parseReviewSheetTextFlow } from '../src/lib/ingest/legacy/textflow/index.ts';
import { scaled, statesTarget } from '../src/lib/ingest/legacy/textflow/outcomes.ts';
import { inputOf, seedText } from './fixtures/textflow/seeds.ts';

/** Seed 002 with its goal cell (lines 215–217), unit cell (92) and target cell (77) replaced. */
function sheet002(goal: string[], unit: string, target: string, extra: Record<number, string> = {}): string {
  const lines = seedText('002').split('\n');
  expect(lines[76]).toBe('8');
  expect(lines[91]).toBe('（アウトカム） 者');
  expect(lines.slice(214, 217)).toEqual(['注意喚起を実施する大手・', '中堅ISP事業者数を８者と', 'する']);
  for (const [n, text] of Object.entries(extra)) lines[Number(n) - 1] = text;
  lines[76] = target;
  lines[91] = `（アウトカム） ${unit}`;
  lines.splice(214, 3, ...goal);
  return lines.join('\n');
}

/** Seed 000 with its goal cell (lines 90–94), unit cell (202) and both target cells (225, 351) replaced. */
function sheet000(goal: string[], unit: string, target: string): string {
  const lines = seedText('000').split('\n');
  expect([lines[224], lines[350]]).toEqual(['800', '800']);
  expect(lines[201]).toBe('（アウトカム） 地方公共団体数');
  expect(lines[89]).toBe('平成32年度までに生活に');
  lines[224] = target;
  lines[350] = target;
  lines[201] = `（アウトカム） ${unit}`;
  lines.splice(89, 5, ...goal);
  return lines.join('\n');
}

const outcomeOf = (text: string) => parseReviewSheetTextFlow(inputOf(text, 'review-sheet')).project!.outcomes[0]!;

describe('text-flow final target', () => {
  it('the seed cells edited back to the seed give the seed\'s target (the helpers change nothing else)', () => {
    expect(outcomeOf(sheet002(['注意喚起を実施する大手・', '中堅ISP事業者数を８者と', 'する'], '者', '8')).finalTarget).toBe(8);
    expect(outcomeOf(sheet000(['平成32年度までに生活に', '身近な分野でのIoTを活用', 'した取組により地域情報化', 'を実現した地方公共団体', '数800を実現'], '地方公共団体数', '800')).finalTarget).toBe(800);
  });

  it('a template label with a number in the unit (契約先上位10者リスト, a later page) is not the goal, though a cell 10 stands on page 1', () => {
    // Seed 000 prints `国庫債務負担行為等による契約先上位10者リスト` on its third page and a cell `10` on its first.
    const o = outcomeOf(sheet000(['平成32年度までに地方都市', 'ガス事業者の熱量変更を完', '了する。'], '者', '203'));
    expect(o.unit).toBe('者');
    expect(o.finalTarget).toBeNull();
    expect(o.goal).toBeNull();
  });

  it('a scale in brackets (5点満点) is not the target; the stated 3.8 is, exactly', () => {
    const o = outcomeOf(sheet002(['評価（5点満点）の平均', 'を3.8点以上にする'], '点', '3.8', { 75: '5' }));
    expect(o.finalTarget).toBe(3.8);
    expect(o.goal).toBe('評価（5点満点）の平均を3.8点以上にする');
  });

  it('an aside in brackets, a bound below (未満) and a rate base (あたり) are never the target, though cells hold those numbers', () => {
    const cells = { 75: '5', 79: '1' };
    expect(outcomeOf(sheet002(['放出量目標値（±5％）', '以内の達成'], '％', '-', cells)).finalTarget).toBeNull();
    expect(outcomeOf(sheet002(['松林の被害率を全国的に', '１％未満の「微害」に抑', '制'], '％', '-', cells)).finalTarget).toBeNull();
    expect(outcomeOf(sheet002(['地質構造を1調査海域あ', 'たり3つ以上見つける'], '構造', '-', cells)).finalTarget).toBeNull();
    expect(outcomeOf(sheet002(['維持管理（１基の補修工', '事含む）を行う'], '基', '-', cells)).finalTarget).toBeNull();
  });

  it('a number the sentence states but that stands as a cell only after the first page (点検, 支出先) is not the target', () => {
    // Seed 002 prints a lone `1` only on its later pages.
    expect(outcomeOf(sheet002(['年1件の報告書を作成す', 'る'], '件', '-')).finalTarget).toBeNull();
    expect(outcomeOf(sheet002(['年1件の報告書を作成す', 'る'], '件', '1')).finalTarget).toBe(1);
  });

  it('two different amounts in the unit leave the target unstated', () => {
    expect(outcomeOf(sheet002(['8者から12者に増やす'], '者', '12', { 75: '8' })).finalTarget).toBeNull();
  });
});

describe('statesTarget', () => {
  const at = (text: string, n: string) => [text.indexOf(n), n.length] as const;
  it('refuses asides, bounds, scales and rate bases; accepts the stated amount', () => {
    expect(statesTarget('評価(5点満点)で3.8点', ...at('評価(5点満点)で3.8点', '5点'))).toBe(false);
    expect(statesTarget('評価(5点満点)で3.8点', ...at('評価(5点満点)で3.8点', '3.8点'))).toBe(true);
    expect(statesTarget('被害率1%未満', ...at('被害率1%未満', '1%'))).toBe(false);
    expect(statesTarget('目標値±5%以内', ...at('目標値±5%以内', '5%'))).toBe(false);
    expect(statesTarget('1海域あたり3構造', ...at('1海域あたり3構造', '1海域'))).toBe(false);
    expect(statesTarget('【目標】180者まで増加', ...at('【目標】180者まで増加', '180者'))).toBe(true);
    expect(statesTarget('構造を1調査海域あたり', ...at('構造を1調査海域あたり', '構造を1'), true)).toBe(false);
    expect(statesTarget('団体数800を実現', ...at('団体数800を実現', '団体数800'), true)).toBe(true);
    expect(statesTarget('団体数800以上', ...at('団体数800以上', '団体数800'), true)).toBe(true);
  });
});

describe('final targets with 万/億', () => {
  it('scales decimal digits exactly', () => {
    expect(scaled('150', '万')).toBe('1500000');
    expect(scaled('2.2', '万')).toBe('22000');
    expect(scaled('4.9', '万')).toBe('49000');
    expect(scaled('1.23456', '万')).toBe('12345.6');
    expect(scaled('3', '億')).toBe('300000000');
    expect(scaled('0.5', '万')).toBe('5000');
  });

  it('a goal of 150万人泊 with unit 人泊 is 1,500,000, whether the cell prints 1,500,000 or 150万', () => {
    for (const cell of ['1,500,000', '1500000', '150万']) {
      const o = outcomeOf(sheet002(['延べ宿泊者数を150万人', '泊とする'], '人泊', cell));
      expect(o.finalTarget).toBe(1_500_000);
    }
    expect(outcomeOf(sheet002(['利用者を2.2万人とする'], '人', '2.2万')).finalTarget).toBe(22_000);
  });

  it('150万 in the sentence and a cell 150 (another count) is no target; unit 万人 with cell 400 is 400', () => {
    expect(outcomeOf(sheet002(['延べ宿泊者数を150万人', '泊とする'], '人泊', '150')).finalTarget).toBeNull();
    expect(outcomeOf(sheet002(['入域観光客数を400万人', 'にする'], '万人', '400')).finalTarget).toBe(400);
  });
});
