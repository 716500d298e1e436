/**
 * The snapshot manifest: every published file with size, row count and SHA-256, the
 * snapshot id derived from those hashes (so a citation names exact bytes), the licence
 * and how to cite. Written as /data/manifest.json and read by the /data/ page.
 */
import { createHash } from 'node:crypto';
import type { EmptyNote, LayoutCount } from './coverage.ts';
import type { Changelog, SnapshotIndexEntry, SourceDate } from './snapshot.ts';
import type { Collection } from './tables.ts';

export type FileKind = 'json' | 'json-schema' | 'csv-excel' | 'csv-plain' | 'datapackage' | 'checksums' | 'parquet' | 'duckdb' | 'zip' | 'snapshot' | 'changes';

export interface FileEntry {
  /** Path relative to /data/. */
  path: string;
  kind: FileKind;
  collection: Collection | null;
  table: string | null;
  title: string;
  description: string;
  bytes: number;
  sha256: string;
  /** Records (JSON) or data rows without the header (CSV); null for descriptors. */
  rows: number | null;
}

/** Per-record files of one collection, summarised (there can be tens of thousands). */
export interface PerRecordSummary {
  collection: Collection;
  records: number;
  jsonBytes: number;
  csvBytes: number;
  /** SHA-256 over the sorted `<sha256>  <path>` lines of the collection's per-record files. */
  sha256: string;
}

export interface Manifest {
  snapshotId: string;
  snapshot: {
    /** Folder under /data/ holding this snapshot's archive forms (`2026-12-04-2a62a42e`). */
    folder: string;
    /** The snapshot's date (Tokyo calendar day) and instant (ISO 8601). */
    date: string;
    created: string;
    sources: SourceDate[];
    previous: Changelog['from'];
    kept: SnapshotIndexEntry[];
  };
  /** What changed since the previous snapshot (counts, the first ids, totals that differ). */
  changes: {
    collections: Record<string, { added: number; removed: number; changed: number; unchanged: number; sample: { added: string[]; removed: string[]; changed: string[] } }>;
    totals: Changelog['totals'];
  };
  /** Table → source format → records of that format and the table's rows from them. */
  coverage: Record<string, Record<string, { records: number; rows: number }>>;
  /** Tables and columns with no value for a source format, and why. */
  empty: EmptyNote[];
  /** Why the DuckDB and Parquet files are missing, when their writing failed (the rest is published). */
  typedError: string | null;
  files: FileEntry[];
  perRecord: PerRecordSummary[];
  licence: typeof LICENCE;
  /**
   * What the next build needs to reuse this snapshot's whole-collection files: the version of
   * the open-data code, each collection's key (that code and the content hashes of its record
   * files) and each table's counts by source format. Absent in snapshots from before it.
   */
  reuse?: SnapshotReuse;
}

export interface SnapshotReuse {
  code: string;
  collections: Partial<Record<Collection, string>>;
  counts: Record<string, Record<string, LayoutCount>>;
}

export const LICENCE = {
  name: '政府標準利用規約（第2.0版）',
  compatible: 'クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）互換',
  licenses: [
    { name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/', title: 'Creative Commons Attribution 4.0（政府標準利用規約 第2.0版 と互換）' },
    { title: '政府標準利用規約（第2.0版）', path: 'https://www.digital.go.jp/resources/open_data/' },
  ],
  sources: [
    { title: '各府省 行政事業レビューシート（行政改革推進本部事務局・各府省ウェブサイト）', path: 'https://www.gyoukaku.go.jp/review/review.html' },
    { title: '各府省 政策評価書（各府省ウェブサイト）' },
    { title: '行政事業レビュー見える化サイト（RSシステム）データダウンロード', path: 'https://rssystem.go.jp/download-csv' },
    // 2015–2023 sheets: CC BY 4.0, credited as the JUDGIT! data's README asks.
    { title: '構想日本 JUDGIT!（行政事業レビューシートLOD、CC BY 4.0）。元データ: 内閣官房行政改革推進本部事務局「行政事業レビューシートの主要事項のデータベース」', path: 'https://github.com/judgit/data' },
  ],
  credit: '出典：各府省「行政事業レビューシート」「政策評価書」、行政事業レビュー見える化サイト（RSシステム）、構想日本 JUDGIT!（行政事業レビューシートLOD、CC BY 4.0。出典: 内閣官房行政改革推進本部事務局『行政事業レビューシートの主要事項のデータベース』）。本データはこれらを加工して作成したものです。',
} as const;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `sha256sum`-style lines (two spaces), sorted by path: the format of SHA256SUMS. */
export function checksumLines(entries: ReadonlyArray<{ path: string; sha256: string }>): string {
  return [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => `${e.sha256}  ${e.path}\n`)
    .join('');
}

/** The inverse of checksumLines: path → SHA-256 of a `sha256sum` listing (64 hex digits, two spaces, the path). */
export function parseChecksumLines(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) if (line.length > 66 && line[64] === ' ') sums.set(line.slice(66), line.slice(0, 64));
  return sums;
}

/**
 * The snapshot id: the first 16 hex digits of SHA-256 over the checksum lines of every data
 * file (corpus JSON and CSV) and every per-record collection digest. Same data → same id;
 * any changed byte → a new id. Descriptors (datapackage, SHA256SUMS) are derived from these.
 */
export function snapshotIdOf(data: ReadonlyArray<{ path: string; sha256: string }>): string {
  return sha256Hex(checksumLines(data)).slice(0, 16);
}

/** The citation line shown on the /data/ page (Japanese): the snapshot, its date and its own URL. */
export function citation(snapshotId: string, date: string, url: string): string {
  return `行政事業レビュー オープンデータ（スナップショット ${snapshotId}、${date}）、${url}。${LICENCE.credit}`;
}
