/** 関係する計画・通知等, 政策・施策, and the related past review-sheet numbers. */
import { yearOn } from '../years.ts';
import type { ProjectRecord } from '../../../../schemas/index.ts';
import { normalizeMeasureName } from '../../../normalize/measure-name.ts';
import { normalizeProjectNumber } from '../../../normalize/project-number.ts';
import { cleanLine, cleanText } from '../../../normalize/text.ts';
import { findLines, fold, joinWrapped, squash } from '../blocks.ts';
import { Diagnostics } from '../../diagnostics.ts';
import { type Ctx, type PastNumber, isLabelBlock, isLabelText } from './labels.ts';
import { firstCheckLine } from './summary.ts';

/**
 * 関係する計画、通知等: its cell is not placed next to its label, but it is the only cell on
 * the first page that lists decisions with their dates (`…（平成30年6月15日閣議決定）`) rather
 * than sentences; 根拠法令 (laws) is claimed before. Taken only when exactly one such run exists.
 */
export function readRelatedPlans(ctx: Ctx): string | null {
  const direct = findLines(ctx.lines, /^関係する計画、?通知等\s+(.+)$/);
  if (direct.length === 1) {
    ctx.c.have('relatedPlans', [direct[0]!.line, direct[0]!.line]);
    return cleanText(direct[0]!.m[1]!);
  }
  const end = firstCheckLine(ctx);
  if (end === null) {
    ctx.c.lack('relatedPlans', '1ページ目の範囲を確定できないため関係する計画・通知等を配置できません');
    return null;
  }
  const DECISION = /(?:閣議|本部|会議|審議会)?(?:決定|改定|改訂|策定|通知|了承)\s*[）)]/;
  const candidates = ctx.blocks
    .map((b, i) => ({ b, i }))
    .filter(({ b, i }) => {
      const t = fold(b.lines.join(''));
      // `（出典）…` is the outcome's data source (根拠として用いた統計・データ名), not a plan.
      return b.end < end && !ctx.claimed.has(i) && !isLabelBlock(b) && !/^\(出典\)/.test(fold(b.lines[0]!)) && DECISION.test(t) && !/。$/.test(t);
    });
  if (candidates.length === 1) {
    const { b, i } = candidates[0]!;
    ctx.claimed.add(i);
    ctx.c.have('relatedPlans', [b.start, b.end]);
    return cleanText(joinWrapped(b.lines, ctx.evidence));
  }
  ctx.c.lack('relatedPlans', candidates.length === 0 ? '関係する計画・通知等を配置できません' : `関係する計画・通知等の候補が${candidates.length}つあり確定できません`, candidates[0]?.b.start ?? null);
  return null;
}

/** `施策 ２．情報通信技術高度利活用の推進`, `政策 Ⅴ．情報通信（ICT政策）`. */
export function readPolicy(ctx: Ctx): ProjectRecord['policy'] {
  const policy: ProjectRecord['policy'] = { area: null, measure: null, measureId: null };
  const get = (label: string, field: string, jp: string): string | null => {
    const hits: Array<{ line: number; v: string }> = [];
    // A cell printed as `-` (or blank after cleaning) says "none": not a value, and not a reason to fail.
    let dashLine: number | null = null;
    ctx.lines.forEach((raw, i) => {
      const m = new RegExp(`^${label}[\\s\\u3000]+(.+)$`).exec(raw.trim());
      if (!m || m[1]!.length > 60 || /[。]/.test(m[1]!) || isLabelText(m[1]!)) return;
      const v = cleanLine(m[1]);
      if (v === null) dashLine ??= i + 1;
      else hits.push({ line: i + 1, v });
    });
    const distinct = new Set(hits.map((h) => fold(h.v)));
    if (distinct.size === 1) {
      ctx.c.have(field, [hits[0]!.line, hits[0]!.line]);
      return hits[0]!.v;
    }
    if (distinct.size === 0 && dashLine !== null) {
      ctx.c.lack(field, `${jp}は記載がありません（「-」）`, dashLine, 'dash');
      return null;
    }
    ctx.c.lack(field, distinct.size > 1 ? `${jp}の候補が複数あります` : `${jp}を配置できません`, hits[0]?.line ?? null);
    return null;
  };
  policy.area = get('政策', 'policy.area', '政策');
  const measure = get('施策名?', 'policy.measure', '施策');
  policy.measure = measure ? normalizeMeasureName(measure) || null : null;
  return policy;
}

/**
 * 関連する過去のレビューシートの事業番号: lines made only of `平成NN年度` cells and their
 * numbers (`平成29年度 総務省 新30 0020 総務省 　 0079`).
 */
export function readPastNumbers(ctx: Ctx, c: Diagnostics): PastNumber[] {
  if (!ctx.lines.some((l) => squash(l).includes('関連する過去のレビューシートの事業番号'))) {
    c.lack('pastNumbers', '「関連する過去のレビューシートの事業番号」欄がありません');
    return [];
  }
  const out: PastNumber[] = [];
  const seen = new Set<string>();
  ctx.lines.forEach((raw, i) => {
    const tokens = raw.trim().split(/[ \t]+/).filter((t) => t !== '');
    if (tokens.length < 2) return;
    const isYear = (t: string): boolean => /^(?:平成|令和)(?:元|\d{1,2})年度$/.test(fold(t));
    const isDash = (t: string): boolean => /^[-－‐―−ー]+$/.test(fold(t));
    const isMinistry = (t: string): boolean => /^[^\d\s]{1,12}(?:省|庁|府|委員会|院|官房)$/.test(fold(t));
    const isPart = (t: string): boolean => /^(?:新)?\d{1,4}$/.test(fold(t));
    const isBlank = (t: string): boolean => fold(t) === '';
    if (!tokens.some(isYear) || !tokens.every((t) => isYear(t) || isDash(t) || isMinistry(t) || isPart(t) || isBlank(t))) return;
    let year: number | null = null;
    let cur: string[] = [];
    let leading = true;
    const flush = (): void => {
      if (cur.length > 0 && year !== null) {
        const n = normalizeProjectNumber(cur.join(' '));
        if (n && /\d{3,4}$/.test(n) && !seen.has(`${year}:${n}`)) {
          seen.add(`${year}:${n}`);
          out.push({ fiscalYear: year, number: n });
          c.have(`pastNumbers.${out.length - 1}`, [i + 1, i + 1]);
        }
      } else if (cur.length > 0) c.warn('pastNumbers', `年度を確定できない事業番号があります: ${cur.join(' ')}`, i + 1);
      cur = [];
    };
    for (const t of tokens) {
      if (isYear(t)) {
        flush();
        year = yearOn(c, ctx, t, 'past', 'pastNumbers', i + 1);
        leading = false;
      } else if (isMinistry(t) || isDash(t)) flush();
      else if (isPart(t)) {
        if (leading) {
          c.warn('pastNumbers', `年度の前に置かれた値を配置できません: ${t}`, i + 1);
          continue;
        }
        if (cur.length > 0 && /^\d{3,4}$/.test(fold(cur[cur.length - 1]!))) flush();
        cur.push(fold(t));
      }
    }
    flush();
  });
  if (out.length === 0 && !c.missing.includes('pastNumbers')) c.missing.push('pastNumbers');
  return out;
}
