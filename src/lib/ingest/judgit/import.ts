/**
 * One JUDGIT! JSON file → file report, record and source text (pure; no cross-file state,
 * so the pipeline can memoise it per file). A file that is not UTF-8, is truncated or is
 * not JSON is reported by name with the line of the problem and skipped; the build goes on.
 */
import type { FileReport, ProjectRecord } from '../../../schemas/index.ts';
import { sha256Hex, splitLines } from '../decode.ts';
import type { SourceFile, SourceText } from '../types.ts';
import { JsonSyntaxError, parseJsonWithPositions } from './json-positions.ts';
import { mapJudgitRecord } from './map.ts';

/** A JUDGIT! file: `.json`, in the unpacked tree `data/<year>/<府省庁>/<事業番号>.json` or anywhere. */
export function looksLikeJudgitPath(path: string): boolean {
  return /\.json$/i.test(path);
}

/** `…/2018/総務省/新30-0017.json` → 2018 (the tree's year folder), else null. */
export function yearOfJudgitPath(path: string): number | null {
  const m = /(?:^|\/)(20\d\d)\/[^/]+\/[^/]+\.json$/i.exec(path);
  return m ? Number(m[1]) : null;
}

export interface JudgitOutcome {
  rep: FileReport;
  project: ProjectRecord | null;
  source: SourceText | null;
  judgitProjectId: number | null;
}

/** Larger than any review sheet's record (the largest in 2015–2023 is under 200 KB). */
const MAX_JSON_BYTES = 8 * 1024 * 1024;

export function parseJudgitFile(file: SourceFile): JudgitOutcome {
  const rep: FileReport = { file: file.path, status: 'ok', kind: 'review-sheet', layout: 'judgit-json', encoding: 'utf-8', recordIds: [], fieldsFound: [], fieldsMissing: [], warnings: [], errors: [] };
  const fail = (message: string, line: number | null): JudgitOutcome => {
    rep.status = 'error';
    rep.errors.push({ message, line });
    return { rep, project: null, source: null, judgitProjectId: null };
  };
  if (file.bytes.length === 0) return fail('空のファイルです (empty JSON file)', null);
  if (file.bytes.length > MAX_JSON_BYTES) return fail(`ファイルが大きすぎます: ${(file.bytes.length / 1048576).toFixed(1)} MB (JSON file too large for a review sheet)`, null);
  let text: string;
  try {
    let bytes = file.bytes;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bytes = bytes.subarray(3);
      rep.encoding = 'utf-8-bom';
    }
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('UTF-8 として読めないバイト列があります。JSON ファイルではないか、途中で壊れています (invalid UTF-8)', null);
  }
  let root;
  try {
    root = parseJsonWithPositions(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return fail(`JSON として読めません: ${e.message}。途中で切れているか壊れたファイルです。このファイルは掲載しませんでした (malformed or truncated JSON)`, e.line);
    throw e;
  }
  const lines = splitLines(text);
  const sha256 = sha256Hex(file.bytes);
  const info = { file: file.path, sha256, layout: 'judgit-json' as const, lineCount: lines.length, encoding: rep.encoding! };
  const mapped = mapJudgitRecord(root, file.path, info, yearOfJudgitPath(file.path));
  if (mapped.notJudgit) return fail(mapped.project.warnings[0]!.message, root.line);
  rep.fieldsFound = mapped.fieldsFound;
  rep.fieldsMissing = mapped.fieldsMissing;
  rep.warnings = [...mapped.project.warnings];
  if (rep.warnings.length > 0) rep.status = 'partial';
  return { rep, project: mapped.project, source: { id: mapped.project.id, file: file.path, layout: 'judgit-json', lines }, judgitProjectId: mapped.judgitProjectId };
}
