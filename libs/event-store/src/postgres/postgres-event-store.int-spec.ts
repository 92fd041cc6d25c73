import { createTestDataSource } from '@app/platform/testing';
import { PostgresEventStore } from './postgres-event-store';
import { eventStoreContract } from '../testing/event-store.contract';

eventStoreContract('postgres', async () => {
  const { dataSource, close } = await createTestDataSource();
  return { store: new PostgresEventStore(dataSource), close };
});
