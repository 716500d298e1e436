/**
 * Cache keys for Astro's incremental build (`experimental.incrementalBuild`): a page whose
 * key is the same as in the previous build, and whose template and code are unchanged
 * (Astro's own per-route dependency hash, config and lockfile hashes), is restored from
 * Astro's cache instead of rendered. A key must change whenever anything the page shows
 * changes — a restored stale page would publish a wrong number — so it is built from
 * content hashes of the records (written by ingest, records-dir.ts DIGESTS_FILE):
 *
 * - the site key, shared by every page: every record file except project records and
 *   their source texts (so all measures, ministries, recipients, evaluations and their
 *   sources), the project briefs — everything list pages, links and totals take from a
 *   project (site-data.ts) — and the per-record statuses from the ingest report;
 * - a project page adds its own record's and source text's hashes: it is the only page
 *   that reads them whole.
 *
 * So a change inside one review sheet that no list shows (a note, an outcome, a payment
 * row) re-renders that one page; a change to a name, an amount in the briefs or any other
 * record re-renders everything, which is always correct. Without digests (a records
 * folder from before them) there are no keys and every page renders.
 */
import { createHash } from 'node:crypto';
import { readDigests } from '../records-dir.ts';
import { loadSite, recordStatuses } from './site-data.ts';

export interface CacheKeys {
  /** For pages that read only the site-wide data. */
  site: string;
  /** For a project's own page. */
  project(id: string): string;
}

let cached: Promise<CacheKeys | null> | undefined;

export function cacheKeys(): Promise<CacheKeys | null> {
  cached ??= (async () => {
    const digests = readDigests();
    if (!digests) return null;
    const site = await loadSite();
    const h = createHash('sha256');
    const own = (id: string) => site.projects.has(id);
    for (const [path, digest] of [...digests].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const m = /^(projects|sources)\/(.+)\.json$/.exec(path);
      // The report changes with any source file; what pages take from it is the statuses, below.
      if ((m && own(m[2]!)) || path === 'report.json') continue;
      h.update(`${path}\0${digest}\n`);
    }
    for (const brief of site.briefs.values()) h.update(`${JSON.stringify(brief)}\n`);
    h.update(JSON.stringify([...recordStatuses()].sort((a, b) => (a[0] < b[0] ? -1 : 1))));
    // Every page's canonical link and og:url are made from it (layouts/Base.astro).
    h.update(`\nSITE_URL=${process.env.SITE_URL ?? ''}`);
    const siteKey = h.digest('base64url').slice(0, 22);
    return {
      site: siteKey,
      project: (id) => `${siteKey}:${digests.get(`projects/${id}.json`) ?? '-'}:${digests.get(`sources/${id}.json`) ?? '-'}`,
    };
  })();
  return cached;
}
