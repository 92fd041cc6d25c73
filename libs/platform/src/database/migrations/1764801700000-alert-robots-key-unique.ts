import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The robots' webhook URL and DingTalk secret are now kept encrypted (AES-256-GCM, a random IV per value: see
 * `libs/alerts/src/robots/secret-box.ts`), so two saves of one URL differ: a unit's robots are unique by their
 * key (`robot_key`, the hash of the URL) instead of the stored URL. Rows saved before stay plain text until the
 * service's next start encrypts them (`ResealRobotsOnStart`).
 *
 * `down` puts the old constraint back, which needs plain text: it refuses while encrypted values exist (decrypting
 * needs SECRETS_KEY, which migrations do not have). Before a downgrade, delete the robots
 * (`DELETE FROM alert_robots`) and enter them again afterwards.
 */
export class AlertRobotsKeyUnique1764801700000 implements MigrationInterface {
  name = 'AlertRobotsKeyUnique1764801700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE alert_robots DROP CONSTRAINT alert_robots_unit_url_uq');
    await q.query(
      'ALTER TABLE alert_robots ADD CONSTRAINT alert_robots_unit_key_uq UNIQUE (unit_id, robot_key)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const rows = (await q.query(
      `SELECT count(*)::int AS n FROM alert_robots WHERE url LIKE 'enc:%' OR secret LIKE 'enc:%'`,
    )) as { n: number }[];
    if ((rows[0]?.n ?? 0) > 0) {
      throw new Error(
        `alert_robots holds ${rows[0]!.n} encrypted robot webhooks: the schema before encryption cannot read ` +
          'them. Delete the robots (DELETE FROM alert_robots), revert, then enter them again.',
      );
    }
    await q.query('ALTER TABLE alert_robots DROP CONSTRAINT alert_robots_unit_key_uq');
    await q.query('ALTER TABLE alert_robots ADD CONSTRAINT alert_robots_unit_url_uq UNIQUE (unit_id, url)');
  }
}
