import { assertUnreachable, type IsoDate } from '@app/platform';
import type { MilestoneEvent } from '@app/milestones';
import type { MilestoneFacts, MilestoneLifecycle } from '../rules';

/**
 * The part of a milestone's state the read models need, and the reducer that keeps it.
 *
 * `evolveFacts` mirrors the domain's `evolve` (libs/milestones/src/domain/milestone.ts) field for field on
 * what it computes: lifecycle, the latest percent / forecast / report *by occurredAt* (a backdated report
 * slots in without overwriting a later one), the submission and acceptance dates, the baseline and current
 * due dates. It is a separate reducer rather than a call to `evolve` because a replay runs it millions of
 * times: the domain state carries the whole progress list (copied on every report, so O(n²) per stream) and
 * computes calendar days with a new `Intl.DateTimeFormat` per call. `facts-state.spec.ts` checks the two agree
 * on random streams, backdated reports included.
 *
 * Instants are epoch milliseconds; days are computed with `dayOf` (the plan's time zone).
 */
export interface FactsState {
  /** False until MilestonePlanned / MilestoneAdded. */
  readonly exists: boolean;
  readonly periodFrom: number;
  readonly periodTo: number;
  readonly lifecycle: MilestoneLifecycle;
  readonly percent: number | null;
  /** Restored when a submission is returned. */
  readonly percentBeforeSubmission: number | null;
  /** occurredAt of the latest progress report (domain: `progress.at(-1).occurredAt`). */
  readonly lastProgressMs: number | null;
  readonly forecastDate: IsoDate | null;
  readonly forecastMs: number | null;
  readonly lastReportMs: number | null;
  readonly lastReportOn: IsoDate | null;
  readonly baselineDueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly submittedOn: IsoDate | null;
  readonly acceptedOn: IsoDate | null;
  readonly lastReturnReason: string | null;
  /** Events flagged `backdated` (reported more than 30 days after they happened). */
  readonly backdatedEvents: number;
  /** The lifecycle a withdrawal ended; a `MilestoneRevised` on a withdrawn milestone reinstates it. */
  readonly lifecycleBeforeWithdrawal: MilestoneLifecycle | null;
}

export const INITIAL_FACTS_STATE: FactsState = Object.freeze({
  exists: false,
  periodFrom: 0,
  periodTo: 0,
  lifecycle: 'planned',
  percent: null,
  percentBeforeSubmission: null,
  lastProgressMs: null,
  forecastDate: null,
  forecastMs: null,
  lastReportMs: null,
  lastReportOn: null,
  baselineDueDate: '',
  dueDate: '',
  submittedOn: null,
  acceptedOn: null,
  lastReturnReason: null,
  backdatedEvents: 0,
  lifecycleBeforeWithdrawal: null,
});

/** A milestone event with its instant already parsed. */
export interface FactsEvent {
  readonly event: MilestoneEvent;
  readonly occurredMs: number;
  readonly backdated: boolean;
}

const isLatest = (at: number, previous: number | null): boolean => previous === null || at >= previous;

function withReport(s: FactsState, at: number, dayOf: (ms: number) => IsoDate): FactsState {
  if (!isLatest(at, s.lastReportMs)) return s;
  return { ...s, lastReportMs: at, lastReportOn: dayOf(at) };
}

function withForecast(s: FactsState, forecastDate: IsoDate | undefined, at: number): FactsState {
  if (forecastDate === undefined || !isLatest(at, s.forecastMs)) return s;
  return { ...s, forecastDate, forecastMs: at };
}

/** Applies one event. Events on a milestone that does not exist yet are ignored (nothing to judge). */
export function evolveFacts(state: FactsState, fe: FactsEvent, dayOf: (ms: number) => IsoDate): FactsState {
  const e = fe.event;
  const t = fe.occurredMs;
  if (!state.exists && e.type !== 'MilestonePlanned' && e.type !== 'MilestoneAdded') return state;
  const s: FactsState = fe.backdated ? { ...state, backdatedEvents: state.backdatedEvents + 1 } : state;
  switch (e.type) {
    case 'MilestonePlanned':
    case 'MilestoneAdded':
      return {
        ...INITIAL_FACTS_STATE,
        exists: true,
        periodFrom: e.data.period.from,
        periodTo: e.data.period.to,
        baselineDueDate: e.data.dueDate,
        dueDate: e.data.dueDate,
        backdatedEvents: s.backdatedEvents,
      };
    case 'MilestoneRevised': {
      const rebaselined = s.dueDate !== s.baselineDueDate;
      const revised = {
        ...s,
        baselineDueDate: e.data.dueDate,
        dueDate: rebaselined ? s.dueDate : e.data.dueDate,
      };
      return s.lifecycle === 'withdrawn'
        ? { ...revised, lifecycle: s.lifecycleBeforeWithdrawal ?? 'planned', lifecycleBeforeWithdrawal: null }
        : revised;
    }
    case 'MilestoneWithdrawn':
      return {
        ...s,
        lifecycle: 'withdrawn',
        lifecycleBeforeWithdrawal: s.lifecycle === 'withdrawn' ? s.lifecycleBeforeWithdrawal : s.lifecycle,
      };
    case 'ProgressReported': {
      const latest = isLatest(t, s.lastProgressMs);
      const next: FactsState = {
        ...s,
        lastProgressMs: latest ? t : s.lastProgressMs,
        percent: latest ? e.data.percent : s.percent,
        lifecycle:
          (s.lifecycle === 'planned' && e.data.percent > 0) || s.lifecycle === 'returned'
            ? 'in_progress'
            : s.lifecycle,
      };
      return withForecast(withReport(next, t, dayOf), e.data.forecastDate, t);
    }
    case 'DelayReported': {
      const next = withReport(s, t, dayOf);
      return withForecast(
        { ...next, lifecycle: s.lifecycle === 'returned' ? 'in_progress' : s.lifecycle },
        e.data.forecastDate,
        t,
      );
    }
    case 'CompletionSubmitted':
      return {
        ...withReport(s, t, dayOf),
        lifecycle: 'submitted',
        submittedOn: e.data.completedOn,
        percentBeforeSubmission: s.percent,
        percent: 100,
      };
    case 'CompletionAccepted':
      return { ...s, lifecycle: 'accepted', acceptedOn: dayOf(t) };
    case 'CompletionReturned':
      return {
        ...s,
        lifecycle: 'returned',
        submittedOn: null,
        percent: s.percentBeforeSubmission,
        percentBeforeSubmission: null,
        lastReturnReason: e.data.reason,
      };
    case 'DueDateRebaselined':
      return { ...s, dueDate: e.data.newDueDate };
    case 'IndicatorTargetRevised':
      return s;
    case 'MilestoneCancelled':
      return { ...s, lifecycle: 'cancelled' };
    default:
      return assertUnreachable(e, 'milestone event');
  }
}

/** What the rules judge. `redFlagIn`: the red flag carried in from earlier health (see `healthHistory`). */
export function factsOf(s: FactsState, redFlagIn: IsoDate | null): MilestoneFacts {
  return {
    period: { from: s.periodFrom, to: s.periodTo },
    baselineDueDate: s.baselineDueDate,
    dueDate: s.dueDate,
    lifecycle: s.lifecycle,
    percent: s.percent,
    forecastDate: s.forecastDate,
    lastReportOn: s.lastReportOn,
    submittedOn: s.submittedOn,
    acceptedOn: s.acceptedOn,
    redFlagSince: redFlagIn,
  };
}
