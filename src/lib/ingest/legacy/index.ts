/** Dispatch a decoded legacy text document to the parser for its kind and layout. */
import type { LegacyInput, ParsedDocument } from '../types.ts';
import { parseReviewSheetTable } from './table/index.ts';
import { parseReviewSheetTextFlow } from './textflow/index.ts';
import { parseEvaluation } from './evaluation/index.ts';

export function parseLegacyDocument(input: LegacyInput): ParsedDocument {
  if (input.kind === 'policy-evaluation') return parseEvaluation(input);
  return input.layout === 'table' ? parseReviewSheetTable(input) : parseReviewSheetTextFlow(input);
}
