import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group robots (钉钉 / 企业微信 群机器人) per unit (`alert_robots`: webhook URL, DingTalk's 加签 secret), and a
 * channel on the outbox: `alert_deliveries` keeps mails (`mail`, as before) and robot messages (`dingtalk`,
 * `wecom`) with the same states, attempts, backoff and dead letters. A robot row's `recipient_email` is the
 * robot's key (`<kind>:<sha-256 of its URL, 32 hex>`): the outbox holds no token; the sender looks the URL and
 * secret up in `alert_robots` when it sends.
 */
export class AlertRobots1764801300000 implements MigrationInterface {
  name = 'AlertRobots1764801300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_robots (
        id bigserial PRIMARY KEY,
        unit_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('dingtalk', 'wecom')),
        url text NOT NULL,
        robot_key text NOT NULL,
        secret text,
        position integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alert_robots_unit_url_uq UNIQUE (unit_id, url)
      )`);
    await q.query('CREATE INDEX alert_robots_key_idx ON alert_robots (robot_key)');
    await q.query(`
      ALTER TABLE alert_deliveries
        ADD COLUMN channel text NOT NULL DEFAULT 'mail' CHECK (channel IN ('mail', 'dingtalk', 'wecom'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM alert_deliveries WHERE channel <> 'mail'`);
    await q.query('ALTER TABLE alert_deliveries DROP COLUMN channel');
    await q.query('DROP TABLE alert_robots');
  }
}
