import { InMemoryEventStore } from './in-memory-event-store';
import { eventStoreContract, testEvent } from '../testing/event-store.contract';

eventStoreContract('in-memory', async () => ({
  store: new InMemoryEventStore(),
  close: async () => undefined,
}));

describe('InMemoryEventStore and Idempotency-Key claims', () => {
  it('does not claim keys: an append given a claim is refused, nothing appended', async () => {
    const store = new InMemoryEventStore();
    expect(store.claimsKeys).toBe(false);
    await expect(
      store.append('s', [testEvent()], 'no_stream', { scope: 't', key: 'k', hash: 'h' }),
    ).rejects.toThrow('does not claim Idempotency-Keys');
    expect(await store.readStream('s')).toEqual([]);
  });
});
