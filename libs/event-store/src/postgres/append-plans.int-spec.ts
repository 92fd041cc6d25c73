import { Client } from 'pg';
import { createTestDataSource } from '@app/platform/testing';
import { testEvent } from '../testing/event-store.contract';

type Unit = { streamId: string; kind: string; expected: number; head?: string; events: object[] }[];

/**
 * PL/pgSQL plans its statements once per session and keeps them (generic plans after five calls, at once for those
 * without variables) until the table's statistics change. Planned while `events` was empty, a scan of the whole table
 * costs nothing, so without care every later append would read it all.
 */
describe('pm_append_batch plans (real PostgreSQL)', () => {
  it('planned while the table was empty, it still probes indexes once the table has grown', async () => {
    const t = await createTestDataSource();
    const [a, b] = [new Client({ connectionString: t.db.url }), new Client({ connectionString: t.db.url })];
    await a.connect();
    await b.connect();
    try {
      await b.query('ALTER TABLE events SET (autovacuum_enabled = false)'); // (its statistics would re-plan them)
      await b.query('VACUUM ANALYZE events');
      const batch = async (...units: Unit[]) =>
        a.query('SELECT err_state FROM pm_append_batch($1::text[])', [units.map((u) => JSON.stringify(u))]);
      const head = async (stream: string) =>
        (
          await a.query<{ id: string; v: number }>(
            'SELECT event_id AS id, stream_version AS v FROM events WHERE stream_id = $1 ORDER BY 2 DESC LIMIT 1',
            [stream],
          )
        ).rows[0]!;
      const request = async (streamId: string, n: number) => {
        const h = await head(streamId).catch(() => undefined);
        const events = Array.from({ length: n }, () => testEvent());
        return [{ streamId, kind: 'exact', expected: h?.v ?? 0, head: h?.id, events }];
      };
      for (let i = 0; i < 8; i++) {
        await batch(await request(`one${i % 2}`, 1), await request(`three${i % 2}`, 3));
      }
      await b.query(
        `INSERT INTO events (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at,
                             prev_hash, hash)
         SELECT 100 + g, 'bulk' || (g % 100), g, gen_random_uuid(), 't', '{}', '{}', now(), 'x', 'y'
           FROM generate_series(1, 20000) g`,
      );
      const plans: string[] = [];
      a.on('notice', (n) => plans.push(n.message ?? ''));
      await a.query(`LOAD 'auto_explain'`);
      await a.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on;
                     SET auto_explain.log_level = notice`);
      const tail = await head('bulk7');
      expect(
        (
          await batch(
            [{ streamId: 'bulk7', kind: 'exact', expected: tail.v, head: tail.id, events: [testEvent()] }],
            [
              {
                streamId: 'bulk8',
                kind: 'exact',
                expected: 1,
                head: tail.id,
                events: [testEvent(), testEvent()],
              },
            ],
          )
        ).rows,
      ).toEqual([{ err_state: null }, { err_state: 'PM001' }]);
      const nested = plans.filter((p) => p.includes('FROM events'));
      expect(nested.length).toBeGreaterThanOrEqual(5);
      expect(nested.filter((p) => /Seq Scan on events/.test(p))).toEqual([]);
    } finally {
      await a.end();
      await b.end();
      await t.close();
    }
  }, 60_000);
});
