import { escapeLiteral } from 'pg';
import { type PreparedStatement, preparedStatement } from '@app/platform';
import { SELECT_RECORDED } from '../postgres/event-rows';

/**
 * The statements of a consumer's batch. Each is sent as one simple-protocol message, which is what lets
 * `BEGIN; …` and `…; COMMIT` travel together (one round trip each) but takes no parameters: the values are
 * written in, integers checked and text quoted by node-postgres's `escapeLiteral`.
 *
 * Why one statement can lock the checkpoint and read the batch (READ COMMITTED): the statement's snapshot is
 * taken when it starts, before it may wait on the checkpoint row; the upsert then returns the checkpoint as the
 * holder of the lock committed it, which may be later than the snapshot. Positions commit in order (every append
 * holds `pg_advisory_xact_lock(72620110)` until its commit), so a snapshot sees every event up to its head and
 * none after: the events after the returned checkpoint, read in that snapshot, are the ones right after it with
 * no gap (none is skipped), and none at or before it (none applied twice). When the checkpoint the lock returns
 * is beyond the snapshot's head, the read is empty and the batch changes nothing.
 */
export interface BatchSql {
  /**
   * The SQL `PREPARE` of each of the two statements below, by name, sent once per connection before its first
   * batch: each connection parses and plans them once, where their texts cost a parse and a plan per batch.
   */
  readonly prepare: ReadonlyMap<string, string>;
  /** The name of the prepared locking read (`beginAndLock`). */
  readonly lockName: string;
  /**
   * `BEGIN` and the (prepared) statement that locks the checkpoint row (creating it) and reads the batch after it:
   * each row the checkpoint (and its `moves`), the head and an event.
   */
  readonly beginAndLock: string;
  /**
   * Without a transaction: reads the checkpoint (and its `moves`) and whether any event is pending after it, and
   * when none is moves the checkpoint to the snapshot's head, provided it has not gone back meanwhile (a reset)
   * and is before that head.
   * Prepared: a quiet consumer peeks on every wake and poll, and planning it cost more than running it.
   * Its commit does not wait for the WAL flush (`set_config`): a move over events with nothing to handle that a
   * crash loses is made again by the next peek, and a consumer passing over other types' events peeks often.
   */
  readonly peek: PreparedStatement;
  /** The checkpoint set to `position` (never moved back; prepared) and `COMMIT`. */
  commitAt(position: number): string;
  /**
   * Where the batch leaves the checkpoint, from what the locking read returned (`read`: its first row's `head` and,
   * for a consumer of every type, `reads_to`): every position up to it was read (of the types, if given). A
   * consumer of every type read the range of positions the statement names (`reads_to`: after the checkpoint, up to
   * `limit` of them or the head), however many events it holds; a typed one read `limit` events (then up to the
   * last) or fewer (then everything up to the snapshot's head).
   */
  readsTo(checkpoint: number, read: LockedRead, events: readonly { readonly position: number }[]): number;
}

/** What `readsTo` takes of the locking read's first row (bigints come as text). */
export interface LockedRead {
  readonly head: string;
  /** A consumer of every type: the end of the range of positions the statement read. */
  readonly reads_to?: string | null;
}

const integer = (n: number): string => {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Not a position or a count: ${n}`);
  return String(n);
};

/**
 * The statement that reads (creating if needed) and row-locks the checkpoint of the consumer `name`, returning its
 * `position` and `moves` (how many times it was set by hand): a batch, a skip, a reset and a rebuild of one consumer
 * serialise on it.
 */
export const lockCheckpointSql = (name: string): string =>
  `INSERT INTO consumer_checkpoints (name) VALUES (${escapeLiteral(name)})
        ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING position, moves`;

/**
 * The events a consumer reads after its checkpoint (`checkpoint`: an SQL expression), of its `types` if declared:
 * the condition on `events` of its batches, its peek and its skip (the types written in as literals).
 */
export function afterCheckpointSql(checkpoint: string, types: readonly string[] | undefined): string {
  // Typed: the planner takes the (type, global_position) index for rare types and the log's order for common ones
  // (measured: a LATERAL read per type over that index cost 2-8 times the buffers, and far more from position 0).
  const typed =
    types === undefined ? '' : ` AND type = ANY (ARRAY[${types.map(escapeLiteral).join(', ')}]::text[])`;
  return `global_position > ${checkpoint}${typed}`;
}

/**
 * The position of the next event a consumer reads after `checkpoint` (`afterCheckpointSql`), in log order: the scan
 * starts after it on an index. Null when none is pending.
 */
export const nextEventSql = (checkpoint: string, types: readonly string[] | undefined): string =>
  `SELECT global_position FROM events WHERE ${afterCheckpointSql(checkpoint, types)}
    ORDER BY global_position LIMIT 1`;

/** The statements of the batches of the consumer `name` (at most `limit` events, of `types` if given). */
export function batchSql(name: string, limit: number, types: readonly string[] | undefined): BatchSql {
  const n = escapeLiteral(name);
  const max = integer(limit);
  if (limit < 1) throw new Error(`A batch of ${limit} events`);
  const head = 'SELECT coalesce(max(global_position), 0) AS head FROM events';
  // SQL-level prepared statements (`PREPARE`/`EXECUTE`) travel in simple-protocol messages, with `BEGIN` and
  // `COMMIT`: a batch keeps its two round trips. Named after their texts, as `preparedStatement` does.
  const lock = preparedStatement(
    types === undefined
      ? // Every type: the positions after the checkpoint up to `limit` of them, or to the head: `reads_to`, which
        // the statement returns and the checkpoint moves to (`readsTo`: one computation of the range's end). Both
        // bounds are scalar subqueries (parameters to the planner, which estimates such a range at 0.5 % of the log
        // whatever its size), so the primary key's index is the cheap path even on a plan made at a few events: it
        // reads at most `limit` index entries and their heap pages. Bounded below alone, the read was estimated at
        // a third of the log, and a plan made on a young log (kept until it grows by 10,000: `grewTooMuch`) scanned
        // and sorted the whole log on every batch of a consumer whose limit exceeded that third (the board's 2,000).
        `WITH cp AS (${lockCheckpointSql(name)}), h AS (${head}),
           r AS (SELECT least(h.head, cp.position + ${max}) AS reads_to FROM cp, h)
      SELECT cp.position AS checkpoint, cp.moves, h.head, r.reads_to, b.*
        FROM cp CROSS JOIN h CROSS JOIN r LEFT JOIN (${SELECT_RECORDED}
             WHERE global_position > (SELECT position FROM cp)
               AND global_position <= (SELECT reads_to FROM r)
             ORDER BY global_position LIMIT ${max}) b ON true
       ORDER BY b.global_position`
      : `WITH cp AS (${lockCheckpointSql(name)})
      SELECT cp.position AS checkpoint, cp.moves, (${head}) AS head, b.*
        FROM cp LEFT JOIN LATERAL (${SELECT_RECORDED} WHERE ${afterCheckpointSql('cp.position', types)}
             ORDER BY global_position LIMIT ${max}) b ON true
       ORDER BY b.global_position`,
  );
  const commit = preparedStatement(`UPDATE consumer_checkpoints SET position = $1, updated_at = now()
        WHERE name = ${n} AND position < $1`);
  return {
    prepare: new Map([
      [lock.name, `PREPARE ${lock.name} AS ${lock.text}`],
      [commit.name, `PREPARE ${commit.name} (bigint) AS ${commit.text}`],
    ]),
    lockName: lock.name,
    beginAndLock: `BEGIN; EXECUTE ${lock.name}`,
    peek: preparedStatement(`WITH cp AS (SELECT position, moves FROM consumer_checkpoints WHERE name = ${n}),
      -- The first event after the checkpoint, in log order: the scan starts after it on an index. The checkpoint
      -- is a scalar subquery (a parameter to the planner), not a join, and the order is what keeps the index: an
      -- EXISTS (which drops ORDER BY) was planned as a scan of the whole log, 5-10 ms a peek at 100,000 events.
      pending AS (SELECT (${nextEventSql('(SELECT position FROM cp)', types)}) IS NOT NULL AS pending),
      h AS (${head}),
      advanced AS (
        UPDATE consumer_checkpoints c SET position = h.head, updated_at = now() FROM cp, h, pending
         WHERE c.name = ${n} AND NOT pending.pending AND c.position >= cp.position AND c.position < h.head
        RETURNING c.position)
      SELECT cp.position AS checkpoint, cp.moves, pending.pending, (SELECT position FROM advanced) AS advanced,
             set_config('synchronous_commit', 'off', true) AS commit_mode
        FROM cp CROSS JOIN pending`),
    commitAt: (position) => `EXECUTE ${commit.name}(${integer(position)}); COMMIT`,
    readsTo: (checkpoint, read, events) => {
      if (types === undefined) {
        if (read.reads_to == null) throw new Error(`The read of ${name} named no range`);
        return Math.max(checkpoint, Number(read.reads_to));
      }
      return events.length === limit
        ? events[events.length - 1]!.position
        : Math.max(checkpoint, Number(read.head));
    },
  };
}
