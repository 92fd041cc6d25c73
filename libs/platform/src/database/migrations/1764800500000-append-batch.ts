import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group commit: `pm_append_batch` runs several appends (units) in one transaction, so they share one
 * commit flush. A unit is the JSON text of `[{streamId, kind, expected, events}, …]` (one `append`, or
 * one atomic `appendMulti`); each is applied by `pm_append` (lock, checks, hash chain, NOTIFY: one
 * source for those rules) inside its own exception block, so a unit that fails (wrong expected
 * version, reused event id, bad input) is rolled back alone and reported in its row, and the others
 * commit. Units are applied in array order: positions follow that order, then commit order across
 * transactions (the advisory lock of `pm_append` is held until the commit). What a failed unit's
 * subtransaction took is released with it; it drew no position, and once a unit has succeeded the
 * transaction itself holds the lock until its commit.
 */
export class AppendBatch1764800500000 implements MigrationInterface {
  name = 'AppendBatch1764800500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION pm_append_batch(p_units text[])
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
              v_stream := v_req->>'streamId';
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
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION pm_append_batch(text[])`);
  }
}
