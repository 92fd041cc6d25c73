import type { IsoDate } from '@app/platform';

/** What reviewing one milestone stream for a year needs to know besides its events. */
export interface ReviewContext {
  readonly year: number;
  /** The day outcomes are judged at (31 December, or earlier for a year not yet over). */
  readonly asOf: IsoDate;
  /** The instant `asOf` ends (plan time zone). */
  readonly asOfEndMs: number;
  /** 31 December 24:00 of the year (plan time zone): reports recorded before it were known at year end. */
  readonly yearEndMs: number;
  /** 31 December 24:00 of the year before (plan time zone). */
  readonly previousYearEndMs: number;
  /** Only reports recorded at or before this instant count; null = all (up to the position read). */
  readonly knownAtMs: number | null;
  /** Unit id → name. */
  readonly unitName: (unitId: string) => string;
  /** Alerts raised in the year per milestone. */
  readonly alertsRaised: (milestoneId: string) => number;
}
