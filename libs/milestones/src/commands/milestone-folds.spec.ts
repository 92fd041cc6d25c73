import type { InMemoryEventStore } from '@app/event-store';
import { FixedClock } from '@app/platform';
import { fold, milestoneStreamId } from '../domain';
import { CountingStore, planStream, reportOn, TEST_STREAM } from '../testing/counting-store';
import { MilestoneFolds } from './milestone-folds';
import { toMilestoneEvents } from './stored-milestone-events';

const STREAM = TEST_STREAM;
const clock = new FixedClock('2021-06-30T02:00:00Z');
const plan = planStream;
const report = (store: InMemoryEventStore, percent: number, version: number) =>
  reportOn(store, percent, version, `2021-0${1 + (percent % 6)}-01T00:00:00.000Z`);

describe('MilestoneFolds', () => {
  it('folds the whole stream once, then only the events appended since, to the same state', async () => {
    const store = new CountingStore(() => clock.now());
    await plan(store);
    for (let v = 1; v <= 20; v++) await report(store, v * 4, v);
    const folds = new MilestoneFolds(store);
    expect((await folds.load(STREAM)).head?.version).toBe(21);
    expect(store.eventsRead).toBe(21);

    await report(store, 90, 21);
    await report(store, 95, 22);
    store.eventsRead = 0;
    const { state } = await folds.load(STREAM);
    // The event at the kept version (to check it is still the same), then the two new ones.
    expect(store.eventsRead).toBe(3);
    expect(state).toEqual(fold(toMilestoneEvents(await store.readStream(STREAM))));
    expect(state.percent).toBe(95);
  });

  it('notices a store replaced underneath (another history at the kept version) and folds from the start', async () => {
    let store = new CountingStore(() => clock.now());
    await plan(store);
    await report(store, 30, 1);
    const replaceable = new Proxy({} as InMemoryEventStore, {
      get: (_, k: keyof InMemoryEventStore) => {
        const v = store[k];
        return typeof v === 'function' ? v.bind(store) : v;
      },
    });
    const folds = new MilestoneFolds(replaceable);
    expect((await folds.load(STREAM)).state.percent).toBe(30);

    store = new CountingStore(() => clock.now());
    await plan(store);
    await report(store, 60, 1);
    expect((await folds.load(STREAM)).state.percent).toBe(60);
  });

  it("carries a kept fold over the caller's own append, to the state a read would fold, without reading", async () => {
    const store = new CountingStore(() => clock.now());
    await plan(store);
    const folds = new MilestoneFolds(store);
    expect(folds.kept(STREAM)).toBeUndefined();
    const from = await folds.load(STREAM);
    const event = {
      eventId: '00000000-0000-4000-8000-00000000a001',
      type: 'ProgressReported',
      data: { percent: 55, narrative: '进度 55%', nextSteps: undefined },
      metadata: { occurredAt: '2021-04-01T00:00:00.000Z' },
    };
    folds.appended(STREAM, from, [event], await store.append(STREAM, [event], from.head!));
    store.eventsRead = 0;
    const kept = folds.kept(STREAM)!;
    expect(store.eventsRead).toBe(0);
    expect(kept.head).toEqual({ version: 2, eventId: event.eventId });
    expect(kept.state).toEqual(fold(toMilestoneEvents(await store.readStream(STREAM))));
    expect(kept.state.percent).toBe(55);
  });

  it('forgets the fold when an append answers with an earlier result (its events were already stored)', async () => {
    const store = new CountingStore(() => clock.now());
    await plan(store);
    const folds = new MilestoneFolds(store);
    const from = await folds.load(STREAM);
    folds.appended(STREAM, from, [], { version: 1, position: 1, alreadyStored: true });
    expect(folds.kept(STREAM)).toBeUndefined();
    const again = await folds.load(STREAM);
    await report(store, 40, 1);
    folds.appended(STREAM, again, [], { version: 2, position: 2, alreadyStored: true });
    expect(folds.kept(STREAM)).toBeUndefined();
    // Stored by an earlier append right after this fold's head (another process's, unseen here): the result
    // follows the fold, yet the events as stored are the earlier ones (their metadata): forgotten too.
    const latest = await folds.load(STREAM);
    const event = {
      eventId: '00000000-0000-4000-8000-00000000a002',
      type: 'ProgressReported',
      data: { percent: 60, narrative: '进度 60%' },
      metadata: { occurredAt: '2021-05-01T00:00:00.000Z' },
    };
    const next = latest.head!.version + 1;
    folds.appended(STREAM, latest, [event], { version: next, position: next, alreadyStored: true });
    expect(folds.kept(STREAM)).toBeUndefined();
  });

  it('keeps at most its capacity of streams, dropping the least recently used', async () => {
    const other = milestoneStreamId('M-OTHER');
    const store = new CountingStore(() => clock.now());
    await plan(store);
    await report(store, 30, 1);
    await plan(store, other);
    const folds = new MilestoneFolds(store, 1);
    await folds.load(STREAM);
    store.eventsRead = 0;
    await folds.load(STREAM);
    expect(store.eventsRead).toBe(1); // kept: only the event at the kept version
    await folds.load(other);
    store.eventsRead = 0;
    await folds.load(STREAM);
    expect(store.eventsRead).toBe(2); // dropped for the other stream: folded again from the start
  });
});
