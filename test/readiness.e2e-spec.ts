import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { ConsumerRunner } from '@app/event-store';
import { controllablePostgres } from './support/pg-server';
import { waitFor } from './support/service-process';
import { startTestApp, type TestApp, type TestResponse } from './support/test-app';

jest.setTimeout(180_000);

const M = 'sanqu-2020.T06-2021';

/** A 503 problem+json of a database outage: Retry-After, a code, and nothing of the server's address. */
function expectOutage(r: TestResponse, port: number): void {
  expect(r.status).toBe(503);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(r.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', detailZh: expect.any(String) });
  expect(r.text).not.toMatch(
    new RegExp(`127\\.0\\.0\\.1|:${port}\\b|ECONNREFUSED|ENOENT|\\.s\\.PGSQL|postgres:`),
  );
}

describe('readiness and database outages', () => {
  it('is not ready until the seed plan is imported and served by the reference consumers', async () => {
    const t = await startTestApp({ IMPORT_SEED_ON_START: 'true' }, { startConsumers: false });
    try {
      const before = await t.request('GET', '/health/ready', { token: null });
      expect(before.status).toBe(503);
      expect(before.body).toEqual({ status: 'not_ready', database: 'up', reason: 'reference_data_pending' });
      t.app.get(ConsumerRunner).start();
      await waitFor(
        async () => (await t.request('GET', '/health/ready', { token: null })).status === 200,
        60_000,
        'ready once the consumers caught up',
      );
      // Ready means the seed is served: the units and zones are there at once.
      const units: { name: string }[] = (await t.request('GET', '/api/v1/units')).body;
      expect(units.map((u) => u.name)).toEqual(expect.arrayContaining(['市工业和信息化局', '市商务局']));
      expect((await t.request('GET', '/api/v1/zones')).body).toHaveLength(3);
      expect((await t.request('GET', `/api/v1/milestones/${M}/board`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('answers 503 problem+json with Retry-After (never 500) while the database is stopped, and recovers by itself', async () => {
    const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-e2e-outage-'));
    fs.chmodSync(pgDir, 0o755);
    const pg = controllablePostgres(pgDir, 'progress_monitor_outage_test');
    let t: TestApp | undefined;
    try {
      const serverUrl = await pg.start();
      const port = Number(new URL(serverUrl).port);
      t = await startTestApp({ IMPORT_SEED_ON_START: 'true' }, { serverUrl });
      const app = t;
      await waitFor(
        async () => (await app.request('GET', '/health/ready', { token: null })).status === 200,
        60_000,
        'ready',
      );
      // The service's connections are the application role's, not the owner's.
      const c = new Client({ connectionString: app.db.url });
      await c.connect();
      const users = await c.query<{ usename: string }>(
        'SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [app.db.name],
      );
      await c.end();
      expect(users.rows.map((r) => r.usename)).toEqual([`${app.db.name}_app`]);
      const reporter = await app.request('POST', '/api/v1/tokens', {
        body: { role: 'supervisor', name: '督查室' },
      });
      expect(reporter.status).toBe(201);

      await pg.stop();
      expectOutage(await app.request('GET', '/api/v1/units'), port);
      // A zone of the seed: known to the reference data read before ready, so the list itself needs the database.
      expectOutage(
        await app.request('GET', `/api/v1/milestones?zone=${encodeURIComponent('都市核心区')}`),
        port,
      );
      expectOutage(
        await app.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: '审计' } }),
        port,
      );
      expectOutage(
        await app.request('POST', `/api/v1/milestones/${M}/acceptance`, {
          token: reporter.body.token,
          headers: { 'idempotency-key': 'outage-1' },
          body: { note: '同意销号' },
        }),
        port,
      );
      const ready = await app.request('GET', '/health/ready', { token: null });
      expect(ready.status).toBe(503);
      expect(Number(ready.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(ready.body).toEqual({ status: 'not_ready', database: 'down', reason: 'unreachable' });
      expect(ready.text).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${port}`));

      await pg.start();
      await waitFor(
        async () => (await app.request('GET', '/health/ready', { token: null })).status === 200,
        60_000,
        'ready again',
      );
      expect((await app.request('GET', '/api/v1/units')).status).toBe(200);
      expect(
        (await app.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: '审计' } })).status,
      ).toBe(201);
    } finally {
      await t?.close();
      await pg.close();
      fs.rmSync(pgDir, { recursive: true, force: true });
    }
  });
});
