/**
 * Read-models benchmark: rebuild rate of the `milestone-board` projection and latency of the queries over
 * 100,000 milestones and 2,000,000 events.
 *
 *   node bench/read-models/run.js bench/read-models/read-models.bench.ts
 *
 * Phases: (1) generate the events (random but plausible streams, `randomMilestoneStream`: reports, delays,
 * submissions, acceptances, returns, re-baselines, plan revisions, cancellations, backdated reports), written
 * straight into `events` in position order — groups of milestones interleaved by time — with multi-row
 * INSERTs (pm_append would take most of an hour here and is measured by bench/event-store; the hash columns
 * are placeholders, so `events verify` would fail on this database); (2) `VACUUM ANALYZE`; (3) rebuild:
 * `ConsumerRunner.rebuild` of the real projection (what `projections rebuild` runs: stream by stream, one transaction), timed;
 * (4) `VACUUM ANALYZE`, then each query repeated, alternating, through the real query services:
 * stats per dimension now, stats as of a past date and as known at a past instant, milestone lists with filters.
 *
 * Env: BENCH_DATABASE_URL (a server where a scratch database may be created and dropped; default: a fresh
 * embedded PostgreSQL in a temp dir), BENCH_MILESTONES (default 100000), BENCH_EVENTS (default 2000000),
 * BENCH_RUNS (timed runs per query, default 40), BENCH_KEEP=1 (keep the embedded database's directory).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStore, EventStoreModule } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';
import { FixedClock, loadConfig, PlatformModule, type PlatformOptions } from '@app/platform';
import { PlansModule } from '@app/plans';
import {
  HealthHistoryQueries,
  MILESTONE_BOARD_CONSUMER,
  MilestoneBoardQueries,
  MilestoneStatsQueries,
  ReadModelsModule,
  STATS_DIMENSIONS,
} from '@app/read-models';
import { randomMilestoneStream, seededRandom } from '@app/read-models/testing';
import { envNumber, openBenchDatabase } from '../event-store/bench-database';
import { fmt, machine, percentile, round, table } from '../event-store/harness';
import { serverCpuSeconds } from '../event-store/process-cpu';

const MILESTONES = envNumber('BENCH_MILESTONES', 100_000);
const EVENTS = envNumber('BENCH_EVENTS', 2_000_000);
const RUNS = envNumber('BENCH_RUNS', 40);
const WARMUP = 3;
const GROUP = 5_000;
const INSERT_CHUNK = 5_000;
const TODAY = '2024-12-31';
const HASH = '0'.repeat(64);
const SAMPLE_ID = `b${String(Math.floor(MILESTONES / 2)).padStart(6, '0')}`;

const log = (line: string) => process.stdout.write(`${line}\n`);

interface Row {
  global_position: number;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/** Generates and writes the events; returns how many. */
async function generate(ds: DataSource): Promise<{ events: number; milestones: number; backdated: number }> {
  const rng = seededRandom(2_000_000);
  let position = 0;
  let backdated = 0;
  let recorded = Date.parse('2024-01-01T00:00:00Z');
  for (let g = 0; g < MILESTONES; g += GROUP) {
    const rows: { row: Omit<Row, 'global_position' | 'recorded_at'>; at: number }[] = [];
    for (let i = g; i < Math.min(MILESTONES, g + GROUP); i++) {
      // Aim at the running target: the events still owed, spread over the milestones still to come; the last
      // milestone takes exactly what is owed (kept open, so that its stream has every event it is given).
      const owed = EVENTS - position - rows.length;
      const last = i === MILESTONES - 1;
      const n = last
        ? Math.max(0, owed - 1)
        : Math.max(1, Math.round((owed / (MILESTONES - i)) * (0.5 + rng())) - 1);
      const id = `b${String(i).padStart(6, '0')}`;
      const stream = randomMilestoneStream(rng, {
        milestoneId: id,
        events: n,
        backdatedShare: 0.05,
        openFor: last ? n : Math.floor(n * 0.7),
      });
      stream.forEach((s, v) => {
        if (s.event.backdated) backdated++;
        rows.push({
          at: s.recordedMs,
          row: {
            stream_id: milestoneStreamId(id),
            stream_version: v + 1,
            event_id: randomUUID(),
            type: s.event.type,
            data: s.event.data,
            metadata: {
              occurredAt: s.event.occurredAt,
              actor: { role: 'reporter', unit: 'bench' },
              ...(s.event.backdated ? { backdated: true } : {}),
            },
            prev_hash: HASH,
            hash: HASH,
          },
        });
      });
    }
    // Interleaved by time within the group, as units report; each stream stays in its own order.
    rows.sort(
      (a, b) =>
        a.at - b.at ||
        (a.row.stream_id < b.row.stream_id ? -1 : 1) ||
        a.row.stream_version - b.row.stream_version,
    );
    for (let c = 0; c < rows.length; c += INSERT_CHUNK) {
      const chunk: Row[] = rows.slice(c, c + INSERT_CHUNK).map(({ row }) => ({
        ...row,
        global_position: ++position,
        recorded_at: new Date((recorded += 1)).toISOString(),
      }));
      await ds.query(
        `INSERT INTO events (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at, prev_hash, hash)
         SELECT global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at, prev_hash, hash
           FROM jsonb_to_recordset($1::jsonb) AS x(global_position bigint, stream_id text, stream_version integer,
             event_id uuid, type text, data jsonb, metadata jsonb, recorded_at timestamptz, prev_hash text, hash text)`,
        [JSON.stringify(chunk)],
      );
    }
    if (process.stderr.isTTY)
      process.stderr.write(`\rgenerated ${fmt(position)} events, ${fmt(g + GROUP)} milestones`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  return { events: position, milestones: MILESTONES, backdated };
}

interface Latency {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  runs: number;
}

interface QueryResult {
  name: string;
  /** The first query after an event was projected: the SQL runs. */
  cold: Latency;
  /** The same query again at the same position: answered from the position-keyed cache. */
  warm: Latency;
  rows: number;
}

function latency(t: number[]): Latency {
  return {
    p50Ms: round(percentile(t, 50), 1),
    p95Ms: round(percentile(t, 95), 1),
    maxMs: round(Math.max(...t), 1),
    runs: t.length,
  };
}

/**
 * Each query `RUNS` times cold (an event is appended and projected first, so the cache is of no use) and
 * `RUNS` times warm; rounds alternate the queries, so drift and outside load hit them alike.
 */
async function timeQueries(
  queries: { name: string; run: () => Promise<number> }[],
  tick: () => Promise<void>,
): Promise<QueryResult[]> {
  const cold = new Map<string, number[]>(queries.map((q) => [q.name, []]));
  const warm = new Map<string, number[]>(queries.map((q) => [q.name, []]));
  const rows = new Map<string, number>();
  for (let r = 0; r < WARMUP; r++) for (const q of queries) rows.set(q.name, await q.run());
  const timed = async (q: { run: () => Promise<number> }) => {
    const t0 = process.hrtime.bigint();
    await q.run();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let r = 0; r < RUNS; r++) {
    for (const q of queries) {
      await tick();
      cold.get(q.name)!.push(await timed(q));
      warm.get(q.name)!.push(await timed(q));
    }
  }
  return queries.map((q) => ({
    name: q.name,
    cold: latency(cold.get(q.name)!),
    warm: latency(warm.get(q.name)!),
    rows: rows.get(q.name) ?? 0,
  }));
}

@Module({})
class BenchModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    return {
      module: BenchModule,
      imports: [PlatformModule.forRoot(opts), EventStoreModule, PlansModule, ReadModelsModule],
    };
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg().map((x) => round(x, 2));
  const db = await openBenchDatabase('pm-bench-rm-pg-');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await db.close();
  };
  process.once('SIGINT', () => {
    void close().finally(() => process.exit(130));
  });
  const config = loadConfig({ IMPORT_SEED_ON_START: 'false', LOG_LEVEL: 'warn' });
  const clock = new FixedClock(`${TODAY}T04:00:00Z`);
  // The service's own modules (DI, TypeORM data source with migrations), as the CLI builds them.
  const app = await NestFactory.createApplicationContext(
    BenchModule.forRoot({ config, databaseUrl: db.url, clock }),
    { logger: ['error', 'warn'] },
  );
  try {
    const ds = app.get(DataSource);
    const setting = async (name: string) =>
      ((await ds.query<Record<string, string>[]>(`SHOW ${name}`))[0] ?? {})[name] ?? '?';
    const postgres = {
      serverVersion: await setting('server_version'),
      sharedBuffers: await setting('shared_buffers'),
      workMem: await setting('work_mem'),
      fsync: await setting('fsync'),
      synchronousCommit: await setting('synchronous_commit'),
      maxParallelWorkersPerGather: await setting('max_parallel_workers_per_gather'),
      where: db.where,
    };
    const host = machine();
    log(
      `${host.cpuModel}, ${host.cores} cores, ${host.ramGiB} GiB RAM, Node ${host.node}, load ${loadBefore.join(' ')}`,
    );
    log(`PostgreSQL ${postgres.serverVersion} (${postgres.where}), shared_buffers ${postgres.sharedBuffers}`);
    if (loadBefore[0]! > 0.5 * host.cores)
      log(`warning: the machine is busy (load ${loadBefore[0]}): figures will be noisy`);

    // -- 1. generate
    let t0 = Date.now();
    const generated = await generate(ds);
    const generateSeconds = (Date.now() - t0) / 1000;
    log(
      `generated ${fmt(generated.events)} events for ${fmt(generated.milestones)} milestones in ` +
        `${fmt(generateSeconds, 1)} s (${fmt(generated.backdated)} backdated)`,
    );
    await ds.query('VACUUM ANALYZE events');

    // -- 2. rebuild, as `projections rebuild milestone-board` does it
    const runner = app.get(ConsumerRunner);
    // Open the pool's connections first, so that the server CPU of every backend used is counted.
    await Promise.all(Array.from({ length: 4 }, () => ds.query('SELECT pg_sleep(0.05)')));
    const cpuBefore = process.cpuUsage();
    const serverBefore = await serverCpuSeconds((sql) => ds.query(sql));
    t0 = Date.now();
    let lastShown = 0;
    const { events: applied } = await runner.rebuild(MILESTONE_BOARD_CONSUMER, (done, total) => {
      if (process.stderr.isTTY && Date.now() - lastShown > 1000) {
        lastShown = Date.now();
        const rate = done / ((Date.now() - t0) / 1000);
        process.stderr.write(`\rrebuild: ${fmt(done)} / ${fmt(total)} (${fmt(rate)} events/s)   `);
      }
    });
    const rebuildSeconds = (Date.now() - t0) / 1000;
    if (process.stderr.isTTY) process.stderr.write('\n');
    const rebuildRate = applied / rebuildSeconds;
    const cpu = process.cpuUsage(cpuBefore);
    const nodeCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const serverCpu = (await serverCpuSeconds((sql) => ds.query(sql))) - serverBefore;
    log(`rebuild: ${fmt(applied)} events in ${fmt(rebuildSeconds, 1)} s = ${fmt(rebuildRate)} events/s`);
    log(
      `  CPU: Node ${fmt(nodeCpuSeconds, 1)} s, PostgreSQL ${fmt(serverCpu, 1)} s ` +
        `(${fmt(applied / (nodeCpuSeconds + serverCpu))} events per CPU-second)`,
    );
    await ds.query('VACUUM ANALYZE rm_milestones, rm_milestone_timeline, rm_health_history');
    const tables = (
      await ds.query<{ table: string; rows: string; bytes: string }[]>(
        `SELECT relname AS table, n_live_tup AS rows, pg_total_relation_size(relid) AS bytes
           FROM pg_stat_user_tables
          WHERE relname IN ('rm_milestones', 'rm_milestone_timeline', 'rm_health_history') ORDER BY relname`,
      )
    ).map((r) => ({ table: r.table, rows: Number(r.rows), mib: round(Number(r.bytes) / 2 ** 20, 1) }));
    for (const t of tables) log(`  ${t.table}: ${fmt(t.rows)} rows, ${fmt(t.mib, 1)} MiB`);

    // -- 3. queries
    if (process.env.BENCH_HOOK) {
      // A script of your own (e.g. EXPLAIN ANALYZE of a query) run on the rebuilt database.
      const hook = (await import(path.resolve(process.env.BENCH_HOOK))) as {
        default: (ds: DataSource) => Promise<void>;
      };
      await hook.default(ds);
    }
    const stats = app.get(MilestoneStatsQueries);
    const board = app.get(MilestoneBoardQueries);
    const history = app.get(HealthHistoryQueries);
    const [someEvent] = await ds.query<{ recorded_at: Date }[]>(
      'SELECT recorded_at FROM events WHERE global_position = $1',
      [Math.floor(generated.events / 2)],
    );
    const knownAt = someEvent!.recorded_at.toISOString();
    const current = STATS_DIMENSIONS.map((d) => ({
      name: `stats/${d}`,
      run: async () => (await stats.stats(d, {})).groups.length,
    }));
    const lists = [
      {
        name: 'milestones?zone=大广海湾区&schedule=overdue',
        params: { zone: '大广海湾区', schedule: 'overdue' },
      },
      {
        name: 'milestones?unit=gov-taishan&role=lead&year=2021',
        params: { unit: 'gov-taishan', role: 'lead', year: '2021' },
      },
      { name: 'milestones?health=red&sort=-daysLate', params: { health: 'red', sort: '-daysLate' } },
      { name: 'milestones?district=恩平市&q=推进', params: { district: '恩平市', q: '推进' } },
    ].map((l) => ({ name: l.name, run: async () => (await board.list(l.params)).items.length }));
    const travel = [
      {
        name: 'stats/zones?asOf=2021-06-30',
        run: async () => (await stats.stats('zones', { asOf: '2021-06-30' })).groups.length,
      },
      {
        name: `stats/units?knownAt=<mid-log>`,
        run: async () => (await stats.stats('units', { knownAt, asOf: TODAY })).groups.length,
      },
      {
        name: 'milestones?asOf=2021-06-30&zone=生态发展区&health=red',
        run: async () =>
          (await board.list({ asOf: '2021-06-30', zone: '生态发展区', health: 'red' })).items.length,
      },
    ];
    const singles = [
      { name: 'milestones/{id}/board', run: async () => (await board.board(SAMPLE_ID, {})).percent ?? 0 },
      {
        name: 'milestones/{id}/health-history',
        run: async () => (await history.history(SAMPLE_ID, {})).changes.length,
      },
      {
        name: 'units/{id}/agenda',
        run: async () => (await board.agenda('gov-enping', {}, { role: 'admin' })).totals.overdue,
      },
    ];
    // Between cold runs: one event (of a stream no projection reads) appended and projected.
    const store = app.get(EventStore);
    let ticks = 0;
    const tick = async () => {
      await store.append(
        `bench-tick-${ticks++}`,
        [
          {
            eventId: randomUUID(),
            type: 'BenchTick',
            data: {},
            metadata: { occurredAt: new Date().toISOString() },
          },
        ],
        'no_stream',
      );
      await runner.catchUp(MILESTONE_BOARD_CONSUMER);
    };
    // The first question of a process loads the board into memory (then each event costs an indexed read).
    const t1 = process.hrtime.bigint();
    await stats.stats('zones', {});
    const boardLoadMs = round(Number(process.hrtime.bigint() - t1) / 1e6, 0);
    log(`first current-state query of the process (loads the board into memory): ${fmt(boardLoadMs)} ms`);
    const currentResults = await timeQueries([...current, ...lists], tick);
    const travelResults = await timeQueries([...travel, ...singles], tick);
    const print = (title: string, rs: QueryResult[]) => {
      log(`\n${title}`);
      log(
        table(
          ['query', 'cold p50', 'cold p95', 'cold max', 'warm p50', 'warm p95', 'rows'],
          rs.map((r) => [
            r.name,
            fmt(r.cold.p50Ms, 1),
            fmt(r.cold.p95Ms, 1),
            fmt(r.cold.maxMs, 1),
            fmt(r.warm.p50Ms, 1),
            fmt(r.warm.p95Ms, 1),
            fmt(r.rows),
          ]),
          1,
        ),
      );
    };
    print(`current state (asOf ${TODAY}, everything known), ${RUNS} runs each`, currentResults);
    print(`time travel and single milestones, ${RUNS} runs each`, travelResults);

    const worst = (prefix: string, kind: 'cold' | 'warm') =>
      Math.max(...currentResults.filter((r) => r.name.startsWith(prefix)).map((r) => r[kind].p95Ms));
    const floor = (value: number, limit: number, atLeast = false) => ({
      floor: limit,
      value,
      pass: atLeast ? value >= limit : value < limit,
    });
    const floors = {
      rebuildEventsPerSecond: floor(round(rebuildRate, 0), 20_000, true),
      currentStatsColdP95Ms: floor(worst('stats/', 'cold'), 50),
      currentStatsWarmP95Ms: floor(worst('stats/', 'warm'), 50),
      filteredListColdP95Ms: floor(worst('milestones', 'cold'), 50),
      filteredListWarmP95Ms: floor(worst('milestones', 'warm'), 50),
    };
    log('\nfloors');
    for (const [k, f] of Object.entries(floors)) {
      log(`  ${f.pass ? 'PASS' : 'FAIL'} ${k}: ${fmt(f.value, 1)} (floor ${fmt(f.floor)})`);
    }

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
      rebuild: {
        events: applied,
        seconds: round(rebuildSeconds, 1),
        eventsPerSecond: round(rebuildRate, 0),
        nodeCpuSeconds: round(nodeCpuSeconds, 1),
        postgresCpuSeconds: round(serverCpu, 1),
      },
      tables,
      queries: { boardLoadMs, current: currentResults, timeTravelAndSingles: travelResults },
      floors,
    };
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nresults: ${path.relative(process.cwd(), out)} (${report.durationSeconds} s in all)`);
  } finally {
    await app.close();
    await close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
