/** 3-1/3-2: the logic model's outcomes and activities (アウトカム, アクティビティ/アウトプット) with their per-year values. */
import type { ProjectRecord } from '../../../../schemas/index.ts';
import { fractionToPercent, isBlank, num, text } from '../cells.ts';
import { normalizeHeader } from '../tables.ts';
import type { Helpers, Ref } from './refs.ts';

const KIND_ACTIVITY = /アクティビティ|アウトプット/;

export function mapLogicModel(project: ProjectRecord, r31: Ref[], r32: Ref[], h: Helpers): void {
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
