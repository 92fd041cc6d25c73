import { milestoneStreamId } from '@app/milestones';
import { CountingStore, planStream, reportOn, TEST_STREAM } from '@app/milestones/testing';
import { historyOf, milestoneAsOf } from '../history/state-as-of';
import { StreamHistories } from './stream-histories';

const STREAM = TEST_STREAM;
const plan = planStream;
const report = reportOn;

describe('StreamHistories (the alerts monitor reads only what was appended since)', () => {
  it('reads a stream whole once, then only its new events, to the history a whole read gives', async () => {
    const store = new CountingStore();
    await plan(store);
    let head = 0;
    for (let v = 1; v <= 10; v++) head = await report(store, v * 5, v);
    const histories = new StreamHistories(store);
    expect((await histories.load(STREAM, head))?.log).toHaveLength(11);

    head = await report(store, 80, 11);
    store.eventsRead = 0;
    const h = await histories.load(STREAM, head);
    expect(store.eventsRead).toBe(2);
    expect(h).toEqual(historyOf(await store.readStream(STREAM)));
  });

  it("extends a kept history with the batch's next events of the stream without a read", async () => {
    const store = new CountingStore();
    await plan(store);
    let head = await report(store, 10, 1);
    const histories = new StreamHistories(store);
    await histories.load(STREAM, head);

    const from = head;
    for (let v = 2; v <= 4; v++) head = await report(store, v * 10, v);
    const batch = (await store.readStream(STREAM)).filter((e) => e.position > from);
    store.eventsRead = 0;
    const h = await histories.load(STREAM, head, batch);
    expect(store.eventsRead).toBe(0);
    expect(h).toEqual(historyOf(await store.readStream(STREAM)));
  });

  it('reads when the batch does not continue the kept history (events judged elsewhere meanwhile)', async () => {
    const store = new CountingStore();
    await plan(store);
    let head = await report(store, 10, 1);
    const histories = new StreamHistories(store);
    await histories.load(STREAM, head);

    head = await report(store, 20, 2); // judged by another process: this one never saw it
    const from = head;
    head = await report(store, 30, 3);
    const batch = (await store.readStream(STREAM)).filter((e) => e.position > from);
    const h = await histories.load(STREAM, head, batch);
    expect(h).toEqual(historyOf(await store.readStream(STREAM)));
  });

  it('answers a replay from an earlier position with the history as it was then', async () => {
    const store = new CountingStore();
    await plan(store);
    const early = await report(store, 10, 1);
    const head = await report(store, 20, 2);
    const histories = new StreamHistories(store);
    await histories.load(STREAM, head);
    const then = await histories.load(STREAM, early);
    expect(then?.log.map((l) => l.position)).toEqual([1, early]);
  });

  it('keeps at most its budget of events, dropping the least recently used streams', async () => {
    const other = milestoneStreamId('M-OTHER');
    const store = new CountingStore();
    await plan(store);
    await plan(store, other);
    const head = await report(store, 10, 1);
    const histories = new StreamHistories(store, 2);
    await histories.load(STREAM, head);
    await histories.load(other, head); // 3 events kept > 2: the first stream goes
    store.eventsRead = 0;
    await histories.load(STREAM, head);
    expect(store.eventsRead).toBe(2);
  });

  it('gives the state as of any date and position that a fold of the cut history gives, backdated reports included', async () => {
    const store = new CountingStore();
    await plan(store);
    const days = ['2021-03-01', '2021-05-01', '2021-02-01', '2021-06-15', '2021-04-01', '2021-06-15'];
    let head = 1;
    for (const [i, d] of days.entries())
      head = await report(store, (i + 1) * 10, i + 1, `${d}T03:00:00.000Z`);
    const histories = new StreamHistories(store);
    const h = await histories.load(STREAM, head);
    if (h?.kind !== 'milestone') throw new Error('a milestone history');
    // Forward, then back (a replay), then forward again, at dates before, between and after the reports.
    const positions = [1, 2, 3, 4, 5, 6, 7, 3, 1, 6, 7];
    for (const p of positions)
      for (const asOf of ['2021-01-31', '2021-03-01', '2021-04-30', '2021-06-15', '2021-12-31'])
        expect(histories.milestoneAsOf(h, asOf, 'Asia/Shanghai', p)).toEqual(
          milestoneAsOf(h.log, asOf, 'Asia/Shanghai', p),
        );
  });
});
