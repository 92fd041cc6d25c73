import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
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

const APPEND_BATCH = `
      CREATE FUNCTION pm_append_batch(p_units text[], p_raise boolean DEFAULT false)
      RETURNS TABLE(unit_no integer, results jsonb, err_state text, err_stream text, err_detail text,
                    err_message text)
      LANGUAGE plpgsql SET enable_seqscan = off AS $$
      DECLARE
        v_unit jsonb;
        v_req jsonb;
        v_events jsonb;
        v_e jsonb;
        v_n integer;
        v_kind text;
        v_expected integer;
        v_head uuid;
        v_found integer;
        v_first_found boolean;
        v_current integer;
        v_head_id uuid;
        v_refused boolean;
        v_pos bigint;
        v_prev text;
        v_unit_pos bigint;
        v_unit_prev text;
        v_rec timestamptz;
        v_notify boolean := false;
        v_unit_notify boolean;
      BEGIN
        -- One writer at a time, held until the commit: position order = commit order, and the hash chain has one head,
        -- so the head read here is carried from one event to the next.
        PERFORM pg_advisory_xact_lock(72620110);
        SELECT global_position, hash INTO v_pos, v_prev FROM events ORDER BY global_position DESC LIMIT 1;
        v_pos := coalesce(v_pos, 0);
        v_prev := coalesce(v_prev, repeat('0', 64));
        FOR i IN 1 .. coalesce(array_length(p_units, 1), 0) LOOP
          unit_no := i;
          results := '[]'::jsonb;
          err_state := NULL;
          err_stream := NULL;
          err_detail := NULL;
          err_message := NULL;
          v_unit_pos := v_pos;
          v_unit_prev := v_prev;
          v_unit_notify := v_notify;
          BEGIN
            v_unit := p_units[i]::jsonb;
            FOR r IN 0 .. coalesce(jsonb_array_length(v_unit), 0) - 1 LOOP -- (a NULL unit: no request)
              v_req := v_unit->r;
              err_stream := v_req->>'streamId';
              v_kind := v_req->>'kind';
              v_expected := (v_req->>'expected')::integer;
              v_events := v_req->'events';
              v_n := coalesce(jsonb_array_length(v_events), 0); -- (no events: none appended, the result as for [])
              IF v_n = 1 THEN
                v_first_found := EXISTS (SELECT 1 FROM events e WHERE e.event_id = (v_events->0->>'eventId')::uuid);
                v_found := v_first_found::integer;
              ELSE
                -- One index probe per event (LATERAL): a plan cached while the table was empty must not
                -- turn this into a scan of the whole table later.
                SELECT count(*), coalesce(bool_or(x.ord = 1), false) INTO v_found, v_first_found
                  FROM jsonb_array_elements(v_events) WITH ORDINALITY x(ev, ord)
                  CROSS JOIN LATERAL (SELECT 1 FROM events e WHERE e.event_id = (x.ev->>'eventId')::uuid LIMIT 1) hit;
              END IF;
              v_current := NULL;
              IF v_req ? 'head' AND NOT v_first_found THEN
                v_head := (v_req->>'head')::uuid;
                SELECT e.stream_version, e.event_id INTO v_current, v_head_id
                  FROM events e WHERE e.stream_id = err_stream ORDER BY e.stream_version DESC LIMIT 1;
                v_current := coalesce(v_current, 0);
                -- (Apart: a condition with both would be planned anew on every call, as its own custom plan skips
                -- the EXISTS.)
                IF v_current = v_expected THEN
                  v_refused := v_head_id <> v_head;
                ELSE
                  v_refused := v_current > v_expected AND EXISTS (SELECT 1 FROM events e WHERE e.stream_id = err_stream
                                                   AND e.stream_version = v_expected AND e.event_id <> v_head);
                END IF;
                IF v_refused THEN
                  RAISE EXCEPTION 'wrong expected head for stream %', err_stream
                    USING ERRCODE = 'PM001', DETAIL = v_current::text;
                END IF;
              END IF;
              IF v_found > 0 THEN
                IF v_found = v_n AND NOT EXISTS (
                     SELECT 1 FROM jsonb_array_elements(v_events) x
                       JOIN events e ON e.event_id = (x->>'eventId')::uuid
                      WHERE e.stream_id <> err_stream OR e.type <> x->>'type' OR e.data <> x->'data') THEN
                  results := results || (SELECT jsonb_build_array(jsonb_build_array(max(e.stream_version),
                                                                                      max(e.global_position), v_first_found))
                                           FROM events e JOIN jsonb_array_elements(v_events) x
                                             ON e.event_id = (x->>'eventId')::uuid);
                  CONTINUE;
                END IF;
                RAISE EXCEPTION 'an event id was already used with other content'
                  USING ERRCODE = 'PM002',
                        DETAIL = (SELECT string_agg(e.event_id::text, ',') FROM events e
                                    JOIN jsonb_array_elements(v_events) x ON e.event_id = (x->>'eventId')::uuid);
              END IF;
              IF v_current IS NULL THEN
                SELECT coalesce(max(e.stream_version), 0) INTO v_current FROM events e WHERE e.stream_id = err_stream;
              END IF;
              IF (v_kind = 'no_stream' AND v_current <> 0) OR (v_kind = 'exact' AND v_current <> v_expected) THEN
                RAISE EXCEPTION 'wrong expected version for stream %', err_stream
                  USING ERRCODE = 'PM001', DETAIL = v_current::text;
              END IF;
              v_rec := clock_timestamp();
              FOR k IN 0 .. v_n - 1 LOOP
                v_e := v_events->k;
                v_pos := v_pos + 1;
                v_current := v_current + 1;
                INSERT INTO events (global_position, stream_id, stream_version, event_id, type, data, metadata,
                                    recorded_at, prev_hash, hash)
                VALUES (v_pos, err_stream, v_current, (v_e->>'eventId')::uuid, v_e->>'type', v_e->'data', v_e->'metadata',
                        v_rec, v_prev,
                        encode(sha256(convert_to(pm_event_canonical(v_prev, v_pos, err_stream, v_current,
                          (v_e->>'eventId')::uuid, v_e->>'type', v_e->'data', v_e->'metadata', v_rec), 'UTF8')), 'hex'))
                RETURNING hash INTO v_prev;
              END LOOP;
              v_notify := true;
              results := results || jsonb_build_array(jsonb_build_array(v_current, v_pos, false));
            END LOOP;
          EXCEPTION WHEN OTHERS THEN
            IF p_raise THEN
              RAISE; -- (pm_append: the error itself, every field of it)
            END IF;
            GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_detail = PG_EXCEPTION_DETAIL,
                                    err_message = MESSAGE_TEXT;
            results := NULL;
            v_pos := v_unit_pos;
            v_prev := v_unit_prev;
            v_notify := v_unit_notify;
          END;
          RETURN NEXT;
        END LOOP;
        IF v_notify THEN
          PERFORM pg_notify('pm_events', '');
        END IF;
      END $$`;

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
