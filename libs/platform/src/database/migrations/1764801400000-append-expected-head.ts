import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An append may name the stream's head it expects (`{version, eventId}`, the port's `ExpectedHead`): a unit's request
 * with `head` is refused as a wrong expected version (PM001, the current version in DETAIL) when another event than
 * `head` stands at the expected version. `pm_append` then checks the version itself as before, so a stream that moved
 * on is refused there. The check runs under the append lock, and only when the request's events are new: a retry
 * whose events are already stored gets its first result from `pm_append`, as with any other expectation.
 *
 * Callers that keep a stream's fold (the command handler) append with the head of their fold instead of reading the
 * stream first: a stream changed underneath (a store restored into a running process) is noticed here.
 */
export class AppendExpectedHead1764801400000 implements MigrationInterface {
  name = 'AppendExpectedHead1764801400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(appendBatch(HEAD_CHECK));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(appendBatch(''));
  }
}

const HEAD_CHECK = `
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
function appendBatch(check: string): string {
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
