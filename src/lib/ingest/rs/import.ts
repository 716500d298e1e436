/** RS system CSV import. (Interim: tables are recognised but not yet imported.) */
import type { FileReport, ProjectRecord } from '../../../schemas/index.ts';
import type { SourceFile, SourceText } from '../types.ts';

export interface RsImportResult {
  projects: ProjectRecord[];
  sources: SourceText[];
  fileReports: Array<Partial<FileReport> & { file: string }>;
}

export function importRsTables(files: SourceFile[]): RsImportResult {
  return {
    projects: [],
    sources: [],
    fileReports: files.map((f) => ({ file: f.path, status: 'skipped' as const, warnings: [{ field: '(table)', message: 'RS CSV の取り込みは未実装です (RS import not implemented yet)', line: null }] })),
  };
}
