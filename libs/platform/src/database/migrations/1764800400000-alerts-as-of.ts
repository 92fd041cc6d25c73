import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts as of a date and as known at an instant (`GET /api/v1/alerts?asOf=…&knownAt=…`): when each transition
 * of an episode was recorded, beside the day it is dated (`raised_on`, `acknowledged_at`, `escalated_on`,
 * `resolved_on`), and in the episode itself its weekly repeats with their days (`repeatLog`) and the same
 * recorded instants (`recorded`). Rows projected before are filled here from the alert events, so no rebuild is
 * needed. Recorded instants are kept to the millisecond, as the monitor reads them (JavaScript dates).
 */
export class AlertsAsOf1764800400000 implements MigrationInterface {
  name = 'AlertsAsOf1764800400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE alerts
        ADD COLUMN raised_recorded_at timestamptz,
        ADD COLUMN acknowledged_recorded_at timestamptz,
        ADD COLUMN escalated_recorded_at timestamptz,
        ADD COLUMN resolved_recorded_at timestamptz`);
    // Date.prototype.toISOString's form, as the monitor writes it.
    await q.query(`
      CREATE FUNCTION pg_temp.iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE
        AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`);
    await q.query(`
      WITH e AS (
        SELECT stream_id, type, data, global_position, date_trunc('milliseconds', recorded_at) AS recorded_at
          FROM events WHERE stream_id LIKE 'alert-%'
      ), t AS (
        SELECT a.id,
               min(e.recorded_at) FILTER (WHERE e.type = 'AlertRaised') AS raised,
               min(e.recorded_at) FILTER (WHERE e.type = 'AlertAcknowledged') AS acknowledged,
               min(e.recorded_at) FILTER (WHERE e.type = 'AlertEscalated') AS escalated,
               min(e.recorded_at) FILTER (WHERE e.type = 'AlertResolved') AS resolved
          FROM alerts a
          JOIN e ON e.stream_id = 'alert-' || a.key AND (e.data->>'episode')::int = a.episode_no
         GROUP BY a.id
      ), r AS (
        SELECT a.id,
               jsonb_agg(jsonb_build_object('occurrence', x.occurrence, 'on', x.on_day, 'recordedAt', pg_temp.iso(x.recorded_at))
                         ORDER BY x.occurrence) AS log
          FROM alerts a
          JOIN LATERAL (
            SELECT DISTINCT ON ((e.data->>'occurrence')::int)
                   (e.data->>'occurrence')::int AS occurrence, e.data->>'asOf' AS on_day, e.recorded_at
              FROM e
             WHERE e.stream_id = 'alert-' || a.key AND e.type = 'AlertRepeated'
               AND (e.data->>'episode')::int = a.episode_no
             ORDER BY (e.data->>'occurrence')::int, e.global_position
          ) x ON true
         GROUP BY a.id
      )
      UPDATE alerts a
         SET raised_recorded_at = t.raised,
             acknowledged_recorded_at = t.acknowledged,
             escalated_recorded_at = t.escalated,
             resolved_recorded_at = t.resolved,
             episode = a.episode || jsonb_build_object(
               'repeatLog', coalesce(r.log, '[]'::jsonb),
               'recorded', jsonb_build_object('raised', pg_temp.iso(t.raised), 'acknowledged', pg_temp.iso(t.acknowledged),
                                              'escalated', pg_temp.iso(t.escalated), 'resolved', pg_temp.iso(t.resolved)))
        FROM t LEFT JOIN r ON r.id = t.id
       WHERE a.id = t.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE alerts SET episode = episode - 'repeatLog' - 'recorded'`);
    await q.query(`
      ALTER TABLE alerts
        DROP COLUMN raised_recorded_at,
        DROP COLUMN acknowledged_recorded_at,
        DROP COLUMN escalated_recorded_at,
        DROP COLUMN resolved_recorded_at`);
  }
}
