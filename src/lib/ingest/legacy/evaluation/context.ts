/** What every section of the evaluation parser shares: the document's lines and blocks, and the template's fixed words. */
import type { EvaluationRecord } from '../../../../schemas/index.ts';
import type { Era } from '../../../normalize/wareki.ts';
import type { Block } from '../blocks.ts';
import { Diagnostics, type Span } from '../../diagnostics.ts';

export type BudgetYear = EvaluationRecord['budget'][number];
export type Indicator = EvaluationRecord['indicators'][number];
export type Mark = NonNullable<Indicator['achievement']>;
/** An indicator name as found: `span` from its number (when in the same place) to its marker; `nameStart` its first name line. */
export interface Found {
  number: string | null;
  name: string;
  span: Span;
  nameStart: number;
  raw?: string[];
  byMention?: boolean;
}

export const ASSESSMENTS = ['目標超過達成', '目標達成', '相当程度進展あり', '進展が大きくない', '目標に向かっていない'];
/** `＜アウトカム指標＞`, `＜アウトプット指標＞`, `＜アウトカム目標＞` (and misspellings of the kind) closing an indicator's name. */
export const INDICATOR_MARKER = /[＜<]\s*[^＜＞<>]{2,12}(?:指標|目標)\s*[＞>]$/;
export const ENUM_START = /^[\s\u3000]*(?:[（(][0-9０-９]+[）)]|・)/;
export const FOOTNOTE = /^[\s\u3000]*(?:[（(]?※|↑)/;

export interface Ctx {
  fiscalYear?: number | null;
  lines: string[];
  blocks: Block[];
  evidence: string;
  era: Era | null;
  c: Diagnostics;
}
