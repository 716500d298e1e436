/**
 * 旧事業番号 (1-2): the project's number on the last pre-RS sheet — the bridge to its legacy
 * records. Ministries typed it freely: `2023-総務-22-0007`, `2023警察220059`,
 * `2023－復興－22－0058`, `2023 - 文科 - 22 - 0001`, several numbers in one cell, a label
 * in front, and sometimes text that is no number at all (`政策: 15　施策: 21`).
 */

export interface OldNumbers {
  /** Numbers found, in order, as `{ fiscalYear, number }`; the first is the 旧事業番号. */
  numbers: Array<{ fiscalYear: number | null; number: string }>;
  /** Parts of the cell that are not a project number. */
  rejected: string[];
}

const DASH = /[-－ー‐―−–—ｰ]/g;
// Post-2021 form: sheet year, ministry abbreviation, (新)two-digit year, 4-digit serial, optional branch.
const FULL = /^(20\d\d)-?([^\d\-:：,、]{1,6}?)-?(新?)(\d{2})-?(\d{4})(-\d{1,2})?$/;
// Older forms: `新30-0017`, `経産20-0435`, `経産新21:0034`, a bare serial `0333`, `0036-1`.
const SHORT = /^([^\d\-:：,、]{0,6}?)(新?)(\d{2})[-:：](\d{4})$/;
const SERIAL = /^(\d{4})(-\d{1,2})?$/;

export function parseOldProjectNumbers(cell: string): OldNumbers {
  const out: OldNumbers = { numbers: [], rejected: [] };
  // An ideographic space separates numbers (`経産21：0414　経産22：0436`); NFKC would make it
  // an ordinary space, which also appears inside one number (`2023 - 文科 - 22 - 0001`).
  let s = cell.replace(/\u3000/g, '、').normalize('NFKC').replace(/[\u00ad]/g, '').trim();
  s = s.replace(/^旧事業番号[\s:：、]*/, '').replace(/^(令和|平成)\s*(元|\d{1,2})\s*年度[\s、]*/, '');
  if (s === '' || /^[-\s、]+$/.test(s.replace(DASH, '-'))) return out;
  for (const rawPart of s.split(/[,、，;；\/／]|\s{2,}/)) {
    const part = rawPart.replace(DASH, '-').replace(/\s+/g, '');
    if (part === '') continue;
    const full = FULL.exec(part);
    if (full) {
      const [, y, ministry, isNew, yy, serial, branch] = full;
      out.numbers.push({ fiscalYear: Number(y), number: `${y}-${ministry}-${isNew}${yy}-${serial}${branch ?? ''}` });
      continue;
    }
    const short = SHORT.exec(part);
    if (short) {
      const [, ministry, isNew, yy, serial] = short;
      out.numbers.push({ fiscalYear: null, number: `${ministry ? `${ministry}` : ''}${isNew}${yy}-${serial}` });
      continue;
    }
    const serial = SERIAL.exec(part);
    if (serial) {
      out.numbers.push({ fiscalYear: null, number: part });
      continue;
    }
    out.rejected.push(rawPart.trim());
  }
  // `2023環境22 0150` splits on nothing but loses its space above; `政策: 15　施策: 21` splits into
  // two rejected parts — either way, a cell with any rejected part is not trusted at all.
  if (out.rejected.length > 0) out.numbers = [];
  return out;
}
