/**
 * Read-models benchmark: rebuild rate of the `milestone-board` projection and latency of the queries over
 * 100,000 milestones and 2,000,000 events.
 *
 *   node bench/read-models/run.js bench/read-models/read-models.bench.ts
 *
 * Phases: (1) generate the events (random but plausible streams, `randomMilestoneStream`: reports, delays,
 * submissions, acceptances, returns, re-baselines, plan revisions, cancellations, backdated reports; 13 % of the
 * milestones led separately (分别牵头) by 2–7 units: `generate-events.ts`), written
 * straight into `events` in position order — groups of milestones interleaved by time — with multi-row
 * INSERTs (pm_append would take most of an hour here and is measured by bench/event-store; the hash columns
 * are placeholders, so `events verify` would fail on this database); (2) `VACUUM ANALYZE`; (3) rebuild:
 * `ConsumerRunner.rebuild` of the real projection (what `projections rebuild` runs: stream by stream, one transaction), timed;
 * (4) `VACUUM ANALYZE`, then each query repeated, alternating, through the real query services
 * (`bench-queries.ts`): stats per dimension now, lists with filters now, stats, lists and an agenda as of a past date
 * and as known at a past instant, single milestones; cold after a progress report was projected, and warm; (5) the
 * built service started as a query process (PROCESS_ROLE=api) on the same database: the time from its spawn to
 * `/health/ready` (the board loaded in the background) and its first questions after that (`start-to-ready.ts`).
 *
 * Env: BENCH_DATABASE_URL (a server where a scratch database may be created and dropped; default: a fresh
 * embedded PostgreSQL in a temp dir), BENCH_MILESTONES (default 100000), BENCH_EVENTS (default 2000000),
 * BENCH_RUNS (timed runs per query, default 40), BENCH_KEEP=1 (keep the embedded database's directory).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStoreModule } from '@app/event-store';
import { FixedClock, loadConfig, PlatformModule, type PlatformOptions } from '@app/platform';
import { PlansModule } from '@app/plans';
import { MILESTONE_BOARD_CONSUMER, ReadModelsModule } from '@app/read-models';
import { envNumber, openBenchDatabase } from '../event-store/bench-database';
import { fmt, machine, round } from '../event-store/harness';
import { runBench } from '../event-store/interrupt';
import { serverCpuSeconds } from '../event-store/process-cpu';
import { generateEvents } from './generate-events';
import { startToReady } from './start-to-ready';
import { floorsOf, queryPhase } from './query-phase';

const MILESTONES = envNumber('BENCH_MILESTONES', 100_000);
const EVENTS = envNumber('BENCH_EVENTS', 2_000_000);
const RUNS = envNumber('BENCH_RUNS', 40);
const WARMUP = 3;
const TODAY = '2024-12-31';

const log = (line: string) => process.stdout.write(`${line}\n`);

@Module({})
class BenchModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    return {
      module: BenchModule,
      imports: [PlatformModule.forRoot(opts), EventStoreModule, PlansModule, ReadModelsModule],
    };
  }
}

type App = Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

/** The machine and the server's settings, logged. */
async function describeSetup(ds: DataSource, where: string, loadBefore: number[]) {
  const setting = async (name: string) =>
    ((await ds.query<Record<string, string>[]>(`SHOW ${name}`))[0] ?? {})[name] ?? '?';
  const postgres = {
    serverVersion: await setting('server_version'),
    sharedBuffers: await setting('shared_buffers'),
    workMem: await setting('work_mem'),
    fsync: await setting('fsync'),
    synchronousCommit: await setting('synchronous_commit'),
    maxParallelWorkersPerGather: await setting('max_parallel_workers_per_gather'),
    where,
  };
  const host = machine();
  log(
    `${host.cpuModel}, ${host.cores} cores, ${host.ramGiB} GiB RAM, Node ${host.node}, load ${loadBefore.join(' ')}`,
  );
  log(`PostgreSQL ${postgres.serverVersion} (${postgres.where}), shared_buffers ${postgres.sharedBuffers}`);
  if (loadBefore[0]! > 0.5 * host.cores)
    log(`warning: the machine is busy (load ${loadBefore[0]}): figures will be noisy`);
  return { postgres, host };
}

/** Rebuild, as `projections rebuild milestone-board` does it: wall time, CPU of Node and of the server, table sizes. */
async function rebuildPhase(app: App, ds: DataSource) {
  const runner = app.get(ConsumerRunner);
  // Open the pool's connections first, so that the server CPU of every backend used is counted.
  await Promise.all(Array.from({ length: 4 }, () => ds.query('SELECT pg_sleep(0.05)')));
  const cpuBefore = process.cpuUsage();
  const serverBefore = await serverCpuSeconds((sql) => ds.query(sql));
  const t0 = Date.now();
  let lastShown = 0;
  const { events: applied } = await runner.rebuild(MILESTONE_BOARD_CONSUMER, (done, total) => {
    if (process.stderr.isTTY && Date.now() - lastShown > 1000) {
      lastShown = Date.now();
      const rate = done / ((Date.now() - t0) / 1000);
      process.stderr.write(`\rrebuild: ${fmt(done)} / ${fmt(total)} (${fmt(rate)} events/s)   `);
    }
  });
  const seconds = (Date.now() - t0) / 1000;
  if (process.stderr.isTTY) process.stderr.write('\n');
  const cpu = process.cpuUsage(cpuBefore);
  const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const serverCpu = (await serverCpuSeconds((sql) => ds.query(sql))) - serverBefore;
  log(`rebuild: ${fmt(applied)} events in ${fmt(seconds, 1)} s = ${fmt(applied / seconds)} events/s`);
  log(
    `  CPU: Node ${fmt(nodeCpuSeconds, 1)} s, PostgreSQL ${fmt(serverCpu, 1)} s ` +
      `(${fmt(applied / (nodeCpuSeconds + serverCpu))} events per CPU-second)`,
  );
  await ds.query(
    'VACUUM ANALYZE rm_milestones, rm_version_segments, rm_milestone_timeline, rm_health_history',
  );
  const tables = (
    await ds.query<{ table: string; rows: string; bytes: string }[]>(
      `SELECT relname AS table, n_live_tup AS rows, pg_total_relation_size(relid) AS bytes
         FROM pg_stat_user_tables
        WHERE relname IN ('rm_milestones', 'rm_version_segments', 'rm_milestone_timeline', 'rm_health_history')
        ORDER BY relname`,
    )
  ).map((r) => ({ table: r.table, rows: Number(r.rows), mib: round(Number(r.bytes) / 2 ** 20, 1) }));
  for (const t of tables) log(`  ${t.table}: ${fmt(t.rows)} rows, ${fmt(t.mib, 1)} MiB`);
  const rebuild = {
    events: applied,
    seconds: round(seconds, 1),
    eventsPerSecond: round(applied / seconds, 0),
    nodeCpuSeconds: round(nodeCpuSeconds, 1),
    postgresCpuSeconds: round(serverCpu, 1),
  };
  return { rebuild, tables };
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg().map((x) => round(x, 2));
  const db = await openBenchDatabase('pm-bench-rm-pg-');
  const config = loadConfig({ IMPORT_SEED_ON_START: 'false', LOG_LEVEL: 'warn' });
  const clock = new FixedClock(`${TODAY}T04:00:00Z`);
  // The service's own modules (DI, TypeORM data source with migrations), as the CLI builds them.
  const app = await NestFactory.createApplicationContext(
    BenchModule.forRoot({ config, databaseUrl: db.url, clock }),
    { logger: ['error', 'warn'] },
  );
  try {
    const ds = app.get(DataSource);
    const { postgres, host } = await describeSetup(ds, db.where, loadBefore);
    const t0 = Date.now();
    const generated = await generateEvents(ds, MILESTONES, EVENTS);
    const generateSeconds = (Date.now() - t0) / 1000;
    log(
      `generated ${fmt(generated.events)} events for ${fmt(generated.milestones)} milestones in ` +
        `${fmt(generateSeconds, 1)} s (${fmt(generated.backdated)} backdated; ${fmt(generated.separately)} ` +
        `led separately, ${fmt(generated.assignments)} assignments in all)`,
    );
    await ds.query('VACUUM ANALYZE events');
    const { rebuild, tables } = await rebuildPhase(app, ds);
    const queries = await queryPhase(app, ds, generated.events, {
      milestones: MILESTONES,
      runs: RUNS,
      warmup: WARMUP,
      today: TODAY,
      log,
    });
    const floors = floorsOf(rebuild.eventsPerSecond, queries, log);
    log('');
    const start = await startToReady(db.url, log);

    const date = new Date().toISOString().slice(0, 10);
    const out = path.resolve(__dirname, '..', 'results', `read-models-${date}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const report = {
      benchmark: 'read-models',
      date: new Date().toISOString(),
      durationSeconds: round((Date.now() - started) / 1000, 1),
      config: {
        milestones: MILESTONES,
        events: EVENTS,
        runs: RUNS,
        warmup: WARMUP,
        today: TODAY,
        batchSize: 2000,
      },
      machine: { ...host, loadBefore, loadAfter: os.loadavg().map((x) => round(x, 2)) },
      postgres,
      generated: { ...generated, seconds: round(generateSeconds, 1) },
      rebuild,
      tables,
      queries,
      floors,
      start,
    };
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nresults: ${path.relative(process.cwd(), out)} (${report.durationSeconds} s in all)`);
  } finally {
    await app.close();
    await db.close(); // (on an interruption, bench-database.ts closes it: interrupt.ts)
  }
}

// A failure stops what was started (its database), then exits 1.
runBench(main);
