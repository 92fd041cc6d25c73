import { dateInZone, endOfDayInZone, type IsoDate } from '@app/platform';
import {
  fold,
  isMilestoneEventType,
  milestoneIdFromStreamId,
  MILESTONE_EVENT_TYPES,
  type MilestoneEvent,
  type MilestoneEventType,
  type MilestoneState,
} from '@app/milestones';

/** One milestone event with both time axes and its place in the log. */
export interface MilestoneEventRecord {
  readonly milestoneId: string;
  readonly position: number;
  readonly version: number;
  readonly type: MilestoneEventType;
  readonly data: unknown;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

export interface MilestoneEventRow {
  global_position: string | number;
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  occurred_at: string | null;
  recorded_at: Date;
}

/** Selects milestone events (by type, using the events' type index), oldest first. */
export const MILESTONE_EVENTS_SQL = `
  SELECT global_position, stream_id, stream_version, type, data, metadata->>'occurredAt' AS occurred_at, recorded_at
    FROM events WHERE type = ANY($1::text[])`;

export const MILESTONE_TYPES: readonly string[] = MILESTONE_EVENT_TYPES;

export function toMilestoneRecord(r: MilestoneEventRow): MilestoneEventRecord | null {
  const milestoneId = milestoneIdFromStreamId(r.stream_id);
  if (milestoneId === null || !isMilestoneEventType(r.type)) return null;
  const recordedAt = r.recorded_at.toISOString();
  return {
    milestoneId,
    position: Number(r.global_position),
    version: r.stream_version,
    type: r.type,
    data: r.data,
    occurredAt: r.occurred_at ?? recordedAt,
    recordedAt,
  };
}

export function groupByMilestone(
  records: Iterable<MilestoneEventRecord>,
): Map<string, MilestoneEventRecord[]> {
  const out = new Map<string, MilestoneEventRecord[]>();
  for (const r of records) {
    const list = out.get(r.milestoneId);
    if (list) list.push(r);
    else out.set(r.milestoneId, [r]);
  }
  return out;
}

export function toMilestoneEvent(r: MilestoneEventRecord): MilestoneEvent {
  return { type: r.type, data: r.data, occurredAt: r.occurredAt, recordedAt: r.recordedAt } as MilestoneEvent;
}

/** The day (in the plan's zone) a fact happened. */
export function dayOfInstant(instant: string, timeZone: string): IsoDate {
  return dateInZone(new Date(instant), timeZone);
}

/**
 * A milestone's state as of a date: its events up to `maxPosition` (as known then) that happened by the end
 * of `asOf` (in the plan's zone). Backdated reports count from the day they say they happened.
 */
export function stateAsOf(
  records: readonly MilestoneEventRecord[],
  asOf: IsoDate,
  timeZone: string,
  maxPosition = Number.MAX_SAFE_INTEGER,
): MilestoneState {
  const end = endOfDayInZone(asOf, timeZone).getTime();
  return fold(
    records.filter((r) => r.position <= maxPosition && Date.parse(r.occurredAt) < end).map(toMilestoneEvent),
  );
}
