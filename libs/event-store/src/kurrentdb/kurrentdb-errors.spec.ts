/**
 * The client's own error classes (built the way the client builds them from the server's answers) ↔ the
 * port's errors, without a server.
 */
import {
  NO_STREAM,
  StreamDeletedError,
  UnavailableError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { WrongExpectedVersion } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { WrongExpectedVersionError } from '../event-store.errors';
import { checkAppendResult, mapAppendError, MultiStreamAppendIncompleteError } from './kurrentdb-errors';

/** The client's error for a v1 append refused by the server (`WrongExpectedVersion` details). */
function serverWrongExpectedVersion(stream: string, current: bigint | undefined, expected: bigint) {
  const details = new WrongExpectedVersion();
  if (current !== undefined) details.setCurrentStreamRevision(current.toString());
  details.setExpectedStreamPosition(expected.toString());
  // Through the wire format, as the client receives it.
  const received = WrongExpectedVersion.deserializeBinary(details.serializeBinary());
  return KurrentWrongExpectedVersionError.fromWrongExpectedVersion(received, stream);
}

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
