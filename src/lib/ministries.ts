/**
 * The ministries and agencies (府省庁) that publish review sheets, with a stable
 * ASCII slug for URLs and ids. Names are matched after NFKC and whitespace removal,
 * so `国土交通省　観光庁` (ideographic space, as the RS CSV writes it) and
 * `国土交通省 観光庁` are one ministry.
 */
const MINISTRIES: ReadonlyArray<readonly [string, string]> = [
  ['内閣官房', 'cas'],
  ['内閣法制局', 'clb'],
  ['内閣府', 'cao'],
  ['宮内庁', 'kunaicho'],
  ['公正取引委員会', 'jftc'],
  ['国家公安委員会', 'npsc'],
  ['警察庁', 'npa'],
  ['個人情報保護委員会', 'ppc'],
  ['カジノ管理委員会', 'jcrc'],
  ['金融庁', 'fsa'],
  ['消費者庁', 'caa'],
  ['こども家庭庁', 'cfa'],
  ['デジタル庁', 'digital'],
  ['復興庁', 'reconstruction'],
  ['総務省', 'soumu'],
  ['公害等調整委員会', 'kouchoi'],
  ['消防庁', 'fdma'],
  ['法務省', 'moj'],
  ['公安調査庁', 'psia'],
  ['出入国在留管理庁', 'isa'],
  ['外務省', 'mofa'],
  ['財務省', 'mof'],
  ['国税庁', 'nta'],
  ['文部科学省', 'mext'],
  ['文化庁', 'bunka'],
  ['スポーツ庁', 'sports'],
  ['厚生労働省', 'mhlw'],
  ['中央労働委員会', 'churoi'],
  ['農林水産省', 'maff'],
  ['林野庁', 'rinya'],
  ['水産庁', 'jfa'],
  ['経済産業省', 'meti'],
  ['資源エネルギー庁', 'enecho'],
  ['特許庁', 'jpo'],
  ['中小企業庁', 'chusho'],
  ['国土交通省', 'mlit'],
  ['国土交通省観光庁', 'mlit-kanko'],
  ['観光庁', 'mlit-kanko'],
  ['国土交通省気象庁', 'mlit-jma'],
  ['気象庁', 'mlit-jma'],
  ['国土交通省運輸安全委員会', 'mlit-jtsb'],
  ['運輸安全委員会', 'mlit-jtsb'],
  ['国土交通省海上保安庁', 'mlit-jcg'],
  ['海上保安庁', 'mlit-jcg'],
  ['環境省', 'env'],
  ['原子力規制委員会', 'nra'],
  ['防衛省', 'mod'],
  ['防衛装備庁', 'atla'],
  ['会計検査院', 'jbaudit'],
  ['人事院', 'jinji'],
  ['衆議院', 'shugiin'],
  ['参議院', 'sangiin'],
  ['国立国会図書館', 'ndl'],
  ['裁判所', 'courts'],
];

/** Canonical display name per slug (the first name listed wins, with a space before 庁 parts). */
const DISPLAY: Record<string, string> = {
  'mlit-kanko': '国土交通省 観光庁',
  'mlit-jma': '国土交通省 気象庁',
  'mlit-jtsb': '国土交通省 運輸安全委員会',
  'mlit-jcg': '国土交通省 海上保安庁',
};

const BY_KEY = new Map(MINISTRIES.map(([name, slug]) => [key(name), slug]));

function key(name: string): string {
  return name.normalize('NFKC').replace(/[\s\u3000()（）]/g, '');
}

/** Canonical ministry name: NFKC, ideographic spaces folded, known sub-agencies spelled consistently. */
export function canonicalMinistryName(name: string): string {
  const slug = BY_KEY.get(key(name));
  if (slug && DISPLAY[slug]) return DISPLAY[slug];
  if (slug) return MINISTRIES.find(([, s]) => s === slug)![0];
  return name.normalize('NFKC').replace(/[\s\u3000]+/g, ' ').trim();
}

/**
 * Stable ASCII slug for a ministry name. Unknown names get `x-` plus a short hash
 * of the canonical name, so a new agency still gets a stable, URL-safe id.
 */
export function ministrySlug(name: string): string {
  const slug = BY_KEY.get(key(name));
  if (slug) return slug;
  return 'x-' + fnv1a(canonicalMinistryName(name)).slice(0, 8);
}

/** 32-bit FNV-1a as 8 hex digits: small, deterministic, dependency-free (ids, not security). */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of new TextEncoder().encode(text)) {
    h ^= ch;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
