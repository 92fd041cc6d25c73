import type { DataSource } from 'typeorm';
import { createTestDataSource } from '@app/platform/testing';
import { PostgresEventStore } from './postgres-event-store';
import { testEvent } from '../testing/event-store.contract';

import { runCli } from '../../../../test/support/run-cli';

describe('tamper evidence (real PostgreSQL)', () => {
  let ds: DataSource;
  let url: string;
  let close: () => Promise<void>;
  let store: PostgresEventStore;

  beforeEach(async () => {
    const t = await createTestDataSource();
    ds = t.dataSource;
    url = t.db.url;
    close = t.close;
    store = new PostgresEventStore(ds);
    for (let i = 1; i <= 10; i++) {
      await store.append(
        `m-${i % 3}`,
        [testEvent('ProgressReported', { percent: i * 10, narrative: `第${i}次进展 ✅` })],
        'any',
      );
    }
  });
  afterEach(async () => close());

  /** What only a superuser can do: switch the append-only trigger off and change history. */
  async function asSuperuser(sql: string): Promise<void> {
    await ds.query('ALTER TABLE events DISABLE TRIGGER events_append_only');
    await ds.query(sql);
    await ds.query('ALTER TABLE events ENABLE TRIGGER events_append_only');
  }

  it('refuses UPDATE, DELETE and TRUNCATE on events', async () => {
    await expect(ds.query(`UPDATE events SET type = 'X' WHERE global_position = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(ds.query('DELETE FROM events WHERE global_position = 1')).rejects.toThrow(/append-only/);
    await expect(ds.query('TRUNCATE events')).rejects.toThrow(/append-only/);
    expect(await store.verifyChain()).toMatchObject({ ok: true, checked: 10 });
  });

  it('an intact store verifies, through the CLI too (exit 0)', async () => {
    const r = await runCli(['events', 'verify'], { DATABASE_URL: url });
    expect(r.stdout).toContain('OK: hash chain intact, 10 events');
    expect(r.code).toBe(0);
  });

  it('an edited payload is reported at its position, by verifyChain and by the CLI (exit 1)', async () => {
    await asSuperuser(
      `UPDATE events SET data = jsonb_set(data, '{percent}', '100') WHERE global_position = 4`,
    );
    expect(await store.verifyChain()).toMatchObject({ ok: false, brokenAt: 4, checked: 3 });
    const r = await runCli(['events', 'verify'], { DATABASE_URL: url });
    expect(r.stdout).toContain('BROKEN at position 4');
    expect(r.code).toBe(1);
  });

  it('a deleted row is reported where the gap is', async () => {
    await asSuperuser('DELETE FROM events WHERE global_position = 6');
    expect(await store.verifyChain()).toMatchObject({ ok: false, brokenAt: 6 });
    const r = await runCli(['events', 'verify'], { DATABASE_URL: url });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BROKEN at position 6');
  });

  it('two swapped rows are reported at the first of them', async () => {
    await asSuperuser(`
      UPDATE events SET global_position = 1000 WHERE global_position = 3;
      UPDATE events SET global_position = 3 WHERE global_position = 7;
      UPDATE events SET global_position = 7 WHERE global_position = 1000;`);
    expect(await store.verifyChain()).toMatchObject({ ok: false, brokenAt: 3 });
    const r = await runCli(['events', 'verify'], { DATABASE_URL: url });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BROKEN at position 3');
  });

  it('a re-hashed edit still breaks the link to the next event', async () => {
    // Even a forger who recomputes the edited row's hash breaks the next row's prev_hash.
    await asSuperuser(
      `UPDATE events SET data = '{"percent": 99}', hash = repeat('a', 64) WHERE global_position = 5`,
    );
    const v = await store.verifyChain();
    expect(v.ok).toBe(false);
    expect(v.brokenAt).toBe(5);
  });
});
