/**
 * No document is lost to one section. For every section of every layout (table: seeds 003,
 * 004; text-flow: 000, 002; evaluation: 001) the section's label line gets a `-`, an empty
 * value, a duplicate, or loses its label. Each variant must parse, validate, keep its identity
 * (unless the identity section itself was hit), and never change a value into another value:
 * every field equals the unmutated parse's or is empty (a wrong value is worse than none).
 */
import { describe, expect, it } from 'vitest';
import { decodeSource } from '../src/lib/ingest/decode.ts';
import { Diagnostics } from '../src/lib/ingest/diagnostics.ts';
import { parseEvaluation } from '../src/lib/ingest/legacy/evaluation/index.ts';
import { squash } from '../src/lib/ingest/legacy/blocks.ts';
import { labelKey, sectionOf } from '../src/lib/ingest/legacy/table/rows.ts';
import { parseReviewSheetTable, SECTIONS } from '../src/lib/ingest/legacy/table/index.ts';
import { parseReviewSheetTextFlow } from '../src/lib/ingest/legacy/textflow/index.ts';
import type { LegacyInput, ParsedDocument } from '../src/lib/ingest/types.ts';
import { EvaluationRecord, ProjectRecord } from '../src/schemas/index.ts';
import { seedFile, seedText } from './fixtures/textflow/seeds.ts';

type Mutation = '-' | 'empty' | 'duplicate' | 'no-label';
const MUTATIONS: Mutation[] = ['-', 'empty', 'duplicate', 'no-label'];

function parse(layout: 'table' | 'text-flow' | 'evaluation', text: string, file: string): ParsedDocument {
  const input: LegacyInput = { file, decoded: decodeSource(new TextEncoder().encode(text)), kind: layout === 'evaluation' ? 'policy-evaluation' : 'review-sheet', layout: layout === 'table' ? 'table' : 'text-flow' };
  return layout === 'table' ? parseReviewSheetTable(input) : layout === 'text-flow' ? parseReviewSheetTextFlow(input) : parseEvaluation(input);
}

/** The table row holding `label` as a cell, mutated. */
function mutateTable(text: string, label: string, m: Mutation, section: boolean): string | null {
  const lines = text.split('\n');
  const key = labelKey(label);
  // A section's heading row (as the parser finds it), else the first row with the label as a cell.
  const heading = (l: string) => sectionOf({ line: 0, cells: l.split('\t'), keys: l.split('\t').map(labelKey) }) !== null && l.split('\t').some((c) => labelKey(c).includes(key));
  const i = section ? lines.findIndex(heading) : lines.findIndex((l) => l.split('\t').some((c) => labelKey(c).startsWith(key)));
  if (i < 0) return null;
  const cells = lines[i]!.split('\t');
  const at = cells.findIndex((c) => labelKey(c).includes(key));
  if (m === 'duplicate') lines.splice(i, 0, lines[i]!);
  else if (m === 'no-label') cells[at] = '';
  else for (let c = at + 1; c < cells.length; c++) if (cells[c]!.trim() !== '') cells[c] = m === '-' ? '-' : '';
  if (m !== 'duplicate') lines[i] = cells.join('\t');
  return lines.join('\n');
}

/** The text line holding `label`, mutated: its value (the rest of the line, else the next non-blank line). */
function mutateText(text: string, label: string, m: Mutation): string | null {
  const lines = text.split('\n');
  const key = squash(label);
  const i = lines.findIndex((l) => squash(l).includes(key));
  if (i < 0) return null;
  const line = lines[i]!;
  if (m === 'duplicate') {
    lines.splice(i, 0, line);
    return lines.join('\n');
  }
  // The label as written on the line (spaces inside it allowed).
  const re = new RegExp([...label].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\u3000]*'));
  const found = re.exec(line);
  if (!found) return null;
  if (m === 'no-label') {
    lines[i] = line.slice(0, found.index) + line.slice(found.index + found[0].length);
    return lines.join('\n');
  }
  const rest = line.slice(found.index + found[0].length);
  const value = m === '-' ? '-' : '';
  if (rest.trim() !== '' && !/^[\s\u3000]*[（(]/.test(rest)) lines[i] = line.slice(0, found.index + found[0].length) + ' ' + value;
  else {
    // The value is the next line after the label and its bracketed note (`根拠法令 / （具体的な / 条項も記載）`).
    let k = i;
    const next = lines.findIndex((l, n) => n > i && l.trim() !== '');
    if (/[（(]/.test(rest) || (next > 0 && /^[\s\u3000]*[（(]/.test(lines[next]!))) while (k < lines.length - 1 && !/[）)]/.test(lines[k]!)) k++;
    const j = lines.findIndex((l, n) => n > k && l.trim() !== '');
    if (j < 0) return null;
    // The whole cell: its run of non-blank lines.
    let e = j;
    while (e + 1 < lines.length && lines[e + 1]!.trim() !== '') e++;
    lines.splice(j, e - j + 1, value);
  }
  return lines.join('\n');
}

const empty = (v: unknown, file: string): boolean =>
  v === null || v === undefined || v === '' || v === file || v === '不明' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((x) => empty(x, file)));

/** `v` says nothing `base` does not: every value in it is base's value at the same place, or empty (items may be dropped). */
function within(v: unknown, base: unknown, file: string): boolean {
  if (empty(v, file)) return true;
  if (Array.isArray(v)) {
    if (!Array.isArray(base)) return false;
    if (v.length === base.length) return v.every((x, i) => within(x, base[i], file));
    return v.length < base.length && v.every((x) => base.some((b) => within(x, b, file)));
  }
  if (typeof v === 'object') return typeof base === 'object' && base !== null && Object.entries(v as object).every(([k, x]) => within(x, (base as Record<string, unknown>)[k], file));
  return v === base;
}

/** Fields that are where a value was read, not what: they move when a line is inserted. */
const LOCATION = new Set(['id', 'warnings', 'provenance', 'source', 'sources', 'lineageId']);

function record(r: ParsedDocument): Record<string, unknown> {
  return (r.project ?? r.evaluation) as unknown as Record<string, unknown>;
}

interface Case {
  layout: 'table' | 'text-flow' | 'evaluation';
  seed: string;
  labels: string[];
  identity: string[];
  /** Labels whose section holds identity fields (their values may go empty). */
  identityLabels: string[];
}

// Labels as the extracted text prints them (a wrapped label by its first line).
const TEXTFLOW_LABELS = ['行政事業レビューシート', '事業番号', '事業名', '担当課室', '事業開始年度', '会計区分', '実施方法', '主要政策・施策', '主要経費', '事業の目的', '根拠法令', '本事業の成果と上位施策・測定指標との関係', '事業概要', '政策', '施策', '予算額・', '成果目標及び', '関連する過去のレビューシートの事業番号', '資金の流れ', '計画、通知等'];
const EVALUATION_LABELS = ['評価書', '政策', '政策の概要', '基本目標', '予算額・', '達成すべき目標', '測定指標', '目標達成度合', '政策の分析', '次期目標等へ', '担当部局課室名', '政策評価実施時期'];

const CASES: Case[] = [
  ...['003', '004'].map((seed) => ({ layout: 'table' as const, seed, labels: ['事業名', '事業番号', '担当部局庁', ...SECTIONS.map(([, label]) => label)], identity: ['name', 'ministry', 'projectNumber', 'reviewYear'], identityLabels: ['事業名', '事業番号', '担当部局庁'] })),
  ...['000', '002'].map((seed) => ({ layout: 'text-flow' as const, seed, labels: TEXTFLOW_LABELS, identity: ['name', 'ministry', 'projectNumber', 'reviewYear'], identityLabels: ['行政事業レビューシート', '事業番号', '事業名'] })),
  { layout: 'evaluation', seed: '001', labels: EVALUATION_LABELS, identity: ['ministry', 'fiscalYear', 'policyNumber', 'policyName'], identityLabels: ['評価書', '政策'] },
];

describe('every section of every layout survives a -, an empty value, a duplicate and a missing label', () => {
  for (const c of CASES) {
    describe(`${c.layout} seed ${c.seed}`, () => {
      const file = seedFile(c.seed);
      const text = seedText(c.seed);
      const base = record(parse(c.layout, text, file));
      it('the seed itself parses with its identity', () => {
        expect(c.identity.filter((f) => !empty(base[f], file)).length).toBeGreaterThanOrEqual(3);
      });
      const mutate = (label: string, m: Mutation) => c.layout === 'table' ? mutateTable(text, label, m, !c.identityLabels.includes(label)) : mutateText(text, label, m);
      // Every section the seed has (004 has no 支出先上位10者リスト; 003 covers it).
      const present = c.labels.filter((label) => mutate(label, 'duplicate') !== null);
      it('has most of the sections mutated here', () => {
        expect(present.length).toBeGreaterThanOrEqual(Math.floor(c.labels.length * 0.75));
      });
      for (const label of present) {
        for (const m of MUTATIONS) {
          it(`「${label}」 ${m}`, () => {
            const mutated = mutate(label, m);
            expect(mutated, 'the label is on the sheet').not.toBeNull();
            const r = parse(c.layout, mutated!, file);
            const rec = record(r);
            const schema = c.layout === 'evaluation' ? EvaluationRecord : ProjectRecord;
            expect(schema.safeParse(rec).success).toBe(true);
            expect(r.warnings.filter((w) => /section parser failed/.test(w.message)), 'no section throws').toEqual([]);
            const identityHit = c.identityLabels.includes(label);
            for (const f of c.identity) if (!identityHit) expect(rec[f], f).toEqual(base[f]);
            // Whatever section was hit, a sheet that still states its name keeps it.
            if (c.layout !== 'evaluation' && !['事業名'].includes(label)) expect(rec.name).toBe(base.name);
            for (const [f, v] of Object.entries(rec)) {
              if (LOCATION.has(f) || within(v, base[f], file)) continue;
              expect(v, `${f} is the seed's value or empty`).toEqual(base[f]);
            }
          });
        }
      }
    });
  }
});

describe('Diagnostics.section', () => {
  it('turns a throwing section into its empty value and a warning naming file, line and exception; withdraws what it recorded', () => {
    const d = new Diagnostics('text-flow');
    d.have('name', [1, 1]);
    const v = d.section('budget', { file: 'x.txt', label: '予算額・執行額', line: () => 12 }, () => {
      d.have('budget.2018', [12, 12]);
      d.warn('budget', 'partial');
      throw new TypeError('boom');
    }, () => [] as number[]);
    expect(v).toEqual([]);
    expect(d.provenance).toEqual({ name: [1, 1] });
    expect(d.found).toEqual(['name']);
    expect(d.missing).toEqual(['budget']);
    const failed = d.diagnostics().at(-1)!;
    expect(failed).toEqual({ field: 'budget', line: 12, rule: 'text-flow/budget/section-failed', message: 'x.txt 12行目: 「予算額・執行額」の欄の解析中にエラーが発生したため、この欄は空にしました (section parser failed: TypeError: boom)' });
    expect(d.rules).toEqual(['text-flow/budget/budget', 'text-flow/budget/section-failed']);
    expect(d.current).toBe('document');
  });
});

describe('readPolicy with a printed -', () => {
  it('a text-flow sheet whose 施策 and 政策 cells print - keeps its whole record', () => {
    const text = seedText('000').replace(/^(施策)[ \u3000]+.+$/m, '$1 -').replace(/^(政策)[ \u3000]+.+$/m, '$1 -');
    const base = record(parse('text-flow', seedText('000'), seedFile('000')));
    const r = parse('text-flow', text, seedFile('000'));
    const rec = record(r) as unknown as ProjectRecord;
    expect(rec.policy).toEqual({ area: null, measure: null, measureId: null });
    expect(rec.name).toBe(base.name);
    expect(rec.ministry).toBe('総務省');
    expect(rec.projectNumber).toBe(base.projectNumber);
    expect(rec.budget).toEqual(base.budget);
    expect(r.warnings.some((w) => w.field === 'policy.measure' && /「-」/.test(w.message))).toBe(true);
  });
});
