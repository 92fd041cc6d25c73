import { createHash } from 'node:crypto';
import type { Unit, UnitKind } from './plan.model';

/**
 * Unit ids (责任单位标识).
 *
 * Scheme, stable across runs and documents:
 * - units known when the seed was first imported have a hand-written, readable slug below
 *   (`dept-…` city departments, `gov-…` district governments in pinyin, `org-…` others);
 * - any other unit gets `u-` + the first 12 hex digits of SHA-1 of its canonical name (UTF-8).
 * Ids are persisted in events: never change or remove an entry below, and never add one for a unit
 * that has already been imported under its `u-…` id.
 */
export const KNOWN_UNIT_IDS: Readonly<Record<string, string>> = {
  市发展改革局: 'dept-development-reform',
  市教育局: 'dept-education',
  市科技局: 'dept-science-technology',
  市工业和信息化局: 'dept-industry-it',
  市自然资源局: 'dept-natural-resources',
  市交通运输局: 'dept-transport',
  市金融局: 'dept-financial-affairs',
  市人才工作局: 'dept-talent',
  市人力资源社会保障局: 'dept-human-resources-social-security',
  市政务服务数据管理局: 'dept-government-services-data',
  市委政法委: 'dept-political-legal-affairs',
  市公安局: 'dept-public-security',
  市应急管理局: 'dept-emergency-management',
  市卫生健康局: 'dept-health',
  市水利局: 'dept-water-resources',
  市市场监管局: 'dept-market-regulation',
  市城市管理综合执法局: 'dept-urban-management',
  市行政服务中心: 'dept-administrative-service-centre',
  市住房城乡建设局: 'dept-housing-urban-rural',
  市生态环境局: 'dept-ecology-environment',
  市农业农村局: 'dept-agriculture-rural',
  市商务局: 'dept-commerce',
  市文化广电旅游体育局: 'dept-culture-tourism-sports',
  市国资委: 'dept-state-assets',
  市公路局: 'dept-highways',
  市建管中心: 'dept-construction-management-centre',
  市委编办: 'dept-establishment-office',
  市民政局: 'dept-civil-affairs',
  市财政局: 'dept-finance',
  市医保局: 'dept-medical-security',
  市社保局: 'dept-social-insurance',
  市委组织部: 'dept-organisation',
  蓬江区政府: 'gov-pengjiang',
  江海区政府: 'gov-jianghai',
  新会区政府: 'gov-xinhui',
  台山市政府: 'gov-taishan',
  开平市政府: 'gov-kaiping',
  鹤山市政府: 'gov-heshan',
  恩平市政府: 'gov-enping',
  江门海关: 'org-jiangmen-customs',
};

export function unitId(canonicalName: string): string {
  return (
    KNOWN_UNIT_IDS[canonicalName] ??
    `u-${createHash('sha1').update(canonicalName, 'utf8').digest('hex').slice(0, 12)}`
  );
}

/** City departments are named `市…` (市发展改革局, 市委组织部, 市建管中心). */
export function unitKindOf(name: string, district: string | undefined): UnitKind {
  if (district !== undefined) return 'district-government';
  return name.startsWith('市') ? 'city-department' : 'other';
}

export interface UnitMentionForRegistry {
  readonly name: string;
  /** The district, when the unit is a district government. */
  readonly district: string | undefined;
  /** The spelling in the document when it differed from `name` because of a typo. */
  readonly typoOriginal: string | undefined;
}

/** Builds the registry from mentions in document order: first mention first, typo originals as aliases. */
export function buildUnitRegistry(mentions: readonly UnitMentionForRegistry[]): Unit[] {
  const byName = new Map<string, { district: string | undefined; aliases: string[] }>();
  for (const m of mentions) {
    const entry = byName.get(m.name) ?? { district: m.district, aliases: [] };
    if (m.typoOriginal !== undefined && !entry.aliases.includes(m.typoOriginal))
      entry.aliases.push(m.typoOriginal);
    byName.set(m.name, entry);
  }
  return [...byName].map(([name, { district, aliases }]) => ({
    id: unitId(name),
    name,
    kind: unitKindOf(name, district),
    ...(district !== undefined ? { district } : {}),
    aliases,
  }));
}
