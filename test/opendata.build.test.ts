/**
 * The open-data snapshot is a public contract: every CSV must parse with a real CSV parser
 * and hold exactly the JSON's values, the datapackage must describe every column of every
 * CSV, the checksums must match the bytes, Excel files must be BOM+CRLF with formulas
 * neutralised (and negative numbers intact), and the same input must give the same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excelText, textColumns } from '../src/lib/opendata/csv.ts';
import { describeField } from '../src/lib/opendata/field.ts';
import { projectCsv } from '../src/lib/opendata/record-csv.ts';
import { kindOf } from '../src/lib/opendata/flatten.ts';
import { allTables, PROJECT_TABLE_OF_FIELD, PROJECT_TABLES, tableRows, type Cell, type Corpus, type TableMeta } from '../src/lib/opendata/tables.ts';
import { LICENCE, type Manifest } from '../src/lib/opendata/manifest.ts';
import { ProjectRecord } from '../src/schemas/index.ts';
import { writeOpenData } from '../scripts/stages/open-data.ts';
import { TEST_DIST } from './paths.ts';

const DATA = join(TEST_DIST, 'data');
const readJson = <T>(p: string): T => JSON.parse(readFileSync(join(DATA, p), 'utf8')) as T;
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

interface Resource {
  name: string;
  path: string;
  bytes: number;
  hash: string;
  dialect?: { lineTerminator: string };
  schema?: { fields: Array<{ name: string; type: string; title?: string; description?: string; constraints?: { required?: boolean } }>; primaryKey: string[]; foreignKeys?: Array<{ fields: string[]; reference: { resource: string; fields: string[] } }> };
}

function loadCorpus(): Corpus {
  return {
    projects: readJson('projects.json'),
    evaluations: readJson('evaluations.json'),
    measures: readJson('measures.json'),
    ministries: readJson('ministries.json'),
    recipients: readJson('recipients.json'),
  };
}

/** Parse a CSV the way a program would, typing cells by the datapackage field types. */
function parseTyped(text: string | Buffer, fields: Array<{ name: string; type: string }>): { header: string[]; rows: Cell[][] } {
  const records = parse(text, { bom: true, relax_column_count: false }) as string[][];
  const [header, ...body] = records;
  const rows = body.map((r) =>
    r.map((cell, i): Cell => {
      if (cell === '') return null;
      const t = fields[i]?.type;
      if (t === 'integer' || t === 'number') return Number(cell);
      if (t === 'boolean') return cell === 'true' ? true : cell === 'false' ? false : cell;
      return cell;
    }),
  );
  return { header: header ?? [], rows };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('open data: the flat CSV tables', () => {
  const manifest = readJson<Manifest>('manifest.json');
  const pkg = readJson<{ resources: Resource[]; version: string }>('datapackage.json');
  const corpus = loadCorpus();
  const byPath = new Map(pkg.resources.map((r) => [r.path, r]));

  it('publishes the contract tables (at least projects, budgets, outcomes, activities, recipients, evaluations, indicators) in both flavours', () => {
    for (const t of ['projects', 'budgets', 'outcomes', 'outcome_values', 'activities', 'recipients', 'evaluations', 'indicators', 'unit_costs', 'expenses', 'funding_flows', 'checks', 'past_numbers', 'measures', 'ministries', 'recipient_payments']) {
      expect(statSync(join(DATA, 'csv', `${t}.csv`)).size).toBeGreaterThan(0);
      expect(statSync(join(DATA, 'csv-utf8', `${t}.csv`)).size).toBeGreaterThan(0);
    }
  });

  it('describes every column of every CSV file in datapackage.json, with a Japanese title and a type', () => {
    const csvFiles = [...walk(join(DATA, 'csv')), ...walk(join(DATA, 'csv-utf8'))].map((f) => relative(DATA, f));
    expect(csvFiles.length).toBe(allTables().length * 2);
    for (const path of csvFiles) {
      const res = byPath.get(path);
      expect(res, path).toBeDefined();
      const { header } = parseTyped(readFileSync(join(DATA, path)), res!.schema!.fields);
      expect(header, path).toEqual(res!.schema!.fields.map((f) => f.name));
      for (const f of res!.schema!.fields) {
        expect(f.title, `${path} ${f.name} title`).toBeTruthy();
        expect(f.description, `${path} ${f.name} description`).toBeTruthy();
        expect(['string', 'integer', 'number', 'boolean']).toContain(f.type);
      }
    }
  });

  it('has foreign keys that point at existing resources and fields', () => {
    const names = new Map(pkg.resources.map((r) => [r.name, r]));
    for (const r of pkg.resources) {
      for (const fk of r.schema?.foreignKeys ?? []) {
        const target = names.get(fk.reference.resource);
        expect(target, `${r.name} → ${fk.reference.resource}`).toBeDefined();
        for (const f of fk.reference.fields) expect(target!.schema!.fields.map((x) => x.name)).toContain(f);
        for (const f of fk.fields) expect(r.schema!.fields.map((x) => x.name)).toContain(f);
      }
    }
  });

  it('holds exactly the JSON values: parsing the program CSV gives the rows flattened from the published JSON', () => {
    for (const t of allTables()) {
      const res = byPath.get(`csv-utf8/${t.name}.csv`)!;
      const { rows } = parseTyped(readFileSync(join(DATA, res.path)), res.schema!.fields);
      const expected = [...tableRows(t, corpus)].map((row) => t.columns.map((c) => row[c.name] ?? null));
      expect(rows, t.name).toEqual(expected);
      expect(manifest.files.find((f) => f.path === res.path)?.rows).toBe(expected.length);
    }
  });

  it('holds the same values in the Excel CSV, text neutralised only where it would run as a formula', () => {
    for (const t of allTables()) {
      const res = byPath.get(`csv/${t.name}.csv`)!;
      const { rows } = parseTyped(readFileSync(join(DATA, res.path)), res.schema!.fields);
      const isText = textColumns(t.columns);
      const expected = [...tableRows(t, corpus)].map((row) => t.columns.map((c, i) => (isText[i] && typeof row[c.name] === 'string' ? excelText(row[c.name] as string) : (row[c.name] ?? null))));
      expect(rows, t.name).toEqual(expected);
    }
  });

  it('gives every array of objects in a review sheet its own table, one row per element', () => {
    const fields = Object.entries(ProjectRecord.shape).filter(([, s]) => kindOf(s) === 'object-array').map(([f]) => f);
    expect(fields).toEqual(expect.arrayContaining(['budget', 'outcomes', 'activities', 'unitCosts', 'recipients', 'expenses', 'fundingFlow', 'checks', 'pastNumbers']));
    for (const f of fields) {
      const name = PROJECT_TABLE_OF_FIELD[f]!;
      const rows = parse(readFileSync(join(DATA, `csv-utf8/${name}.csv`)), { columns: true }) as unknown[];
      const expected = corpus.projects.reduce((n, p) => n + (f === 'policies' && !(p.policies && p.policies.length > 0) ? (p.policy.area || p.policy.measure ? 1 : 0) : (((p as Record<string, unknown>)[f] as unknown[] | undefined)?.length ?? 0)), 0);
      expect(rows.length, `${f} → ${name}.csv`).toBe(expected);
    }
  });

  it('flattens review sheets one fact per row, keyed by projectId and seq (independent check against the JSON arrays)', () => {
    const budgets = parse(readFileSync(join(DATA, 'csv-utf8/budgets.csv')), { columns: true }) as Array<Record<string, string>>;
    const values = parse(readFileSync(join(DATA, 'csv-utf8/outcome_values.csv')), { columns: true }) as Array<Record<string, string>>;
    for (const p of corpus.projects) {
      const mine = budgets.filter((b) => b.projectId === p.id);
      expect(mine.length).toBe(p.budget.length);
      mine.forEach((b, i) => {
        const j = p.budget[i]!;
        expect(b.seq).toBe(String(i + 1));
        expect(b.fiscalYear).toBe(String(j.fiscalYear));
        expect(b.total).toBe(j.total === null ? '' : String(j.total));
        expect(b.executed).toBe(j.executed === null ? '' : String(j.executed));
        expect(b.isRequest).toBe(String(j.isRequest));
      });
      const n = p.outcomes.reduce((s, o) => s + o.values.length, 0);
      expect(values.filter((v) => v.projectId === p.id).length).toBe(n);
    }
  });

  it('writes Excel CSV as UTF-8 with BOM and CRLF, and program CSV without BOM and with LF', () => {
    for (const t of allTables()) {
      const excel = readFileSync(join(DATA, 'csv', `${t.name}.csv`));
      expect([...excel.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = excel.toString('utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      // Same records whether the parser insists on CRLF or guesses: no bare LF ends a record.
      expect(parse(excel, { bom: true, record_delimiter: '\r\n' })).toEqual(parse(excel, { bom: true }));
      const plain = readFileSync(join(DATA, 'csv-utf8', `${t.name}.csv`));
      expect(plain[0]).not.toBe(0xef);
      expect(plain.toString('utf8').split('\n')[0]!.endsWith('\r')).toBe(false);
      expect(parse(plain, { record_delimiter: '\n' })).toEqual(parse(plain));
    }
  });
});

describe('open data: checksums and the snapshot id', () => {
  const manifest = readJson<Manifest>('manifest.json');

  it('lists every corpus file with its true size and SHA-256', () => {
    expect(manifest.files.length).toBeGreaterThan(allTables().length * 2);
    for (const f of manifest.files) {
      const bytes = readFileSync(join(DATA, f.path));
      expect(bytes.length, f.path).toBe(f.bytes);
      expect(sha256(bytes), f.path).toBe(f.sha256);
    }
  });

  it('gives the same hashes in datapackage.json and SHA256SUMS', () => {
    const pkg = readJson<{ resources: Resource[] }>('datapackage.json');
    for (const r of pkg.resources) {
      const bytes = readFileSync(join(DATA, r.path));
      expect(r.hash).toBe(`sha256:${sha256(bytes)}`);
      expect(r.bytes).toBe(bytes.length);
    }
    const sums = readFileSync(join(DATA, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(sums.length).toBeGreaterThan(60);
    for (const line of sums) {
      const [hash, path] = line.split('  ');
      expect(sha256(readFileSync(join(DATA, path!))), path).toBe(hash);
    }
  });

  it('summarises the per-record files with a digest over their checksums', () => {
    for (const s of manifest.perRecord) {
      const dir = join(DATA, s.collection);
      const names = readdirSync(dir).sort();
      expect(names.length).toBe(s.records * 2);
      const lines = names.map((n) => `${sha256(readFileSync(join(dir, n)))}  ${s.collection}/${n}\n`).join('');
      expect(sha256(lines)).toBe(s.sha256);
    }
  });

  it('shows the snapshot id, every file with size and SHA-256, the licence and a citation on /data/', () => {
    // Booleans, not toContain on the page: a failure should name the missing piece, not print 200 KB of HTML.
    const html = readFileSync(join(DATA, 'index.html'), 'utf8');
    expect(html.includes(`data-testid="snapshot-id">${manifest.snapshotId}<`), 'snapshot id shown').toBe(true);
    expect(manifest.snapshotId).toMatch(/^[0-9a-f]{16}$/);
    // The dated folder holds the same bytes as latest/, which is the one listed.
    for (const f of manifest.files.filter((x) => !x.path.startsWith(`${manifest.snapshot.folder}/`))) {
      const row = new RegExp(`<tr data-path="${f.path}">.*?</tr>`).exec(html)?.[0] ?? '';
      expect(row.includes(f.sha256), `${f.path} row with its SHA-256`).toBe(true);
      expect(row.includes(`data-bytes="${f.bytes}"`), `${f.path} row with its size`).toBe(true);
    }
    expect(html.includes('政府標準利用規約（第2.0版）'), 'licence named').toBe(true);
    expect(html.includes('CC BY 4.0'), 'CC BY 4.0 compatibility stated').toBe(true);
    expect(new RegExp(`data-testid="citation"><code>[^<]*${manifest.snapshotId}`).test(html), 'citation with snapshot id').toBe(true);
    expect(html.includes(`/data/${manifest.snapshot.folder}/`), 'citation names the dated folder').toBe(true);
    expect(/src="https?:\/\//.test(html), 'no external requests').toBe(false);
    // The licence and the sources are links a reader can follow; no other page leaves the site.
    const external = [...html.matchAll(/href="(https?:\/\/[^"]+)"/g)].map((m) => m[1]!);
    expect(external.sort()).toEqual([...LICENCE.licenses.map((l) => l.path), ...LICENCE.sources.flatMap((s) => ('path' in s && s.path ? [s.path] : []))].sort());
  });

  it('renders the data dictionary from the schemas: every table and every column with its Japanese title', () => {
    const html = readFileSync(join(DATA, 'index.html'), 'utf8');
    for (const t of allTables()) {
      expect(html).toContain(`id="table-${t.name}"`);
      for (const c of t.columns) {
        const title = describeField(c.schema).title;
        expect(title, `${t.name}.${c.name} has a title`).not.toBeNull();
        expect(html.includes(`<tr data-column="${c.name}"><th scope="row"><code>${c.name}</code></th><td>${title}</td>`), `${t.name}.${c.name} in the dictionary`).toBe(true);
      }
    }
  });
});

describe('open data: per-record files', () => {
  const corpus = loadCorpus();

  it('publishes each record as JSON identical to its element of the corpus file', () => {
    for (const c of ['projects', 'evaluations', 'measures', 'ministries', 'recipients'] as const) {
      for (const r of corpus[c] as ReadonlyArray<{ id: string }>) expect(readJson(`${c}/${r.id}.json`)).toEqual(r);
    }
  });

  it("gives each review sheet a long CSV whose every value equals the corpus table's cell", () => {
    const tables = new Map<string, { meta: TableMeta; rows: Cell[][] }>();
    for (const t of PROJECT_TABLES) {
      const res = readJson<{ resources: Resource[] }>('datapackage.json').resources.find((r) => r.path === `csv/${t.name}.csv`)!;
      tables.set(t.name, { meta: t, rows: parseTyped(readFileSync(join(DATA, res.path)), res.schema!.fields).rows });
    }
    for (const p of corpus.projects) {
      const raw = readFileSync(join(DATA, 'projects', `${p.id}.csv`));
      expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, ...lines] = parse(raw, { bom: true }) as string[][];
      expect(header).toEqual(['table', 'row', 'field', 'fieldTitle', 'value', 'unit']);
      expect(lines.length).toBeGreaterThan(20);
      // Complete: one line per non-empty cell of this project's rows in every project table (the parent key aside).
      let cells = 0;
      for (const { meta, rows } of tables.values()) {
        const key = meta.columns.findIndex((c) => c.name === 'projectId' || c.name === 'id');
        for (const r of rows) if (r[key] === p.id) cells += r.filter((c, i) => c !== null && (i !== key || meta.name === 'projects')).length;
      }
      expect(lines.length, p.id).toBe(cells);
      for (const [table, row, field, , value] of lines) {
        const t = tables.get(table!)!;
        const mine = t.rows.filter((r) => r[t.meta.columns.findIndex((c) => c.name === 'projectId' || c.name === 'id')] === p.id);
        const cell = mine[Number(row) - 1]![t.meta.columns.findIndex((c) => c.name === field)];
        expect(value, `${p.id} ${table} ${row} ${field}`).toBe(String(cell));
        expect(value).not.toBe('');
      }
    }
  });

  it("gives each recipient its rows of recipient_payments and each ministry its rows of projects", () => {
    for (const r of corpus.recipients) {
      const rows = parse(readFileSync(join(DATA, 'recipients', `${r.id}.csv`)), { bom: true, columns: true }) as Array<Record<string, string>>;
      expect(rows.map((x) => x.projectId)).toEqual(r.payments.map((p) => p.projectId));
      expect(rows.map((x) => x.amount)).toEqual(r.payments.map((p) => (p.amount === null ? '' : String(p.amount))));
    }
    for (const m of corpus.ministries) {
      const rows = parse(readFileSync(join(DATA, 'ministries', `${m.id}.csv`)), { bom: true, columns: true }) as Array<Record<string, string>>;
      expect(rows.map((x) => x.id)).toEqual(m.projectIds);
    }
  });
});

describe('open data: links from the pages', () => {
  it('resolves every /data/ link on every built page to a published file', () => {
    const pages = walk(TEST_DIST).filter((f) => f.endsWith('.html') && !f.includes(`${TEST_DIST}/pagefind`));
    let links = 0;
    const missing: string[] = [];
    for (const page of pages) {
      for (const m of readFileSync(page, 'utf8').matchAll(/href="\/data\/([^"#?]+)"/g)) {
        links++;
        const target = join(DATA, decodeURIComponent(m[1]!));
        try {
          statSync(target);
        } catch {
          missing.push(`${relative(TEST_DIST, page)} → /data/${m[1]}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(links).toBeGreaterThan(100);
  });
});

describe('open data stage on hostile input', () => {
  let dirs: string[] = [];
  let corpus: Corpus;
  beforeAll(() => {
    const base = loadCorpus();
    const p = structuredClone(base.projects[0]!) as ProjectRecord;
    p.name = '=HYPERLINK("http://evil.invalid","詳細はこちら")';
    p.summary = '行1\r\n行2, "引用"';
    p.budget = [{ fiscalYear: 2021, initial: -5491000000, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total: -5491000000, executed: 0, executionRate: 33.6, isRequest: false }];
    corpus = { ...base, projects: [p, ...base.projects.slice(1)] };
    dirs = [mkdtempSync(join(tmpdir(), 'h6-od-a-')), mkdtempSync(join(tmpdir(), 'h6-od-b-'))];
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('writes identical bytes twice (determinism) and neutralises only the Excel flavour', async () => {
    const m1 = await writeOpenData(dirs[0]!, corpus);
    const m2 = await writeOpenData(dirs[1]!, corpus);
    expect(m1.snapshotId).toBe(m2.snapshotId);
    const files = walk(dirs[0]!).map((f) => relative(dirs[0]!, f)).sort();
    expect(files).toEqual(walk(dirs[1]!).map((f) => relative(dirs[1]!, f)).sort());
    for (const f of files) expect(sha256(readFileSync(join(dirs[1]!, f))), f).toBe(sha256(readFileSync(join(dirs[0]!, f))));

    const id = corpus.projects[0]!.id;
    const excel = parse(readFileSync(join(dirs[0]!, 'csv/projects.csv')), { bom: true, columns: true }) as Array<Record<string, string>>;
    const plain = parse(readFileSync(join(dirs[0]!, 'csv-utf8/projects.csv')), { columns: true }) as Array<Record<string, string>>;
    expect(excel.find((r) => r.id === id)!.name).toBe('\'=HYPERLINK("http://evil.invalid","詳細はこちら")');
    expect(plain.find((r) => r.id === id)!.name).toBe('=HYPERLINK("http://evil.invalid","詳細はこちら")');
    expect(plain.find((r) => r.id === id)!.summary).toBe('行1\r\n行2, "引用"');
    const budgets = parse(readFileSync(join(dirs[0]!, 'csv/budgets.csv')), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(budgets.find((r) => r.projectId === id)).toMatchObject({ initial: '-5491000000', total: '-5491000000', executed: '0', executionRate: '33.6', isRequest: 'false', supplementary: '' });
    const long = parse(readFileSync(join(dirs[0]!, `projects/${id}.csv`)), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(long.find((r) => r.table === 'budgets' && r.field === 'initial')).toMatchObject({ value: '-5491000000', unit: '円', fieldTitle: '当初予算' });
    expect(long.find((r) => r.table === 'projects' && r.field === 'name')!.value).toBe('\'=HYPERLINK("http://evil.invalid","詳細はこちら")');
    expect(projectCsv(corpus.projects[0]!)).toBe(readFileSync(join(dirs[0]!, `projects/${id}.csv`), 'utf8'));
  });

  it('changes the snapshot id when one value changes', async () => {
    const changed = structuredClone(corpus.projects[0]!) as ProjectRecord;
    changed.budget[0]!.executed = 1;
    const d = mkdtempSync(join(tmpdir(), 'h6-od-c-'));
    dirs.push(d);
    const m = await writeOpenData(d, { ...corpus, projects: [changed, ...corpus.projects.slice(1)] });
    const before = JSON.parse(readFileSync(join(dirs[0]!, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.snapshotId).not.toBe(before.snapshotId);
  });
});
