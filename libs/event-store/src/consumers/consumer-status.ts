import type { DataSource } from 'typeorm';
import { CHECKPOINTS_SQL, type CheckpointRow, type ConsumerFailing, failingOf } from './consumer-failures';

export interface ConsumerStatus {
  readonly name: string;
  readonly position: number;
  readonly head: number;
  readonly lag: number;
  readonly updatedAt: Date | null;
  /**
   * When the first event after its checkpoint was recorded (`events.recorded_at`): how long the oldest event it has
   * not yet processed has waited; null when none is pending (at the head).
   */
  readonly oldestPendingAt: Date | null;
  /** The database's clock when this status was read: `updatedAt` and `oldestPendingAt` are on that clock too. */
  readonly readAt: Date;
  /** Whether this process holds the consumer's lock right now. */
  readonly activeHere: boolean;
  /** Its batches' failure since its last success (null: not failing). */
  readonly failing: ConsumerFailing | null;
  /** The positions of the events it was stepped over (`projections skip`), in order. */
  readonly skips: readonly number[];
}

/** A consumer's row of the status statement (the checkpoint's columns null when it has none yet). */
type StatusRow = Partial<CheckpointRow> & {
  consumer: string;
  head: string;
  read_at: Date;
  oldest_pending_at: Date | null;
};

/**
 * One statement, one snapshot: each consumer's checkpoint with its failure and skips, the event right after it
 * (a primary-key range read: `LIMIT 1` on the log's order, no scan), the head and the database's now.
 */
const STATUS_SQL = `WITH h AS (SELECT coalesce(max(global_position), 0) AS head, now() AS read_at FROM events)
SELECT n.name AS consumer, c.*, h.head, h.read_at, p.recorded_at AS oldest_pending_at
  FROM unnest($1::text[]) AS n(name)
  CROSS JOIN h
  LEFT JOIN (${CHECKPOINTS_SQL}) c ON c.name = n.name
  LEFT JOIN LATERAL (SELECT e.recorded_at FROM events e WHERE e.global_position > coalesce(c.position, 0)
                      ORDER BY e.global_position LIMIT 1) p ON true`;

/** The status of the consumers `names`, in that order: see `STATUS_SQL`. */
export async function readStatus(
  ds: DataSource,
  names: readonly string[],
  activeHere: (name: string) => boolean,
): Promise<ConsumerStatus[]> {
  if (names.length === 0) return [];
  const rows = await ds.query<StatusRow[]>(STATUS_SQL, [names]);
  const byName = new Map(rows.map((r) => [r.consumer, r]));
  return names.map((name) => {
    const r = byName.get(name);
    const position = Number(r?.position ?? 0);
    const head = Number(r?.head ?? 0);
    return {
      name,
      position,
      head,
      lag: head - position,
      updatedAt: r?.updated_at ?? null,
      oldestPendingAt: r?.oldest_pending_at ?? null,
      readAt: r?.read_at ?? new Date(),
      activeHere: activeHere(name),
      failing: failingOf(r as CheckpointRow | undefined),
      skips: (r?.skips ?? []).map(Number),
    };
  });
}
