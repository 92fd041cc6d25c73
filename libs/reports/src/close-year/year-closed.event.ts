import { EventCodec, shape } from '@app/event-store';
import { CITY_WIDE_ZONE } from '@app/milestones';
import type { IsoDate } from '@app/platform';
import type { Outcome, OutcomeCounts } from '../retrospective/outcome';
import type { RollupRow, Rollups } from '../retrospective/report.types';

/** The books of a plan year were closed (结账): the figures as they stood, kept for good. */
export const YEAR_CLOSED = 'YearClosed';

/** `year-<planKey>-<year>`: one stream per plan year; it holds at most one `YearClosed`. */
export function yearStreamId(planKey: string, year: number): string {
  return `year-${planKey}-${year}`;
}

export interface YearClosedData {
  readonly planKey: string;
  readonly year: number;
  readonly asOf: IsoDate;
  /** The event position the figures were computed at. */
  readonly position: number;
  /** The last position recorded by 31 December 24:00. */
  readonly yearEndPosition: number;
  readonly note: string | null;
  /** Milestones per outcome. */
  readonly totals: RollupRow;
  /** Assignments (承办事项) per outcome; null in closings recorded before assignments were reviewed. */
  readonly assignmentTotals: RollupRow | null;
  readonly rollups: Rollups;
  /** Every milestone of the year with its outcome, in report order. */
  readonly outcomes: readonly (readonly [string, Outcome])[];
  /** Every assignment reviewed: milestone, assignment key, outcome (absent in older closings). */
  readonly assignmentOutcomes: readonly (readonly [string, string, Outcome])[];
}

/** A roll-up row as stored: the current shape, or the first one (`milestones`, `onTimeRate`). */
interface StoredRollupRow {
  readonly key: string;
  readonly label: string;
  readonly counted?: RollupRow['counted'];
  readonly total?: number;
  readonly milestones?: number;
  readonly counts: OutcomeCounts;
  readonly judged: number;
  readonly metOnTimeRate?: number | null;
  readonly onTimeRate?: number | null;
  readonly meanDaysLate: number | null;
  readonly maxDaysLate: number | null;
}

/** `YearClosed` data as stored, in any of its versions. */
interface StoredYearClosedData extends Omit<
  YearClosedData,
  'totals' | 'assignmentTotals' | 'rollups' | 'assignmentOutcomes'
> {
  readonly totals: StoredRollupRow;
  readonly assignmentTotals?: StoredRollupRow | null;
  readonly rollups: { readonly [D in keyof Rollups]: readonly StoredRollupRow[] };
  readonly assignmentOutcomes?: readonly (readonly [string, string, Outcome])[];
}

/**
 * The first closings named the rate `onTimeRate` and the count `milestones`, and grouped city-wide milestones
 * under the zone key "" (（未划分功能区）); they counted milestones in every row, lead units included.
 */
function upcastRow(row: StoredRollupRow, zone = false): RollupRow {
  const cityWide = zone && row.key === '';
  return {
    key: cityWide ? CITY_WIDE_ZONE : row.key,
    label: cityWide ? CITY_WIDE_ZONE : row.label,
    counted: row.counted ?? 'milestones',
    total: row.total ?? row.milestones ?? 0,
    counts: row.counts,
    judged: row.judged,
    metOnTimeRate: row.metOnTimeRate ?? row.onTimeRate ?? null,
    meanDaysLate: row.meanDaysLate,
    maxDaysLate: row.maxDaysLate,
  };
}

/** Every version of a stored closing upcast to the current shape. */
function upcastClosing(d: StoredYearClosedData): YearClosedData {
  return {
    ...d,
    totals: upcastRow(d.totals),
    assignmentTotals: d.assignmentTotals ? upcastRow(d.assignmentTotals) : null,
    rollups: {
      zone: d.rollups.zone.map((r) => upcastRow(r, true)),
      district: d.rollups.district.map((r) => upcastRow(r)),
      leadUnit: d.rollups.leadUnit.map((r) => upcastRow(r)),
      section: d.rollups.section.map((r) => upcastRow(r)),
    },
    assignmentOutcomes: d.assignmentOutcomes ?? [],
  };
}

export interface YearEventDataByType {
  [YEAR_CLOSED]: YearClosedData;
}

/** The events of a plan year's stream (`year-<planKey>-<year>`): the closing, in whichever version it was written. */
export const YEAR_EVENTS = new EventCodec<YearEventDataByType>('plan year', {
  [YEAR_CLOSED]: shape<YearClosedData, StoredYearClosedData>(
    {
      planKey: 'string',
      year: 'number',
      asOf: 'string',
      position: 'number',
      yearEndPosition: 'number',
      totals: 'object',
      rollups: 'object',
      outcomes: 'array',
      assignmentOutcomes: 'array?',
    },
    upcastClosing,
  ),
});
