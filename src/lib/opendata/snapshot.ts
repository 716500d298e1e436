/**
 * Citable snapshots: each build's data is also published under a dated, content-addressed
 * folder (`/data/2026-12-04-2a62a42e/`) that later builds keep, `/data/latest/` holds the
 * newest, and `changes.json` says what changed since the snapshot before it (records added,
 * removed and changed; totals per ministry and year before and after). Pure: records and the
 * previous snapshot's summary in, summaries out; the stage does the I/O.
 *
 * Dates: a snapshot's date is pinnable (SOURCE_DATE_EPOCH) so the same input gives the same
 * bytes; see snapshotDate.
 */
import type { Collection, Corpus } from './tables.ts';

export interface SourceDate {
  /** File name relative to the sources folder. */
  file: string;
  bytes: number;
  sha256: string;
  /** When the file last changed, ISO 8601 (UTC): its last commit's time if git tracks it unchanged, else its mtime. */
  modified: string;
}

export interface MinistryTotal {
  ministry: string;
  fiscalYear: number;
  /** Review sheets with a budget row of that year (requests excluded). */
  projects: number;
  initial: number;
  total: number;
  executed: number;
}

/** What a later build needs of this snapshot to say what changed: written as snapshot.json. */
export interface SnapshotSummary {
  snapshotId: string;
  /** Folder under /data/ (`2026-12-04-2a62a42e`). */
  folder: string;
  /** The snapshot's date (YYYY-MM-DD) and instant (ISO 8601). */
  date: string;
  created: string;
  /** Per collection: record id → SHA-256 of its JSON file. */
  records: Partial<Record<Collection, Record<string, string>>>;
  totals: MinistryTotal[];
}

export interface CollectionChanges {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
}

export interface Changelog {
  from: { snapshotId: string; folder: string; date: string } | null;
  to: { snapshotId: string; folder: string; date: string };
  collections: Partial<Record<Collection, CollectionChanges>>;
  /** Ministry × fiscal year rows whose totals differ (null side: absent there). */
  totals: Array<{ ministry: string; fiscalYear: number; before: Omit<MinistryTotal, 'ministry' | 'fiscalYear'> | null; after: Omit<MinistryTotal, 'ministry' | 'fiscalYear'> | null }>;
}

export interface SnapshotIndexEntry {
  snapshotId: string;
  folder: string;
  date: string;
}

/**
 * The snapshot's instant: SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention)
 * when set; otherwise the newest source file's date (scripts/stages/source-dates.ts: the
 * commit that last changed it when git tracks it unchanged, so every clone of a commit
 * agrees; else its modification time). Rebuilding the same files gives the same date and
 * bytes. Never the clock.
 */
export function snapshotDate(env: { SOURCE_DATE_EPOCH?: string }, sources: readonly SourceDate[]): Date {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch) {
    if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got ${JSON.stringify(epoch)}`);
    return new Date(Number(epoch) * 1000);
  }
  const newest = sources.reduce((m, s) => (s.modified > m ? s.modified : m), '');
  return newest ? new Date(newest) : new Date(0);
}

/** The date as a Japanese reader of the data page would write it down: Tokyo's calendar day. */
export function tokyoDay(d: Date): string {
  return new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

export function snapshotFolder(date: Date, snapshotId: string): string {
  return `${tokyoDay(date)}-${snapshotId.slice(0, 8)}`;
}

export function ministryTotals(corpus: Pick<Corpus, 'projects'>): MinistryTotal[] {
  const by = new Map<string, MinistryTotal>();
  for (const p of corpus.projects) {
    for (const b of p.budget) {
      if (b.isRequest) continue;
      const key = `${p.ministry}\u0000${b.fiscalYear}`;
      let t = by.get(key);
      if (!t) by.set(key, (t = { ministry: p.ministry, fiscalYear: b.fiscalYear, projects: 0, initial: 0, total: 0, executed: 0 }));
      t.projects++;
      t.initial += b.initial ?? 0;
      t.total += b.total ?? 0;
      t.executed += b.executed ?? 0;
    }
  }
  return [...by.values()].sort((a, b) => (a.ministry < b.ministry ? -1 : a.ministry > b.ministry ? 1 : a.fiscalYear - b.fiscalYear));
}

function diffRecords(before: Record<string, string> | undefined, after: Record<string, string>): CollectionChanges {
  const prev = before ?? {};
  const out: CollectionChanges = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [id, h] of Object.entries(after)) {
    if (!(id in prev)) out.added.push(id);
    else if (prev[id] !== h) out.changed.push(id);
    else out.unchanged++;
  }
  for (const id of Object.keys(prev)) if (!(id in after)) out.removed.push(id);
  for (const l of [out.added, out.removed, out.changed]) l.sort();
  return out;
}

export function changelog(previous: SnapshotSummary | null, current: SnapshotSummary): Changelog {
  const collections: Changelog['collections'] = {};
  for (const c of Object.keys(current.records) as Collection[]) collections[c] = diffRecords(previous?.records[c], current.records[c]!);
  const strip = (t: MinistryTotal | undefined) => (t ? { projects: t.projects, initial: t.initial, total: t.total, executed: t.executed } : null);
  const key = (t: MinistryTotal) => `${t.ministry}\u0000${t.fiscalYear}`;
  const before = new Map((previous?.totals ?? []).map((t) => [key(t), t]));
  const after = new Map(current.totals.map((t) => [key(t), t]));
  const totals: Changelog['totals'] = [];
  for (const k of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = strip(before.get(k));
    const b = strip(after.get(k));
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const t = (before.get(k) ?? after.get(k))!;
    totals.push({ ministry: t.ministry, fiscalYear: t.fiscalYear, before: a, after: b });
  }
  const ref = (s: SnapshotSummary) => ({ snapshotId: s.snapshotId, folder: s.folder, date: s.date });
  return { from: previous ? ref(previous) : null, to: ref(current), collections, totals };
}

/** The kept snapshots, newest first: the previous list plus this one (once). */
export function snapshotIndex(previous: readonly SnapshotIndexEntry[], current: SnapshotIndexEntry): SnapshotIndexEntry[] {
  return [current, ...previous.filter((s) => s.folder !== current.folder)].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.folder < b.folder ? 1 : a.folder > b.folder ? -1 : 0));
}
