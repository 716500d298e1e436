/** 2-1 予算・執行: the summary rows become `budget` (and the request), detail rows `budgetAccounts`. */
import type { ProjectRecord } from '../../../../schemas/index.ts';
import { fractionToPercent, isBlank, text, year as yearCell, yen } from '../cells.ts';
import type { Helpers, Ref } from './refs.ts';

const SUMMARY_COLUMNS = ['当初予算（合計）', '補正予算（合計）', '前年度からの繰越し（合計）', '予備費等（合計）', '計（歳出予算現額合計）', '執行額（合計）', '執行率', '翌年度への繰越し(合計）', '翌年度要求額（合計）'];

export function mapBudget(project: ProjectRecord, rows: Ref[], h: Helpers): void {
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
      // Rates beyond 0–200 % are flagged for every format by ingest/plausibility.ts.
      if (Math.abs(ratio - b.executionRate) > 0.1) warn(r, 'budget', `${fy} 年度の執行率 ${b.executionRate}% が 執行額÷計 (${Number(ratio.toPrecision(6))}%) と一致しません (execution rate disagrees with executed/total)`);
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
