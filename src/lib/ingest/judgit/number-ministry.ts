/**
 * The ministry a JUDGIT 事業番号 was numbered by (`2023-国交-22-0621` → 国土交通省), from the
 * abbreviations the sheets print. A sheet filed under one ministry but numbered by another
 * (a project handed over or run jointly: 17 files of 2015–2023, twelve 国交 sheets filed under
 * 厚生労働省 in 2023) would otherwise get the same id as that ministry's own sheet of the same
 * number — projectNumberSlug drops the ministry part — and one of the two was refused as a
 * duplicate and lost. Abbreviations not listed here leave the id as it was.
 */
import { ministrySlug } from '../../ministries.ts';

const ABBREVIATIONS: Readonly<Record<string, string>> = {
  官房: '内閣官房', 府: '内閣府', 復興: '復興庁', 警察: '警察庁', 金融: '金融庁', 消費: '消費者庁', デジ: 'デジタル庁',
  総務: '総務省', 法務: '法務省', 外務: '外務省', 財務: '財務省', 文科: '文部科学省', 厚労: '厚生労働省', 農水: '農林水産省',
  経産: '経済産業省', 国交: '国土交通省', 環境: '環境省', 原規: '原子力規制委員会', 防衛: '防衛省',
};

/** The slug of the ministry that numbered the sheet, when it is not the sheet's own ministry (nor its parent); else null. */
export function foreignNumberMinistry(projectNumber: string | null, sheetMinistry: string | null): string | null {
  if (!projectNumber || !sheetMinistry) return null;
  const abbr = /^\d{4}-([^-\d]+)-/.exec(projectNumber.normalize('NFKC'))?.[1];
  const name = abbr ? ABBREVIATIONS[abbr] : undefined;
  if (!name) return null;
  const numbered = ministrySlug(name);
  const own = ministrySlug(sheetMinistry);
  // 観光庁 (mlit-kanko) numbers its sheets 国交: a sub-agency under the numbering ministry is its own.
  return own === numbered || own.startsWith(`${numbered}-`) ? null : numbered;
}
