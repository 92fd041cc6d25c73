import { Inject, Injectable } from '@nestjs/common';
import { ALERT_STREAM_PREFIX } from '@app/alerts';
import { EventStore } from '@app/event-store';
import {
  MILESTONE_STREAM_PREFIX,
  STANDING_STREAM_PREFIX,
  toStandingItemEvent,
  type StandingItemEvent,
} from '@app/milestones';
import {
  APP_CONFIG,
  AppError,
  Clock,
  endOfDayInZone,
  PLAN_TIME_ZONE,
  type AppConfig,
  type IsoDate,
} from '@app/platform';
import { PLAN_EVENTS, PLAN_IMPORTED, planStreamId } from '@app/plans';
import { YEAR_EVENTS, yearStreamId } from '../close-year/year-closed.event';
import { REVIEW_ALERT_EVENTS } from './alert-tally';
import type { ClosedYear } from './closing';
import { formatYears, planFrameOf } from './plan-frame';
import type { RetrospectiveReport } from './report.types';
import { RetrospectiveBuilder, yearEndCutoff } from './retrospective.builder';
import { isPlanEvent, toReviewEvent, type ReviewEvent } from './review-event';
import type { PlanFrame } from './rollups';

export interface RetrospectiveQuery {
  readonly year: number;
  /** Only reports recorded at or before this instant count; null = all. */
  readonly knownAt?: Date | null;
  /**
   * The review as it stood at the end of this day: events that happened later (occurredAt; alerts by the day
   * they are dated) are left out, and a year not over by then is judged on it (provisional). null = now.
   */
  readonly asOf?: IsoDate | null;
  /** Compute at this event position (≤ head); null = the head. */
  readonly position?: number | null;
  /** null = the first imported plan. */
  readonly planKey?: string | null;
}

export interface RetrospectiveProgress {
  readonly phase: 'alerts' | 'milestones' | 'done';
  readonly streams: number;
  readonly events: number;
}

interface Reading {
  readonly position: number;
  readonly knownAt: Date | null;
  readonly asOf: IsoDate | null;
  /** The instant the as-of day ends: what happened from then on is left out (the plan itself always counts). */
  readonly endMs: number;
  readonly builder: RetrospectiveBuilder;
  events: number;
}

/**
 * Computes a year's retrospective straight from the event store (not from projections), at one event position:
 * every read is bounded by it, so the review is a pure function of the log prefix (and `knownAt`). Streams are
 * read through the store's paged prefix read, one whole stream at a time: memory holds the reviewed rows, not the
 * events.
 */
@Injectable()
export class RetrospectiveService {
  pageSize = 5000;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'health'>,
  ) {}

  async build(
    query: RetrospectiveQuery,
    onProgress?: (p: RetrospectiveProgress) => void,
  ): Promise<RetrospectiveReport> {
    const position = await this.checkedPosition(query.position ?? null);
    const plan = await this.loadPlan(query.planKey ?? null, position);
    const knownAt = query.knownAt ?? null;
    const asOf = query.asOf ?? null;
    const endMs = asOf === null ? Infinity : endOfDayInZone(asOf, PLAN_TIME_ZONE).getTime();
    const cutoff = yearEndCutoff(query.year);
    const builder = new RetrospectiveBuilder({
      plan,
      year: query.year,
      knownAt,
      knownAtPosition: knownAt === null ? null : await this.store.lastPositionRecordedBy(knownAt, position),
      position,
      // Recorded before the cutoff: at or before its last millisecond.
      yearEndPosition: await this.store.lastPositionRecordedBy(new Date(cutoff.getTime() - 1), position),
      now: new Date(Math.min(this.clock.now().getTime(), endMs - 1)),
      cadenceDays: this.config.health.reportCadenceDays,
    });
    const r: Reading = { position, knownAt, asOf, endMs, builder, events: 0 };
    await this.readAlerts(r);
    onProgress?.({ phase: 'alerts', streams: 0, events: r.events });
    await this.readMilestones(r, plan.key, onProgress);
    await this.readStandingItems(r, plan.key);
    const closed = await this.closedYear(plan.key, query.year, position, knownAt);
    builder.setClosing(closed !== null && Date.parse(closed.recordedAt) < endMs ? closed : null);
    onProgress?.({ phase: 'done', streams: builder.streamsRead, events: r.events });
    this.checkYear(query.year, builder.validYears);
    return builder.build();
  }

  private async checkedPosition(asked: number | null): Promise<number> {
    const head = await this.store.headPosition();
    if (asked === null) return head;
    if (asked > head) {
      throw new AppError({
        kind: 'validation',
        code: 'POSITION_BEYOND_HEAD',
        field: 'position',
        message: `position ${asked} is beyond the last event (${head})`,
        messageZh: `position ${asked} 超出最新事件位置（${head}）`,
        details: { head },
      });
    }
    return asked;
  }

  /** A year is valid for a review while any milestone is due in it (the plan's years always are). */
  private checkYear(year: number, valid: readonly number[]): void {
    if (valid.includes(year)) return;
    const years = formatYears(valid);
    throw new AppError({
      kind: 'validation',
      code: 'YEAR_OUT_OF_RANGE',
      field: 'year',
      message: `No milestone is due in ${year}; a review needs a year with milestones due: ${years}`,
      messageZh: `${year} 年没有到期的里程碑，可回顾的年度：${years}`,
      details: { validYears: valid, from: valid[0] ?? null, to: valid.at(-1) ?? null },
    });
  }

  private async readAlerts(r: Reading): Promise<void> {
    for await (const stream of this.store.streamsWithPrefix(ALERT_STREAM_PREFIX, this.paging(r))) {
      for (const e of REVIEW_ALERT_EVENTS.filter(stream)) {
        if (r.knownAt !== null && e.recordedAt.getTime() > r.knownAt.getTime()) continue;
        const occurredMs = Date.parse(e.metadata.occurredAt);
        const day = e.type === 'AlertRaised' ? e.data.asOf : undefined;
        if (r.asOf !== null && (day !== undefined ? day > r.asOf : occurredMs >= r.endMs)) continue;
        r.builder.addAlertEvent({ ...e, occurredMs });
        r.events++;
      }
    }
  }

  /** Every milestone stream of the plan, each whole, up to the position. */
  private async readMilestones(
    r: Reading,
    planKey: string,
    onProgress?: (p: RetrospectiveProgress) => void,
  ): Promise<void> {
    const prefix = `${MILESTONE_STREAM_PREFIX}${planKey}.`;
    for await (const stored of this.store.streamsWithPrefix(prefix, this.paging(r))) {
      const stream = stored
        .map(toReviewEvent)
        .filter((e): e is ReviewEvent => e !== undefined)
        .filter((e) => e.occurredMs < r.endMs || isPlanEvent(e.event));
      r.builder.addMilestone(stream);
      r.events += stored.length;
      if (r.builder.streamsRead % 1000 === 0) {
        onProgress?.({ phase: 'milestones', streams: r.builder.streamsRead, events: r.events });
      }
    }
  }

  /** Every standing-item stream of the plan (常态化事项), for the year-end statement. */
  private async readStandingItems(r: Reading, planKey: string): Promise<void> {
    const prefix = `${STANDING_STREAM_PREFIX}${planKey}.`;
    for await (const stored of this.store.streamsWithPrefix(prefix, this.paging(r))) {
      r.builder.addStandingItem(
        stored.map(toStandingItemEvent).filter((e): e is StandingItemEvent => e !== undefined),
      );
      r.events += stored.length;
    }
  }

  private paging(r: Reading): { maxPosition: number; pageSize: number } {
    return { maxPosition: r.position, pageSize: this.pageSize };
  }

  private async loadPlan(planKey: string | null, position: number): Promise<PlanFrame> {
    const key = planKey ?? (await this.firstPlanKey(position));
    const [imported] = PLAN_EVENTS.filter(
      await this.store.readStream(planStreamId(key), { maxPosition: position }),
    );
    if (!imported) {
      throw new AppError({
        kind: 'not_found',
        code: 'PLAN_NOT_FOUND',
        field: 'plan',
        message: `No plan "${key}"`,
        messageZh: `计划不存在：${key}`,
      });
    }
    return planFrameOf(key, imported.data);
  }

  /** The plan imported first (at or before the position). */
  private async firstPlanKey(position: number): Promise<string> {
    let first: { streamId: string; position: number } | undefined;
    for await (const stream of this.store.streamsWithPrefix(planStreamId(''), { maxPosition: position })) {
      const imported = stream.find((e) => e.type === PLAN_IMPORTED);
      if (imported && (first === undefined || imported.position < first.position)) first = imported;
    }
    if (first === undefined) {
      throw new AppError({
        kind: 'not_found',
        code: 'NO_PLAN_IMPORTED',
        message: 'No plan has been imported yet (POST /api/v1/plans:import)',
        messageZh: '尚未导入任何计划',
      });
    }
    return first.streamId.slice(planStreamId('').length);
  }

  private async closedYear(
    planKey: string,
    year: number,
    position: number,
    knownAt: Date | null,
  ): Promise<ClosedYear | null> {
    const events = await this.store.readStream(yearStreamId(planKey, year), { maxPosition: position });
    const closed = YEAR_EVENTS.filter(events).find(
      (e) => knownAt === null || e.recordedAt.getTime() <= knownAt.getTime(),
    );
    if (!closed) return null;
    return {
      data: closed.data,
      recordedAt: closed.recordedAt.toISOString(),
      actor: closed.metadata.actor ?? null,
      eventPosition: closed.position,
    };
  }
}
