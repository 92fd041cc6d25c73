import { InMemoryEventStore, type StoredEvent } from '@app/event-store';
import { milestoneStreamId } from '../domain';
import { aMilestonePlanned, TEST_MILESTONE_ID, testActors } from '../domain/testing/milestone.builders';
import { planStream, reportOn } from '../testing/counting-store';
import { MilestoneChoicesQuery } from './milestone-choices.query';

const OTHER = 'sanqu-2020.T06-2021';

/** Counts the store's reads: the batch must be one `readStreams`, never one `readStream` per milestone. */
class ReadCountingStore extends InMemoryEventStore {
  single = 0;
  multi = 0;
  override async readStream(...args: Parameters<InMemoryEventStore['readStream']>): Promise<StoredEvent[]> {
    this.single++;
    return super.readStream(...args);
  }
  override async readStreams(ids: readonly string[]): Promise<Map<string, StoredEvent[]>> {
    this.multi++;
    return super.readStreams(ids);
  }
}

describe('MilestoneChoicesQuery.choicesOfMany', () => {
  let store: ReadCountingStore;
  let query: MilestoneChoicesQuery;
  beforeEach(async () => {
    store = new ReadCountingStore();
    query = new MilestoneChoicesQuery(store);
    await planStream(store);
    await reportOn(store, 40, 1);
    const p = aMilestonePlanned({ milestoneId: OTHER, leadUnits: ['u-culture'] });
    await store.append(
      milestoneStreamId(OTHER),
      [
        {
          eventId: '00000000-0000-4000-8000-0000000000f1',
          type: p.type,
          data: p.data,
          metadata: { occurredAt: p.occurredAt },
        },
      ],
      'no_stream',
    );
  });

  it.each(Object.entries(testActors))('answers as the single query does, for the %s', async (_, actor) => {
    const batch = await query.choicesOfMany([OTHER, TEST_MILESTONE_ID], actor);
    expect(batch).toEqual({
      milestones: [await query.choices(OTHER, actor), await query.choices(TEST_MILESTONE_ID, actor)],
      unknownIds: [],
    });
  });

  it('reads every stream in one call, answers each id once and names the unknown ones apart', async () => {
    const batch = await query.choicesOfMany(
      ['nope', TEST_MILESTONE_ID, OTHER, TEST_MILESTONE_ID],
      testActors.leadReporter,
    );
    expect(batch.milestones.map((m) => [m.milestoneId, m.version, m.percent])).toEqual([
      [TEST_MILESTONE_ID, 2, 40],
      [OTHER, 1, null],
    ]);
    expect(batch.unknownIds).toEqual(['nope']);
    expect([store.multi, store.single]).toEqual([1, 0]);
  });
});
