import type { StandingItemEvent } from '@app/milestones';
import { dateInZone, endOfDayInZone, PLAN_TIME_ZONE, type IsoDate } from '@app/platform';
import { AlertTally, type ReviewAlertEvent } from './alert-tally';
import { closingView, outcomeChange, type ClosedYear } from './closing';
import { REVIEW_DEFINITIONS } from './definitions';
import { dueYears, knownEvents, reviewMilestone } from './milestone-review';
import { countOutcomes } from './outcome';
import type { RetrospectiveReport } from './report.types';
import type { ReviewContext } from './review-context';
import type { ReviewEvent } from './review-event';
import type { LateReport, MilestoneReview, MultiYearProgress } from './review.types';
import { rollupRow, rollupsOf, type PlanFrame } from './rollups';
import { standingItemStatement, type StandingContext } from './standing-statement';
import type { StandingItemStatement } from './standing.types';

export interface RetrospectiveFrame {
  readonly plan: PlanFrame;
  readonly year: number;
  /** Only reports recorded at or before it count; null = everything up to `position`. */
  readonly knownAt: Date | null;
  readonly knownAtPosition: number | null;
  /** The event position read up to. */
  readonly position: number;
  readonly yearEndPosition: number;
  /** "Now", for a year that is not over yet: the review is then provisional, as of this day. */
  readonly now: Date;
  /** The reporting cadence of standing items (health thresholds' `reportCadenceDays`). */
  readonly cadenceDays: number;
}

/** 31 December 24:00 of the year in the plan's time zone: reports recorded before it were known at year end. */
export function yearEndCutoff(year: number): Date {
  return endOfDayInZone(`${year}-12-31`, PLAN_TIME_ZONE);
}

type Ordered = Pick<MilestoneReview, 'section' | 'taskNo' | 'period' | 'milestoneId'>;
const compareMilestones = (a: Ordered, b: Ordered): number =>
  a.section - b.section ||
  a.taskNo - b.taskNo ||
  a.period.to - b.period.to ||
  a.period.from - b.period.from ||
  (a.milestoneId < b.milestoneId ? -1 : a.milestoneId > b.milestoneId ? 1 : 0);

/**
 * Builds a year's retrospective from the streams, one at a time, so a plan of 100 000 milestones never needs all
 * its events in memory. Feed the alert events first (each milestone row counts its alerts), then every milestone
 * and standing-item stream, then the year's closing if there is one. Pure: the same input gives the same report,
 * byte for byte once serialised (no clock, ordering fixed).
 */
export class RetrospectiveBuilder {
  readonly asOf: IsoDate;
  readonly provisional: boolean;
  readonly yearEndCutoff: Date;
  private readonly ctx: ReviewContext;
  private readonly standingCtx: StandingContext;
  private readonly alerts: AlertTally;
  private readonly milestones: MilestoneReview[] = [];
  private readonly lateReports: LateReport[] = [];
  private readonly inProgress: MultiYearProgress[] = [];
  private readonly standing: StandingItemStatement[] = [];
  private readonly years = new Set<number>();
  private closed: ClosedYear | null = null;
  private streams = 0;

  constructor(private readonly frame: RetrospectiveFrame) {
    this.yearEndCutoff = yearEndCutoff(frame.year);
    const reference = frame.knownAt ?? frame.now;
    this.provisional = reference.getTime() < this.yearEndCutoff.getTime();
    this.asOf = this.provisional ? dateInZone(reference, PLAN_TIME_ZONE) : `${frame.year}-12-31`;
    this.alerts = new AlertTally(frame.year);
    const names = new Map(frame.plan.units.map((u) => [u.id, u.name]));
    const unitName = (id: string) => names.get(id) ?? id;
    const asOfEndMs = endOfDayInZone(this.asOf, PLAN_TIME_ZONE).getTime();
    const knownAtMs = frame.knownAt?.getTime() ?? null;
    this.ctx = {
      year: frame.year,
      asOf: this.asOf,
      asOfEndMs,
      yearEndMs: this.yearEndCutoff.getTime(),
      previousYearEndMs: yearEndCutoff(frame.year - 1).getTime(),
      knownAtMs,
      unitName,
      alertsRaised: (id) => this.alerts.raisedFor(id),
    };
    this.standingCtx = {
      year: frame.year,
      asOf: this.asOf,
      asOfEndMs,
      yearStartMs: yearEndCutoff(frame.year - 1).getTime(),
      knownAtMs,
      cadenceDays: frame.cadenceDays,
      unitName,
    };
    for (let y = frame.plan.years.from; y <= frame.plan.years.to; y++) this.years.add(y);
  }

  /** Streams reviewed so far (for progress output). */
  get streamsRead(): number {
    return this.streams;
  }

  /** The years a review is valid for: the plan's years, and every year a milestone is due in. */
  get validYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  addAlertEvent(e: ReviewAlertEvent): void {
    if (this.streams > 0) throw new Error('RetrospectiveBuilder: add alert events before milestone streams');
    this.alerts.add(e);
  }

  addMilestone(stream: readonly ReviewEvent[]): void {
    this.streams++;
    for (const y of dueYears(knownEvents(stream, this.ctx.knownAtMs))) this.years.add(y);
    const r = reviewMilestone(stream, this.ctx);
    switch (r.kind) {
      case 'due':
        this.milestones.push(r.review);
        this.lateReports.push(...r.lateReports);
        break;
      case 'in_progress':
        this.inProgress.push(r.progress);
        break;
      case 'none':
        break;
      default: {
        const unknown: never = r;
        throw new Error(`Unexpected review ${JSON.stringify(unknown)}`);
      }
    }
  }

  addStandingItem(events: readonly StandingItemEvent[]): void {
    const statement = standingItemStatement(events, this.standingCtx);
    if (statement !== null) this.standing.push(statement);
  }

  setClosing(closed: ClosedYear | null): void {
    this.closed = closed;
  }

  build(): RetrospectiveReport {
    const milestones = [...this.milestones].sort(compareMilestones);
    const order = new Map(milestones.map((m, i) => [m.milestoneId, i]));
    const rank = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
    const lateReports = [...this.lateReports].sort(
      (a, b) =>
        rank(a.milestoneId) - rank(b.milestoneId) ||
        (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0),
    );
    const { plan } = this.frame;
    return {
      report: 'retrospective',
      version: 2,
      plan: { key: plan.key, title: plan.title },
      year: this.frame.year,
      timeZone: PLAN_TIME_ZONE,
      asOf: this.asOf,
      provisional: this.provisional,
      knownAt: this.frame.knownAt?.toISOString() ?? null,
      knownAtPosition: this.frame.knownAtPosition,
      position: this.frame.position,
      definitions: REVIEW_DEFINITIONS,
      totals: rollupRow('all', '全部里程碑', 'milestones', milestones),
      assignmentTotals: rollupRow(
        'assignments',
        '全部承办事项',
        'assignments',
        milestones.flatMap((m) => m.assignments),
      ),
      rollups: rollupsOf(milestones, plan),
      milestones,
      inProgress: [...this.inProgress].sort(compareMilestones),
      standing: {
        asOf: this.asOf,
        cadenceDays: this.frame.cadenceDays,
        items: [...this.standing].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0)),
      },
      alerts: this.alerts.summary(),
      yearEnd: {
        cutoff: this.yearEndCutoff.toISOString(),
        position: this.frame.yearEndPosition,
        counts: countOutcomes(milestones.map((m) => ({ outcome: m.yearEndOutcome }))),
        lateReports,
        changes: milestones
          .filter((m) => m.yearEndOutcome !== m.outcome)
          .map((m) => outcomeChange(m.milestoneId, m.taskTitle, m.yearEndOutcome, m.outcome)),
      },
      closing: this.closed === null ? null : closingView(this.closed, milestones),
    };
  }
}
