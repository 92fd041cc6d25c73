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

/** The evidence references of the events recorded after position `after`, one page of the log. */
export interface ReferencesPage {
  readonly refs: readonly RecordedReference[];
  /** The last position read (`after` when there was nothing after it: the end of the log). */
  readonly last: number;
}

export async function recordedReferencesPage(events: EventStore, after: number): Promise<ReferencesPage> {
  const batch = await events.readAll(after, BATCH);
  const refs: RecordedReference[] = [];
  for (const e of EVIDENCE_EVENTS.filter(batch)) {
    const owner = milestoneIdFromStreamId(e.streamId) ?? standingItemIdFromStreamId(e.streamId) ?? e.streamId;
    for (const item of e.data.evidence ?? [])
      refs.push({ sha256: item.sha256, name: item.name, size: item.size, owner });
  }
  return { refs, last: batch.length === 0 ? after : batch[batch.length - 1]!.position };
}

/** Calls `fn` for every evidence reference of every recorded event, in log order (read in pages). */
export async function forEachRecordedReference(
  events: EventStore,
  fn: (ref: RecordedReference) => void,
): Promise<void> {
  for (let after = 0; ;) {
    const page = await recordedReferencesPage(events, after);
    if (page.last === after) return;
    page.refs.forEach(fn);
    after = page.last;
  }
}
