import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event store: one `events` table, gapless global positions in commit order
 * (every append holds one advisory transaction lock), a sha256 hash chain, and a trigger that
 * refuses UPDATE, DELETE and TRUNCATE. `pm_append` does an append in one round trip.
 */
export class EventStore1764460000000 implements MigrationInterface {
  name = 'EventStore1764460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        global_position bigint PRIMARY KEY,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        event_id uuid NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT events_stream_version_uq UNIQUE (stream_id, stream_version),
        CONSTRAINT events_event_id_uq UNIQUE (event_id),
        CONSTRAINT events_version_positive CHECK (stream_version > 0),
        CONSTRAINT events_position_positive CHECK (global_position > 0)
      )`);
    await q.query(`CREATE INDEX events_type_position_idx ON events (type, global_position)`);
    await q.query(`
      CREATE TABLE consumer_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION pm_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'PM003';
      END $$`);
    await q.query(`CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
                   FOR EACH ROW EXECUTE FUNCTION pm_events_immutable()`);
    await q.query(`CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
                   FOR EACH STATEMENT EXECUTE FUNCTION pm_events_immutable()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON events FROM PUBLIC`);
    // The canonical form of an event, shared by pm_append and the verifier (which recomputes it in Node).
    await q.query(`
      CREATE FUNCTION pm_event_canonical(p_prev text, p_pos bigint, p_stream text, p_ver integer, p_id uuid,
                                         p_type text, p_data jsonb, p_meta jsonb, p_rec timestamptz)
      RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT concat_ws(E'\\n', p_prev, p_pos::text, p_stream, p_ver::text, p_id::text, p_type,
                         p_data::text, p_meta::text,
                         to_char(p_rec AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
      $$`);
    await q.query(`
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
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION pm_append(text, text, integer, jsonb)`);
    await q.query(
      `DROP FUNCTION pm_event_canonical(text, bigint, text, integer, uuid, text, jsonb, jsonb, timestamptz)`,
    );
    await q.query(`DROP TABLE consumer_checkpoints`);
    await q.query(`DROP TRIGGER events_no_truncate ON events`);
    await q.query(`DROP TRIGGER events_append_only ON events`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP FUNCTION pm_events_immutable()`);
  }
}
