/**
 * The search benchmark's queries, generated from the corpus itself (pure and seeded: the
 * same corpus and seed give the same queries). What a journalist or citizen pastes or
 * types: full project names as written (with their brackets) and with the brackets
 * changed, fragments of names, recipient names, 法人番号 bare and with separators,
 * 事業番号 / 旧事業番号 / 予算事業ID, a division with a word, frequent words, and words
 * no page contains. Each query says which pages it must find and how (see Expect).
 */
import { prng } from '../lib/prng.ts';
import { isCorporateNumber } from '../../src/lib/normalize/corporate-number.ts';

export interface CorpusPage {
  url: string;
  kind: 'project' | 'recipient';
  title: string;
  /** Identifiers of the page (事業番号, 旧事業番号, 予算事業ID, 法人番号). */
  ids: string[];
  reviewYear?: number | null;
  division?: string | null;
}

export type QueryGroup = 'name' | 'name-variant' | 'fragment' | 'recipient' | 'corporate-number' | 'project-number' | 'division-word' | 'frequent' | 'absent';

export interface BenchQuery {
  group: QueryGroup;
  q: string;
  /**
   * `top5`: one of `pages` is among the first five results, and the first result is one of
   * them when they are few enough to be unique (`unique`). `any`: at least one result.
   * `none`: no result at all.
   */
  expect: 'top5' | 'any' | 'none';
  pages: string[];
  unique: boolean;
}

/** The key two names are compared by: NFKC, no spaces, brackets or punctuation, lower case. */
export function nameKey(s: string): string {
  return s.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
}

function pick<T>(rand: () => number, xs: T[], n: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
  return out;
}

const FULLWIDTH_BRACKETS = /[（）「」『』【】〔〕［］]/;
const KANJI_RUN = /[\p{Script=Han}\p{Script=Katakana}ー々]{4,}/gu;

export interface GenerateOptions {
  seed?: number;
  /** How many queries per group (the total is their sum). */
  perGroup?: Partial<Record<QueryGroup, number>>;
}

const DEFAULT_COUNTS: Record<QueryGroup, number> = {
  name: 12, 'name-variant': 6, fragment: 8, recipient: 8, 'corporate-number': 8, 'project-number': 10, 'division-word': 4, frequent: 4, absent: 2,
};

export function generateQueries(pages: CorpusPage[], opts: GenerateOptions = {}): BenchQuery[] {
  const rand = prng(opts.seed ?? 17);
  const count = { ...DEFAULT_COUNTS, ...opts.perGroup };
  const sorted = [...pages].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const projects = sorted.filter((p) => p.kind === 'project');
  const recipients = sorted.filter((p) => p.kind === 'recipient');
  // Every page by title key and by identifier, so each query lists every page it may rightly find.
  const byName = new Map<string, string[]>();
  const byId = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, url: string) => {
    const l = m.get(k);
    if (l) l.push(url);
    else m.set(k, [url]);
  };
  for (const p of sorted) {
    add(byName, nameKey(p.title), p.url);
    for (const id of p.ids) add(byId, nameKey(id), p.url);
  }
  const out: BenchQuery[] = [];
  const named = (group: QueryGroup, q: string, key: string) => {
    const expected = byName.get(key) ?? [];
    out.push({ group, q, expect: 'top5', pages: expected, unique: expected.length === 1 });
  };
  // Full names as written: half of them with full-width brackets where the corpus has such names.
  const bracketed = projects.filter((p) => FULLWIDTH_BRACKETS.test(p.title));
  const plain = projects.filter((p) => !FULLWIDTH_BRACKETS.test(p.title));
  const nBr = Math.min(bracketed.length, Math.ceil(count.name / 2));
  for (const p of [...pick(rand, bracketed, nBr), ...pick(rand, plain, count.name - nBr)]) named('name', p.title, nameKey(p.title));
  // The same names as people retype them: brackets half-width, or dropped for a space.
  for (const [i, p] of pick(rand, bracketed.length ? bracketed : projects, count['name-variant']).entries()) {
    const t = i % 2 === 0
      ? p.title.normalize('NFKC')
      : p.title.replace(/[（「『【〔［(]/g, ' ').replace(/[）」』】〕］)]/g, ' ').replace(/\s+/g, ' ').trim();
    named('name-variant', t, nameKey(p.title));
  }
  // A fragment: a run of kanji/katakana from inside a name, 4–8 characters.
  for (const p of pick(rand, projects, count.fragment)) {
    const runs = [...p.title.matchAll(KANJI_RUN)].map((m) => m[0]);
    const run = runs.length ? runs[Math.floor(rand() * runs.length)]! : p.title;
    const len = Math.min(run.length, 4 + Math.floor(rand() * 5));
    const at = Math.floor(rand() * (run.length - len + 1));
    out.push({ group: 'fragment', q: run.slice(at, at + len), expect: 'any', pages: [p.url], unique: false });
  }
  for (const p of pick(rand, recipients.filter((r) => r.title.length >= 4), count.recipient)) named('recipient', p.title, nameKey(p.title));
  // 法人番号: bare, and as printed in documents (1 0200 0112 0059, 1-0200-0112-0059).
  const numbered = recipients.filter((r) => r.ids.some((id) => isCorporateNumber(id)));
  for (const [i, p] of pick(rand, numbered, count['corporate-number']).entries()) {
    const n = p.ids.find((id) => isCorporateNumber(id))!;
    const q = i % 3 === 0 ? n : i % 3 === 1 ? `${n[0]} ${n.slice(1, 5)} ${n.slice(5, 9)} ${n.slice(9)}` : `${n[0]}-${n.slice(1, 5)}-${n.slice(5, 9)}-${n.slice(9)}`;
    const expected = byId.get(n) ?? [p.url];
    out.push({ group: 'corporate-number', q, expect: 'top5', pages: expected, unique: expected.length === 1 });
  }
  // 事業番号 as printed (2021-総務-20-0094, 新30-0017), 旧事業番号, 予算事業ID: written ones first.
  const withIds = projects.filter((p) => p.ids.length > 0);
  const written = withIds.filter((p) => p.ids.some((id) => /\D/.test(id)));
  const nWritten = Math.min(written.length, Math.ceil(count['project-number'] / 2));
  const pushId = (id: string, p: CorpusPage) => {
    const expected = byId.get(nameKey(id)) ?? [p.url];
    out.push({ group: 'project-number', q: id, expect: 'top5', pages: expected, unique: expected.length === 1 });
  };
  for (const p of pick(rand, written, nWritten)) pushId(p.ids.find((id) => /\D/.test(id))!, p);
  for (const p of pick(rand, withIds, count['project-number'] - nWritten)) pushId(p.ids[Math.floor(rand() * p.ids.length)]!, p);
  // A division with a word of its project's name, as a journalist narrows a search.
  for (const p of pick(rand, projects.filter((x) => x.division && [...x.title.matchAll(KANJI_RUN)].length), count['division-word'])) {
    const runs = [...p.title.matchAll(KANJI_RUN)].map((m) => m[0]);
    const word = runs[Math.floor(rand() * runs.length)]!.slice(0, 4);
    out.push({ group: 'division-word', q: `${p.division} ${word}`, expect: 'any', pages: [p.url], unique: false });
  }
  for (const w of pick(rand, ['補助金', '委託', '株式会社', '交付金', '調査', '推進', '整備', '支援'], count.frequent)) out.push({ group: 'frequent', q: w, expect: 'any', pages: [], unique: false });
  // Words in no page: made of characters in no real compound together.
  for (const w of ['鰯羊羹宇宙港', 'zqxvjkpw'].slice(0, count.absent)) out.push({ group: 'absent', q: w, expect: 'none', pages: [], unique: false });
  return out;
}
