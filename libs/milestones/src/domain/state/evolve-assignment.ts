import { assertUnreachable, dateInZone, PLAN_TIME_ZONE, type IsoDate } from '@app/platform';
import type { IndicatorActual, MilestoneEvent, PlanImportEvent } from '../milestone.events';
import type { AssignmentState, IndicatorState, ProgressPoint } from './assignment';

/** The events that change an assignment (the plan's own events change the milestone: `evolve-milestone.ts`). */
export type AssignmentEvent = Exclude<MilestoneEvent, PlanImportEvent>;

const ms = (instant: string): number => Date.parse(instant);

/** True when `at` is at or after `previous` (or there is no previous). */
function isLatest(at: string, previous: string | null): boolean {
  return previous === null || ms(at) >= ms(previous);
}

export function dayOf(instant: string): IsoDate {
  return dateInZone(new Date(instant), PLAN_TIME_ZONE);
}

function withReport(a: AssignmentState, occurredAt: string): AssignmentState {
  const latest = isLatest(occurredAt, a.lastReportAt);
  return {
    ...a,
    reports: a.reports + 1,
    lastReportAt: latest ? occurredAt : a.lastReportAt,
    lastReportOn: latest ? dayOf(occurredAt) : a.lastReportOn,
  };
}

function withForecast(
  a: AssignmentState,
  forecastDate: IsoDate | undefined,
  occurredAt: string,
): AssignmentState {
  if (forecastDate === undefined || !isLatest(occurredAt, a.forecastAt)) return a;
  return { ...a, forecastDate, forecastAt: occurredAt };
}

function withActuals(
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
function insertProgress(points: readonly ProgressPoint[], point: ProgressPoint): ProgressPoint[] {
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

/** Applies an event to one assignment it concerns (see `targetAssignments`). Total: history is never rejected. */
export function evolveAssignment(a: AssignmentState, event: AssignmentEvent): AssignmentState {
  switch (event.type) {
    case 'ProgressReported': {
      const d = event.data;
      const latest = isLatest(event.occurredAt, a.progress.at(-1)?.occurredAt ?? null);
      const next: AssignmentState = {
        ...a,
        progress: insertProgress(a.progress, { occurredAt: event.occurredAt, percent: d.percent }),
        percent: latest ? d.percent : a.percent,
        lastNarrative: latest ? d.narrative : a.lastNarrative,
        lifecycle:
          (a.lifecycle === 'planned' && d.percent > 0) || a.lifecycle === 'returned'
            ? 'in_progress'
            : a.lifecycle,
      };
      return withActuals(
        withForecast(withReport(next, event.occurredAt), d.forecastDate, event.occurredAt),
        d.indicatorActuals,
        event.occurredAt,
      );
    }
    case 'DelayReported': {
      const next: AssignmentState = {
        ...withReport(a, event.occurredAt),
        lifecycle: a.lifecycle === 'returned' ? 'in_progress' : a.lifecycle,
        delays: a.delays + 1,
        lastDelayReason: event.data.reason,
      };
      return withForecast(next, event.data.forecastDate, event.occurredAt);
    }
    case 'CompletionSubmitted': {
      const d = event.data;
      const next: AssignmentState = {
        ...withReport(a, event.occurredAt),
        lifecycle: 'submitted',
        submittedOn: d.completedOn,
        submittedAt: event.occurredAt,
        completionEvidence: [...d.evidence],
        lastNarrative: d.narrative,
        percentBeforeSubmission: a.percent,
        percent: 100,
      };
      return withActuals(next, d.indicatorActuals, event.occurredAt);
    }
    case 'CompletionAccepted':
      return {
        ...a,
        lifecycle: 'accepted',
        acceptedOn: dayOf(event.occurredAt),
        acceptedAt: event.occurredAt,
      };
    case 'CompletionReturned':
      return {
        ...a,
        lifecycle: 'returned',
        returns: a.returns + 1,
        lastReturnReason: event.data.reason,
        submittedOn: null,
        submittedAt: null,
        completionEvidence: [],
        percent: a.percentBeforeSubmission,
        percentBeforeSubmission: null,
      };
    case 'DueDateRebaselined':
      return {
        ...a,
        dueDate: event.data.newDueDate,
        rebaselines: a.rebaselines + 1,
        lastRebaselineReason: event.data.reason,
      };
    case 'IndicatorTargetRevised':
      return { ...a, indicators: withTarget(a.indicators, event.data.metric, event.data.newTarget) };
    case 'MilestoneCancelled':
      return {
        ...a,
        lifecycle: 'cancelled',
        closedReason: event.data.reason,
        closedOn: dayOf(event.occurredAt),
      };
    default:
      return assertUnreachable(event, 'assignment event');
  }
}

/** A plan withdrawal ends the assignment; it remembers the lifecycle it ended. */
export function withdrawAssignment(a: AssignmentState, reason: string, on: IsoDate): AssignmentState {
  return {
    ...a,
    lifecycle: 'withdrawn',
    lifecycleBeforeWithdrawal: a.lifecycle === 'withdrawn' ? a.lifecycleBeforeWithdrawal : a.lifecycle,
    closedReason: reason,
    closedOn: on,
  };
}

/** Back in a revised plan: a withdrawn assignment is reinstated as it was (a cancelled one stays cancelled). */
export function reinstateAssignment(a: AssignmentState): AssignmentState {
  if (a.lifecycle !== 'withdrawn') return a;
  const back = a.lifecycleBeforeWithdrawal ?? 'planned';
  return back === 'cancelled'
    ? { ...a, lifecycle: back, lifecycleBeforeWithdrawal: null }
    : { ...a, lifecycle: back, lifecycleBeforeWithdrawal: null, closedReason: null, closedOn: null };
}
