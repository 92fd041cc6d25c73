import type { LeadMode, StandingItemKind } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import type { UnitRole } from '@app/read-models';

/** One unit on a standing item in the year: its reports and its silence at the year end vs the cadence. */
export interface StandingUnitStatement {
  readonly unitId: string;
  readonly unit: string;
  /** lead 牵头 (answers for it) or cooperating 配合 (reported context). */
  readonly role: UnitRole;
  /** Reports that happened in the year (up to the statement day). */
  readonly reportsInYear: number;
  /** The last report's day, in the year or before; null when it never reported. */
  readonly lastReportOn: IsoDate | null;
  /** Where the silence is counted from: the last report, or 1 January of the item's first year. */
  readonly silentSince: IsoDate;
  /** Days from `silentSince` to the statement day. */
  readonly daysSilent: number;
  /** Reported within the cadence: `daysSilent` ≤ `cadenceDays`. */
  readonly withinCadence: boolean;
}

export interface StandingItemStatement {
  /** `<planKey>.T<nn>-S<k>`. */
  readonly itemId: string;
  readonly section: number;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly text: string;
  readonly kind: StandingItemKind;
  readonly kindLabel: string;
  readonly leadMode: LeadMode;
  readonly cityWide: boolean;
  readonly zones: readonly string[];
  /** Withdrawn from the plan by the statement day. */
  readonly withdrawn: boolean;
  /** Lead units first (each answers for its own share), then cooperating units that reported. */
  readonly units: readonly StandingUnitStatement[];
}

/** 常态化事项年终情况: standing items have no due date; the year-end statement says what was reported. */
export interface StandingStatement {
  /** The statement day (the review's as-of date). */
  readonly asOf: IsoDate;
  /** The reporting cadence (health thresholds' `reportCadenceDays`). */
  readonly cadenceDays: number;
  readonly items: readonly StandingItemStatement[];
}

export const STANDING_KIND_LABELS_ZH: { readonly [K in StandingItemKind]: string } = {
  standing: '常态化要求',
  'lead-in': '总体要求',
  trailing: '后续要求',
};
