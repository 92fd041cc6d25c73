import type { IsoDate } from '@app/platform';
import type { Outcome, RollupRow, Rollups } from '../retrospective/retrospective.types';

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
  readonly totals: RollupRow;
  readonly rollups: Rollups;
  /** Every milestone of the year with its outcome, in report order. */
  readonly outcomes: readonly (readonly [string, Outcome])[];
}
