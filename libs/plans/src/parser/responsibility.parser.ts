import { districtGovernment, districtOfGovernment, type Gazetteer } from '../model/gazetteer';
import type { LeadMode } from '@app/milestones';
import type { Finding } from '../model/plan-finding.model';

/**
 * 责任单位: `A、B分别牵头，C、D，E配合` → lead units A and B (each leads separately), cooperating C, D, E.
 * - `蓬江区、江海区、鹤山市政府` shares the suffix 政府: each district's government;
 * - `各市（区）政府` is every district government of the gazetteer;
 * - `市行政服务中心等市有关部门`: the named unit, and a finding that the list is open-ended;
 * - known typos are corrected (`市政服务服数据管理局`, `政府政府`, `配合配合`), the original kept;
 * - a trailing `。` is punctuation.
 */

/** Misspelt unit names found in the documents, and their correct form. */
const UNIT_TYPOS: ReadonlyArray<readonly [string, string]> = [
  ['市政服务服数据管理局', '市政务服务数据管理局'],
];
const ALL_DISTRICT_GOVERNMENTS = /^各(?:市[（(]区[)）]|市区|县[（(]市、?区[)）])政府$/u;
const OPEN_ENDED = /^(.+?)等((?:市|区|县)?(?:有关|相关|其他).*)$/u;
const DOUBLED_KEYWORD = /(牵头|配合)\1+/gu;

export type FindingDraft = Omit<Finding, 'task' | 'line' | 'milestone'>;

export interface UnitMention {
  /** Canonical name. */
  readonly name: string;
  /** The district, for a district government. */
  readonly district: string | undefined;
  /** The item as written in the list (`鹤山市政府政府`, `江海区`, `各市（区）政府`). */
  readonly written: string;
  /** Set when `name` corrects a typo: the misspelt name. */
  readonly typoOriginal: string | undefined;
}

export interface Responsibility {
  readonly lead: readonly UnitMention[];
  readonly leadMode: LeadMode;
  readonly cooperating: readonly UnitMention[];
  readonly findings: readonly FindingDraft[];
}

interface Item {
  readonly written: string;
  readonly name: string;
  readonly typoOriginal: string | undefined;
}

function typoFinding(original: string, normalised: string): FindingDraft {
  return {
    kind: 'typo-normalised',
    detail: `责任单位中的“${original}”应为“${normalised}”，已更正（原文保留）`,
    detailEn: `Responsibility text: “${original}” corrected to “${normalised}” (original kept)`,
    original,
    normalised,
  };
}

function correctTypos(written: string, findings: FindingDraft[]): Item {
  let name = written.replace(/(政府)\1+$/u, '$1');
  for (const [typo, correct] of UNIT_TYPOS) name = name.replace(typo, correct);
  if (name === written) return { written, name, typoOriginal: undefined };
  findings.push(typoFinding(written, name));
  return { written, name, typoOriginal: written };
}

function splitItems(part: string): string[] {
  return part
    .split(/[、，,；;]/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function expandItem(written: string, gazetteer: Gazetteer, findings: FindingDraft[]): Item[] {
  if (ALL_DISTRICT_GOVERNMENTS.test(written)) {
    return gazetteer.districts.map((d) => ({
      written,
      name: districtGovernment(d),
      typoOriginal: undefined,
    }));
  }
  const open = OPEN_ENDED.exec(written);
  if (open) {
    const [, named = '', rest = ''] = open;
    findings.push({
      kind: 'open-ended-unit-list',
      detail: `“${written}”：“等${rest}”所指的其他单位未逐一列明，仅登记“${named}”`,
      detailEn: `“${written}”: the units meant by “等${rest}” are not named; only ${named} is registered`,
      original: written,
      normalised: named,
    });
    return [correctTypos(named, findings)];
  }
  return [correctTypos(written, findings)];
}

/**
 * `新会区、台山市、鹤山市政府`: bare district names directly before `X政府` share its suffix. A bare
 * district name anywhere else is also read as its government, with a finding.
 */
function shareGovernmentSuffix(
  items: readonly Item[],
  gazetteer: Gazetteer,
  findings: FindingDraft[],
): Item[] {
  const result: Item[] = [];
  let suffixFollows = false;
  for (const item of [...items].reverse()) {
    if (districtOfGovernment(gazetteer, item.name) !== undefined) {
      suffixFollows = true;
      result.push(item);
    } else if (gazetteer.districts.includes(item.name)) {
      if (!suffixFollows) {
        findings.push({
          kind: 'bare-district-name',
          detail: `“${item.name}”未写“政府”，按“${districtGovernment(item.name)}”处理`,
          detailEn: `“${item.name}” has no 政府; read as ${districtGovernment(item.name)}`,
          original: item.written,
          normalised: districtGovernment(item.name),
        });
      }
      result.push({ ...item, name: districtGovernment(item.name) });
    } else {
      suffixFollows = false;
      result.push(item);
    }
  }
  return result.reverse();
}

function toMentions(part: string, gazetteer: Gazetteer, findings: FindingDraft[]): UnitMention[] {
  const items = splitItems(part).flatMap((written) => expandItem(written, gazetteer, findings));
  const named = shareGovernmentSuffix(items, gazetteer, findings);
  return named
    .filter((item, index) => named.findIndex((other) => other.name === item.name) === index)
    .map((item) => ({
      name: item.name,
      district: districtOfGovernment(gazetteer, item.name),
      written: item.written,
      typoOriginal: item.typoOriginal,
    }));
}

function normaliseKeywords(text: string, findings: FindingDraft[]): string {
  return text.replace(DOUBLED_KEYWORD, (doubled: string, keyword: string) => {
    findings.push(typoFinding(doubled, keyword));
    return keyword;
  });
}

function unrecognised(text: string, what: string, whatEn: string): FindingDraft {
  return {
    kind: 'unrecognised-responsibility',
    detail: `责任单位“${text}”中未找到${what}`,
    detailEn: `No ${whatEn} found in responsibility text “${text}”`,
    original: text,
  };
}

function leadModeOf(separately: boolean, leadPart: string, lead: readonly UnitMention[]): LeadMode {
  if (separately || ALL_DISTRICT_GOVERNMENTS.test(leadPart.trim())) return 'separately';
  return lead.length > 1 ? 'jointly' : 'single';
}

export function parseResponsibility(text: string, gazetteer: Gazetteer): Responsibility {
  const findings: FindingDraft[] = [];
  const cleaned = normaliseKeywords(text.trim().replace(/[。．.；;，,、\s]+$/u, ''), findings);
  const leadMatch = /^(.*?)(分别|共同)?牵头(.*)$/su.exec(cleaned);
  const [, leadPart = '', separately, afterLead = cleaned] = leadMatch ?? [];
  const rest = afterLead.replace(/^[，,、；;\s]+/u, '');
  const coopMatch = /^(.*?)配合$/su.exec(rest);
  if (!leadMatch && !coopMatch) {
    // Neither keyword: register nothing rather than invent units from free text.
    findings.push(unrecognised(text, '“牵头”或“配合”', 'lead (牵头) or cooperating (配合) units'));
    return { lead: [], leadMode: 'single', cooperating: [], findings };
  }
  if (!leadMatch) findings.push(unrecognised(text, '“牵头”单位', 'lead unit (牵头)'));
  if (!coopMatch && rest.length > 0) findings.push(unrecognised(text, '“配合”', 'cooperating units (配合)'));
  const lead = toMentions(leadPart, gazetteer, findings);
  return {
    lead,
    leadMode: leadModeOf(separately === '分别', leadPart, lead),
    cooperating: toMentions(coopMatch?.[1] ?? rest, gazetteer, findings),
    findings,
  };
}
