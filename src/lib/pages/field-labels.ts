/** Japanese names of record fields, for telling readers which parts could not be read. */
const LABELS: Record<string, string> = {
  projectNumber: '事業番号', name: '事業名', reviewYear: 'レビュー実施年度', ministry: '府省庁', bureau: '担当部局庁', division: '担当課室',
  responsible: '作成責任者', startYear: '事業開始年度', endYear: '事業終了（予定）年度', accountType: '会計区分', legalBasis: '根拠法令',
  relatedPlans: '関係する計画・通知等', mainPolicy: '主要政策・施策', mainExpense: '主要経費', purpose: '事業の目的', summary: '事業概要',
  implementation: '実施方法', policy: '政策・施策', budget: '予算・執行額', 'budget.request': '翌年度要求額', budgetBreakdown: '歳出予算目の内訳',
  outcomes: '成果目標', activities: '活動指標', unitCosts: '単位当たりコスト', recipients: '支出先', expenses: '費目・使途', fundingFlow: '資金の流れ',
  checks: '点検項目', externalOpinion: '外部有識者の所見', reviewTeam: '推進チームの所見', pastNumbers: '過去の事業番号',
  overview: '政策の概要', basicGoal: '基本目標', goals: '達成すべき目標', indicators: '測定指標', assessment: '測定結果', analysis: '評価結果', nextSteps: '次期目標等への反映',
};

export function fieldLabel(field: string): string {
  return LABELS[field] ?? field;
}
