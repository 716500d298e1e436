/**
 * The 15 tables of the RS system CSV download (行政事業レビュー見える化サイト) and how to
 * recognise one from its header row. Recognition is by column names only, never by file
 * name: files get renamed, and the official headers drift between full- and half-width
 * parentheses (`翌年度への繰越し(合計）`), so every name is compared after `normalizeHeader`.
 * Column lists are the official 2024 header rows; 3-1 and 5-1 come from a schema dump of the
 * official files because the files themselves were not available (docs/rs-format.md says where
 * each list comes from).
 */

export type RsTableId = '1-1' | '1-2' | '1-3' | '1-4' | '1-5' | '2-1' | '2-2' | '3-1' | '3-2' | '4-1' | '5-1' | '5-2' | '5-3' | '5-4' | '6-1';

export interface RsTableDef {
  id: RsTableId;
  title: string;
  /** Official column names in official order (as written in the 2024 files). */
  columns: readonly string[];
}

/** NFKC, no whitespace, every dash-like character as `-`: `（合計）` = `(合計)`, `ー`/`－` = `-`. */
export function normalizeHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[ー‐‑‒–—―−ｰ]/g, '-');
}

const COMMON = ['シート種別', '事業年度', '予算事業ID', '事業名', '府省庁の建制順', '政策所管府省庁', '府省庁', '局・庁', '部', '課', '室', '班', '係'];
const COMMON_1_1 = ['シート種別', '事業年度', '予算事業ID', '事業名', '建制順', '所管府省庁', '府省庁', '局・庁', '部', '課', '室', '班', '係'];
const YEARS_3_1 = Array.from({ length: 2060 - 2007 + 1 }, (_, i) => String(2007 + i));

export const RS_TABLES: readonly RsTableDef[] = [
  { id: '1-1', title: '基本情報_組織情報', columns: [...COMMON_1_1, 'その他担当組織_作成責任者_no', '府省庁（その他担当組織）', '局・庁（その他担当組織）', '部（その他担当組織）', '課（その他担当組織）', '室（その他担当組織）', '班（その他担当組織）', '係（その他担当組織）', '作成責任者'] },
  { id: '1-2', title: '基本情報_事業概要等', columns: [...COMMON, '事業の目的', '現状・課題', '事業の概要', '事業概要URL', '事業区分', '事業開始年度', '開始年度不明', '事業終了（予定）年度', '終了予定なし', '主要経費', '備考', '実施方法ー直接実施', '実施方法ー補助', '実施方法ー負担', '実施方法ー交付', '実施方法ー分担金・拠出金', '実施方法ーその他', '旧事業番号', '整理表表示順'] },
  { id: '1-3', title: '基本情報_政策・施策、法令等', columns: [...COMMON, '番号（政策・施策）', '政策所管府省庁_P', '政策', '施策', '政策・施策URL', '番号（根拠法令）', '法令名', '法令番号', '法令ID', '条', '項', '号・号の細分', '番号（関係する計画・通知等）', '計画通知名', '計画通知等URL'] },
  { id: '1-4', title: '基本情報_補助率等', columns: [...COMMON, '番号（補助率等）', '補助対象', '補助率', '補助上限等', '補助率URL'] },
  { id: '1-5', title: '基本情報_関連事業', columns: [...COMMON, '番号（関連事業）', '関連事業の事業ID', '関連事業の事業名', '関連性'] },
  { id: '2-1', title: '予算・執行_サマリ', columns: [...COMMON, '予算年度', '当初予算（合計）', '補正予算（合計）', '前年度からの繰越し（合計）', '予備費等（合計）', '計（歳出予算現額合計）', '執行額（合計）', '執行率', '翌年度への繰越し(合計）', '翌年度要求額（合計）', '主な増減理由', 'その他特記事項', '会計区分', '会計', '勘定', '当初予算', '第1次補正予算', '第2次補正予算', '第3次補正予算', '第4次補正予算', '第5次補正予算', '前年度から繰越し', '予備費等1', '予備費等2', '予備費等3', '予備費等4', '歳出予算現額', '執行額', '翌年度要求額', '要望額', '備考'] },
  { id: '2-2', title: '予算・執行_予算種別・歳出予算項目', columns: [...COMMON, '予算年度', '会計区分', '会計', '勘定', '予算種別', '所管', '組織・勘定', '項', '目', '歳出予算項目の補足情報', '予算額（歳出予算項目ごと）', '翌年度要求額（歳出予算項目ごと）', '備考（歳出予算項目ごと）'] },
  { id: '3-1', title: '効果発現経路_目標・実績', columns: [...COMMON, '事業に関連するKPIが定められている閣議決定等の名称', '事業に関連するKPIが定められている閣議決定等の該当箇所', '事業に関連するKPIが定められている閣議決定等のURL', 'アクティビティ・アウトプット・アウトカムの番号', '種別（アクティビティ・アウトプット・アウトカム）', 'アウトカムの期間', '成果目標の種類', 'アクティビティ／活動目標／成果目標', '活動指標／成果指標', '単位', '改善の上向き／下向き', '成果実績及び目標値の根拠として用いた統計・データ名（出典）', '定性的なアウトカム目標を設定している理由', '定性的なアウトカムに関する成果実績', '目標年度／目標値／実績値／達成率', ...YEARS_3_1] },
  { id: '3-2', title: '効果発現経路_目標のつながり', columns: [...COMMON, '派生元ーアクティビティ・アウトプット・アウトカムの番号', '派生元ー種別（アクティビティ・アウトプット・アウトカム）', '派生元ーアウトカムの期間', '派生元ーアクティビティの内容/ 活動目標／成果目標', '派生先ーアクティビティ・アウトプット・アウトカムの番号', '派生先ー種別（アクティビティ・アウトプット・アウトカム）', '派生先ーアウトカムの期間', '派生先ー 活動目標／成果目標', '後続アウトカムへのつながり', 'アウトカムを複数段階で設定できない理由'] },
  { id: '4-1', title: '点検・評価', columns: [...COMMON, '事業所管部局による点検・改善ー点検結果', '事業所管部局による点検・改善ー改善の方向性', '事業所管部局による点検・改善－目標年度における効果測定に関する評価', '外部有識者による点検ー最終実施年度', '外部有識者による点検ー点検対象', '外部有識者による点検ー対象の理由', '外部有識者による点検ー所見', '公開プロセス結果概要', '行政事業レビュー推進チームの所見', '行政事業レビュー推進チームの所見の詳細', '所見を踏まえた改善点／概算要求における反映状況', '所見を踏まえた改善点／概算要求における反映状況の詳細', '反映額（一般会計）', '反映額（特別会計）－会計', '反映額（特別会計）－勘定', '反映額（特別会計）－反映額', '過去に受けた指摘事項－区分', '過去に受けた指摘事項－取りまとめ年度', '過去に受けた指摘事項－取りまとめ内容', '過去に受けた指摘事項－対応状況', 'その他の指摘事項－調査等の名称', 'その他の指摘事項－指摘年度', 'その他の指摘事項－指摘内容', 'その他の指摘事項－対応状況'] },
  { id: '5-1', title: '支出先_支出情報', columns: [...COMMON, '支出先ブロック番号', '支出先ブロック名', '支出先の数', '事業を行う上での役割', 'ブロックの合計支出額', '支出先名', '法人番号', '所在地', '法人種別', 'その他支出先', '支出先の合計支出額', '契約概要', '金額', '契約方式等', '具体的な契約方式等', '入札者数', '落札率', '一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（支出額10億円以上）', 'その他の契約'] },
  { id: '5-2', title: '支出先_支出ブロックのつながり', columns: [...COMMON, '支出元の支出先ブロック', '支出元の支出先ブロック名', '担当組織からの支出', '支出先の支出先ブロック', '支出先の支出先ブロック名', '資金の流れの補足情報', '国自らが支出する間接経費', '国自らが支出する間接経費の項目', '国自らが支出する間接経費の金額'] },
  { id: '5-3', title: '支出先_費目・使途', columns: [...COMMON, '支出先ブロック番号', '支出先名', '法人番号', '契約概要', '費目', '使途', '金額'] },
  { id: '5-4', title: '支出先_国庫債務負担行為等による契約', columns: [...COMMON, '支出先ブロック（国庫債務負担行為等による契約）', '契約先名（国庫債務負担行為等による契約）', '契約先の法人番号（国庫債務負担行為等による契約）', '契約先の所在地（国庫債務負担行為等による契約）', '契約先の法人種別（国庫債務負担行為等による契約）', '契約概要（契約名）（国庫債務負担行為等による契約）', 'その他の契約', '契約額（国庫債務負担行為等による契約）', '契約方式等（国庫債務負担行為等による契約）', '具体的な契約方式等（国庫債務負担行為等による契約）', '入札者数（応募者数）（国庫債務負担行為等による契約）', '落札率（％）（国庫債務負担行為等による契約）', '一者応札・一者応募又は競争性のない随意契約となった理由及び改善策（契約額10億円以上）（国庫債務負担行為等による契約）', 'その他の契約（国庫債務負担行為等による契約）'] },
  { id: '6-1', title: 'その他備考', columns: [...COMMON, '備考'] },
];

const COMMON_KEYS = new Set([...COMMON, ...COMMON_1_1].map(normalizeHeader));

/** Columns that identify a table: its own columns, without the shared identity block. */
const DISTINCTIVE = new Map(RS_TABLES.map((t) => [t.id, new Set(t.columns.map(normalizeHeader).filter((c) => !COMMON_KEYS.has(c)))]));

/** Required in every table: without them a row cannot be assigned to a project. */
export const KEY_COLUMNS = ['事業年度', '予算事業ID'] as const;

export interface Recognition {
  table: RsTableDef;
  /** Normalised official name → column index in this file. */
  index: Map<string, number>;
  /** Header cells of this file that the table definition does not know (original spelling). */
  unknown: string[];
  /** Official columns missing from this file (official spelling). */
  missing: string[];
}

/**
 * Which table is this header? The table with the most of its distinctive columns present
 * wins (a 5-1 header contains most 5-3 columns, but more of its own). Null when no table
 * matches at least half of its distinctive columns or the key columns are absent.
 */
export function recognizeTable(header: readonly string[]): Recognition | null {
  const norm = header.map(normalizeHeader);
  const present = new Set(norm);
  if (!KEY_COLUMNS.every((k) => present.has(normalizeHeader(k)))) return null;
  let best: { def: RsTableDef; hits: number; share: number } | null = null;
  for (const def of RS_TABLES) {
    const own = DISTINCTIVE.get(def.id)!;
    let hits = 0;
    for (const c of own) if (present.has(c)) hits++;
    const share = own.size === 0 ? 0 : hits / own.size;
    if (share < 0.5) continue;
    if (!best || hits > best.hits || (hits === best.hits && share > best.share)) best = { def, hits, share };
  }
  if (!best) return null;
  const def = best.def;
  // 1-1 says 建制順/所管府省庁 where the others say 府省庁の建制順/政策所管府省庁: accept either.
  const aliases = new Map<string, string>([
    [normalizeHeader('建制順'), normalizeHeader('府省庁の建制順')],
    [normalizeHeader('所管府省庁'), normalizeHeader('政策所管府省庁')],
  ]);
  const known = new Set(def.columns.map(normalizeHeader));
  const index = new Map<string, number>();
  const unknown: string[] = [];
  norm.forEach((c, i) => {
    if (index.has(c)) {
      unknown.push(`${header[i]} (重複した列 duplicate column)`);
      return;
    }
    if (known.has(c)) index.set(c, i);
    else if (aliases.has(c) && !known.has(c)) index.set(aliases.get(c)!, i);
    else unknown.push(header[i]!);
  });
  for (const [a, b] of aliases) if (known.has(a) && !index.has(a) && index.has(b)) index.set(a, index.get(b)!);
  const missing = def.columns.filter((c) => !index.has(normalizeHeader(c)));
  return { table: def, index, unknown, missing };
}
