/**
 * The ingest content-hash cache: an unchanged file's parse is reused, a changed file (or a
 * changed parser) is parsed again, and the records are the same with or without the cache.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/lib/ingest/pipeline.ts';
import { readSources } from '../scripts/lib/fs.ts';
import { openIngestCache } from '../scripts/lib/ingest-cache.ts';
import { synthesize, shiftCorporateNumber } from '../scripts/bench/synth.ts';
import { corporateCheckDigit } from '../src/lib/normalize/corporate-number.ts';
import { SAMPLE_SOURCES } from './paths.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ingest-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ingest cache', () => {
  it('reuses unchanged files, re-parses a changed one, and yields the same records as no cache', async () => {
    const files = await readSources(SAMPLE_SOURCES);
    const legacy = files.filter((f) => f.path.endsWith('.txt'));
    expect(legacy.length).toBe(5);
    const plain = ingest(files, { sourcesDir: 'content/sources' });

    const rsTables = files.filter((f) => f.path.endsWith('.csv')).length;
    const c1 = openIngestCache(SAMPLE_SOURCES, { dir: tmp });
    const first = ingest(files, { sourcesDir: 'content/sources', memo: c1.memo });
    // One entry per legacy file, per RS table, per RS year and per JUDGIT JSON file.
    const judgit = files.filter((f) => f.path.endsWith('.json')).length;
    expect(judgit).toBe(31);
    const stats1 = await c1.finish();
    expect(stats1).toMatchObject({ hits: 0, misses: legacy.length + rsTables + (rsTables > 0 ? 1 : 0) + judgit });

    const c2 = openIngestCache(SAMPLE_SOURCES, { dir: tmp });
    const second = ingest(files, { sourcesDir: 'content/sources', memo: c2.memo });
    // The year's import is reused whole, so its tables are not even asked for.
    expect(await c2.finish()).toMatchObject({ hits: legacy.length + (rsTables > 0 ? 1 : 0) + judgit, misses: 0 });
    expect(JSON.stringify(second)).toBe(JSON.stringify(plain));
    expect(JSON.stringify(first)).toBe(JSON.stringify(plain));

    // One file changes: exactly that one is parsed again.
    const changed = files.map((f) => (f === legacy[0] ? { path: f.path, bytes: new Uint8Array([...f.bytes, 0x0a]) } : f));
    const c3 = openIngestCache(SAMPLE_SOURCES, { dir: tmp });
    ingest(changed, { sourcesDir: 'content/sources', memo: c3.memo });
    expect(await c3.finish()).toMatchObject({ misses: 1 });

    // One RS table changes: that table and its year are redone, the other tables reused.
    if (rsTables > 0) {
      const table = files.find((f) => f.path.endsWith('.csv'))!;
      const changedRs = changed.map((f) => (f.path === table.path ? { path: f.path, bytes: new Uint8Array([...f.bytes, ...new TextEncoder().encode('\r\n')]) } : f));
      const c4 = openIngestCache(SAMPLE_SOURCES, { dir: tmp });
      ingest(changedRs, { sourcesDir: 'content/sources', memo: c4.memo });
      expect(await c4.finish()).toMatchObject({ misses: 2, hits: legacy.length + rsTables - 1 + judgit });
    }
  });

  it('writes entries at once past its bound on waiting bytes (ingest is synchronous: queued writes only start after it)', async () => {
    const files = await readSources(SAMPLE_SOURCES);
    const entries = (dir: string) => readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.v8')).length;
    const queued = openIngestCache(SAMPLE_SOURCES, { dir: join(tmp, 'queued') });
    ingest(files, { sourcesDir: 'content/sources', memo: queued.memo });
    expect(entries(join(tmp, 'queued'))).toBe(0);
    const { misses } = await queued.finish();
    expect(entries(join(tmp, 'queued'))).toBe(misses);

    const bounded = openIngestCache(SAMPLE_SOURCES, { dir: join(tmp, 'bounded'), pendingLimit: 0 });
    const plain = ingest(files, { sourcesDir: 'content/sources', memo: bounded.memo });
    // Every entry is on disk before ingest returns, and the cache still serves the next run whole.
    expect(entries(join(tmp, 'bounded'))).toBe(misses);
    expect(await bounded.finish()).toMatchObject({ hits: 0, misses });
    const again = openIngestCache(SAMPLE_SOURCES, { dir: join(tmp, 'bounded'), pendingLimit: 0 });
    expect(JSON.stringify(ingest(files, { sourcesDir: 'content/sources', memo: again.memo }))).toBe(JSON.stringify(plain));
    expect(await again.finish()).toMatchObject({ misses: 0 });
  });

  it('does not let the pipeline mutate a cached entry (strict mode adds errors after parsing)', async () => {
    const files = (await readSources(SAMPLE_SOURCES)).filter((f) => f.path.endsWith('.txt'));
    const c1 = openIngestCache(join(SAMPLE_SOURCES, 'strict'), { dir: tmp });
    const strict = ingest(files, { sourcesDir: 'content/sources', strict: true, memo: c1.memo });
    expect(strict.report.counts.errors).toBeGreaterThan(0);
    await c1.finish();
    const c2 = openIngestCache(join(SAMPLE_SOURCES, 'strict'), { dir: tmp });
    const lax = ingest(files, { sourcesDir: 'content/sources', memo: c2.memo });
    expect((await c2.finish()).misses).toBe(0);
    expect(lax.report.counts.errors).toBe(ingest(files, { sourcesDir: 'content/sources' }).report.counts.errors);
  });
});

describe('synthetic RS corpus', () => {
  it('derives valid 法人番号 for synthetic recipients', () => {
    // 国税庁's published example: 法人番号 8700110005901 (check digit 8).
    expect(corporateCheckDigit('700110005901')).toBe(8);
    const shifted = shiftCorporateNumber('8700110005901', 3);
    expect(shifted).toMatch(/^\d{13}$/);
    expect(shifted).not.toBe('8700110005901');
    expect(Number(shifted[0])).toBe(corporateCheckDigit(shifted.slice(1)));
  });

  // The bundled extract of the official RS 2024 tables (34 projects).
  const from = join(SAMPLE_SOURCES, 'rs2024-sample');
  it.skipIf(!existsSync(from))('is deterministic and scales the project count', async () => {
    const a = await synthesize({ from, out: join(tmp, 'a'), scale: 2.5 });
    const b = await synthesize({ from, out: join(tmp, 'b'), scale: 2.5 });
    expect(a).toEqual(b);
    const fa = await readSources(join(tmp, 'a'));
    const fb = await readSources(join(tmp, 'b'));
    expect(fa.map((f) => f.path)).toEqual(fb.map((f) => f.path));
    for (let i = 0; i < fa.length; i++) expect(Buffer.from(fa[i]!.bytes).equals(Buffer.from(fb[i]!.bytes))).toBe(true);
    expect(a.years).toEqual([2022, 2023, 2024]);
    expect(a.files).toBe(39);
    // Two whole years of 34 projects plus about half of them again.
    expect(a.projects).toBeGreaterThan(68 + 8);
    expect(a.projects).toBeLessThan(68 + 26);
    // The newest year is the real one, byte for byte; earlier years carry their own 事業年度.
    const real = (await readSources(from)).find((f) => f.path.startsWith('2-1_'))!;
    const copy = fa.find((f) => f.path === `RS_2024/${real.path}`)!;
    expect(Buffer.from(copy.bytes).equals(Buffer.from(real.bytes))).toBe(true);
    const older = new TextDecoder().decode(fa.find((f) => f.path === `RS_2023/${real.path.replace('_2024_', '_2023_')}`)!.bytes);
    expect(older.split('\r\n')[1]!.split(',')[1]).toBe('2023');
  }, 120_000);
});
