import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { ConsumerRunner } from '@app/event-store';
import type { ConsumerFreshness, Freshness } from '../apps/api/src/status/freshness';
import { controllablePostgres } from './support/pg-server';
import { disagreements, okSchema, type OpenApiDoc } from './support/openapi-schema';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * GET /api/v1/status/freshness over HTTP; the consumers run only when told, checkpoints and failures are set by SQL
 * (the events are real: the seed's and a progress report; the store refuses to rewrite them).
 */
describe('status: how fresh the figures are', () => {
  let t: TestApp;
  let pg: Client;
  let viewer: string;
  let lead: string;
  const sql = (text: string) => pg.query(text);
  const freshness = (token?: string | null) =>
    t.request('GET', '/api/v1/status/freshness', token === undefined ? {} : { token });
  const consumer = (body: Freshness, name: string): ConsumerFreshness | undefined =>
    body.consumers.find((c) => c.name === name);

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_SEED_ON_START: 'true' }, { startConsumers: false });
    const runner = t.app.get(ConsumerRunner);
    for (const name of runner.names()) while ((await runner.processBatch(runner.get(name))) > 0);
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    const r = await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: '观察员' } });
    viewer = r.body.token as string;
    const units: { id: string; name: string }[] = (await t.request('GET', '/api/v1/units')).body;
    const unit = units.find((u) => u.name === '市工业和信息化局')?.id;
    lead = (
      await t.request('POST', '/api/v1/tokens', { body: { role: 'reporter', name: '工信局填报员', unit } })
    ).body.token as string;
  }, 120_000);

  /** Every consumer to the head, as the worker would. */
  const catchUp = async () => {
    const runner = t.app.get(ConsumerRunner);
    for (const name of runner.names()) while ((await runner.processBatch(runner.get(name))) > 0);
  };
  /** When the event at `position` was recorded (ISO), and how many seconds ago, on the database's clock. */
  const recorded = async (position: number) => {
    const { rows } = await pg.query<{ at: Date; age: number }>(
      `SELECT recorded_at AS at, extract(epoch FROM now() - recorded_at)::float8 AS age
         FROM events WHERE global_position = $1`,
      [position],
    );
    return { at: rows[0]!.at.toISOString(), age: rows[0]!.age };
  };
  afterAll(async () => {
    await pg?.end();
    await t?.close();
  });

  it('asks for a token (401 problem+json)', async () => {
    const r = await freshness(null);
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status: 401, code: 'TOKEN_REQUIRED' });
  });

  it('every consumer at the head: current, for any role', async () => {
    const r = await freshness(viewer);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'current', notices: 'current', behindAfterSeconds: 30 });
    expect(r.body.consumers.map((c: { name: string }) => c.name)).toEqual([
      'plan-catalog',
      'milestone-board',
      'alerts-monitor',
      'alerts-notifier',
    ]);
    const board = consumer(r.body, 'milestone-board');
    expect(board).toMatchObject({ labelZh: '里程碑看板', affects: 'figures', state: 'current', lag: 0 });
    expect(board).toMatchObject({ failingSince: null, failures: null, failingPosition: null, error: null });
    expect(board).toMatchObject({ pendingSince: null, pendingSinceSeconds: null });
    expect(consumer(r.body, 'alerts-notifier')).toMatchObject({ affects: 'notices' });
  });

  it('after a quiet half hour, one fresh event not yet counted: current (its figures are seconds old)', async () => {
    await sql(`UPDATE consumer_checkpoints SET updated_at = now() - interval '30 minutes'
                WHERE name = 'milestone-board'`);
    const report = await t.request('POST', '/api/v1/milestones/sanqu-2020.T06-2021/progress', {
      token: lead,
      body: { percent: 30, narrative: '已举办推介会 1 场' },
    });
    expect(report.status).toBe(200);
    const r = await freshness(viewer);
    expect(r.body.state).toBe('current');
    const board = consumer(r.body, 'milestone-board');
    expect(board).toMatchObject({ state: 'current', lag: 1, pendingSince: (await recorded(board!.head)).at });
    expect(board?.secondsSinceUpdate).toBeGreaterThanOrEqual(1_799);
    expect(board?.pendingSinceSeconds).toBeLessThanOrEqual(30);

    await catchUp();
    expect(consumer((await freshness(viewer)).body, 'milestone-board')).toMatchObject({
      lag: 0,
      pendingSince: null,
      pendingSinceSeconds: null,
    });
  });

  it('a failure recorded on the checkpoint: failing, since when, retries, the event; the error for admins only', async () => {
    await sql(`UPDATE consumer_checkpoints SET failing_since = '2026-12-05T02:02:00Z', failures = 7,
                      last_error = 'TypeError: bad payload', failing_position = position + 1
                WHERE name = 'milestone-board'`);
    const office = await freshness(viewer);
    expect(office.status).toBe(200);
    expect(office.body.state).toBe('failing');
    const board = consumer(office.body, 'milestone-board');
    expect(board).toMatchObject({
      state: 'failing',
      failingSince: '2026-12-05T02:02:00.000Z',
      failures: 7,
      failingPosition: (board?.position ?? 0) + 1,
      error: null,
    });
    const admin = await freshness();
    expect(consumer(admin.body, 'milestone-board')).toMatchObject({ error: 'TypeError: bad payload' });
    const doc = (await t.request('GET', '/api/docs/openapi.json', { token: null })).body as OpenApiDoc;
    const schema = okSchema(doc, 'get', '/api/v1/status/freshness');
    expect(disagreements(doc, schema, admin.body, 'freshness', true)).toEqual([]);

    await sql(`UPDATE consumer_checkpoints SET failing_since = NULL, failures = NULL, last_error = NULL,
                      failing_position = NULL WHERE name = 'milestone-board'`);
    expect((await freshness(viewer)).body.state).toBe('current');
  });

  it('the notifier failing stops the notices, not the figures', async () => {
    await sql(`UPDATE consumer_checkpoints SET failing_since = now(), failures = 1, last_error = 'smtp'
                WHERE name = 'alerts-notifier'`);
    const r = await freshness(viewer);
    expect(r.body).toMatchObject({ state: 'current', notices: 'failing' });
    expect(consumer(r.body, 'alerts-notifier')).toMatchObject({ state: 'failing', failingPosition: null });
    await sql(`UPDATE consumer_checkpoints SET failing_since = NULL, failures = NULL, last_error = NULL
                WHERE name = 'alerts-notifier'`);
  });

  // A server the test stops (its child runs from dist/, which `npm test` builds first, as for readiness).
  it('a database outage: 503 problem+json with Retry-After, as every route', async () => {
    const pgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-e2e-freshness-'));
    fs.chmodSync(pgDir, 0o755);
    const server = controllablePostgres(pgDir, 'progress_monitor_freshness_outage_test');
    let app: TestApp | undefined;
    try {
      app = await startTestApp({}, { serverUrl: await server.start(), startConsumers: false });
      expect((await app.request('GET', '/api/v1/status/freshness')).status).toBe(200);
      await server.stop();
      const r = await app.request('GET', '/api/v1/status/freshness');
      expect(r.status).toBe(503);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
      await server.start();
    } finally {
      await app?.close();
      await server.close();
      fs.rmSync(pgDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('a checkpoint that just moved, its oldest pending event recorded over 30 s ago (a rebuild): behind', async () => {
    await sql(`UPDATE consumer_checkpoints SET position = position - 5 WHERE name = 'milestone-board'`);
    const { rows } = await pg.query<{ position: string }>(
      `SELECT position FROM consumer_checkpoints WHERE name = 'milestone-board'`,
    );
    const first = Number(rows[0]?.position) + 1;
    // The seed's events are seconds old: wait (at most 31 s, less as the last test) until the first pending one is
    // past 30 s.
    const { at, age } = await recorded(first);
    if (age < 31) await new Promise((res) => setTimeout(res, (31 - age) * 1000));
    await sql(`UPDATE consumer_checkpoints SET updated_at = now() WHERE name = 'milestone-board'`);
    const r = await freshness(viewer);
    expect(r.body.state).toBe('behind');
    const board = consumer(r.body, 'milestone-board');
    expect(board).toMatchObject({ state: 'behind', lag: 5, pendingSince: at, failingSince: null });
    expect(board?.position).toBe((board?.head ?? 0) - 5);
    expect(board?.secondsSinceUpdate).toBeLessThanOrEqual(1);
    expect(board?.pendingSinceSeconds).toBeGreaterThan(30);

    // Back where it was (those events are counted already).
    await sql(`UPDATE consumer_checkpoints SET position = position + 5 WHERE name = 'milestone-board'`);
    expect((await freshness(viewer)).body.state).toBe('current');
  }, 60_000);
});
