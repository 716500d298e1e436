/**
 * Every URL the site publishes, in one place, so pages, search, open data and link
 * checks agree. All paths are absolute from the site root and end in `/` for pages.
 */
const base = (): string => {
  let b = '/';
  // The expression `import.meta.env.BASE_URL` exactly, which Vite replaces by the configured
  // base. A bare `import.meta.env` would make Astro inline into this module every environment
  // variable whose name its text contains (see scripts/build.ts). Outside Vite (scripts, unit
  // tests) there is no import.meta.env, and the base is the root.
  try {
    b = import.meta.env.BASE_URL ?? '/';
  } catch {
    // plain Node: keep '/'
  }
  return b.endsWith('/') ? b : `${b}/`;
};

export const urls = {
  home: () => base(),
  about: () => `${base()}about/`,
  search: () => `${base()}search/`,
  data: () => `${base()}data/`,
  projects: () => `${base()}projects/`,
  project: (id: string) => `${base()}projects/${id}/`,
  /** One review year at a glance: where the money went, by ministry (the home page shows the latest). */
  year: (year: number) => `${base()}years/${year}/`,
  /**
   * The project list narrowed to one review year, page n (1-based). The latest year's is
   * also the front page `/projects/`; both carry the year in their URL or page.
   */
  projectsYear: (year: number, n = 1) => (n <= 1 ? `${base()}projects/year/${year}/` : `${base()}projects/year/${year}/page/${n}/`),
  measures: () => `${base()}measures/`,
  measuresYear: (year: number) => `${base()}measures/year/${year}/`,
  measuresAll: () => `${base()}measures/all/`,
  measure: (id: string) => `${base()}measures/${id}/`,
  ministries: () => `${base()}ministries/`,
  ministry: (id: string) => `${base()}ministries/${id}/`,
  /** A ministry's projects of one review year (its own picture and list). */
  ministryYear: (id: string, year: number) => `${base()}ministries/${id}/${year}/`,
  recipients: () => `${base()}recipients/`,
  recipient: (id: string) => `${base()}recipients/${id}/`,
  /** Recipients paid in one review year, largest that year first, page n (ids are 法人番号 or `n-…`, so `year` cannot collide). */
  recipientsYear: (year: number, n = 1) => (n <= 1 ? `${base()}recipients/year/${year}/` : `${base()}recipients/year/${year}/page/${n}/`),
  /** An evaluation is shown on its measure's page, anchored by its id. */
  evaluation: (measureId: string, evaluationId: string) => `${base()}measures/${measureId}/#${evaluationId}`,
  /** The original text / source rows section of a project page; `line` anchors one line (legacy) or row (RS). */
  sourceLine: (projectId: string, line: number) => `${base()}projects/${projectId}/#L${line}`,
  sourceRow: (projectId: string, table: string, row: number) => `${base()}projects/${projectId}/#${rsRowAnchor(table, row)}`,
  /** Per-record downloads: JSON is the record as published; CSV is its flat rows (see /data/). */
  recordJson: (collection: 'projects' | 'measures' | 'ministries' | 'recipients' | 'evaluations', id: string) => `${base()}data/${collection}/${id}.json`,
  recordCsv: (collection: 'projects' | 'measures' | 'ministries' | 'recipients' | 'evaluations', id: string) => `${base()}data/${collection}/${id}.csv`,
  /** Whole-corpus downloads. */
  allJson: (collection: 'projects' | 'evaluations' | 'measures' | 'ministries' | 'recipients') => `${base()}data/${collection}.json`,
  csvTable: (table: string) => `${base()}data/csv/${table}.csv`,
  datapackage: () => `${base()}data/datapackage.json`,
  /** Any file of the open-data snapshot by its path inside /data/ (e.g. `csv-utf8/projects.csv`, `SHA256SUMS`). */
  dataFile: (path: string) => `${base()}data/${path}`,
};

/** Anchor id of an RS source row: table `2-1_RS_2024_予算・執行_サマリ.csv`, row 12 → `rs-2-1-r12`. */
export function rsRowAnchor(table: string, row: number): string {
  const m = /^(\d+-\d+)/.exec(table);
  return `rs-${m ? m[1] : table.replace(/[^A-Za-z0-9]+/g, '')}-r${row}`;
}
