import { EventStore } from '@app/event-store';
import {
  MILESTONE_EVENTS,
  milestoneIdFromStreamId,
  STANDING_ITEM_EVENTS,
  standingItemIdFromStreamId,
} from '@app/milestones';

const BATCH = 1000;

/** The events that refer to evidence. */
const EVIDENCE_EVENTS = MILESTONE_EVENTS.pick('ProgressReported', 'CompletionSubmitted').and(
  STANDING_ITEM_EVENTS.pick('StandingItemReported'),
);

/** One evidence reference a recorded event holds. */
export interface RecordedReference {
  readonly sha256: string;
  readonly name: string;
  /** Recorded with the file's size: it referred to an uploaded file. */
  readonly size?: number | undefined;
  /** The milestone (or standing item) whose event it is. */
  readonly owner: string;
}

/**
 * Calls `fn` for every evidence reference of the events recorded after position `after` (all by default), in log
 * order, read in pages; `fn` may be async (awaited per reference). Returns the last position read (`after` if none).
 */
export async function forEachRecordedReference(
  events: EventStore,
  fn: (ref: RecordedReference) => void | Promise<void>,
  after = 0,
): Promise<number> {
  for (;;) {
    const batch = await events.readAll(after, BATCH);
    if (batch.length === 0) return after;
    for (const e of EVIDENCE_EVENTS.filter(batch)) {
      const owner =
        milestoneIdFromStreamId(e.streamId) ?? standingItemIdFromStreamId(e.streamId) ?? e.streamId;
      for (const item of e.data.evidence ?? [])
        await fn({ sha256: item.sha256, name: item.name, size: item.size, owner });
    }
    after = batch[batch.length - 1]!.position;
  }
}
