import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts: the `alerts` read model (one row per episode of an alert condition, kept by the consumer
 * `alerts-monitor`), the recipients (`alert_contacts`), the mail outbox (`alert_deliveries`, written by the
 * consumer `alerts-notifier`, emptied by the sender) and the alert events already told (`alert_notified_events`).
 */
export class Alerts1764460020000 implements MigrationInterface {
  name = 'Alerts1764460020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alerts (
        id text PRIMARY KEY,
        key text NOT NULL,
        episode_no integer NOT NULL,
        rule text NOT NULL,
        level text NOT NULL CHECK (level IN ('info', 'warning', 'critical')),
        milestone_id text NOT NULL,
        task_no integer NOT NULL,
        lead_units text[] NOT NULL,
        cooperating_units text[] NOT NULL,
        raised_on date NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
        acknowledged_at timestamptz,
        escalated_on date,
        repeats integer NOT NULL DEFAULT 0,
        last_notified_on date NOT NULL,
        resolved_on date,
        episode jsonb NOT NULL,
        CONSTRAINT alerts_key_episode_uq UNIQUE (key, episode_no)
      )`);
    await q.query('CREATE INDEX alerts_milestone_idx ON alerts (milestone_id)');
    await q.query('CREATE INDEX alerts_state_rule_idx ON alerts (state, rule)');
    await q.query('CREATE INDEX alerts_raised_on_idx ON alerts (raised_on)');
    await q.query('CREATE INDEX alerts_lead_units_idx ON alerts USING gin (lead_units)');
    await q.query('CREATE INDEX alerts_cooperating_units_idx ON alerts USING gin (cooperating_units)');
    await q.query(`
      CREATE TABLE alert_contacts (
        id bigserial PRIMARY KEY,
        scope text NOT NULL CHECK (scope IN ('unit', 'supervising_office', 'escalation')),
        unit_id text,
        name text NOT NULL,
        email text NOT NULL,
        position integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((scope = 'unit') = (unit_id IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX alert_contacts_uq ON alert_contacts (scope, coalesce(unit_id, ''), lower(email))`,
    );
    await q.query(`
      CREATE TABLE alert_deliveries (
        id uuid PRIMARY KEY,
        message_id text NOT NULL UNIQUE,
        run_id text NOT NULL,
        run_kind text NOT NULL,
        as_of date NOT NULL,
        recipient_email text NOT NULL,
        recipient_name text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        alert_ids text[] NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        dead_at timestamptz,
        CONSTRAINT alert_deliveries_run_recipient_uq UNIQUE (run_id, recipient_email)
      )`);
    await q.query(
      `CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE state = 'pending'`,
    );
    await q.query('CREATE INDEX alert_deliveries_state_idx ON alert_deliveries (state, created_at)');
    await q.query(`
      CREATE TABLE alert_notified_events (
        event_id uuid PRIMARY KEY,
        run_id text NOT NULL,
        notified_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE alert_notified_events');
    await q.query('DROP TABLE alert_deliveries');
    await q.query('DROP TABLE alert_contacts');
    await q.query('DROP TABLE alerts');
  }
}
