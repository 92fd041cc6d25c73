import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@app/platform';
import { startSeededService } from './support/seeded-service';
import { ADMIN_TOKEN, type TestApp } from './support/test-app';
import { readyStatus, startService, waitFor, type RunningService } from './support/service-process';

jest.setTimeout(180_000);

/** The event store's append lock (pm_append): held by the test, every append waits for it. */
const APPEND_LOCK = 72620110;
const VICTIM = 'idempotency-victim';

/**
 * A milestone command's append claims its Idempotency-Key (with its events, in one transaction). A duplicate sent to
 * another process while the first is at it gets the first answer. A key claimed by a process killed before it could
 * answer: the retry (to another process) takes the key over at once, instead of waiting 15 s for a 409 "in
 * progress". Either way the command is recorded once and every answer is the same.
 */
describe('Idempotency-Key across a crash (a real service process, killed with SIGKILL)', () => {
  let a: TestApp;
  let svc: RunningService;
  let blocker: Client;
  let supervisor: string;
  let dataDir: string;
  const M = 'sanqu-2020.T06-2021'; // one lead unit (T05 is 分别牵头: its commands name an assignment)

  beforeAll(async () => {
    a = await startSeededService({ RATE_LIMIT_PER_MINUTE: '1000000' });
    supervisor = (await a.request('POST', '/api/v1/tokens', { body: { role: 'supervisor', name: '督查室' } }))
      .body.token;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-idem-crash-'));
    svc = startService({
      DATABASE_URL: a.db.url,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      PROCESS_ROLE: 'api',
      IMPORT_SEED_ON_START: 'false',
      BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN,
      PGAPPNAME: VICTIM,
    });
    await waitFor(async () => (await readyStatus(svc.baseUrl)) === 200, 90_000, 'service ready');
    blocker = new Client({ connectionString: a.db.url });
    await blocker.connect();
  }, 90_000);
  afterAll(async () => {
    if (svc?.child.exitCode === null) svc.child.kill('SIGKILL');
    await blocker?.query('ROLLBACK').catch(() => undefined);
    await blocker?.end();
    await a?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (base: string, key: string, narrative: string) =>
    fetch(`${base}/api/v1/milestones/${M}/progress`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${supervisor}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify({ percent: 30, narrative }),
    }).then(async (r) => ({ status: r.status, text: await r.text() }));
  const claim = async (key: string) =>
    (
      await blocker.query<{ owner: number | null; status: number | null }>(
        'SELECT owner, status FROM idempotency_keys WHERE key = $1',
        [key],
      )
    ).rows[0];
  /** Whether the victim's append waits for the append lock the test holds. */
  const victimWaits = async (): Promise<boolean> => {
    await blocker.query('SELECT pg_stat_clear_snapshot()'); // (read afresh: the blocker is in a transaction)
    const { rows } = await blocker.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
      [VICTIM],
    );
    return rows.length > 0;
  };
  const recorded = async (narrative: string): Promise<number> =>
    (
      (await a.request('GET', `/api/v1/milestones/${M}/history`)).body as { data: { narrative?: string } }[]
    ).filter((e) => e.data.narrative === narrative).length;

  it('owner alive: a duplicate sent to another process waits for the first answer and gets the same one', async () => {
    await blocker.query('BEGIN');
    await blocker.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
    const first = send(svc.baseUrl, 'alive-1', '首次报送（进程存活）');
    await waitFor(victimWaits, 20_000, "the first request's append waiting");
    const duplicate = send(a.baseUrl, 'alive-1', '首次报送（进程存活）');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await claim('alive-1')).toBeUndefined(); // claimed by an append, none committed yet
    await blocker.query('ROLLBACK');
    const [r1, r2] = await Promise.all([first, duplicate]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r2.text).toBe(r1.text);
    expect(await recorded('首次报送（进程存活）')).toBe(1);
    // The request that lost the race took the recorded key over (ownerless, unanswered) and stored its answer.
    await waitFor(async () => (await claim('alive-1'))?.status === 200, 5_000, 'answer stored');
  });

  it('owner killed mid-command: the retries are served at once (200, same answer), the command recorded once', async () => {
    await blocker.query('BEGIN');
    await blocker.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
    const first = send(svc.baseUrl, 'crash-1', '首次报送（进程被杀）').catch(() => 'connection lost');
    await waitFor(victimWaits, 20_000, "the first request's append waiting");
    svc.child.kill('SIGKILL');
    await svc.exited;
    expect(await first).toBe('connection lost'); // the client saw the connection drop: it will retry
    // PostgreSQL has noticed the dead process's idle connections (its append may still wait for the lock).
    let left: unknown[] = [];
    await waitFor(
      async () => {
        // The blocker is in a transaction, where pg_stat_activity is read once and kept: read it afresh each time.
        await blocker.query('SELECT pg_stat_clear_snapshot()');
        left = (
          await blocker.query(
            `SELECT pid, state, wait_event_type, wait_event, left(query, 80) AS query FROM pg_stat_activity
              WHERE application_name = $1 AND wait_event_type IS DISTINCT FROM 'Lock'`,
            [VICTIM],
          )
        ).rows;
        return left.length === 0;
      },
      20_000,
      'dead connections gone',
    ).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}; still there: ${JSON.stringify(left)}`);
    });
    await blocker.query('ROLLBACK');
    // The dead process's append, first in the lock's queue, commits its claim and events; no answer follows.
    await waitFor(async () => (await claim('crash-1'))?.status === null, 20_000, 'key claimed');
    const started = Date.now();
    const retries = await Promise.all(
      Array.from({ length: 5 }, () => send(a.baseUrl, 'crash-1', '首次报送（进程被杀）')),
    );
    const took = Date.now() - started;
    expect(retries.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(retries.map((r) => r.text)).size).toBe(1);
    expect(took).toBeLessThan(5000);
    expect(await recorded('首次报送（进程被杀）')).toBe(1);
  });
});
