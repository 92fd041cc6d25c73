import type { Actor } from '@app/event-store';
import {
  ACTOR_ROLE_LABELS_ZH,
  fold,
  isActorRole,
  isMilestoneEventType,
  MILESTONE_EVENT_LABELS_ZH,
  MILESTONE_LIFECYCLE_LABELS_ZH,
  PLAN_TIME_ZONE,
  type IndicatorState,
  type MilestoneEvent,
  type MilestoneEventDataByType,
  type MilestoneState,
} from '@app/milestones';
import { daysBetween as daysFromTo, type IsoDate } from '@app/platform';
import { expectedPercentAt } from '@app/read-models';
import {
  OUTCOME_LABELS_ZH,
  REASON_KIND_LABELS_ZH,
  type IndicatorReview,
  type LateReport,
  type MilestoneReview,
  type MultiYearProgress,
  type Outcome,
  type ReasonEntry,
  type ReasonKind,
  type RebaselineEntry,
} from './retrospective.types';

/** A stored milestone event with what the review needs of its envelope (both time axes, actor, position). */
export interface ReviewEvent {
  readonly position: number;
  readonly type: string;
  readonly data: unknown;
  readonly occurredAt: string;
  readonly occurredMs: number;
  readonly recordedAt: string;
  readonly recordedMs: number;
  readonly backdated: boolean;
  readonly actor: Actor | null;
}

/** Written by the plan import: the plan itself, which every view includes whenever it was recorded. */
const PLAN_EVENT_TYPES: ReadonlySet<string> = new Set([
  'MilestonePlanned',
  'MilestoneAdded',
  'MilestoneRevised',
  'MilestoneWithdrawn',
]);

export function isPlanEvent(e: Pick<ReviewEvent, 'type'>): boolean {
  return PLAN_EVENT_TYPES.has(e.type);
}

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

export type MilestoneYearResult =
  | { readonly kind: 'due'; readonly review: MilestoneReview; readonly lateReports: readonly LateReport[] }
  | { readonly kind: 'in_progress'; readonly progress: MultiYearProgress }
  | { readonly kind: 'none' };

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: PLAN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The calendar day of an instant in the plan's zone (as `dateInZone`, with one formatter for all calls). */
const dayOf = (instant: string): IsoDate => dayFormat.format(new Date(instant));
const yearOf = (d: IsoDate): number => Number(d.slice(0, 4));
const endOfYear = (year: number): IsoDate => `${String(year).padStart(4, '0')}-12-31`;

function toDomain(e: ReviewEvent): MilestoneEvent | undefined {
  if (!isMilestoneEventType(e.type)) return undefined;
  return {
    type: e.type,
    data: e.data,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    backdated: e.backdated,
  } as MilestoneEvent;
}

function foldEvents(events: readonly ReviewEvent[]): MilestoneState {
  const domain: MilestoneEvent[] = [];
  for (const e of events) {
    const d = toDomain(e);
    if (d) domain.push(d);
  }
  return fold(domain);
}

/**
 * The events "about" the time up to `endDay` (ending at `endMs`): the plan, every report that happened before
 * the end, a completion claimed for a day up to `endDay` however late it was reported, and the verification
 * (acceptance or return) of such a claim whenever it came. A claim's verification usually follows in January.
 */
export function aboutPeriodUpTo(
  events: readonly ReviewEvent[],
  endMs: number,
  endDay: IsoDate,
): ReviewEvent[] {
  const out: ReviewEvent[] = [];
  let claimIncluded = false;
  for (const e of events) {
    if (isPlanEvent(e)) {
      out.push(e);
      continue;
    }
    let include = e.occurredMs < endMs;
    if (e.type === 'CompletionSubmitted') {
      const completedOn = (e.data as MilestoneEventDataByType['CompletionSubmitted']).completedOn;
      include ||= completedOn <= endDay;
      claimIncluded = include;
    } else if (e.type === 'CompletionAccepted' || e.type === 'CompletionReturned') {
      include ||= claimIncluded;
    }
    if (include) out.push(e);
  }
  return out;
}

export function indicatorAttainment(i: Pick<IndicatorState, 'comparator' | 'target' | 'actual'>): {
  attainment: number | null;
  met: boolean | null;
} {
  if (i.actual === null) return { attainment: null, met: null };
  if (i.comparator === '<=') {
    const met = i.actual <= i.target;
    return { attainment: met || i.actual === 0 ? 1 : round(i.target / i.actual, 4), met };
  }
  const met = i.actual >= i.target;
  if (i.target === 0) return { attainment: 1, met };
  return { attainment: round(i.actual / i.target, 4), met };
}

export function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

/** The outcome of a milestone from its state as of `asOf` (the last day of the reviewed year, or earlier). */
export function classifyOutcome(
  s: Pick<
    MilestoneState,
    'lifecycle' | 'dueDate' | 'baselineDueDate' | 'submittedOn' | 'acceptedOn' | 'percent' | 'indicators'
  >,
  asOf: IsoDate,
  year: number,
): {
  outcome: Outcome;
  completedOn: IsoDate | null;
  daysLate: number | null;
  daysLateVsBaseline: number | null;
} {
  const none = { completedOn: null, daysLate: null, daysLateVsBaseline: null };
  switch (s.lifecycle) {
    case 'cancelled':
    case 'withdrawn':
      return { outcome: 'cancelled', ...none };
    case 'accepted':
    case 'submitted': {
      const completedOn = s.submittedOn ?? s.acceptedOn ?? asOf;
      const late = daysFromTo(s.dueDate, completedOn);
      const vsBaseline = daysFromTo(s.baselineDueDate, completedOn);
      const outcome: Outcome =
        s.lifecycle === 'submitted' ? 'awaiting_verification' : late > 0 ? 'met_late' : 'met_on_time';
      return {
        outcome,
        completedOn,
        daysLate: late > 0 ? late : null,
        daysLateVsBaseline: vsBaseline > 0 ? vsBaseline : null,
      };
    }
    case 'planned':
    case 'in_progress':
    case 'returned': {
      if (s.dueDate > asOf) {
        return { outcome: yearOf(s.dueDate) > year ? 'rebaselined' : 'not_due', ...none };
      }
      const progressed =
        (s.percent ?? 0) > 0 || s.indicators.some((i) => i.actual !== null && i.actual !== 0);
      return { outcome: progressed ? 'partly_met' : 'missed', ...none };
    }
    default: {
      const unknown: never = s.lifecycle;
      throw new Error(`Unexpected lifecycle ${String(unknown)}`);
    }
  }
}

export function actorUnitLabel(actor: Actor | null, unitName: (id: string) => string): string {
  if (actor?.unit) return unitName(actor.unit);
  if (actor?.role && isActorRole(actor.role)) return ACTOR_ROLE_LABELS_ZH[actor.role];
  if (actor?.system) return `系统（${actor.system}）`;
  return '—';
}

function reasonOf(e: ReviewEvent): { kind: ReasonKind; text: string; detail: string | null } | null {
  if (!isMilestoneEventType(e.type)) return null;
  switch (e.type) {
    case 'DelayReported': {
      const d = e.data as MilestoneEventDataByType['DelayReported'];
      return { kind: 'delay', text: d.reason, detail: `预计完成 ${d.forecastDate}` };
    }
    case 'CompletionReturned':
      return {
        kind: 'return',
        text: (e.data as MilestoneEventDataByType['CompletionReturned']).reason,
        detail: null,
      };
    case 'DueDateRebaselined': {
      const d = e.data as MilestoneEventDataByType['DueDateRebaselined'];
      return { kind: 'rebaseline', text: d.reason, detail: `${d.previousDueDate} → ${d.newDueDate}` };
    }
    case 'MilestoneCancelled':
      return {
        kind: 'cancellation',
        text: (e.data as MilestoneEventDataByType['MilestoneCancelled']).reason,
        detail: null,
      };
    case 'IndicatorTargetRevised': {
      const d = e.data as MilestoneEventDataByType['IndicatorTargetRevised'];
      return {
        kind: 'target_revision',
        text: d.reason,
        detail: `${d.metric}：${d.oldTarget} → ${d.newTarget}`,
      };
    }
    case 'ProgressReported': {
      const d = e.data as MilestoneEventDataByType['ProgressReported'];
      return d.reason === undefined
        ? null
        : { kind: 'progress_decrease', text: d.reason, detail: `进度 ${d.percent}%` };
    }
    case 'MilestoneWithdrawn':
      return {
        kind: 'withdrawal',
        text: (e.data as MilestoneEventDataByType['MilestoneWithdrawn']).reason,
        detail: null,
      };
    case 'MilestonePlanned':
    case 'MilestoneAdded':
    case 'MilestoneRevised':
    case 'CompletionSubmitted':
    case 'CompletionAccepted':
      return null;
    default: {
      const unknown: never = e.type;
      throw new Error(`Unexpected event type ${String(unknown)}`);
    }
  }
}

/** One line about what a report said, for the list of reports recorded after the year end. */
export function reportSummary(e: ReviewEvent): string {
  if (!isMilestoneEventType(e.type)) return e.type;
  switch (e.type) {
    case 'ProgressReported': {
      const d = e.data as MilestoneEventDataByType['ProgressReported'];
      return `进度 ${d.percent}%：${d.narrative}`;
    }
    case 'DelayReported': {
      const d = e.data as MilestoneEventDataByType['DelayReported'];
      return `${d.reason}（预计完成 ${d.forecastDate}）`;
    }
    case 'CompletionSubmitted': {
      const d = e.data as MilestoneEventDataByType['CompletionSubmitted'];
      return `完成日期 ${d.completedOn}：${d.narrative}`;
    }
    case 'CompletionAccepted': {
      const d = e.data as MilestoneEventDataByType['CompletionAccepted'];
      return d.note ?? '核验通过';
    }
    case 'CompletionReturned':
      return (e.data as MilestoneEventDataByType['CompletionReturned']).reason;
    case 'DueDateRebaselined': {
      const d = e.data as MilestoneEventDataByType['DueDateRebaselined'];
      return `${d.previousDueDate} → ${d.newDueDate}：${d.reason}`;
    }
    case 'IndicatorTargetRevised': {
      const d = e.data as MilestoneEventDataByType['IndicatorTargetRevised'];
      return `${d.metric}：${d.oldTarget} → ${d.newTarget}：${d.reason}`;
    }
    case 'MilestoneCancelled':
      return (e.data as MilestoneEventDataByType['MilestoneCancelled']).reason;
    case 'MilestonePlanned':
    case 'MilestoneAdded':
    case 'MilestoneRevised':
    case 'MilestoneWithdrawn':
      return MILESTONE_EVENT_LABELS_ZH[e.type];
    default: {
      const unknown: never = e.type;
      throw new Error(`Unexpected event type ${String(unknown)}`);
    }
  }
}

function indicatorsOf(milestoneId: string, s: MilestoneState): IndicatorReview[] {
  return s.indicators.map((i) => {
    const { attainment, met } = indicatorAttainment(i);
    return {
      milestoneId,
      metric: i.metric,
      comparator: i.comparator,
      unit: i.unit,
      source: i.source,
      baselineTarget: i.baselineTarget,
      target: i.target,
      actual: i.actual,
      attainment,
      met,
    };
  });
}

const isOpen = (s: MilestoneState): boolean =>
  s.lifecycle === 'planned' || s.lifecycle === 'in_progress' || s.lifecycle === 'returned';

/**
 * Reviews one milestone stream for a year: whether it belongs to the year (due in it by the plan, or carried
 * into it by a re-baseline while still open), its outcome as of 31 December now and as known at the year end,
 * its reasons, indicators and the reports about the year that were recorded after it.
 */
export function reviewMilestone(stream: readonly ReviewEvent[], ctx: ReviewContext): MilestoneYearResult {
  const known =
    ctx.knownAtMs === null ? stream : stream.filter((e) => isPlanEvent(e) || e.recordedMs <= ctx.knownAtMs!);
  // The plan events alone say which year the milestone belongs to: no need to fold the reports of
  // milestones of other years (folding is the costly part: every report's day is computed in the plan's zone).
  const planned = foldEvents(known.filter(isPlanEvent));
  if (!planned.exists) return { kind: 'none' };
  const baselineYear = yearOf(planned.baselineDueDate);
  const { year } = ctx;
  if (planned.period.from > year && baselineYear > year) return { kind: 'none' };
  if (baselineYear < year && !known.some((e) => e.type === 'DueDateRebaselined')) return { kind: 'none' };

  const aboutYear = aboutPeriodUpTo(known, ctx.asOfEndMs, ctx.asOf);
  const s = foldEvents(aboutYear);
  let carriedOver = false;
  if (baselineYear < year) {
    const prev = foldEvents(aboutPeriodUpTo(known, ctx.previousYearEndMs, endOfYear(year - 1)));
    if (!isOpen(prev) || yearOf(s.dueDate) < year) return { kind: 'none' };
    carriedOver = true;
  } else if (baselineYear > year) {
    return {
      kind: 'in_progress',
      progress: {
        milestoneId: s.milestoneId,
        section: s.section,
        taskNo: s.taskNo,
        taskTitle: s.taskTitle,
        text: s.text,
        period: s.period,
        dueDate: s.dueDate,
        leadUnits: s.leadUnits.map(ctx.unitName),
        lifecycle: s.lifecycle,
        lifecycleLabel: MILESTONE_LIFECYCLE_LABELS_ZH[s.lifecycle],
        percent: s.percent,
        expectedPercent: round(expectedPercentAt({ period: s.period, dueDate: s.dueDate }, ctx.asOf), 1),
        lastReportOn: s.lastReportOn,
        forecastDate: s.forecastDate,
        delays: s.delays,
      },
    };
  }

  const judged = classifyOutcome(s, ctx.asOf, year);
  // What was known at the year end: the same events unless some about the year were recorded after it.
  const aboutYearKnownAtYearEnd = aboutPeriodUpTo(
    known.filter((e) => isPlanEvent(e) || e.recordedMs < ctx.yearEndMs),
    ctx.asOfEndMs,
    ctx.asOf,
  );
  const sameAsNow =
    aboutYearKnownAtYearEnd.length === aboutYear.length &&
    aboutYearKnownAtYearEnd.every((e, i) => e === aboutYear[i]);
  const sYearEnd = sameAsNow ? s : foldEvents(aboutYearKnownAtYearEnd);
  const yearEndOutcome = classifyOutcome(sYearEnd, ctx.asOf, year).outcome;

  const unitOf = (e: ReviewEvent) => actorUnitLabel(e.actor, ctx.unitName);
  const reasons: ReasonEntry[] = [];
  const rebaselines: RebaselineEntry[] = [];
  let cancellation: MilestoneReview['cancellation'] = null;
  let beforeWithdrawal: MilestoneReview['cancellation'] = null;
  let withdrawn = false;
  for (const e of known) {
    const r = reasonOf(e);
    if (!r) continue;
    reasons.push({
      milestoneId: s.milestoneId,
      kind: r.kind,
      kindLabel: REASON_KIND_LABELS_ZH[r.kind],
      text: r.text,
      detail: r.detail,
      occurredOn: dayOf(e.occurredAt),
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      backdated: e.backdated,
      unit: unitOf(e),
      reportedBy: e.actor?.tokenName ?? null,
      afterYearEnd: e.occurredMs >= ctx.yearEndMs,
    });
  }
  for (const e of aboutYear) {
    if (e.type === 'DueDateRebaselined') {
      const d = e.data as MilestoneEventDataByType['DueDateRebaselined'];
      rebaselines.push({
        from: d.previousDueDate,
        to: d.newDueDate,
        reason: d.reason,
        on: dayOf(e.occurredAt),
        unit: unitOf(e),
      });
    } else if (e.type === 'MilestoneCancelled' || e.type === 'MilestoneWithdrawn') {
      const d = e.data as MilestoneEventDataByType['MilestoneCancelled'];
      beforeWithdrawal = e.type === 'MilestoneWithdrawn' ? cancellation : beforeWithdrawal;
      withdrawn = e.type === 'MilestoneWithdrawn' || withdrawn;
      cancellation = { reason: d.reason, on: dayOf(e.occurredAt), unit: unitOf(e) };
    } else if (e.type === 'MilestoneRevised' && withdrawn) {
      // Back in a revised plan: reinstated as it was (still cancelled if it had been cancelled before).
      cancellation = beforeWithdrawal;
      withdrawn = false;
    }
  }

  const lateReports: LateReport[] = [];
  for (const e of aboutYear) {
    if (isPlanEvent(e) || e.recordedMs < ctx.yearEndMs || !isMilestoneEventType(e.type)) continue;
    lateReports.push({
      milestoneId: s.milestoneId,
      type: e.type,
      label: MILESTONE_EVENT_LABELS_ZH[e.type],
      summary: reportSummary(e),
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      unit: unitOf(e),
      reportedBy: e.actor?.tokenName ?? null,
    });
  }

  let laterCompletion: MilestoneReview['laterCompletion'] = null;
  // Only a claim made after the year can be a later completion: fold everything known only then.
  const lastClaim = known.findLast((e) => e.type === 'CompletionSubmitted');
  const current = lastClaim === undefined || aboutYear.includes(lastClaim) ? s : foldEvents(known);
  if (
    (current.lifecycle === 'accepted' || current.lifecycle === 'submitted') &&
    current.submittedOn !== null &&
    current.submittedOn > ctx.asOf
  ) {
    laterCompletion = {
      completedOn: current.submittedOn,
      accepted: current.lifecycle === 'accepted',
      daysLate: Math.max(0, daysFromTo(current.dueDate, current.submittedOn)),
    };
  }

  const indicators = indicatorsOf(s.milestoneId, s);
  const withValue = indicators.filter((i) => i.attainment !== null);
  const review: MilestoneReview = {
    milestoneId: s.milestoneId,
    section: s.section,
    taskNo: s.taskNo,
    taskTitle: s.taskTitle,
    text: s.text,
    period: s.period,
    zones: s.zones,
    districts: s.districts,
    leadUnits: s.leadUnits.map(ctx.unitName),
    cooperatingUnits: s.cooperatingUnits.map(ctx.unitName),
    baselineDueDate: s.baselineDueDate,
    dueDate: s.dueDate,
    carriedOver,
    outcome: judged.outcome,
    outcomeLabel: OUTCOME_LABELS_ZH[judged.outcome],
    lifecycle: s.lifecycle,
    lifecycleLabel: MILESTONE_LIFECYCLE_LABELS_ZH[s.lifecycle],
    completedOn: judged.completedOn,
    acceptedOn: s.lifecycle === 'accepted' ? s.acceptedOn : null,
    daysLate: judged.daysLate,
    daysLateVsBaseline: judged.daysLateVsBaseline,
    percent: s.percent,
    indicatorAttainment:
      withValue.length === 0
        ? null
        : round(withValue.reduce((a, i) => a + Math.min(1, i.attainment!), 0) / withValue.length, 4),
    indicatorsMet: indicators.filter((i) => i.met === true).length,
    indicatorsReported: withValue.length,
    indicators,
    rebaselines,
    cancellation,
    reasons,
    lastReportOn: s.lastReportOn,
    reports: s.reports,
    alertsRaised: ctx.alertsRaised(s.milestoneId),
    yearEndOutcome,
    laterCompletion,
  };
  return { kind: 'due', review, lateReports };
}
