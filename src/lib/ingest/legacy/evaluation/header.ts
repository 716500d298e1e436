/** Title (年度, 文書番号, 府省), the 政策 line (number, name, 分野), and texts that follow a label (政策の概要, 基本目標). */
import { canonicalMinistryName } from '../../../ministries.ts';
import { cleanLine, cleanText } from '../../../normalize/text.ts';
import { eraOfYear, parseFiscalYear } from '../../../normalize/wareki.ts';
import { blockIndexOfLine, findLines, isProse, joinWrapped } from '../blocks.ts';
import type { Ctx } from './context.ts';

/** `主要な政策に係る評価書（平成30年度実施政策）` and `（総務省31－⑩）` below it. */
export function readTitle(ctx: Ctx): { fiscalYear: number | null; documentNumber: string | null; ministry: string | null } {
  const out = { fiscalYear: null as number | null, documentNumber: null as string | null, ministry: null as string | null };
  const titles = findLines(ctx.lines, /評価書\s*\(\s*((?:平成|令和)\s*(?:元|\d{1,2})\s*年度)\s*(?:実施)?(?:政策|施策)?\s*\)$/);
  if (titles.length >= 1 && new Set(titles.map((t) => t.m[1])).size === 1) {
    const t = titles[0]!;
    out.fiscalYear = parseFiscalYear(t.m[1]!);
    ctx.era = eraOfYear(t.m[1]!)?.era ?? null;
    ctx.c.have('fiscalYear', [t.line, t.line]);
  } else ctx.c.lack('fiscalYear', '表題に評価対象年度（○年度実施政策）がありません');
  const numbers: Array<{ line: number; raw: string; ministry: string }> = [];
  ctx.lines.forEach((raw, i) => {
    const m = /^[（(]\s*(([^\s（）()0-9０-９]{1,12}?(?:省|庁|府|委員会|院|官房))\s*[0-9０-９]{1,2}\s*[－\-‐―]\s*[^\s（）()]{1,6})\s*[）)]$/.exec(raw.trim());
    if (m) numbers.push({ line: i + 1, raw: m[1]!, ministry: m[2]! });
  });
  if (numbers.length === 1) {
    out.documentNumber = numbers[0]!.raw;
    out.ministry = canonicalMinistryName(numbers[0]!.ministry);
    ctx.c.have('documentNumber', [numbers[0]!.line, numbers[0]!.line]);
    ctx.c.have('ministry', [numbers[0]!.line, numbers[0]!.line]);
  } else {
    ctx.c.lack('documentNumber', numbers.length > 1 ? '評価書番号の候補が複数あります' : '評価書番号（例: 総務省31－⑩）が見つかりません', numbers[0]?.line ?? null);
    ctx.c.lack('ministry', '府省名を確定できません');
  }
  return out;
}

/** `名 政策10：情報通信技術高度利活用の推進 分野 情報通信（ICT政策）` (the label 政策名 split by its note). */
export function readPolicyLine(ctx: Ctx): { policyNumber: string | null; policyName: string | null; field: string | null } {
  const out = { policyNumber: null as string | null, policyName: null as string | null, field: null as string | null };
  const hits: Array<{ line: number; m: RegExpExecArray }> = [];
  ctx.lines.forEach((raw, i) => {
    const m = /^(?:(?:政策|施策)?\s*名\s+)?(政策|施策)\s*([0-9０-９]{1,3}(?:\s*[-－‐]\s*[0-9０-９]{1,3})?)\s*[：:]\s*(.+?)(?:\s+分野\s+(.+))?$/.exec(raw.trim());
    if (m && !/[。]$/.test(m[3]!)) hits.push({ line: i + 1, m });
  });
  if (hits.length !== 1) {
    ctx.c.lack('policyName', hits.length > 1 ? '政策名の行が複数あります' : '政策名（政策N：…）の行が見つかりません', hits[0]?.line ?? null);
    return out;
  }
  const { line, m } = hits[0]!;
  const bi = blockIndexOfLine(ctx.blocks, line);
  const wrapped = !m[4] && ctx.blocks[bi]!.end > line;
  out.policyNumber = `${m[1]}${m[2]!.normalize('NFKC').replace(/\s+/g, '').replace(/[－‐]/g, '-')}`;
  ctx.c.have('policyNumber', [line, line]);
  if (wrapped) ctx.c.lack('policyName', '政策名が次の行へ折り返している可能性があり確定できません', line);
  else {
    out.policyName = cleanLine(m[3]);
    ctx.c.have('policyName', [line, line]);
  }
  if (m[4]) {
    out.field = cleanLine(m[4]);
    ctx.c.have('field', [line, line]);
  } else {
    const f = findLines(ctx.lines, /^分野\s+(.+)$/);
    if (f.length === 1) {
      out.field = cleanLine(f[0]!.m[1]);
      ctx.c.have('field', [f[0]!.line, f[0]!.line]);
    } else ctx.c.lack('field', '分野を配置できません');
  }
  return out;
}

/** Text that follows its label: the rest of the label's run, or the next run (after a `【…】` sub-label). */
/** The first line of the template's own headings: never the text of another label (an empty cell leaves the next heading after its label). */
const HEADING = /^(?:(?:政策|施策)の概要|基本目標|【達成すべき目標】|(?:政策|施策)の予算額・?|測定指標|目標達成度合|(?:政策|施策)の分析|次期目標等へ|担当部局課室名|政策評価実施時期)/;

export function readAfterLabel(ctx: Ctx, field: string, labelRe: RegExp, jp: string): string | null {
  const hits = findLines(ctx.lines, labelRe);
  if (hits.length !== 1) {
    ctx.c.lack(field, hits.length > 1 ? `「${jp}」の見出しが複数あります` : `「${jp}」の見出しが見つかりません`, hits[0]?.line ?? null);
    return null;
  }
  const line = hits[0]!.line;
  const bi = blockIndexOfLine(ctx.blocks, line);
  const b = ctx.blocks[bi]!;
  let rest = b.lines.slice(line - b.start + 1);
  let start = line + 1;
  while (rest.length > 0 && /^[【［\[].{1,20}[】］\]]$/.test(rest[0]!.trim())) {
    rest = rest.slice(1);
    start++;
  }
  let body: { lines: string[]; start: number; end: number } | null = rest.length > 0 ? { lines: rest, start, end: b.end } : null;
  if (!body) {
    const next = ctx.blocks[bi + 1];
    if (next && isProse(next.lines.join('')) && !HEADING.test(next.lines[0]!.trim())) body = { lines: next.lines, start: next.start, end: next.end };
  }
  if (!body || !isProse(body.lines.join(''))) {
    ctx.c.lack(field, `${jp}の本文を配置できません`, line);
    return null;
  }
  ctx.c.have(field, [body.start, body.end]);
  return cleanText(joinWrapped(body.lines, ctx.evidence));
}
