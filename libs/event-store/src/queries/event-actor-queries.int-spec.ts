import { randomUUID } from 'node:crypto';
import { createTestDataSource } from '@app/platform/testing';
import type { Actor, NewEvent } from '../event-store.port';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { EventActorQueries } from './event-actor-queries';

function event(type: string, actor: Actor, occurredAt: string): NewEvent {
  return { eventId: randomUUID(), type, data: {}, metadata: { occurredAt, actor } };
}

describe('EventActorQueries', () => {
  it('finds the first event of some types, the last one a system wrote, and counts them by writer', async () => {
    const { dataSource, close } = await createTestDataSource();
    try {
      const store = new PostgresEventStore(dataSource);
      const queries = new EventActorQueries(dataSource);
      const types = ['Reported', 'Accepted'];
      expect(await queries.firstOfTypes(types)).toBeNull();
      expect(await queries.lastOccurredAtBySystem(types, 'sim')).toBeNull();
      expect(await queries.countByActor(types, 'sim', 'demo·')).toEqual({
        bySystem: 0,
        byTokenPrefix: 0,
        other: 0,
      });

      await store.append('s-1', [event('Imported', { system: 'seed' }, '2020-01-01T00:00:00Z')], 'any');
      await store.append(
        's-1',
        [
          event('Reported', { system: 'sim' }, '2021-05-01T00:00:00Z'),
          event('Accepted', { system: 'sim' }, '2021-06-01T08:00:00Z'),
          event('Reported', { tokenName: 'demo·主任' }, '2030-01-01T00:00:00Z'),
          event('Reported', { tokenName: 'office' }, '2030-01-02T00:00:00Z'),
          event('Reported', {}, '2030-01-03T00:00:00Z'),
        ],
        'any',
      );

      const first = await queries.firstOfTypes(types);
      expect(first?.system).toBe('sim');
      expect(first?.recordedAt).toBeInstanceOf(Date);
      expect((await queries.lastOccurredAtBySystem(types, 'sim'))?.toISOString()).toBe(
        '2021-06-01T08:00:00.000Z',
      );
      expect(await queries.countByActor(types, 'sim', 'demo·')).toEqual({
        bySystem: 2,
        byTokenPrefix: 1,
        other: 2,
      });
      expect(await queries.firstOfTypes(['Imported'])).toMatchObject({ system: 'seed' });
    } finally {
      await close();
    }
  });
});
