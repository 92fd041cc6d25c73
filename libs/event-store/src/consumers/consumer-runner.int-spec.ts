import { Client } from 'pg';
import { loadConfig } from '@app/platform';
import { testEvent } from '../testing/event-store.contract';
import { storedCheckpoint, tally, TallyConsumer, until } from '../testing/tally-consumer';
import { useTallyDatabase } from '../testing/tally-database';
import { ConsumerRunner } from './consumer-runner';

describe('ConsumerRunner (real PostgreSQL)', () => {
  const db = useTallyDatabase();
  const { runner } = db;

  async function appendMany(count: number): Promise<void> {
    for (let i = 1; i <= count; i++) await db.store.append(`s-${i % 7}`, [testEvent('N', { n: i })], 'any');
  }

  it('delivers an event whose transaction commits late, in position order, none skipped', async () => {
    const consumer = new TallyConsumer('late');
    const r = runner();
    r.register(consumer);
    r.start();
    // Transaction 1 draws position 1 and holds its commit back.
    const slow = new Client({ connectionString: db.url });
    await slow.connect();
    await slow.query('BEGIN');
    await slow.query("SELECT * FROM pm_append('slow', 'any', 0, $1::jsonb)", [
      JSON.stringify([testEvent('N', { n: 1 })]),
    ]);
    // Transaction 2 appends a later event meanwhile; it must not become visible before position 1.
    const fast = db.store.append('fast', [testEvent('N', { n: 2 })], 'any');
    await new Promise((res) => setTimeout(res, 300));
    expect(consumer.seen).toEqual([]);
    await slow.query('COMMIT');
    await slow.end();
    expect(await fast).toEqual({ version: 1, position: 2, alreadyStored: false });
    await until(async () => consumer.seen.length === 2);
    expect(consumer.seen).toEqual([1, 2]);
  });

  it('after a handler throws mid-batch, resumes at the checkpoint and ends equal to an uninterrupted run', async () => {
    await appendMany(45);
    const clean = new TallyConsumer('clean');
    const flaky = new TallyConsumer('flaky', { position: 23, times: 1 });
    const r = runner();
    r.register(clean);
    r.register(flaky);
    await r.catchUp('clean');
    await expect(r.catchUp('flaky')).rejects.toThrow('boom at 23');
    // The failed batch (21–30) left nothing behind: the checkpoint is still at 20.
    expect((await r.status()).find((s) => s.name === 'flaky')?.position).toBe(20);
    // "Restart": a new runner (new process) picks up at the checkpoint.
    const r2 = runner();
    r2.register(flaky);
    await r2.catchUp('flaky');
    expect(await tally(db.ds, 'flaky')).toEqual(await tally(db.ds, 'clean'));
    expect((await tally(db.ds, 'clean')).reduce((a, t) => a + t.n, 0)).toBe(45);
  });

  it('runs one active instance per consumer name across runners', async () => {
    await appendMany(30);
    const a = new TallyConsumer('single');
    const b = new TallyConsumer('single');
    const ra = runner();
    const rb = runner();
    ra.register(a);
    rb.register(b);
    ra.start();
    rb.start();
    await until(async () => (await storedCheckpoint(db.ds, 'single')) === 30);
    await appendMany(10);
    await until(async () => (await storedCheckpoint(db.ds, 'single')) === 40);
    // Exactly one of them did all the work; the other stood by.
    expect([a.seen.length, b.seen.length].sort((x, y) => x - y)).toEqual([0, 40]);
    expect([ra.isActiveHere('single'), rb.isActiveHere('single')].filter(Boolean)).toHaveLength(1);
    expect((await tally(db.ds, 'single')).reduce((s, t) => s + t.n, 0)).toBe(40);
  });

  it('hands over to the standby when the active instance stops', async () => {
    await appendMany(5);
    const a = new TallyConsumer('handover');
    const b = new TallyConsumer('handover');
    const ra = runner();
    ra.register(a);
    ra.start();
    await until(async () => (await storedCheckpoint(db.ds, 'handover')) === 5);
    const rb = runner();
    rb.register(b);
    rb.start();
    await ra.onApplicationShutdown();
    await appendMany(5);
    await until(async () => (await storedCheckpoint(db.ds, 'handover')) === 10);
    expect(a.seen).toHaveLength(5);
    expect(b.seen).toHaveLength(5);
  });

  it('a standby tries for the lock at its poll, not with a new connection at each append', async () => {
    const a = new TallyConsumer('standby');
    const ra = runner();
    ra.register(a);
    ra.start();
    await appendMany(1);
    await until(async () => (await storedCheckpoint(db.ds, 'standby')) === 1);
    const rb = new ConsumerRunner(db.ds, db.url, { ...loadConfig({}), consumerPollMs: 60_000 });
    rb.register(new TallyConsumer('standby'));
    rb.start();
    try {
      const sessions = async () => {
        await new Promise((res) => setTimeout(res, 1500)); // closed sessions reach the statistics
        await db.ds.query('SELECT pg_stat_clear_snapshot()');
        const [row] = await db.ds.query<{ n: string }[]>(
          'SELECT sessions AS n FROM pg_stat_database WHERE datname = current_database()',
        );
        return Number(row!.n);
      };
      const before = await sessions(); // the standby listens and has tried once
      for (let i = 0; i < 10; i++) {
        await appendMany(1); // ten NOTIFYs, 100 ms apart
        await new Promise((res) => setTimeout(res, 100));
      }
      await until(async () => (await storedCheckpoint(db.ds, 'standby')) === 11);
      // The pools may open a connection or two; a standby trying at each wake opened one per append.
      expect((await sessions()) - before).toBeLessThanOrEqual(2);
      expect(rb.isActiveHere('standby')).toBe(false);
    } finally {
      await rb.onApplicationShutdown();
    }
  });

  it('rebuild: reset truncates and replays to the same table', async () => {
    await appendMany(25);
    const c = new TallyConsumer('rebuild');
    const r = runner();
    r.register(c);
    await r.catchUp('rebuild');
    const before = await tally(db.ds, 'rebuild');
    await r.reset('rebuild');
    expect(await tally(db.ds, 'rebuild')).toEqual([]);
    await r.catchUp('rebuild');
    expect(await tally(db.ds, 'rebuild')).toEqual(before);
  });

  it('rebuild: stream by stream in one transaction when the consumer allows it, in log order otherwise', async () => {
    await appendMany(30);
    await db.store.append('other-1', [testEvent('N', { n: 1000 })], 'any');
    const inLogOrder = new TallyConsumer('rebuild-log');
    const byStream = Object.assign(new TallyConsumer('rebuild-streams'), {
      replayByStream: { streamPrefix: 's-' },
    });
    const r = runner();
    r.register(inLogOrder);
    r.register(byStream);
    const [{ head } = { head: '0' }] = await db.ds.query<{ head: string }[]>(
      'SELECT max(global_position) AS head FROM events',
    );
    const streamsEvents = Number(
      (await db.ds.query<{ n: string }[]>(`SELECT count(*) AS n FROM events WHERE stream_id LIKE 's-%'`))[0]!
        .n,
    );

    const progress: [number, number][] = [];
    const log = await r.rebuild('rebuild-log', (done, total) => progress.push([done, total]));
    expect(log).toEqual({ events: Number(head), position: Number(head), mode: 'position' });
    expect(progress.at(-1)).toEqual([Number(head), Number(head)]);
    expect(inLogOrder.seen).toEqual([...inLogOrder.seen].sort((a, b) => a - b));

    const streams = await r.rebuild('rebuild-streams');
    expect(streams).toEqual({ events: streamsEvents, position: Number(head), mode: 'stream' });
    // Only the declared streams, each one's events together and in order; the same table as in log order.
    const streamOf = new Map(
      (
        await db.ds.query<{ p: string; s: string }[]>(
          'SELECT global_position AS p, stream_id AS s FROM events',
        )
      ).map((e) => [Number(e.p), e.s]),
    );
    const runs = byStream.seen
      .map((p) => streamOf.get(p)!)
      .filter((s, i, all) => i === 0 || all[i - 1] !== s);
    expect(runs).toEqual([...new Set(runs)].sort());
    expect(runs.every((s) => s.startsWith('s-'))).toBe(true);
    expect(byStream.seen).toHaveLength(streamsEvents);
    expect(await tally(db.ds, 'rebuild-streams')).toEqual(
      (await tally(db.ds, 'rebuild-log')).filter((t) => t.stream_id.startsWith('s-')),
    );
    expect(await storedCheckpoint(db.ds, 'rebuild-streams')).toBe(Number(head));
  });

  it('over a gap in positions wider than a batch (events deleted by hand), rebuild and the loop reach the head', async () => {
    await appendMany(40);
    // What only the database's owner can do: the append-only trigger off, 25 events deleted (batches are of 10).
    await db.ds.query('ALTER TABLE events DISABLE TRIGGER events_append_only');
    await db.ds.query('DELETE FROM events WHERE global_position BETWEEN 6 AND 30');
    await db.ds.query('ALTER TABLE events ENABLE TRIGGER events_append_only');
    const kept = [1, 2, 3, 4, 5, ...Array.from({ length: 10 }, (_, i) => 31 + i)];
    const rebuilt = new TallyConsumer('gap');
    const r = runner();
    r.register(rebuilt);
    // In position mode (`catchUp`): the batches over 11-20 and 21-30 read nothing and are not the head.
    expect(await r.rebuild('gap')).toEqual({ events: 15, position: 40, mode: 'position' });
    expect(rebuilt.seen).toEqual(kept);
    // The loop asks again at once after those batches: at a poll of a minute, each would have waited for one.
    const slow = new ConsumerRunner(db.ds, db.url, {
      ...loadConfig({}),
      consumerPollMs: 60_000,
      consumerBatchSize: 10,
    });
    const looped = new TallyConsumer('gap-loop');
    slow.register(looped);
    slow.start();
    try {
      await until(async () => (await storedCheckpoint(db.ds, 'gap-loop')) === 40, 5000);
      expect(looped.seen).toEqual(kept);
    } finally {
      await slow.onApplicationShutdown();
    }
  });

  it('read-your-writes: waits until the consumers reach a position, bounded', async () => {
    const c = new TallyConsumer('ryw');
    const r = runner();
    r.register(c);
    const { position } = await db.store.append('x', [testEvent('N', { n: 1 })], 'any');
    expect(await r.waitForPosition(position, 100)).toBe(false);
    r.start();
    expect(await r.waitForPosition(position, 5000)).toBe(true);
  });
});
