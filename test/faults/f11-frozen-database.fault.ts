import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from 'pg';
import { controllablePostgres } from '../support/pg-server';
import { defineFault, type Tally } from './harness/fault';
import { createToken } from './harness/http';
import { runKeyedFault } from './harness/keyed-fault';
import { milestoneIds } from './harness/keyed-load';

const QUERY_TIMEOUT_MS = 2000;
/** A new connection gives up after 5 s (the pool's connectionTimeoutMillis), then a statement after the timeout. */
const BOUND_MS = 5000 + QUERY_TIMEOUT_MS + 2000;
const FROZEN_MS = 12_000;

/**
 * F11: keyed load while the database server is frozen (SIGSTOP of the postmaster and its children: no error, no
 * answer) for 12 s, then thawed. Every request must be answered within a bound, a command or a read 503
 * DATABASE_UNAVAILABLE (reason timeout, Retry-After), never a hang or a 500; after the thaw every command ends
 * recorded once, answered 200 (a command that timed out but committed later is answered by its retry).
 */
export default defineFault({
  id: 'F11',
  title: 'database frozen (SIGSTOP) and thawed',
  timeoutMs: 240_000,
  run: async (ctx) => {
    const server = controllablePostgres(ctx.tempDir('pg'), 'progress_monitor_f11_test');
    ctx.onCleanup(() => server.close());
    const url = await server.start();
    const env = await ctx.serviceEnv(null, {
      DATABASE_URL: url,
      DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
    });
    return runKeyedFault(ctx, {
      prefix: 'F11',
      allowed5xx: [503],
      start: async () => {
        const svc = ctx.service('f11', env);
        await svc.ready();
        return { svc, databaseUrl: url };
      },
      strike: async (target, t, pg) => {
        const base = target.svc.baseUrl;
        const probe: Probe = {
          milestoneId: (await milestoneIds(pg))[0]!,
          token: await createToken(base, 'supervisor', '督查室'),
          key: 'F11-probe',
          narrative: 'F11 冻结期间的报送',
        };
        const pids = await serverProcesses(pg);
        signal(pids, 'SIGSTOP');
        ctx.onCleanup(async () => signal(pids, 'SIGCONT'));
        try {
          await Promise.all([
            expectBounded503(t, 'GET', `${base}/api/v1/milestones/${probe.milestoneId}`, probe.token),
            expectBounded503(
              t,
              'POST',
              `${base}/api/v1/milestones/${probe.milestoneId}/progress`,
              probe.token,
              probe,
            ),
          ]);
          await new Promise((r) => setTimeout(r, FROZEN_MS));
        } finally {
          signal(pids, 'SIGCONT');
        }
        await target.svc.ready();
        await retryProbe(base, probe, pg, t);
        return target;
      },
    });
  },
});

/** The postmaster (from postmaster.pid) and every process it started. */
async function serverProcesses(pg: Client): Promise<number[]> {
  const dir = (await pg.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
  const postmaster = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' })
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);
  return [postmaster, ...children];
}

function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // gone
    }
  }
}

interface Probe {
  readonly milestoneId: string;
  readonly token: string;
  readonly key: string;
  readonly narrative: string;
}

const send = (method: string, url: string, token: string, probe?: Probe): Promise<Response> =>
  fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(probe ? { 'content-type': 'application/json', 'idempotency-key': probe.key } : {}),
    },
    ...(probe ? { body: JSON.stringify({ percent: 50, narrative: probe.narrative }) } : {}),
    signal: AbortSignal.timeout(BOUND_MS + 30_000),
  });

/** Sent while the database is frozen: a 503 DATABASE_UNAVAILABLE with Retry-After within the bound. */
async function expectBounded503(
  t: Tally,
  method: string,
  url: string,
  token: string,
  probe?: Probe,
): Promise<void> {
  const at = Date.now();
  const r = await send(method, url, token, probe).catch(() => undefined);
  const ms = Date.now() - at;
  const body = r ? await r.text() : '';
  const what = `${method} ${new URL(url).pathname} while frozen`;
  t.note(`${what}: ${r?.status ?? 'no answer'} in ${ms} ms`);
  if (r?.status !== 503 || ms > BOUND_MS)
    t.problem('unexpected', `${what}: ${r?.status ?? 'no answer'} after ${ms} ms`);
  else if (!r.headers.get('retry-after') || !/DATABASE_UNAVAILABLE/.test(body) || /not recorded/i.test(body))
    t.problem('unexpected', `${what}: 503 without Retry-After or code: ${body}`);
}

/** The command refused while frozen, sent again with its key after the thaw: 200, recorded once. */
async function retryProbe(base: string, probe: Probe, pg: Client, t: Tally): Promise<void> {
  let r = await send('POST', `${base}/api/v1/milestones/${probe.milestoneId}/progress`, probe.token, probe);
  for (let i = 0; i < 50 && r.status >= 500; i++) {
    await new Promise((res) => setTimeout(res, 200));
    r = await send('POST', `${base}/api/v1/milestones/${probe.milestoneId}/progress`, probe.token, probe);
  }
  const n = (
    await pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE type = 'ProgressReported' AND data->>'narrative' = $1`,
      [probe.narrative],
    )
  ).rows[0]!.n;
  t.note(`the frozen command retried: ${r.status}, recorded ${n} time(s)`);
  if (r.status !== 200) t.problem('unexpected', `the frozen command retried: ${r.status} ${await r.text()}`);
  if (n !== 1) t.problem(n === 0 ? 'lost' : 'dup', `the frozen command recorded ${n} times`);
}
