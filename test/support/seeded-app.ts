import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { EventStore } from '@app/event-store';
import { PlanImportService } from '@app/plans';
import type { FixedClock } from '@app/platform';
import { installDatabaseClock, type DatabaseClock } from '@app/reports/testing';
import { ROOT } from './run-cli';
import { waitFor } from './service-process';
import { startTestApp, type TestApp } from './test-app';

/** The plan the service imports on a fresh database (江门 三区并进 2020–2022). */
export const SEED_PLAN = path.join(ROOT, 'seeds/jiangmen-sanqu-2020-2022.txt');

/** A new token of this role (bound to `unit` for a reporter), made by the admin over HTTP. */
export async function createToken(t: TestApp, role: string, name: string, unit?: string): Promise<string> {
  const r = await t.request('POST', '/api/v1/tokens', { body: { role, name, ...(unit ? { unit } : {}) } });
  expect(r.status).toBe(201);
  return r.body.token as string;
}

/**
 * The service on a fresh database with the test's clock and the database's clock (`installDatabaseClock`) both
 * at `start`, the seed plan imported over HTTP and the unit catalogue served.
 */
export async function startSeededAppAt(
  clock: FixedClock,
  start = '2020-01-05T02:00:00Z',
): Promise<{ t: TestApp; dbClock: DatabaseClock }> {
  const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, { clock });
  const dbClock = await installDatabaseClock(t.db.url);
  clock.set(start);
  await dbClock.set(start);
  const imp = await t.request('POST', '/api/v1/plans:import', {
    body: { document: fs.readFileSync(SEED_PLAN, 'utf8'), sourceName: 'seed' },
  });
  expect(imp.status).toBe(200);
  await waitFor(async () => (await t.request('GET', '/api/v1/units')).status === 200, 20_000, 'catalogue');
  return { t, dbClock };
}

/**
 * The service mailing through `smtpUrl` (links to https://pm.example.org), the seed plan imported directly, and a
 * supervisor's token: where the alerts' delivery tests start.
 */
export async function startMailingApp(
  smtpUrl: string,
): Promise<{ t: TestApp; ds: DataSource; store: EventStore; supervisor: string }> {
  const t = await startTestApp({ SMTP_URL: smtpUrl, BASE_URL: 'https://pm.example.org' });
  const store = t.app.get(EventStore);
  await t.app.get(PlanImportService).importDocument(fs.readFileSync(SEED_PLAN, 'utf8'), {
    actor: { system: 'test' },
  });
  const supervisor = await createToken(t, 'supervisor', '督查室');
  return { t, ds: t.app.get(DataSource), store, supervisor };
}
