/** Terminal rendering of the ingest report: per file, then a summary table. */
import type { IngestReport } from '../../src/schemas/index.ts';

// East Asian wide characters take two columns in a terminal.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const widthOf = (s: string) => [...s].reduce((w, ch) => w + (WIDE.test(ch) ? 2 : 1), 0);

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - widthOf(s)));
}

/** Keep the end of a long path (the file name) within `n` columns. */
function fit(s: string, n: number): string {
  if (widthOf(s) <= n) return s;
  const chars = [...s];
  while (chars.length > 0 && widthOf(chars.join('')) > n - 1) chars.shift();
  return '…' + chars.join('');
}

export function formatReport(report: IngestReport): string {
  const out: string[] = [];
  out.push(`取り込み結果 (ingest report): ${report.sourcesDir}`);
  for (const f of report.files) {
    out.push(`\n■ ${f.file}  [${f.status}]  kind=${f.kind} layout=${f.layout ?? '-'} encoding=${f.encoding ?? '-'}`);
    if (f.recordIds.length) out.push(`  records: ${f.recordIds.length <= 5 ? f.recordIds.join(', ') : `${f.recordIds.slice(0, 5).join(', ')} … (${f.recordIds.length})`}`);
    if (f.fieldsFound.length) out.push(`  found (${f.fieldsFound.length}): ${f.fieldsFound.join(', ')}`);
    if (f.fieldsMissing.length) out.push(`  missing (${f.fieldsMissing.length}): ${f.fieldsMissing.join(', ')}`);
    for (const e of f.errors) out.push(`  ERROR ${f.file}${e.line ? `:${e.line}` : ''}: ${e.message}`);
    const shown = f.warnings.slice(0, 20);
    for (const w of shown) out.push(`  warning ${f.file}${w.line ? `:${w.line}` : ''} [${w.field}]: ${w.message}`);
    if (f.warnings.length > shown.length) out.push(`  … ${f.warnings.length - shown.length} more warnings (see report.json)`);
  }
  out.push('\n' + pad('file', 48) + pad('status', 9) + pad('kind', 19) + pad('layout', 11) + pad('records', 9) + pad('found', 7) + pad('missing', 9) + pad('warn', 6) + 'err');
  for (const f of report.files) {
    out.push(
      pad(fit(f.file, 46), 48) +
        pad(f.status, 9) +
        pad(f.kind, 19) +
        pad(f.layout ?? '-', 11) +
        pad(String(f.recordIds.length), 9) +
        pad(String(f.fieldsFound.length), 7) +
        pad(String(f.fieldsMissing.length), 9) +
        pad(String(f.warnings.length), 6) +
        f.errors.length,
    );
  }
  const byStatus = (s: string) => report.files.filter((f) => f.status === s).length;
  out.push(`\n状態: ok ${byStatus('ok')}, partial ${byStatus('partial')} (一部の項目を警告つきで取り込み), error ${byStatus('error')} (取り込まず), skipped ${byStatus('skipped')}`);
  const c = report.counts;
  out.push(`\n合計: files ${c.files}, projects ${c.projects}, evaluations ${c.evaluations}, measures ${c.measures}, ministries ${c.ministries}, recipients ${c.recipients}, warnings ${c.warnings}, errors ${c.errors}`);
  return out.join('\n');
}
