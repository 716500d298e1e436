/**
 * One project's rows from any subset of the RS tables → one ProjectRecord (pure).
 *
 * Rules worth knowing (the format itself: docs/rs-format.md):
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
import type { ProjectRecord, RowRef } from '../../../../schemas/index.ts';
import { Diagnostics } from '../../diagnostics.ts';
import { canonicalMinistryName } from '../../../ministries.ts';
import { normalizeCorporateNumber } from '../../../normalize/corporate-number.ts';
import { rsProjectId } from '../../ids.ts';
import type { SourceText } from '../../types.ts';
import { emptyProject } from '../../fallback.ts';
import { bool, isBlank, text, year as yearCell, yen, type Parsed } from '../cells.ts';
import { parseOldProjectNumbers } from '../oldnumber.ts';
import type { RsTableId } from '../tables.ts';
import { mapBudget } from './budget.ts';
import { mapLogicModel } from './logic-model.ts';
import { type FileWarning, IMPLEMENTATION, type MapInput, type MapOutput, NO_MEASURE, type Ref, cell, joinNonNull, uniq } from './refs.ts';
import { mapSpending } from './spending.ts';

export function mapProject(input: MapInput): MapOutput {
  const { year, budgetProjectId } = input;
  const id = rsProjectId(year, budgetProjectId);
  const d = new Diagnostics<RowRef>('rs');
  const fileWarnings: FileWarning[] = [];

  const refs = (tableId: RsTableId): Ref[] => {
    const out: Ref[] = [];
    for (const t of input.tables.get(tableId) ?? []) for (const i of t.rows) out.push({ t, i });
    return out;
  };
  const warn = (ref: Ref | null, field: string, message: string) => {
    const where = ref ? `${ref.t.key} 行 ${ref.i + 1}: ` : '';
    const line = ref ? (ref.t.table.lines[ref.i] ?? null) : null;
    d.warn(field, `${where}${message}`, ref ? ref.i + 1 : null);
    if (ref) fileWarnings.push({ table: ref.t.table, warning: { field, message: `${id} 行 ${ref.i + 1}: ${message}`, line } });
  };
  const prov = (field: string, rs: Ref[]) => {
    if (rs.length === 0) return;
    const first = rs[0]!.t;
    d.have(field, { table: first.key, rows: uniq(rs.filter((r) => r.t === first).map((r) => r.i + 1)) });
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
    ...emptyProject(id, name, { file: '', sha256: '0'.repeat(64), layout: 'rs-csv', lineCount: 0 }, d.warnings),
    reviewYear: year,
    ministry,
    bureau,
    division,
    budgetProjectId,
    provenance: d.provenance,
  };

  /**
   * Each table's part of the record runs isolated (Diagnostics.sectionInto, as the legacy
   * layouts' sections do): one that throws leaves its fields empty with a warning naming the
   * file, the project's first row there and the exception; the identity and every other
   * section are still published.
   */
  const section = (name: string, tableId: RsTableId, label: string, run: () => void): void => {
    const first = refs(tableId)[0];
    const where = { file: first?.t.key ?? tableId, label: `${tableId} ${label}`, line: () => (first ? (first.t.table.lines[first.i] ?? null) : null) };
    d.sectionInto(project, name, where, run, () => undefined);
  };

  // ---- 1-1 組織情報: two numbered lists side by side (その他担当組織 / 作成責任者), like 1-3 ----
  section('organization', '1-1', '組織情報', () => {
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
  });

  // ---- 1-2 事業概要等 (one row per 主要経費) ----
  section('overview', '1-2', '事業概要等', () => {
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
  });

  // ---- 1-3 政策・施策 / 根拠法令 / 関係する計画 (three lists side by side) ----
  section('policies', '1-3', '政策・施策、法令等', () => {
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
  });

  // ---- 1-4 補助率等 ----
  section('subsidyRates', '1-4', '補助率等', () => {
    const r14 = refs('1-4').filter((r) => text(cell(r, '補助対象')) || text(cell(r, '補助率')) || text(cell(r, '補助上限等')));
    if (r14.length > 0) {
      project.subsidyRates = r14.map((r) => ({ target: text(cell(r, '補助対象')), rate: text(cell(r, '補助率')), cap: text(cell(r, '補助上限等')) }));
      prov('subsidyRates', r14);
    }
  });

  // ---- 1-5 関連事業 ----
  section('relatedProjects', '1-5', '関連事業', () => {
    const r15 = refs('1-5').filter((r) => text(cell(r, '関連事業の事業ID')) || text(cell(r, '関連事業の事業名')));
    if (r15.length > 0) {
      project.relatedProjects = r15.map((r) => ({ id: text(cell(r, '関連事業の事業ID')), name: text(cell(r, '関連事業の事業名')), relation: text(cell(r, '関連性')) }));
      prov('relatedProjects', r15);
    }
  });

  // ---- 2-1 予算・執行 ----
  section('budget', '2-1', '予算・執行', () => {
    mapBudget(project, refs('2-1'), { cell, read, warn, prov });
  });

  // ---- 2-2 歳出予算項目 ----
  section('budgetBreakdown', '2-2', '歳出予算項目', () => {
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
  });

  // ---- 3-1 / 3-2 効果発現経路 ----
  section('logicModel', '3-2', '効果発現経路', () => {
    mapLogicModel(project, refs('3-1'), refs('3-2'), { cell, read, warn, prov });
  });

  // ---- 4-1 点検・評価 ----
  section('checks', '4-1', '点検・評価', () => {
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
  });

  // ---- 5-x 支出先 ----
  section('spending', '5-3', '支出先', () => {
    mapSpending(project, refs('5-1'), refs('5-2'), refs('5-3'), refs('5-4'), { cell, read, warn, prov, corp });
  });

  // ---- 6-1 その他備考 ----
  section('remarks', '6-1', 'その他備考', () => {
    const r61 = refs('6-1').filter((r) => text(cell(r, '備考')));
    if (r61.length > 0) {
      project.remarks = joinNonNull([project.remarks ?? null, ...r61.map((r) => text(cell(r, '備考')))], '\n');
      prov('remarks', r61);
    }
  });

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
    // Only rows the file has: a grouping that names another (a section already failed on it) must not lose the project.
    const rows = t.rows.filter((i) => Array.isArray(t.table.rows[i])).map((i) => ({ row: i + 1, cells: t.table.rows[i]! }));
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
