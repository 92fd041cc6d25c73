/**
 * `$all` records → ledger rows, with no I/O. KurrentDB's positions are byte offsets in its log
 * ({commit, prepare}): ordered, not gapless. The ledger numbers the service's events 1, 2, 3 … in `$all`
 * order; the KurrentDB position of the last `$all` record it has seen is its checkpoint. Which records
 * belong to the service's log, how they are numbered, and how a ledger row is compared with its event.
 * Covered by `kurrentdb-ledger-plan.spec.ts`.
 */
import type { AllStreamResolvedEvent, Position } from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '../event-store.port';
import { stableJson } from '../content-hash';
import { versionOfRevision } from './kurrentdb-versions';

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

/** The first field in which the ledger row (as read back) and the KurrentDB event differ, or undefined. */
export function ledgerDiff(row: RecordedEvent, event: LedgerCandidate): string | undefined {
  if (row.eventId !== event.eventId) return 'event id';
  if (row.streamId !== event.streamId) return 'stream';
  if (row.version !== event.version) return 'version';
  if (row.type !== event.type) return 'type';
  if (stableJson(row.data) !== stableJson(event.data)) return 'data';
  if (stableJson(row.metadata) !== stableJson(event.metadata)) return 'metadata';
  if (row.recordedAt.getTime() !== event.recordedAt.getTime()) return 'recorded time';
  return undefined;
}
