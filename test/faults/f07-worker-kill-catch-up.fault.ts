import type { Client } from 'pg';
import { waitFor } from '../support/service-process';
import { defineFault, seconds, Tally } from './harness/fault';
import { createToken } from './harness/http';
import { keyedCommands, milestoneIds, runKeyedLoad, verifyKeyed } from './harness/keyed-load';
import { consumerLag } from './harness/mail';

const BOARD = 'milestone-board';

/**
 * F7: the worker is away while 2,500 reports are accepted; a new worker catches up (the milestone board in
 * batches of 2,000 events) and is killed with SIGKILL in the middle of its second batch (held there by a row
 * lock the test takes, so the kill lands mid-transaction after the first batch committed). Another worker takes
 * over: every accepted report is in the board's timeline exactly once, every board row at its stream's version.
 */
export default defineFault({
  id: 'F7',
  title: 'worker killed mid catch-up',
  timeoutMs: 300_000,
  run: async (ctx) => {
    const t = new Tally();
    const db = await ctx.database();
    const api = ctx.service('f7-api', await ctx.serviceEnv(db, { PROCESS_ROLE: 'api' }));
    await api.ready();
    const pg = await ctx.pg(db.url);
    const workerEnv = await ctx.serviceEnv(db, { PROCESS_ROLE: 'worker' });
    const worker = (n: number) => ctx.service(`f7-worker-${n}`, workerEnv, 'scripts/worker.js');
    const first = worker(1);
    await waitFor(
      async () => (await consumerLag(pg)) === 0 && (await checkpoint(pg)) > 0,
      120_000,
      'seed projected',
    );
    await first.stop();

    // The backlog: reports on every milestone but X, then 20 on X, then 100 more.
    const ids = await milestoneIds(pg);
    const x = ids[0]!;
    const others = ids.slice(1);
    const commands = [
      ...keyedCommands('F7a', 2400, others),
      ...keyedCommands('F7x', 20, [x]),
      ...keyedCommands('F7b', 100, others),
    ];
    const token = await createToken(api.baseUrl, 'supervisor', '督查室');
    const answers = await runKeyedLoad({
      commands,
      lanes: 16,
      token,
      base: () => api.baseUrl,
      deadlineMs: 120_000,
    });

    const blocker = await ctx.pg(db.url);
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM rm_milestones WHERE milestone_id = $1 FOR UPDATE', [x]);
    const before = await checkpoint(pg);
    const second = worker(2);
    await waitFor(
      async () => (await checkpoint(pg)) > before && (await waitingOnLock(pg, second.name)),
      120_000,
      'second worker held in its second batch',
    );
    const at = await checkpoint(pg);
    const head = Number(
      (await pg.query<{ h: string }>('SELECT max(global_position) AS h FROM events')).rows[0]!.h,
    );
    t.note(`killed at board checkpoint ${at} of ${head} (from ${before})`);
    const killedAt = Date.now();
    await second.kill();
    const third = worker(3);
    await blocker.query('COMMIT');
    await waitFor(async () => (await consumerLag(pg)) === 0, 120_000, 'caught up again').catch((e: unknown) =>
      t.problem('unexpected', String(e)),
    );
    t.recoverySeconds = seconds(Date.now() - killedAt);

    await verifyKeyed(pg, commands, answers, t);
    const timeline = await pg.query<{ position: string; n: number }>(
      `SELECT e.global_position AS position, count(tl.position)::int AS n
         FROM events e LEFT JOIN rm_milestone_timeline tl ON tl.position = e.global_position
        WHERE e.type = 'ProgressReported' GROUP BY e.global_position HAVING count(tl.position) <> 1`,
    );
    for (const r of timeline.rows) {
      if (r.n === 0) t.problem('lost', `event ${r.position} not in the timeline`);
      else t.problem('dup', `event ${r.position} ${r.n} times in the timeline`, r.n - 1);
    }
    const stale = await pg.query<{ id: string; board: number; stream: number }>(
      `SELECT b.milestone_id AS id, b.stream_version AS board, s.v AS stream
         FROM rm_milestones b
         JOIN (SELECT stream_id, max(stream_version) AS v FROM events GROUP BY stream_id) s
           ON s.stream_id = 'milestone-' || b.milestone_id
        WHERE b.stream_version <> s.v`,
    );
    for (const r of stale.rows)
      t.problem('unexpected', `board ${r.id} at version ${r.board}, stream at ${r.stream}`);
    await third.stop();
    await api.stop();
    return t.result();
  },
});

async function checkpoint(pg: Client): Promise<number> {
  const r = await pg.query<{ position: string }>(
    'SELECT position FROM consumer_checkpoints WHERE name = $1',
    [BOARD],
  );
  return Number(r.rows[0]?.position ?? 0);
}

async function waitingOnLock(pg: Client, app: string): Promise<boolean> {
  const r = await pg.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
    [app],
  );
  return r.rows[0]!.n > 0;
}
