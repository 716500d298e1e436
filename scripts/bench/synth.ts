/**
 * Synthetic RS corpus of any size, generated deterministically from the real RS tables,
 * for growth curves. Scale s means s × the real year's projects:
 *  - whole copies become earlier fiscal years (copy k: 事業年度 2024−k, 予算年度 −k), keeping
 *    予算事業ID, so the synthetic years link up as one project's history, as real years do;
 *  - a fractional part takes that share of the projects (chosen by a hash of 予算事業ID,
 *    so the sample spreads over every ministry) into one more year;
 *  - recipients grow too: in each earlier year about a quarter of the payees (by a hash of
 *    their name) become new, distinct recipients — name suffixed （合成YYYY）, 法人番号
 *    shifted to another number with a valid check digit — so recipient pages multiply.
 * Same input and scale → byte-identical output (no randomness, no clock).
 *
 * Usage: node scripts/bench/synth.ts --from <rs2024> --out .build/bench/synth-3 --scale 3
 */
import { createWriteStream } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { parse } from 'csv-parse/sync';
import { corporateCheckDigit, isCorporateNumber } from '../../src/lib/normalize/corporate-number.ts';

const BASE_YEAR_RE = /_RS_(\d{4})_/;

/** 32-bit FNV-1a: a stable, fast hash for deterministic sampling. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A different, valid 法人番号 for synthetic recipient copy `k`. */
export function shiftCorporateNumber(num: string, k: number): string {
  const base = BigInt(num.slice(1));
  const shifted = ((base + BigInt(k) * 7_919_000_003n) % 1_000_000_000_000n).toString().padStart(12, '0');
  return `${corporateCheckDigit(shifted)}${shifted}`;
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export interface SynthOptions {
  from: string;
  out: string;
  scale: number;
}

export interface SynthResult {
  years: number[];
  projects: number;
  files: number;
  bytes: number;
}

export async function synthesize(opts: SynthOptions): Promise<SynthResult> {
  if (!(opts.scale > 0)) throw new Error(`scale must be > 0, got ${opts.scale}`);
  const tables = (await readdir(opts.from)).filter((f) => f.endsWith('.csv')).sort();
  if (!tables.length) throw new Error(`no RS CSV tables in ${opts.from}`);
  await rm(opts.out, { recursive: true, force: true });
  await mkdir(opts.out, { recursive: true });

  const whole = Math.floor(opts.scale);
  const frac = opts.scale - whole;
  const copies = whole + (frac > 1e-9 ? 1 : 0);
  // A project is in the fractional year when its hash falls under the fraction: the
  // same choice in every table, independent of row order.
  const inFraction = (id: string) => fnv(`p:${id}`) / 2 ** 32 < frac;
  const ids = new Set<string>();
  const years: number[] = [];
  let files = 0;
  let bytes = 0;

  for (const table of tables) {
    const text = (await readFile(join(opts.from, table), 'utf8')).replace(/^\uFEFF/, '');
    const rows = parse(text, { relax_column_count: true }) as string[][];
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    const cYear = col('事業年度');
    const cId = col('予算事業ID');
    const cBudgetYear = col('予算年度');
    const recipientCols: Array<[number, number]> = [
      [col('支出先名'), col('法人番号')],
      [col('契約先名（国庫債務負担行為等による契約）'), col('契約先の法人番号（国庫債務負担行為等による契約）')],
    ].filter(([n]) => n! >= 0) as Array<[number, number]>;
    const baseYear = Number(BASE_YEAR_RE.exec(table)?.[1] ?? rows[1]?.[cYear] ?? 2024);
    for (let k = 0; k < copies; k++) {
      const year = baseYear - k;
      if (!years.includes(year)) years.push(year);
      const partial = k === whole;
      const dir = join(opts.out, `RS_${year}`);
      await mkdir(dir, { recursive: true });
      const name = table.replace(BASE_YEAR_RE, `_RS_${year}_`);
      files++;
      if (cId >= 0) for (let i = 1; i < rows.length; i++) if (!partial || inFraction(rows[i]![cId]!)) ids.add(`${year}:${rows[i]![cId]}`);
      if (k === 0 && !partial) {
        // The real year itself, byte for byte.
        await copyFile(join(opts.from, table), join(dir, name));
        await chmod(join(dir, name), 0o644);
        bytes += Buffer.byteLength(text, 'utf8') + 3;
        continue;
      }
      const out = createWriteStream(join(dir, name));
      const write = async (s: string) => {
        bytes += Buffer.byteLength(s, 'utf8');
        if (!out.write(s)) await once(out, 'drain');
      };
      await write('\uFEFF' + header.map(csvCell).join(',') + '\r\n');
      for (let i = 1; i < rows.length; i++) {
        const r = rows[i]!;
        if (partial && cId >= 0 && !inFraction(r[cId]!)) continue;
        const cells = [...r];
        if (k > 0) {
          if (cYear >= 0) cells[cYear] = String(year);
          if (cBudgetYear >= 0 && /^\d{4}$/.test(cells[cBudgetYear]!)) cells[cBudgetYear] = String(Number(cells[cBudgetYear]) - k);
          for (const [cName, cNum] of recipientCols) {
            const payee = cells[cName]!;
            if (!payee || fnv(`${payee}`) % 4 !== k % 4) continue;
            cells[cName] = `${payee}（合成${year}）`;
            if (cNum >= 0 && isCorporateNumber(cells[cNum]!)) cells[cNum] = shiftCorporateNumber(cells[cNum]!, k);
          }
        }
        await write(cells.map(csvCell).join(',') + '\r\n');
      }
      out.end();
      await once(out, 'finish');
    }
  }
  return { years: years.sort(), projects: ids.size, files, bytes };
}

if (import.meta.main) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const given = arg('from');
  if (!given) {
    console.error('usage: node scripts/bench/synth.ts --from <RS CSV folder> [--out <dir>] [--scale <n>]');
    process.exit(2);
  }
  const from = resolve(given);
  const out = resolve(arg('out') ?? '.build/bench/synth');
  const scale = Number(arg('scale') ?? '1');
  const r = await synthesize({ from, out, scale });
  console.log(`synthetic RS corpus ×${scale}: ${r.projects} projects, years ${r.years.join(', ')}, ${r.files} files, ${(r.bytes / 1e6).toFixed(1)} MB → ${out}`);
}
