import { describe, expect, it } from 'vitest';
import { parseEvaluation } from '../src/lib/ingest/legacy/evaluation/index.ts';
import { EvaluationRecord, Indicator } from '../src/schemas/index.ts';
import { inputOf, seedInput, seedText, shuffleLines, shuffleRuns, sjisCrlfInput } from './fixtures/textflow/seeds.ts';

const M = 1_000_000;

const EXPECTED_BUDGET = [
  { fiscalYear: 2016, initial: 6208 * M, supplementary: 7536 * M, carryover: -5491 * M, total: 8253 * M, executed: 7432 * M, isRequest: false },
  { fiscalYear: 2017, initial: 4971 * M, supplementary: 2519 * M, carryover: 4992 * M, total: 12482 * M, executed: 11378 * M, isRequest: false },
  { fiscalYear: 2018, initial: 6167 * M, supplementary: 3989 * M, carryover: -1357 * M, total: 8799 * M, executed: 8201 * M, isRequest: false },
  { fiscalYear: 2019, initial: 5490 * M, supplementary: null, carryover: null, total: null, executed: null, isRequest: false, unexecuted: true },
];

/**
 * Numbered indicators: the number in the same run as the name (4, 7, 13, 32), or in the run just
 * before it and confirmed by the 評価結果 text about that number, or (1, 17: no number run of their
 * own) named by the 評価結果 `・測定指標１については、…国内生産額に占めるICT産業…` /
 * `・測定指標17について、ICTによる地球温暖化対策に関するITU-T（電気通信標準化部門）…`, which
 * repeats the name. Checked by hand against the document.
 */
const NUMBERED: Array<[string, string]> = [
  ['1', '国内生産額に占めるICT産業の割合'],
  ['4', '４Ｋ・８Ｋ放送の実現（４Ｋ・８Ｋ放送の実現メディア数）'],
  ['6', '国・地方公共団体・公益事業者等が保有するデータの利活用を促進するためのモデル・ガイドラインの確立'],
  ['7', '地方公共団体におけるオープンデータ取組率'],
  ['10', '自治体の業務システムにおける多様なクラウド活用を可能とする情報連携に係る技術仕様の策定'],
  ['11', '・適時適切な情報通信政策の立案・遂行に資するためにマクロの視点から実施した調査結果を分析・活用した情報通信白書及びIoT国際競争力指標の公表、並びにICT産業の担い手である企業者と政策立案者との意見交換等をグローバルに実施する国際会議の開催及びIoTの推進及び社会実装に向けた課題の把握・整理・分析\n・国民の情報リテラシーの向上、情報通信政策の普及'],
  ['13', 'ICTを活用した街づくりの普及展開等を実施'],
  ['14', 'いつでも、どこでも、端末やOSを選ばす、多様なデジタル教材を低コストで利用可能な「教育クラウド・プラットフォーム」の技術標準の確立及び普及活動の実施'],
  ['17', '（1）ICTによる地球温暖化対策に関する ITU-T※（電気通信標準化部門）の今期研究会期（平成25年度～平成28年度）標準化活動における勧告等\n（2）ITU-Tの今期研究会期(平成25年度～平成28年度)標準化活動における我が国側からの寄書提案数及び勧告又は勧告見込件数（平成28年９月30日追記（注）)'],
  ['19', '視聴覚障害者等のための放送視聴支援事業により開発された技術を恒常的に活用することを目指し、当該技術を試験的に利用する放送事業者数'],
  ['21', '対象の放送番組（※1）の放送時間に占める\n(1)字幕放送時間の割合\n(2)解説放送（※2）時間の割合'],
  ['23', '競技会場におけるICTを利活用した避難誘導の仕組みを構築し、普及展開を図る'],
  ['26', '高齢者世代のインターネット利用率\n(1) 60代のインターネット利用率\n(2) 70代のインターネット利用率'],
  ['29', '交通系ICカード、スマートフォン、デジタルサイネージ等と共通クラウド基盤を連携・活用し、個人の属性情報に応じた情報提供や各種サービス連携を実施'],
  ['30', 'マイナンバーカード（公的個人認証サービス）の官民における利活用推進のための取組の実施'],
  ['32', 'Ｌアラートを運用している都道府県の割合'],
];

/**
 * Names whose number stands in another run and is not confirmed by the 評価結果 text (5, 8, 9,
 * 16, 20, 22, 24, 25, 27, 31, 33, 34), or comes after its name (2, 3) or is garbled (`イ28`), and 12,
 * 15, 18 (no number run at all; 15 and 18 glued to the end of the run before, after its `。`):
 * kept with a null number.
 */
const UNNUMBERED = [
  'IoTサービスの創出・展開に当たって克服すべき課題の解決に資するデータ利活用の促進等に必要なルール（法律、条例、ガイドライン、規格等）の明確化等の件数',
  'IoTサービスの創出・展開に当たって克服すべき課題の解決に資する参照モデルの構築数',
  '放送コンテンツの海外展開の促進（放送コンテンツ関連海外売上高）',
  'テレワークの普及啓発の実施\n（1）テレワーク導入企業の割合(常用雇用者100人以上の企業)\n（2）全労働者数に占める週１日以上終日在宅で就業する雇用型テレワーカー数の割合',
  'ブロックチェーン技術の導入に向けた取組の実施\n（１）実証したユースケース\n（２）ブロックチェーン技術の導入に向けた運用面、ルール面及び技術面の課題整理\n（３）ユースケースにおける、従来型のデータベース技術を用いた業務と比較した業務に要するコスト削減率',
  '医療・介護・健康分野におけるICTを利活用したICTシステムに関する技術仕様等の策定、モデルの確立',
  '「プログラミング教育の効果的・効率的実施モデル」の確立及び普及に向けた取組状況',
  '地域で子供・学生、社会人、高齢者等がプログラミング等のICTを楽しく学び合い、新しい時代の絆を創るための仕組み（地域ICTクラブ）を構築',
  '障害者・高齢者向けのICTサービスの充実\n(1)総務省「地方自治情報管理概要」による地方公共団体のJISへの準拠率\n(2)「デジタル・ディバイド解消に向けた技術等研究開発支援」事業で３年以上前に終了した案件の事業化率',
  '全省庁統一参加資格審査のためのシステム及び、電気通信行政情報システムの稼働率',
  '教職員が利用する「校務系システム」と、児童生徒も利用する「授業・学習系システム」間の、安全かつ効果的・効率的な情報連携等（スマートスクール・プラットフォーム）に係る標準仕様（１件）',
  'ICT利活用の新たなニーズやその制度的・技術的課題等に関する調査研究の実施',
  '（1）電子署名及び認証業務に係る技術的課題の分析の実施\n（2）電子署名に関する技術の最新情報を周知するセミナーの実施、及びその満足度',
  '地方公共団体において生活に身近な分野でのIoTを活用した取組を創出した数',
  'スマートフォン上の個々のアプリにおける利用者情報の取扱いについてアプリ開発者以外の第三者が検証する仕組みを確立',
  '地理空間情報や衛星測位を活用した防災システム等の普及啓発及び普及展開の実施',
  '情報信託機能等を用いてデータ利活用を行うに当たり必要なルールの整備',
  'IoT時代のネットワークを運用・管理する人材の育成を実施し、技術者を輩出する。',
];

/**
 * Each indicator's kind, mark, baseline and target, in the parser's order (numbered first, then by
 * line), with the evidence read by hand in the seed (line numbers of the seed file). `P` = the page's
 * marks count equals its names and the marks left over are all the same; `R` = the mark's run also
 * holds text only this name shares; `T` = the mark run comes right after this indicator's 目標 cell.
 * Baseline/target: runs ending in 【年度】 that share wording with this name only; earlier = 基準.
 */
type Cells = [number: string | null, name: string, kind: string | null, achievement: string | null, baseline: string | null, target: string | null, targetYear: number | null];
const CELLS: Cells[] = [
  ['1', '国内生産額に占めるICT産業の割合', 'アウトカム', 'イ', null, null, null], // P: page 67–275 has 3 names, marks イ 134/159/214; target 全産業中最大規模を維持 shares no wording
  ['4', '４Ｋ・８Ｋ放送の実現', 'アウトカム', 'イ', null, null, null], // P (page 278–462: 5 R, 7 T, left イ 422/431); 基準/目標 cells split over two runs (360/363, 335/339): not published
  ['6', '国・地方公共団体・公益事業者等', 'アウトプット', 'イ', null, null, null], // P; its 目標 run 424 shares wording with 7's name too (オープンデータ)
  ['7', '地方公共団体におけるオープンデータ取組率', null, '－', '地方公共団体のオープンデータ取組率：16（％）【平成29年度】', '地方公共団体のオープンデータ取組率：100（％）', 2020], // kind ＜アウトプカム指標＞ misspelt; T: － 449 after 目標 445–447
  ['10', '自治体の業務システム', 'アウトプット', 'イ', '従来の自治体内に設置しているシステムとクラウド間や、クラウド間における自治体業務システムの情報連携等に係る技術仕様策定のための実証事業を実施。【平成27年度】', '住民サービスの向上に資する多様なクラウド活用を可能とする情報連携に係る技術仕様の策定。', 2016], // R+T: イ 525 with ｢多様なクラウド…自治体業務システム…
  ['11', '・適時適切な情報通信政策', null, 'イ', null, null, null], // kind: アウトプット and アウトカム parts; P (page 647–1280: 9 names, 9 marks; 13 －, 14 イ, 16 － tied; 7 イ left)
  ['13', 'ICTを活用した街づくり', 'アウトプット', '－', 'これまでのICT街づくり実証プロジェクトにおいて得られた成果等の普及展開に向けて、「ICTまち・ひと・しごと創生推進事業」を18地域で実施し、平成27年度の目標値としていたICT街づくりの普及展開を実施。【平成27年度】', null, null], // T: － 1036 after 目標 1032–1034, which starts mid-line (1030 `…実施。 これまでの…プロジェク`): text not published
  ['14', 'いつでも、どこでも', 'アウトプット', 'イ', '実証実験を通じ、教育クラウド・プラットフォームの技術標準の確立及びその普及等に向けた検討を実施。【平成27年度】', '平成29年３月末までに教育クラウド・プラットフォームの技術標準の確立及び「クラウド導入ガイドブック」を策定し、平成29年４月以降に総務省ホームページ等で公表。', 2016], // T: イ 998
  ['17', '（1）ICTによる地球温暖化対策', 'アウトプット', 'イ', null, null, null], // P; 基準 run broken by a blank line (1072)
  ['19', '視聴覚障害者等のための', 'アウトカム', 'イ', null, null, null], // P; 27者【平成30年度】 shares no wording
  ['21', '対象の放送番組', 'アウトカム', null, null, null, null], // page 1284–1431: ロ 1405, イ 1419 for 20 and 21, neither tied
  ['23', '競技会場におけるICT', 'アウトプット', null, null, null, null], // 基準 and 目標 both 【平成30年度】 (1489, 1494): which is which unknown; page 1435–1565 left イ 1499/ロ 1510
  ['26', '高齢者世代のインターネット利用率', 'アウトカム', 'ロ', null, null, null], // P (page 1569–1723: 27 T イ 1603, 25 T - 1711, left ロ 1669)
  ['29', '交通系ICカード', 'アウトプット', 'イ', '・デジタルサイネージを活用した効果的・効率的な一斉情報配信の実現に向けた課題の整理及び検証を行い、デジタルサイネージの相互運用性確保に向けた標準仕様の策定、公表を実施。\n・今後、デジタルサイネージにより想定されるサービスとして、交通系 ICカード、スマートフォン等と共通クラウド基盤を活用した個人の属性に応じた情報提供等の実現に向けた検討を実施。【平成27年度】', null, null], // T: イ 1822 after 目標 1816–1820 (its text follows a run of the same indicator, 1810: maybe split, not published); 基準 1793–1805
  ['30', 'マイナンバーカード', 'アウトプット', 'イ', '・実証事業を通じて、マイナンバーカード（公的個人認証サービス）の先行導入事例の検討を行うとともに、当該事例の実現に向け、技術課題の検証及びルール化すべき項目等実現すべき課題の整理を実施。\n・「個人番号カード・公的個人認証サービス利活用推進の在り方に関する懇談会」において、実証実験を通じて課題検討を行い、先行導入の実現に向けた目標を設定。【平成27年度】', '「個人番号カード・公的個人認証サービス等利活用推進の在り方に関する懇談会」及びこれまでの技術面等からの検討結果を踏まえ、公的個人認証サービスを利活用するに当たっての必要なルール整備等の環境整備及び公的個人認証サービスの利活用事例の普及促進を実施.', 2018], // P (page 1894–2080: 31 T -, left イ 1999); 基準 2069–2080, 目標 1989–1997
  ['32', 'Ｌアラートを運用している', 'アウトカム', 'ロ', null, null, null], // P (page 2084–2199: 34 T, 33 T, left ロ 2190)
  [null, 'IoTサービスの創出・展開に当たって', 'アウトカム', 'イ', 'IoTサービスの創出・展開に当たって克服すべき課題の解決に資するデータ利活用の促進等に必要なルール（法律、条例、ガイドライン、規格等）の明確化等の件数：０【平成27年度】', 'IoTサービスの創出・展開に当たって克服すべき課題の解決に資するデータ利活用の促進等に必要なルール（法律、条例、ガイドライン、規格等）の明確化等の件数：20', 2020], // P; …ルール…の件数：20【令和２年度】 (109) and ：０【平成27年度】 (219)
  [null, 'IoTサービスの創出・展開に当たって', 'アウトプット', 'イ', 'IoTサービスの創出・展開に当たって克服すべき課題の解決に資する参照モデルの構築数：０【平成27年度】', 'IoTサービスの創出・展開に当たって克服すべき課題の解決に資する参照モデルの構築数：30', 2018], // P; 参照モデルの構築数：30【平成30年度】 (161), ：０【平成27年度】 (237)
  [null, '放送コンテンツの海外展開の促進', 'アウトカム', '－', null, null, null], // R: － 433 with 放送コンテンツ関連海外売上高
  [null, 'テレワークの普及啓発の実施', 'アウトカム', '－', null, null, null], // P (page 466–643: 10 R, 8 R, left － 582)
  [null, 'ブロックチェーン技術の導入', null, '－', null, null, null], // R: － 633 with ・実証したユースケース：３件; kind: parts アウトプット and アウトカム
  [null, '医療・介護・健康分野', 'アウトプット', 'イ', null, null, null], // P
  [null, '「プログラミング教育の効果的', 'アウトプット', 'イ', null, null, null], // T: イ 951 (glued to 全国11ブロック…) after 目標 943–949; P agrees
  [null, '地域で子供・学生', 'アウトプット', '－', null, null, null], // R: － 1119 with 地域ＩＣＴクラブ; its 目標 1113–1117 【令和元年度】 follows a yearly cell of the same wording (1109): maybe split, not published
  [null, '障害者・高齢者向けのICT', 'アウトカム', 'イ', null, null, null], // P
  [null, '全省庁統一参加資格審査', 'アウトプット', null, null, null, null], // see 21
  [null, '教職員が利用する', 'アウトプット', '－', '実証実験を通じ、スマートスクールプラットフォームの標準仕様（1件）の確立及びその普及等に向けた検討を実施。【平成29年度】', '平成31年度中にスマートスクール・プラットフォームの標準仕様及びこれに関するガイドブックを策定し、平成32年４月以降に総務省ホームページ等で公表及び教育委員会への普及活動を実施。', 2020], // T: － 1548
  [null, 'ICT利活用の新たなニーズ', 'アウトプット', null, null, null, null], // see 23
  [null, '（1）電子署名及び認証業務', 'アウトプット', 'イ', '（1）電子署名及び認証業務に係る技術調査の適切な実施。\n（2）電子署名の普及啓発のために最新情報を周知するセミナーを実施。（１回）【平成27年度】', null, null], // T: イ 1603 after 目標 1597–1601 (which follows the 施策手段 run about 電子署名: maybe split, not published)
  [null, '地方公共団体において生活に身近な', 'アウトプット', '－', '地方公共団体において生活に身近な分野でのIoTを活用した取組を創出した数【平成30年度】', '令和２年度末までに800の地方公共団体において、生活に身近な分野でのIoTを活用した取組を創出', 2020], // T: - 1711
  [null, 'スマートフォン上の個々のアプリ', 'アウトプット', 'イ', null, null, null], // P (page 1727–1890: イ 1822, イ28 1850)
  [null, '地理空間情報や衛星測位', 'アウトプット', '－', '地理空間情報や衛星測位を活用した防災システム等の構築に関する10の事業を採択し、全国10地域で実証を実施。\n・位置情報等の入力支援実証（５事業）\n・メディアによる災害情報の視覚化等の実証（４事業）\n・標準仕様策定に向けた実証（１事業）実証し開発したシステム等は、自治体等で実用可能であることを確認。【平成27年度】', 'Ｇ空間情報センターを介した防災システム（津波、土砂災害、地下街防災）等の紹介映像（ショーケース）の作成による普及啓発の実施及び地理空間情報を活用した防災システムの地方公共団体への普及展開の実施。', 2020], // T: - 1946
  [null, '情報信託機能等を用いて', 'アウトプット', '－', null, '情報信託機能等を活用した認定基準の妥当性検証及び詳細化を実施。情報信託機能等を活用したデータ利活用モデルケースを創出', 2019], // T: － 2145
  [null, 'IoT時代のネットワークを運用', 'アウトカム', '－', 'IoT時代のネットワークを運用・管理するスキルを認定された技術者等の人数：０人【平成29年度】', 'IoT時代のネットワークを運用・管理するスキルを認定された技術者等の人数：120人', 2019], // ＜アウトカム目標＞; T: － 2176
];

const NEXT_STEPS = [
  '＜施策目標＞ICTによる新たな産業・市場を創出すること',
  '・測定指標１については、引き続き本施策を適切に実施し、国内生産額に占めるICT産業の市場規模が全産業中最大規模であることを維持する。',
  '・測定指標２，４及び６については、目標年度を迎えたことから、次期事前分析表の測定指標から削除する。',
  '・測定指標３については、施策目標との関係が見えづらく、施策目標の達成度合いを測るための指標に馴染むものではないと考えられるため、次期事前分析表の測定指標から削除し、今後は行政事業レビューシートにおいて、削除した指標に紐付く個別事業の進捗を測ることとする。',
  '・測定指標７及び８については、今後３年間の目標設定が困難であり、目標年度における目標達成が見込まれるため、次期事前分析表の測定指標から削除する。',
  '＜ICT利活用により社会課題の解決を推進すること＞',
  '・測定指標32については、目標を概ね達成することができたため、次期の測定指標については未来投資戦略2018（平成20年６月15日閣議決定）を踏まえ、Lアラート高度化システムが整備された都道府県数を新たに目標として設定する。',
  '・測定指標10，11，14，15，17，19，21，22，23，26，27，28，29及び30については、目標年度を迎えたことから、次期事前分析表の測定指標から削除する。',
  '・測定指標12，13，18(1)及び20については、施策目標との関係が見えづらく、施策目標の達成度合いを測るための指標に馴染むものではないと考えられるため、次期事前分析表の測定指標から削除し、今後は行政事業レビューシートにおいて、削除した指標に紐付く個別事業の進捗を測ることとする。',
  '・測定指標16，24，25，31，33及び34については、今後３年間の目標設定が困難であり、目標年度における目標達成が見込まれるため、次期事前分析表の測定指標から削除する。',
].join('\n');

describe('policy evaluation, seed 001 (総務省31－⑩ 政策10)', () => {
  const r = parseEvaluation(seedInput('001', 'policy-evaluation'));
  const e = EvaluationRecord.parse(r.evaluation);

  it.each([
    ['id', 'eval-2018-soumu-p10'],
    ['ministry', '総務省'],
    ['documentNumber', '総務省31－⑩'],
    ['fiscalYear', 2018],
    ['policyNumber', '政策10'],
    ['policyName', '情報通信技術高度利活用の推進'],
    ['field', '情報通信（ICT政策）'],
    ['overview', 'ICTによる生産性向上・国際競争力の強化、ICTによる地域の活性化、誰もが安心してICTを利用できる環境の整備、先進的社会システムの構築を図り、ICTの高度利活用を推進することで、世界最高水準の情報通信技術利活用社会を実現する。'],
    [
      'basicGoal',
      '［最終アウトカム］：全ての国民一人ひとりが「真の豊かさ」を実感できる世界最高水準の情報通信技術利活用社会を実現すること。\n［中間アウトカム］：我が国の経済再生や様々な社会課題（超高齢社会、地域経済の活性化、社会保障費の増大、大規模災害対策等）を解決するためには、あらゆる領域に活用される万能ツールであるICTの高度利活用の推進が不可欠である。このような現状を踏まえ、これまで整備してきたICT利活用のための基盤も活用しながら、ICTによる新たな産業・市場を創出すること、社会課題の解決を推進すること及びICT利活用のための環境整備を実施する。',
    ],
    ['budget', EXPECTED_BUDGET],
    ['goals', ['ICTによる新たな産業・市場を創出すること', 'ICT利活用により社会課題の解決を推進すること']],
    ['assessment', '相当程度進展あり'],
    ['nextSteps', NEXT_STEPS],
    ['bureau', '情報流通行政局 情報流通振興課 等'],
    ['evaluatedAt', '令和元年８月'],
  ] as const)('%s', (field, value) => {
    expect(e[field as keyof typeof e]).toEqual(value);
  });

  it('kind is the ＜アウトカム指標＞/＜アウトプット指標＞ marker\'s word, as the published dictionary says', () => {
    const kinds = new Set(e.indicators.map((i) => i.kind));
    expect([...kinds].filter((k) => k !== null).sort()).toEqual(['アウトカム', 'アウトプット']);
    // datapackage.json and the /data/ page take the title and description from the schema.
    const meta = Indicator.shape.kind.meta() as { title: string; description: string };
    for (const word of ['アウトカム', 'アウトプット']) {
      expect(meta.title).toContain(word);
      expect(meta.description).toContain(`「${word}」`);
    }
    expect(meta.description).toMatch(/outcome.*output/);
    expect(`${meta.title}${meta.description}`).not.toMatch(/定量|定性/);
  });

  it('numbers and names the indicators it can place, and keeps the rest unnumbered', () => {
    expect(e.indicators.filter((i) => i.number !== null).map((i) => [i.number, i.name])).toEqual(NUMBERED);
    expect(e.indicators.filter((i) => i.number === null).map((i) => i.name)).toEqual(UNNUMBERED);
    expect(e.indicators).toHaveLength(34);
  });

  it.each(CELLS.map((c, k) => [k, ...c] as const))('indicator %i (%s %s): kind %s, mark %s, baseline, target', (k, number, name, kind, achievement, baseline, target, targetYear) => {
    const i = e.indicators[k]!;
    expect(i.number).toBe(number);
    expect(i.name.startsWith(name)).toBe(true);
    expect({ kind: i.kind, achievement: i.achievement, baseline: i.baseline, target: i.target, targetYear: i.targetYear, actuals: i.actuals }).toEqual({ kind, achievement, baseline, target, targetYear, actuals: [] });
    // Every published value names its lines; every missing one is warned about, naming the field.
    for (const f of ['kind', 'achievement', 'baseline', 'target'] as const) {
      if (i[f] !== null) expect(e.provenance[`indicators.${k}.${f}`], f).toBeDefined();
      else expect(e.warnings.some((w) => w.field === `indicators.${k}.${f}` && w.line !== null), f).toBe(true);
    }
  });

  it('keeps the analysis whole, with wrapped lines mended and paragraphs kept', () => {
    const a = e.analysis!;
    const paras = a.split('\n');
    expect(paras).toHaveLength(27);
    expect(paras[0]).toBe('測定指標1～4、12、19及び21は達成すべき目標に照らし、いずれも主要なものであると考えている。これら主要な測定指標のうち1～4,12、19及び21については目標を達成した。一部の測定指標については、目標期限未到来、目標未達があったものの、おおむね施策目標に対して目標達成することが出来たといえる。したがって、本政策は「相当程度進展あり」と判断した。');
    expect(paras[1]).toBe('＜施策目標＞ＩＣＴによる新たな産業・市場を創出すること');
    expect(paras[9]).toBe('＜ICT利活用により社会課題の解決を推進すること＞');
    expect(paras[26]).toBe('・測定指標32については、当初の年度目標に対し福岡県のＬアラート運用開始が平成31年4月1日となったことから、未達となったもの。');
    // A line wrapped by the PDF (`…政策立案者との意見` / `交換等…`) is one word again.
    expect(a).toContain('企業者と政策立案者との意見交換等をグローバルに実施する国際会議の開催、国内外のＩｏＴ推進団体');
    expect(a).toContain('平成29年度までの拡充計画を定め');
    // Every line is a whole sentence run or a goal heading: no wrap left mid-sentence.
    for (const p of paras) expect(p.endsWith('。') || p.startsWith('＜'), p).toBe(true);
  });

  it('records provenance for every value', () => {
    expect(e.provenance).toMatchObject({
      fiscalYear: [2, 2],
      documentNumber: [3, 3],
      policyNumber: [8, 8],
      policyName: [8, 8],
      field: [8, 8],
      overview: [11, 12],
      basicGoal: [17, 19],
      'budget.0.initial': [30, 30],
      'budget.0.supplementary': [32, 32],
      'budget.0.carryover': [34, 34],
      'budget.0.total': [36, 36],
      'budget.2.executed': [38, 38],
      'budget.3.initial': [30, 30],
      'goals.0': [2223, 2223],
      'goals.1': [2239, 2239],
      'indicators.0.name': [188, 190],
      'indicators.0.number': [188, 190],
      'indicators.1.name': [355, 358],
      'indicators.1.number': [355, 355],
      'indicators.5.name': [670, 688],
      'indicators.2.name': [388, 394],
      'indicators.0.kind': [190, 190],
      'indicators.0.achievement': [134, 214],
      'indicators.16.target': [109, 113],
      'indicators.16.targetYear': [114, 114],
      'indicators.16.baseline': [219, 224],
      'indicators.33.achievement': [2176, 2176],
      assessment: [2218, 2218],
      analysis: [2220, 2269],
      nextSteps: [2282, 2294],
      bureau: [2346, 2346],
      evaluatedAt: [2312, 2312],
    });
    expect(Object.keys(e.provenance).filter((k) => /^indicators\.\d+\.name$/.test(k))).toHaveLength(e.indicators.length);
    expect(e.provenance['budget.3.total']).toBeUndefined();
    expect(r.fieldsMissing).toEqual([]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(parseEvaluation(seedInput('001', 'policy-evaluation')))).toBe(JSON.stringify(r));
  });

  it('gives the same record from Shift_JIS with CRLF line ends', () => {
    const sjis = parseEvaluation(sjisCrlfInput('001', 'policy-evaluation')).evaluation!;
    expect(sjis.source.encoding).toBe('shift_jis');
    expect({ ...sjis, source: null }).toEqual({ ...e, source: null });
  });
});

/** A hostile parse may leave values out, but every value it gives must be the true one. */
function expectNoWrongValues(e: EvaluationRecord, opts: { indicators: boolean } = { indicators: true }): void {
  if (e.fiscalYear !== null) expect(e.fiscalYear).toBe(2018);
  if (e.documentNumber !== null) expect(e.documentNumber).toBe('総務省31－⑩');
  if (e.policyNumber !== null) expect(e.policyNumber).toBe('政策10');
  if (e.assessment !== null) expect(e.assessment).toBe('相当程度進展あり');
  for (const b of e.budget) {
    const x = EXPECTED_BUDGET.find((y) => y.fiscalYear === b.fiscalYear);
    expect(x, `budget year ${b.fiscalYear}`).toBeDefined();
    for (const k of ['initial', 'supplementary', 'carryover', 'total', 'executed'] as const) if (b[k] !== null) expect(b[k], `${b.fiscalYear} ${k}`).toBe(x![k]);
  }
  // Spelling may differ (the heading writes ＩＣＴ, the table ICT) when the table cells are lost; the goal may not.
  for (const g of e.goals) expect(['ICTによる新たな産業・市場を創出すること', 'ICT利活用により社会課題の解決を推進すること']).toContain(g.normalize('NFKC'));
  if (opts.indicators) {
    for (const i of e.indicators) {
      if (i.number === null) continue;
      // Its first run must be the true name's first run (a reordered document may lose or add a further part).
      const truth = [...NUMBERED, ...TRUE_UNNUMBERED].find(([n]) => n === i.number);
      expect(truth, `indicator ${i.number}`).toBeDefined();
      expect(truth![1].split('\n')[0], `indicator ${i.number}`).toBe(i.name.split('\n')[0]);
    }
  }
  // A mark, kind, baseline or target given must be the one the true indicator of that name has.
  for (const i of e.indicators) {
    const first = i.name.split('\n')[0]!;
    // A reordered document may cut a compound name into its parts: a part is judged by the whole name.
    const sq = (t: string): string => t.replace(/\s+/g, '');
    const exact = CELLS.map((c, k) => [c, TRUE_NAMES[k]!] as const).filter(([, n]) => n.split('\n')[0] === first);
    const truths = exact.length > 0 ? exact : CELLS.map((c, k) => [c, TRUE_NAMES[k]!] as const).filter(([, n]) => sq(n).includes(sq(first)));
    if (truths.length !== 1) {
      expect({ first, achievement: i.achievement, target: i.target, baseline: i.baseline }).toEqual({ first, achievement: null, target: null, baseline: null });
      continue;
    }
    const [c] = truths[0]!;
    // (A compound name of mixed kinds may lose its other parts, and then has one kind.)
    if (i.kind !== null && !(c[2] === null && i.name !== TRUE_NAMES[CELLS.indexOf(c)])) expect(i.kind, first).toBe(c[2]);
    if (i.achievement !== null) expect(i.achievement, first).toBe(TRUE_MARKS[CELLS.indexOf(c)]);
    if (i.baseline !== null) expect(i.baseline, first).toBe(c[4]);
    if (i.target !== null) expect([i.target, i.targetYear], first).toEqual([c[5], c[6]]);
  }
}

/** The numbers of the names seed 001 leaves unnumbered, read by hand (2 and 3 from the 評価結果's sums 48 and 78 and the 次期目標 text). */
const TRUE_UNNUMBERED: Array<[string, string]> = [
  ['3', UNNUMBERED[0]!], ['2', UNNUMBERED[1]!], ['5', UNNUMBERED[2]!], ['9', UNNUMBERED[3]!], ['8', UNNUMBERED[4]!], ['12', UNNUMBERED[5]!],
  ['15', UNNUMBERED[6]!], ['16', UNNUMBERED[7]!], ['18', UNNUMBERED[8]!], ['20', UNNUMBERED[9]!], ['24', UNNUMBERED[10]!], ['22', UNNUMBERED[11]!],
  ['27', UNNUMBERED[12]!], ['25', UNNUMBERED[13]!], ['28', UNNUMBERED[14]!], ['31', UNNUMBERED[15]!], ['34', UNNUMBERED[16]!], ['33', UNNUMBERED[17]!],
];

const base = parseEvaluation(seedInput('001', 'policy-evaluation')).evaluation!;
/** The full names of seed 001's indicators in CELLS order, and every mark as read by hand (21: ロ, 23: イ, 20: イ, 22: ロ, unpublished). */
const TRUE_NAMES = base.indicators.map((i) => i.name);
const TRUE_MARKS = CELLS.map((c) => c[3] ?? ({ '対象の放送番組': 'ロ', '競技会場におけるICT': 'イ', '全省庁統一参加資格審査': 'イ', 'ICT利活用の新たなニーズ': 'ロ' } as Record<string, string>)[c[1]]!);

describe('hostile variants of seed 001', () => {
  const text = seedText('001');
  const run = (t: string) => EvaluationRecord.parse(parseEvaluation(inputOf(t, 'policy-evaluation')).evaluation);

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('runs in random order (shuffle %i) give no wrong value', (s) => {
    expectNoWrongValues(run(shuffleRuns(text, s)));
  });

  // Lines in random order destroy the runs that hold an indicator's number with its name, and
  // can forge new ones; indicator numbers are only claimed for run-level reordering (above).
  it.each([11, 12, 13])('lines in random order (shuffle %i) give no wrong budget or header value', (s) => {
    expectNoWrongValues(run(shuffleLines(text, s)), { indicators: false });
  });

  it.each([0.002, 0.01, 0.014, 0.016, 0.3, 0.6, 0.9])('truncated at %f of its lines gives no wrong value', (frac) => {
    const lines = text.split('\n');
    expectNoWrongValues(run(lines.slice(0, Math.max(1, Math.floor(lines.length * frac))).join('\n') + '\n'));
  });

  it('cut off inside the last budget cell (no final newline) does not publish the cut number', () => {
    const cut = text.slice(0, text.indexOf('6,167 5,490') + '6,167 5'.length);
    const e = run(cut);
    expectNoWrongValues(e);
    expect(e.budget).toEqual([]);
    expect(e.warnings.some((w) => w.line === 30)).toBe(true);
  });

  it('a duplicated document gives no wrong value and drops the numbers it sees twice', () => {
    const e = run(text + '\n' + text);
    expectNoWrongValues(e);
    expect(e.budget).toEqual([]);
    expect(e.indicators.filter((i) => i.number !== null)).toEqual([]);
  });

  it('a budget row that lost a cell is not aligned by guesswork', () => {
    const e = run(text.replace('補正予算（b） 7,536 2,519 3,989', '補正予算（b） 2,519 3,989'));
    expect(e.budget.map((b) => b.initial)).toEqual([6208 * M, 4971 * M, 6167 * M, 5490 * M]);
    expect(e.budget.every((b) => b.supplementary === null && b.carryover === null && b.total === null && b.executed === null)).toBe(true);
    expect(e.warnings.some((w) => w.field === 'budget.total')).toBe(true);
  });

  it('a 合計 that does not add up is not published', () => {
    const e = run(text.replace('合計（a＋b＋c） 8,253 12,482 8,799', '合計（a＋b＋c） 8,253 12,482 9,799'));
    expect(e.budget.every((b) => b.total === null)).toBe(true);
  });

  it('an executed row with a missing cell is left out, the rest kept', () => {
    const e = run(text.replace('執行額 7,432 11,378 8,201', '執行額 7,432 11,378'));
    expect(e.budget.map((b) => b.total)).toEqual([8253 * M, 12482 * M, 8799 * M, null]);
    expect(e.budget.every((b) => b.executed === null)).toBe(true);
  });

  const lines = text.split('\n');
  /** Replace seed line `n` (1-based), which must read `was`. */
  const edit = (t: string, n: number, was: string, now: string): string => {
    const ls = t.split('\n');
    expect(ls[n - 1]).toBe(was);
    ls[n - 1] = now;
    return ls.join('\n');
  };
  const ind = (e: EvaluationRecord, start: string) => e.indicators.find((i) => i.name.startsWith(start))!;

  it('two marks of one page swapped (ロ 1669 ↔ イ 1603) are caught by the 評価結果 and the 目標年度, not published', () => {
    const e = run(edit(edit(text, 1603, 'イ', 'ロ'), 1669, 'ロ', 'イ'));
    expectNoWrongValues(e);
    // 26: 評価結果 says 指標を達成しなかった, so the イ now after its 目標 is refused, and with it every tie
    // by position on that page (the ロ now after 電子署名's 目標 could not be caught otherwise) and the count.
    expect(ind(e, '高齢者世代').achievement).toBeNull();
    expect(ind(e, '（1）電子署名').achievement).toBeNull();
    // 地方公共団体…IoT: its mark `-` 1711 is still right after its 目標; position ties on the page are dropped too.
    expect(ind(e, '地方公共団体において生活').achievement).toBeNull();
    expect(e.warnings.some((w) => w.field.startsWith('indicators') && /矛盾/.test(w.message) && w.line === 1669)).toBe(true);
  });

  it('a － after a 目標 whose year has passed is refused (目標期間が終了していない cannot hold)', () => {
    const e = run(edit(text, 998, 'イ', '－'));
    expectNoWrongValues(e);
    expect(ind(e, 'いつでも').achievement).toBeNull();
    expect(e.warnings.some((w) => /achievement/.test(w.field) && /2016年度/.test(w.message) && w.line === 998)).toBe(true);
  });

  it('a missing mark leaves the page uncounted: the untied names get null with a warning', () => {
    const e = run(edit(text, 2190, 'ロ', ''));
    expectNoWrongValues(e);
    expect(ind(e, 'Ｌアラート').achievement).toBeNull();
    // Marks tied by their own evidence stay.
    expect(ind(e, '情報信託機能').achievement).toBe('－');
    expect(e.warnings.some((w) => w.field === 'indicators' && /一致しない/.test(w.message))).toBe(true);
  });

  it('a duplicated mark run makes the page\'s marks outnumber its names: no mark is given by counting', () => {
    const e = run(edit(text, 1036, '－', '－\n\nイ'));
    expectNoWrongValues(e);
    // 13 keeps the mark right after its 目標 cell; 11 had only the count.
    expect(ind(e, 'ICTを活用した街づくり').achievement).toBe('－');
    expect(ind(e, '・適時適切な').achievement).toBeNull();
    expect(e.warnings.some((w) => w.field === 'indicators' && /（10）が指標の数（9）と一致しない/.test(w.message))).toBe(true);
  });

  it('a second, different mark tied to the same name leaves it null with a warning', () => {
    // A run `イ` + 地域ＩＣＴクラブ wording, while － 1119 (with the same wording) already belongs to 16.
    const e = run(edit(text, 1095, '16', 'イ\n地域ＩＣＴクラブ実証プロジェクトにおいて得られた成果\n\n16'));
    expectNoWrongValues(e);
    expect(ind(e, '地域で子供・学生').achievement).toBeNull();
    expect(e.warnings.some((w) => /achievement/.test(w.field) && /候補が複数/.test(w.message))).toBe(true);
  });

  it('an ambiguous arrangement: two runs of the same year for one name (23: 【平成30年度】 twice) give no 目標 and no mark', () => {
    const e = run(text);
    const i = ind(e, '競技会場');
    expect([i.target, i.baseline, i.achievement]).toEqual([null, null, null]);
    expect(e.warnings.some((w) => w.field === `indicators.${e.indicators.indexOf(i)}.target` && /確定できない/.test(w.message))).toBe(true);
  });

  it('runs moved within a page: a mark moved away from its 目標 is not tied, and nothing wrong is published', () => {
    // Move the run `－` (1548, after 24's 目標) to the top of its page, before the goal cell.
    const moved = edit(edit(text, 1548, '－', ''), 1569, 'ICT利活', '－\n\nICT利活');
    const e = run(moved);
    expectNoWrongValues(e);
    expect(ind(e, '教職員が利用する').achievement).toBeNull();
  });

  it('without the extraction\'s pages (no run of blank lines), only same-run evidence is used', () => {
    const e = run(lines.join('\n').replace(/\n{3,}/g, '\n\n'));
    expectNoWrongValues(e);
    expect(e.indicators.every((i) => i.baseline === null && i.target === null)).toBe(true);
    // 放送コンテンツ: － printed in the same run as 放送コンテンツ関連海外売上高.
    expect(ind(e, '放送コンテンツの海外展開').achievement).toBe('－');
  });

  it('a document without its header yields a record with warnings and a hash id', () => {
    const e = run('政策の概要\nテスト用の本文です。これは評価書の一部です。\n');
    expect(e.id).toMatch(/^eval-[0-9a-f]{12}$/);
    expect(e.policyName).toBe('test.txt');
    expect(e.warnings.length).toBeGreaterThan(3);
  });
});

describe('an evaluation of another ministry and era (synthetic, same template labels)', () => {
  const text = [
    '令和2年度実施施策に係る事後評価書（令和2年度実施施策）',
    '（厚生労働省2－Ⅰ－１）',
    '',
    '施策名 施策1-2：地域医療の確保 分野 保健医療',
    '',
    '施策の概要',
    '地域において必要な医療を確保し、質の高い医療提供体制を整備する。',
    '',
    '施策の予算額・執行額等（千円）',
    '区分 30年度 元年度 2年度 3年度要求',
    '当初予算（a） 1,000 2,000 3,000 4,000',
    '補正予算（b） 100 － 300',
    '繰越し等（c） － △ 50 －',
    '合計（a＋b＋c） 1,100 1,950 3,300',
    '執行額 1,000 1,900 3,000',
    '',
    '目標達成度合いの測定結果 （各行政機関共通区分） 目標達成',
    '担当部局課室名 医政局 政策評価実施時期 令和3年8月',
  ].join('\n') + '\n';
  const e = EvaluationRecord.parse(parseEvaluation(inputOf(text, 'policy-evaluation')).evaluation);

  it('reads the header, resolving the era change in the budget columns (30年度 → 元年度)', () => {
    expect(e).toMatchObject({
      id: 'eval-2020-mhlw-m1-2',
      ministry: '厚生労働省',
      documentNumber: '厚生労働省2－Ⅰ－１',
      fiscalYear: 2020,
      policyNumber: '施策1-2',
      policyName: '地域医療の確保',
      field: '保健医療',
      overview: '地域において必要な医療を確保し、質の高い医療提供体制を整備する。',
      assessment: '目標達成',
      bureau: '医政局',
      evaluatedAt: '令和3年8月',
    });
    expect(e.budget).toEqual([
      { fiscalYear: 2018, initial: 1_000_000, supplementary: 100_000, carryover: null, total: 1_100_000, executed: 1_000_000, isRequest: false },
      { fiscalYear: 2019, initial: 2_000_000, supplementary: null, carryover: -50_000, total: 1_950_000, executed: 1_900_000, isRequest: false },
      { fiscalYear: 2020, initial: 3_000_000, supplementary: 300_000, carryover: null, total: 3_300_000, executed: 3_000_000, isRequest: false },
      { fiscalYear: 2021, initial: 4_000_000, supplementary: null, carryover: null, total: null, executed: null, isRequest: true, unexecuted: true },
    ]);
  });

  it('names what it could not find', () => {
    expect(e.warnings.map((w) => w.field)).toEqual(expect.arrayContaining(['basicGoal', 'goals', 'indicators', 'analysis', 'nextSteps']));
  });
});
