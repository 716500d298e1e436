/** Output sizes and page counts of a built site, by top-level part. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface DirStats {
  bytes: number;
  files: number;
  html: number;
}

export async function dirStats(dir: string): Promise<DirStats> {
  const out: DirStats = { bytes: 0, files: 0, html: 0 };
  async function walk(d: string) {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      // A link counts as what it points to (the bench's corpora are folders of links).
      const s = e.isSymbolicLink() ? await stat(p).catch(() => null) : e;
      if (s?.isDirectory()) await walk(p);
      else if (s?.isFile()) {
        out.files++;
        out.bytes += (await stat(p)).size;
        if (e.name.endsWith('.html')) out.html++;
      }
    }
  }
  await walk(dir);
  return out;
}

/** The built site split into what each stage wrote: Pagefind's folder, open data, and the rest (Astro). */
export async function siteParts(dist: string): Promise<{ total: DirStats; pagefind: DirStats; data: DirStats; astro: DirStats }> {
  const [total, pagefind, data] = await Promise.all([dirStats(dist), dirStats(join(dist, 'pagefind')), dirStats(join(dist, 'data'))]);
  const astro = { bytes: total.bytes - pagefind.bytes - data.bytes, files: total.files - pagefind.files - data.files, html: total.html - pagefind.html - data.html };
  return { total, pagefind, data, astro };
}
