/**
 * Code lists of coded columns: the meaning of each code, published with the data
 * (datapackage.json `categories`, the /data/ page, a `code_lists` table in DuckDB).
 *
 * 法人種別 (RS 5-1 / 5-4 `法人種別`, our `corporateType`) uses the 法人種別 codes of the
 * 国税庁 法人番号公表サイト (its Web-API and bulk-download specification). Checked against
 * the RS 2024 data itself: every name coded 301 contains 株式会社 (3,097 of 3,097 contracts in
 * 5-4), 302 有限会社 (13/13), 305 合同会社 (12/12), 201 are prefectures and municipalities,
 * 401 foreign companies, 399 foundations, associations and incorporated administrative
 * agencies, 499 councils and unions (test/opendata-codes.test.ts checks this on the sample).
 */
export interface CodeList {
  column: string;
  title: string;
  source: string;
  codes: Array<{ value: string; label: string }>;
}

export const CODE_LISTS: readonly CodeList[] = [
  {
    column: 'corporateType',
    title: '法人種別',
    source: '国税庁 法人番号公表サイトの「法人種別」コード（RS システムの法人種別の列はこのコード）',
    codes: [
      { value: '101', label: '国の機関' },
      { value: '201', label: '地方公共団体' },
      { value: '301', label: '株式会社' },
      { value: '302', label: '有限会社' },
      { value: '303', label: '合名会社' },
      { value: '304', label: '合資会社' },
      { value: '305', label: '合同会社' },
      { value: '399', label: 'その他の設立登記法人' },
      { value: '401', label: '外国会社等' },
      { value: '499', label: 'その他' },
    ],
  },
];

export function codeListOf(column: string): CodeList | null {
  return CODE_LISTS.find((l) => l.column === column) ?? null;
}
