/** Append requests going in, without a server: validation, the client's event data, the idempotency decision. */
import type { AppendRequest } from '../event-store.port';
import { EventIdReusedError } from '../event-store.errors';
import { testEvent } from '../testing/event-store.contract';
import {
  classifyRequest,
  type ExistingEvent,
  toEventData,
  validateRequests,
} from './kurrentdb-append-requests';

function existing(e: ReturnType<typeof testEvent>, over: Partial<ExistingEvent> = {}): ExistingEvent {
  return {
    eventId: e.eventId,
    streamId: 's',
    version: 1,
    position: 1,
    type: e.type,
    data: e.data,
    ...over,
  };
}

describe('KurrentDB mapping: events in, duplicate ids', () => {
  const req = (streamId: string, events = [testEvent()], expected: AppendRequest['expected'] = 'any') => ({
    streamId,
    events,
    expected,
  });

  it('passes the event id through (lower-case), as JSON with our metadata', () => {
    const e = { ...testEvent('T', { a: [1, 2] }), eventId: 'ABCDEF01-2345-4678-9ABC-DEF012345678' };
    expect(toEventData(e)).toEqual({
      id: 'abcdef01-2345-4678-9abc-def012345678',
      contentType: 'application/json',
      type: 'T',
      data: { a: [1, 2] },
      metadata: e.metadata,
    });
  });

  it('refuses what KurrentDB or the ledger cannot hold, before writing anything', () => {
    expect(() => validateRequests([req('s', [])])).toThrow('no events');
    expect(() => validateRequests([req('s', [{ ...testEvent(), eventId: 'not-a-uuid' }])])).toThrow('UUID');
    expect(() => validateRequests([req('$settings')])).toThrow('reserved');
    expect(() => validateRequests([req('s', [testEvent('$metadata')])])).toThrow('reserved');
    expect(() => validateRequests([req('s', [testEvent()], -2)])).toThrow(RangeError);
    const e = testEvent();
    expect(() =>
      validateRequests([req('a', [e]), req('b', [{ ...e, eventId: e.eventId.toUpperCase() }])]),
    ).toThrow(EventIdReusedError);
    expect(() => validateRequests([req('a'), req('b', [testEvent(), testEvent()])])).not.toThrow();
  });

  it('unknown ids: append; all known with the same content: the original result', () => {
    const a = testEvent('A', { x: 1, y: { z: 2 } });
    const b = testEvent('B', { n: 2 });
    expect(classifyRequest(req('s', [a, b]), new Map())).toBeUndefined();
    const known = new Map([
      [a.eventId, existing(a, { version: 3, position: 10 })],
      // the same data with keys in another order (jsonb does not keep key order)
      [b.eventId, existing(b, { version: 4, position: 11, data: { n: 2 } })],
    ]);
    expect(classifyRequest(req('s', [{ ...a, data: { y: { z: 2 }, x: 1 } }, b], 5), known)).toEqual({
      version: 4,
      position: 11,
      alreadyStored: true,
    });
    // ids compare case-insensitively (UUIDs)
    expect(classifyRequest(req('s', [{ ...a, eventId: a.eventId.toUpperCase() }, b]), known)).toEqual({
      version: 4,
      position: 11,
      alreadyStored: true,
    });
  });

  it('a known id with other content, in another stream, or only part of the ids known: EventIdReusedError', () => {
    const a = testEvent('A', { v: 1 });
    const b = testEvent('B');
    const known = new Map([[a.eventId, existing(a)]]);
    expect(() => classifyRequest(req('s', [{ ...a, data: { v: 2 } }]), known)).toThrow(EventIdReusedError);
    expect(() => classifyRequest(req('s', [{ ...a, type: 'Other' }]), known)).toThrow(EventIdReusedError);
    expect(() => classifyRequest(req('elsewhere', [a]), known)).toThrow(EventIdReusedError);
    try {
      classifyRequest(req('s', [a, b]), known);
      throw new Error('expected EventIdReusedError');
    } catch (e) {
      expect(e).toBeInstanceOf(EventIdReusedError);
      expect((e as EventIdReusedError).eventIds).toEqual([a.eventId]);
    }
  });
});
