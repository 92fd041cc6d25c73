import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '../event-store.port';
import { EventIdReusedError, WrongExpectedVersionError } from '../event-store.errors';

export function testEvent(type = 'Tested', data: unknown = { n: 1 }, eventId = randomUUID()): NewEvent {
  return {
    eventId,
    type,
    data,
    metadata: { occurredAt: '2021-03-01T00:00:00.000Z', actor: { system: 'test' } },
  };
}

/** The behaviour every EventStore adapter must show. */
export function eventStoreContract(
  name: string,
  make: () => Promise<{ store: EventStore; close: () => Promise<void> }>,
): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, close } = await make());
    });
    afterEach(async () => close());

    it('appends to a new stream and reads it back in order, with versions and gapless positions', async () => {
      const r1 = await store.append('s-1', [testEvent('A', { i: 1 }), testEvent('B', { i: 2 })], 'no_stream');
      expect(r1).toEqual({ version: 2, position: 2, alreadyStored: false });
      const r2 = await store.append('s-2', [testEvent('C', { text: '三区并进 🚀' })], 'no_stream');
      expect(r2).toEqual({ version: 1, position: 3, alreadyStored: false });
      const s1 = await store.readStream('s-1');
      expect(s1.map((e) => [e.type, e.version, e.position])).toEqual([
        ['A', 1, 1],
        ['B', 2, 2],
      ]);
      const all = await store.readAll(1, 10);
      expect(all.map((e) => e.position)).toEqual([2, 3]);
      expect(all[1]!.data).toEqual({ text: '三区并进 🚀' });
      expect(all[1]!.prevHash).toBe(all[0]!.hash);
      expect(await store.headPosition()).toBe(3);
    });

    it('refuses a wrong expected version with the actual version', async () => {
      await store.append('s', [testEvent()], 'no_stream');
      await expect(store.append('s', [testEvent()], 'no_stream')).rejects.toMatchObject({
        code: 'WRONG_EXPECTED_VERSION',
        actualVersion: 1,
      });
      await expect(store.append('s', [testEvent()], 5)).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(store.append('s', [testEvent()], 1)).resolves.toEqual({
        version: 2,
        position: 2,
        alreadyStored: false,
      });
      await expect(store.append('s', [testEvent()], 'any')).resolves.toEqual({
        version: 3,
        position: 3,
        alreadyStored: false,
      });
    });

    it('appends after an expected head only while the stream still ends with that event', async () => {
      const first = testEvent('A');
      await store.append('h', [first], 'no_stream');
      const head = { version: 1, eventId: first.eventId };
      const second = testEvent('B');
      await expect(store.append('h', [second], head)).resolves.toEqual({
        version: 2,
        position: 2,
        alreadyStored: false,
      });
      // The stream moved on, or another event stands at the expected version: refused, with the actual version.
      await expect(store.append('h', [testEvent()], head)).rejects.toMatchObject({
        code: 'WRONG_EXPECTED_VERSION',
        actualVersion: 2,
      });
      const stranger = { version: 2, eventId: randomUUID() };
      const refused = store.append('h', [testEvent()], stranger);
      await expect(refused).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actualVersion: 2 });
      await expect(refused).rejects.toThrow(`not 2 ending with ${stranger.eventId}`);
      // A retry of a stored append gets its first result, whatever head it names.
      await expect(store.append('h', [second], head)).resolves.toEqual({
        version: 2,
        position: 2,
        alreadyStored: true,
      });
      await expect(
        store.append('h', [testEvent('C')], { version: 2, eventId: second.eventId }),
      ).resolves.toEqual({ version: 3, position: 3, alreadyStored: false });
      expect((await store.readStream('h')).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });

    it('lets exactly one of two concurrent creators of a stream win', async () => {
      const results = await Promise.allSettled([
        store.append('new', [testEvent('X')], 'no_stream'),
        store.append('new', [testEvent('Y')], 'no_stream'),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.readStream('new')).length).toBe(1);
    });

    it('20 parallel appends at one expected version: 1 success, 19 conflicts, versions contiguous', async () => {
      await store.append('race', [testEvent()], 'no_stream');
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.append('race', [testEvent('R', { i })], 1)),
      );
      const ok = results.filter((r) => r.status === 'fulfilled');
      const conflicts = results.filter(
        (r) => r.status === 'rejected' && r.reason instanceof WrongExpectedVersionError,
      );
      expect(ok).toHaveLength(1);
      expect(conflicts).toHaveLength(19);
      expect((await store.readStream('race')).map((e) => e.version)).toEqual([1, 2]);
      expect((await store.readAll(0, 100)).map((e) => e.position)).toEqual([1, 2]);
    });

    it('is idempotent by event id: the same event again writes nothing and returns the first result', async () => {
      const e = testEvent('Same', { v: 1 });
      const first = await store.append('idem', [e], 'no_stream');
      expect(first.alreadyStored).toBe(false);
      await store.append('other', [testEvent()], 'no_stream');
      const again = await store.append('idem', [e], 'no_stream');
      // Told apart from an append of new events, also when it names the version the first append followed.
      expect(again).toEqual({ ...first, alreadyStored: true });
      expect(await store.headPosition()).toBe(2);
      const [multi] = await store.appendMulti([{ streamId: 'idem', events: [e], expected: 0 }]);
      expect(multi).toEqual({ ...first, alreadyStored: true });
    });

    it('refuses the same event id with other content', async () => {
      const e = testEvent('Same', { v: 1 });
      await store.append('idem', [e], 'no_stream');
      await expect(store.append('idem', [{ ...e, data: { v: 2 } }], 'any')).rejects.toBeInstanceOf(
        EventIdReusedError,
      );
      await expect(store.append('elsewhere', [e], 'any')).rejects.toBeInstanceOf(EventIdReusedError);
      expect(await store.headPosition()).toBe(1);
    });

    it('reads a stream up to a position (time travel by position)', async () => {
      await store.append('t', [testEvent('A')], 'no_stream');
      await store.append('u', [testEvent('B')], 'no_stream');
      await store.append('t', [testEvent('C')], 1);
      expect((await store.readStream('t', { maxPosition: 2 })).map((e) => e.type)).toEqual(['A']);
      expect((await store.readStream('t', { afterVersion: 1 })).map((e) => e.type)).toEqual(['C']);
    });

    it('appends to several streams atomically: all or nothing', async () => {
      await store.append('b', [testEvent('B0')], 'no_stream');
      const ok = await store.appendMulti([
        { streamId: 'a', events: [testEvent('A1')], expected: 'no_stream' },
        { streamId: 'b', events: [testEvent('B1')], expected: 1 },
      ]);
      expect(ok).toEqual([
        { version: 1, position: 2, alreadyStored: false },
        { version: 2, position: 3, alreadyStored: false },
      ]);
      await expect(
        store.appendMulti([
          { streamId: 'c', events: [testEvent('C1')], expected: 'no_stream' },
          { streamId: 'b', events: [testEvent('B2')], expected: 1 },
        ]),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.readStream('c')).toEqual([]);
      expect(await store.headPosition()).toBe(3);
      await expect(store.append('c', [testEvent('C1')], 'no_stream')).resolves.toEqual({
        version: 1,
        position: 4,
        alreadyStored: false,
      });
    });

    it('reads every stream with a prefix, whole and in version order, up to a position, in pages', async () => {
      await store.append('m-b', [testEvent('B1')], 'no_stream');
      await store.append('m-a', [testEvent('A1'), testEvent('A2')], 'no_stream');
      await store.append('other', [testEvent('O1')], 'no_stream');
      await store.append('m-b', [testEvent('B2')], 1);
      await store.append('m-c', [testEvent('C1')], 'no_stream');
      const all: string[][] = [];
      for await (const s of store.streamsWithPrefix('m-', { pageSize: 2 })) {
        all.push(s.map((e) => `${e.streamId}:${e.version}:${e.type}`));
      }
      expect([...all].sort((x, y) => (x[0]! < y[0]! ? -1 : 1))).toEqual([
        ['m-a:1:A1', 'm-a:2:A2'],
        ['m-b:1:B1', 'm-b:2:B2'],
        ['m-c:1:C1'],
      ]);
      // Time travel: at position 4 (before B2 and m-c), and a page that resumes after a given event.
      const at4: string[] = [];
      for await (const s of store.streamsWithPrefix('m-', { maxPosition: 4 }))
        at4.push(...s.map((e) => e.type));
      expect(at4.sort()).toEqual(['A1', 'A2', 'B1']);
      const first = await store.readStreamsWithPrefix('m-', { limit: 1 });
      const next = await store.readStreamsWithPrefix('m-', {
        limit: 10,
        after: { streamId: first[0]!.streamId, version: first[0]!.version },
      });
      expect(next).toHaveLength(4);
      expect(next.some((e) => e.eventId === first[0]!.eventId)).toBe(false);
      expect(await store.readStreamsWithPrefix('none-', { limit: 10 })).toEqual([]);
      // `_` and `%` in a prefix are literal characters, not patterns.
      expect(await store.readStreamsWithPrefix('m_', { limit: 10 })).toEqual([]);
    });

    it('reads several whole streams at once: each asked id once, in request order, empty when unknown', async () => {
      await store.append('m-b', [testEvent('B1')], 'no_stream');
      await store.append('m-a', [testEvent('A1')], 'no_stream');
      await store.append('other', [testEvent('O1')], 'no_stream');
      await store.append('m-b', [testEvent('B2')], 1);
      const read = await store.readStreams(['m-b', 'none', 'm-a', 'm-b', 'm_a']);
      expect([...read.entries()].map(([id, es]) => [id, es.map((e) => `${e.version}:${e.type}`)])).toEqual([
        ['m-b', ['1:B1', '2:B2']],
        ['none', []],
        ['m-a', ['1:A1']],
        ['m_a', []],
      ]);
      expect(read.get('m-b')).toEqual(await store.readStream('m-b'));
      expect((await store.readStreams([])).size).toBe(0);
    });

    it('names the last position recorded by an instant', async () => {
      expect(await store.lastPositionRecordedBy(new Date())).toBe(0);
      await store.append('r', [testEvent(), testEvent()], 'no_stream');
      const [, second] = await store.readStream('r');
      const at = second!.recordedAt;
      expect(await store.lastPositionRecordedBy(at)).toBe(2);
      expect(await store.lastPositionRecordedBy(at, 1)).toBe(1);
      expect(await store.lastPositionRecordedBy(new Date(at.getTime() - 60_000))).toBe(0);
    });

    it('verifies an intact chain', async () => {
      for (let i = 0; i < 5; i++) await store.append(`v-${i % 2}`, [testEvent('V', { i })], 'any');
      const v = await store.verifyChain();
      expect(v).toMatchObject({ ok: true, checked: 5, headPosition: 5 });
    });
  });
}
