import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  APPEND_BATCH_1764889941000 as APPEND_BATCH,
  appendBatch1764800500000,
  HEAD_CHECK_1764801400000,
  PM_APPEND_1764460000000,
} from '../append-functions';
import { RecordedAtAfterLock1764460030000 } from './1764460030000-recorded-at-after-lock';
import { AppendAlreadyStored1764889713800 } from './1764889713800-append-already-stored';
import { NotifyOncePerTransaction1764889800000 } from './1764889800000-notify-once-per-transaction';

const CANONICAL = 'pm_event_canonical(text, bigint, text, integer, uuid, text, jsonb, jsonb, timestamptz)';

/**
 * The append path with fewer statements per event, its rules and results unchanged. `pm_append_batch` applies the
 * rules itself (it called `pm_append` per request, which repeated the lock and read the chain's head each time):
 * it takes the append lock once, outside the units' exception blocks, so it is held until the commit and the head
 * (last position and hash) read once is carried from one event to the next (a failed unit gives its positions
 * back: the head is set back to where it was before the unit). Per request: one lookup of the event ids (for one
 * event, one index probe; it also tells whether the first was stored), then, only with an expected head, one read
 * of the stream's last event (its version and id decide the head check), else the stream's version; the hash is
 * computed in the `INSERT`. The checks keep their order, codes, messages and DETAIL: an expected head refused
 * (PM001) before a reused id (PM002) before a wrong expected version (PM001). One NOTIFY, at the end, when a unit
 * appended. `pm_append` is now a single-request call of `pm_append_batch` with `p_raise` (new, default false),
 * which raises a unit's error itself from its exception block instead of returning it in the row: the caller gets the
 * error with every field (code, message, DETAIL, HINT, constraint, table, …) as the old `pm_append` raised it. One
 * source for the rules. (A new parameter, so the function is dropped and created again.) `pm_event_canonical` is declared STABLE, as what it calls is
 * (`to_char`, `concat_ws`), so the planner inlines it instead of running a SQL function per event; its text, and
 * so every hash, is the same. `pm_append_batch` runs with `enable_seqscan = off`: PL/pgSQL keeps a session's plans
 * until the table's statistics change, and planned while `events` was empty (0 pages) a scan of the whole table
 * cost nothing, so each of its reads (chain head, ids, stream version, expected head) could stay a scan of the
 * whole table while it grew (`append-plans.int-spec.ts`); every one of them has an index.
 */
export class AppendBatchChainHead1764889941000 implements MigrationInterface {
  name = 'AppendBatchChainHead1764889941000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${CANONICAL} STABLE`);
    await q.query(`DROP FUNCTION pm_append_batch(text[])`);
    await q.query(APPEND_BATCH);
    await q.query(APPEND);
  }

  /** Each function as the migrations before this one left it: its text as first written, then their edits in order. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${CANONICAL} IMMUTABLE`);
    await q.query(`DROP FUNCTION pm_append_batch(text[], boolean)`);
    await q.query(appendBatch1764800500000(HEAD_CHECK_1764801400000));
    await new AppendAlreadyStored1764889713800().up(q);
    await q.query(`DROP FUNCTION pm_append(text, text, integer, jsonb)`);
    await q.query(PM_APPEND_1764460000000);
    await new RecordedAtAfterLock1764460030000().up(q);
    await new NotifyOncePerTransaction1764889800000().up(q);
  }
}

const APPEND = `
      CREATE OR REPLACE FUNCTION pm_append(p_stream text, p_expected_kind text, p_expected integer, p_events jsonb)
      RETURNS TABLE(out_version integer, out_position bigint) LANGUAGE plpgsql AS $$
      DECLARE
        v_results jsonb;
      BEGIN
        SELECT b.results INTO v_results
          FROM pm_append_batch(ARRAY[jsonb_build_array(jsonb_build_object('streamId', p_stream,
                 'kind', p_expected_kind, 'expected', p_expected, 'events', coalesce(p_events, '[]')))::text], true) b;
        RETURN QUERY SELECT (v_results->0->>0)::integer, (v_results->0->>1)::bigint;
      END $$`;
