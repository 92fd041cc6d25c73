import {
  addDays,
  dateInZone,
  endOfDayInZone,
  parseIsoInstant,
  PLAN_TIME_ZONE,
  type IsoDate,
} from '@app/platform';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import { MILESTONE_LIMITS, validDate } from '../milestone.validation';
import type { MilestoneState } from '../state/milestone-state';

/** When a command says it happened, checked against the clock and the plan period. */
export interface Moment {
  /** Normalised ISO instant (UTC). */
  readonly iso: string;
  /** Its calendar day in the plan's zone. */
  readonly day: IsoDate;
  readonly backdated: boolean;
}

export function periodStart(state: Pick<MilestoneState, 'period'>): IsoDate {
  return `${String(state.period.from).padStart(4, '0')}-01-01`;
}

/** The first instant of the plan period (its first day in the plan's zone), by start year: a few plans, many commands. */
const periodStarts = new Map<number, number>();

function periodStartMs(state: Pick<MilestoneState, 'period'>): number {
  const year = state.period.from;
  let ms = periodStarts.get(year);
  if (ms === undefined) {
    ms = endOfDayInZone(addDays(periodStart(state), -1), PLAN_TIME_ZONE).getTime();
    if (periodStarts.size >= 1_000) periodStarts.clear();
    periodStarts.set(year, ms);
  }
  return ms;
}

/**
 * The command's window is the bound of `occurredAt`: from the start of the plan period to now (with the clock
 * skew), compared as instants. Any instant past it is 422 OCCURRED_AT_IN_FUTURE, any before it 422
 * OCCURRED_AT_BEFORE_PLAN_PERIOD, however far (year 0000, or 9999-12-31 at any hour and offset); only text that is
 * no instant (`parseIsoInstant`) is OCCURRED_AT_INVALID. The window lies inside the plan calendar (1900–9999 in
 * Beijing), so a day is always a date.
 */
export function resolveOccurredAt(
  occurredAt: string | undefined,
  state: Pick<MilestoneState, 'period'>,
  now: Date,
): Moment {
  const field = 'occurredAt';
  const at = occurredAt === undefined ? now : parseIsoInstant(occurredAt);
  if (at === null) throw new MilestoneError(MilestoneErrorCode.OCCURRED_AT_INVALID, { field });
  const iso = at.toISOString();
  if (at.getTime() > now.getTime() + MILESTONE_LIMITS.futureSkewMs) {
    throw new MilestoneError(MilestoneErrorCode.OCCURRED_AT_IN_FUTURE, {
      field,
      details: { occurredAt: iso, now: now.toISOString() },
    });
  }
  if (at.getTime() < periodStartMs(state)) {
    throw new MilestoneError(MilestoneErrorCode.OCCURRED_AT_BEFORE_PLAN_PERIOD, {
      field,
      details: { occurredAt: iso, periodStart: periodStart(state) },
    });
  }
  const day = dateInZone(at, PLAN_TIME_ZONE);
  return { iso, day, backdated: now.getTime() - at.getTime() > MILESTONE_LIMITS.backdatedAfterMs };
}

type HorizonState = Pick<MilestoneState, 'period' | 'baselineDueDate'>;

/**
 * The last date a due or forecast date may be: 31 December, `dateYearsAfterPeriod` years after the latest of the
 * period's end, the planned (baseline) due date and the command's own day. A delay may run past the plan, and a
 * milestone late for years may still be forecast; a date in the next century is a typing error, and rebaselines
 * cannot ratchet the limit on (current due dates do not count).
 */
export function latestPlanDate(state: HorizonState, day: IsoDate): IsoDate {
  const years = [state.period.to, state.baselineDueDate, day].map((v) =>
    typeof v === 'number' ? v : Number(v.slice(0, 4)) || 0,
  );
  return `${String(Math.max(...years) + MILESTONE_LIMITS.dateYearsAfterPeriod).padStart(4, '0')}-12-31`;
}

function notPastHorizon(date: IsoDate, field: string, state: HorizonState, day: IsoDate): IsoDate {
  const latest = latestPlanDate(state, day);
  if (date > latest) {
    throw new MilestoneError(MilestoneErrorCode.DATE_AFTER_PLAN_HORIZON, {
      field,
      details: {
        value: date,
        periodEnd: state.period.to,
        latest,
        years: MILESTONE_LIMITS.dateYearsAfterPeriod,
      },
    });
  }
  return date;
}

/** A forecast date in the command: not before the report's own day, not past the plan's horizon. */
export function forecastFrom(value: unknown, at: Moment, state: HorizonState): IsoDate {
  const forecastDate = validDate(value, 'forecastDate');
  if (forecastDate < at.day) {
    throw new MilestoneError(MilestoneErrorCode.FORECAST_DATE_IN_PAST, {
      field: 'forecastDate',
      details: { forecastDate, reportedOn: at.day },
    });
  }
  return notPastHorizon(forecastDate, 'forecastDate', state, at.day);
}

/** A date of the command, not before the plan period. */
export function dateInPeriod(value: unknown, field: string, state: Pick<MilestoneState, 'period'>): IsoDate {
  const date = validDate(value, field);
  if (date < periodStart(state)) {
    throw new MilestoneError(MilestoneErrorCode.DATE_BEFORE_PLAN_PERIOD, {
      field,
      details: { value: date, periodStart: periodStart(state) },
    });
  }
  return date;
}

/** A new due date, decided at `at`: in the plan period, and not past the horizon (`latestPlanDate`). */
export function dueDateInPlan(value: unknown, field: string, state: HorizonState, at: Moment): IsoDate {
  return notPastHorizon(dateInPeriod(value, field, state), field, state, at.day);
}
