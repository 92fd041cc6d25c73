import { createTestDataSource } from '@app/platform/testing';
import { PostgresEventStore } from './postgres-event-store';
import { eventStoreContract, testEvent } from '../testing/event-store.contract';

eventStoreContract('postgres', async () => {
  const { dataSource, close } = await createTestDataSource();
  return { store: new PostgresEventStore(dataSource), close };
});

describe('PostgresEventStore: recorded_at', () => {
  it('never decreases along the positions, also for an append that waited behind a longer transaction', async () => {
    const { dataSource, close } = await createTestDataSource();
    try {
      const store = new PostgresEventStore(dataSource);
      const a = dataSource.createQueryRunner();
      await a.connect();
      await a.startTransaction();
      const append = (stream: string) =>
        a.query(`SELECT * FROM pm_append($1, 'any', NULL, $2::jsonb)`, [
          stream,
          JSON.stringify([testEvent()]),
        ]);
      // A takes the append lock and keeps its transaction open; B's append starts and waits for the lock.
      await append('a');
      const b = store.append('b', [testEvent()], 'any');
      await new Promise((r) => setTimeout(r, 150));
      await append('a'); // A appends again, later than B asked to
      await a.commitTransaction();
      await a.release();
      await b;
      const rows = await dataSource.query<{ stream_id: string; recorded_at: Date }[]>(
        'SELECT stream_id, recorded_at FROM events ORDER BY global_position',
      );
      expect(rows.map((r) => r.stream_id)).toEqual(['a', 'a', 'b']);
      const [, second, third] = rows.map((r) => r.recorded_at.getTime());
      expect(third).toBeGreaterThanOrEqual(second!);
    } finally {
      await close();
    }
  });
});
