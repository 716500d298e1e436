/**
 * Cache keys for Astro's incremental build (`experimental.incrementalBuild`): a page whose
 * key is the same as in the previous build, and whose template and code are unchanged
 * (Astro's own per-route dependency hash, config and lockfile hashes), is restored from
 * Astro's cache instead of rendered. A key must change whenever anything the page shows
 * changes — a restored stale page would publish a wrong number.
 *
 * Each page's key follows from what it read the last time it rendered (page-deps.ts): the
 * previous build wrote down its reads and their signature (content hashes of the record
 * files, from ingest's digests.json, and of the statuses in the ingest report). If the same
 * reads sign the same now, the page keeps its key and is restored; otherwise it gets a new
 * key, derived from the old one, so it cannot match, and is rendered (and its reads written
 * down again). A page with no record, or one that read nothing the recorder saw, is always
 * rendered. Without digests (a records folder from before them) there are no keys at all.
 *
 * So a change inside one review sheet re-renders the pages that read that sheet (its page,
 * the lists and the ministry, measure and recipient pages that show it) and no other, and a
 * new review year re-renders what shows the new sheets, not the earlier years' pages.
 */
import { createHash } from 'node:crypto';
import { SITE_URL } from '../env.ts';
import { getDigests } from '../records.ts';
import { carryOver, givenKey, pageId, previousRecord, type PageRecord } from './page-deps.ts';
import { loadSiteData, recordStatuses, type Site } from './site-data.ts';

export interface CacheKeys {
  /** For a page that depends on everything: changes whenever any record does (no page here uses it). */
  site: string;
  /** The key of the page of `route` (its pattern, e.g. `/projects/[id]`) with `params`. */
  page(route: string, params: Record<string, string | number | undefined>): string;
  /**
   * getStaticPaths' entries for `route`: each page with its key, except the pages carried
   * over from the published site (page-deps.ts carryOver), which Astro never sees.
   */
  paths<P extends Record<string, string>>(route: string, list: P[]): { params: P; cacheKey: string }[];
  /** Content hash of the given reads now (page-deps.ts names them). */
  signature(deps: string[]): string;
}

/** What every page depends on besides its reads: the site's URL (canonical links) and this scheme's version. */
const GLOBAL = () => `page-deps v1\0SITE_URL=${SITE_URL}`;

const sha = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);

let cached: Promise<CacheKeys | null> | undefined;

export function cacheKeys(): Promise<CacheKeys | null> {
  cached ??= loadSiteData().then(makeKeys);
  return cached;
}

function makeKeys(site: Site): CacheKeys | null {
  const digests = getDigests();
  if (!digests) return null;
  const statuses = recordStatuses();
  const memo = new Map<string, string>();
  /** Hash of many entries, once per build. */
  const hashOf = (name: string, entries: () => Iterable<string>) => {
    let h = memo.get(name);
    if (h === undefined) {
      const hash = createHash('sha256');
      for (const e of entries()) hash.update(e).update('\n');
      h = hash.digest('base64url').slice(0, 22);
      memo.set(name, h);
    }
    return h;
  };
  const sortedDigests = () => [...digests].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const allStatuses = () => [...statuses].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((e) => JSON.stringify(e));
  const valueOf = (dep: string): string => {
    if (dep.startsWith('file:')) return digests.get(dep.slice(5)) ?? 'absent';
    if (dep.startsWith('exists:')) return digests.has(`${dep.slice(7)}.json`) ? 'yes' : 'no';
    // A field of a record held in memory (recording-site.ts): its value now.
    const field = /^field:(\w+)\/(.+)#([^#]+)$/.exec(dep);
    const map = field && (site[field[1] as keyof Site] as ReadonlyMap<string, Record<string, unknown>> | undefined);
    if (field && map instanceof Map) {
      const record = map.get(field[2]!);
      return record === undefined ? 'absent' : (JSON.stringify(record[field[3]!]) ?? 'undefined');
    }
    if (dep === 'all:briefs') return hashOf(dep, () => [...site.briefs.values()].map((b) => JSON.stringify(b)));
    if (dep.startsWith('all:')) {
      const prefix = `${dep.slice(4)}/`;
      return hashOf(dep, () => sortedDigests().filter(([p]) => p.startsWith(prefix)).map(([p, d]) => `${p}\0${d}`));
    }
    if (dep === 'status:*') return hashOf(dep, allStatuses);
    if (dep.startsWith('status:')) return JSON.stringify(statuses.get(dep.slice(7)) ?? null);
    // `*`, or a name this scheme does not know: everything.
    return hashOf('*', () => [...sortedDigests().map(([p, d]) => `${p}\0${d}`), ...allStatuses()]);
  };
  const values = new Map<string, string>();
  const valueNow = (dep: string) => {
    let v = values.get(dep);
    if (v === undefined) values.set(dep, (v = valueOf(dep)));
    return v;
  };
  const signature = (deps: string[]) => sha(`${GLOBAL()}\0${deps.map((d) => `${d}=${valueNow(d)}`).join('\n')}`);
  return {
    site: sha(`site\0${valueOf('*')}\0${GLOBAL()}`),
    signature,
    page(route, params) {
      return keyOf(pageId(route, params)).key;
    },
    paths(route, list) {
      const out: { params: (typeof list)[number]; cacheKey: string }[] = [];
      for (const params of list) {
        const { key, prev } = keyOf(pageId(route, params), true);
        if (prev === null) out.push({ params, cacheKey: key });
      }
      return out;
    },
  };

  /** A page's key; `prev` is its previous record when it was carried over instead (only if `carry`). */
  function keyOf(id: string, carry = false): { key: string; prev: PageRecord | null } {
    const prev = previousRecord(id);
    if (prev && prev.deps.length > 0 && signature(prev.deps) === prev.sig) {
      if (carry && carryOver(id, prev)) return { key: prev.key, prev };
      return { key: givenKey(id, prev.key), prev: null };
    }
    // Cannot equal the previous key: it is hashed from it (or, for a new page, from everything now).
    return { key: givenKey(id, sha(`${prev?.key ?? 'new'}\0${id}\0${valueOf('*')}\0${GLOBAL()}`)), prev: null };
  }
}

/** getStaticPaths for a keyed route: its pages to render (CacheKeys.paths), or all of them without keys. */
export async function staticPaths<P extends Record<string, string>>(route: string, list: P[]): Promise<{ params: P; cacheKey?: string }[]> {
  const keys = await cacheKeys();
  return keys ? keys.paths(route, list) : list.map((params) => ({ params }));
}
