/**
 * Append requests going in, with no I/O: what KurrentDB and the ledger both refuse, a port event → the
 * client's event, and the idempotency decision by event id. Covered by `kurrentdb-append-requests.spec.ts`.
 */
import type { EventData, JSONType } from '@kurrent/kurrentdb-client';
import type { AppendRequest, AppendResult, NewEvent } from '../event-store.port';
import { EventIdReusedError } from '../event-store.errors';
import { stableJson } from '../content-hash';
import { toStreamState } from './kurrentdb-versions';

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
 * this stream, with the same type and data → the original result (`alreadyStored`); anything else → EventIdReusedError.
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
    alreadyStored: true,
  };
}
