/**
 * The ingest pipeline, pure: source files in, validated records and a report out.
 * Detect kind and layout → parse → validate with the zod schemas → link/derive.
 * A bad file becomes a report entry and never stops the others.
 */
import { EvaluationRecord, ProjectRecord, validate, type FileReport, type Validated, type IngestReport, type MeasureRecord, type MinistryRecord, type RecipientRecord } from '../../schemas/index.ts';
import { decodeSource, DecodeError } from './decode.ts';
import { detectDocument, looksLikeRsCsv } from './detect.ts';
import { emptyProject } from './fallback.ts';
import { legacyProjectId } from './ids.ts';
import { parseLegacyDocument } from './legacy/index.ts';
import { importRsTables } from './rs/import.ts';
import { deriveCollections } from './derive.ts';
import { checkEvaluationPlausibility, checkProjectPlausibility } from './plausibility.ts';
import { attachJudgit } from './judgit/attach.ts';
import { looksLikeJudgitPath } from './judgit/import.ts';
import { applyLineages, linkLineages } from './lineage.ts';
import type { Memo, SourceFile, SourceText } from './types.ts';

export interface IngestResult {
  projects: ProjectRecord[];
  evaluations: EvaluationRecord[];
  measures: MeasureRecord[];
  ministries: MinistryRecord[];
  recipients: RecipientRecord[];
  sources: SourceText[];
  report: IngestReport;
}

export interface IngestOptions {
  sourcesDir: string;
  /** Strict mode: any warning is reported as an error (the CLI then exits non-zero). */
  strict?: boolean;
  /** Reuse results of unchanged inputs (see Memo). */
  memo?: Memo;
}

function fileReport(file: string): FileReport {
  return { file, status: 'ok', kind: 'unknown', layout: null, encoding: null, recordIds: [], fieldsFound: [], fieldsMissing: [], warnings: [], errors: [] };
}

interface LegacyOutcome {
  rep: FileReport;
  record: ProjectRecord | EvaluationRecord | null;
  isProject: boolean;
  validation: Validated<ProjectRecord | EvaluationRecord>;
  source: SourceText | null;
}

/** Decode → detect → parse → validate one legacy text file (no cross-file state). */
function parseLegacyFile(file: SourceFile): LegacyOutcome {
  const rep = fileReport(file.path);
  const none = (): LegacyOutcome => ({ rep, record: null, isProject: false, validation: { ok: false, issues: [] }, source: null });
  let decoded;
  try {
    decoded = decodeSource(file.bytes);
  } catch (e) {
    rep.status = 'error';
    rep.errors.push({ message: e instanceof DecodeError ? e.message : String(e), line: e instanceof DecodeError ? e.line : null });
    return none();
  }
  rep.encoding = decoded.encoding;
  const detection = detectDocument(decoded.text);
  if (detection.kind === 'unknown' || detection.layout === null) {
    rep.status = 'error';
    rep.errors.push({ message: '文書の種類を判定できません: レビューシートでも政策評価書でもありません (unknown document kind)', line: null });
    return none();
  }
  rep.kind = detection.kind;
  rep.layout = detection.layout;
  let parsed;
  try {
    parsed = parseLegacyDocument({ file: file.path, decoded, kind: detection.kind, layout: detection.layout });
  } catch (e) {
    // A parser bug must not lose the file: publish it unstructured, with the reason.
    const id = legacyProjectId(null, null, null, null, decoded);
    const message = `解析中にエラーが発生しました (parser error): ${e instanceof Error ? e.message : String(e)}`;
    parsed = {
      kind: 'review-sheet' as const,
      project: emptyProject(id, file.path, { file: file.path, sha256: decoded.sha256, layout: detection.layout, lineCount: decoded.lines.length, encoding: decoded.encoding }, [{ field: '(document)', message, line: null }]),
      fieldsFound: [],
      fieldsMissing: [],
      warnings: [{ field: '(document)', message, line: null }],
    };
    rep.status = 'partial';
  }
  // What decoding repaired belongs to the record too: its page must say the text was cut.
  const decodeWarnings = (decoded.warnings ?? []).map((w) => ({ field: '(file)', message: w.message, line: w.line }));
  if (decodeWarnings.length > 0) {
    if (parsed.project) parsed = { ...parsed, project: { ...parsed.project, warnings: [...decodeWarnings, ...parsed.project.warnings] } };
    if (parsed.evaluation) parsed = { ...parsed, evaluation: { ...parsed.evaluation, warnings: [...decodeWarnings, ...parsed.evaluation.warnings] } };
  }
  rep.fieldsFound = parsed.fieldsFound;
  rep.fieldsMissing = parsed.fieldsMissing;
  rep.warnings = [...decodeWarnings, ...parsed.warnings];
  const record = parsed.project ?? parsed.evaluation;
  if (!record) {
    rep.status = 'error';
    rep.errors.push({ message: '記録を作成できませんでした (parser returned no record)', line: null });
    return none();
  }
  const validation = parsed.project ? validate(ProjectRecord, parsed.project) : validate(EvaluationRecord, parsed.evaluation);
  return { rep, record, isProject: !!parsed.project, validation, source: { id: record.id, file: file.path, layout: detection.layout, lines: decoded.lines } };
}

const noMemo: Memo = (_kind, _inputs, compute) => compute();

/** The 事業年度 of an RS table, read from its first data row; null when it cannot be told cheaply. */
function rsTableYear(file: SourceFile): string | null {
  const [header = '', first = ''] = new TextDecoder('utf-8').decode(file.bytes.subarray(0, 65536)).replace(/^\uFEFF/, '').split(/\r?\n/, 2);
  const col = header.split(',').indexOf('事業年度');
  const cells = first.split(',');
  // The identity columns come first and are never quoted; anything else is left to the importer.
  if (col < 0 || cells.slice(0, col + 1).some((c) => c.includes('"'))) return null;
  return /^\d{4}$/.test(cells[col] ?? '') ? cells[col]! : null;
}

/** RS tables grouped by fiscal year; one group of all tables when any year is unclear. */
function rsYearGroups(files: SourceFile[]): SourceFile[][] {
  const byYear = new Map<string, SourceFile[]>();
  for (const f of files) {
    const year = rsTableYear(f);
    if (year === null) return files.length ? [files] : [];
    byYear.set(year, [...(byYear.get(year) ?? []), f]);
  }
  return [...byYear.keys()].sort().map((y) => byYear.get(y)!);
}

export function ingest(files: SourceFile[], options: IngestOptions): IngestResult {
  const memo = options.memo ?? noMemo;
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const reports: FileReport[] = [];
  const projects: ProjectRecord[] = [];
  const evaluations: EvaluationRecord[] = [];
  const sources: SourceText[] = [];
  const rsFiles: SourceFile[] = [];
  const owner = new Map<string, string>(); // record id → file that claimed it first

  const judgitFiles: SourceFile[] = [];
  for (const file of sorted) {
    // JUDGIT! JSON records are parsed, then merged with the sheets of other sources, below.
    if (looksLikeJudgitPath(file.path)) {
      judgitFiles.push(file);
      continue;
    }
    // RS CSV tables are recognised by header and imported together below.
    const head = new TextDecoder('utf-8').decode(file.bytes.subarray(0, 4096)).split(/\r?\n/)[0] ?? '';
    if (/\.csv$/i.test(file.path) || looksLikeRsCsv(head)) {
      const rep = fileReport(file.path);
      reports.push(rep);
      rep.kind = 'rs-table';
      rep.layout = 'rs-csv';
      rsFiles.push(file);
      continue;
    }
    // Parsing one file depends on that file alone, so its outcome can be reused while the
    // file's bytes (and the parser) are unchanged; identity clashes are decided after.
    const { rep, record, isProject, validation, source } = memo('legacy', [file], () => parseLegacyFile(file));
    reports.push(rep);
    if (!record) continue;
    const prior = owner.get(record.id);
    if (prior) {
      rep.status = 'error';
      rep.errors.push({ message: `同じ識別子 ${record.id} の文書が既にあります: ${prior} (duplicate identity; this file was not published)`, line: null });
      const first = reports.find((r) => r.file === prior);
      if (first) {
        first.warnings.push({ field: 'id', message: `同じ識別子の文書 ${file.path} があります。先に読んだこのファイルを採用しました (duplicate identity)`, line: null });
        if (first.status === 'ok') first.status = 'partial';
      }
      continue;
    }
    if (!validation.ok) {
      rep.status = 'error';
      for (const m of validation.issues) rep.errors.push({ message: `スキーマ検証エラー (schema): ${m}`, line: null });
      continue;
    }
    owner.set(record.id, file.path);
    if (isProject) projects.push(validation.data as ProjectRecord);
    else evaluations.push(validation.data as EvaluationRecord);
    rep.recordIds.push(record.id);
    if (rep.status === 'ok' && rep.warnings.length > 0) rep.status = 'partial';
    if (source) sources.push(source);
  }

  // Each fiscal year's tables import together (rows join on 事業年度 + 予算事業ID), so a
  // changed table re-imports its own year only.
  for (const group of rsYearGroups(rsFiles)) {
    const rs = memo('rs', group, () => importRsTables(group, memo));
    for (const r of rs.fileReports) {
      const rep = reports.find((x) => x.file === r.file);
      if (rep) Object.assign(rep, r);
    }
    for (const p of rs.projects) {
      const prior = owner.get(p.id);
      if (prior) {
        const rep = reports.find((x) => x.file === rs.fileReports[0]?.file);
        rep?.errors.push({ message: `同じ識別子 ${p.id} の記録が既にあります: ${prior} (duplicate identity)`, line: null });
        continue;
      }
      owner.set(p.id, 'RS CSV');
      projects.push(p);
    }
    for (const src of rs.sources) sources.push(src); // not a spread: one argument per source overflows the stack at corpus scale
  }

  const judgit = attachJudgit(judgitFiles, memo, projects, sources, reports, owner);

  if (options.strict) {
    for (const rep of reports) {
      for (const w of rep.warnings) rep.errors.push({ message: `[strict] ${w.field}: ${w.message}`, line: w.line });
      if (rep.errors.length > 0) rep.status = 'error';
    }
  }

  projects.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  evaluations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Values read as written but implausible (negative totals, rates beyond 0–200 %, sums that
  // disagree) are flagged on the record; not file-report warnings, so strict mode ignores them.
  for (let i = 0; i < projects.length; i++) projects[i] = checkProjectPlausibility(projects[i]!);
  for (let i = 0; i < evaluations.length; i++) evaluations[i] = checkEvaluationPlausibility(evaluations[i]!);
  sources.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lineage = applyLineages(projects, linkLineages(projects));
  const derived = deriveCollections(lineage.projects, evaluations);

  const report: IngestReport = {
    sourcesDir: options.sourcesDir,
    files: reports,
    counts: {
      files: reports.length,
      projects: derived.projects.length,
      evaluations: derived.evaluations.length,
      measures: derived.measures.length,
      ministries: derived.ministries.length,
      recipients: derived.recipients.length,
      warnings: reports.reduce((n, r) => n + r.warnings.length, 0),
      errors: reports.reduce((n, r) => n + r.errors.length, 0),
      merged: judgit.merged,
      disagreements: judgit.disagreements,
      lineageLinks: lineage.counts,
    },
  };
  return { ...derived, sources, report };
}
