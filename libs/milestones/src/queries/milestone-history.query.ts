import { Injectable } from '@nestjs/common';
import { type Actor, EventStore } from '@app/event-store';
import { toMilestoneEvent } from '../commands/stored-milestone-events';
import {
  initialState,
  MilestoneError,
  MilestoneErrorCode,
  MILESTONE_EVENT_LABELS_ZH,
  isMilestoneEventType,
  milestoneStreamId,
  routeEvent,
} from '../domain';

export interface HistoryEntry {
  readonly version: number;
  readonly position: number;
  readonly type: string;
  /** zh-CN label of the event type. */
  readonly label: string;
  readonly data: unknown;
  readonly actor: Actor | null;
  /** When it happened, as stated. */
  readonly occurredAt: string;
  /** When it was recorded (database clock). */
  readonly recordedAt: string;
  /** Reported more than 30 days after it happened. */
  readonly backdated: boolean;
  readonly correlationId: string | null;
  readonly hash: string;
  readonly prevHash: string;
  /** The assignments (承办事项, by key) it concerned, routed as the fold routes it; a plan event: every one. */
  readonly assignments: readonly string[];
}

/** Every event of a milestone with both time axes, its actor and its place in the hash chain. */
@Injectable()
export class MilestoneHistoryQuery {
  constructor(private readonly store: EventStore) {}

  async history(milestoneId: string): Promise<HistoryEntry[]> {
    const events = await this.store.readStream(milestoneStreamId(milestoneId));
    if (events.length === 0) {
      throw new MilestoneError(MilestoneErrorCode.MILESTONE_NOT_FOUND, {
        field: 'id',
        details: { milestoneId },
      });
    }
    let state = initialState;
    return events.map((e) => {
      const event = toMilestoneEvent(e);
      const routed = event === undefined ? undefined : routeEvent(state, event);
      if (routed !== undefined) state = routed.state;
      return {
        version: e.version,
        position: e.position,
        type: e.type,
        label: isMilestoneEventType(e.type) ? MILESTONE_EVENT_LABELS_ZH[e.type] : e.type,
        data: e.data,
        actor: e.metadata.actor ?? null,
        occurredAt: e.metadata.occurredAt,
        recordedAt: e.recordedAt.toISOString(),
        backdated: e.metadata.backdated === true,
        correlationId: e.metadata.correlationId ?? null,
        hash: e.hash,
        prevHash: e.prevHash,
        assignments: routed?.assignments ?? [],
      };
    });
  }
}
