import { assertUnreachable, dateInZone, PLAN_TIME_ZONE, type IsoDate } from '@app/platform';

import { authorize } from './milestone.access';
import type {
  AcceptCompletion,
  CancelMilestone,
  MilestoneCommand,
  RebaselineDueDate,
  ReportDelay,
  ReportProgress,
  ReturnCompletion,
  ReviseIndicatorTarget,
  SubmitCompletion,
} from './milestone.commands';
import { MilestoneError, MilestoneErrorCode } from './milestone.errors';
import type {
  DecidedMilestoneEvent,
  EvidenceRef,
  IndicatorActual,
  MilestoneEvent,
  PlanIndicator,
  PlanPeriod,
} from './milestone.events';
import {
  finiteNumber,
  MILESTONE_LIMITS,
  METRIC,
  NARRATIVE,
  NOTE,
  optionalText,
  parseInstant,
  REASON,
  requiredText,
  validDate,
  validEvidence,
  validIndicatorActuals,
  validPercent,
} from './milestone.validation';

/** The plan's calendar (defined in @app/platform, re-exported here for the domain's users). */
export { PLAN_TIME_ZONE };

/**
 * Lifecycle only (from events). Schedule (overdue, due soon…) and health (red/amber/green/grey) are
 * derived elsewhere at a date; never fold them in here.
 *
 * 未开始 planned → 推进中 in_progress (first progress above 0%) → 待核验 submitted → 已销号 accepted.
 * 退回 returned: the claim was not accepted; the work goes on as in progress (the unit may report, report
 * a delay or resubmit) and the next report makes it `in_progress` again; `lastReturnReason` is kept.
 * 已取消 cancelled (by the supervising office) and 已撤销 withdrawn (no longer in the plan) are final.
 */
export const MILESTONE_LIFECYCLES = [
  'planned',
  'in_progress',
  'submitted',
  'accepted',
  'returned',
  'cancelled',
  'withdrawn',
] as const;
export type MilestoneLifecycle = (typeof MILESTONE_LIFECYCLES)[number];

export const MILESTONE_LIFECYCLE_LABELS_ZH: { readonly [L in MilestoneLifecycle]: string } = {
  planned: '未开始',
  in_progress: '推进中',
  submitted: '待核验',
  accepted: '已销号',
  returned: '已退回',
  cancelled: '已取消',
  withdrawn: '已撤销',
};

export interface IndicatorState {
  readonly metric: string;
  readonly comparator: string;
  readonly unit: string;
  readonly source: string;
  /** The plan's target. */
  readonly baselineTarget: number;
  /** The current target (after `IndicatorTargetRevised`). */
  readonly target: number;
  /** The latest reported value (by `occurredAt`), or null. */
  readonly actual: number | null;
  readonly actualAt: string | null;
}

export interface ProgressPoint {
  readonly occurredAt: string;
  readonly percent: number;
}

export interface MilestoneState {
  /** False until `MilestonePlanned`. */
  readonly exists: boolean;
  readonly milestoneId: string;
  readonly planKey: string;
  readonly taskNo: number;
  readonly section: number;
  readonly taskTitle: string;
  readonly text: string;
  readonly period: PlanPeriod;
  readonly zones: readonly string[];
  readonly districts: readonly string[];
  /** 牵头单位 */
  readonly leadUnits: readonly string[];
  /** 配合单位 */
  readonly cooperatingUnits: readonly string[];

  readonly lifecycle: MilestoneLifecycle;

  /** The latest reported percent (by `occurredAt`); 100 while submitted or accepted; null before any report. */
  readonly percent: number | null;
  /** Every progress report's percent, ordered by `occurredAt` (backdated reports slot in). */
  readonly progress: readonly ProgressPoint[];
  readonly lastNarrative: string | null;
  /** The latest stated forecast of completion (from a progress or delay report), or null. */
  readonly forecastDate: IsoDate | null;
  readonly forecastAt: string | null;
  /** The latest progress, delay or completion report: instant and its calendar day. */
  readonly lastReportAt: string | null;
  readonly lastReportOn: IsoDate | null;
  readonly reports: number;
  readonly delays: number;
  readonly lastDelayReason: string | null;

  /** The plan's due date; a re-baseline never changes it (a plan re-import may correct it). */
  readonly baselineDueDate: IsoDate;
  /** The current due date. */
  readonly dueDate: IsoDate;
  readonly rebaselines: number;
  readonly lastRebaselineReason: string | null;

  /** `completedOn` of the pending or accepted completion. */
  readonly submittedOn: IsoDate | null;
  /** When that completion was submitted (instant). */
  readonly submittedAt: string | null;
  readonly completionEvidence: readonly EvidenceRef[];
  /** The calendar day of acceptance (销号). */
  readonly acceptedOn: IsoDate | null;
  readonly acceptedAt: string | null;
  /** How often a completion was returned (退回). */
  readonly returns: number;
  readonly lastReturnReason: string | null;
  /** The percent before the pending submission; restored when it is returned. */
  readonly percentBeforeSubmission: number | null;

  readonly indicators: readonly IndicatorState[];

  /** Why it was cancelled or withdrawn, and the day. */
  readonly closedReason: string | null;
  readonly closedOn: IsoDate | null;
  /**
   * The lifecycle a withdrawal ended (null unless withdrawn): a revised plan that contains the milestone again
   * (`MilestoneRevised` on a withdrawn milestone) reinstates it in that state.
   */
  readonly lifecycleBeforeWithdrawal: MilestoneLifecycle | null;

  readonly planRevisions: number;
  /** Number of events applied: the stream version. */
  readonly version: number;
}

export const initialState: MilestoneState = Object.freeze({
  exists: false,
  milestoneId: '',
  planKey: '',
  taskNo: 0,
  section: 0,
  taskTitle: '',
  text: '',
  period: { from: 0, to: 0 },
  zones: [],
  districts: [],
  leadUnits: [],
  cooperatingUnits: [],
  lifecycle: 'planned',
  percent: null,
  progress: [],
  lastNarrative: null,
  forecastDate: null,
  forecastAt: null,
  lastReportAt: null,
  lastReportOn: null,
  reports: 0,
  delays: 0,
  lastDelayReason: null,
  baselineDueDate: '',
  dueDate: '',
  rebaselines: 0,
  lastRebaselineReason: null,
  submittedOn: null,
  submittedAt: null,
  completionEvidence: [],
  acceptedOn: null,
  acceptedAt: null,
  returns: 0,
  lastReturnReason: null,
  percentBeforeSubmission: null,
  indicators: [],
  closedReason: null,
  closedOn: null,
  lifecycleBeforeWithdrawal: null,
  planRevisions: 0,
  version: 0,
});

// ---------------------------------------------------------------------------------------------
// evolve: apply a fact. Total and pure: history is never rejected here.
// ---------------------------------------------------------------------------------------------

function ms(instant: string): number {
  return Date.parse(instant);
}

/** True when `at` is at or after `previous` (or there is no previous). */
function isLatest(at: string, previous: string | null): boolean {
  return previous === null || ms(at) >= ms(previous);
}

function dayOf(instant: string): IsoDate {
  return dateInZone(new Date(instant), PLAN_TIME_ZONE);
}

function withReport(state: MilestoneState, occurredAt: string): MilestoneState {
  const latest = isLatest(occurredAt, state.lastReportAt);
  return {
    ...state,
    reports: state.reports + 1,
    lastReportAt: latest ? occurredAt : state.lastReportAt,
    lastReportOn: latest ? dayOf(occurredAt) : state.lastReportOn,
  };
}

function withForecast(
  state: MilestoneState,
  forecastDate: IsoDate | undefined,
  occurredAt: string,
): MilestoneState {
  if (forecastDate === undefined || !isLatest(occurredAt, state.forecastAt)) return state;
  return { ...state, forecastDate, forecastAt: occurredAt };
}

function withActuals(
  state: MilestoneState,
  actuals: readonly IndicatorActual[] | undefined,
  occurredAt: string,
): MilestoneState {
  if (actuals === undefined || actuals.length === 0) return state;
  const indicators = state.indicators.map((ind) => {
    const reported = actuals.find((a) => a.metric === ind.metric);
    if (reported === undefined || !isLatest(occurredAt, ind.actualAt)) return ind;
    return { ...ind, actual: reported.actual, actualAt: occurredAt };
  });
  return { ...state, indicators };
}

function insertProgress(points: readonly ProgressPoint[], point: ProgressPoint): ProgressPoint[] {
  const at = ms(point.occurredAt);
  const i = points.findIndex((p) => ms(p.occurredAt) > at);
  return i < 0 ? [...points, point] : [...points.slice(0, i), point, ...points.slice(i)];
}

function indicatorsFromPlan(
  plan: readonly PlanIndicator[],
  previous: readonly IndicatorState[],
): IndicatorState[] {
  return plan.map((p) => {
    const old = previous.find((o) => o.metric === p.metric);
    // A target revised by the supervising office survives a re-import; otherwise the plan's target is current.
    const revised = old !== undefined && old.target !== old.baselineTarget;
    return {
      metric: p.metric,
      comparator: p.comparator,
      unit: p.unit,
      source: p.source,
      baselineTarget: p.target,
      target: revised ? old.target : p.target,
      actual: old?.actual ?? null,
      actualAt: old?.actualAt ?? null,
    };
  });
}

function apply(state: MilestoneState, event: MilestoneEvent): MilestoneState {
  switch (event.type) {
    case 'MilestonePlanned':
    case 'MilestoneAdded': {
      const d = event.data;
      return {
        ...initialState,
        exists: true,
        milestoneId: d.milestoneId,
        planKey: d.planKey,
        taskNo: d.taskNo,
        section: d.section,
        taskTitle: d.taskTitle,
        text: d.text,
        period: { from: d.period.from, to: d.period.to },
        zones: [...d.zones],
        districts: [...d.districts],
        leadUnits: [...d.leadUnits],
        cooperatingUnits: [...d.cooperatingUnits],
        lifecycle: 'planned',
        baselineDueDate: d.dueDate,
        dueDate: d.dueDate,
        indicators: indicatorsFromPlan(d.indicators, []),
      };
    }
    case 'MilestoneRevised': {
      const d = event.data;
      // The plan's date is the baseline; a re-baselined current date stays as it is.
      const rebaselined = state.dueDate !== state.baselineDueDate;
      // Back in a revised plan: a withdrawn milestone is reinstated as it was.
      const back = state.lifecycleBeforeWithdrawal ?? 'planned';
      const reinstated: Partial<MilestoneState> =
        state.lifecycle !== 'withdrawn'
          ? {}
          : back === 'cancelled' // still cancelled: the closing reason and day stay
            ? { lifecycle: back, lifecycleBeforeWithdrawal: null }
            : { lifecycle: back, lifecycleBeforeWithdrawal: null, closedReason: null, closedOn: null };
      return {
        ...state,
        ...reinstated,
        text: d.text,
        baselineDueDate: d.dueDate,
        dueDate: rebaselined ? state.dueDate : d.dueDate,
        indicators: indicatorsFromPlan(d.indicators, state.indicators),
        planRevisions: state.planRevisions + 1,
      };
    }
    case 'MilestoneWithdrawn':
      return {
        ...state,
        lifecycle: 'withdrawn',
        lifecycleBeforeWithdrawal:
          state.lifecycle === 'withdrawn' ? state.lifecycleBeforeWithdrawal : state.lifecycle,
        closedReason: event.data.reason,
        closedOn: dayOf(event.occurredAt),
      };
    case 'ProgressReported': {
      const d = event.data;
      const latest = isLatest(event.occurredAt, state.progress.at(-1)?.occurredAt ?? null);
      let next: MilestoneState = {
        ...state,
        progress: insertProgress(state.progress, { occurredAt: event.occurredAt, percent: d.percent }),
        percent: latest ? d.percent : state.percent,
        lastNarrative: latest ? d.narrative : state.lastNarrative,
        lifecycle:
          (state.lifecycle === 'planned' && d.percent > 0) || state.lifecycle === 'returned'
            ? 'in_progress'
            : state.lifecycle,
      };
      next = withReport(next, event.occurredAt);
      next = withForecast(next, d.forecastDate, event.occurredAt);
      return withActuals(next, d.indicatorActuals, event.occurredAt);
    }
    case 'DelayReported': {
      const next: MilestoneState = {
        ...withReport(state, event.occurredAt),
        lifecycle: state.lifecycle === 'returned' ? 'in_progress' : state.lifecycle,
        delays: state.delays + 1,
        lastDelayReason: event.data.reason,
      };
      return withForecast(next, event.data.forecastDate, event.occurredAt);
    }
    case 'CompletionSubmitted': {
      const d = event.data;
      const next: MilestoneState = {
        ...withReport(state, event.occurredAt),
        lifecycle: 'submitted',
        submittedOn: d.completedOn,
        submittedAt: event.occurredAt,
        completionEvidence: [...d.evidence],
        lastNarrative: d.narrative,
        percentBeforeSubmission: state.percent,
        percent: 100,
      };
      return withActuals(next, d.indicatorActuals, event.occurredAt);
    }
    case 'CompletionAccepted':
      return {
        ...state,
        lifecycle: 'accepted',
        acceptedOn: dayOf(event.occurredAt),
        acceptedAt: event.occurredAt,
      };
    case 'CompletionReturned':
      return {
        ...state,
        lifecycle: 'returned',
        returns: state.returns + 1,
        lastReturnReason: event.data.reason,
        submittedOn: null,
        submittedAt: null,
        completionEvidence: [],
        percent: state.percentBeforeSubmission,
        percentBeforeSubmission: null,
      };
    case 'DueDateRebaselined':
      return {
        ...state,
        dueDate: event.data.newDueDate,
        rebaselines: state.rebaselines + 1,
        lastRebaselineReason: event.data.reason,
      };
    case 'IndicatorTargetRevised': {
      const { metric, newTarget } = event.data;
      return {
        ...state,
        indicators: state.indicators.map((i) => (i.metric === metric ? { ...i, target: newTarget } : i)),
      };
    }
    case 'MilestoneCancelled':
      return {
        ...state,
        lifecycle: 'cancelled',
        closedReason: event.data.reason,
        closedOn: dayOf(event.occurredAt),
      };
    default:
      return assertUnreachable(event, 'milestone event');
  }
}

/** Apply one event; the version counts every event. */
export function evolve(state: MilestoneState, event: MilestoneEvent): MilestoneState {
  return { ...apply(state, event), version: state.version + 1 };
}

/** The state after a stream's events, in stream order. */
export function fold(events: Iterable<MilestoneEvent>): MilestoneState {
  let state = initialState;
  for (const e of events) state = evolve(state, e);
  return state;
}

// ---------------------------------------------------------------------------------------------
// decide: a command against the current state, at `now` → events, or a MilestoneError.
// ---------------------------------------------------------------------------------------------

/** When a command says it happened, checked against the clock and the plan period. */
interface Moment {
  /** Normalised ISO instant (UTC). */
  readonly iso: string;
  /** Its calendar day in the plan's zone. */
  readonly day: IsoDate;
  readonly backdated: boolean;
}

function periodStart(state: MilestoneState): IsoDate {
  return `${String(state.period.from).padStart(4, '0')}-01-01`;
}

function resolveOccurredAt(occurredAt: string | undefined, state: MilestoneState, now: Date): Moment {
  const field = 'occurredAt';
  const at = occurredAt === undefined ? now : parseInstant(occurredAt);
  if (at === null) throw new MilestoneError(MilestoneErrorCode.OCCURRED_AT_INVALID, { field });
  const iso = at.toISOString();
  if (at.getTime() > now.getTime() + MILESTONE_LIMITS.futureSkewMs) {
    throw new MilestoneError(MilestoneErrorCode.OCCURRED_AT_IN_FUTURE, {
      field,
      details: { occurredAt: iso, now: now.toISOString() },
    });
  }
  const day = dateInZone(at, PLAN_TIME_ZONE);
  if (day < periodStart(state)) {
    throw new MilestoneError(MilestoneErrorCode.OCCURRED_AT_BEFORE_PLAN_PERIOD, {
      field,
      details: { occurredAt: iso, periodStart: periodStart(state) },
    });
  }
  return { iso, day, backdated: now.getTime() - at.getTime() > MILESTONE_LIMITS.backdatedAfterMs };
}

/** Cancelled and withdrawn milestones take nothing more. */
function assertOpen(state: MilestoneState): void {
  if (state.lifecycle === 'cancelled') throw new MilestoneError(MilestoneErrorCode.MILESTONE_CANCELLED);
  if (state.lifecycle === 'withdrawn') throw new MilestoneError(MilestoneErrorCode.MILESTONE_WITHDRAWN);
}

function assertNotAccepted(state: MilestoneState): void {
  if (state.lifecycle === 'accepted') throw new MilestoneError(MilestoneErrorCode.MILESTONE_ALREADY_ACCEPTED);
}

/** Progress and delays are reported while the work goes on: not while a completion awaits verification. */
function assertReportable(state: MilestoneState): void {
  assertNotAccepted(state);
  if (state.lifecycle === 'submitted') {
    throw new MilestoneError(MilestoneErrorCode.MILESTONE_AWAITING_VERIFICATION);
  }
}

function assertSubmitted(state: MilestoneState, at: Moment): void {
  assertNotAccepted(state);
  if (state.lifecycle !== 'submitted') {
    throw new MilestoneError(MilestoneErrorCode.COMPLETION_NOT_SUBMITTED, {
      details: { lifecycle: state.lifecycle, lifecycleZh: MILESTONE_LIFECYCLE_LABELS_ZH[state.lifecycle] },
    });
  }
  if (state.submittedAt !== null && ms(at.iso) < ms(state.submittedAt)) {
    throw new MilestoneError(MilestoneErrorCode.OCCURRED_AT_BEFORE_SUBMISSION, {
      field: 'occurredAt',
      details: { occurredAt: at.iso, submittedAt: state.submittedAt },
    });
  }
}

function forecastFrom(value: unknown, at: Moment): IsoDate {
  const forecastDate = validDate(value, 'forecastDate');
  if (forecastDate < at.day) {
    throw new MilestoneError(MilestoneErrorCode.FORECAST_DATE_IN_PAST, {
      field: 'forecastDate',
      details: { forecastDate, reportedOn: at.day },
    });
  }
  return forecastDate;
}

/** The percent a report at `at` follows: the latest one before it (a backdated report slots in). */
function percentBefore(state: MilestoneState, at: Moment): number {
  const t = ms(at.iso);
  const last = state.progress.at(-1);
  if (last === undefined || ms(last.occurredAt) <= t) return state.percent ?? 0;
  return state.progress.filter((p) => ms(p.occurredAt) <= t).at(-1)?.percent ?? 0;
}

function metrics(state: MilestoneState): string[] {
  return state.indicators.map((i) => i.metric);
}

function reportProgress(c: ReportProgress, state: MilestoneState, at: Moment): DecidedMilestoneEvent {
  assertReportable(state);
  const d = c.data;
  const percent = validPercent(d.percent, 'percent');
  const narrative = requiredText(d.narrative, 'narrative', NARRATIVE);
  const forecastDate = d.forecastDate === undefined ? undefined : forecastFrom(d.forecastDate, at);
  const indicatorActuals =
    d.indicatorActuals === undefined
      ? undefined
      : validIndicatorActuals(d.indicatorActuals, 'indicatorActuals', metrics(state));
  const evidence = d.evidence === undefined ? undefined : validEvidence(d.evidence, 'evidence', false);
  const reason = optionalText(d.reason, 'reason', REASON);
  const previousPercent = percentBefore(state, at);
  if (percent < previousPercent && reason === undefined) {
    throw new MilestoneError(MilestoneErrorCode.PERCENT_DECREASE_REASON_REQUIRED, {
      field: 'reason',
      details: { previousPercent, percent },
    });
  }
  return {
    type: 'ProgressReported',
    data: {
      percent,
      narrative,
      ...(forecastDate !== undefined ? { forecastDate } : {}),
      ...(indicatorActuals !== undefined && indicatorActuals.length > 0 ? { indicatorActuals } : {}),
      ...(evidence !== undefined && evidence.length > 0 ? { evidence } : {}),
      ...(reason !== undefined ? { reason } : {}),
    },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}

function reportDelay(c: ReportDelay, state: MilestoneState, at: Moment): DecidedMilestoneEvent {
  assertReportable(state);
  const reason = requiredText(c.data.reason, 'reason', REASON);
  const forecastDate = forecastFrom(c.data.forecastDate, at);
  return {
    type: 'DelayReported',
    data: { reason, forecastDate },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}

function submitCompletion(c: SubmitCompletion, state: MilestoneState, at: Moment): DecidedMilestoneEvent {
  assertNotAccepted(state);
  if (state.lifecycle === 'submitted')
    throw new MilestoneError(MilestoneErrorCode.COMPLETION_ALREADY_SUBMITTED);
  const d = c.data;
  const completedOn = validDate(d.completedOn, 'completedOn');
  if (completedOn > at.day) {
    throw new MilestoneError(MilestoneErrorCode.COMPLETED_ON_AFTER_OCCURRED_AT, {
      field: 'completedOn',
      details: { completedOn, reportedOn: at.day },
    });
  }
  if (completedOn < periodStart(state)) {
    throw new MilestoneError(MilestoneErrorCode.DATE_BEFORE_PLAN_PERIOD, {
      field: 'completedOn',
      details: { value: completedOn, periodStart: periodStart(state) },
    });
  }
  const narrative = requiredText(d.narrative, 'narrative', NARRATIVE);
  const evidence = validEvidence(d.evidence, 'evidence', true);
  const indicatorActuals =
    d.indicatorActuals === undefined
      ? undefined
      : validIndicatorActuals(d.indicatorActuals, 'indicatorActuals', metrics(state));
  return {
    type: 'CompletionSubmitted',
    data: {
      completedOn,
      narrative,
      evidence,
      ...(indicatorActuals !== undefined && indicatorActuals.length > 0 ? { indicatorActuals } : {}),
    },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}

function acceptCompletion(c: AcceptCompletion, state: MilestoneState, at: Moment): DecidedMilestoneEvent {
  assertSubmitted(state, at);
  const note = optionalText(c.data.note, 'note', NOTE);
  return {
    type: 'CompletionAccepted',
    data: note !== undefined ? { note } : {},
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}

function returnCompletion(c: ReturnCompletion, state: MilestoneState, at: Moment): DecidedMilestoneEvent {
  assertSubmitted(state, at);
  const reason = requiredText(c.data.reason, 'reason', REASON);
  return { type: 'CompletionReturned', data: { reason }, occurredAt: at.iso, backdated: at.backdated };
}

function rebaselineDueDate(c: RebaselineDueDate, state: MilestoneState, at: Moment): DecidedMilestoneEvent {
  assertNotAccepted(state);
  const newDueDate = validDate(c.data.newDueDate, 'newDueDate');
  if (newDueDate === state.dueDate) {
    throw new MilestoneError(MilestoneErrorCode.DUE_DATE_UNCHANGED, {
      field: 'newDueDate',
      details: { dueDate: state.dueDate },
    });
  }
  if (newDueDate < periodStart(state)) {
    throw new MilestoneError(MilestoneErrorCode.DATE_BEFORE_PLAN_PERIOD, {
      field: 'newDueDate',
      details: { value: newDueDate, periodStart: periodStart(state) },
    });
  }
  const reason = requiredText(c.data.reason, 'reason', REASON);
  return {
    type: 'DueDateRebaselined',
    data: { newDueDate, previousDueDate: state.dueDate, reason },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}

function reviseIndicatorTarget(
  c: ReviseIndicatorTarget,
  state: MilestoneState,
  at: Moment,
): DecidedMilestoneEvent {
  assertNotAccepted(state);
  const metric = requiredText(c.data.metric, 'metric', METRIC);
  const indicator = state.indicators.find((i) => i.metric === metric);
  if (indicator === undefined) {
    throw new MilestoneError(MilestoneErrorCode.INDICATOR_UNKNOWN, {
      field: 'metric',
      details: { metric, known: metrics(state).join(', ') },
    });
  }
  const newTarget = finiteNumber(c.data.newTarget, 'newTarget');
  if (newTarget === indicator.target) {
    throw new MilestoneError(MilestoneErrorCode.INDICATOR_TARGET_UNCHANGED, {
      field: 'newTarget',
      details: { metric, target: indicator.target },
    });
  }
  const reason = requiredText(c.data.reason, 'reason', REASON);
  return {
    type: 'IndicatorTargetRevised',
    data: { metric, oldTarget: indicator.target, newTarget, reason },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}

function cancelMilestone(c: CancelMilestone, state: MilestoneState, at: Moment): DecidedMilestoneEvent {
  assertNotAccepted(state);
  const reason = requiredText(c.data.reason, 'reason', REASON);
  return { type: 'MilestoneCancelled', data: { reason }, occurredAt: at.iso, backdated: at.backdated };
}

/**
 * Decide what a command means for a milestone at `now`. Checks, in order: the milestone exists; the actor
 * may do this (`authorize`); it is not cancelled or withdrawn; `occurredAt`; then the lifecycle and the data.
 * Throws `MilestoneError`; writes nothing.
 */
export function decide(command: MilestoneCommand, state: MilestoneState, now: Date): DecidedMilestoneEvent[] {
  if (!state.exists) throw new MilestoneError(MilestoneErrorCode.MILESTONE_NOT_FOUND);
  authorize(command.actor, command.type, state);
  assertOpen(state);
  if (typeof command.data !== 'object' || command.data === null) {
    throw new MilestoneError(MilestoneErrorCode.FIELD_INVALID, {
      field: 'data',
      details: { expected: 'an object' },
    });
  }
  const at = resolveOccurredAt(command.occurredAt, state, now);
  switch (command.type) {
    case 'ReportProgress':
      return [reportProgress(command, state, at)];
    case 'ReportDelay':
      return [reportDelay(command, state, at)];
    case 'SubmitCompletion':
      return [submitCompletion(command, state, at)];
    case 'AcceptCompletion':
      return [acceptCompletion(command, state, at)];
    case 'ReturnCompletion':
      return [returnCompletion(command, state, at)];
    case 'RebaselineDueDate':
      return [rebaselineDueDate(command, state, at)];
    case 'ReviseIndicatorTarget':
      return [reviseIndicatorTarget(command, state, at)];
    case 'CancelMilestone':
      return [cancelMilestone(command, state, at)];
    default:
      return assertUnreachable(command, 'milestone command');
  }
}
