import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore, type EventMetadata } from '@app/event-store';
import { MILESTONE_STREAM_PREFIX, PLAN_TIME_ZONE } from '@app/milestones';
import { AppError, Clock, endOfDayInZone, type IsoDate } from '@app/platform';
import { PLAN_IMPORTED, planStreamId, type PlanImportedData } from '@app/plans';
import { YEAR_CLOSED, yearStreamId, type YearClosedData } from '../close-year/year-closed.event';
import { isPlanEvent, type ReviewEvent } from './milestone-review';
import {
  ALERT_ACKNOWLEDGED,
  ALERT_RAISED,
  RetrospectiveBuilder,
  yearEndCutoff,
  type ClosedYear,
} from './retrospective.builder';
import type { PlanFrame } from './rollups';
import type { RetrospectiveReport } from './retrospective.types';

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

interface EventRow {
  global_position: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

/** Keyset pages over the index on (stream_id, stream_version) / (type, global_position). */
const DEFAULT_PAGE_SIZE = 5000;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toReviewEvent(r: EventRow): ReviewEvent {
  const occurredAt = r.metadata.occurredAt;
  return {
    position: Number(r.global_position),
    type: r.type,
    data: r.data,
    occurredAt,
    occurredMs: Date.parse(occurredAt),
    recordedAt: r.recorded_at.toISOString(),
    recordedMs: r.recorded_at.getTime(),
    backdated: r.metadata.backdated === true,
    actor: r.metadata.actor ?? null,
  };
}

/**
 * Computes a year's retrospective straight from the event store (not from projections), at one event position:
 * every read is bounded by it, so the review is a pure function of the log prefix (and `knownAt`). Milestone
 * streams are read in keyset pages ordered by stream and version and reviewed one stream at a time: no query
 * per milestone, and memory holds the reviewed rows, not the events.
 */
@Injectable()
export class RetrospectiveService {
  pageSize = DEFAULT_PAGE_SIZE;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  async build(
    query: RetrospectiveQuery,
    onProgress?: (p: RetrospectiveProgress) => void,
  ): Promise<RetrospectiveReport> {
    const head = await this.store.headPosition();
    const position = query.position ?? head;
    if (position > head) {
      throw new AppError({
        kind: 'validation',
        code: 'POSITION_BEYOND_HEAD',
        field: 'position',
        message: `position ${position} is beyond the last event (${head})`,
        messageZh: `position ${position} 超出最新事件位置（${head}）`,
        details: { head },
      });
    }
    const plan = await this.loadPlan(query.planKey ?? null, position);
    if (query.year < plan.years.from || query.year > plan.years.to) {
      throw new AppError({
        kind: 'validation',
        code: 'YEAR_OUT_OF_RANGE',
        field: 'year',
        message: `year must be within the plan's years ${plan.years.from}–${plan.years.to}`,
        messageZh: `year 必须在计划年度 ${plan.years.from}—${plan.years.to} 之内`,
        details: { from: plan.years.from, to: plan.years.to },
      });
    }
    const knownAt = query.knownAt ?? null;
    const asOf = query.asOf ?? null;
    // The instant the as-of day ends: what happened from then on is left out (the plan itself always counts).
    const endMs = asOf === null ? Infinity : endOfDayInZone(asOf, PLAN_TIME_ZONE).getTime();
    const positions = await this.positions(position, knownAt, yearEndCutoff(query.year));
    const builder = new RetrospectiveBuilder({
      plan,
      year: query.year,
      knownAt,
      knownAtPosition: knownAt === null ? null : positions.known,
      position,
      yearEndPosition: positions.yearEnd,
      now: new Date(Math.min(this.clock.now().getTime(), endMs - 1)),
    });
    let events = 0;
    await this.readAlerts(position, knownAt, (e) => {
      const day = (e.data as { asOf?: unknown } | null)?.asOf;
      const dated = e.type === ALERT_RAISED && typeof day === 'string';
      if (asOf !== null && (dated ? day > asOf : e.occurredMs >= endMs)) return;
      builder.addAlertEvent(e);
      events++;
    });
    onProgress?.({ phase: 'alerts', streams: 0, events });
    await this.readMilestoneStreams(plan.key, position, (all) => {
      const stream = all.filter((e) => e.occurredMs < endMs || isPlanEvent(e));
      builder.addMilestone(stream);
      events += all.length;
      if (builder.streamsRead % 1000 === 0) {
        onProgress?.({ phase: 'milestones', streams: builder.streamsRead, events });
      }
    });
    const closed = await this.closedYear(plan.key, query.year, position, knownAt);
    builder.setClosing(closed !== null && Date.parse(closed.recordedAt) < endMs ? closed : null);
    onProgress?.({ phase: 'done', streams: builder.streamsRead, events });
    return builder.build();
  }

  private async loadPlan(planKey: string | null, position: number): Promise<PlanFrame> {
    let key = planKey;
    if (key === null) {
      const rows = await this.dataSource.query<{ stream_id: string }[]>(
        'SELECT stream_id FROM events WHERE type = $1 AND global_position <= $2 ORDER BY global_position LIMIT 1',
        [PLAN_IMPORTED, position],
      );
      const streamId = rows[0]?.stream_id;
      if (streamId === undefined) {
        throw new AppError({
          kind: 'not_found',
          code: 'NO_PLAN_IMPORTED',
          message: 'No plan has been imported yet (POST /api/v1/plans:import)',
          messageZh: '尚未导入任何计划',
        });
      }
      key = streamId.slice(planStreamId('').length);
    }
    const imported = (await this.store.readStream(planStreamId(key), { maxPosition: position })).find(
      (e) => e.type === PLAN_IMPORTED,
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
    const data = imported.data as PlanImportedData;
    const model = data.model;
    const districts: string[] = [];
    for (const z of model.zones ?? []) {
      for (const d of z.districts) if (!districts.includes(d.name)) districts.push(d.name);
    }
    const periods = (model.tasks ?? []).flatMap((t) => t.milestones.map((m) => m.period));
    return {
      key,
      title: data.title,
      zones: (model.zones ?? []).map((z) => z.name),
      districts,
      units: (model.units ?? []).map((u) => ({ id: u.id, name: u.name })),
      sections: (model.sections ?? []).map((s) => ({ no: s.no, numeral: s.numeral, title: s.title })),
      years: {
        from: periods.length > 0 ? Math.min(...periods.map((p) => p.from)) : 0,
        to: periods.length > 0 ? Math.max(...periods.map((p) => p.to)) : 0,
      },
    };
  }

  /** The last position recorded at or before `knownAt`, and before the year-end cutoff (one scan). */
  private async positions(
    position: number,
    knownAt: Date | null,
    cutoff: Date,
  ): Promise<{ known: number; yearEnd: number }> {
    const rows = await this.dataSource.query<{ known: string | null; year_end: string | null }[]>(
      `SELECT max(global_position) FILTER (WHERE $2::timestamptz IS NULL OR recorded_at <= $2) AS known,
              max(global_position) FILTER (WHERE recorded_at < $3) AS year_end
         FROM events WHERE global_position <= $1`,
      [position, knownAt?.toISOString() ?? null, cutoff.toISOString()],
    );
    return { known: Number(rows[0]?.known ?? 0), yearEnd: Number(rows[0]?.year_end ?? 0) };
  }

  private async readAlerts(
    position: number,
    knownAt: Date | null,
    onEvent: (e: { streamId: string; type: string; data: unknown; occurredMs: number }) => void,
  ): Promise<void> {
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.query<EventRow[]>(
        `SELECT global_position, stream_id, stream_version, type, data, metadata, recorded_at FROM events
          WHERE type = ANY($1) AND global_position > $2 AND global_position <= $3
          ORDER BY global_position LIMIT $4`,
        [[ALERT_RAISED, ALERT_ACKNOWLEDGED], after, position, this.pageSize],
      );
      for (const r of rows) {
        if (knownAt !== null && r.recorded_at.getTime() > knownAt.getTime()) continue;
        onEvent({
          streamId: r.stream_id,
          type: r.type,
          data: r.data,
          occurredMs: Date.parse(r.metadata.occurredAt),
        });
      }
      if (rows.length < this.pageSize) return;
      after = Number(rows[rows.length - 1]!.global_position);
    }
  }

  /** Every milestone stream of the plan, in stream order, each whole, up to `position`. */
  private async readMilestoneStreams(
    planKey: string,
    position: number,
    onStream: (events: ReviewEvent[]) => void,
  ): Promise<void> {
    const prefix = `${MILESTONE_STREAM_PREFIX}${planKey}.`;
    let afterStream = prefix;
    let afterVersion = 0;
    let current: ReviewEvent[] = [];
    let currentId: string | null = null;
    for (;;) {
      const rows = await this.dataSource.query<EventRow[]>(
        `SELECT global_position, stream_id, stream_version, type, data, metadata, recorded_at FROM events
          WHERE (stream_id, stream_version) > ($1, $2) AND stream_id LIKE $3 AND global_position <= $4
          ORDER BY stream_id, stream_version LIMIT $5`,
        [afterStream, afterVersion, `${escapeLike(prefix)}%`, position, this.pageSize],
      );
      for (const r of rows) {
        if (r.stream_id !== currentId) {
          if (current.length > 0) onStream(current);
          current = [];
          currentId = r.stream_id;
        }
        current.push(toReviewEvent(r));
      }
      if (rows.length < this.pageSize) break;
      const last = rows[rows.length - 1]!;
      afterStream = last.stream_id;
      afterVersion = last.stream_version;
    }
    if (current.length > 0) onStream(current);
  }

  private async closedYear(
    planKey: string,
    year: number,
    position: number,
    knownAt: Date | null,
  ): Promise<ClosedYear | null> {
    const events = await this.store.readStream(yearStreamId(planKey, year), { maxPosition: position });
    const closed = events.find(
      (e) => e.type === YEAR_CLOSED && (knownAt === null || e.recordedAt.getTime() <= knownAt.getTime()),
    );
    if (!closed) return null;
    return {
      data: closed.data as YearClosedData,
      recordedAt: closed.recordedAt.toISOString(),
      actor: closed.metadata.actor ?? null,
      eventPosition: closed.position,
    };
  }
}
