/**
 * Frozen: never edit. A change alters fresh installs and down(). Write a new migration instead.
 *
 * Texts of the append functions as the migration named in each export wrote them: that migration creates them from
 * here, and later ones restore them on their way down (a migration file exports its class alone). Later edits
 * (migrations 1764460030000, 1764889713800, 1764889800000) are applied on top by those migrations, not here.
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
