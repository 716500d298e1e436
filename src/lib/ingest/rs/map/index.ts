/**
 * One project's rows from any subset of the RS tables → one ProjectRecord (pure).
 *
 * Rules worth knowing (see also FORMAT-NOTES.md):
 * - 2-1 budget: only SUMMARY rows (会計区分 empty, `（合計）` columns filled) become `budget`;
 *   the per-会計/勘定 detail rows go to `budgetAccounts` and are never added into totals.
 *   The next-year request is the 翌年度要求額（合計） of the summary row whose 予算年度 is the
 *   sheet's 事業年度, published as `{ fiscalYear: 事業年度 + 1, isRequest: true }`.
 * - Pass-through money (5-2): a block that is the 支出元 of another block hands money on, so
 *   its recipients are `flowKind: 'passthrough'`; recipients of every other block are
 *   `direct`. Without 5-2 rows for the project the kind is unknown (null).
 * - Recipients come from 5-1 when the project has 5-1 rows, else from 5-3 (one recipient per
 *   block × 法人番号-or-name, amount = sum of its 費目・使途 lines). 5-4 contracts are listed
 *   in `contracts` and never added to recipient amounts: a 国庫債務負担行為 contract amount is
 *   a multi-year commitment, not the year's payment.
 */
import { createHash } from 'node:crypto';
import type { ProjectRecord, Warning } from '../../../../schemas/index.ts';
import { canonicalMinistryName } from '../../../ministries.ts';
import { normalizeCorporateNumber } from '../../../normalize/corporate-number.ts';
import { rsProjectId } from '../../ids.ts';
import type { SourceText } from '../../types.ts';
import { emptyProject } from '../../fallback.ts';
import { bool, fractionToPercent, int, isBlank, num, text, year as yearCell, yen, type Parsed } from '../cells.ts';
import { parseOldProjectNumbers } from '../oldnumber.ts';
import type { RsTable } from '../read.ts';
import { normalizeHeader, type RsTableId } from '../tables.ts';

/** A project's rows in one file: row indexes into `table.rows` (row number = index + 1). */
export interface TableRows {
  table: RsTable;
  key: string;
  rows: number[];
}

export interface MapInput {
  year: number;
  budgetProjectId: string;
  /** The project's rows, per table id, in file order (a table may come from several files). */
  tables: Map<RsTableId, TableRows[]>;
}

export interface FileWarning {
  table: RsTable;
  warning: Warning;
}

export interface MapOutput {
  project: ProjectRecord;
  source: SourceText;
  /** Warnings to show in the file's report as well (with the file's line number). */
  fileWarnings: FileWarning[];
}

interface Ref {
  t: TableRows;
  i: number;
}

const NH = new Map<string, string>();
function nh(name: string): string {
  let v = NH.get(name);
  if (v === undefined) NH.set(name, (v = normalizeHeader(name)));
  return v;
}

function cell(ref: Ref, column: string): string | undefined {
  const idx = ref.t.table.recognition.index.get(nh(column));
  return idx === undefined ? undefined : ref.t.table.rows[ref.i]![idx];
}

const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
const joinNonNull = (xs: Array<string | null>, sep: string): string | null => {
  const v = uniq(xs.filter((x): x is string => x !== null && x !== ''));
  return v.length > 0 ? v.join(sep) : null;
};

const IMPLEMENTATION = [
  ['実施方法ー直接実施', '直接実施'],
  ['実施方法ー補助', '補助'],
  ['実施方法ー負担', '負担'],
  ['実施方法ー交付', '交付'],
  ['実施方法ー分担金・拠出金', '分担金・拠出金'],
  ['実施方法ーその他', 'その他'],
] as const;

const NO_MEASURE = /^(なし|無し|該当なし|ー|－|-|―)$/;

function normName(name: string): string {
  return name.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

export function mapProject(input: MapInput): MapOutput {
  const { year, budgetProjectId } = input;
  const id = rsProjectId(year, budgetProjectId);
  const warnings: Warning[] = [];
  const fileWarnings: FileWarning[] = [];
  const provenance: ProjectRecord['provenance'] = {};

  const refs = (tableId: RsTableId): Ref[] => {
    const out: Ref[] = [];
    for (const t of input.tables.get(tableId) ?? []) for (const i of t.rows) out.push({ t, i });
    return out;
  };
  const warn = (ref: Ref | null, field: string, message: string) => {
    const where = ref ? `${ref.t.key} 行 ${ref.i + 1}: ` : '';
    const line = ref ? (ref.t.table.lines[ref.i] ?? null) : null;
    warnings.push({ field, message: `${where}${message}`, line: ref ? ref.i + 1 : null });
    if (ref) fileWarnings.push({ table: ref.t.table, warning: { field, message: `${id} 行 ${ref.i + 1}: ${message}`, line } });
  };
  const prov = (field: string, rs: Ref[]) => {
    if (rs.length === 0) return;
    const first = rs[0]!.t;
    provenance[field] = { table: first.key, rows: uniq(rs.filter((r) => r.t === first).map((r) => r.i + 1)) };
  };
  /** Read a parsed cell, reporting a problem against its row. */
  const read = <T>(ref: Ref, column: string, parser: (c: string | undefined) => Parsed<T>, field: string): T | null => {
    const r = parser(cell(ref, column));
    if (r.problem) warn(ref, field, `${column}: ${r.problem}`);
    return r.value;
  };
  const corp = (ref: Ref, column: string, field: string): { number: string | null; valid: boolean | null } => {
    const raw = cell(ref, column);
    if (isBlank(raw)) return { number: null, valid: null };
    const n = normalizeCorporateNumber(raw!);
    if (!n) {
      warn(ref, field, `${column}: 13桁の法人番号ではありません (not a 13-digit corporate number): "${raw}"`);
      return { number: null, valid: null };
    }
    if (!n.valid) warn(ref, field, `${column}: 法人番号のチェックディジットが一致しません (check digit mismatch): ${n.number}`);
    return { number: n.number, valid: n.valid };
  };

  // ---- identity: 1-2 first, else any table that has the project ----
  const order: RsTableId[] = ['1-2', '1-1', '2-1', '1-3', '4-1', '2-2', '3-1', '3-2', '1-4', '1-5', '5-1', '5-2', '5-3', '5-4', '6-1'];
  let identity: Ref | null = null;
  for (const tid of order) {
    const r = refs(tid)[0];
    if (r) {
      identity = r;
      break;
    }
  }
  if (!identity) throw new Error(`no rows for ${id}`);
  const name = text(cell(identity, '事業名')) ?? `（事業名なし）予算事業ID ${budgetProjectId}`;
  if (!text(cell(identity, '事業名'))) warn(identity, 'name', '事業名がありません (no project name)');
  const ministryRaw = text(cell(identity, '府省庁'));
  if (!ministryRaw) warn(identity, 'ministry', '府省庁がありません (no ministry)');
  const ministry = ministryRaw ? canonicalMinistryName(ministryRaw) : '不明';
  const bureau = joinNonNull([text(cell(identity, '局・庁')), text(cell(identity, '部'))], ' ');
  const division = joinNonNull([text(cell(identity, '課')), text(cell(identity, '室')), text(cell(identity, '班')), text(cell(identity, '係'))], ' ');
  for (const f of ['name', 'ministry', 'bureau', 'division']) prov(f, [identity]);

  const project: ProjectRecord = {
    ...emptyProject(id, name, { file: '', sha256: '0'.repeat(64), layout: 'rs-csv', lineCount: 0 }, warnings),
    reviewYear: year,
    ministry,
    bureau,
    division,
    budgetProjectId,
    provenance,
  };

  // ---- 1-1 組織情報: two numbered lists side by side (その他担当組織 / 作成責任者), like 1-3 ----
  const r11 = refs('1-1');
  if (r11.length > 0) {
    project.responsible = joinNonNull(r11.map((r) => text(cell(r, '作成責任者'))), '、');
    prov('responsible', r11.filter((r) => text(cell(r, '作成責任者'))));
    const others = r11
      .map((r) => ({
        ref: r,
        ministry: text(cell(r, '府省庁（その他担当組織）')),
        bureau: joinNonNull([text(cell(r, '局・庁（その他担当組織）')), text(cell(r, '部（その他担当組織）'))], ' '),
        division: joinNonNull([text(cell(r, '課（その他担当組織）')), text(cell(r, '室（その他担当組織）')), text(cell(r, '班（その他担当組織）')), text(cell(r, '係（その他担当組織）'))], ' '),
      }))
      .filter((o) => o.ministry || o.bureau || o.division);
    if (others.length > 0) {
      project.otherOrganizations = others.map((o) => ({ ministry: o.ministry ? canonicalMinistryName(o.ministry) : null, bureau: o.bureau, division: o.division }));
      prov('otherOrganizations', others.map((o) => o.ref));
    }
  }

  // ---- 1-2 事業概要等 (one row per 主要経費) ----
  const r12 = refs('1-2');
  if (r12.length > 0) {
    const f = r12[0]!;
    project.purpose = text(cell(f, '事業の目的'));
    project.issues = text(cell(f, '現状・課題'));
    project.summary = text(cell(f, '事業の概要'));
    project.category = text(cell(f, '事業区分'));
    project.mainExpense = joinNonNull(r12.map((r) => text(cell(r, '主要経費'))), '、');
    const startUnknown = read(f, '開始年度不明', bool, 'startYear');
    const noEnd = read(f, '終了予定なし', bool, 'endYear');
    project.startYear = read(f, '事業開始年度', yearCell, 'startYear');
    project.endYear = read(f, '事業終了（予定）年度', yearCell, 'endYear');
    if (startUnknown === true && project.startYear !== null) warn(f, 'startYear', `開始年度不明 が TRUE ですが事業開始年度 ${project.startYear} があります (start year given although marked unknown)`);
    project.endNote = joinNonNull([startUnknown ? '開始年度不明' : null, noEnd ? '終了予定なし' : null], '、');
    const methods = IMPLEMENTATION.filter(([col]) => !isBlank(cell(f, col)) && text(cell(f, col)) !== '0').map(([, label]) => label);
    project.implementation = methods.length > 0 ? methods.join('、') : null;
    const note = text(cell(f, '備考'));
    if (note) project.remarks = note;
    for (const field of ['purpose', 'issues', 'summary', 'category', 'startYear', 'endYear', 'endNote', 'implementation']) prov(field, [f]);
    prov('mainExpense', r12);
    // The rows differ only by 主要経費; anything else differing means the copies disagree.
    for (const r of r12.slice(1)) {
      for (const col of ['事業の目的', '事業の概要', '事業開始年度', '事業終了（予定）年度', '旧事業番号']) {
        if ((cell(r, col) ?? '') !== (cell(f, col) ?? '')) warn(r, col, `主要経費ごとの行で ${col} が異なります。最初の行 (${f.i + 1}) を採用しました (repeated row disagrees)`);
      }
    }
    const oldRaw = text(cell(f, '旧事業番号'));
    if (oldRaw) {
      const parsed = parseOldProjectNumbers(oldRaw);
      if (parsed.numbers.length === 0) {
        if (parsed.rejected.length > 0) warn(f, 'oldProjectNumber', `旧事業番号が事業番号の形ではないため使いません (not a project number, ignored): "${oldRaw}"`);
      } else {
        project.oldProjectNumber = parsed.numbers[0]!.number;
        project.pastNumbers = parsed.numbers.map((n) => ({ fiscalYear: n.fiscalYear, number: n.number }));
        prov('oldProjectNumber', [f]);
        prov('pastNumbers', [f]);
      }
    }
  }

  // ---- 1-3 政策・施策 / 根拠法令 / 関係する計画 (three lists side by side) ----
  const r13 = refs('1-3');
  if (r13.length > 0) {
    const policyRefs: Ref[] = [];
    const policies: NonNullable<ProjectRecord['policies']> = [];
    const lawRefs: Ref[] = [];
    const laws: NonNullable<ProjectRecord['laws']> = [];
    const planRefs: Ref[] = [];
    const plans: NonNullable<ProjectRecord['plans']> = [];
    for (const r of r13) {
      const area = text(cell(r, '政策'));
      let measure = text(cell(r, '施策'));
      if (measure && NO_MEASURE.test(measure)) measure = null;
      if (area || measure) {
        const pm = text(cell(r, '政策所管府省庁_P'));
        policies.push({ area, measure, measureId: null, ministry: pm ? canonicalMinistryName(pm) : null, url: text(cell(r, '政策・施策URL')) });
        policyRefs.push(r);
      }
      const lawName = text(cell(r, '法令名'));
      if (lawName) {
        laws.push({ name: lawName, number: text(cell(r, '法令番号')), lawId: text(cell(r, '法令ID')), article: text(cell(r, '条')), paragraph: text(cell(r, '項')), item: text(cell(r, '号・号の細分')) });
        lawRefs.push(r);
      } else if (text(cell(r, '条')) || text(cell(r, '法令番号'))) warn(r, 'legalBasis', '法令名のない根拠法令の行を無視しました (law row without a name ignored)');
      const planName = text(cell(r, '計画通知名'));
      if (planName) {
        plans.push({ name: planName, url: text(cell(r, '計画通知等URL')) });
        planRefs.push(r);
      }
    }
    if (policies.length > 0) {
      project.policies = policies;
      project.policy = { area: policies[0]!.area, measure: policies[0]!.measure, measureId: null };
      project.mainPolicy = policies.map((p) => [p.area, p.measure].filter(Boolean).join(' ／ ')).join('\n');
      prov('policy', policyRefs.slice(0, 1));
      prov('policies', policyRefs);
      prov('mainPolicy', policyRefs);
    }
    if (laws.length > 0) {
      project.laws = laws;
      project.legalBasis = laws.map(lawText).join('\n');
      prov('laws', lawRefs);
      prov('legalBasis', lawRefs);
    }
    if (plans.length > 0) {
      project.plans = plans;
      project.relatedPlans = plans.map((p) => p.name).join('\n');
      prov('plans', planRefs);
      prov('relatedPlans', planRefs);
    }
  }

  // ---- 1-4 補助率等 ----
  const r14 = refs('1-4').filter((r) => text(cell(r, '補助対象')) || text(cell(r, '補助率')) || text(cell(r, '補助上限等')));
  if (r14.length > 0) {
    project.subsidyRates = r14.map((r) => ({ target: text(cell(r, '補助対象')), rate: text(cell(r, '補助率')), cap: text(cell(r, '補助上限等')) }));
    prov('subsidyRates', r14);
  }

  // ---- 1-5 関連事業 ----
  const r15 = refs('1-5').filter((r) => text(cell(r, '関連事業の事業ID')) || text(cell(r, '関連事業の事業名')));
  if (r15.length > 0) {
    project.relatedProjects = r15.map((r) => ({ id: text(cell(r, '関連事業の事業ID')), name: text(cell(r, '関連事業の事業名')), relation: text(cell(r, '関連性')) }));
    prov('relatedProjects', r15);
  }

  // ---- 2-1 予算・執行 ----
  mapBudget(project, refs('2-1'), { cell, read, warn, prov });

  // ---- 2-2 歳出予算項目 ----
  const r22 = refs('2-2');
  const items: Ref[] = [];
  for (const r of r22) {
    const current = read(r, '予算額（歳出予算項目ごと）', yen, 'budgetBreakdown');
    const request = read(r, '翌年度要求額（歳出予算項目ごと）', yen, 'budgetBreakdown');
    // Past years' lines often carry the item only in 歳出予算項目の補足情報 (`内閣官房共通費　庁費`);
    // 前年度から繰越し / 予備費等 come as one amount per 予算種別, without 項・目 — and also as
    // placeholders with no item and nothing but zeros, which are skipped.
    const detail = text(cell(r, '歳出予算項目の補足情報'));
    const named = text(cell(r, '目')) ?? text(cell(r, '項'));
    if (!named && !detail && (current ?? 0) === 0 && (request ?? 0) === 0) continue;
    const item = named ?? detail ?? text(cell(r, '予算種別'));
    if (!item) {
      warn(r, 'budgetBreakdown', '項・目も予算種別もない金額の行を無視しました (amount without 項/目/予算種別 ignored)');
      continue;
    }
    const fy = read(r, '予算年度', yearCell, 'budgetBreakdown');
    project.budgetBreakdown.push({
      item,
      current,
      request,
      account: joinNonNull([text(cell(r, '会計')), text(cell(r, '勘定')), text(cell(r, '項'))], ' '),
      note: joinNonNull([named ? detail : null, text(cell(r, '備考（歳出予算項目ごと）'))], '／'),
      ...(fy !== null ? { fiscalYear: fy } : {}),
      budgetType: text(cell(r, '予算種別')),
    });
    items.push(r);
  }
  prov('budgetBreakdown', items);

  // ---- 3-1 / 3-2 効果発現経路 ----
  mapLogicModel(project, refs('3-1'), refs('3-2'), { cell, read, warn, prov });

  // ---- 4-1 点検・評価 ----
  const r41 = refs('4-1');
  if (r41.length > 0) {
    const f = r41[0]!;
    const checks: ProjectRecord['checks'] = [];
    const selfGroup = '事業所管部局による点検・改善';
    for (const [col, question] of [
      ['事業所管部局による点検・改善ー点検結果', '点検結果'],
      ['事業所管部局による点検・改善ー改善の方向性', '改善の方向性'],
      ['事業所管部局による点検・改善－目標年度における効果測定に関する評価', '目標年度における効果測定に関する評価'],
    ] as const) {
      const note = text(cell(f, col));
      if (note) checks.push({ group: selfGroup, question, rating: null, note });
    }
    const target = text(cell(f, '外部有識者による点検ー点検対象'));
    const lastYear = text(cell(f, '外部有識者による点検ー最終実施年度'));
    const reason = text(cell(f, '外部有識者による点検ー対象の理由'));
    if (target || lastYear || reason) {
      checks.push({ group: '外部有識者による点検', question: '点検対象', rating: target, note: joinNonNull([reason, lastYear ? `最終実施年度 ${lastYear}` : null], '／') });
    }
    project.checks = checks;
    project.externalOpinion = text(cell(f, '外部有識者による点検ー所見'));
    project.publicProcess = text(cell(f, '公開プロセス結果概要'));
    project.reviewTeam = { verdict: text(cell(f, '行政事業レビュー推進チームの所見')), text: text(cell(f, '行政事業レビュー推進チームの所見の詳細')) };
    const special: NonNullable<ProjectRecord['reflection']>['special'] = [];
    const findings: NonNullable<ProjectRecord['findings']> = [];
    for (const r of r41) {
      const account = text(cell(r, '反映額（特別会計）－会計'));
      const amount = read(r, '反映額（特別会計）－反映額', yen, 'reflection');
      if (account || amount !== null) special.push({ account, subAccount: text(cell(r, '反映額（特別会計）－勘定')), amount });
      const pastContent = text(cell(r, '過去に受けた指摘事項－取りまとめ内容'));
      const pastKind = text(cell(r, '過去に受けた指摘事項－区分'));
      if (pastContent || pastKind) findings.push({ kind: '過去に受けた指摘事項', source: pastKind, year: read(r, '過去に受けた指摘事項－取りまとめ年度', yearCell, 'findings'), content: pastContent, response: text(cell(r, '過去に受けた指摘事項－対応状況')) });
      const otherContent = text(cell(r, 'その他の指摘事項－指摘内容'));
      const otherSource = text(cell(r, 'その他の指摘事項－調査等の名称'));
      if (otherContent || otherSource) findings.push({ kind: 'その他の指摘事項', source: otherSource, year: read(r, 'その他の指摘事項－指摘年度', yearCell, 'findings'), content: otherContent, response: text(cell(r, 'その他の指摘事項－対応状況')) });
    }
    const status = text(cell(f, '所見を踏まえた改善点／概算要求における反映状況'));
    const detail = text(cell(f, '所見を踏まえた改善点／概算要求における反映状況の詳細'));
    const general = read(f, '反映額（一般会計）', yen, 'reflection');
    if (status || detail || general !== null || special.length > 0) project.reflection = { status, detail, amountGeneral: general, special };
    if (findings.length > 0) project.findings = findings;
    for (const field of ['checks', 'externalOpinion', 'publicProcess', 'reviewTeam', 'reflection']) prov(field, [f]);
    if (findings.length > 0) prov('findings', r41);
  }

  // ---- 5-x 支出先 ----
  mapSpending(project, refs('5-1'), refs('5-2'), refs('5-3'), refs('5-4'), { cell, read, warn, prov, corp });

  // ---- 6-1 その他備考 ----
  const r61 = refs('6-1').filter((r) => text(cell(r, '備考')));
  if (r61.length > 0) {
    project.remarks = joinNonNull([project.remarks ?? null, ...r61.map((r) => text(cell(r, '備考')))], '\n');
    prov('remarks', r61);
  }

  // ---- source: the tables read, the rows, their hash ----
  const tables: NonNullable<SourceText['tables']> = {};
  const hash = createHash('sha256');
  const files: string[] = [];
  let lineCount = 0;
  const all = [...input.tables.values()].flat().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const encodings = new Set<string>();
  for (const t of all) {
    files.push(t.table.file);
    encodings.add(t.table.encoding);
    const rows = t.rows.map((i) => ({ row: i + 1, cells: t.table.rows[i]! }));
    tables[t.key] = { header: t.table.header, rows };
    hash.update(`${t.key}\n${t.table.header.join('\u001f')}\n`);
    for (const r of rows) hash.update(`${r.row}\u001e${r.cells.join('\u001f')}\n`);
    lineCount += rows.length;
  }
  project.source = { file: uniq(files).join(';'), sha256: hash.digest('hex'), layout: 'rs-csv', lineCount, encoding: encodings.size === 1 ? [...encodings][0]! : [...encodings].sort().join(';') };
  return { project, source: { id, file: project.source.file, layout: 'rs-csv', tables }, fileWarnings };
}

/** `国家公務員法 第70条の6 第1項 第2号`: the law, then whatever article/paragraph/item the row gives. */
function lawText(l: { name: string; number: string | null; article: string | null; paragraph: string | null; item: string | null }): string {
  const parts = [l.name];
  if (l.article) parts.push(l.article);
  if (l.paragraph) parts.push(/^[0-9０-９]+$/.test(l.paragraph) ? `第${l.paragraph.normalize('NFKC')}項` : l.paragraph);
  if (l.item) parts.push(/^[0-9０-９一二三四五六七八九十百]+$/.test(l.item) ? `第${l.item.normalize('NFKC')}号` : l.item);
  return parts.join(' ');
}

interface Helpers {
  cell: (ref: Ref, column: string) => string | undefined;
  read: <T>(ref: Ref, column: string, parser: (c: string | undefined) => Parsed<T>, field: string) => T | null;
  warn: (ref: Ref | null, field: string, message: string) => void;
  prov: (field: string, rs: Ref[]) => void;
}

const SUMMARY_COLUMNS = ['当初予算（合計）', '補正予算（合計）', '前年度からの繰越し（合計）', '予備費等（合計）', '計（歳出予算現額合計）', '執行額（合計）', '執行率', '翌年度への繰越し(合計）', '翌年度要求額（合計）'];

function mapBudget(project: ProjectRecord, rows: Ref[], h: Helpers): void {
  if (rows.length === 0) return;
  const { cell, read, warn, prov } = h;
  const summary = new Map<number, Ref>();
  const details: Ref[] = [];
  const accounts: NonNullable<ProjectRecord['budgetAccounts']> = [];
  for (const r of rows) {
    const fy = read(r, '予算年度', yearCell, 'budget');
    const isDetail = !isBlank(cell(r, '会計区分'));
    const isSummary = !isDetail && SUMMARY_COLUMNS.some((c) => !isBlank(cell(r, c)));
    if (fy === null) {
      warn(r, 'budget', '予算年度のない行を無視しました (row without 予算年度 ignored)');
      continue;
    }
    if (isSummary) {
      if (summary.has(fy)) {
        warn(r, 'budget', `${fy} 年度のサマリ行が重複しています。最初の行 (${summary.get(fy)!.i + 1}) を採用しました (duplicate summary row)`);
        continue;
      }
      summary.set(fy, r);
    } else if (isDetail) {
      details.push(r);
      const supplementary = ['第1次補正予算', '第2次補正予算', '第3次補正予算', '第4次補正予算', '第5次補正予算'].map((c) => read(r, c, yen, 'budgetAccounts'));
      const reserve = ['予備費等1', '予備費等2', '予備費等3', '予備費等4'].map((c) => read(r, c, yen, 'budgetAccounts'));
      accounts.push({
        fiscalYear: fy,
        accountType: text(cell(r, '会計区分')),
        account: text(cell(r, '会計')),
        subAccount: text(cell(r, '勘定')),
        initial: read(r, '当初予算', yen, 'budgetAccounts'),
        supplementary,
        carriedIn: read(r, '前年度から繰越し', yen, 'budgetAccounts'),
        reserve,
        total: read(r, '歳出予算現額', yen, 'budgetAccounts'),
        executed: read(r, '執行額', yen, 'budgetAccounts'),
        request: read(r, '翌年度要求額', yen, 'budgetAccounts'),
        wish: read(r, '要望額', yen, 'budgetAccounts'),
        note: text(cell(r, '備考')),
      });
    } else {
      // Neither: no 会計区分 and no （合計） value. Seen twice in 2024 (all zeros); never a total.
      warn(r, 'budget', 'サマリ行でも会計別の明細行でもない行を無視しました (row is neither a summary nor an account row)');
    }
  }
  const years = [...summary.keys()].sort((a, b) => a - b);
  const used: Ref[] = [];
  years.forEach((fy) => {
    const r = summary.get(fy)!;
    const b = {
      fiscalYear: fy,
      initial: read(r, '当初予算（合計）', yen, 'budget'),
      supplementary: read(r, '補正予算（合計）', yen, 'budget'),
      carriedIn: read(r, '前年度からの繰越し（合計）', yen, 'budget'),
      carriedOut: read(r, '翌年度への繰越し(合計）', yen, 'budget'),
      reserve: read(r, '予備費等（合計）', yen, 'budget'),
      total: read(r, '計（歳出予算現額合計）', yen, 'budget'),
      executed: read(r, '執行額（合計）', yen, 'budget'),
      executionRate: read(r, '執行率', fractionToPercent, 'budget'),
      isRequest: false,
      changeReason: text(cell(r, '主な増減理由')),
      note: text(cell(r, 'その他特記事項')),
    };
    if (b.executionRate !== null && b.total !== null && b.executed !== null && b.total > 0) {
      const ratio = (b.executed / b.total) * 100;
      if (Math.abs(ratio - b.executionRate) > 0.1) warn(r, 'budget', `${fy} 年度の執行率 ${b.executionRate}% が 執行額÷計 (${Number(ratio.toPrecision(6))}%) と一致しません (execution rate disagrees with executed/total)`);
      else if (b.executionRate > 150) warn(r, 'budget', `${fy} 年度の執行額が歳出予算現額の ${Number(b.executionRate.toPrecision(6))}% です。原表の値のまま掲載します (executed far exceeds the budget; published as given)`);
    }
    prov(`budget.${project.budget.length}`, [r]);
    project.budget.push(b);
    used.push(r);
  });
  const current = summary.get(project.reviewYear!);
  if (current) {
    const request = read(current, '翌年度要求額（合計）', yen, 'budget');
    if (request !== null) {
      prov(`budget.${project.budget.length}`, [current]);
      project.budget.push({ fiscalYear: project.reviewYear! + 1, initial: request, supplementary: null, carriedIn: null, carriedOut: null, reserve: null, total: request, executed: null, executionRate: null, isRequest: true });
    }
  } else if (years.length > 0) {
    warn(null, 'budget', `事業年度 ${project.reviewYear} のサマリ行がないため翌年度要求額は不明です (no summary row for the sheet year)`);
  }
  prov('budget', used);
  if (accounts.length > 0) {
    project.budgetAccounts = accounts;
    prov('budgetAccounts', details);
    // The same special account is written `エネルギー対策`+`電源開発促進勘定` in one row and
    // `エネルギー対策特別会計電源開発促進勘定` in another: one label per account, the first seen.
    const labels = new Map<string, string>();
    for (const a of accounts) {
      const label = a.accountType === '特別会計' && a.account ? `特別会計（${a.account}${a.subAccount ? `・${a.subAccount}` : ''}）` : a.accountType;
      if (!label) continue;
      const k = label.normalize('NFKC').replace(/特別会計|勘定|[・（）()\s]/g, '');
      if (!labels.has(k)) labels.set(k, label);
    }
    project.accountType = labels.size > 0 ? [...labels.values()].join('、') : null;
    prov('accountType', details);
  }
}

const KIND_ACTIVITY = /アクティビティ|アウトプット/;

function mapLogicModel(project: ProjectRecord, r31: Ref[], r32: Ref[], h: Helpers): void {
  const { cell, read, warn, prov } = h;
  if (r31.length > 0) {
    // One node per (kind, number, term, indicator); one row per value kind, years side by side.
    const nodes = new Map<string, { kind: string; number: string | null; term: string | null; first: Ref; rows: Ref[] }>();
    for (const r of r31) {
      const kind = text(cell(r, '種別（アクティビティ・アウトプット・アウトカム）'));
      if (!kind) {
        warn(r, 'outcomes', '種別のない行を無視しました (row without kind ignored)');
        continue;
      }
      const number = text(cell(r, 'アクティビティ・アウトプット・アウトカムの番号'));
      const term = text(cell(r, 'アウトカムの期間'));
      const key = [kind, number, term, text(cell(r, '活動指標／成果指標'))].join('\u001f');
      const n = nodes.get(key);
      if (n) n.rows.push(r);
      else nodes.set(key, { kind, number, term, first: r, rows: [r] });
    }
    const yearCols = r31[0]!.t.table.header.map((hd, i) => ({ hd: normalizeHeader(hd), i })).filter((c) => /^20\d\d$/.test(c.hd));
    const outcomeRefs: Ref[] = [];
    const activityRefs: Ref[] = [];
    for (const n of nodes.values()) {
      const byYear = new Map<number, { target: number | null; actual: number | null; achievement: number | null }>();
      let finalYear: number | null = null;
      let finalTarget: number | null = null;
      for (const r of n.rows) {
        const valueKind = (text(cell(r, '目標年度／目標値／実績値／達成率')) ?? '').normalize('NFKC');
        const cells = r.t.table.rows[r.i]!;
        for (const { hd, i } of yearCols) {
          const raw = cells[i];
          if (isBlank(raw)) continue;
          const fy = Number(hd);
          const slot = byYear.get(fy) ?? { target: null, actual: null, achievement: null };
          if (valueKind.includes('目標年度')) {
            // The 目標年度 row marks the final target year by the column it fills, with the target there.
            const v = num(raw);
            if (v.problem) warn(r, 'outcomes', `${hd}: ${v.problem}`);
            if (finalYear === null || fy > finalYear) {
              finalYear = fy;
              finalTarget = v.value;
            }
            continue;
          }
          if (valueKind.includes('目標値')) slot.target = read(r, hd, num, 'outcomes');
          else if (valueKind.includes('実績値')) slot.actual = read(r, hd, num, 'outcomes');
          else if (valueKind.includes('達成率')) slot.achievement = read(r, hd, fractionToPercent, 'outcomes');
          else {
            warn(r, 'outcomes', `値の種類が不明な行を無視しました (unknown value kind): "${valueKind}"`);
            break;
          }
          byYear.set(fy, slot);
        }
      }
      const years = [...byYear.keys()].sort((a, b) => a - b);
      const f = n.first;
      if (KIND_ACTIVITY.test(n.kind)) {
        project.activities.push({
          indicator: text(cell(f, '活動指標／成果指標')),
          unit: text(cell(f, '単位')),
          values: years.map((fy) => ({ fiscalYear: fy, actual: byYear.get(fy)!.actual, planned: byYear.get(fy)!.target })),
          goal: text(cell(f, 'アクティビティ／活動目標／成果目標')),
          number: n.number,
          kind: n.kind,
        });
        activityRefs.push(...n.rows);
      } else {
        project.outcomes.push({
          goal: text(cell(f, 'アクティビティ／活動目標／成果目標')),
          indicator: text(cell(f, '活動指標／成果指標')) ?? text(cell(f, '定性的なアウトカムに関する成果実績')),
          unit: text(cell(f, '単位')),
          values: years.map((fy) => ({ fiscalYear: fy, ...byYear.get(fy)! })),
          finalTarget,
          finalYear,
          term: n.term,
          dataSource: text(cell(f, '成果実績及び目標値の根拠として用いた統計・データ名（出典）')),
          number: n.number,
          kind: n.kind,
          direction: text(cell(f, '改善の上向き／下向き')),
        });
        outcomeRefs.push(...n.rows);
      }
    }
    prov('outcomes', outcomeRefs);
    prov('activities', activityRefs);
  }

  if (r32.length > 0) {
    const links: NonNullable<ProjectRecord['logicLinks']> = [];
    const used: Ref[] = [];
    // Without 3-1, the nodes are known only by their text in 3-2: publish them without values.
    const nodes = new Map<string, { number: string | null; kind: string; term: string | null; text: string | null }>();
    for (const r of r32) {
      const from = { number: text(cell(r, '派生元ーアクティビティ・アウトプット・アウトカムの番号')), kind: text(cell(r, '派生元ー種別（アクティビティ・アウトプット・アウトカム）')), term: text(cell(r, '派生元ーアウトカムの期間')), text: text(cell(r, '派生元ーアクティビティの内容/ 活動目標／成果目標')) };
      const to = { number: text(cell(r, '派生先ーアクティビティ・アウトプット・アウトカムの番号')), kind: text(cell(r, '派生先ー種別（アクティビティ・アウトプット・アウトカム）')), term: text(cell(r, '派生先ーアウトカムの期間')), text: text(cell(r, '派生先ー 活動目標／成果目標')) };
      const note = text(cell(r, '後続アウトカムへのつながり'));
      const reason = text(cell(r, 'アウトカムを複数段階で設定できない理由'));
      if (!from.kind && !to.kind && !from.text && !to.text) continue;
      links.push({ from, to, note, reason });
      used.push(r);
      for (const n of [from, to]) if (n.kind) nodes.set([n.kind, n.number, n.term].join('\u001f'), { ...n, kind: n.kind });
    }
    if (links.length > 0) {
      project.logicLinks = links;
      prov('logicLinks', used);
      if (r31.length === 0) {
        for (const n of nodes.values()) {
          if (KIND_ACTIVITY.test(n.kind)) project.activities.push({ indicator: null, unit: null, values: [], goal: n.text, number: n.number, kind: n.kind });
          else project.outcomes.push({ goal: n.text, indicator: null, unit: null, values: [], finalTarget: null, finalYear: null, term: n.term, dataSource: null, number: n.number, kind: n.kind });
        }
        if (project.activities.length > 0) prov('activities', used);
        if (project.outcomes.length > 0) prov('outcomes', used);
      }
    }
  }
}

interface SpendHelpers extends Helpers {
  corp: (ref: Ref, column: string, field: string) => { number: string | null; valid: boolean | null };
}

function mapSpending(project: ProjectRecord, r51: Ref[], r52: Ref[], r53: Ref[], r54: Ref[], h: SpendHelpers): void {
  const { cell, read, warn, prov, corp } = h;
  // 5-2: the block graph.
  const passesOn = new Set<string>();
  const blockNames = new Map<string, string | null>();
  const flowRefs: Ref[] = [];
  const indirectRefs: Ref[] = [];
  const indirect: NonNullable<ProjectRecord['indirectCosts']> = [];
  for (const r of r52) {
    const fromBlock = text(cell(r, '支出元の支出先ブロック'));
    const toBlock = text(cell(r, '支出先の支出先ブロック'));
    const fromName = text(cell(r, '支出元の支出先ブロック名'));
    const toName = text(cell(r, '支出先の支出先ブロック名'));
    if (fromBlock && !blockNames.get(fromBlock)) blockNames.set(fromBlock, fromName);
    if (toBlock && !blockNames.get(toBlock)) blockNames.set(toBlock, toName);
    if (toBlock) {
      if (fromBlock) passesOn.add(fromBlock);
      const fromMinistry = read(r, '担当組織からの支出', bool, 'fundingFlow');
      if (!fromBlock && fromMinistry === false) warn(r, 'fundingFlow', '支出元ブロックがなく担当組織からの支出でもない行です (edge without a source)');
      project.fundingFlow.push({
        from: fromBlock ? (fromName ?? fromBlock) : (fromName ?? project.ministry),
        to: toName ?? toBlock,
        amount: null,
        method: text(cell(r, '資金の流れの補足情報')),
        note: null,
        fromBlock,
        toBlock,
      });
      flowRefs.push(r);
    }
    const label = text(cell(r, '国自らが支出する間接経費'));
    const item = text(cell(r, '国自らが支出する間接経費の項目'));
    const amount = read(r, '国自らが支出する間接経費の金額', yen, 'indirectCosts');
    if (label || item || amount !== null) {
      indirect.push({ label, item, amount });
      indirectRefs.push(r);
    }
  }
  prov('fundingFlow', flowRefs);
  if (indirect.length > 0) {
    project.indirectCosts = indirect;
    prov('indirectCosts', indirectRefs);
  }
  const hasGraph = r52.length > 0;
  const flowKind = (block: string | null): 'direct' | 'passthrough' | null => (!hasGraph || !block ? null : passesOn.has(block) ? 'passthrough' : 'direct');

  const contracts: NonNullable<ProjectRecord['contracts']> = [];
  const contractRefs: Ref[] = [];
  const blockInfo = new Map<string, { role: string | null; count: number | null; total: number | null; name: string | null }>();
  const blockSums = new Map<string, number>();

  if (r51.length > 0) {
    // 5-1: block × recipient × contract.
    const groups = new Map<string, { block: string | null; refs: Ref[]; corp: { number: string | null; valid: boolean | null } }>();
    for (const r of r51) {
      const block = text(cell(r, '支出先ブロック番号'));
      const name = text(cell(r, '支出先名'));
      if (block && !blockInfo.has(block)) {
        blockInfo.set(block, { name: text(cell(r, '支出先ブロック名')), role: text(cell(r, '事業を行う上での役割')), count: read(r, '支出先の数', int, 'spendingBlocks'), total: read(r, 'ブロックの合計支出額', yen, 'spendingBlocks') });
      }
      if (!name) continue;
      const c = corp(r, '法人番号', 'recipients');
      const key = `${block ?? ''}\u001f${c.number ?? normName(name)}`;
      const g = groups.get(key);
      if (g) g.refs.push(r);
      else groups.set(key, { block, refs: [r], corp: c });
      const description = text(cell(r, '契約概要'));
      const amount = read(r, '金額', yen, 'contracts');
      if (description || amount !== null) {
        contracts.push({
          kind: '支出先の契約',
          block,
          name,
          corporateNumber: c.number,
          corporateNumberValid: c.valid,
          location: text(cell(r, '所在地')),
          corporateType: text(cell(r, '法人種別')),
          description,
          amount,
          contractMethod: text(cell(r, '契約方式等')),
          contractMethodDetail: text(cell(r, '具体的な契約方式等')),
          bidders: read(r, '入札者数', int, 'contracts'),
          winningBidRate: bidRate(read(r, '落札率', num, 'contracts')),
          reason: text(cell(r, '一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（支出額10億円以上）')),
        });
        contractRefs.push(r);
      }
    }
    const rank = new Map<string, number>();
    const used: Ref[] = [];
    for (const g of groups.values()) {
      const f = g.refs[0]!;
      const c = g.corp;
      const totals = uniq(g.refs.map((r) => cell(r, '支出先の合計支出額') ?? '').filter((v) => !isBlank(v)));
      if (totals.length > 1) warn(f, 'recipients', `同じ支出先の合計支出額が行ごとに異なります。最初の値を採用しました (recipient total differs between rows): ${totals.join(' / ')}`);
      const amount = read(f, '支出先の合計支出額', yen, 'recipients') ?? (totals.length > 0 ? yen(totals[0]).value : null);
      const n = (rank.get(g.block ?? '') ?? 0) + 1;
      rank.set(g.block ?? '', n);
      const one = g.refs.length === 1 ? f : null;
      project.recipients.push({
        block: g.block,
        rank: n,
        name: text(cell(f, '支出先名'))!,
        corporateNumber: c.number,
        corporateNumberValid: c.valid,
        description: joinNonNull(g.refs.map((r) => text(cell(r, '契約概要'))), '／'),
        amount,
        contractMethod: one ? text(cell(one, '契約方式等')) : null,
        bidders: one ? (int(cell(one, '入札者数')).value ?? null) : null,
        winningBidRate: one ? bidRate(num(cell(one, '落札率')).value) : null,
        flowKind: flowKind(g.block),
        location: text(cell(f, '所在地')),
        corporateType: text(cell(f, '法人種別')),
      });
      used.push(...g.refs);
      if (g.block && amount !== null) blockSums.set(g.block, (blockSums.get(g.block) ?? 0) + amount);
    }
    prov('recipients', used);
  }

  // 5-3 費目・使途: always the expenses; the recipients too when there is no 5-1.
  const expenseRefs: Ref[] = [];
  const lineAmounts = new Map<Ref, number | null>();
  for (const r of r53) {
    const amount = read(r, '金額', yen, 'expenses');
    lineAmounts.set(r, amount);
    const item = text(cell(r, '費目'));
    const use = text(cell(r, '使途'));
    if (item || use || amount !== null) {
      project.expenses.push({ block: text(cell(r, '支出先ブロック番号')), recipient: text(cell(r, '支出先名')), item, use, amount });
      expenseRefs.push(r);
    }
  }
  prov('expenses', expenseRefs);
  if (r51.length === 0 && r53.length > 0) {
    // A recipient is a block × payee; its amount is the sum of its lines.
    const groups = new Map<string, { block: string | null; refs: Ref[]; amount: number | null; corp: { number: string | null; valid: boolean | null } }>();
    const used: Ref[] = [];
    for (const r of r53) {
      const block = text(cell(r, '支出先ブロック番号'));
      const name = text(cell(r, '支出先名'));
      const amount = lineAmounts.get(r) ?? null;
      if (!name) {
        if (amount !== null) warn(r, 'recipients', '支出先名のない金額の行は支出先に数えません (amount without a recipient name)');
        continue;
      }
      const c = corp(r, '法人番号', 'recipients');
      const key = `${block ?? ''}\u001f${c.number ?? normName(name)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { block, refs: [], amount: null, corp: c }));
      g.refs.push(r);
      if (amount !== null) g.amount = (g.amount ?? 0) + amount;
      used.push(r);
    }
    const rank = new Map<string, number>();
    for (const g of groups.values()) {
      const f = g.refs[0]!;
      const n = (rank.get(g.block ?? '') ?? 0) + 1;
      rank.set(g.block ?? '', n);
      project.recipients.push({
        block: g.block,
        rank: n,
        name: text(cell(f, '支出先名'))!,
        corporateNumber: g.corp.number,
        corporateNumberValid: g.corp.valid,
        description: joinNonNull(g.refs.map((r) => text(cell(r, '契約概要'))), '／'),
        amount: g.amount,
        contractMethod: null,
        bidders: null,
        winningBidRate: null,
        flowKind: flowKind(g.block),
      });
      if (g.block && g.amount !== null) blockSums.set(g.block, (blockSums.get(g.block) ?? 0) + g.amount);
    }
    prov('recipients', used);
  }

  // 5-4: contracts under 国庫債務負担行為 (multi-year); listed, never summed into recipients.
  for (const r of r54) {
    const name = text(cell(r, '契約先名（国庫債務負担行為等による契約）'));
    const description = text(cell(r, '契約概要（契約名）（国庫債務負担行為等による契約）'));
    const amount = read(r, '契約額（国庫債務負担行為等による契約）', yen, 'contracts');
    if (!name && !description && amount === null) continue;
    const c = corp(r, '契約先の法人番号（国庫債務負担行為等による契約）', 'contracts');
    contracts.push({
      kind: '国庫債務負担行為等による契約',
      block: text(cell(r, '支出先ブロック（国庫債務負担行為等による契約）')),
      name,
      corporateNumber: c.number,
      corporateNumberValid: c.valid,
      location: text(cell(r, '契約先の所在地（国庫債務負担行為等による契約）')),
      corporateType: text(cell(r, '契約先の法人種別（国庫債務負担行為等による契約）')),
      description,
      amount,
      contractMethod: text(cell(r, '契約方式等（国庫債務負担行為等による契約）')),
      contractMethodDetail: text(cell(r, '具体的な契約方式等（国庫債務負担行為等による契約）')),
      bidders: read(r, '入札者数（応募者数）（国庫債務負担行為等による契約）', int, 'contracts'),
      winningBidRate: read(r, '落札率（％）（国庫債務負担行為等による契約）', num, 'contracts'),
      reason: text(cell(r, '一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（契約額10億円以上）（国庫債務負担行為等による契約）')),
    });
    contractRefs.push(r);
  }
  // A 5-3 recipient whose single contract is listed in 5-4 (same block, same payee, same
  // contract name) takes that contract's method, bidders and rate; anything looser is a guess.
  if (r51.length === 0) {
    for (const rec of project.recipients) {
      if (!rec.description || rec.description.includes('／')) continue;
      const matches = contracts.filter(
        (c) => c.kind === '国庫債務負担行為等による契約' && c.block === rec.block && c.description !== null && normName(c.description) === normName(rec.description!) && ((c.corporateNumber && c.corporateNumber === rec.corporateNumber) || (c.name !== null && normName(c.name) === normName(rec.name))),
      );
      if (matches.length === 1) {
        rec.contractMethod = matches[0]!.contractMethod;
        rec.bidders = matches[0]!.bidders;
        rec.winningBidRate = matches[0]!.winningBidRate;
      }
    }
  }
  if (contracts.length > 0) {
    project.contracts = contracts;
    prov('contracts', contractRefs);
  }

  const blocks = new Set<string>([...blockNames.keys(), ...blockInfo.keys(), ...project.recipients.map((r) => r.block).filter((b): b is string => b !== null)]);
  if (blocks.size > 0) {
    project.spendingBlocks = [...blocks].sort(blockOrder).map((b) => {
      const info = blockInfo.get(b);
      return {
        block: b,
        name: info?.name ?? blockNames.get(b) ?? null,
        role: info?.role ?? null,
        recipientCount: info?.count ?? null,
        // 5-1 states the block total; from 5-3 it is the sum of the block's listed lines.
        total: info ? info.total : (blockSums.get(b) ?? null),
        passesOn: passesOn.has(b),
      };
    });
    prov('spendingBlocks', [...r52, ...r51].slice(0, 1).length > 0 ? (r51.length > 0 ? r51 : r52) : r53);
  }
}

/** `A` < `B` < … < `Z` < `AA`: block letters sort by length, then alphabetically. */
function blockOrder(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** 落札率 in 5-1 has no stated unit: a value up to 1 with a fraction is a ratio (0.95 = 95%). */
function bidRate(v: number | null): number | null {
  if (v === null) return null;
  return v > 0 && v < 1 ? Number((v * 100).toPrecision(12)) : v;
}
