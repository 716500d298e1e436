/** Dispatch a decoded legacy text document to the parser for its kind and layout. */
import type { DecodedText, ParsedDocument } from './types.ts';
import { parseReviewSheetTable } from './legacy-table.ts';
import { parseReviewSheetTextFlow } from './legacy-textflow.ts';
import { parseEvaluation } from './evaluation.ts';

export interface LegacyInput {
  file: string;
  decoded: DecodedText;
  kind: 'review-sheet' | 'policy-evaluation';
  layout: 'table' | 'text-flow';
}

export function parseLegacyDocument(input: LegacyInput): ParsedDocument {
  if (input.kind === 'policy-evaluation') return parseEvaluation(input);
  return input.layout === 'table' ? parseReviewSheetTable(input) : parseReviewSheetTextFlow(input);
}
