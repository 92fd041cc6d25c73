import { InMemoryEventStore, type StoredEvent } from '@app/event-store';
import { MilestoneError, MilestoneErrorCode, milestoneStreamId } from '../domain';
import { aMilestonePlanned } from '../domain/testing/milestone.builders';
import { TEST_MILESTONE_ID, testActors } from '../domain/testing/milestone.fixtures';
import { MAX_CHOICES_BATCH } from '../labels/command.labels';
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

  it(`refuses more than MAX_CHOICES_BATCH (${MAX_CHOICES_BATCH}) ids, as asked, before reading anything`, async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? TEST_MILESTONE_ID : `m-${i}`));
    const refused = await query
      .choicesOfMany(ids(MAX_CHOICES_BATCH + 1), testActors.admin)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MilestoneError);
    expect(refused).toMatchObject({
      kind: 'validation',
      code: MilestoneErrorCode.TOO_MANY_ITEMS,
      field: 'ids',
      details: { count: MAX_CHOICES_BATCH + 1, max: MAX_CHOICES_BATCH },
    });
    // The same id asked twice still counts twice: the route's limit.
    const twice = [...ids(MAX_CHOICES_BATCH), TEST_MILESTONE_ID];
    await expect(query.choicesOfMany(twice, testActors.admin)).rejects.toMatchObject({ field: 'ids' });
    expect([store.multi, store.single]).toEqual([0, 0]);

    const batch = await query.choicesOfMany(ids(MAX_CHOICES_BATCH), testActors.admin);
    expect([batch.milestones.length, batch.unknownIds.length]).toEqual([1, MAX_CHOICES_BATCH - 1]);
  });
});
