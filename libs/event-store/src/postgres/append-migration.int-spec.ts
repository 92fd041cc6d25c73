import type { DataSource } from 'typeorm';
import { createTestDataSource, migrationNamed, MIGRATIONS } from '@app/platform/testing';
import { testEvent } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

const FUNCTIONS = ['pm_append', 'pm_append_batch', 'pm_event_canonical'];

/** The append functions' whole definitions and volatility, by name. */
async function definitions(ds: DataSource): Promise<Record<string, string>> {
  const rows = await ds.query<{ proname: string; def: string; volatile: string }[]>(
    `SELECT p.proname, pg_get_functiondef(p.oid) AS def, p.provolatile AS volatile
       FROM pg_proc p WHERE p.proname = ANY($1) ORDER BY p.proname`,
    [FUNCTIONS],
  );
  return Object.fromEntries(rows.map((r) => [r.proname, `${r.volatile}\n${r.def}`]));
}

describe('migration 1764889941000 (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let store: PostgresEventStore;

  beforeEach(async () => {
    // Migrated to just before 1764889941000: the append functions as the earlier migrations left them.
    const before = MIGRATIONS.filter((m) => m.name.slice(-13) < '1764889941000');
    const t = await createTestDataSource({ migrations: before });
    [ds, close] = [t.dataSource, t.close];
    store = new PostgresEventStore(ds);
  });
  afterEach(async () => close());

  it('goes up and down again, the functions after down exactly those before up, the chain appended across', async () => {
    const baseline = await definitions(ds);
    expect(Object.keys(baseline)).toEqual(FUNCTIONS);
    const Migration = migrationNamed('AppendBatchChainHead1764889941000');
    const migration = new Migration();
    const q = ds.createQueryRunner();
    try {
      await store.append('m', [testEvent()], 'no_stream');
      await migration.up(q);
      expect((await definitions(ds)).pm_append).toContain('FROM pm_append_batch(');
      await expect(store.append('m', [testEvent()], 1)).resolves.toMatchObject({ version: 2, position: 2 });
      await migration.down(q);
      expect(await definitions(ds)).toEqual(baseline);
      await expect(store.append('m', [testEvent()], 2)).resolves.toMatchObject({ version: 3, position: 3 });
      await migration.up(q);
      await expect(store.append('m', [testEvent()], 3)).resolves.toMatchObject({ version: 4, position: 4 });
      expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 4 });
    } finally {
      await q.release();
    }
  });
});

describe('migration 1764890100000, claims in the append (real PostgreSQL)', () => {
  it('goes up and down again, the functions after down exactly those before up; claims only while up', async () => {
    const before = MIGRATIONS.filter((m) => m.name.slice(-13) < '1764890100000');
    const { dataSource: ds, close } = await createTestDataSource({ migrations: before });
    const store = new PostgresEventStore(ds);
    const claim = { scope: 's', key: 'k', hash: 'h'.repeat(64) };
    const q = ds.createQueryRunner();
    try {
      const baseline = await definitions(ds);
      const migration = new (migrationNamed('AppendClaimsIdempotencyKey1764890100000'))();
      await migration.up(q);
      await expect(store.append('m', [testEvent()], 'no_stream', claim)).resolves.toMatchObject({
        version: 1,
      });
      await expect(store.append('m', [testEvent()], 1, claim)).rejects.toMatchObject({
        name: 'KeyClaimedError',
      });
      await migration.down(q);
      expect(await definitions(ds)).toEqual(baseline);
      await expect(store.append('m', [testEvent()], 1)).resolves.toMatchObject({ version: 2, position: 2 });
      await migration.up(q);
      expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 2 });
    } finally {
      await q.release();
      await close();
    }
  });
});
