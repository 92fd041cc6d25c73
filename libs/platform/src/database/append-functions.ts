/**
 * Frozen: never edit. A change alters fresh installs and down(). Write a new migration instead.
 *
 * Texts of the append functions as the migration named in each export wrote them: that migration creates them from
 * here, and later ones restore them on their way down (a migration file exports its class alone). Later edits
 * (migrations 1764460030000, 1764889713800, 1764889800000, 1764890100000) are applied on top by those migrations,
 * not here.
 * `append-functions.spec.ts` pins each text's sha256.
 */

/** `pm_append` as migration 1764460000000 made it. */
export const PM_APPEND_1764460000000 = `
      CREATE FUNCTION pm_append(p_stream text, p_expected_kind text, p_expected integer, p_events jsonb)
      RETURNS TABLE(out_version integer, out_position bigint) LANGUAGE plpgsql AS $$
      DECLARE
        v_n integer := jsonb_array_length(p_events);
        v_found integer;
        v_current integer;
        v_pos bigint;
        v_hash text;
        v_prev text;
        v_rec timestamptz := clock_timestamp();
        v_e jsonb;
      BEGIN
        -- One writer at a time: position order = commit order, and the hash chain has one head.
        PERFORM pg_advisory_xact_lock(72620110);
        -- One index probe per event (LATERAL): a plan cached while the table was empty must not
        -- turn this into a scan of the whole table later.
        SELECT count(*) INTO v_found
          FROM jsonb_array_elements(p_events) x
          CROSS JOIN LATERAL (SELECT 1 FROM events e WHERE e.event_id = (x->>'eventId')::uuid LIMIT 1) hit;
        IF v_found > 0 THEN
          IF v_found = v_n AND NOT EXISTS (
               SELECT 1 FROM jsonb_array_elements(p_events) x
                 JOIN events e ON e.event_id = (x->>'eventId')::uuid
                WHERE e.stream_id <> p_stream OR e.type <> x->>'type' OR e.data <> x->'data') THEN
            RETURN QUERY SELECT max(e.stream_version), max(e.global_position)
              FROM events e JOIN jsonb_array_elements(p_events) x ON e.event_id = (x->>'eventId')::uuid;
            RETURN;
          END IF;
          RAISE EXCEPTION 'an event id was already used with other content'
            USING ERRCODE = 'PM002',
                  DETAIL = (SELECT string_agg(e.event_id::text, ',') FROM events e
                              JOIN jsonb_array_elements(p_events) x ON e.event_id = (x->>'eventId')::uuid);
        END IF;
        SELECT coalesce(max(stream_version), 0) INTO v_current FROM events WHERE stream_id = p_stream;
        IF (p_expected_kind = 'no_stream' AND v_current <> 0)
           OR (p_expected_kind = 'exact' AND v_current <> p_expected) THEN
          RAISE EXCEPTION 'wrong expected version for stream %', p_stream
            USING ERRCODE = 'PM001', DETAIL = v_current::text;
        END IF;
        SELECT global_position, hash INTO v_pos, v_prev FROM events ORDER BY global_position DESC LIMIT 1;
        v_pos := coalesce(v_pos, 0);
        v_prev := coalesce(v_prev, repeat('0', 64));
        FOR v_e IN SELECT value FROM jsonb_array_elements(p_events) LOOP
          v_pos := v_pos + 1;
          v_current := v_current + 1;
          v_hash := encode(sha256(convert_to(pm_event_canonical(v_prev, v_pos, p_stream, v_current,
                      (v_e->>'eventId')::uuid, v_e->>'type', v_e->'data', v_e->'metadata', v_rec), 'UTF8')), 'hex');
          INSERT INTO events (global_position, stream_id, stream_version, event_id, type, data, metadata,
                              recorded_at, prev_hash, hash)
          VALUES (v_pos, p_stream, v_current, (v_e->>'eventId')::uuid, v_e->>'type', v_e->'data', v_e->'metadata',
                  v_rec, v_prev, v_hash);
          v_prev := v_hash;
        END LOOP;
        PERFORM pg_notify('pm_events', v_pos::text);
        RETURN QUERY SELECT v_current, v_pos;
      END $$`;

/** Migration 1764801400000's check of an expected head, before each request's `pm_append`. */
export const HEAD_CHECK_1764801400000 = `
              IF v_req ? 'head' THEN
                PERFORM pg_advisory_xact_lock(72620110);
                IF EXISTS (SELECT 1 FROM events e WHERE e.stream_id = v_stream
                             AND e.stream_version = (v_req->>'expected')::integer
                             AND e.event_id <> (v_req->>'head')::uuid)
                   AND NOT EXISTS (SELECT 1 FROM events e
                                    WHERE e.event_id = (v_req->'events'->0->>'eventId')::uuid) THEN
                  RAISE EXCEPTION 'wrong expected head for stream %', v_stream
                    USING ERRCODE = 'PM001',
                          DETAIL = (SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = v_stream)::text;
                END IF;
              END IF;`;

/** `pm_append_batch` as migration 1764800500000 made it, with `check` before each request's `pm_append`. */
export function appendBatch1764800500000(check: string): string {
  return `
      CREATE OR REPLACE FUNCTION pm_append_batch(p_units text[])
      RETURNS TABLE(unit_no integer, results jsonb, err_state text, err_stream text, err_detail text,
                    err_message text)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_req jsonb;
        v_stream text;
        v_version integer;
        v_position bigint;
        v_results jsonb;
        v_state text;
        v_detail text;
        v_message text;
      BEGIN
        FOR i IN 1 .. coalesce(array_length(p_units, 1), 0) LOOP
          v_stream := NULL;
          v_results := '[]'::jsonb;
          v_state := NULL;
          v_detail := NULL;
          v_message := NULL;
          BEGIN
            FOR v_req IN SELECT value FROM jsonb_array_elements(p_units[i]::jsonb) LOOP
              v_stream := v_req->>'streamId';${check}
              SELECT a.out_version, a.out_position INTO v_version, v_position
                FROM pm_append(v_stream, v_req->>'kind', (v_req->>'expected')::integer, v_req->'events') a;
              v_results := v_results || jsonb_build_array(jsonb_build_array(v_version, v_position));
            END LOOP;
          EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_detail = PG_EXCEPTION_DETAIL,
                                    v_message = MESSAGE_TEXT;
            v_results := NULL;
          END;
          RETURN QUERY SELECT i, v_results, v_state, v_stream, v_detail, v_message;
        END LOOP;
      END $$`;
}

/** `pm_append_batch` as migration 1764889941000 made it (the rules applied in the function, the head carried). */
export const APPEND_BATCH_1764889941000 = `
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
