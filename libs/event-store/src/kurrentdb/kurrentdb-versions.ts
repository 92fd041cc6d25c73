/**
 * Versions ↔ revisions, with no I/O. Port: versions are 1-based (the first event of a stream is version 1,
 * an empty stream is at 0). KurrentDB: revisions are 0-based (the first event is revision 0; an empty
 * stream is `no_stream`). Covered by `kurrentdb-versions.spec.ts`.
 */
import { ANY, type AppendStreamState, type CurrentStreamState, NO_STREAM } from '@kurrent/kurrentdb-client';
import { type ExpectedVersion, expectedVersionNumber } from '../event-store.port';

/** KurrentDB revision (0-based) → port version (1-based). */
export function versionOfRevision(revision: bigint): number {
  if (revision < 0n) throw new RangeError(`not a revision: ${revision}`);
  const v = revision + 1n;
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`revision ${revision} is out of range`);
  return Number(v);
}

/** Port version (1-based, ≥ 1) → KurrentDB revision (0-based). */
export function revisionOfVersion(version: number): bigint {
  if (!Number.isSafeInteger(version) || version < 1) throw new RangeError(`not a version: ${version}`);
  return BigInt(version - 1);
}

/**
 * The port's expected version → the client's stream state: `any` → ANY, `no_stream` and 0 → NO_STREAM
 * (version 0 means "no event yet"), n ≥ 1 → revision n − 1.
 */
export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  const version = expectedVersionNumber(expected)!;
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new RangeError(
      `expected version must be a whole number ≥ 0, 'no_stream' or 'any' (got ${version})`,
    );
  }
  return version === 0 ? NO_STREAM : revisionOfVersion(version);
}

/**
 * The stream's actual state as KurrentDB reports it → the port's version: `no_stream` → 0, revision r →
 * r + 1. Negative markers (deleted −5, tombstoned −6 in the v2 protocol) have no events to count → 0.
 */
export function actualVersionOf(state: CurrentStreamState | AppendStreamState): number {
  if (typeof state === 'bigint') return state < 0n ? 0 : versionOfRevision(state);
  return 0;
}
