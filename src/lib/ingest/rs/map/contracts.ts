/**
 * One contract of RS 5-1 (支出先の契約) or 5-4 (国庫債務負担行為等による契約): the two tables
 * describe a contract with the same fields under different column names, so one reader
 * takes the table's column names.
 */
import type { Contract } from '../../../../schemas/index.ts';
import type { z } from 'zod';
import { int, num, text } from '../cells.ts';
import type { Helpers, Ref } from './refs.ts';

type ContractRecord = z.infer<typeof Contract>;
type ReadFields = 'location' | 'corporateType' | 'contractMethod' | 'contractMethodDetail' | 'bidders' | 'winningBidRate' | 'reason';

/** Each table's column of each field read the same way. */
export const CONTRACT_COLUMNS: Record<ContractRecord['kind'], Record<ReadFields, string>> = {
  支出先の契約: {
    location: '所在地',
    corporateType: '法人種別',
    contractMethod: '契約方式等',
    contractMethodDetail: '具体的な契約方式等',
    bidders: '入札者数',
    winningBidRate: '落札率',
    reason: '一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（支出額10億円以上）',
  },
  国庫債務負担行為等による契約: {
    location: '契約先の所在地（国庫債務負担行為等による契約）',
    corporateType: '契約先の法人種別（国庫債務負担行為等による契約）',
    contractMethod: '契約方式等（国庫債務負担行為等による契約）',
    contractMethodDetail: '具体的な契約方式等（国庫債務負担行為等による契約）',
    bidders: '入札者数（応募者数）（国庫債務負担行為等による契約）',
    winningBidRate: '落札率（％）（国庫債務負担行為等による契約）',
    reason: '一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（契約額10億円以上）（国庫債務負担行為等による契約）',
  },
};

/** 落札率 in 5-1 has no stated unit: a value up to 1 with a fraction is a ratio (0.95 = 95%). 5-4 says ％. */
export function bidRate(v: number | null): number | null {
  if (v === null) return null;
  return v > 0 && v < 1 ? Number((v * 100).toPrecision(12)) : v;
}

/** The fields the caller has already read (block, name, 法人番号, 契約概要, amount) and the rest from the row. */
export function contractOf(
  r: Ref,
  h: Pick<Helpers, 'cell' | 'read'>,
  kind: ContractRecord['kind'],
  known: { block: string | null; name: string | null; corp: { number: string | null; valid: boolean | null }; description: string | null; amount: number | null },
): ContractRecord {
  const cols = CONTRACT_COLUMNS[kind];
  // Read in this order, as warnings are listed in the order they were found.
  const bidders = h.read(r, cols.bidders, int, 'contracts');
  const rate = h.read(r, cols.winningBidRate, num, 'contracts');
  // Key order is the published JSON's order (the schema's): kind, block, name, 法人番号, location …
  return {
    kind,
    block: known.block,
    name: known.name,
    corporateNumber: known.corp.number,
    corporateNumberValid: known.corp.valid,
    location: text(h.cell(r, cols.location)),
    corporateType: text(h.cell(r, cols.corporateType)),
    description: known.description,
    amount: known.amount,
    contractMethod: text(h.cell(r, cols.contractMethod)),
    contractMethodDetail: text(h.cell(r, cols.contractMethodDetail)),
    bidders,
    winningBidRate: kind === '支出先の契約' ? bidRate(rate) : rate,
    reason: text(h.cell(r, cols.reason)),
  };
}
