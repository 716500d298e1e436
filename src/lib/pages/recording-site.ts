/**
 * The site data (site-data.ts) with every read recorded for the page being rendered
 * (page-deps.ts), at the grain the cache keys can check (cache-keys.ts):
 *  - a record of a collection held in memory (measures, ministries, recipients, evaluations,
 *    project briefs) records each top-level field read (`field:ministries/soumu#name`), so a
 *    project page that shows its ministry's name is not re-rendered because a new year added
 *    projects to the ministry; reading all of a record (spread, keys, JSON) records its file;
 *  - a project record (read from disk per page) records its file;
 *  - `has(id)` records whether the record exists (`exists:…`), not its content;
 *  - anything over a whole collection (iterating, size, the ministry order) records all of it
 *    (`all:briefs` is every brief, not every project file);
 *  - any other property of the site records everything (`*`): a page that uses data this
 *    module does not know is re-rendered on any change, never restored stale.
 */
import { dependsOn } from './page-deps.ts';
import type { Site } from './site.ts';

/** Site property → the records folder it comes from; `fields`: its records are in memory, read field by field. */
const COLLECTIONS: Partial<Record<keyof Site, { dir: string; fields: boolean }>> = {
  projects: { dir: 'projects', fields: false },
  briefs: { dir: 'briefs', fields: true },
  evaluations: { dir: 'evaluations', fields: true },
  measures: { dir: 'measures', fields: true },
  ministries: { dir: 'ministries', fields: true },
  recipients: { dir: 'recipients', fields: true },
};

/** The records folder of a collection's files (briefs are made from project records). */
export const fileDir = (dir: string) => (dir === 'briefs' ? 'projects' : dir);

export function recordingSite(site: Site): Site {
  const wrapped = new Map<PropertyKey, unknown>();
  for (const [prop, c] of Object.entries(COLLECTIONS)) wrapped.set(prop, recordingMap(site[prop as keyof Site] as ReadonlyMap<string, object>, c.dir, c.fields));
  return new Proxy(site, {
    get(target, prop) {
      if (wrapped.has(prop)) return wrapped.get(prop);
      if (prop === 'ministryOrder') dependsOn('all:ministries');
      // `then`: asked of any value a promise resolves to; not a read of site data.
      else if (typeof prop === 'string' && prop !== 'then') dependsOn('*');
      return Reflect.get(target, prop, target);
    },
  });
}

function recordingMap<M extends ReadonlyMap<string, object>>(map: M, dir: string, fields: boolean): M {
  // One proxy per record, so a record read twice is the same object both times.
  const proxies = new WeakMap<object, object>();
  const file = (id: string) => `file:${fileDir(dir)}/${id}.json`;
  const wrap = (id: string, record: object | undefined) => {
    if (record === undefined || !fields) return record;
    let p = proxies.get(record);
    if (!p) {
      p = recordingRecord(record, `field:${dir}/${id}#`, file(id));
      proxies.set(record, p);
    }
    return p;
  };
  return new Proxy(map, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'get') {
        return (id: string) => {
          // Whether it exists is read either way (a page may show a link only if it does).
          dependsOn(fields ? `exists:${fileDir(dir)}/${id}` : file(id));
          return wrap(id, target.get(id));
        };
      }
      if (prop === 'has') {
        return (id: string) => {
          dependsOn(`exists:${fileDir(dir)}/${id}`);
          return target.has(id);
        };
      }
      // Briefs are what list pages iterate: over all of them, they are read as briefs (a note
      // in one sheet changes its file, not its brief).
      dependsOn(`all:${dir}`);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function recordingRecord(record: object, fieldPrefix: string, file: string): object {
  const whole = () => dependsOn(file);
  return new Proxy(record, {
    get(target, prop) {
      if (typeof prop === 'string') dependsOn(`${fieldPrefix}${prop}`);
      else whole();
      return Reflect.get(target, prop, target);
    },
    has(target, prop) {
      whole();
      return Reflect.has(target, prop);
    },
    ownKeys(target) {
      whole();
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, prop) {
      whole();
      return Reflect.getOwnPropertyDescriptor(target, prop);
    },
  });
}
