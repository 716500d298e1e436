/** A small RS CSV table for tests: the official header of table `id`, rows given by column (UTF-8 with BOM, CRLF). */
import { RS_TABLES } from '../../src/lib/ingest/rs/tables.ts';

const cols = (id: string) => [...RS_TABLES.find((t) => t.id === id)!.columns];

export function rsCsv(path: string, id: string, rows: Array<Record<string, string>>): { path: string; bytes: Uint8Array } {
  const header = cols(id);
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const base: Record<string, string> = { シート種別: 'レビューシート', 事業年度: '2024', 事業名: 'テスト事業', 府省庁: '内閣官房', 所管府省庁: '内閣官房', 政策所管府省庁: '内閣官房' };
  const lines = [header.map(q).join(','), ...rows.map((r) => header.map((h) => q({ ...base, ...r }[h] ?? '')).join(','))];
  return { path, bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(lines.join('\r\n') + '\r\n')]) };
}
