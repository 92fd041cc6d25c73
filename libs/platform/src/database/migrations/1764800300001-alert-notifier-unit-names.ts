import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alerts notifier's own unit names (unit id → name), kept from PlanImported events in its checkpoint
 * transaction: mails name the units from what the notifier itself has read, never from another consumer's table
 * (which a replay may not have filled yet). Filled here from the PlanImported events already stored.
 */
export class AlertNotifierUnitNames1764800300001 implements MigrationInterface {
  name = 'AlertNotifierUnitNames1764800300001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE alert_unit_names (unit_id text PRIMARY KEY, name text NOT NULL)`);
    await q.query(`
      INSERT INTO alert_unit_names (unit_id, name)
      SELECT DISTINCT ON (u->>'id') u->>'id', u->>'name'
        FROM events e, jsonb_array_elements(e.data->'model'->'units') u
       WHERE e.type = 'PlanImported' AND u->>'id' IS NOT NULL AND u->>'name' IS NOT NULL
       ORDER BY u->>'id', e.global_position DESC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE alert_unit_names');
  }
}
