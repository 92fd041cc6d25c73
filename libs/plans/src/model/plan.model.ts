/**
 * The plan model parsed from the 三区并进 task-division document (附件1 功能分区图表 + 附件2 重点任务分工表).
 * Plain data, JSON-serialisable, no framework types. Dates are calendar dates `YYYY-MM-DD` (Asia/Shanghai).
 */
import type { LeadMode, StandingItemKind } from '@app/milestones';
import type { Finding } from './plan-finding.model';

/** A calendar date `YYYY-MM-DD`. */
export type PlanDate = string;

export interface ParsedPlan {
  /** URL-safe key of the plan, prefix of every milestone id (`sanqu-2020`). */
  readonly planKey: string;
  readonly title: string;
  readonly source: PlanSource;
  /** 功能分区: zone → district (市/区) → towns (镇/街), in document order. */
  readonly zones: readonly Zone[];
  readonly sections: readonly Section[];
  /** 责任单位 registry: every unit named by any task, in order of first mention. */
  readonly units: readonly Unit[];
  readonly tasks: readonly PlanTask[];
  /** Data-quality findings: what the parser normalised, inferred or found suspicious. */
  readonly findings: readonly Finding[];
}

export interface PlanSource {
  readonly name: string | null;
  /** SHA-256 (hex) of the document text as given to the parser. */
  readonly sha256: string;
  readonly lineCount: number;
}

export interface Zone {
  /** “三区”名称, e.g. 都市核心区. */
  readonly name: string;
  readonly districts: readonly ZoneDistrict[];
  /** 区域政策延伸适用范围: towns outside this zone to which its policies extend. */
  readonly policyExtensionTowns: readonly PolicyExtensionTown[];
}

export interface ZoneDistrict {
  /** 市（区）名称, e.g. 蓬江区, 台山市. */
  readonly name: string;
  /** 镇（街）名称 of this district that belong to this zone. */
  readonly towns: readonly string[];
}

export interface PolicyExtensionTown {
  /** The district the town belongs to, or null when the town is not in the zone table. */
  readonly district: string | null;
  readonly town: string;
}

export interface Section {
  /** 1 … 5 for 一 … 五. */
  readonly no: number;
  /** The Chinese numeral as written: 一, 二, … */
  readonly numeral: string;
  readonly title: string;
  /** The zone the section is about (一 都市核心区, 二 大广海湾区, 三 生态发展区); null for city-wide sections. */
  readonly zone: string | null;
}

export const UNIT_KINDS = ['city-department', 'district-government', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  /** Stable, URL-safe id (see unit-registry.ts for the scheme). */
  readonly id: string;
  /** Canonical name, typos corrected. */
  readonly name: string;
  readonly kind: UnitKind;
  /** For district governments: the district (蓬江区政府 → 蓬江区). */
  readonly district?: string;
  /** Other spellings found in the document (typo originals). */
  readonly aliases: readonly string[];
}

export interface PlanTask {
  /** 序号; for rows that lost their number, continued from the previous row. */
  readonly no: number;
  /** False when the row had no number in the document (it starts with a space and a tab). */
  readonly numberInDocument: boolean;
  /** Section number (1 … 5). */
  readonly section: number;
  /** 全市: no zone is named, neither by the section (四、五 name none) nor by places in the text. */
  readonly cityWide: boolean;
  /** 重点事项. */
  readonly title: string;
  /** 工作任务. */
  readonly workTask: string;
  /** 三年工作计划, the cell exactly as written (lines joined with `\n`). */
  readonly planText: string;
  /** 责任单位, exactly as written. */
  readonly responsibilityText: string;
  /** 牵头单位, canonical names. */
  readonly leadUnits: readonly string[];
  readonly leadUnitIds: readonly string[];
  /** How the lead units share the lead: `A牵头` single, `A、B分别牵头` each separately, `A、B牵头` jointly. */
  readonly leadMode: LeadMode;
  /** 配合单位, canonical names. */
  readonly cooperatingUnits: readonly string[];
  readonly cooperatingUnitIds: readonly string[];
  /** Plan lines without a period (standing requirements, lead-ins, trailing notes). */
  readonly standingRequirements: readonly StandingRequirement[];
  readonly zones: readonly PlaceRef[];
  readonly districts: readonly PlaceRef[];
  readonly towns: readonly TownRef[];
  readonly milestones: readonly Milestone[];
  /** 1-based line of the row in the document. */
  readonly line: number;
}

/** How the line stands in its task (`STANDING_ITEM_KINDS`): it becomes a standing item of that kind. */
export type StandingRequirementKind = StandingItemKind;

export interface StandingRequirement {
  /** The line exactly as written. */
  readonly text: string;
  readonly kind: StandingRequirementKind;
  readonly line: number;
}

export const PLACE_REASON_KINDS = [
  /** The task's section names the zone (一、二、三). */
  'section',
  /** The name (or, for districts, the short name such as 开平) occurs in the title, work task or plan. */
  'named-in-text',
  /** A town of the zone/district is named in the text. */
  'town-in-text',
  /** The district's government is a lead unit. */
  'lead-government',
  /** The district's government is a cooperating unit. */
  'cooperating-government',
] as const;
export type PlaceReasonKind = (typeof PLACE_REASON_KINDS)[number];

export interface PlaceReason {
  readonly kind: PlaceReasonKind;
  /** What was found: the section title, a text excerpt, the town or the unit name. */
  readonly evidence: string;
}

export interface PlaceRef {
  readonly name: string;
  /** The strongest reason (see `reasons` for all). */
  readonly reason: PlaceReasonKind;
  readonly reasons: readonly PlaceReason[];
}

export interface TownRef {
  readonly name: string;
  readonly district: string;
  readonly zone: string;
  /** Text excerpt where the town is named. */
  readonly evidence: string;
}

export interface Period {
  /** First year (inclusive). */
  readonly from: number;
  /** Last year (inclusive). */
  readonly to: number;
}

/**
 * How the due date was derived:
 * - `period-end`: 31 December of the period's last year (the default);
 * - `named-in-text`: every sentence of the line names a date (`上半年`, `6月底前`, `年内`…); the latest one.
 */
export type DueDateSource = 'period-end' | 'named-in-text';

export interface NamedDate {
  /** The words as written, e.g. `12月底前`, `年内`, `上半年`. */
  readonly span: string;
  readonly date: PlanDate;
}

export interface Milestone {
  /** `<planKey>.T<nn>-<year>` or `<planKey>.T<nn>-<from>-<to>`, e.g. `sanqu-2020.T12-2020-2022`. */
  readonly id: string;
  readonly task: number;
  readonly period: Period;
  /** 1 January of the first year: expected progress is linear from here to the due date. */
  readonly startDate: PlanDate;
  readonly dueDate: PlanDate;
  readonly dueDateSource: DueDateSource;
  /** Dates the text names (deadlines of parts of the line), whether or not they set the due date. */
  readonly namedDates: readonly NamedDate[];
  /** The line exactly as written, period included. */
  readonly text: string;
  /** The line without its period prefix (`2021年，`). */
  readonly body: string;
  readonly line: number;
  readonly indicators: readonly Indicator[];
}

/** `>=` 至少/不少于/不低于/以上/达到; `<=` 不超过/以下/以内; `~` 预计/约/拟/左右; `between` a range `1-2个`. */
export type Comparator = '>=' | '<=' | '=' | '~' | 'between';

export interface Indicator {
  /** What is measured: the phrase with the quantity removed, e.g. `引进投资超亿元的产业项目`. */
  readonly metric: string;
  readonly comparator: Comparator;
  readonly target: number;
  /** Upper bound for `between`. */
  readonly targetMax?: number;
  /** As written: 个, 家, %, 亩, 万亩, 公顷, 亿元, 万元… */
  readonly unit: string;
  /** `各2个`: the target applies to each item named. */
  readonly each: boolean;
  /** Zones, districts or towns the sentence names before the quantity (e.g. 塘口镇, 牛江镇). */
  readonly scope: readonly string[];
  /** The exact span of the line the indicator was read from. */
  readonly source: string;
  /** The quantity as written, e.g. `至少50个`, `65%以上`. */
  readonly quantityText: string;
}
