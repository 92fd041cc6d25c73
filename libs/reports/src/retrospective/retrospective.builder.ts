import { ALERT_RULE_LABELS_ZH, isAlertRule } from '@app/alerts';
import type { Actor } from '@app/event-store';
import { ACTOR_ROLE_LABELS_ZH, isActorRole, PLAN_TIME_ZONE } from '@app/milestones';
import { dateInZone, endOfDayInZone, type IsoDate } from '@app/platform';
import type { YearClosedData } from '../close-year/year-closed.event';
import { reviewMilestone, round, type ReviewContext, type ReviewEvent } from './milestone-review';
import { countOutcomes, rollupRow, rollupsOf, type PlanFrame } from './rollups';
import {
  OUTCOME_LABELS_ZH,
  type AlertRuleSummary,
  type AlertSummary,
  type ClosingView,
  type LateReport,
  type MilestoneReview,
  type MultiYearProgress,
  type Outcome,
  type OutcomeChange,
  type RetrospectiveReport,
} from './retrospective.types';

export const ALERT_RAISED = 'AlertRaised';
export const ALERT_ACKNOWLEDGED = 'AlertAcknowledged';

/** An alert event as the review reads it (AlertRaised / AlertAcknowledged from `alert-*` streams). */
export interface ReviewAlertEvent {
  readonly streamId: string;
  readonly type: string;
  readonly data: unknown;
  readonly occurredMs: number;
}

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
}

export interface ClosedYear {
  readonly data: YearClosedData;
  readonly recordedAt: string;
  readonly actor: Actor | null;
  readonly eventPosition: number;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface RaisedAlert {
  readonly rule: string;
  readonly raisedMs: number;
}

/** 31 December 24:00 of the year in the plan's time zone: reports recorded before it were known at year end. */
export function yearEndCutoff(year: number): Date {
  return endOfDayInZone(`${year}-12-31`, PLAN_TIME_ZONE);
}

const compareMilestones = (
  a: Pick<MilestoneReview, 'section' | 'taskNo' | 'period' | 'milestoneId'>,
  b: Pick<MilestoneReview, 'section' | 'taskNo' | 'period' | 'milestoneId'>,
): number =>
  a.section - b.section ||
  a.taskNo - b.taskNo ||
  a.period.to - b.period.to ||
  a.period.from - b.period.from ||
  (a.milestoneId < b.milestoneId ? -1 : a.milestoneId > b.milestoneId ? 1 : 0);

/**
 * Builds a year's retrospective from the milestone streams, one at a time, so a plan of 100 000 milestones
 * never needs all its events in memory. Feed the alert events first (each milestone row counts its alerts),
 * then every milestone stream, then the year's closing if there is one. Pure: the same input gives the same
 * report, byte for byte once serialised (no clock, ordering fixed).
 */
export class RetrospectiveBuilder {
  readonly asOf: IsoDate;
  readonly provisional: boolean;
  readonly yearEndCutoff: Date;
  private readonly ctx: ReviewContext;
  private readonly milestones: MilestoneReview[] = [];
  private readonly lateReports: LateReport[] = [];
  private readonly inProgress: MultiYearProgress[] = [];
  private readonly raised = new Map<string, RaisedAlert>();
  private readonly acknowledged = new Map<string, number>();
  private readonly alertsPerMilestone = new Map<string, number>();
  private closed: ClosedYear | null = null;
  private streams = 0;

  constructor(private readonly frame: RetrospectiveFrame) {
    const yearEnd: IsoDate = `${frame.year}-12-31`;
    this.yearEndCutoff = yearEndCutoff(frame.year);
    const reference = frame.knownAt ?? frame.now;
    this.provisional = reference.getTime() < this.yearEndCutoff.getTime();
    this.asOf = this.provisional ? dateInZone(reference, PLAN_TIME_ZONE) : yearEnd;
    const names = new Map(frame.plan.units.map((u) => [u.id, u.name]));
    this.ctx = {
      year: frame.year,
      asOf: this.asOf,
      asOfEndMs: endOfDayInZone(this.asOf, PLAN_TIME_ZONE).getTime(),
      yearEndMs: this.yearEndCutoff.getTime(),
      previousYearEndMs: yearEndCutoff(frame.year - 1).getTime(),
      knownAtMs: frame.knownAt?.getTime() ?? null,
      unitName: (id) => names.get(id) ?? id,
      alertsRaised: (id) => this.alertsPerMilestone.get(id) ?? 0,
    };
  }

  /** Streams reviewed so far (for progress output). */
  get streamsRead(): number {
    return this.streams;
  }

  addAlertEvent(e: ReviewAlertEvent): void {
    if (this.streams > 0) throw new Error('RetrospectiveBuilder: add alert events before milestone streams');
    const d = (e.data ?? {}) as Record<string, unknown>;
    const episode = typeof d.episode === 'number' ? d.episode : 0;
    const id = str(d.alertId) ?? `${e.streamId}:${episode}`;
    if (e.type === 'AlertAcknowledged') {
      if (!this.acknowledged.has(id)) this.acknowledged.set(id, e.occurredMs);
      return;
    }
    if (e.type !== 'AlertRaised') return;
    const asOf = str(d.asOf) ?? dateInZone(new Date(e.occurredMs), PLAN_TIME_ZONE);
    if (Number(asOf.slice(0, 4)) !== this.frame.year) return;
    if (this.raised.has(id)) return;
    this.raised.set(id, { rule: str(d.rule) ?? 'unknown', raisedMs: e.occurredMs });
    const milestone = d.milestone as { milestoneId?: unknown } | undefined;
    const milestoneId = str(milestone?.milestoneId) ?? str(d.milestoneId);
    if (milestoneId !== null) {
      this.alertsPerMilestone.set(milestoneId, (this.alertsPerMilestone.get(milestoneId) ?? 0) + 1);
    }
  }

  addMilestone(stream: readonly ReviewEvent[]): void {
    this.streams++;
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

  setClosing(closed: ClosedYear | null): void {
    this.closed = closed;
  }

  private alertSummary(): AlertSummary {
    const byRule = new Map<string, { raised: number; ackHours: number[] }>();
    for (const [id, a] of this.raised) {
      const r = byRule.get(a.rule) ?? { raised: 0, ackHours: [] };
      r.raised++;
      const ackMs = this.acknowledged.get(id);
      if (ackMs !== undefined) r.ackHours.push(Math.max(0, ackMs - a.raisedMs) / 3_600_000);
      byRule.set(a.rule, r);
    }
    const rules: AlertRuleSummary[] = [...byRule.keys()].sort().map((rule) => {
      const r = byRule.get(rule)!;
      const m = median(r.ackHours);
      return {
        rule,
        label: isAlertRule(rule) ? ALERT_RULE_LABELS_ZH[rule] : rule,
        raised: r.raised,
        acknowledged: r.ackHours.length,
        unacknowledged: r.raised - r.ackHours.length,
        medianHoursToAcknowledge: m === null ? null : round(m, 1),
      };
    });
    const all = [...byRule.values()].flatMap((r) => r.ackHours);
    const m = median(all);
    const raised = rules.reduce((a, r) => a + r.raised, 0);
    return {
      raised,
      acknowledged: all.length,
      unacknowledged: raised - all.length,
      medianHoursToAcknowledge: m === null ? null : round(m, 1),
      byRule: rules,
    };
  }

  private closingView(milestones: readonly MilestoneReview[]): ClosingView | null {
    if (this.closed === null) return null;
    const { data, actor } = this.closed;
    const before = new Map<string, Outcome>(data.outcomes.map(([id, o]) => [id, o]));
    const changes: OutcomeChange[] = [];
    const seen = new Set<string>();
    for (const m of milestones) {
      seen.add(m.milestoneId);
      const from = before.get(m.milestoneId) ?? null;
      if (from !== m.outcome) changes.push(change(m.milestoneId, m.taskTitle, from, m.outcome));
    }
    for (const [id, from] of data.outcomes) {
      if (!seen.has(id)) changes.push(change(id, '', from, null));
    }
    return {
      closedAt: this.closed.recordedAt,
      closedBy: closedBy(actor),
      note: data.note,
      position: data.position,
      eventPosition: this.closed.eventPosition,
      totals: data.totals,
      rollups: data.rollups,
      changes,
    };
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
    const changes = milestones
      .filter((m) => m.yearEndOutcome !== m.outcome)
      .map((m) => change(m.milestoneId, m.taskTitle, m.yearEndOutcome, m.outcome));
    const { plan } = this.frame;
    return {
      report: 'retrospective',
      version: 1,
      plan: { key: plan.key, title: plan.title },
      year: this.frame.year,
      timeZone: PLAN_TIME_ZONE,
      asOf: this.asOf,
      provisional: this.provisional,
      knownAt: this.frame.knownAt?.toISOString() ?? null,
      knownAtPosition: this.frame.knownAtPosition,
      position: this.frame.position,
      totals: rollupRow('all', '全部', milestones),
      rollups: rollupsOf(milestones, plan),
      milestones,
      inProgress: [...this.inProgress].sort(compareMilestones),
      alerts: this.alertSummary(),
      yearEnd: {
        cutoff: this.yearEndCutoff.toISOString(),
        position: this.frame.yearEndPosition,
        counts: countOutcomes(milestones.map((m) => ({ outcome: m.yearEndOutcome }))),
        lateReports,
        changes,
      },
      closing: this.closingView(milestones),
    };
  }
}

function change(
  milestoneId: string,
  taskTitle: string,
  from: Outcome | null,
  to: Outcome | null,
): OutcomeChange {
  return {
    milestoneId,
    taskTitle,
    from,
    fromLabel: from === null ? '（不在清单中）' : OUTCOME_LABELS_ZH[from],
    to,
    toLabel: to === null ? '（不在清单中）' : OUTCOME_LABELS_ZH[to],
  };
}

function closedBy(actor: Actor | null): string {
  const role = actor?.role && isActorRole(actor.role) ? ACTOR_ROLE_LABELS_ZH[actor.role] : null;
  const name = actor?.tokenName ?? actor?.system ?? null;
  if (role && name) return `${name}（${role}）`;
  return name ?? role ?? '—';
}
