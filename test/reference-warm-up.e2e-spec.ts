import { DataSource } from 'typeorm';
import { ConsumerRunner } from '@app/event-store';
import { BoardWarmUp } from '@app/read-models';
import { readiness, seededDatabase } from './support/board-warm-up';
import { waitFor } from './support/service-process';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(180_000);

/*
 * Ready means ready for the first filtered question or roll-up too: the reference data they check and label by (a
 * DISTINCT over the board table in PostgreSQL, about a second at 100,000 milestones) is read before readiness says
 * ready (`ReferenceDataWarmUp`), and read after the seed plan is served (units named by the plan, not by their ids).
 * The reference read is recognised by its statement (the service's own DataSource, called through).
 */

const REFERENCE_READ = /SELECT DISTINCT z FROM rm_milestones/;

/** The reference reads the service has sent since the spy was set. */
function referenceReads(spy: jest.SpyInstance): number {
  return spy.mock.calls.filter((c) => REFERENCE_READ.test(String(c[0]))).length;
}

async function expectReadyForQuestions(t: TestApp, spy: jest.SpyInstance): Promise<void> {
  await waitFor(async () => (await readiness(t)).status === 'ready', 60_000, 'ready');
  expect(referenceReads(spy)).toBe(1);
  spy.mockClear();

  const zones = await t.request('GET', '/api/v1/stats/zones');
  expect(zones.status).toBe(200);
  expect(zones.body.groups.length).toBeGreaterThan(1);
  const units = await t.request('GET', '/api/v1/stats/units');
  expect(units.status).toBe(200);
  // Labelled by the plan as served: the units' names, not their ids.
  expect(units.body.groups.map((g: { name: string }) => g.name)).toEqual(
    expect.arrayContaining(['市工业和信息化局', '市商务局']),
  );
  const list = await t.request(
    'GET',
    `/api/v1/milestones?zone=${encodeURIComponent(zones.body.groups[0].key)}`,
  );
  expect(list.status).toBe(200);
  expect(list.body.total).toBeGreaterThan(0);
  // None of them waited for the reference data: it was read before ready.
  expect(referenceReads(spy)).toBe(0);
}

describe('the reference data read before ready', () => {
  it('a fresh start (PROCESS_ROLE=all, the seed imported): read once the plan is served, not again by the first questions', async () => {
    const t = await startTestApp({ IMPORT_SEED_ON_START: 'true' }, { startConsumers: false });
    try {
      const spy = jest.spyOn(t.app.get(DataSource), 'query');
      expect(await readiness(t)).toEqual({
        status: 'not_ready',
        database: 'up',
        reason: 'reference_data_pending',
      });
      t.app.get(ConsumerRunner).start();
      await expectReadyForQuestions(t, spy);
    } finally {
      await t.close();
    }
  });

  it('a query process (PROCESS_ROLE=api) on a served database: read with the board, not again by the first questions', async () => {
    const db = await seededDatabase();
    let t: TestApp | undefined;
    try {
      t = await startTestApp({ PROCESS_ROLE: 'api' }, { database: db, startConsumers: false });
      await expectReadyForQuestions(t, jest.spyOn(t.app.get(DataSource), 'query'));
    } finally {
      await t?.close();
      await db.drop();
    }
  });

  it('a slow read: probes do not wait for it (not ready meanwhile), five at once start one read', async () => {
    const db = await seededDatabase();
    let t: TestApp | undefined;
    try {
      t = await startTestApp({ PROCESS_ROLE: 'api' }, { database: db, startConsumers: false });
      const app = t;
      await waitFor(async () => app.app.get(BoardWarmUp).ready, 60_000, 'the board loaded');
      const ds = app.app.get(DataSource);
      const query = ds.query.bind(ds);
      // The reference read takes 2 s (a busy database at 100,000 milestones), other statements as they come.
      const spy = jest.spyOn(ds, 'query').mockImplementation(async (sql: string, ...rest: unknown[]) => {
        if (REFERENCE_READ.test(sql)) await new Promise((r) => setTimeout(r, 2_000));
        return query(sql, ...(rest as [unknown[]]));
      });
      const started = Date.now();
      const probes = await Promise.all([1, 2, 3, 4, 5].map(() => readiness(app)));
      expect(Date.now() - started).toBeLessThan(1_000);
      for (const p of probes) expect(p).toMatchObject({ status: 'not_ready', reason: 'board_loading' });
      await waitFor(async () => (await readiness(app)).status === 'ready', 10_000, 'ready');
      expect(referenceReads(spy)).toBe(1);
    } finally {
      await t?.close();
      await db.drop();
    }
  });
});
