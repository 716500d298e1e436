/**
 * Every page type of the built sample (test/global-setup.ts builds the bundled sources):
 * the right numbers in the right places, links between records, provenance anchors,
 * search markup only where it belongs, and lists that cover every record.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_DIST, TEST_RECORDS } from './paths.ts';
import type { MeasureRecord, MinistryRecord, ProjectRecord, RecipientRecord } from '../src/schemas/index.ts';
import type { EvaluationRecord } from '../src/schemas/evaluation.ts';
import type { IngestReport } from '../src/schemas/report.ts';
import { fiscalYearLabel } from '../src/lib/format/index.ts';

const page = (path: string) => readFileSync(join(TEST_DIST, path, 'index.html'), 'utf8');
const records = <T>(dir: string): T[] =>
  existsSync(join(TEST_RECORDS, dir)) ? readdirSync(join(TEST_RECORDS, dir)).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(TEST_RECORDS, dir, f), 'utf8')) as T) : [];
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim();
/** The rows of the table with this id, as arrays of cell texts. */
function tableRows(html: string, id: string): string[][] {
  const m = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!m) throw new Error(`no table #${id}`);
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(m[1]!)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!)));
}
const count = (html: string, needle: string) => html.split(needle).length - 1;

const projects = records<ProjectRecord>('projects');
const evaluations = records<EvaluationRecord>('evaluations');
const measures = records<MeasureRecord>('measures');
const ministries = records<MinistryRecord>('ministries');
const recipients = records<RecipientRecord>('recipients');

describe('a project page (seed 003, 自治体AI共同開発推進事業, 令和3年度)', () => {
  const id = '2021-soumu-20-0094';
  const html = page(`projects/${id}`);

  it('names the project and its year', () => {
    expect(html).toMatch(/<h1>自治体AI共同開発推進事業<\/h1>/);
    expect(html).toContain('<title>自治体AI共同開発推進事業（令和3年度 (2021)） | 行政事業レビュー オープンデータ</title>');
  });

  it('puts the sheet budget figures in the budget table in 百万円', () => {
    const rows = tableRows(html, 'table-budget');
    const fy2020 = rows.find((r) => r[0] === '令和2年度 (2020)');
    // 当初 296, 計 296, 執行額 286, 執行率 97% — as printed in the seed sheet.
    expect(fy2020).toEqual(['令和2年度 (2020)', '296', '－', '－', '－', '296', '286', '97%', '－']);
    expect(html).toContain('予算額・執行額（単位: 百万円）');
  });

  it('shows key figures with their unit and year', () => {
    expect(text(html)).toContain('執行額（令和2年度 (2020)） 2.9億円 執行率 97%');
  });

  it('draws the budget chart with a title, a summary in words and a link to its table', () => {
    const fig = /<figure class="chart" id="chart-budget">([\s\S]*?)<\/figure>/.exec(html)![1]!;
    expect(fig).toContain('予算と執行額の推移');
    expect(text(fig)).toContain('令和2年度 (2020)は予算3億円に対して執行額2.9億円、執行率は97%でした。');
    expect(fig).toMatch(/<svg[^>]*role="img"[^>]*aria-label="予算と執行額の推移。/);
    expect(fig).toContain('href="#table-budget"');
    expect(count(fig, '<rect')).toBeGreaterThanOrEqual(2);
  });

  it('compares the outcome target with the actual', () => {
    expect(text(html)).toContain('に目標300に対し実績535（目標の178.3%）でした。');
    expect(tableRows(html, 'table-outcome-1').find((r) => r[0] === '令和2年度 (2020)')).toEqual(['令和2年度 (2020)', '300', '535', '178.3%']);
  });

  it('lists recipients with 法人番号, amount, bidders and 落札率, linking to their pages', () => {
    expect(html).toContain('href="/recipients/1010001143390/">株式会社エヌ・ティ・ティ・データ経営研究所</a>');
    const row = /<tr>\s*<td>A<\/td>\s*<td><a href="\/recipients\/1010001143390\/">[\s\S]*?<\/tr>/.exec(html)![0];
    expect(text(row)).toContain('1 0100 0114 3390');
    expect(text(row)).toContain('286');
    expect(text(row)).toContain('99.7%');
  });

  it('links to its ministry, its measure and its own JSON/CSV', () => {
    expect(html).toContain('href="/ministries/soumu/"');
    expect(html).toContain('href="/measures/soumu-e50017b8/">情報通信技術高度利活用の推進</a>');
    expect(html).toContain('href="/data/projects/2021-soumu-20-0094.json"');
    expect(html).toContain('href="/data/projects/2021-soumu-20-0094.csv"');
  });

  it('shows the verdict of the review team', () => {
    const p = projects.find((x) => x.id === id)!;
    expect(p.reviewTeam.verdict).toBeTruthy();
    expect(text(html)).toContain(`判定: ${p.reviewTeam.verdict}`);
  });

  it('shows the original text with one anchor per line, and every provenance link lands on one', () => {
    const p = projects.find((x) => x.id === id)!;
    const source = JSON.parse(readFileSync(join(TEST_RECORDS, 'sources', `${id}.json`), 'utf8')) as { lines: string[] };
    expect(count(html, '<li id="L')).toBe(source.lines.length);
    expect(p.source.lineCount).toBeGreaterThan(200);
    const targets = [...html.matchAll(/class="prov">出典: ([\s\S]*?)<\/p>/g)].flatMap((m) => [...m[1]!.matchAll(/href="#(L\d+)"/g)].map((x) => x[1]!));
    expect(targets.length).toBeGreaterThanOrEqual(8);
    for (const t of targets) expect(html).toContain(`id="${t}"`);
    // The budget section points at the lines of the budget block in the seed.
    const budgetProv = p.provenance.budget as [number, number];
    expect(html).toContain(`href="#L${budgetProv[0]}"`);
  });
});

describe('every project page', () => {
  const order = ['identity', 'purpose', 'budget', 'outcomes', 'unit-costs', 'checks', 'flow', 'expenses', 'recipients', 'related', 'source'];
  it.each(projects.map((p) => [p.id, p] as const))('%s has every section in reading order', (id) => {
    const html = page(`projects/${id}`);
    const positions = order.map((s) => html.indexOf(`<section id="${s}"`));
    expect(positions.every((x) => x > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it.each(projects.map((p) => [p.id, p] as const))('%s has one search body with its metadata, outside nav and footer', (id, p) => {
    const html = page(`projects/${id}`);
    expect(count(html, 'data-pagefind-body')).toBe(1);
    expect(count(html, 'data-pagefind-meta="title"')).toBe(1);
    const body = html.slice(html.indexOf('data-pagefind-body'), html.indexOf('</article>'));
    expect(body).toContain('data-pagefind-meta="title">' + p.name.replace(/&/g, '&amp;'));
    expect(body).not.toContain('<footer');
    expect(html.indexOf('<nav aria-label="サイト内">')).toBeLessThan(html.indexOf('data-pagefind-body'));
  });

  it('says plainly when a document was only partly structured, and shows its text', () => {
    const partial = projects.filter((p) => p.warnings.some((w) => w.field === '(document)') || p.budget.length === 0);
    for (const p of partial) {
      const html = page(`projects/${p.id}`);
      expect(html).toMatch(/一部しか構造化できていません|読み取れませんでした/);
      expect(html).toContain('<li id="L1">');
    }
  });
});

describe('the measure page', () => {
  const m = measures.find((x) => x.evaluationIds.length > 0 && x.projectIds.length > 1)!;
  const html = page(`measures/${m.id}`);
  const e = evaluations.find((x) => x.id === m.evaluationIds[0])!;

  it('is the measure with an evaluation and projects (情報通信技術高度利活用の推進)', () => {
    expect(m.name).toBe('情報通信技術高度利活用の推進');
    expect(html).toContain(`<h1>${m.name}</h1>`);
  });

  it('shows each evaluation with its full indicator table and explains the marks', () => {
    expect(html).toContain(`<section id="${e.id}"`);
    expect(tableRows(html, `${e.id}-indicators`)).toHaveLength(e.indicators.length);
    expect(e.indicators.length).toBeGreaterThan(10);
    for (const mark of ['イ', 'ロ', 'ハ', '－']) expect(html).toContain(`<dt>${mark}</dt>`);
    expect(text(html)).toContain('目標を達成した');
  });

  it('lists every project under it with budget and execution, and totals by year', () => {
    // One table per review year (#16), newest first; together they hold every project once.
    const ids = [...html.matchAll(/<table id="(table-projects(?:-\d{4})?)"/g)].map((x) => x[1]!);
    const rows = ids.flatMap((id) => tableRows(html, id));
    expect(rows).toHaveLength(m.projectIds.length);
    for (const pid of m.projectIds) expect(html).toContain(`href="/projects/${pid}/"`);
    const ai = rows.find((r) => r[0]!.startsWith('自治体AI共同開発推進事業'))!;
    expect(ai.slice(2)).toEqual(['0 2021年度', '286 2020年度', '97%']);
    expect(tableRows(html, 'table-totals').find((r) => r[0] === '令和2年度 (2020)')?.slice(0, 3)).toEqual(['令和2年度 (2020)', '296', '286']);
  });

  it('has a spending-by-project chart', () => {
    expect(html).toContain('id="chart-projects"');
    expect(html).toContain('事業別の予算額');
  });
});

describe('the ministry page', () => {
  const m = ministries.find((x) => x.id === 'soumu')!;
  const html = page('ministries/soumu');
  it('counts all its projects, lists the latest review year\'s and links each year\'s page, which together list every project once', () => {
    expect(html).toContain(`data-testid="ministry-project-count">${m.projectIds.length}件`);
    const own = projects.filter((p) => p.ministryId === 'soumu');
    const years = [...new Set(own.map((p) => p.reviewYear!))].sort();
    const latest = years.at(-1)!;
    expect(years.length).toBeGreaterThan(1);
    // The main page holds the latest year's sheets only (a decade of 環境省 is ~3,000).
    expect(tableRows(html, 'table-projects')).toHaveLength(own.filter((p) => p.reviewYear === latest).length);
    const listed: string[] = [];
    for (const y of years) {
      expect(html).toContain(`href="/ministries/soumu/${y}/"`);
      const yearPage = page(`ministries/soumu/${y}`);
      listed.push(...[...(/<table[^>]*id="table-projects"[\s\S]*?<\/table>/.exec(yearPage)![0]).matchAll(/href="\/projects\/([^/]+)\/"/g)].map((x) => x[1]!));
    }
    expect(listed.sort()).toEqual(own.map((p) => p.id).sort());
    for (const id of m.measureIds) expect(html).toContain(`href="/measures/${id}/"`);
  });
  it('has totals by year with a chart', () => {
    expect(html).toContain('id="chart-totals"');
    const fy2020 = tableRows(html, 'table-totals').find((r) => r[0] === '令和2年度 (2020)')!;
    // 286 from seed 003 plus 2 of 地方議会の活性化に要する経費 (JUDGIT sample, 2021 sheet's FY2020 執行額);
    // the chain's older sheets repeat FY2020 but count once (one project, newest edition).
    expect(fy2020[2]).toBe('288');
  });
});

describe('the recipient page', () => {
  const r = recipients.find((x) => x.id === '1010001143390')!;
  const html = page(`recipients/${r.id}`);
  it('shows every payment with its project, year and ministry, and the totals by kind', () => {
    expect(html).toContain(`<h1>${r.name}</h1>`);
    const rows = tableRows(html, 'table-payments');
    expect(rows).toHaveLength(r.payments.length);
    // The seed 003 payment (株式会社エヌ・ティ・ティ・データ経営研究所, 286 百万円) is among them.
    const seed = r.payments.find((p) => p.projectId === '2021-soumu-20-0094')!;
    expect(seed.amount).toBe(286_000_000);
    expect(rows).toContainEqual(['令和3年度 (2021)', '総務省', '自治体AI共同開発推進事業', 'A', seed.description, seed.contractMethod, seed.flowKind === 'direct' ? '直接の支出' : seed.flowKind === 'passthrough' ? '再配分される資金' : '区分不明', '286']);
    expect(html).toContain('href="/projects/2021-soumu-20-0094/"');
    // Totals by kind add up to the sum of the payments.
    const sum = r.payments.reduce((a, p) => a + (p.amount ?? 0), 0);
    expect(r.totalDirect + r.totalPassthrough + r.totalUnknown).toBe(sum);
    const summary = tableRows(html, 'table-summary');
    const fy2021 = summary.find((row) => row[0] === '令和3年度 (2021)' && row[1] === '総務省')!;
    expect(fy2021.slice(2, 5).map((x) => (x === '−' ? 0 : Number(x.replace(/,/g, '')))).reduce((a, b) => a + b, 0)).toBe(286);
  });
  it('writes 「−」, not 0, for 直接 and 再配分 where a year and ministry give no split (JUDGIT! years)', () => {
    let unsplitRows = 0;
    for (const rec of recipients) {
      const h = page(`recipients/${rec.id}`);
      for (const row of tableRows(h, 'table-summary')) {
        const mine = rec.payments.filter((p) => fiscalYearLabel(p.reviewYear) === row[0] && p.ministry === row[1] && (p.amount ?? 0) !== 0);
        const unsplit = mine.length > 0 && mine.every((p) => p.flowKind === null);
        expect(row.slice(2, 4), `${rec.id} ${row[0]} ${row[1]}`).toEqual(unsplit ? ['−', '−'] : [expect.not.stringMatching(/−/), expect.not.stringMatching(/−/)]);
        if (unsplit) unsplitRows++;
      }
      expect(h.includes('「−」: その年度・府省庁のシートは直接の支出と再配分される資金を区別していません')).toBe(tableRows(h, 'table-summary').some((row) => row[2] === '−'));
    }
    expect(unsplitRows).toBeGreaterThan(0);
  });
  it('flags a 法人番号 only where its check digit fails', () => {
    for (const rec of recipients) {
      const h = page(`recipients/${rec.id}`);
      expect(h.includes('チェックディジット不一致')).toBe(rec.corporateNumberValid === false);
    }
  });
});

describe('home, about and lists', () => {
  it('home gives totals and the ways in', () => {
    const html = page('');
    expect(html).toContain(`data-testid="home-projects">${projects.length}件`);
    for (const href of ['/ministries/', '/measures/', '/projects/', '/recipients/', '/search/', '/data/']) expect(html).toContain(`href="${href}"`);
    expect(html).toContain('予算額の大きい事業');
  });
  it("home's source list names every file's format, JUDGIT! JSON included (its cell was empty)", () => {
    const html = page('');
    const formats = tableRows(html, 'table-sources').map((cells) => cells[2]);
    const report = JSON.parse(readFileSync(join(TEST_RECORDS, 'report.json'), 'utf8')) as IngestReport;
    expect(formats.length).toBe(report.files.length);
    expect(formats.filter((f) => f === 'JUDGIT! JSON').length).toBe(report.files.filter((f) => f.layout === 'judgit-json').length);
    expect(formats.filter((f) => f === 'JUDGIT! JSON').length).toBeGreaterThan(0);
    expect(formats).not.toContain('');
  });
  it("home counts the source files by kind, format and state, and the counts add up to every file", () => {
    const html = page('');
    const rows = tableRows(html, 'table-source-counts');
    const report = JSON.parse(readFileSync(join(TEST_RECORDS, 'report.json'), 'utf8')) as IngestReport;
    const total = (cells: string[]) => Number(cells[6]);
    expect(rows.reduce((a, cells) => a + total(cells), 0)).toBe(report.files.length);
    for (const cells of rows) expect(Number(cells[2]) + Number(cells[3]) + Number(cells[4]) + Number(cells[5])).toBe(total(cells));
    const judgit = rows.find((cells) => cells[1] === 'JUDGIT! JSON');
    expect(judgit && total(judgit)).toBe(report.files.filter((f) => f.layout === 'judgit-json').length);
  });
  it('about has sources, licence, caveats and the glossary', () => {
    const t = text(page('about'));
    for (const term of ['執行率', '不用', '繰越し', '一者応札', '落札率', '成果目標', '外部有識者', '推進チームの所見']) expect(t).toContain(term);
    expect(t).toContain('政府標準利用規約（第2.0版）');
    expect(t).toContain('CC BY 4.0');
    expect(t).toContain('すべての支出を網羅していません');
  });
  it('lists link every record, each in the list of its review year, and carry no search body', () => {
    const p = page('projects');
    // The front page is the latest review year's list; every year has its own URL.
    const latest = Math.max(...projects.map((x) => x.reviewYear ?? 0));
    expect(p).toContain(`<link rel="canonical" href="/projects/year/${latest}/">`);
    for (const x of projects) {
      if (x.reviewYear == null) expect(p).toContain(`href="/projects/${x.id}/"`);
      else expect(page(`projects/year/${x.reviewYear}`)).toContain(`href="/projects/${x.id}/"`);
      if (x.reviewYear === latest) expect(p).toContain(`href="/projects/${x.id}/"`);
      else expect(p).not.toContain(`href="/projects/${x.id}/"`);
    }
    const r = page('recipients');
    for (const x of recipients) {
      for (const y of new Set(x.payments.map((pay) => pay.reviewYear))) expect(page(`recipients/year/${y}`)).toContain(`href="/recipients/${x.id}/"`);
    }
    const m = page('measures/all');
    for (const x of measures) expect(m).toContain(`href="/measures/${x.id}/"`);
    const mi = page('ministries');
    for (const x of ministries) expect(mi).toContain(`href="/ministries/${x.id}/"`);
    for (const html of [p, r, m, mi, page(''), page('about')]) expect(html).not.toContain('data-pagefind-body');
  });
  it('every page has the same navigation, in Japanese, and makes no external requests', () => {
    const paths = ['', 'about', 'projects', 'measures', 'ministries', 'recipients', `projects/${projects[0]!.id}`, `measures/${measures[0]!.id}`, 'ministries/soumu', `recipients/${recipients[0]!.id}`];
    for (const path of paths) {
      const html = page(path);
      expect(html).toMatch(/<html lang="ja">/);
      const nav = /<nav aria-label="サイト内">([\s\S]*?)<\/nav>/.exec(html)![1]!;
      expect([...nav.matchAll(/<a [^>]*>([^<]+)<\/a>/g)].map((x) => x[1])).toEqual(['事業', '施策', '府省庁', '支出先', '検索', 'データ', 'このサイトについて']);
      expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    }
  });
});
