/**
 * The one data-table component's markup (lib/pages/data-table.ts): every accessible part is
 * there, values are escaped exactly as Astro escapes them, and markup cells pass through.
 */
import { describe, expect, it } from 'vitest';
import { dataTableHtml, html, link, list, sub } from '../src/lib/pages/data-table.ts';

describe('dataTableHtml', () => {
  it('prints the scroll region, caption, scoped headers and numeric alignment', () => {
    const out = dataTableHtml({
      id: 'table-budget',
      caption: '予算額（単位: 百万円）',
      label: '予算の表',
      columns: [{ label: '年度', rowHeader: true }, { label: '当初予算', numeric: true }, { label: '備考', cellClass: 'search-skip' }],
      rows: [['令和5年度 (2023)', '1,234.5', null], ['令和6年度 (2024)', 0, '']],
    });
    expect(out).toBe(
      '<div class="table-scroll" tabindex="0" role="region" aria-label="予算の表"><table id="table-budget" class="data"><caption>予算額（単位: 百万円）</caption>' +
        '<thead><tr><th scope="col">年度</th><th scope="col" class="num">当初予算</th><th scope="col">備考</th></tr></thead>' +
        '<tbody><tr><th scope="row">令和5年度 (2023)</th><td class="num">1,234.5</td><td class="search-skip"></td></tr>' +
        '<tr><th scope="row">令和6年度 (2024)</th><td class="num">0</td><td class="search-skip"></td></tr></tbody></table></div>',
    );
  });

  it('names the region by the caption when no label is given, and adds extra table classes after `data`', () => {
    const out = dataTableHtml({ caption: '点検項目', class: 'checks', columns: [{ label: '観点' }], rows: [] });
    expect(out).toBe('<div class="table-scroll" tabindex="0" role="region" aria-label="点検項目"><table class="data checks"><caption>点検項目</caption><thead><tr><th scope="col">観点</th></tr></thead><tbody></tbody></table></div>');
  });

  it('escapes text as Astro does (& < > \' " in text; & " in attributes) and passes markup cells through', () => {
    const out = dataTableHtml({
      caption: 'A&B <x>',
      label: 'say "hi" & <b>',
      columns: [{ label: '名称' }, { label: '金額', numeric: true }, { label: '年度' }],
      rows: [[link('/recipients/a&b/', `O'Brien & "Co" <株>`), html('12', false, sub('ブロック合計')), list(['令和5年度: 1／2', '<b>'], 'plain')]],
    });
    expect(out).toBe(
      '<div class="table-scroll" tabindex="0" role="region" aria-label="say &quot;hi&quot; &amp; <b>"><table class="data"><caption>A&amp;B &lt;x&gt;</caption>' +
        '<thead><tr><th scope="col">名称</th><th scope="col" class="num">金額</th><th scope="col">年度</th></tr></thead><tbody><tr>' +
        '<td><a href="/recipients/a&amp;b/">O&#39;Brien &amp; &quot;Co&quot; &lt;株&gt;</a></td>' +
        '<td class="num">12<span class="sub">ブロック合計</span></td>' +
        '<td><ul class="plain"><li>令和5年度: 1／2</li><li>&lt;b&gt;</li></ul></td></tr></tbody></table></div>',
    );
  });

  it('prints groups as one <tbody> each, a group row heading its rows with scope="rowgroup"', () => {
    const out = dataTableHtml({
      caption: 'c',
      columns: [{ label: '府省庁／事業', cellClass: 'indent' }, { label: '予算額', numeric: true }],
      groups: [
        [{ cells: [html(link('/ministries/a/', 'A省'), '（計）'), '30'], class: 'group-row', rowgroup: true }, [link('/projects/x/', 'x'), '10'], [link('/projects/y/', 'y'), '20']],
        [{ cells: ['B省（計）', '5'], class: 'group-row', rowgroup: true }],
      ],
    });
    expect(out).toContain(
      '</thead><tbody><tr class="group-row"><th scope="rowgroup"><a href="/ministries/a/">A省</a>（計）</th><td class="num">30</td></tr>' +
        '<tr><td class="indent"><a href="/projects/x/">x</a></td><td class="num">10</td></tr><tr><td class="indent"><a href="/projects/y/">y</a></td><td class="num">20</td></tr></tbody>' +
        '<tbody><tr class="group-row"><th scope="rowgroup">B省（計）</th><td class="num">5</td></tr></tbody></table></div>',
    );
  });

  it('prints an empty cell for a row shorter than the columns (never "undefined")', () => {
    const out = dataTableHtml({ caption: 'c', columns: [{ label: 'a' }, { label: 'b', numeric: true }], rows: [['x']] });
    expect(out).toContain('<tr><td>x</td><td class="num"></td></tr>');
  });
});
