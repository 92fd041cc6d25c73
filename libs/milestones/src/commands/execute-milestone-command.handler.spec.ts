import {
  InMemoryEventStore,
  type NewEvent,
  WrongExpectedVersionError,
  type AppendResult,
  type ExpectedVersion,
} from '@app/event-store';
import { FixedClock } from '@app/platform';
import { milestoneStreamId } from '../domain';
import { aMilestonePlanned } from '../domain/testing/milestone.builders';
import { TEST_MILESTONE_ID } from '../domain/testing/milestone.fixtures';
import { aReportProgress } from '../domain/testing/milestone-command.builders';
import { ExecuteMilestoneCommand, ExecuteMilestoneCommandHandler } from './execute-milestone-command.handler';

const STREAM = milestoneStreamId(TEST_MILESTONE_ID);
const actor = { tokenId: 't-1', tokenName: '交通局填报员', role: 'reporter', unit: 'u-transport' };

async function given(store: InMemoryEventStore): Promise<void> {
  const planned = aMilestonePlanned();
  await store.append(
    STREAM,
    [
      {
        eventId: '00000000-0000-4000-8000-000000000001',
        type: planned.type,
        data: planned.data,
        metadata: { occurredAt: planned.occurredAt },
      },
    ],
    'no_stream',
  );
}

describe('ExecuteMilestoneCommandHandler', () => {
  const clock = new FixedClock('2021-06-30T02:00:00Z');

  it('appends the decided events with the actor, both time axes and the backdated mark', async () => {
    const store = new InMemoryEventStore(() => clock.now());
    await given(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    const r = await handler.execute(
      new ExecuteMilestoneCommand(
        TEST_MILESTONE_ID,
        aReportProgress({ percent: 30 }, { occurredAt: '2021-03-01T00:00:00Z' }),
        { actor },
      ),
    );
    expect(r).toEqual({ milestoneId: TEST_MILESTONE_ID, version: 2, position: 2, replayed: false });
    const [, e] = await store.readStream(STREAM);
    expect(e).toMatchObject({
      type: 'ProgressReported',
      data: { percent: 30 },
      metadata: { occurredAt: '2021-03-01T00:00:00.000Z', backdated: true, actor },
    });
  });

  it('with an Idempotency-Key, a retry after the first succeeded returns the first result and writes nothing', async () => {
    const store = new InMemoryEventStore(() => clock.now());
    await given(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    const cmd = () =>
      new ExecuteMilestoneCommand(TEST_MILESTONE_ID, aReportProgress({ percent: 40 }), {
        actor,
        idempotencyKey: 'k-1',
      });
    const first = await handler.execute(cmd());
    await store.append(
      'elsewhere',
      [
        {
          eventId: '00000000-0000-4000-8000-000000000009',
          type: 'X',
          data: {},
          metadata: { occurredAt: '2021-06-30T00:00:00Z' },
        },
      ],
      'any',
    );
    const again = await handler.execute(cmd());
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await store.headPosition()).toBe(3);
  });

  it('If-Match: a stale expected version is a WrongExpectedVersionError carrying the current version', async () => {
    const store = new InMemoryEventStore(() => clock.now());
    await given(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    await expect(
      handler.execute(
        new ExecuteMilestoneCommand(TEST_MILESTONE_ID, aReportProgress(), { actor, expectedVersion: 7 }),
      ),
    ).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actualVersion: 1 });
    expect(await store.headPosition()).toBe(1);
  });

  it('without If-Match, reloads and decides again when another writer got in between', async () => {
    class RacingStore extends InMemoryEventStore {
      raced = false;
      override async append(
        streamId: string,
        events: readonly NewEvent[],
        expected: ExpectedVersion,
      ): Promise<AppendResult> {
        const version = typeof expected === 'object' ? expected.version : expected;
        if (!this.raced && streamId === STREAM && version === 1) {
          this.raced = true;
          // Someone else reports first.
          await super.append(
            STREAM,
            [
              {
                eventId: '00000000-0000-4000-8000-000000000002',
                type: 'ProgressReported',
                data: { percent: 50, narrative: '他人先报' },
                metadata: { occurredAt: '2021-06-29T00:00:00Z' },
              },
            ],
            1,
          );
          throw new WrongExpectedVersionError(streamId, expected, 2);
        }
        return super.append(streamId, events, expected);
      }
    }
    const store = new RacingStore(() => clock.now());
    await given(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    const r = await handler.execute(
      new ExecuteMilestoneCommand(TEST_MILESTONE_ID, aReportProgress({ percent: 60 }), { actor }),
    );
    expect(r.version).toBe(3);
    expect((await store.readStream(STREAM)).map((e) => (e.data as { percent?: number }).percent)).toEqual([
      undefined,
      50,
      60,
    ]);
  });

  it('concurrent commands on one stream in one process take turns: every one recorded, no append conflicts', async () => {
    class CountingStore extends InMemoryEventStore {
      conflicts = 0;
      override async append(
        streamId: string,
        events: readonly NewEvent[],
        expected: ExpectedVersion,
      ): Promise<AppendResult> {
        // Yield first, as a database round trip would: without turns the others would read the same version.
        await new Promise((r) => setImmediate(r));
        try {
          return await super.append(streamId, events, expected);
        } catch (e) {
          if (e instanceof WrongExpectedVersionError) this.conflicts++;
          throw e;
        }
      }
    }
    const store = new CountingStore(() => clock.now());
    await given(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    const rs = await Promise.all(
      Array.from({ length: 30 }, () =>
        handler.execute(
          new ExecuteMilestoneCommand(TEST_MILESTONE_ID, aReportProgress({ percent: 20 }), { actor }),
        ),
      ),
    );
    expect(rs.map((r) => r.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 2),
    );
    expect(store.conflicts).toBe(0);
  });

  it('without If-Match, a stream that keeps changing past the deadline is MILESTONE_BUSY (503), nothing written', async () => {
    class AlwaysRacedStore extends InMemoryEventStore {
      attempts = 0;
      override append(
        streamId: string,
        _events: readonly NewEvent[],
        expected: ExpectedVersion,
      ): Promise<AppendResult> {
        this.attempts++;
        return Promise.reject(new WrongExpectedVersionError(streamId, expected, 99));
      }
    }
    const store = new AlwaysRacedStore(() => clock.now());
    await InMemoryEventStore.prototype.append.call(
      store,
      STREAM,
      [
        {
          eventId: '00000000-0000-4000-8000-000000000001',
          type: aMilestonePlanned().type,
          data: aMilestonePlanned().data,
          metadata: { occurredAt: aMilestonePlanned().occurredAt },
        },
      ],
      'no_stream',
    );
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    // Long enough that the jittered backoff (at most 5+10+20+40+80+160 ms for the first six pauses) leaves room for
    // several attempts even when every pause draws its maximum.
    handler.deadlineMs = 1000;
    const started = Date.now();
    await expect(
      handler.execute(new ExecuteMilestoneCommand(TEST_MILESTONE_ID, aReportProgress(), { actor })),
    ).rejects.toMatchObject({ code: 'MILESTONE_BUSY', kind: 'unavailable', retryAfterSeconds: 1 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(store.attempts).toBeGreaterThan(3);
    expect(await store.headPosition()).toBe(1);
  });

  it('a refused command writes nothing', async () => {
    const store = new InMemoryEventStore(() => clock.now());
    await given(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    await expect(
      handler.execute(
        new ExecuteMilestoneCommand(TEST_MILESTONE_ID, aReportProgress({ percent: 101 }), { actor }),
      ),
    ).rejects.toMatchObject({ code: 'PERCENT_INVALID' });
    expect(await store.headPosition()).toBe(1);
  });
});
