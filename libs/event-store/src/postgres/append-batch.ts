import type { DataSource } from 'typeorm';
import { preparedStatement, queryPrepared, type UnitOutcome } from '@app/platform';
import {
  type AppendClaim,
  type AppendRequest,
  type AppendResult,
  expectedVersionNumber,
} from '../event-store.port';
import {
  AppendInterruptedError,
  EventIdReusedError,
  KeyClaimedError,
  WrongExpectedVersionError,
} from '../event-store.errors';

/** One caller's append: a single `append` (one request, maybe with a claim) or an atomic `appendMulti` (several). */
export interface AppendUnit {
  readonly requests: readonly AppendRequest[];
  readonly claim?: AppendClaim;
}

/** An error of the database that is neither a version conflict nor a reused event id (e.g. invalid input). */
export class AppendFailedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'AppendFailedError';
  }
}

/** Prepared per connection: parsed and planned once, not on every batch. */
const APPEND_BATCH = preparedStatement(
  'SELECT unit_no, results, err_state, err_stream, err_detail, err_message FROM pm_append_batch($1::text[])',
);

interface BatchRow {
  unit_no: number;
  /** Per request: version, position and whether its events were all stored before (pm_append_batch). */
  results: [number, number, boolean?][] | null;
  err_state: string | null;
  err_stream: string | null;
  err_detail: string | null;
  err_message: string | null;
}

/** The unit as `pm_append_batch` reads it: `[{streamId, kind, expected, head?, events, claim?}, …]` (claim: first). */
function unitJson({ requests, claim }: AppendUnit): string {
  return JSON.stringify(
    requests.map(({ streamId, events, expected }, i) => ({
      claim: i === 0 ? claim : undefined,
      streamId,
      kind: expected === 'any' ? 'any' : expected === 'no_stream' ? 'no_stream' : 'exact',
      expected: expectedVersionNumber(expected) ?? 0,
      head: typeof expected === 'object' ? expected.eventId : undefined,
      events: events.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata })),
    })),
  );
}

function unitError({ requests, claim }: AppendUnit, row: BatchRow): unknown {
  const detail = row.err_detail ?? '';
  if (row.err_state === 'PM003' && claim) return new KeyClaimedError(claim.key);
  if (row.err_state === 'PM001') {
    const request = requests.find((r) => r.streamId === row.err_stream) ?? requests[0]!;
    return new WrongExpectedVersionError(request.streamId, request.expected, Number(detail || 0));
  }
  if (row.err_state === 'PM002') return new EventIdReusedError(detail.split(',').filter(Boolean));
  return new AppendFailedError(
    row.err_state ?? 'XX000',
    row.err_message ?? 'append failed',
    detail || undefined,
  );
}

/**
 * Runs the units in one transaction (one call of `pm_append_batch`, one round trip) and returns each
 * unit's results, or the error its caller gets. Rejects with AppendInterruptedError when the batch as a
 * whole failed.
 */
export async function runAppendBatch(
  dataSource: DataSource,
  units: readonly AppendUnit[],
): Promise<UnitOutcome<AppendResult[]>[]> {
  let rows: BatchRow[];
  try {
    rows = await queryPrepared<BatchRow>(dataSource, APPEND_BATCH, [units.map(unitJson)]);
  } catch (e) {
    throw new AppendInterruptedError(e);
  }
  const byUnit = new Map(rows.map((r) => [r.unit_no, r]));
  return units.map((unit, i): UnitOutcome<AppendResult[]> => {
    const row = byUnit.get(i + 1);
    if (!row) return { ok: false, error: new Error(`pm_append_batch returned nothing for unit ${i + 1}`) };
    if (row.results === null) return { ok: false, error: unitError(unit, row) };
    return {
      ok: true,
      value: row.results.map(([version, position, stored]) => ({
        version,
        position: Number(position),
        alreadyStored: stored === true,
      })),
    };
  });
}
