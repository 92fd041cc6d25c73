import {
  type ExpectedVersion,
  InMemoryEventStore,
  type NewEvent,
  WrongExpectedVersionError,
} from '@app/event-store';
import { FixedClock } from '@app/platform';
import { ReportStandingItemCommand, ReportStandingItemHandler } from './report-standing-item.handler';
import { standingStreamId } from './standing-item.events';

const clock = new FixedClock('2021-06-30T02:00:00Z');
const ITEM = 'plan.T01-S1';
const actor = { tokenId: 't-1', tokenName: '甲局填报员', role: 'reporter', unit: 'u-a' };
const report = () =>
  new ReportStandingItemCommand(
    ITEM,
    { type: 'ReportStandingItem', actor: { role: 'reporter', unit: 'u-a' }, data: { narrative: '一季度' } },
    { actor, idempotencyKey: 'k-1' },
  );

/** Another process always appends to the item just before this one: every append of this one races and loses. */
class AlwaysRaced extends InMemoryEventStore {
  appends = 0;
  override async append(streamId: string, events: NewEvent[], expected: ExpectedVersion) {
    if (streamId === standingStreamId(ITEM) && expected !== 'no_stream') {
      this.appends++;
      throw new WrongExpectedVersionError(streamId, expected, (expected as number) + 1);
    }
    return super.append(streamId, events, expected);
  }
}

describe('ReportStandingItemHandler', () => {
  it('answers a report that kept losing races 503 STANDING_ITEM_BUSY (no If-Match on a report: never a 409)', async () => {
    const store = new AlwaysRaced(() => clock.now());
    await planned(store);
    const handler = new ReportStandingItemHandler(store, clock);
    await expect(handler.execute(report())).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'STANDING_ITEM_BUSY',
      details: { itemId: ITEM, retryAfterSeconds: 1 },
    });
    expect(store.appends).toBe(20);
    expect(await store.readStream(standingStreamId(ITEM))).toHaveLength(1); // nothing written
  });

  it('answers a report on an item withdrawn meanwhile 409, naming the position of its last event', async () => {
    const store = new InMemoryEventStore(() => clock.now());
    await planned(store);
    const withdrawn = await store.append(
      standingStreamId(ITEM),
      [
        {
          eventId: '00000000-0000-4000-8000-00000000a002',
          type: 'StandingItemWithdrawn',
          data: { reason: '移出计划' },
          metadata: { occurredAt: '2021-06-01T02:00:00.000Z' },
        },
      ],
      1,
    );
    const handler = new ReportStandingItemHandler(store, clock);
    await expect(handler.execute(report())).rejects.toMatchObject({
      code: 'MILESTONE_WITHDRAWN',
      details: { position: withdrawn.position },
    });
  });
});

/** The item planned: its first event. */
async function planned(store: InMemoryEventStore): Promise<void> {
  await store.append(
    standingStreamId(ITEM),
    [
      {
        eventId: '00000000-0000-4000-8000-00000000a001',
        type: 'StandingItemPlanned',
        data: {
          itemId: ITEM,
          planKey: 'plan',
          taskNo: 1,
          section: 1,
          taskTitle: '事项1',
          text: '持续推进事项1。',
          kind: 'standing',
          period: { from: 2020, to: 2022 },
          leadUnits: ['u-a'],
          leadMode: 'single',
          cooperatingUnits: [],
          zones: ['都市核心区'],
          districts: [],
          cityWide: false,
        },
        metadata: { occurredAt: '2020-01-02T02:00:00.000Z' },
      },
    ],
    'no_stream',
  );
}
