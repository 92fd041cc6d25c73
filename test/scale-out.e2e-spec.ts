import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { runCli } from './support/run-cli';
import { readyStatus, startService, waitFor, type RunningService } from './support/service-process';

jest.setTimeout(420_000);

const ADMIN = 'scale-out-admin-token-00000001';
const CONSUMER_LOCK_CLASS = 72620111;
const BOARD_TABLES = ['rm_milestones', 'rm_version_segments', 'rm_milestone_timeline', 'rm_health_history'];

/**
 * A board table as readers see it: the packs concatenated per assignment (a rebuild cuts them into other
 * segments than the live batches did), the board rows without their segment count.
 */
const boardContent = (t: string, name: string): string =>
  t === 'rm_version_segments'
    ? `SELECT milestone_id, assignment, string_agg(pack, ''::bytea ORDER BY position) AS pack FROM ${name}
        GROUP BY milestone_id, assignment`
    : t === 'rm_milestones'
      ? `SELECT to_jsonb(x) - 'segments' FROM ${name} x`
      : `SELECT * FROM ${name}`;

/**
 * Two API processes and two worker processes on one database; 2,000+ commands through both APIs;
 * the worker that holds the projections is killed with SIGKILL mid-load.
 */
describe('scale-out: api and worker apart, several instances', () => {
  let db: TestDatabase;
  let pg: Client;
  let dataDir: string;
  const procs: RunningService[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-scale-'));
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await pg.end();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const env = (name: string, extra: Record<string, string> = {}) => ({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    BOOTSTRAP_ADMIN_TOKEN: ADMIN,
    CONSUMER_POLL_MS: '250',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'log',
    PGAPPNAME: name,
    ...extra,
  });

  /** Which process (by PGAPPNAME) holds each consumer's lock right now. */
  async function lockHolders(): Promise<Map<string, string>> {
    const r = await pg.query<{ name: string; app: string }>(
      `SELECT c.name, a.application_name AS app
         FROM consumer_checkpoints c
         JOIN pg_locks l ON l.locktype = 'advisory' AND l.classid = $1 AND l.objid = hashtext(c.name)::oid AND l.granted
                        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         JOIN pg_stat_activity a ON a.pid = l.pid`,
      [CONSUMER_LOCK_CLASS],
    );
    return new Map(r.rows.map((x) => [x.name, x.app]));
  }

  async function lag(): Promise<number> {
    const r = await pg.query<{ lag: string }>(
      `SELECT coalesce(max((SELECT coalesce(max(global_position), 0) FROM events) - position), 0) AS lag
         FROM consumer_checkpoints`,
    );
    return Number(r.rows[0]!.lag);
  }

  it('every accepted command lands in the read models exactly once; a killed worker is replaced within 10 s', async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const api1 = startService(env('api-1', { PORT: String(p1), PROCESS_ROLE: 'api' }));
    procs.push(api1);
    await waitFor(async () => (await readyStatus(api1.baseUrl)) === 200, 90_000, 'api-1 ready');
    const api2 = startService(env('api-2', { PORT: String(p2), PROCESS_ROLE: 'api' }));
    const w1 = startService(env('worker-1', { PROCESS_ROLE: 'worker' }), 'scripts/worker.js');
    const w2 = startService(env('worker-2', { PROCESS_ROLE: 'worker' }), 'scripts/worker.js');
    procs.push(api2, w1, w2);
    await waitFor(async () => (await readyStatus(api2.baseUrl)) === 200, 90_000, 'api-2 ready');
    await waitFor(
      async () => (await lockHolders()).size >= 3 && (await lag()) === 0,
      60_000,
      'consumers caught up',
    );

    const call = async (base: string, method: string, url: string, body?: unknown) => {
      const r = await fetch(`${base}${url}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const sup = await call(api1.baseUrl, 'POST', '/api/v1/tokens', {
      role: 'supervisor',
      name: '负载测试-督查室',
    });
    const supToken = sup.body.token as string;
    const plan = await call(api1.baseUrl, 'GET', '/api/v1/tasks');
    // One lane entry per assignment (承办事项): a milestone of a 分别牵头 task has one per lead unit, and a report
    // on it names the assignment (the admin/supervisor leads none). 101 milestones, 194 assignments.
    const targets = (
      plan.body as unknown as { milestones: { id: string; assignments: { key: string }[] }[] }[]
    ).flatMap((t) =>
      t.milestones.flatMap((m) =>
        m.assignments.map((a) => ({ id: m.id, assignment: m.assignments.length > 1 ? a.key : undefined })),
      ),
    );
    expect(new Set(targets.map((x) => x.id)).size).toBe(101);
    expect(targets).toHaveLength(194);

    // 10 reports per assignment (10% … 100%), 8 lanes; one assignment's reports stay in order in one lane.
    const accepted: { milestoneId: string; assignment: string; version: number; position: number }[] = [];
    const lanes = Array.from({ length: 8 }, (_, lane) => targets.filter((_, i) => i % 8 === lane));
    let sent = 0;
    let killed: { name: string; at: number } | undefined;
    // Set before the lock holders are asked: lanes waiting on that answer at once must not kill twice (the second
    // answer could name the survivor, which has just taken over).
    let killing = false;
    let takeover: Promise<number> | undefined;
    const bases = [api1.baseUrl, api2.baseUrl];
    await Promise.all(
      lanes.map(async (ids, lane) => {
        for (let k = 1; k <= 10; k++) {
          for (const { id, assignment } of ids) {
            const base = bases[(sent++ + lane) % 2]!;
            const r = await fetch(`${base}/api/v1/milestones/${id}/progress`, {
              method: 'POST',
              headers: { authorization: `Bearer ${supToken}`, 'content-type': 'application/json' },
              body: JSON.stringify({ percent: k * 10, narrative: `负载测试 第${k}次 🚀`, assignment }),
            });
            expect(r.status).toBe(200);
            const result = (await r.json()) as { milestoneId: string; version: number; position: number };
            accepted.push({ ...result, assignment: assignment ?? '' });
            if (!killing && accepted.length >= 600) {
              killing = true;
              const holder = (await lockHolders()).get('milestone-board');
              const victim = holder === 'worker-1' ? w1 : holder === 'worker-2' ? w2 : undefined;
              if (!victim) killing = false;
              if (victim) {
                killed = { name: holder!, at: Date.now() };
                victim.child.kill('SIGKILL');
                // Watch for the takeover while the load goes on.
                const survivor = holder === 'worker-1' ? 'worker-2' : 'worker-1';
                takeover = waitFor(
                  async () => (await lockHolders()).get('milestone-board') === survivor,
                  20_000,
                  'takeover',
                ).then(() => Date.now() - killed!.at);
              }
            }
          }
        }
      }),
    );
    expect(accepted.length).toBe(1940);
    expect(killed).toBeDefined();

    // The standby took over the projections within 10 s of the kill.
    const survivor = killed!.name === 'worker-1' ? 'worker-2' : 'worker-1';
    const survivorProc = survivor === 'worker-1' ? w1 : w2;
    const tookMs = await takeover!.catch((e: unknown) => {
      throw new Error(`${String(e)}\n--- ${survivor} output ---\n${survivorProc.output().slice(-4000)}`, {
        cause: e,
      });
    });
    expect(tookMs).toBeLessThan(10_000);
    await waitFor(async () => (await lag()) === 0, 120_000, 'projections caught up').catch(
      async (e: unknown) => {
        const behind = await pg.query(
          `SELECT name, (SELECT max(global_position) FROM events) - position AS lag FROM consumer_checkpoints`,
        );
        throw new Error(
          `${String(e)}: ${JSON.stringify(behind.rows)}\n--- ${survivor} output ---\n${survivorProc.output().slice(-4000)}`,
          { cause: e },
        );
      },
    );

    // Exactly once: every accepted command's event is in the timeline once, and each board row is at the last version.
    const positions = accepted.map((a) => a.position);
    const timeline = await pg.query<{ n: string; distinct_n: string }>(
      'SELECT count(*) AS n, count(DISTINCT position) AS distinct_n FROM rm_milestone_timeline WHERE position = ANY($1::bigint[])',
      [positions],
    );
    expect(Number(timeline.rows[0]!.n)).toBe(1940);
    expect(Number(timeline.rows[0]!.distinct_n)).toBe(1940);
    // A board row per assignment, each at the version of its own last report.
    const board = await pg.query<{
      milestone_id: string;
      assignment: string;
      stream_version: number;
      percent: number;
    }>('SELECT milestone_id, assignment, stream_version, percent FROM rm_milestones');
    expect(board.rows).toHaveLength(194);
    const lastVersion = new Map<string, number>();
    const rowKey = (id: string, assignment: string) => `${id}/${assignment}`;
    for (const a of accepted) {
      const k = rowKey(a.milestoneId, a.assignment);
      lastVersion.set(k, Math.max(lastVersion.get(k) ?? 0, a.version));
    }
    for (const row of board.rows) {
      const k = rowKey(row.milestone_id, lastVersion.has(rowKey(row.milestone_id, '')) ? '' : row.assignment);
      expect({ row: k, v: row.stream_version, p: row.percent }).toEqual({
        row: k,
        v: lastVersion.get(k),
        p: 100,
      });
    }

    // No mail lost: whatever the alerts queued is delivered (files under DATA_DIR/mail without SMTP_URL).
    await waitFor(
      async () =>
        Number(
          (await pg.query(`SELECT count(*) AS n FROM alert_deliveries WHERE state <> 'sent'`)).rows[0].n,
        ) === 0,
      60_000,
      'outbox drained',
    );

    // Set difference against a rebuild = 0 rows.
    for (const p of procs) await p.stop();
    for (const t of BOARD_TABLES) await pg.query(`CREATE TABLE snap_${t} AS SELECT * FROM ${t}`);
    const rebuild = await runCli(['projections', 'rebuild', 'milestone-board'], { DATABASE_URL: db.url });
    expect(rebuild.code).toBe(0);
    for (const t of BOARD_TABLES) {
      const d = await pg.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM (${boardContent(t, t)} EXCEPT ALL ${boardContent(t, `snap_${t}`)}) a)
              + (SELECT count(*) FROM (${boardContent(t, `snap_${t}`)} EXCEPT ALL ${boardContent(t, t)}) b) AS n`,
      );
      expect({ table: t, difference: Number(d.rows[0]!.n) }).toEqual({ table: t, difference: 0 });
    }
  });
});
