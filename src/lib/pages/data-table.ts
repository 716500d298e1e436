/**
 * The markup of every data table on the site (components/DataTable.astro prints it): the
 * numbers a chart is drawn from, and the record lists beside them. One place decides what
 * makes such a table accessible, so no page can forget a part of it:
 *  - a keyboard-scrollable region (`tabindex="0"`, `role="region"`, a name) around it, since a
 *    wide table scrolls sideways on a phone;
 *  - a `<caption>` naming the table and its unit;
 *  - `<th scope="col">` for every column, `<th scope="row">` for a row-header column;
 *  - numeric columns right-aligned (`class="num"` on the header and on every cell).
 *
 * A string, not a template, for the reason lib/pages/html.ts gives: the escaping is Astro's
 * own, so the output is byte-for-byte what the equivalent template printed. Pure.
 */
import { attrValue, text } from './html.ts';

const classAttr = (c: string | undefined) => (c ? ` class="${attrValue(c)}"` : '');

export interface DataColumn {
  /** The column header (plain text). */
  label: string;
  /** Amounts, counts, rates: right-aligned, header and cells. */
  numeric?: boolean;
  /** The cells name their row (年度, ブロック): `<th scope="row">`. */
  rowHeader?: boolean;
  /** A class for this column's body cells (`search-skip`, `nowrap`, …); a numeric column's is `num`. */
  cellClass?: string;
}

/** A cell: plain text (escaped), nothing (null, undefined, false), or markup made by `html`/`sub`/`link`. */
export type DataCell = string | number | null | undefined | false | Html;

/** Markup that is already escaped; make it only with the helpers below or lib/pages/html.ts. */
export interface Html {
  readonly html: string;
}

/**
 * A row: its cells, or its cells with a class on the row; `rowgroup` makes the first cell the
 * `<th scope="rowgroup">` heading a group of rows (a treemap's ministry above its projects).
 */
export type DataRow = readonly DataCell[] | { cells: readonly DataCell[]; class?: string; rowgroup?: boolean };

export interface DataTableSpec {
  /** The table's id (a chart's "この図のデータ" link points at it). */
  id?: string;
  /** The caption: what the table holds and its unit. */
  caption: string;
  /** The scroll region's name; the caption when not given. */
  label?: string;
  /** Classes besides `data` on the table (e.g. `checks`). */
  class?: string;
  columns: readonly DataColumn[];
  /** The rows, in one `<tbody>`; or `groups`, one `<tbody>` each. */
  rows?: readonly DataRow[];
  groups?: ReadonlyArray<readonly DataRow[]>;
}

/** Markup made of already-escaped pieces and plain text, concatenated in order. */
export function html(...parts: DataCell[]): Html {
  return { html: parts.map(cellHtml).join('') };
}

/** A small note after a value (`要求`, `ブロック合計`, `2023年度`), plain text or markup (a link to the sheet it names). */
export function sub(value: string | number | Html): Html {
  return { html: `<span class="sub">${cellHtml(value)}</span>` };
}

/** A link with a plain-text label, or one made by these helpers (`code`). */
export function link(href: string, label: string | number | Html): Html {
  return { html: `<a href="${attrValue(href)}">${cellHtml(label)}</a>` };
}

/** A file name or code in a cell. */
export function code(value: string): Html {
  return { html: `<code>${text(value)}</code>` };
}

/** A list in a cell (one item per year, say), each item plain text. */
export function list(items: ReadonlyArray<string>, className?: string): Html {
  return { html: `<ul${classAttr(className)}>${items.map((i) => `<li>${text(i)}</li>`).join('')}</ul>` };
}

function cellHtml(cell: DataCell): string {
  if (cell == null || cell === false) return '';
  if (typeof cell === 'object') return cell.html;
  return text(cell);
}

export function dataTableHtml(t: DataTableSpec): string {
  const head = t.columns.map((c) => `<th scope="col"${classAttr(c.numeric ? 'num' : undefined)}>${text(c.label)}</th>`).join('');
  const rowHtml = (row: DataRow) => {
    const cells = 'cells' in row ? row.cells : row;
    const group = 'cells' in row && row.rowgroup;
    let tr = `<tr${classAttr('cells' in row ? row.class : undefined)}>`;
    for (let i = 0; i < t.columns.length; i++) {
      const c = t.columns[i]!;
      const cls = classAttr(c.numeric ? 'num' : c.cellClass);
      if (group && i === 0) tr += `<th scope="rowgroup">${cellHtml(cells[i])}</th>`;
      else tr += c.rowHeader ? `<th scope="row"${cls}>${cellHtml(cells[i])}</th>` : `<td${cls}>${cellHtml(cells[i])}</td>`;
    }
    return `${tr}</tr>`;
  };
  const tbody = (rows: readonly DataRow[]) => `<tbody>${rows.map(rowHtml).join('')}</tbody>`;
  const body = t.groups ? t.groups.map(tbody).join('') : tbody(t.rows ?? []);
  const id = t.id ? ` id="${attrValue(t.id)}"` : '';
  return (
    `<div class="table-scroll" tabindex="0" role="region" aria-label="${attrValue(t.label ?? t.caption)}">` +
    `<table${id} class="${attrValue(t.class ? `data ${t.class}` : 'data')}"><caption>${text(t.caption)}</caption>` +
    `<thead><tr>${head}</tr></thead>${body}</table></div>`
  );
}
