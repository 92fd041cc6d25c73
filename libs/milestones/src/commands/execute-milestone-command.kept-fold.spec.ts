import { FixedClock } from '@app/platform';
import { aCompletionReturned, aMilestoneWithdrawn } from '../domain/testing/milestone.builders';
import { TEST_MILESTONE_ID } from '../domain/testing/milestone.fixtures';
import { aReportProgress, aSubmitCompletion } from '../domain/testing/milestone-command.builders';
import { CountingStore, planStream, reportOn, TEST_STREAM } from '../testing/counting-store';
import { ExecuteMilestoneCommand, ExecuteMilestoneCommandHandler } from './execute-milestone-command.handler';

const actor = { tokenId: 't-1', tokenName: '交通局填报员', role: 'admin', unit: 'u-transport' };
const clock = new FixedClock('2021-06-30T02:00:00Z');
const percents = async (store: CountingStore) =>
  (await store.readStream(TEST_STREAM)).map((e) => (e.data as { percent?: number }).percent);
const report = (percent: number, expectedVersion?: number) =>
  new ExecuteMilestoneCommand(TEST_MILESTONE_ID, aReportProgress({ percent }), { actor, expectedVersion });

/** The handler decides on the fold it keeps without reading the stream; the store's head check keeps that safe. */
describe('ExecuteMilestoneCommandHandler with a kept fold', () => {
  it('appends a command after its own last one without reading the stream', async () => {
    const store = new CountingStore(() => clock.now());
    await planStream(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    await handler.execute(report(30));
    store.eventsRead = 0;
    expect(await handler.execute(report(40))).toMatchObject({ version: 3, position: 3 });
    expect(store.eventsRead).toBe(0);
    expect(await percents(store)).toEqual([undefined, 30, 40]);
  });

  it('decides again on the stored stream when another writer appended since (the head moved)', async () => {
    const store = new CountingStore(() => clock.now());
    await planStream(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    await handler.execute(report(30));
    await reportOn(store, 35, 2); // another process
    expect(await handler.execute(report(40))).toMatchObject({ version: 4 });
    expect(await percents(store)).toEqual([undefined, 30, 35, 40]);
  });

  it('checks If-Match against the stored stream, not against a kept fold another writer left behind', async () => {
    const store = new CountingStore(() => clock.now());
    await planStream(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    await handler.execute(report(30));
    await reportOn(store, 35, 2);
    // The caller saw version 3 (the other writer's): right, though the kept fold is at 2.
    expect(await handler.execute(report(40, 3))).toMatchObject({ version: 4 });
    await expect(handler.execute(report(50, 3))).rejects.toMatchObject({
      code: 'WRONG_EXPECTED_VERSION',
      actualVersion: 4,
    });
  });

  it('refuses what the stored stream refuses, though the kept fold would have allowed it', async () => {
    const store = new CountingStore(() => clock.now());
    await planStream(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    await handler.execute(report(30));
    // Another process withdraws it: the kept fold still has it open, the store refuses the append after it.
    await store.append(TEST_STREAM, [{ eventId: '00000000-0000-4000-8000-0000000b0001', ...withdrawn() }], 2);
    await expect(handler.execute(report(40))).rejects.toMatchObject({ kind: 'conflict' });
    expect(await percents(store)).toEqual([undefined, 30, undefined]);
  });

  it('does not refuse on the kept fold alone: what it refuses is decided again on the stored stream', async () => {
    const store = new CountingStore(() => clock.now());
    await planStream(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    await handler.execute(new ExecuteMilestoneCommand(TEST_MILESTONE_ID, aSubmitCompletion(), { actor }));
    // Another process returns the completion: reportable again, though the kept fold says "submitted".
    const returned = aCompletionReturned();
    await store.append(
      TEST_STREAM,
      [
        {
          eventId: '00000000-0000-4000-8000-0000000b0002',
          type: returned.type,
          data: returned.data,
          metadata: { occurredAt: returned.occurredAt },
        },
      ],
      2,
    );
    expect(await handler.execute(report(40))).toMatchObject({ version: 4 });
  });

  it('a keyed command another process recorded right after the kept head: answered replayed, the fold forgotten', async () => {
    const store = new CountingStore(() => clock.now());
    await planStream(store);
    const here = new ExecuteMilestoneCommandHandler(store, clock);
    const there = new ExecuteMilestoneCommandHandler(store, clock); // another process
    await here.execute(report(20)); // the fold kept here ends at version 2
    const keyed = () =>
      new ExecuteMilestoneCommand(TEST_MILESTONE_ID, aReportProgress({ percent: 30 }), {
        actor,
        idempotencyKey: 'k-1',
      });
    const first = await there.execute(keyed());
    expect(first).toMatchObject({ version: 3, replayed: false });
    // The retry here appends after its kept head (version 2, still the stream's event there): the store finds the
    // events stored, with the version and position an append of them would have had; only the store can tell.
    expect(await here.execute(keyed())).toEqual({ ...first, replayed: true });
    expect(await percents(store)).toEqual([undefined, 20, 30]);
    store.eventsRead = 0;
    await here.execute(report(40)); // the events as stored are the other process's: the fold is read again
    expect(store.eventsRead).toBeGreaterThan(0);
  });

  it('a keyed command whose append committed but whose answer was lost: answered from the store, not a replay', async () => {
    const store = new LostAnswerStore(() => clock.now());
    await planStream(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    store.loseNextAnswer = true;
    const keyed = new ExecuteMilestoneCommand(TEST_MILESTONE_ID, aReportProgress({ percent: 30 }), {
      actor,
      idempotencyKey: 'k-lost',
    });
    expect(await handler.execute(keyed)).toMatchObject({ version: 2, replayed: false });
    expect(await handler.execute(keyed)).toMatchObject({ version: 2, replayed: true }); // a retry under the key
    expect(await percents(store)).toEqual([undefined, 30]);
  });
});

/** Its next append is stored, and then fails as a connection lost before the answer came. */
class LostAnswerStore extends CountingStore {
  loseNextAnswer = false;
  override async append(...args: Parameters<CountingStore['append']>): ReturnType<CountingStore['append']> {
    const r = await super.append(...args);
    if (!this.loseNextAnswer) return r;
    this.loseNextAnswer = false;
    throw new Error('Connection terminated unexpectedly'); // (the store's AppendInterruptedError in PostgreSQL)
  }
}

function withdrawn() {
  const w = aMilestoneWithdrawn();
  return { type: w.type, data: w.data, metadata: { occurredAt: w.occurredAt } };
}
