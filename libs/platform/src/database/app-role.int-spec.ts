import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { migrateAsOwner } from './run-migrations';

/** The error code PostgreSQL answers `sql` with (`undefined`: it succeeded). */
async function refusal(c: Client, sql: string): Promise<string | undefined> {
  try {
    await c.query(sql);
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

const EVENT = JSON.stringify([
  {
    eventId: '0b8f3e52-7c1d-4d5e-9a41-2c6f00000001',
    type: 'Probed',
    data: { 文字: '只许追加' },
    metadata: { occurredAt: '2021-01-01T00:00:00Z' },
  },
]);

describe('the application role (least privilege)', () => {
  let db: TestDatabase;
  let app: Client;
  let owner: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    expect(db.appUrl).not.toBe(db.url); // the test server's user may create roles (the embedded one may)
    const role = decodeURIComponent(new URL(db.appUrl).username);
    await migrateAsOwner(db.url, role);
    owner = new Client({ connectionString: db.url });
    await owner.connect();
    app = new Client({ connectionString: db.appUrl });
    await app.connect();
  });

  afterAll(async () => {
    await app.end();
    await owner.end();
    await db.drop();
  });

  it('appends and reads events, and PostgreSQL refuses it UPDATE, DELETE, TRUNCATE and disabling the trigger', async () => {
    await app.query(`SELECT * FROM pm_append('probe-1', 'no_stream', 0, $1::jsonb)`, [EVENT]);
    const rows = await app.query<{ n: string }>('SELECT count(*) AS n FROM events');
    expect(Number(rows.rows[0]!.n)).toBe(1);

    expect(await refusal(app, `UPDATE events SET type = 'Edited'`)).toBe('42501');
    expect(await refusal(app, 'DELETE FROM events')).toBe('42501');
    expect(await refusal(app, 'TRUNCATE events')).toBe('42501');
    expect(await refusal(app, 'ALTER TABLE events DISABLE TRIGGER events_append_only')).toBe('42501');
    expect(await refusal(app, 'ALTER TABLE events DISABLE TRIGGER ALL')).toBe('42501');
    expect(await refusal(app, 'DROP TABLE events')).toBe('42501');
    expect(await refusal(app, 'SET session_replication_role = replica')).toBe('42501');
    expect(await refusal(app, 'CREATE TABLE mine (x int)')).toBe('42501');
    expect(await refusal(app, 'SELECT * FROM migrations')).toBe('42501');

    const me = await app.query<{ rolsuper: boolean; owns: string }>(
      `SELECT r.rolsuper, (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owns
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(me.rows[0]).toEqual({ rolsuper: false, owns: '0' });
    const stillOne = await owner.query<{ n: string }>('SELECT count(*) AS n FROM events');
    expect(Number(stillOne.rows[0]!.n)).toBe(1);
  });

  it('reads and writes the other tables, and the tables of a later migration (default privileges)', async () => {
    await app.query(`INSERT INTO consumer_checkpoints (name, position) VALUES ('probe', 1)`);
    await app.query(`UPDATE consumer_checkpoints SET position = 2 WHERE name = 'probe'`);
    await app.query(`DELETE FROM consumer_checkpoints WHERE name = 'probe'`);

    await owner.query('CREATE TABLE later_read_model (id bigserial PRIMARY KEY, v text)');
    await app.query(`INSERT INTO later_read_model (v) VALUES ('新表')`);
    const later = await app.query<{ v: string }>('SELECT v FROM later_read_model');
    expect(later.rows).toEqual([{ v: '新表' }]);
  });

  it('migrating again (a second start) keeps the grants as they were', async () => {
    await migrateAsOwner(db.url, decodeURIComponent(new URL(db.appUrl).username));
    expect(await refusal(app, 'DELETE FROM events')).toBe('42501');
    expect(await refusal(app, 'SELECT count(*) FROM events')).toBeUndefined();
  });
});
