import { Client } from 'pg';
import { appendMixed, filtered } from '../testing/mixed-events';
import { storedCheckpoint, TallyConsumer, until } from '../testing/tally-consumer';
import { useTallyDatabase } from '../testing/tally-database';

/* A batch that meets another instance's lock on its checkpoint row (another runner, a reset). */
describe('ConsumerRunner batches against a held checkpoint (real PostgreSQL)', () => {
  const db = useTallyDatabase();
  const { runner } = db;

  /** Until a statement containing `fragment` waits on a lock. */
  const waitingOn = (fragment: string) =>
    until(async () => {
      const rows = await db.ds.query<unknown[]>(
        `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`,
        [fragment],
      );
      return rows.length > 0;
    });

  it('a batch that waited on the checkpoint lock reads after the checkpoint it was handed', async () => {
    await appendMixed(db, 10, 1000);
    const c = Object.assign(new TallyConsumer('waited'), { batchSize: 100 });
    const r = runner();
    r.register(c);
    await db.ds.query(`INSERT INTO consumer_checkpoints (name) VALUES ('waited')`);
    const other = new Client({ connectionString: db.url });
    await other.connect();
    const blocked = () => waitingOn('BEGIN; EXECUTE pm_'); // the batch's locking read
    try {
      // Another instance holds the row and has applied up to 4: the batch starts (its snapshot: 1–10), waits.
      await other.query(`BEGIN; UPDATE consumer_checkpoints SET position = 4 WHERE name = 'waited'`);
      let batch = r.processBatch(c);
      await blocked();
      await appendMixed(db, 5, 1000); // 11–15, after the waiting statement's snapshot
      await other.query('COMMIT');
      expect(await batch).toBe(6);
      expect(c.seen).toEqual([5, 6, 7, 8, 9, 10]);
      expect(await r.processBatch(c)).toBe(5);
      // The other instance got beyond the head the waiting statement can see: that batch is empty.
      await other.query(`BEGIN; UPDATE consumer_checkpoints SET position = 18 WHERE name = 'waited'`);
      batch = r.processBatch(c);
      await blocked();
      await appendMixed(db, 5, 1000); // 16–20
      await other.query('COMMIT');
      expect(await batch).toBe(0);
      expect(await storedCheckpoint(db.ds, 'waited')).toBe(18);
      expect(await r.processBatch(c)).toBe(2);
      expect(c.seen).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 19, 20]);
    } finally {
      await other.end();
    }
  });

  it('a batch with nothing to handle never moves on a checkpoint that a reset moved back meanwhile', async () => {
    const mine = await appendMixed(db, 20, 4);
    const c = filtered('reset');
    const r = runner();
    r.register(c);
    await r.catchUp('reset'); // its last batch reached the head (with events)
    await r.processBatch(c);
    await r.processBatch(c); // two batches in a row with nothing to handle: the next one peeks
    await appendMixed(db, 5, 1000); // 21–25, foreign
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      // A reset holds the row: the batch reads checkpoint 20 and nothing to handle up to 25, then waits to move it.
      await other.query(`BEGIN; UPDATE consumer_checkpoints SET position = 0 WHERE name = 'reset'`);
      await other.query(`DELETE FROM tally WHERE consumer = 'reset'`);
      const batch = r.processBatch(c);
      await waitingOn('UPDATE consumer_checkpoints c');
      await other.query('COMMIT');
      expect(await batch).toBe(0);
      expect(await storedCheckpoint(db.ds, 'reset')).toBe(0);
      c.seen = [];
      await r.catchUp('reset');
      expect(c.seen).toEqual(mine);
      expect(await storedCheckpoint(db.ds, 'reset')).toBe(25);
    } finally {
      await other.end();
    }
  });
});
