import { InMemoryEventStore, type StoredEvent } from '@app/event-store';
import { milestoneStreamId } from '../domain';
import { aMilestonePlanned } from '../domain/testing/milestone.builders';
import { TEST_MILESTONE_ID } from '../domain/testing/milestone.fixtures';

/** The test milestone's stream. */
export const TEST_STREAM = milestoneStreamId(TEST_MILESTONE_ID);

/** An in-memory store that counts the events its stream reads return (how much a cache saved). */
export class CountingStore extends InMemoryEventStore {
  eventsRead = 0;
  override async readStream(...args: Parameters<InMemoryEventStore['readStream']>): Promise<StoredEvent[]> {
    const events = await super.readStream(...args);
    this.eventsRead += events.length;
    return events;
  }
}

let ids = 0;
const nextId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

/** Appends the test milestone's MilestonePlanned as the first event of `stream`. */
export async function planStream(store: InMemoryEventStore, stream = TEST_STREAM): Promise<void> {
  const p = aMilestonePlanned();
  await store.append(
    stream,
    [{ eventId: nextId(), type: p.type, data: p.data, metadata: { occurredAt: p.occurredAt } }],
    'no_stream',
  );
}

/** Appends a progress report at `version`; returns its position. */
export async function reportOn(
  store: InMemoryEventStore,
  percent: number,
  version: number,
  occurredAt = '2021-03-01T00:00:00.000Z',
): Promise<number> {
  const r = await store.append(
    TEST_STREAM,
    [
      {
        eventId: nextId(),
        type: 'ProgressReported',
        data: { percent, narrative: `进度 ${percent}%` },
        metadata: { occurredAt },
      },
    ],
    version,
  );
  return r.position;
}
