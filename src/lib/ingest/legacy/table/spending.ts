/** 支出先上位10者リスト and 費目・使途 (the 資金の流れ blocks). */
import type { ProjectRecord, Recipient } from '../../../../schemas/index.ts';
import { parseAmountYen, isBlankOrDash } from '../../../normalize/amount.ts';
import { normalizeCorporateNumber } from '../../../normalize/corporate-number.ts';
import { type Ctx, MILLION, amount, firstCellIndex, firstKey, isEmptyRow, labelKey, number, prov, sectionOf, textCell, unitOf, warn } from './rows.ts';

/* ------------------------------------------------------------------ 支出先上位10者リスト */

export function parseRecipients(ctx: Ctx, rec: ProjectRecord): void {
  for (let r = 0; r < ctx.rows.length; r++) {
    const head = ctx.rows[r]!;
    const nameCol = head.keys.findIndex((k) => k === '支出先' || k === '支出先名');
    const numCol = head.keys.findIndex((k) => k === '法人番号');
    if (nameCol < 0 || numCol < 0) continue;
    const col = (re: RegExp) => head.keys.findIndex((k) => re.test(k));
    const descCol = col(/^(業務概要|契約概要)/);
    const amountCol = col(/^支出額/);
    const methodCol = col(/^契約方式/);
    const biddersCol = col(/^入札者数/);
    const rateCol = col(/^落札率/);
    const unit = amountCol >= 0 ? (unitOf(head.cells[amountCol]!) ?? MILLION) : MILLION;
    if (amountCol >= 0 && unitOf(head.cells[amountCol]!) === null) warn(ctx, 'recipients', '支出額の単位の記載がないため百万円とみなしました', head.line);
    // The block letter (A, B, …) is on a line of its own just above the table, or in the header's first cell.
    let block: string | null = /^([A-Z])[.．]?$/.exec(head.keys.slice(0, nameCol).find((k) => k !== '') ?? '')?.[1] ?? null;
    for (let b = r - 1; block === null && b >= Math.max(0, r - 4); b--) {
      const k = firstKey(ctx.rows[b]!);
      const m = /^([A-Z])[.．]?$/.exec(k);
      if (m) {
        block = m[1]!;
        break;
      }
      if (k !== '') break;
    }
    for (let q = r + 1; q < ctx.rows.length; q++) {
      const row = ctx.rows[q]!;
      if (isEmptyRow(row) || row.keys.every((k) => k === '' || /^-+$/.test(k))) continue;
      if (sectionOf(row) !== null || /^([A-Z])[.．]?$/.test(firstKey(row)) || row.keys.includes('支出先')) break;
      if (/チェック|別紙/.test(row.keys.join(''))) break;
      const at = (c: number) => (c >= 0 ? (row.cells[c] ?? '') : '');
      const name = textCell(ctx, at(nameCol));
      if (name === null) continue;
      const i = rec.recipients.length;
      const p = `recipients.${i}`;
      const rankCell = nameCol > 0 ? at(nameCol - 1) : '';
      const rank = /^\d{1,3}$/.test(labelKey(rankCell)) ? Number(labelKey(rankCell)) : null;
      const cn = normalizeCorporateNumber(at(numCol));
      // A listed recipient has its rank or a 法人番号; anything else is not a row of this table.
      if (rank === null && cn === null) {
        warn(ctx, 'recipients', `支出先の表の行として読めません (順位も法人番号もありません): "${name.slice(0, 30)}"`, row.line);
        continue;
      }
      if (cn === null && !isBlankOrDash(at(numCol))) warn(ctx, `${p}.corporateNumber`, `法人番号として読めません (13桁ではありません): "${at(numCol)}"`, row.line);
      if (cn && !cn.valid) warn(ctx, `${p}.corporateNumber`, `法人番号 ${cn.number} のチェックディジットが一致しません`, row.line);
      const bidders = number(ctx, at(biddersCol), `${p}.bidders`, row.line);
      const recipient: Recipient = {
        block,
        rank,
        name,
        corporateNumber: cn?.number ?? null,
        corporateNumberValid: cn ? cn.valid : null,
        description: textCell(ctx, at(descCol)),
        amount: amount(ctx, at(amountCol), unit, `${p}.amount`, row.line),
        contractMethod: textCell(ctx, at(methodCol)),
        bidders: bidders !== null && Number.isInteger(bidders) && bidders >= 0 ? bidders : null,
        winningBidRate: number(ctx, at(rateCol), `${p}.winningBidRate`, row.line),
      };
      if (bidders !== null && recipient.bidders === null) warn(ctx, `${p}.bidders`, `入札者数が整数ではありません: "${at(biddersCol)}"`, row.line);
      prov(ctx, p, row.line);
      prov(ctx, `${p}.name`, row.line);
      if (cn) prov(ctx, `${p}.corporateNumber`, row.line);
      rec.recipients.push(recipient);
    }
  }
}

/* ------------------------------------------------------------------ 費目・使途 (資金の流れ blocks) */

interface ExpenseBlock {
  block: string;
  recipient: string | null;
  itemCol: number;
  useCol: number;
  amountCol: number;
  unit: number;
  items: number[];
}

export function parseExpenses(ctx: Ctx, rec: ProjectRecord): void {
  const BLOCK = /^([A-Z])[.．]\s*(.*)$/;
  for (let r = 0; r < ctx.rows.length; r++) {
    const row = ctx.rows[r]!;
    const heads = row.cells.map((c, i) => ({ i, m: BLOCK.exec(c.normalize('NFKC').trim()) })).filter((x) => x.m !== null);
    if (heads.length === 0) continue;
    const next = ctx.rows[r + 1];
    if (!next) continue;
    const itemCols = next.keys.map((k, i) => (k === '費目' ? i : -1)).filter((i) => i >= 0);
    if (itemCols.length === 0) continue;
    const blocks: ExpenseBlock[] = heads.map((h, k) => {
      const itemCol = itemCols[k] ?? -1;
      const after = (re: RegExp) => next.keys.findIndex((x, i) => i > itemCol && re.test(x));
      const amountCol = after(/^金額/);
      return {
        block: h.m![1]!,
        recipient: textCell(ctx, h.m![2]),
        itemCol,
        useCol: after(/^(使途|用途)/),
        amountCol,
        unit: amountCol >= 0 ? (unitOf(next.cells[amountCol]!) ?? MILLION) : MILLION,
        items: [],
      };
    });
    if (blocks.length !== itemCols.length) warn(ctx, 'expenses', '費目・使途のブロック見出しと表の列が対応しません', row.line);
    for (let q = r + 2; q < ctx.rows.length; q++) {
      const d = ctx.rows[q]!;
      if (isEmptyRow(d)) break;
      if (d.cells.some((c) => BLOCK.test(c.normalize('NFKC').trim())) && ctx.rows[q + 1]?.keys.includes('費目')) break;
      if (sectionOf(d) !== null && sectionOf(d) !== 'expenses') break;
      // The template's footnote (`…さらに記載が必要な場合はチェックの上【別紙2】に記載`) ends the blocks.
      if (/別紙|チェック/.test(d.keys.join(''))) break;
      const totals = d.keys.map((k, i) => (k === '計' ? i : -1)).filter((i) => i >= 0);
      if (totals.length > 0) {
        // 計 rows drift between columns: pair the k-th 計 with the k-th block, amount = first number after it.
        totals.forEach((t, k) => {
          const b = blocks[k];
          if (!b) return;
          const end = totals[k + 1] ?? d.cells.length;
          const cell = d.cells.slice(t + 1, end).find((c) => c !== '');
          if (cell === undefined) return;
          const total = parseAmountYen(cell, b.unit);
          if (!total.ok || total.value === null) return;
          const sum = b.items.reduce((s, i) => s + (rec.expenses[i]!.amount ?? 0), 0);
          if (b.items.length > 0 && sum !== total.value) warn(ctx, 'expenses', `費目・使途 ${b.block} の計 ${cell} が明細の合計と一致しません`, d.line);
        });
        if (d.keys[firstCellIndex(d)] === '計' || totals.length >= blocks.length) continue;
      }
      if (sectionOf(d) === 'expenses') continue;
      for (const b of blocks) {
        if (b.itemCol < 0) continue;
        const item = textCell(ctx, d.cells[b.itemCol]);
        const use = b.useCol >= 0 ? textCell(ctx, d.cells[b.useCol]) : null;
        const cell = b.amountCol >= 0 ? (d.cells[b.amountCol] ?? '') : '';
        if (item === null && use === null && isBlankOrDash(cell)) continue;
        if (item === '計') continue;
        const i = rec.expenses.length;
        rec.expenses.push({ block: b.block, recipient: b.recipient, item, use, amount: amount(ctx, cell, b.unit, `expenses.${i}.amount`, d.line) });
        prov(ctx, `expenses.${i}`, d.line);
        b.items.push(i);
      }
    }
  }
}
