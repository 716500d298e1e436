/**
 * Record ids: URL-safe ASCII, stable across builds, derived only from a record's
 * identity (never from its position in a folder), so links and citations keep working.
 *
 * Review sheets (legacy text), most specific evidence first:
 *  - `<reviewYear>-<ministry>-<number>`  review year, ministry slug and the 事業番号
 *    (`2021-soumu-20-0094`, `2018-soumu-new30-0017`).
 *  - `<reviewYear>-<ministry>-n<8 hex>`  no 事業番号 in the sheet: FNV-1a of the 事業名
 *    (NFKC, whitespace and invisible format characters removed), e.g. `2020-soumu-n1a2b3c4d`.
 *    A 事業番号 begins with a digit or 新 (slug `new…`), so `n` + 8 hex digits does not read as
 *    one, and the two forms stay apart. Two files with the same year, ministry and
 *    name are the same identity, which the pipeline reports as a duplicate.
 *  - `doc-<12 hex>`  neither a number nor a name (or no year/ministry): the decoded text's hash.
 * Policy evaluations: `eval-<fiscalYear>-<ministry>-<policy>` (`eval-2018-soumu-p10`), else
 * `eval-<12 hex>` of the decoded text.
 *
 * Every hash fallback is of the decoded text (LF line ends, no BOM), never of the raw bytes,
 * so the same document saved as UTF-8, UTF-8 with BOM, Shift_JIS or with CRLF keeps its id.
 * `source.sha256` still records the bytes.
 */
import { fnv1a, ministrySlug } from '../ministries.ts';
import { isCorporateNumber } from '../normalize/corporate-number.ts';
import { isPlaceholderRecipient, normalizeRecipientName } from '../normalize/recipient-name.ts';
import { sha256Hex } from './decode.ts';
import type { DecodedText } from './types.ts';

/** What a hash-based id may depend on: the decoded lines, never the bytes. */
export type DecodedIdentity = Pick<DecodedText, 'lines' | 'textSha256'>;

/** SHA-256 of the decoded text (LF line ends, no BOM), the same for every encoding of a document. */
export function textHash(decoded: DecodedIdentity): string {
  return decoded.textSha256 ?? sha256Hex(decoded.lines.join('\n'));
}

/** `2021-総務-20-0094` → `20-0094` (year prefix dropped, ministry part dropped), `新30-0017` → `new30-0017`. */
export function projectNumberSlug(projectNumber: string, reviewYear: number | null): string {
  let s = projectNumber.normalize('NFKC').replace(/新/g, 'new').replace(/[^A-Za-z0-9-]+/g, '-');
  s = s.replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (reviewYear !== null && s.startsWith(`${reviewYear}-`)) s = s.slice(String(reviewYear).length + 1);
  return s.toLowerCase();
}

/** A 事業名 as identity: NFKC, without whitespace or invisible format characters (zero-width, bidi, BOM). */
export function projectNameKey(name: string): string {
  return name.normalize('NFKC').replace(/[\s\p{Cf}]+/gu, '');
}

export function legacyProjectId(
  reviewYear: number | null,
  ministry: string | null,
  projectNumber: string | null,
  name: string | null,
  decoded: DecodedIdentity,
): string {
  if (reviewYear !== null && ministry) {
    const slug = projectNumber ? projectNumberSlug(projectNumber, reviewYear) : '';
    if (slug) return `${reviewYear}-${ministrySlug(ministry)}-${slug}`;
    const key = name ? projectNameKey(name) : '';
    if (key) return `${reviewYear}-${ministrySlug(ministry)}-n${fnv1a(key)}`;
  }
  return `doc-${textHash(decoded).slice(0, 12)}`;
}

export function rsProjectId(year: number, budgetProjectId: string): string {
  return `rs-${year}-${budgetProjectId.normalize('NFKC').replace(/[^A-Za-z0-9]+/g, '')}`;
}

export function evaluationId(fiscalYear: number | null, ministry: string | null, policyNumber: string | null, decoded: DecodedIdentity): string {
  if (fiscalYear !== null && ministry && policyNumber) {
    const slug = policyNumber.normalize('NFKC').replace(/政策/g, 'p').replace(/施策/g, 'm').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
    if (slug) return `eval-${fiscalYear}-${ministrySlug(ministry)}-${slug}`;
  }
  return `eval-${textHash(decoded).slice(0, 12)}`;
}

/** Measure id from its ministry and normalised name. */
export function measureId(ministry: string, normalisedName: string): string {
  return `${ministrySlug(ministry)}-${fnv1a(normalisedName)}`;
}

/**
 * Recipient id: the 法人番号 when there is one, else a key of the normalised name — or none
 * for a name that stands for someone unnamed (個人A, A社: isPlaceholderRecipient), which two
 * sheets write for different people, so it is no recipient of its own across sheets.
 */
export function recipientId(corporateNumber: string | null, name: string): string | undefined {
  if (corporateNumber && isCorporateNumber(corporateNumber)) return corporateNumber;
  if (isPlaceholderRecipient(name)) return undefined;
  return `n-${fnv1a(normalizeRecipientName(name))}`;
}
