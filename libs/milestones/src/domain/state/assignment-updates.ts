import { dateInZone, PLAN_TIME_ZONE, type IsoDate } from '@app/platform';
import type { IndicatorActual } from '../milestone.events';
import type { AssignmentState, IndicatorState, ProgressPoint } from './assignment';

/** What the events of commands share in their effect on an assignment (each event's own: its command module). */

const ms = (instant: string): number => Date.parse(instant);

/** True when `at` is at or after `previous` (or there is no previous). */
export function isLatest(at: string, previous: string | null): boolean {
  return previous === null || ms(at) >= ms(previous);
}

export function dayOf(instant: string): IsoDate {
  return dateInZone(new Date(instant), PLAN_TIME_ZONE);
}

export function withReport(a: AssignmentState, occurredAt: string): AssignmentState {
  const latest = isLatest(occurredAt, a.lastReportAt);
  return {
    ...a,
    reports: a.reports + 1,
    lastReportAt: latest ? occurredAt : a.lastReportAt,
    lastReportOn: latest ? dayOf(occurredAt) : a.lastReportOn,
  };
}

export function withForecast(
  a: AssignmentState,
  forecastDate: IsoDate | undefined,
  occurredAt: string,
): AssignmentState {
  if (forecastDate === undefined || !isLatest(occurredAt, a.forecastAt)) return a;
  return { ...a, forecastDate, forecastAt: occurredAt };
}

export function withActuals(
  a: AssignmentState,
  actuals: readonly IndicatorActual[] | undefined,
  occurredAt: string,
): AssignmentState {
  if (actuals === undefined || actuals.length === 0) return a;
  const indicators = a.indicators.map((ind) => {
    const reported = actuals.find((x) => x.metric === ind.metric);
    if (reported === undefined || !isLatest(occurredAt, ind.actualAt)) return ind;
    return { ...ind, actual: reported.actual, actualAt: occurredAt };
  });
  return { ...a, indicators };
}

/** The points in time order, the new one after those at the same instant (most often: at the end). */
export function insertProgress(points: readonly ProgressPoint[], point: ProgressPoint): ProgressPoint[] {
  const at = ms(point.occurredAt);
  let lo = 0;
  let hi = points.length;
  if (hi > 0 && ms(points[hi - 1]!.occurredAt) <= at) lo = hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ms(points[mid]!.occurredAt) > at) hi = mid;
    else lo = mid + 1;
  }
  return lo === points.length ? [...points, point] : [...points.slice(0, lo), point, ...points.slice(lo)];
}

/** A revised target of one metric. */
export function withTarget(
  indicators: readonly IndicatorState[],
  metric: string,
  target: number,
): IndicatorState[] {
  return indicators.map((i) => (i.metric === metric ? { ...i, target } : i));
}
