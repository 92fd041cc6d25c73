import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { freePort } from '@app/platform';
import { envNumber } from '../event-store/bench-database';
import { type Child, serviceNodeFlags, startChild, waitUntil } from './processes';

export const TOKEN = `bench-http-${randomUUID()}`;

/** API processes (PROCESS_ROLE=api, a port each); docker-compose.yml runs 2 replicas. */
export const API_PROCESSES = envNumber('BENCH_API_PROCESSES', 1);
/** Bare servers: the floor's two variants use the first alone, or both. */
export const BARE_PROCESSES = 2;

/** The API processes, the worker process and the bare servers, all on one database. */
export interface Setup {
  readonly url: string;
  readonly pg: Client;
  readonly apis: readonly Child[];
  readonly worker: Child;
  readonly bares: readonly Child[];
  readonly apiUrls: readonly string[];
  readonly bareUrls: readonly string[];
  readonly milestoneIds: string[];
  stop(): Promise<void>;
}

/**
 * The service as docker-compose runs it: API_PROCESSES API processes (PROCESS_ROLE=api, started at once as the
 * replicas are: the migrations' lock, the seed import's idempotent append and the contacts' and robots' locks
 * let one of them import the seed plan) and a worker process with the consumers, so the statements of the request
 * path and of the consumers are counted apart. Then the bare servers, one after the other (each creates its table).
 * Returns once the seed plan is imported and every consumer has caught up.
 */
export async function startProcesses(url: string, dataDir: string): Promise<Setup> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const apiPorts: number[] = [];
  for (let i = 0; i < API_PROCESSES; i++) apiPorts.push(await freePort());
  const barePorts: number[] = [];
  for (let i = 0; i < BARE_PROCESSES; i++) barePorts.push(await freePort());
  const env = {
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    // Required with an external DATABASE_URL: the API and the worker share the robots' key.
    SECRETS_KEY: randomBytes(32).toString('base64'),
    BOOTSTRAP_ADMIN_TOKEN: TOKEN,
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
  };
  // The service runs with its V8 flags (`npm start`'s); the bare servers, the floor, with Node's defaults.
  const nodeFlags = serviceNodeFlags();
  const children: Child[] = [];
  const stop = async () => {
    for (const c of children.reverse()) await c.stop();
    await pg.end().catch(() => undefined);
  };
  try {
    const apis = apiPorts.map((port) =>
      startChild(
        'bench/http/service.ts',
        {
          ...env,
          BENCH_SERVICE_ENTRY: 'apps/api/src/main.ts',
          PROCESS_ROLE: 'api',
          PGAPPNAME: 'bench-api',
          PORT: String(port),
          HOST: '127.0.0.1',
        },
        true,
        nodeFlags,
      ),
    );
    children.push(...apis);
    const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
    for (const [i, api] of apis.entries()) {
      await waitUntil(
        async () => (await fetch(`${apiUrls[i]}/health/ready`)).status === 200,
        `API ${i + 1} ready`,
        180_000,
        api,
      );
    }
    const worker = startChild(
      'bench/http/service.ts',
      {
        ...env,
        BENCH_SERVICE_ENTRY: 'apps/worker/src/main.ts',
        PROCESS_ROLE: 'worker',
        PGAPPNAME: 'bench-worker',
      },
      true,
      nodeFlags,
    );
    children.push(worker);
    await waitUntil(
      async () => worker.output().includes('worker running'),
      'worker running',
      180_000,
      worker,
    );
    await waitUntil(
      async () => Number((await pg.query('SELECT count(*) AS n FROM plan_milestones')).rows[0].n) > 0,
      'seed plan imported',
      180_000,
      apis[0],
    );
    await settle(pg);
    const bares: Child[] = [];
    for (const port of barePorts) {
      const bare = startChild('bench/http/bare-server.ts', {
        BARE_DATABASE_URL: url,
        BARE_PORT: String(port),
        PGAPPNAME: 'bench-bare',
      });
      children.push(bare);
      bares.push(bare);
      await waitUntil(async () => bare.output().includes('listening'), 'bare server', 60_000, bare);
    }
    const ids = await pg.query<{ id: string }>(
      // Separately led milestones (分别牵头) need an assignment per command; the bench reports on the others.
      `SELECT id FROM plan_milestones WHERE NOT withdrawn
         AND (jsonb_array_length(coalesce(data->'leadUnits', '[]')) <= 1 OR data->>'leadMode' = 'jointly')
       ORDER BY id`,
    );
    return {
      url,
      pg,
      apis,
      worker,
      bares,
      apiUrls,
      bareUrls: barePorts.map((port) => `http://127.0.0.1:${port}`),
      milestoneIds: ids.rows.map((r) => r.id),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Until every consumer (projections, alerts monitor, notifier) has reached the head of the store. */
export async function settle(pg: Client): Promise<void> {
  await waitUntil(async () => {
    const { rows } = await pg.query<{ head: string; low: string }>(
      `SELECT (SELECT coalesce(max(global_position), 0) FROM events) AS head,
              (SELECT coalesce(min(position), 0) FROM consumer_checkpoints) AS low`,
    );
    return Number(rows[0]!.low) >= Number(rows[0]!.head);
  }, 'consumers caught up');
}

/**
 * Grows each milestone's stream to at least `events` events with progress reports written straight through
 * `pm_append` (in chunks; the same chain and NOTIFY as any append), then waits for the consumers.
 */
export async function growStreams(
  pg: Client,
  milestoneIds: readonly string[],
  events: number,
): Promise<void> {
  const CHUNK = 250;
  for (const id of milestoneIds) {
    for (let done = 0; done < events; done += CHUNK) {
      const batch = Array.from({ length: Math.min(CHUNK, events - done) }, (_, i) => ({
        eventId: randomUUID(),
        type: 'ProgressReported',
        data: {
          percent: Math.floor(((done + i) * 50) / events),
          narrative: `【长事件流】第 ${done + i + 1} 次报告`,
        },
        metadata: {
          occurredAt: new Date(Date.UTC(2021, 0, 1) + (done + i) * 60_000).toISOString(),
          actor: { system: 'bench' },
        },
      }));
      await pg.query(`SELECT * FROM pm_append($1, 'any', NULL, $2::jsonb)`, [
        `milestone-${id}`,
        JSON.stringify(batch),
      ]);
    }
  }
  await settle(pg);
}
