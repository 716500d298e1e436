/** Review sheet, text-flow layout. (Interim: publishes the document unstructured until the parser lands.) */
import { emptyProject } from './fallback.ts';
import { legacyProjectId } from './ids.ts';
import type { LegacyInput } from './legacy.ts';
import type { ParsedDocument } from './types.ts';

export function parseReviewSheetTextFlow(input: LegacyInput): ParsedDocument {
  const { decoded, file } = input;
  const warnings = [{ field: '(document)', message: 'この形式の解析は未実装です (parser not implemented yet)', line: null }];
  const project = emptyProject(legacyProjectId(null, null, null, decoded.sha256), file, { file, sha256: decoded.sha256, layout: 'text-flow', lineCount: decoded.lines.length, encoding: decoded.encoding }, warnings);
  return { kind: 'review-sheet', project, fieldsFound: [], fieldsMissing: [], warnings };
}
