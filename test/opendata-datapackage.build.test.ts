/**
 * datapackage.json as a real Frictionless client reads it: datapackage-js (npm `datapackage`,
 * the Frictionless JavaScript implementation; no other is installable here — no Python
 * frictionless in npm or Debian) loads and validates the descriptor against the Data Package
 * profile, then reads every program-flavour table, casting each cell to its declared type and
 * checking every foreign key against the table it names. Plus what that library cannot check:
 * the BOM files declare `utf-8-sig`, the package has created/licenses/sources/contributors,
 * coded columns carry their code list, and empty tables say why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { allTables } from '../src/lib/opendata/tables.ts';
import type { Manifest } from '../src/lib/opendata/manifest.ts';
import { TEST_DIST } from './paths.ts';

const DATA = join(TEST_DIST, 'data');
// A CommonJS package without types.
const { Package } = createRequire(import.meta.url)('datapackage') as {
  Package: { load(descriptor: unknown, options?: { basePath?: string }): Promise<DpPackage> };
};
interface DpResource {
  name: string;
  tabular: boolean;
  read(o: { keyed?: boolean; relations?: boolean; cast?: boolean }): Promise<Array<Record<string, unknown>>>;
}
interface DpPackage {
  valid: boolean;
  errors: Array<{ message: string }>;
  resources: DpResource[];
  getResource(name: string): DpResource | null;
}
interface Descriptor {
  created: string;
  licenses: Array<{ name?: string; path?: string }>;
  sources: Array<{ title: string; path?: string }>;
  contributors: Array<{ title: string; role?: string }>;
  resources: Array<{
    name: string;
    path: string;
    encoding?: string;
    emptyFor?: Array<{ column: string | null; sourceLayout: string; reason: string }>;
    schema?: { fields: Array<{ name: string; categories?: Array<{ value: string; label: string }> }>; foreignKeys?: Array<{ fields: string[]; reference: { resource: string; fields: string[] } }> };
  }>;
}
const descriptor = JSON.parse(readFileSync(join(DATA, 'datapackage.json'), 'utf8')) as Descriptor;

describe('datapackage.json in datapackage-js (Frictionless)', () => {
  it('loads and validates against the Data Package profile', async () => {
    const pkg = await Package.load(join(DATA, 'datapackage.json'));
    expect(pkg.errors.map((e) => e.message)).toEqual([]);
    expect(pkg.valid).toBe(true);
    expect(pkg.resources.filter((r) => r.tabular).length).toBe(allTables().length * 2);
  });

  it('reads every program table, each cell cast to its declared type', async () => {
    const pkg = await Package.load(join(DATA, 'datapackage.json'));
    const manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as Manifest;
    for (const t of allTables()) {
      const rows = await pkg.getResource(t.name)!.read({ keyed: true, cast: true });
      expect(rows.length, t.name).toBe(manifest.files.find((f) => f.path === `csv-utf8/${t.name}.csv`)!.rows);
    }
  }, 120_000);

  it('holds every declared foreign key on the data (each key checked alone)', async () => {
    // datapackage-js resolves a row's keys in place, so a second key over a field the first
    // one used (projectId, then projectId + outcomeSeq) would compare against the resolved
    // row: each key is checked in a descriptor that declares only that key.
    let checked = 0;
    for (const r of descriptor.resources) {
      for (const fk of r.schema?.foreignKeys ?? []) {
        const one = structuredClone(descriptor) as Descriptor;
        one.resources.find((x) => x.name === r.name)!.schema!.foreignKeys = [fk];
        const pkg = await Package.load(one, { basePath: DATA });
        await expect(pkg.getResource(r.name)!.read({ relations: true }), `${r.name} ${fk.fields.join('+')} → ${fk.reference.resource}`).resolves.toBeDefined();
        checked++;
      }
    }
    // Every child table points at its parent, and the cross-table keys are declared.
    expect(checked).toBeGreaterThanOrEqual(allTables().length);
    const fks = (name: string) => descriptor.resources.find((x) => x.name === name)!.schema!.foreignKeys ?? [];
    expect(fks('recipients').map((k) => k.reference.resource)).toContain('recipient_entities');
    expect(fks('project_policies').map((k) => k.reference.resource)).toContain('measures');
    expect(fks('projects').map((k) => k.reference.resource)).toContain('ministries');
    expect(fks('recipient_payments').map((k) => k.reference.resource)).toContain('projects');
  }, 300_000);

  it('finds a broken key: a recipient row pointing at no entity fails', async () => {
    const one = structuredClone(descriptor) as Descriptor;
    // Point recipients' key at a table whose ids are project ids: real rows that cannot match.
    one.resources.find((x) => x.name === 'recipients')!.schema!.foreignKeys = [{ fields: ['recipientId'], reference: { resource: 'projects', fields: ['id'] } }];
    const pkg = await Package.load(one, { basePath: DATA });
    await expect(pkg.getResource('recipients')!.read({ relations: true })).rejects.toThrow(/Foreign key/);
  }, 60_000);
});

describe('datapackage.json: what a client needs beyond the profile', () => {
  it('declares the BOM files utf-8-sig and the program files utf-8', () => {
    for (const r of descriptor.resources.filter((x) => x.path.endsWith('.csv'))) {
      const bom = readFileSync(join(DATA, r.path)).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(r.encoding, r.path).toBe(bom ? 'utf-8-sig' : 'utf-8');
    }
    expect(descriptor.resources.find((x) => x.path === 'csv/projects.csv')!.encoding).toBe('utf-8-sig');
  });

  it('has created, licenses, sources and contributors', () => {
    expect(descriptor.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as Manifest;
    expect(descriptor.created).toBe(manifest.snapshot.created);
    expect(descriptor.licenses.some((l) => l.name === 'CC-BY-4.0')).toBe(true);
    expect(descriptor.sources.some((s) => s.path === 'https://rssystem.go.jp/download-csv')).toBe(true);
    // Every input file is named among the sources, with its hash.
    for (const s of manifest.snapshot.sources) expect(descriptor.sources.some((x) => x.title.includes(s.file) && x.title.includes(s.sha256)), s.file).toBe(true);
    expect(descriptor.contributors.map((c) => c.role).sort()).toEqual(['author', 'contributor', 'publisher']);
    // JUDGIT! (CC BY 4.0) is credited as its README asks.
    expect(descriptor.contributors.find((c) => c.role === 'contributor')!.title).toContain('構想日本 JUDGIT!');
    expect(descriptor.sources.some((x) => x.title.includes('JUDGIT!') && x.title.includes('CC BY 4.0'))).toBe(true);
  });

  it('gives the coded column corporateType its code list', () => {
    for (const name of ['contracts', 'recipients']) {
      const f = descriptor.resources.find((x) => x.name === name)!.schema!.fields.find((x) => x.name === 'corporateType')!;
      expect(f.categories?.find((c) => c.value === '301')?.label, name).toBe('株式会社');
      expect(f.categories?.find((c) => c.value === '399')?.label, name).toBe('その他の設立登記法人');
    }
  });

  it('says why a table is empty for a source, naming the RS table that would hold it', () => {
    const manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as Manifest;
    // The sample's RS tables do not include 3-1 (目標・実績): no RS row has outcome values.
    const rsOutcomeValues = manifest.coverage.outcome_values?.['rs-csv'];
    expect(rsOutcomeValues?.records).toBeGreaterThan(0);
    expect(rsOutcomeValues?.rows).toBe(0);
    const note = descriptor.resources.find((x) => x.name === 'outcome_values')!.emptyFor!.find((e) => e.sourceLayout === 'rs-csv' && e.column === null);
    expect(note?.reason).toContain('3-1（効果発現経路_目標・実績）が入力にありません');
    const projectNumber = descriptor.resources.find((x) => x.name === 'projects')!.emptyFor!.find((e) => e.sourceLayout === 'rs-csv' && e.column === 'projectNumber');
    expect(projectNumber?.reason).toContain('事業番号の列がありません');
    const html = readFileSync(join(DATA, 'index.html'), 'utf8');
    expect(html.includes('data-testid="empty-outcome_values"'), 'data page says why outcome_values is empty').toBe(true);
  });
});
