import type { IsoDate } from '@app/platform';
import type { MilestoneLifecycle } from '../domain/state/lifecycle';

/** The plan years a milestone line covers (`2020年` → 2020–2020, `2021-2022年` → 2021–2022). */
export interface MilestonePeriod {
  readonly from: number;
  readonly to: number;
}

/**
 * What the rules need to know about one milestone, as known at one point of its history.
 * All dates are calendar dates (YYYY-MM-DD) in the plan's time zone.
 */
export interface AssessmentFacts {
  readonly period: MilestonePeriod;
  /** The due date in the imported plan; never changes (the baseline). */
  readonly baselineDueDate: IsoDate;
  /** The current due date, possibly re-baselined (moved by an approved adjustment). */
  readonly dueDate: IsoDate;
  readonly lifecycle: MilestoneLifecycle;
  /** Last reported progress, 0–100; `null` when no figure was ever reported. */
  readonly percent: number | null;
  /** Completion date forecast by the unit in its last progress/delay report; `null` when none. */
  readonly forecastDate: IsoDate | null;
  /** Date of the last progress, delay or completion report (when it happened); `null` when none. */
  readonly lastReportOn: IsoDate | null;
  /** Completion date claimed in the current submission (待核验); `null` when not submitted. */
  readonly submittedOn: IsoDate | null;
  /** Date the supervising office accepted the completion (销号); `null` when not accepted. */
  readonly acceptedOn: IsoDate | null;
  /**
   * First date this milestone was red since it was last accepted (kept by the projection from the health
   * history; `healthHistory` derives it by itself). A milestone that was red and caught up stays amber until
   * accepted. `undefined`/`null` = never red.
   */
  readonly redFlagSince?: IsoDate | null;
}

/** Jan 1 of the first plan year: where linear expected progress starts and the report cadence clock starts. */
export function periodStart(facts: Pick<AssessmentFacts, 'period'>): IsoDate {
  return `${String(facts.period.from).padStart(4, '0')}-01-01`;
}
