/**
 * One request kind alone, for profiling (not a floor): runs FOCUS_KIND (default `command`) for FOCUS_SECONDS
 * (default 20) on BENCH_CONNECTIONS connections and prints req/s, the machine's idle share (/proc/stat), the
 * CPU per request of each process kind (BENCH_API_PROCESSES API processes in all), the API's append batches and
 * the backends waiting on a lock. With BENCH_CPU_PROF=<dir> the profiles hold (nearly) only that kind.
 *
 *   FOCUS_KIND=command node bench/event-store/run.js bench/http/focus.bench.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envNumber, openBenchDatabase } from '../event-store/bench-database';
import { fmt } from '../event-store/harness';
import { runBench, stopOnInterrupt } from '../event-store/interrupt';
import { processCpuSeconds, serverCpuSeconds } from '../event-store/process-cpu';
import { sampleLockWaits } from './lock-waits';
import {
  PG_STATEMENTS as STATEMENTS,
  PG_STATEMENTS_FLAGS,
  printStatements,
  resetStatements,
  topStatements,
} from './pg-statements';
import { childrenCpuSeconds, takeAllQueryCounts, takeQueryCounts } from './processes';
import { type RequestKind, requestKinds } from './requests';
import { growStreams, settle, startProcesses } from './setup';

const KIND = (process.env.FOCUS_KIND ?? 'command') as RequestKind;
const SECONDS = envNumber('FOCUS_SECONDS', 20);
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 8);
const RATE = envNumber('FOCUS_RATE', 0);

function machineTicks(): { idle: number; total: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { idle: cpu[3]! + cpu[4]!, total: cpu.reduce((a, b) => a + b, 0) };
}

/** [user, system] CPU seconds of a process. */
function userSystem(pid: number): [number, number] {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return [Number(f[11]) / 100, Number(f[12]) / 100];
}

/** CPU seconds of each PostgreSQL backend kind (application_name, else backend_type), live backends only. */
async function backendCpu(
  pg: { query(sql: string): Promise<{ rows: { pid: number; who: string; q: string }[] }> },
  perPid?: Map<number, { who: string; q: string; cpu: number }>,
) {
  const { rows } = await pg.query(
    `SELECT pid, coalesce(nullif(application_name, ''), backend_type) AS who,
            left(regexp_replace(coalesce(query, ''), '\\s+', ' ', 'g'), 60) AS q FROM pg_stat_activity`,
  );
  const by: Record<string, number> = {};
  for (const r of rows) {
    try {
      const [u, s] = userSystem(r.pid);
      by[r.who] = (by[r.who] ?? 0) + u + s;
      perPid?.set(r.pid, { who: r.who, q: r.q, cpu: u + s });
    } catch {
      // gone
    }
  }
  return by;
}

async function main(): Promise<void> {
  const db = await openBenchDatabase('pm-bench-focus-', STATEMENTS ? PG_STATEMENTS_FLAGS : []);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-bench-focus-data-'));
  // (the API, the worker and the database stop on an interruption by themselves: processes.ts, bench-database.ts)
  stopOnInterrupt(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const s = await startProcesses(db.url, dataDir);
  try {
    const longIds = Array.from(
      { length: CONNECTIONS },
      (_, c) => s.milestoneIds.filter((_, i) => i % CONNECTIONS === c)[0]!,
    );
    if (KIND === 'commandLong') await growStreams(s.pg, longIds, envNumber('BENCH_LONG_STREAM_EVENTS', 1000));
    if (process.env.FOCUS_ASYNC_COMMIT === '1') {
      await s.pg.query(`ALTER SYSTEM SET synchronous_commit = off`);
      await s.pg.query(`SELECT pg_reload_conf()`);
    }
    // FOCUS_SQL: statements run before the burst (an experiment: an index dropped, a setting changed).
    if (process.env.FOCUS_SQL) await s.pg.query(process.env.FOCUS_SQL);
    const noWorker = process.env.FOCUS_NO_WORKER === '1';
    if (noWorker) await s.worker.stop();
    const { kinds, close } = requestKinds(s, CONNECTIONS, longIds);
    const op = kinds[KIND];
    // FOCUS_RATE: requests per second offered in all (each connection paced to its share), instead of each
    // connection sending its next request as soon as it has the answer: versions compared at one rate batch alike.
    const interval = RATE > 0 ? (1000 * CONNECTIONS) / RATE : 0;
    // How long the consumers took to reach the head after the burst's last answer (polled every 20 ms).
    let tail = 0;
    const burst = async (ms: number) => {
      const start = Date.now();
      const end = start + ms;
      let n = 0;
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async (_, c) => {
          for (let k = 0; Date.now() < end; k++) {
            const wait = start + (k + c / CONNECTIONS) * interval - Date.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            const one = await op(c); // not `n += await op(c)`: that reads n before the await
            n += one;
          }
        }),
      );
      const last = Date.now();
      if (!noWorker) await settle(s.pg);
      tail = Date.now() - last;
      return n;
    };
    await burst(3000);
    const cpu = async () => ({
      api: childrenCpuSeconds(s.apis),
      worker: noWorker ? 0 : processCpuSeconds(s.worker.process.pid!),
      bare: childrenCpuSeconds(s.bares),
      bench: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
      postgres: await serverCpuSeconds(async (q) => (await s.pg.query(q)).rows),
    });
    const apiUserSystem = () =>
      s.apis.map((a) => userSystem(a.process.pid!)).reduce(([u, y], [u1, y1]) => [u + u1, y + y1], [0, 0]);
    const us0 = apiUserSystem();
    const ws0 = noWorker ? [0, 0] : userSystem(s.worker.process.pid!);
    const p0 = new Map<number, { who: string; q: string; cpu: number }>();
    const p1 = new Map<number, { who: string; q: string; cpu: number }>();
    const b0 = await backendCpu(s.pg, p0);
    if (STATEMENTS) await resetStatements(s.pg);
    if (!noWorker) await takeQueryCounts(s.worker);
    await takeAllQueryCounts(s.apis);
    const locks = await sampleLockWaits(s.url);
    const c0 = await cpu();
    const m0 = machineTicks();
    const t0 = Date.now();
    const n = await burst(SECONDS * 1000);
    const wall = (Date.now() - t0) / 1000;
    const m1 = machineTicks();
    const c1 = await cpu();
    const us1 = apiUserSystem();
    const lockLine = await locks.stop();
    // The API processes' append batches (a group commit per process): statements per request, and the time until
    // each answered (the append lock's wait included).
    const appends = (await takeAllQueryCounts(s.apis)).byCategory['append (pm_append_batch)'];
    const appendLine = appends
      ? `API append batches (${s.apis.length} process(es)): ${fmt(n / appends.statements, 2)} requests per batch, ` +
        `${fmt(appends.ms / appends.statements, 2)} ms until answered\n`
      : '';
    const ws1 = noWorker ? [0, 0] : userSystem(s.worker.process.pid!);
    const b1 = await backendCpu(s.pg, p1);
    // Per consumer: requests per batch that read under the lock (the burst's events per batch, for a consumer of
    // every type), and its peeks per request.
    const batchLine = noWorker
      ? ''
      : Object.entries((await takeQueryCounts(s.worker)).batches)
          .map(([c, b]) => `${c} ${fmt(n / Math.max(1, b.locked), 1)} (peeks ${fmt(b.peeks / n, 3)})`)
          .join(', ');
    // FOCUS_BACKENDS=1: each live backend's CPU per request, with its last statement.
    const perBackend =
      process.env.FOCUS_BACKENDS === '1'
        ? [...p1]
            .map(([pid, b]) => ({ ...b, pid, ms: (1000 * (b.cpu - (p0.get(pid)?.cpu ?? 0))) / n }))
            .filter((b) => b.ms > 0.0005)
            .sort((a, b) => b.ms - a.ms)
            .map((b) => `  ${b.pid} ${b.who} ${fmt(b.ms, 3)}  ${b.q}`)
            .join('\n') + '\n'
        : '';
    const backends = Object.keys(b1)
      .map((k) => `${k} ${fmt((1000 * (b1[k]! - (b0[k] ?? 0))) / n, 3)}`)
      .join(', ');
    const tables = await s.pg.query<{ relname: string; ins: string; upd: string; hot: string; idx: string }>(
      `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot,
              (SELECT count(*) FROM pg_index i WHERE i.indrelid = t.relid) AS idx
         FROM pg_stat_user_tables t WHERE n_tup_ins + n_tup_upd > 0 ORDER BY n_tup_ins + n_tup_upd DESC LIMIT 8`,
    );
    const tableLine = tables.rows
      .map((r) => `${r.relname} ins ${r.ins} upd ${r.upd} (HOT ${r.hot}), ${r.idx} indexes`)
      .join('\n');
    const statements = STATEMENTS
      ? printStatements(await topStatements(s.pg, n, envNumber('FOCUS_STATEMENTS', 15)))
      : '';
    const peeks = STATEMENTS
      ? (
          await s.pg.query<{ consumer: string; calls: string }>(
            // (pg_stat_statements replaces the consumer's name by a parameter and merges the consumers whose
            // peeks differ only in it: those are listed together, as `consumers`.)
            `SELECT coalesce(substring(query from 'name = ''([^'']+)'''), 'consumers') AS consumer, calls
               FROM pg_stat_statements
              WHERE query LIKE 'WITH cp AS (SELECT position, moves FROM consumer_checkpoints%' ORDER BY calls DESC`,
          )
        ).rows
          .map((r) => `${r.consumer} ${fmt(Number(r.calls) / n, 3)}`)
          .join(', ')
      : '';
    close();
    const line = Object.keys(c0)
      .map((k) => `${k} ${fmt((1000 * (c1[k as keyof typeof c1] - c0[k as keyof typeof c0])) / n, 3)}`)
      .join(', ');
    process.stdout.write(
      `${KIND}: ${fmt(n / wall, 0)} req/s over ${fmt(wall, 1)} s; machine idle ${fmt((100 * (m1.idle - m0.idle)) / (m1.total - m0.total), 1)} %\n` +
        `CPU ms per request: ${line}\n` +
        `api user ${fmt((1000 * (us1[0] - us0[0])) / n, 3)}, system ${fmt((1000 * (us1[1] - us0[1])) / n, 3)}; ` +
        `worker user ${fmt((1000 * (ws1[0]! - ws0[0]!)) / n, 3)}, system ${fmt((1000 * (ws1[1]! - ws0[1]!)) / n, 3)}\n` +
        `PostgreSQL backends, CPU ms per request: ${backends}\n${perBackend}${appendLine}${lockLine}\n` +
        `requests per locked batch (and peeks per request), by consumer: ${batchLine}; consumers at the head ${tail} ms after the last answer\n` +
        `${tableLine}\n${statements}\npeeks per request: ${peeks}\n`,
    );
  } finally {
    await s.stop();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// A failure (its setup's included, before main's own cleanup begins) stops what was started, then exits 1.
runBench(main);
