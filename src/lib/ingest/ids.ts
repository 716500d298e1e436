/**
 * Record ids: URL-safe ASCII, stable across builds, derived only from a record's
 * identity (never from its position in a folder), so links and citations keep working.
 */
import { fnv1a, ministrySlug } from '../ministries.ts';

/** `2021-総務-20-0094` → `20-0094` (year prefix dropped, ministry part dropped), `新30-0017` → `new30-0017`. */
export function projectNumberSlug(projectNumber: string, reviewYear: number | null): string {
  let s = projectNumber.normalize('NFKC').replace(/新/g, 'new').replace(/[^A-Za-z0-9-]+/g, '-');
  s = s.replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (reviewYear !== null && s.startsWith(`${reviewYear}-`)) s = s.slice(String(reviewYear).length + 1);
  return s.toLowerCase();
}

export function legacyProjectId(reviewYear: number | null, ministry: string | null, projectNumber: string | null, sha256: string): string {
  if (reviewYear !== null && ministry && projectNumber) {
    const slug = projectNumberSlug(projectNumber, reviewYear);
    if (slug) return `${reviewYear}-${ministrySlug(ministry)}-${slug}`;
  }
  return `doc-${sha256.slice(0, 12)}`;
}

export function rsProjectId(year: number, budgetProjectId: string): string {
  return `rs-${year}-${budgetProjectId.normalize('NFKC').replace(/[^A-Za-z0-9]+/g, '')}`;
}

export function evaluationId(fiscalYear: number | null, ministry: string | null, policyNumber: string | null, sha256: string): string {
  if (fiscalYear !== null && ministry && policyNumber) {
    const slug = policyNumber.normalize('NFKC').replace(/政策/g, 'p').replace(/施策/g, 'm').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
    if (slug) return `eval-${fiscalYear}-${ministrySlug(ministry)}-${slug}`;
  }
  return `eval-${sha256.slice(0, 12)}`;
}

/** Measure id from its ministry and normalised name. */
export function measureId(ministry: string, normalisedName: string): string {
  return `${ministrySlug(ministry)}-${fnv1a(normalisedName)}`;
}

/** Recipient id: the 法人番号 when there is one, else a key of the normalised name. */
export function recipientId(corporateNumber: string | null, normalisedName: string): string {
  if (corporateNumber && /^\d{13}$/.test(corporateNumber)) return corporateNumber;
  return `n-${fnv1a(normalisedName)}`;
}
