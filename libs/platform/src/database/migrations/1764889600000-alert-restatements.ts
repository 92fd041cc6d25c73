import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alert restatements (`AlertRestated`: an unresolved 指标未达标 episode's figures from a day on) in a table of their
 * own, owned by the alerts monitor (`alert_restatements`), instead of a growing array `restateLog` inside the
 * episode's jsonb, which every monitor batch read and wrote whole. One row per episode, day (`as_of`) and stream
 * version of the milestone that decided it (`version`; the decision is deterministic per version, so a replay
 * writes the same row again: a no-op); `recorded_at` is its event's, null until the monitor reads it back. The
 * primary key serves "the latest dated by day D (the later version for one day) and recorded by K". The entries
 * kept so far move here (the key leaves the episodes); `down` puts them back in the order they were made (version,
 * then day).
 */
export class AlertRestatements1764889600000 implements MigrationInterface {
  name = 'AlertRestatements1764889600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_restatements (
        alert_id text NOT NULL,
        episode_no integer NOT NULL,
        as_of date NOT NULL,
        version integer NOT NULL,
        reasons jsonb NOT NULL,
        facts jsonb NOT NULL,
        recorded_at timestamptz,
        PRIMARY KEY (alert_id, as_of, version)
      )`);
    await q.query(`
      INSERT INTO alert_restatements (alert_id, episode_no, as_of, version, reasons, facts, recorded_at)
      SELECT a.id, a.episode_no, (r->>'on')::date, (r->>'version')::int, r->'reasons', r->'facts',
             (r->>'recordedAt')::timestamptz
        FROM alerts a CROSS JOIN LATERAL jsonb_array_elements(a.episode->'restateLog') r
       WHERE jsonb_typeof(a.episode->'restateLog') = 'array'
      ON CONFLICT DO NOTHING`);
    await q.query(`UPDATE alerts SET episode = episode - 'restateLog' WHERE episode ? 'restateLog'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Date.prototype.toISOString's form, as the monitor wrote it.
    await q.query(`
      UPDATE alerts a
         SET episode = a.episode || jsonb_build_object('restateLog', coalesce((
               SELECT jsonb_agg(jsonb_build_object(
                        'on', to_char(r.as_of, 'YYYY-MM-DD'), 'version', r.version, 'reasons', r.reasons,
                        'facts', r.facts,
                        'recordedAt', to_char(r.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                      ORDER BY r.version, r.as_of)
                 FROM alert_restatements r WHERE r.alert_id = a.id), '[]'::jsonb))`);
    await q.query('DROP TABLE alert_restatements');
  }
}
