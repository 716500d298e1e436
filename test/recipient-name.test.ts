/**
 * Which recipient names stand for someone unnamed (src/lib/normalize/recipient-name.ts), on
 * names as the decade's sheets write them (JUDGIT 2015–2023, RS 2024), and what the derived
 * records make of them.
 */
import { describe, expect, it } from 'vitest';
import { recipientId } from '../src/lib/ingest/ids.ts';
import { isPlaceholderRecipient, normalizeRecipientName } from '../src/lib/normalize/recipient-name.ts';

describe('isPlaceholderRecipient', () => {
  it('knows the labels sheets give people and firms they do not name', () => {
    // The most frequent of the decade, each written by hundreds to thousands of sheets.
    for (const n of ['個人A', '個人Ｂ', '個人（Ａ）', '個人(c)', '個人 Ｄ', '職員Ａ', '委員B', '出張者Ａ', '非常勤職員A', 'Ａ社', 'B社', '株式会社A', '有識者C', '事業主A', '期間業務職員B', '現地旅行会社A', '在外公館職員A', '単位老人クラブA', '委員A氏', '個人1', '研究者個人Ｂ', '出張者（６）', '国立大学法人 Y']) {
      expect(isPlaceholderRecipient(n), n).toBe(true);
    }
    for (const n of ['個人', '非公表', '個人（非公表）', '個人 ( 匿名 )']) expect(isPlaceholderRecipient(n), n).toBe(true);
  });
  it('leaves real names alone, however short or Latin', () => {
    for (const n of ['富士通株式会社', '富士通（株）', '日本電気㈱', 'NTTデータ', '株式会社NTTドコモ', 'KDDI株式会社', '東京労働局', '愛知県', '米海軍省', '個人事業主', '個人情報保護委員会', 'ＪＡ全農', 'NEC', 'IBM', '三菱UFJ銀行', 'ABC社会研究所', '第一生命', '株式会社ABC', '前田・鴻池・田中JV', '株式会社シグナルＯＳ', '筑協商事株式会社山川SS', '委員AB', '']) {
      expect(isPlaceholderRecipient(n), n).toBe(false);
    }
  });
  it('compares names across widths and spaces', () => {
    expect(normalizeRecipientName('富士通　株式会社 ')).toBe('富士通株式会社');
    expect(normalizeRecipientName('ＮＴＴ')).toBe('NTT');
  });
});

describe('recipientId', () => {
  it('gives a placeholder no id unless it has a 法人番号, and groups real names across widths and spaces', () => {
    expect(recipientId(null, '個人Ａ')).toBeUndefined();
    expect(recipientId('1234', 'A社')).toBeUndefined();
    // 日本電気株式会社's 法人番号 (check digit valid): the number is the id, whatever the name says.
    expect(recipientId('7010401022916', 'A社')).toBe('7010401022916');
    expect(recipientId(null, '富士通　株式会社')).toBe(recipientId(null, '富士通株式会社'));
    expect(recipientId(null, '富士通株式会社')).toMatch(/^n-[0-9a-f]{8}$/);
    expect(recipientId(null, '富士通株式会社')).not.toBe(recipientId(null, '日本電気株式会社'));
  });
});
