/** 5-1 to 5-4: spending blocks, their flows (which block pays which), recipients and contracts. */
import type { FlowKind, ProjectRecord } from '../../../../schemas/index.ts';
import { bool, int, isBlank, num, text, yen } from '../cells.ts';
import { bidRate, contractOf } from './contracts.ts';
import { type Helpers, type Ref, joinNonNull, normName, uniq } from './refs.ts';

interface SpendHelpers extends Helpers {
  corp: (ref: Ref, column: string, field: string) => { number: string | null; valid: boolean | null };
}

export function mapSpending(project: ProjectRecord, r51: Ref[], r52: Ref[], r53: Ref[], r54: Ref[], h: SpendHelpers): void {
  const { cell, read, warn, prov, corp } = h;
  // 5-2: the block graph.
  const passesOn = new Set<string>();
  const blockNames = new Map<string, string | null>();
  const flowRefs: Ref[] = [];
  const indirectRefs: Ref[] = [];
  const indirect: NonNullable<ProjectRecord['indirectCosts']> = [];
  for (const r of r52) {
    const fromBlock = text(cell(r, '支出元の支出先ブロック'));
    const toBlock = text(cell(r, '支出先の支出先ブロック'));
    const fromName = text(cell(r, '支出元の支出先ブロック名'));
    const toName = text(cell(r, '支出先の支出先ブロック名'));
    if (fromBlock && !blockNames.get(fromBlock)) blockNames.set(fromBlock, fromName);
    if (toBlock && !blockNames.get(toBlock)) blockNames.set(toBlock, toName);
    if (toBlock) {
      if (fromBlock) passesOn.add(fromBlock);
      const fromMinistry = read(r, '担当組織からの支出', bool, 'fundingFlow');
      if (!fromBlock && fromMinistry === false) warn(r, 'fundingFlow', '支出元ブロックがなく担当組織からの支出でもない行です (edge without a source)');
      project.fundingFlow.push({
        from: fromBlock ? (fromName ?? fromBlock) : (fromName ?? project.ministry),
        to: toName ?? toBlock,
        amount: null,
        method: text(cell(r, '資金の流れの補足情報')),
        note: null,
        fromBlock,
        toBlock,
      });
      flowRefs.push(r);
    }
    const label = text(cell(r, '国自らが支出する間接経費'));
    const item = text(cell(r, '国自らが支出する間接経費の項目'));
    const amount = read(r, '国自らが支出する間接経費の金額', yen, 'indirectCosts');
    if (label || item || amount !== null) {
      indirect.push({ label, item, amount });
      indirectRefs.push(r);
    }
  }
  prov('fundingFlow', flowRefs);
  if (indirect.length > 0) {
    project.indirectCosts = indirect;
    prov('indirectCosts', indirectRefs);
  }
  const hasGraph = r52.length > 0;
  const flowKind = (block: string | null): FlowKind | null => (!hasGraph || !block ? null : passesOn.has(block) ? 'passthrough' : 'direct');

  const contracts: NonNullable<ProjectRecord['contracts']> = [];
  const contractRefs: Ref[] = [];
  const blockInfo = new Map<string, { role: string | null; count: number | null; total: number | null; name: string | null }>();
  const blockSums = new Map<string, number>();

  if (r51.length > 0) {
    // 5-1: block × recipient × contract.
    const groups = new Map<string, { block: string | null; refs: Ref[]; corp: { number: string | null; valid: boolean | null } }>();
    for (const r of r51) {
      const block = text(cell(r, '支出先ブロック番号'));
      const name = text(cell(r, '支出先名'));
      if (block && !blockInfo.has(block)) {
        blockInfo.set(block, { name: text(cell(r, '支出先ブロック名')), role: text(cell(r, '事業を行う上での役割')), count: read(r, '支出先の数', int, 'spendingBlocks'), total: read(r, 'ブロックの合計支出額', yen, 'spendingBlocks') });
      }
      if (!name) continue;
      const c = corp(r, '法人番号', 'recipients');
      const key = `${block ?? ''}\u001f${c.number ?? normName(name)}`;
      const g = groups.get(key);
      if (g) g.refs.push(r);
      else groups.set(key, { block, refs: [r], corp: c });
      const description = text(cell(r, '契約概要'));
      const amount = read(r, '金額', yen, 'contracts');
      if (description || amount !== null) {
        contracts.push(contractOf(r, h, '支出先の契約', { block, name, corp: c, description, amount }));
        contractRefs.push(r);
      }
    }
    const rank = new Map<string, number>();
    const used: Ref[] = [];
    for (const g of groups.values()) {
      const f = g.refs[0]!;
      const c = g.corp;
      const totals = uniq(g.refs.map((r) => cell(r, '支出先の合計支出額') ?? '').filter((v) => !isBlank(v)));
      if (totals.length > 1) warn(f, 'recipients', `同じ支出先の合計支出額が行ごとに異なります。最初の値を採用しました (recipient total differs between rows): ${totals.join(' / ')}`);
      const amount = read(f, '支出先の合計支出額', yen, 'recipients') ?? (totals.length > 0 ? yen(totals[0]).value : null);
      const n = (rank.get(g.block ?? '') ?? 0) + 1;
      rank.set(g.block ?? '', n);
      const one = g.refs.length === 1 ? f : null;
      project.recipients.push({
        block: g.block,
        rank: n,
        name: text(cell(f, '支出先名'))!,
        corporateNumber: c.number,
        corporateNumberValid: c.valid,
        description: joinNonNull(g.refs.map((r) => text(cell(r, '契約概要'))), '／'),
        amount,
        contractMethod: one ? text(cell(one, '契約方式等')) : null,
        bidders: one ? (int(cell(one, '入札者数')).value ?? null) : null,
        winningBidRate: one ? bidRate(num(cell(one, '落札率')).value) : null,
        flowKind: flowKind(g.block),
        location: text(cell(f, '所在地')),
        corporateType: text(cell(f, '法人種別')),
      });
      used.push(...g.refs);
      if (g.block && amount !== null) blockSums.set(g.block, (blockSums.get(g.block) ?? 0) + amount);
    }
    prov('recipients', used);
  }

  // 5-3 費目・使途: always the expenses; the recipients too when there is no 5-1.
  const expenseRefs: Ref[] = [];
  const lineAmounts = new Map<Ref, number | null>();
  for (const r of r53) {
    const amount = read(r, '金額', yen, 'expenses');
    lineAmounts.set(r, amount);
    const item = text(cell(r, '費目'));
    const use = text(cell(r, '使途'));
    if (item || use || amount !== null) {
      project.expenses.push({ block: text(cell(r, '支出先ブロック番号')), recipient: text(cell(r, '支出先名')), item, use, amount });
      expenseRefs.push(r);
    }
  }
  prov('expenses', expenseRefs);
  if (r51.length === 0 && r53.length > 0) {
    // A recipient is a block × payee; its amount is the sum of its lines.
    const groups = new Map<string, { block: string | null; refs: Ref[]; amount: number | null; corp: { number: string | null; valid: boolean | null } }>();
    const used: Ref[] = [];
    for (const r of r53) {
      const block = text(cell(r, '支出先ブロック番号'));
      const name = text(cell(r, '支出先名'));
      const amount = lineAmounts.get(r) ?? null;
      if (!name) {
        if (amount !== null) warn(r, 'recipients', '支出先名のない金額の行は支出先に数えません (amount without a recipient name)');
        continue;
      }
      const c = corp(r, '法人番号', 'recipients');
      const key = `${block ?? ''}\u001f${c.number ?? normName(name)}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { block, refs: [], amount: null, corp: c }));
      g.refs.push(r);
      if (amount !== null) g.amount = (g.amount ?? 0) + amount;
      used.push(r);
    }
    const rank = new Map<string, number>();
    for (const g of groups.values()) {
      const f = g.refs[0]!;
      const n = (rank.get(g.block ?? '') ?? 0) + 1;
      rank.set(g.block ?? '', n);
      project.recipients.push({
        block: g.block,
        rank: n,
        name: text(cell(f, '支出先名'))!,
        corporateNumber: g.corp.number,
        corporateNumberValid: g.corp.valid,
        description: joinNonNull(g.refs.map((r) => text(cell(r, '契約概要'))), '／'),
        amount: g.amount,
        contractMethod: null,
        bidders: null,
        winningBidRate: null,
        flowKind: flowKind(g.block),
      });
      if (g.block && g.amount !== null) blockSums.set(g.block, (blockSums.get(g.block) ?? 0) + g.amount);
    }
    prov('recipients', used);
  }

  // 5-4: contracts under 国庫債務負担行為 (multi-year); listed, never summed into recipients.
  for (const r of r54) {
    const name = text(cell(r, '契約先名（国庫債務負担行為等による契約）'));
    const description = text(cell(r, '契約概要（契約名）（国庫債務負担行為等による契約）'));
    const amount = read(r, '契約額（国庫債務負担行為等による契約）', yen, 'contracts');
    if (!name && !description && amount === null) continue;
    const c = corp(r, '契約先の法人番号（国庫債務負担行為等による契約）', 'contracts');
    contracts.push(contractOf(r, h, '国庫債務負担行為等による契約', { block: text(cell(r, '支出先ブロック（国庫債務負担行為等による契約）')), name, corp: c, description, amount }));
    contractRefs.push(r);
  }
  // A 5-3 recipient whose single contract is listed in 5-4 (same block, same payee, same
  // contract name) takes that contract's method, bidders and rate; anything looser is a guess.
  if (r51.length === 0) {
    for (const rec of project.recipients) {
      if (!rec.description || rec.description.includes('／')) continue;
      const matches = contracts.filter(
        (c) => c.kind === '国庫債務負担行為等による契約' && c.block === rec.block && c.description !== null && normName(c.description) === normName(rec.description!) && ((c.corporateNumber && c.corporateNumber === rec.corporateNumber) || (c.name !== null && normName(c.name) === normName(rec.name))),
      );
      if (matches.length === 1) {
        rec.contractMethod = matches[0]!.contractMethod;
        rec.bidders = matches[0]!.bidders;
        rec.winningBidRate = matches[0]!.winningBidRate;
      }
    }
  }
  if (contracts.length > 0) {
    project.contracts = contracts;
    prov('contracts', contractRefs);
  }

  const blocks = new Set<string>([...blockNames.keys(), ...blockInfo.keys(), ...project.recipients.map((r) => r.block).filter((b): b is string => b !== null)]);
  if (blocks.size > 0) {
    project.spendingBlocks = [...blocks].sort(blockOrder).map((b) => {
      const info = blockInfo.get(b);
      return {
        block: b,
        name: info?.name ?? blockNames.get(b) ?? null,
        role: info?.role ?? null,
        recipientCount: info?.count ?? null,
        // 5-1 states the block total; from 5-3 it is the sum of the block's listed lines.
        total: info ? info.total : (blockSums.get(b) ?? null),
        passesOn: passesOn.has(b),
      };
    });
    prov('spendingBlocks', [...r52, ...r51].slice(0, 1).length > 0 ? (r51.length > 0 ? r51 : r52) : r53);
  }
}

/** `A` < `B` < … < `Z` < `AA`: block letters sort by length, then alphabetically. */
function blockOrder(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
