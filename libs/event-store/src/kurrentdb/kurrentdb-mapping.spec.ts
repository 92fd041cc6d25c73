/**
 * The KurrentDB adapter's mapping, without a server: versions ↔ revisions, expected versions ↔
 * stream states, the client's own error classes (built the way the client builds them from the
 * server's answers) ↔ the port's errors, `$all` records (decoded by the client's own converter from
 * the native bridge's record shape) ↔ ledger rows, and the idempotency decision.
 */
import {
  ANY,
  type AllStreamResolvedEvent,
  NO_STREAM,
  StreamDeletedError,
  UnavailableError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { WrongExpectedVersion } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { convertRustEvent } from '@kurrent/kurrentdb-client/dist/utils/convertRustEvent';
import { type AppendRequest, expectedVersionHolds } from '../event-store.port';
import { EventIdReusedError, WrongExpectedVersionError } from '../event-store.errors';
import { testEvent } from '../testing/event-store.contract';
import {
  actualVersionOf,
  checkAppendResult,
  classifyRequest,
  comparePositions,
  type ExistingEvent,
  type LedgerCandidate,
  ledgerDiff,
  mapAppendError,
  MultiStreamAppendIncompleteError,
  planLedger,
  revisionOfVersion,
  toEventData,
  toLedgerCandidate,
  toStreamState,
  validateRequests,
  versionOfRevision,
} from './kurrentdb-mapping';

/** The client's error for a v1 append refused by the server (`WrongExpectedVersion` details). */
function serverWrongExpectedVersion(stream: string, current: bigint | undefined, expected: bigint) {
  const details = new WrongExpectedVersion();
  if (current !== undefined) details.setCurrentStreamRevision(current.toString());
  details.setExpectedStreamPosition(expected.toString());
  // Through the wire format, as the client receives it.
  const received = WrongExpectedVersion.deserializeBinary(details.serializeBinary());
  return KurrentWrongExpectedVersionError.fromWrongExpectedVersion(received, stream);
}

type BridgeResolved = Parameters<typeof convertRustEvent>[0];
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** A `$all` record as the native bridge yields it, decoded by the client's own converter. */
function allRecord(over: Partial<NonNullable<BridgeResolved['event']>> = {}): AllStreamResolvedEvent {
  return convertRustEvent<AllStreamResolvedEvent>({
    event: {
      streamId: 'pm-milestone-m1',
      id: '0F8FAD5B-D9CB-469F-A165-70867728950E',
      type: 'ProgressReported',
      isJson: true,
      revision: 0n,
      created: Date.UTC(2021, 2, 1, 8, 30, 0, 123),
      data: utf8(JSON.stringify({ percent: 40, narrative: '三区并进 🚀' })),
      metadata: utf8(JSON.stringify({ occurredAt: '2021-03-01T00:00:00.000Z', actor: { system: 'test' } })),
      position: { commit: 1000n, prepare: 1000n },
      ...over,
    },
  });
}

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

describe('KurrentDB mapping: versions and revisions', () => {
  it('maps 1-based versions to 0-based revisions and back', () => {
    expect(revisionOfVersion(1)).toBe(0n);
    expect(revisionOfVersion(42)).toBe(41n);
    expect(versionOfRevision(0n)).toBe(1);
    expect(versionOfRevision(41n)).toBe(42);
    for (const v of [1, 2, 10, 999_999]) expect(versionOfRevision(revisionOfVersion(v))).toBe(v);
    expect(() => revisionOfVersion(0)).toThrow(RangeError);
    expect(() => versionOfRevision(-1n)).toThrow(RangeError);
    expect(() => versionOfRevision(BigInt(Number.MAX_SAFE_INTEGER))).toThrow(RangeError);
  });

  it('maps the expected version to the client stream state: any, no_stream, 0, n → revision n − 1', () => {
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState(0)).toBe(NO_STREAM);
    expect(toStreamState(1)).toBe(0n);
    expect(toStreamState(7)).toBe(6n);
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => toStreamState(bad)).toThrow(RangeError);
  });

  it('maps the actual stream state to the port version: no_stream → 0, revision r → r + 1', () => {
    expect(actualVersionOf(NO_STREAM)).toBe(0);
    expect(actualVersionOf(0n)).toBe(1);
    expect(actualVersionOf(4n)).toBe(5);
    // v2 protocol markers for deleted (−5) and tombstoned (−6) streams
    expect(actualVersionOf(-5n)).toBe(0);
    expect(actualVersionOf(-6n)).toBe(0);
  });

  it('pre-checks expected versions as the port defines them', () => {
    expect(expectedVersionHolds('any', 3)).toBe(true);
    expect(expectedVersionHolds('no_stream', 0)).toBe(true);
    expect(expectedVersionHolds('no_stream', 1)).toBe(false);
    expect(expectedVersionHolds(2, 2)).toBe(true);
    expect(expectedVersionHolds(2, 3)).toBe(false);
    expect(expectedVersionHolds(0, 0)).toBe(true);
    const head = { version: 2, eventId: 'A1B2C3D4-0000-4000-8000-000000000001' };
    expect(expectedVersionHolds(head, 2, head.eventId.toLowerCase())).toBe(true);
    expect(expectedVersionHolds(head, 2, '00000000-0000-4000-8000-000000000002')).toBe(false);
    expect(expectedVersionHolds(head, 3, head.eventId)).toBe(false);
    expect(toStreamState(head)).toBe(1n);
  });
});

describe('KurrentDB mapping: errors', () => {
  it("turns the client's WrongExpectedVersionError (v1 server answer) into ours, with the actual version", () => {
    const err = mapAppendError(serverWrongExpectedVersion('pm-race', 4n, 1n), 'race', 2);
    expect(err).toBeInstanceOf(WrongExpectedVersionError);
    expect(err).toMatchObject({
      code: 'WRONG_EXPECTED_VERSION',
      kind: 'conflict',
      streamId: 'race',
      expected: 2,
      actualVersion: 5,
      details: { streamId: 'race', expectedVersion: 2, currentVersion: 5 },
    });
  });

  it('reports actual version 0 when the server says the stream does not exist', () => {
    const err = mapAppendError(serverWrongExpectedVersion('s', undefined, 2n), 's', 3);
    expect(err).toMatchObject({ actualVersion: 0, expected: 3 });
  });

  it('maps the error the unary append path and the v2 protocol build as well', () => {
    const unary = new KurrentWrongExpectedVersionError(undefined, {
      streamName: 's',
      current: 0n,
      expected: NO_STREAM,
    });
    expect(mapAppendError(unary, 's', 'no_stream')).toMatchObject({
      actualVersion: 1,
      expected: 'no_stream',
    });
    const v2 = KurrentWrongExpectedVersionError.fromRevisionConflict({
      stream: 's',
      expectedRevision: '-1',
      actualRevision: '9',
    });
    expect(mapAppendError(v2, 's', 'no_stream')).toMatchObject({ actualVersion: 10 });
    const v2none = KurrentWrongExpectedVersionError.fromRevisionConflict({
      stream: 's',
      expectedRevision: '3',
      actualRevision: '-1',
    });
    expect(mapAppendError(v2none, 's', 4)).toMatchObject({ actualVersion: 0 });
  });

  it('treats an append that resolved unsuccessfully (throwOnAppendFailure=false) as a conflict', () => {
    expect(() => checkAppendResult({ success: true, nextExpectedRevision: 3n }, 's', 3)).not.toThrow();
    expect(() => checkAppendResult({ success: false, nextExpectedRevision: 3n }, 's', 2)).toThrow(
      expect.objectContaining({ code: 'WRONG_EXPECTED_VERSION', actualVersion: 4 }),
    );
    // the client reports −1 when the stream does not exist
    expect(() => checkAppendResult({ success: false, nextExpectedRevision: -1n }, 's', 2)).toThrow(
      expect.objectContaining({ actualVersion: 0 }),
    );
  });

  it('passes other client errors through unchanged', () => {
    const deleted = StreamDeletedError.fromStreamName('s');
    const down = new UnavailableError();
    expect(mapAppendError(deleted, 's', 1)).toBe(deleted);
    expect(mapAppendError(down, 's', 1)).toBe(down);
  });

  it('says which streams an incomplete multi-stream append wrote', () => {
    const e = new MultiStreamAppendIncompleteError(['a'], 'b', new UnavailableError(undefined, 'down'));
    expect(e).toMatchObject({
      kind: 'unavailable',
      code: 'MULTI_STREAM_APPEND_INCOMPLETE',
      details: { writtenStreams: ['a'], failedStream: 'b', reason: 'down' },
    });
    expect(e.message).toContain('repeat the same request');
  });
});

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
    });
    // ids compare case-insensitively (UUIDs)
    expect(classifyRequest(req('s', [{ ...a, eventId: a.eventId.toUpperCase() }, b]), known)).toEqual({
      version: 4,
      position: 11,
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

describe('KurrentDB mapping: $all records and ledger positions', () => {
  it('orders $all positions by commit, then prepare', () => {
    const p = (commit: bigint, prepare: bigint) => ({ commit, prepare });
    expect(comparePositions(p(10n, 10n), p(10n, 10n))).toBe(0);
    expect(comparePositions(p(10n, 10n), p(10n, 20n))).toBe(-1);
    expect(comparePositions(p(30n, 30n), p(10n, 20n))).toBe(1);
    expect(comparePositions(p(10n, 99n), p(11n, 11n))).toBe(-1);
  });

  it('turns a $all record into a ledger candidate: prefix stripped, revision 0 → version 1, JSON decoded', () => {
    const c = toLedgerCandidate(allRecord({ revision: 0n }), 'pm-');
    expect(c).toEqual({
      ok: true,
      event: {
        kurrentPosition: { commit: 1000n, prepare: 1000n },
        streamId: 'milestone-m1',
        version: 1,
        eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
        type: 'ProgressReported',
        data: { percent: 40, narrative: '三区并进 🚀' },
        metadata: { occurredAt: '2021-03-01T00:00:00.000Z', actor: { system: 'test' } },
        recordedAt: new Date(Date.UTC(2021, 2, 1, 8, 30, 0, 123)),
      },
    });
    const later = toLedgerCandidate(allRecord({ revision: 6n }), 'pm-');
    expect(later.ok && later.event.version).toBe(7);
    const noPrefix = toLedgerCandidate(allRecord());
    expect(noPrefix.ok && noPrefix.event.streamId).toBe('pm-milestone-m1');
  });

  it('leaves out what is not part of the service log, deterministically', () => {
    const reason = (r: AllStreamResolvedEvent, prefix = 'pm-') => {
      const c = toLedgerCandidate(r, prefix);
      return c.ok ? 'ok' : c.reason;
    };
    expect(reason(allRecord({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' }))).toBe(
      'system event',
    );
    expect(reason(allRecord({ type: '$>' }))).toBe('system event');
    expect(reason(allRecord({ streamId: 'other-app-1' }))).toBe('outside the stream prefix');
    expect(reason(allRecord({ isJson: false, data: new Uint8Array([1, 2, 3]) }))).toBe('data is not JSON');
    expect(reason(allRecord({ metadata: new Uint8Array([0xff, 0x00]) }))).toBe('metadata is not JSON');
    expect(reason({})).toBe('no event (unresolved link)');
    // empty metadata is an empty object
    const c = toLedgerCandidate(allRecord({ metadata: new Uint8Array() }), 'pm-');
    expect(c.ok && c.event.metadata).toEqual({});
  });

  it('numbers candidates gaplessly after the ledger head; a repeated id keeps its first place', () => {
    const cand = (eventId: string, version: number): LedgerCandidate => ({
      kurrentPosition: { commit: BigInt(version * 100), prepare: BigInt(version * 100) },
      streamId: 's',
      version,
      eventId,
      type: 'T',
      data: {},
      metadata: {},
      recordedAt: new Date(0),
    });
    const plan = planLedger(
      41,
      [cand('a', 1), cand('old', 2), cand('b', 3), cand('a', 4), cand('c', 5)],
      new Set(['old']),
    );
    expect(plan.rows.map((r) => [r.eventId, r.position, r.version])).toEqual([
      ['a', 42, 1],
      ['b', 43, 3],
      ['c', 44, 5],
    ]);
    expect(plan.duplicates.map((d) => [d.eventId, d.version])).toEqual([
      ['old', 2],
      ['a', 4],
    ]);
    expect(planLedger(0, [], new Set()).rows).toEqual([]);
  });

  it('names the first field in which a ledger row and the KurrentDB event differ', () => {
    const c = toLedgerCandidate(allRecord({ revision: 2n }), 'pm-');
    if (!c.ok) throw new Error(c.reason);
    const row = { ...c.event, position: 5, data: { narrative: '三区并进 🚀', percent: 40 } };
    expect(ledgerDiff(row, c.event)).toBeUndefined();
    expect(ledgerDiff({ ...row, eventId: 'x' }, c.event)).toBe('event id');
    expect(ledgerDiff({ ...row, streamId: 'x' }, c.event)).toBe('stream');
    expect(ledgerDiff({ ...row, version: 2 }, c.event)).toBe('version');
    expect(ledgerDiff({ ...row, type: 'X' }, c.event)).toBe('type');
    expect(ledgerDiff({ ...row, data: { percent: 100 } }, c.event)).toBe('data');
    expect(ledgerDiff({ ...row, metadata: {} }, c.event)).toBe('metadata');
    expect(ledgerDiff({ ...row, recordedAt: new Date(0) }, c.event)).toBe('recorded time');
  });
});
