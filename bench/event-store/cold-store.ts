import { Client, type Pool } from 'pg';
import type { PostgresEventStore } from '@app/event-store';
import {
  addMeasurement,
  emptyMeasurement,
  fmt,
  type Measurement,
  round,
  type Summary,
  summarize,
  table,
} from './harness';
import { nextEvents, PM_APPEND, Streams } from './workloads';

const log = (line: string) => process.stdout.write(`${line}\n`);

export interface ColdStore {
  /** Events in the store when A and B are compared (A began on the empty store). */
  eventsInStore: number;
  /** Single-event pm_append in session A, open since the store was empty. */
  oldSession: Summary;
  /** The same in session B, opened on the grown store. */
  newSession: Summary;
  /** A events/s / B events/s: 1 when cached plans do not depend on the table's size when they were made. */
  ratio: number;
}

/**
 * pm_append's queries are planned once per session (PL/pgSQL caches the plans) and re-planned only when the
 * table's statistics change. Session A appends on the empty store; the store then grows to coldEvents events
 * with autovacuum (hence auto-analyze) off for the table, as during the first minute of a fresh database;
 * then A and a new session B alternate chunks of single-event appends on the same table.
 */
export async function coldStore(
  url: string,
  store: PostgresEventStore,
  pool: Pool,
  coldEvents: number,
): Promise<ColdStore> {
  log(
    `\n# Cold store: pm_append in a session opened on the empty store vs a new one, at ${fmt(coldEvents)} events`,
  );
  await pool.query('ALTER TABLE events SET (autovacuum_enabled = off)');
  const a = new Client({ connectionString: url });
  const b = new Client({ connectionString: url });
  try {
    await a.connect();
    await b.connect();
    const streams = new Streams('cold');
    const chunk = async (c: Client, client: number, n: number): Promise<Measurement> => {
      const m = emptyMeasurement();
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        const { stream, version } = streams.next(client);
        const kind = version === 0 ? 'no_stream' : 'exact';
        await c.query(PM_APPEND, [stream, kind, version, JSON.stringify(nextEvents(1))]);
        streams.advance(stream, 1);
        m.latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        m.ops++;
        m.events++;
      }
      m.seconds = Number(process.hrtime.bigint() - start) / 1e9;
      return m;
    };
    await chunk(a, 0, 100); // on the empty store: compiles pm_append, plans its queries
    let head = await store.headPosition();
    for (let k = 0; head < coldEvents; k++) {
      head = (
        await store.append(`cold-seed-${k}`, nextEvents(Math.min(1000, coldEvents - head)), 'no_stream')
      ).position;
    }
    await chunk(b, 1, 20); // B's first executions on the grown store
    const old = emptyMeasurement();
    const fresh = emptyMeasurement();
    for (let r = 0; r < 4; r++) {
      addMeasurement(old, await chunk(a, 0, 100));
      addMeasurement(fresh, await chunk(b, 1, 100));
    }
    const res: ColdStore = {
      eventsInStore: await store.headPosition(),
      oldSession: summarize(old),
      newSession: summarize(fresh),
      ratio: round(summarize(old).eventsPerSec / summarize(fresh).eventsPerSec, 3),
    };
    const row = (label: string, x: Summary) => [label, fmt(x.eventsPerSec), fmt(x.p50Ms, 2), fmt(x.p99Ms, 2)];
    log(
      table(
        ['session', 'events/s', 'p50 ms', 'p99 ms'],
        [row('A: open since the store was empty', res.oldSession), row('B: new session', res.newSession)],
        1,
      ),
    );
    log(`A / B = ${fmt(res.ratio * 100, 1)}% at ${fmt(res.eventsInStore)} events`);
    return res;
  } finally {
    await a.end().catch(() => undefined);
    await b.end().catch(() => undefined);
    await pool.query('ALTER TABLE events RESET (autovacuum_enabled)');
  }
}
