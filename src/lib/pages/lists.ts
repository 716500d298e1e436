/**
 * Orders and page sizes of the long list pages, computed once per build (module cache
 * via loadSite) so each list page only slices.
 */
import { compareJa } from '../format/collate.ts';
import type { RecipientRecord } from '../../schemas/derived.ts';
import { cachedWithReads } from './page-deps.ts';
import { loadSite } from './site-data.ts';

export const PROJECTS_PER_PAGE = 200;
export const RECIPIENTS_PER_PAGE = 200;

export const recipientTotal = (r: RecipientRecord) => r.totalDirect + r.totalPassthrough + r.totalUnknown;

/** One recipient's payments in one review year, by kind (the same split as its record's totals). */
export interface RecipientYear {
  recipient: RecipientRecord;
  direct: number;
  passthrough: number;
  unknown: number;
  total: number;
  projects: number;
}

/**
 * Recipients paid in each review year, largest that year first (ties by name, then id, for
 * a stable order). Built once from every recipient's payments.
 */
// Its reads are added to each page that uses it (page-deps.ts): the pages' cache keys.
export const recipientsByYear: () => Promise<Map<number, RecipientYear[]>> = cachedWithReads(() =>
  loadSite().then((site) => {
    const out = new Map<number, RecipientYear[]>();
    for (const r of site.recipients.values()) {
      const per = new Map<number, RecipientYear & { ids: Set<string> }>();
      for (const p of r.payments) {
        let y = per.get(p.reviewYear);
        if (!y) per.set(p.reviewYear, (y = { recipient: r, direct: 0, passthrough: 0, unknown: 0, total: 0, projects: 0, ids: new Set() }));
        y.ids.add(p.projectId);
        if (p.amount != null) {
          y[p.flowKind ?? 'unknown'] += p.amount;
          y.total += p.amount;
        }
      }
      for (const [year, { ids, ...y }] of per) {
        y.projects = ids.size;
        const list = out.get(year);
        if (list) list.push(y);
        else out.set(year, [y]);
      }
    }
    for (const list of out.values()) list.sort((a, b) => b.total - a.total || compareJa(a.recipient.name, b.recipient.name) || (a.recipient.id < b.recipient.id ? -1 : 1));
    return out;
  }),
);
