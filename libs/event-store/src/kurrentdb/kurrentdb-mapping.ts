/**
 * Pure mapping between the port (`EventStore`) and KurrentDB, with no I/O: versions ↔ revisions,
 * expected versions ↔ stream states, the client's errors ↔ the port's, `$all` records ↔ ledger rows,
 * and the idempotency decision. Everything here is covered by `kurrentdb-mapping.spec.ts`.
 */
import {
  ANY,
  type AllStreamResolvedEvent,
  type AppendResult as KurrentAppendResult,
  type AppendStreamState,
  type CurrentStreamState,
  type EventData,
  type JSONType,
  NO_STREAM,
  type Position,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { AppError } from '@app/platform';
import {
  type AppendRequest,
  type AppendResult,
  type ExpectedVersion,
  expectedVersionNumber,
  type NewEvent,
} from '../event-store.port';
import { EventIdReusedError, WrongExpectedVersionError } from '../event-store.errors';
import { stableJson } from '../in-memory/in-memory-event-store';

// ── versions and revisions ───────────────────────────────────────────────────────────────────────
// Port: versions are 1-based (the first event of a stream is version 1, an empty stream is at 0).
// KurrentDB: revisions are 0-based (the first event is revision 0; an empty stream is `no_stream`).

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

// ── errors ───────────────────────────────────────────────────────────────────────────────────────

/** The client's WrongExpectedVersionError → the port's, with the actual version; anything else as is. */
export function mapAppendError(error: unknown, streamId: string, expected: ExpectedVersion): unknown {
  if (error instanceof KurrentWrongExpectedVersionError) {
    return new WrongExpectedVersionError(streamId, expected, actualVersionOf(error.actualState));
  }
  return error;
}

/**
 * A client made with `throwOnAppendFailure=false` (a connection-string option) resolves a conflict as
 * `{ success: false, nextExpectedRevision }` instead of throwing: treat it as the conflict it is.
 */
export function checkAppendResult(
  result: KurrentAppendResult,
  streamId: string,
  expected: ExpectedVersion,
): void {
  if (result.success) return;
  throw new WrongExpectedVersionError(streamId, expected, actualVersionOf(result.nextExpectedRevision));
}

/**
 * KurrentDB has no transaction across streams on the API this adapter uses: `appendMulti` appends one
 * stream after another. When a later append fails after earlier ones were written, the call is
 * incomplete; the same request again (same event ids) completes it, because the written part is
 * recognised by its ids and returns its original result.
 */
export class MultiStreamAppendIncompleteError extends AppError {
  constructor(
    readonly writtenStreams: readonly string[],
    readonly failedStream: string,
    readonly reason: unknown,
  ) {
    const why = reason instanceof Error ? reason.message : String(reason);
    super({
      kind: 'unavailable',
      code: 'MULTI_STREAM_APPEND_INCOMPLETE',
      message:
        `Appended to ${writtenStreams.join(', ')} but not to ${failedStream} (${why}); ` +
        'repeat the same request (same event ids) to complete it',
      messageZh: '多流写入未完成：部分事件已写入，请以相同请求重试以完成写入',
      details: { writtenStreams, failedStream, reason: why },
    });
  }
}

// ── events going in ──────────────────────────────────────────────────────────────────────────────

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks what KurrentDB and the ledger both require: events present, ids UUIDs, unique in the call. */
export function validateRequests(requests: readonly AppendRequest[]): void {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const r of requests) {
    if (r.events.length === 0) throw new Error('append: no events');
    // `$…` names are KurrentDB's own: the ledger leaves them out, so they could never be read back.
    if (r.streamId === '' || r.streamId.startsWith('$'))
      throw new Error(`append: stream "${r.streamId}" is empty or starts with $ (reserved by KurrentDB)`);
    toStreamState(r.expected);
    for (const e of r.events) {
      if (!UUID_RE.test(e.eventId)) throw new Error(`append: event id "${e.eventId}" is not a UUID`);
      if (e.type.startsWith('$')) throw new Error(`append: event type "${e.type}" starts with $ (reserved)`);
      const id = e.eventId.toLowerCase();
      if (seen.has(id)) repeated.push(id);
      seen.add(id);
    }
  }
  if (repeated.length > 0) throw new EventIdReusedError(repeated);
}

/** A port event → the client's JSON event: the event id passes through (KurrentDB's own idempotency key). */
export function toEventData(e: NewEvent): EventData {
  return {
    id: e.eventId.toLowerCase(),
    contentType: 'application/json',
    type: e.type,
    data: e.data as JSONType,
    metadata: e.metadata as unknown as JSONType,
  };
}

// ── idempotency by event id ──────────────────────────────────────────────────────────────────────

/** An event already in the ledger, looked up by id. */
export interface ExistingEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly type: string;
  readonly data: unknown;
}

/**
 * The same decision as `pm_append`: none of the ids known → `undefined` (append it); all known, in
 * this stream, with the same type and data → the original result; anything else → EventIdReusedError.
 */
export function classifyRequest(
  request: AppendRequest,
  existing: ReadonlyMap<string, ExistingEvent>,
): AppendResult | undefined {
  const hits = request.events.map((e) => existing.get(e.eventId.toLowerCase()));
  const found = hits.filter((h): h is ExistingEvent => h !== undefined);
  if (found.length === 0) return undefined;
  const same =
    found.length === hits.length &&
    hits.every((h, i) => {
      const e = request.events[i]!;
      return (
        h !== undefined &&
        h.streamId === request.streamId &&
        h.type === e.type &&
        stableJson(h.data) === stableJson(e.data)
      );
    });
  if (!same) throw new EventIdReusedError(found.map((h) => h.eventId));
  return {
    version: Math.max(...found.map((h) => h.version)),
    position: Math.max(...found.map((h) => h.position)),
  };
}

// ── positions ────────────────────────────────────────────────────────────────────────────────────
// KurrentDB's positions are byte offsets in its log ({commit, prepare}): ordered, not gapless. The
// ledger numbers the service's events 1, 2, 3 … in `$all` order; the KurrentDB position of the last
// `$all` record it has seen is its checkpoint.

/** Orders two `$all` positions (commit, then prepare). */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** An event of `$all` as the ledger will hold it (stream name without the adapter's prefix). */
export interface LedgerCandidate {
  readonly kurrentPosition: Position;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: Date;
}

export type CandidateOrSkip =
  | { readonly ok: true; readonly event: LedgerCandidate }
  | { readonly ok: false; readonly position: Position | undefined; readonly reason: string };

/**
 * Decides, deterministically from the record alone, whether a `$all` record belongs to the service's
 * log. Not part of it: link events, system streams and types (`$…`), streams outside the prefix, and
 * events whose data or metadata is not JSON. A rebuild from `$all` therefore reproduces the ledger.
 */
export function toLedgerCandidate(resolved: AllStreamResolvedEvent, streamPrefix = ''): CandidateOrSkip {
  const e = resolved.event;
  if (!e) return { ok: false, position: undefined, reason: 'no event (unresolved link)' };
  const position = e.position;
  if (resolved.link) return { ok: false, position, reason: 'link event' };
  if (e.streamId.startsWith('$') || e.type.startsWith('$'))
    return { ok: false, position, reason: 'system event' };
  if (!e.streamId.startsWith(streamPrefix))
    return { ok: false, position, reason: 'outside the stream prefix' };
  if (!e.isJson) return { ok: false, position, reason: 'data is not JSON' };
  if (e.metadata instanceof Uint8Array) return { ok: false, position, reason: 'metadata is not JSON' };
  return {
    ok: true,
    event: {
      kurrentPosition: position,
      streamId: e.streamId.slice(streamPrefix.length),
      version: versionOfRevision(e.revision),
      eventId: e.id.toLowerCase(),
      type: e.type,
      data: e.data,
      metadata: e.metadata ?? {},
      recordedAt: e.created,
    },
  };
}

/** A ledger row to insert: the candidate and its gapless position. */
export interface LedgerRow extends LedgerCandidate {
  readonly position: number;
}

/**
 * Numbers the candidates of one `$all` page after the ledger head: head + 1, head + 2 … An event id
 * the ledger already holds (or that appeared earlier in the page) is not numbered: the first
 * occurrence in `$all` wins. The adapter's own appends never produce such a copy (it checks ids under
 * the ledger lock first); only another writer can.
 */
export function planLedger(
  headPosition: number,
  candidates: readonly LedgerCandidate[],
  inLedger: ReadonlySet<string>,
): { rows: LedgerRow[]; duplicates: LedgerCandidate[] } {
  const seen = new Set(inLedger);
  const rows: LedgerRow[] = [];
  const duplicates: LedgerCandidate[] = [];
  let position = headPosition;
  for (const c of candidates) {
    if (seen.has(c.eventId)) {
      duplicates.push(c);
      continue;
    }
    seen.add(c.eventId);
    rows.push({ ...c, position: ++position });
  }
  return { rows, duplicates };
}

/** A ledger row as read back for the cross-check against KurrentDB. */
export interface LedgerEvent {
  readonly position: number;
  readonly streamId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: Date;
}

/** The first field in which the ledger row and the KurrentDB event differ, or undefined. */
export function ledgerDiff(row: LedgerEvent, event: LedgerCandidate): string | undefined {
  if (row.eventId !== event.eventId) return 'event id';
  if (row.streamId !== event.streamId) return 'stream';
  if (row.version !== event.version) return 'version';
  if (row.type !== event.type) return 'type';
  if (stableJson(row.data) !== stableJson(event.data)) return 'data';
  if (stableJson(row.metadata) !== stableJson(event.metadata)) return 'metadata';
  if (row.recordedAt.getTime() !== event.recordedAt.getTime()) return 'recorded time';
  return undefined;
}
