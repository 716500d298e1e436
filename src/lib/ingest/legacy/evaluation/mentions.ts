/** Indicator names as found (number to marker) and where the text mentions them: the evidence for placing their cells. */
import { fold, joinNarrow, joinWrapped, squash } from '../blocks.ts';
import { type Ctx, ENUM_START, type Found, INDICATOR_MARKER, type Indicator } from './context.ts';

export function endsWithMarker(lines: string[]): boolean {
  return INDICATOR_MARKER.test(lines[lines.length - 1]!.trim());
}

export function indicatorName(lines: string[], evidence: string): string {
  const body = lines.map((l) => l.trim()).filter((l) => !INDICATOR_MARKER.test(l) || l.replace(INDICATOR_MARKER, '').trim() !== '');
  const stripped = body.map((l) => l.replace(INDICATOR_MARKER, '').trim());
  // Parts of a compound name start with (1), ・ …: keep them on their own lines.
  const parts: string[][] = [];
  for (const l of stripped) {
    if (parts.length === 0 || ENUM_START.test(l)) parts.push([l]);
    else parts[parts.length - 1]!.push(l);
  }
  return parts.map((p) => joinNarrow(p, evidence)).join('\n');
}

/** Evidence a mention must give (sum of 1/document-frequency of shared 4-grams), and its lead over any other. */
export const MENTION_MIN = 1.0;
const MENTION_MARGIN = 1.5;

export function grams(s: string): Set<string> {
  const t = squash(s).replace(new RegExp(INDICATOR_MARKER.source.replace('$', ''), 'g'), '');
  const out = new Set<string>();
  for (let i = 0; i + 4 <= t.length; i++) out.add(t.slice(i, i + 4));
  return out;
}

/**
 * What the 評価結果 says about each single indicator (`・測定指標10について、…`). A number and
 * a name taken from neighbouring runs are confirmed when that text shares at least three
 * 4-character sequences with the name, and shares more with it than any other indicator's text.
 */
export type Mentions = { confirms(number: string, name: string): boolean; best(name: string, min?: number): string | null; score(number: string, name: string): number; text(number: string): string | undefined };

export function indicatorMentions(ctx: Ctx): Mentions {
  const texts = new Map<string, string>();
  for (const b of ctx.blocks) {
    const joined = joinWrapped(b.lines, ctx.evidence).normalize('NFKC');
    for (const piece of joined.split(/(?=・?測定指標)/)) {
      // Only text about one indicator (`測定指標10について`), not `測定指標２、３については`.
      const m = /^・?測定指標\s*(\d+)\s*(?:について|は)(?:は)?[、,]?([^]*)$/.exec(piece);
      if (m) texts.set(m[1]!, (texts.get(m[1]!) ?? '') + m[2]!);
    }
  }
  // Sequences found in many runs (`におけるICTを`) say little; rare ones weigh more.
  const df = new Map<string, number>();
  for (const b of ctx.blocks) for (const g of grams(b.lines.join(''))) df.set(g, (df.get(g) ?? 0) + 1);
  const gramsOf = new Map([...texts].map(([n, t]) => [n, grams(t)]));
  const weigh = (g: Set<string>, name: Set<string>): number => {
    let k = 0;
    for (const x of name) if (g.has(x)) k += 1 / Math.max(1, df.get(x) ?? 1);
    return k;
  };
  const score = (number: string, name: string): number => {
    const own = gramsOf.get(number);
    return own ? weigh(own, grams(name)) : 0;
  };
  return {
    score,
    text: (number: string) => texts.get(number),
    /** The indicator whose text this name matches clearly, or null. */
    best(name: string, min = MENTION_MIN): string | null {
      const ng = grams(name);
      const ranked = [...gramsOf].map(([n, g]) => [n, weigh(g, ng)] as const).sort((a, b) => b[1] - a[1]);
      const [first, second] = ranked;
      if (!first || first[1] < min || (second && second[1] * MENTION_MARGIN >= first[1])) return null;
      return first[0];
    },
    confirms(number: string, name: string): boolean {
      const s = score(number, name);
      if (s < MENTION_MIN) return false;
      const ng = grams(name);
      for (const [n, g] of gramsOf) if (n !== number && weigh(g, ng) * MENTION_MARGIN >= s) return false;
      return true;
    },
  };
}

/** `＜アウトカム指標＞`: the kind word of every marker in a line. */
const KIND_MARKER = /[＜<]\s*([^＜＞<>]{2,12}?)\s*(?:指標|目標)\s*[＞>]/g;
const KINDS: Record<string, string> = { アウトカム: 'アウトカム', アウトプット: 'アウトプット' };

/** kind: the word in the `＜…指標＞` marker(s) that close the name; a misspelt or mixed kind is not published. */
export function readKinds(ctx: Ctx, found: Found[], out: Indicator[]): void {
  found.forEach((x, k) => {
    const words: Array<{ word: string; line: number }> = [];
    for (let l = x.nameStart; l <= x.span[1]; l++) for (const m of fold(ctx.lines[l - 1]!).matchAll(KIND_MARKER)) words.push({ word: squash(m[1]!), line: l });
    const field = `indicators.${k}.kind`;
    const line = words[0]?.line ?? x.nameStart;
    const unknown = words.find((w) => !KINDS[w.word]);
    const kinds = new Set(words.map((w) => KINDS[w.word]));
    if (words.length === 0) ctx.c.warn(field, '指標名に種類の表示（＜アウトカム指標＞等）がないため種類を付けません', line);
    else if (unknown) ctx.c.warn(field, `種類の表示「＜${unknown.word}＞」はアウトカム・アウトプットのどちらとも読めないため種類を付けません`, unknown.line);
    else if (kinds.size > 1) ctx.c.warn(field, `指標の部分ごとに種類が異なる（${[...kinds].join('・')}）ため一つの種類を付けません`, line);
    else {
      out[k]!.kind = [...kinds][0]!;
      ctx.c.have(field, [words[0]!.line, words[words.length - 1]!.line]);
    }
  });
}
