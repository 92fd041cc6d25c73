/** Versions ↔ revisions and expected versions ↔ stream states, without a server. */
import { ANY, NO_STREAM } from '@kurrent/kurrentdb-client';
import { expectedVersionHolds } from '../event-store.port';
import { actualVersionOf, revisionOfVersion, toStreamState, versionOfRevision } from './kurrentdb-versions';

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
