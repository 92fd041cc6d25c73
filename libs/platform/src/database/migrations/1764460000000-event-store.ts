import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PM_APPEND_1764460000000 } from '../append-functions';

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
    await q.query(PM_APPEND_1764460000000);
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
