/**
 * JUDGIT! records into the corpus: each file parsed (memoised per file) and validated, then
 * merged with the sheet another source describes (merge.ts) or published on its own. The
 * report says, per JSON file, which record it became or was merged into, and counts merges
 * and disagreements. Pure.
 */
import { ProjectRecord, validate, type FileReport } from '../../../schemas/index.ts';
import { mergeSheets, pairSheets } from '../merge.ts';
import type { Memo, SourceFile, SourceText } from '../types.ts';
import { parseJudgitFile, type JudgitOutcome } from './import.ts';

function parseAndValidate(file: SourceFile): JudgitOutcome {
  const o = parseJudgitFile(file);
  if (!o.project) return o;
  const r = validate(ProjectRecord, o.project);
  if (r.ok) return { ...o, project: r.data };
  o.rep.status = 'error';
  for (const m of r.issues) o.rep.errors.push({ message: `スキーマ検証エラー (schema): ${m}`, line: null });
  return { ...o, project: null, source: null };
}

export interface AttachResult {
  merged: number;
  disagreements: number;
}

/**
 * Adds the JUDGIT files' records to `projects` / `sources` (in place), merging those that
 * describe a sheet already there. `owner` maps record ids to the file that claimed them.
 */
export function attachJudgit(files: SourceFile[], memo: Memo, projects: ProjectRecord[], sources: SourceText[], reports: FileReport[], owner: Map<string, string>): AttachResult {
  const parsed: Array<{ rep: FileReport; project: ProjectRecord; source: SourceText }> = [];
  for (const file of files) {
    const o = memo('judgit', [file], () => parseAndValidate(file));
    // The memo may hand out a cached object: the report is changed below, so copy it.
    const rep = { ...o.rep, recordIds: [...o.rep.recordIds], warnings: [...o.rep.warnings], errors: [...o.rep.errors] };
    reports.push(rep);
    if (o.project && o.source) parsed.push({ rep, project: o.project, source: o.source });
  }
  const { pairs, ambiguous } = pairSheets(projects, parsed.map((x) => x.project));
  for (const a of ambiguous) {
    const x = parsed[a.judgit]!;
    x.rep.warnings.push({ field: 'name', message: `同じ年度・府省庁・事業名のシートが他の出典に複数あり（${a.candidates.map((c) => projects[c]!.id).join('、')}）、どれと同じシートか決まらないため統合していません`, line: null });
  }
  const mergedInto = new Map(pairs.map(([j, o]) => [j, o]));
  const sourceById = new Map(sources.map((s, i) => [s.id, i]));
  let disagreements = 0;
  for (const [j, o] of pairs) {
    const x = parsed[j]!;
    const primary = projects[o]!;
    const { record, disagreements: n } = mergeSheets(primary, x.project);
    disagreements += n;
    projects[o] = record;
    const si = sourceById.get(primary.id);
    if (si !== undefined) sources[si] = { ...sources[si]!, id: record.id, alternates: [...(sources[si]!.alternates ?? []), { ...x.source, id: record.id }] };
    if (record.id !== primary.id) {
      // The sheet gained its 事業番号 (and with it its id) from JUDGIT!.
      const file = owner.get(primary.id)!;
      owner.delete(primary.id);
      owner.set(record.id, file);
      const rep = reports.find((r) => r.file === file);
      if (rep) rep.recordIds = rep.recordIds.map((id) => (id === primary.id ? record.id : id));
    }
    x.rep.mergedInto = record.id;
    x.rep.recordIds.push(record.id);
    if (n > 0) {
      x.rep.warnings.push({ field: '(document)', message: `${owner.get(record.id)} と同じシートとして統合しました。${n}項目で値が異なります（記録の warnings を参照）`, line: null });
      if (x.rep.status === 'ok') x.rep.status = 'partial';
    }
  }
  parsed.forEach((x, j) => {
    if (mergedInto.has(j)) return;
    const prior = owner.get(x.project.id);
    if (prior) {
      x.rep.status = 'error';
      x.rep.errors.push({ message: `同じ識別子 ${x.project.id} の記録が既にあります: ${prior} (duplicate identity; this file was not published)`, line: null });
      return;
    }
    owner.set(x.project.id, x.rep.file);
    x.rep.recordIds.push(x.project.id);
    projects.push(x.project);
    sources.push(x.source);
  });
  return { merged: pairs.length, disagreements };
}
