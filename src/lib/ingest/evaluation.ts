/** 政策評価書 parser. (Interim: publishes the document unstructured until the parser lands.) */
import { evaluationId } from './ids.ts';
import type { LegacyInput } from './legacy.ts';
import type { ParsedDocument } from './types.ts';

export function parseEvaluation(input: LegacyInput): ParsedDocument {
  const { decoded, file } = input;
  const warnings = [{ field: '(document)', message: 'この形式の解析は未実装です (parser not implemented yet)', line: null }];
  return {
    kind: 'policy-evaluation',
    evaluation: {
      id: evaluationId(null, null, null, decoded.sha256), ministry: '不明', documentNumber: null, fiscalYear: null, policyNumber: null,
      policyName: file, field: null, overview: null, basicGoal: null, budget: [], goals: [], indicators: [], assessment: null,
      analysis: null, nextSteps: null, bureau: null, evaluatedAt: null,
      source: { file, sha256: decoded.sha256, layout: input.layout, lineCount: decoded.lines.length, encoding: decoded.encoding },
      provenance: {}, warnings,
    },
    fieldsFound: [], fieldsMissing: [], warnings,
  };
}
