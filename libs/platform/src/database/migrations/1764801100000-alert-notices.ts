import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alert notifier's own copy of what it may have to tell (`alert_notices`): every raised, repeated and
 * escalated alert event as the notifier read it, so a completed run finds its events and their raised alerts in
 * the notifier's table instead of querying the event log's `events` table. Filled here from the alert events
 * recorded so far (the notifier adds later ones as it reads them; a copy it meets again changes nothing).
 */
export class AlertNotices1764801100000 implements MigrationInterface {
  name = 'AlertNotices1764801100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_notices (
        event_id uuid PRIMARY KEY,
        position bigint NOT NULL,
        stream_id text NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL
      )`);
    await q.query(
      "CREATE INDEX alert_notices_raised ON alert_notices (stream_id) WHERE type = 'AlertRaised'",
    );
    await q.query(`
      INSERT INTO alert_notices (event_id, position, stream_id, type, data)
      SELECT event_id, global_position, stream_id, type, data FROM events
       WHERE type IN ('AlertRaised', 'AlertRepeated', 'AlertEscalated')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE alert_notices');
  }
}
