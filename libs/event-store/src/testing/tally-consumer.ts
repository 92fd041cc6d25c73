import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent } from '../event-store.port';
import type { EventConsumer } from '../consumers/event-consumer';
import type { EventStore } from '../event-store.port';
import { testEvent } from './event-store.contract';

/** The table a `TallyConsumer` writes (create it in the test database). */
export const CREATE_TALLY =
  'CREATE TABLE tally (consumer text, stream_id text, n int NOT NULL, total int NOT NULL, PRIMARY KEY (consumer, stream_id))';

/** A projection of its own: per stream, how many events and the sum of data.n, plus the positions seen. */
export class TallyConsumer implements EventConsumer {
  seen: number[] = [];
  constructor(
    readonly name: string,
    private readonly failAt?: { position: number; times: number },
  ) {}
  async handle(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    for (const e of events) {
      if (this.failAt && e.position === this.failAt.position && this.failAt.times > 0) {
        this.failAt.times--;
        throw new Error(`boom at ${e.position}`);
      }
      await tx.query(
        `INSERT INTO tally (consumer, stream_id, n, total) VALUES ($1, $2, 1, $3)
         ON CONFLICT (consumer, stream_id) DO UPDATE SET n = tally.n + 1, total = tally.total + EXCLUDED.total`,
        [this.name, e.streamId, (e.data as { n: number }).n],
      );
    }
    this.seen.push(...events.map((e) => e.position));
  }
  async reset(tx: EntityManager): Promise<void> {
    await tx.query('DELETE FROM tally WHERE consumer = $1', [this.name]);
  }
}

/**
 * A tally whose `handle` throws, while `broken`, on an event whose payload is marked `poison`; `sizes`: the size of
 * each batch it was handed, `failed`: how many it failed.
 */
export class PoisonedTally extends TallyConsumer {
  broken = true;
  sizes: number[] = [];
  failed = 0;
  override async handle(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    this.sizes.push(events.length);
    const bad = events.find((e) => (e.data as { poison?: boolean }).poison === true);
    if (this.broken && bad) {
      this.failed++;
      throw new Error(`cannot read the payload of ${bad.eventId}\n  (a second line)`);
    }
    await super.handle(events, tx);
  }
}

export async function tally(
  ds: DataSource,
  consumer: string,
): Promise<{ stream_id: string; n: number; total: number }[]> {
  return ds.query('SELECT stream_id, n, total FROM tally WHERE consumer = $1 ORDER BY stream_id', [consumer]);
}

export async function until(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The consumer's checkpoint as stored (0 without a row). */
export async function storedCheckpoint(ds: DataSource, name: string): Promise<number> {
  const rows: { position: string }[] = await ds.query(
    'SELECT position FROM consumer_checkpoints WHERE name = $1',
    [name],
  );
  return Number(rows[0]?.position ?? 0);
}

/** Appends 40 events `N` (`data.n`: 1-40) over 7 streams, the 23rd marked `poison` (`PoisonedTally`); its event id. */
export async function appendWithPoison(store: EventStore): Promise<string> {
  let poisonId = '';
  for (let i = 1; i <= 40; i++) {
    const event = testEvent('N', i === 23 ? { n: i, poison: true } : { n: i });
    await store.append(`s-${i % 7}`, [event], 'any');
    if (i === 23) poisonId = event.eventId;
  }
  return poisonId;
}
