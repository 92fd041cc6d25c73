/**
 * Event store benchmark: the real PostgresEventStore (TypeORM DataSource → pm_append_batch / readAll) beside a
 * raw baseline measured in the same run on the same server (a plain table, rows of the same size, a raw `pg`
 * pool).
 *
 *   npm run bench:event-store   (= node bench/event-store/run.js bench/event-store/event-store.bench.ts)
 *
 * Phases: (1) cold store: pm_append in a session opened on the empty store vs a new session (plan caching);
 * (2) seed the store to BENCH_CATCHUP_EVENTS events, VACUUM ANALYZE, copy them into the raw table;
 * (3) catch-up reading of everything; (4) single-event appends, 1 and 8 clients; (5) 100-event batches;
 * (6) verifyChain over everything. Appends are measured on a store that already holds the seeded events.
 *
 * Env: BENCH_DATABASE_URL (a server where a scratch database may be created and dropped; default: a fresh
 * embedded PostgreSQL in a temp dir), BENCH_SECONDS (measured seconds per variant, default 8),
 * BENCH_WARMUP_SECONDS (default 2), BENCH_CATCHUP_EVENTS (events in the store before the appends, default 100000),
 * BENCH_COLD_EVENTS (store size at the cold-store comparison, default 20000).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@app/event-store';
import { dataSourceOptions } from '@app/platform';
import { fmt, machine, round } from './harness';
import { runBench } from './interrupt';
import { envNumber, openBenchDatabase } from './bench-database';
import { payloadSizes } from './payload';
import { coldStore } from './cold-store';
import { type BenchResult, type Floor, passBench, printFloors, type RoundSettings } from './variants';
import { BATCH, catchUp, createRawTables, nextEvents, READ_ALL, READ_RAW } from './workloads';
import { appendBenches } from './append-benches';

const SECONDS = envNumber('BENCH_SECONDS', 8);
const ROUNDS: RoundSettings = {
  seconds: SECONDS,
  rounds: Math.max(1, Math.round(SECONDS)),
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 2),
};
const CATCHUP_EVENTS = envNumber('BENCH_CATCHUP_EVENTS', 100_000);
const COLD_EVENTS = envNumber('BENCH_COLD_EVENTS', 20_000);
const CATCHUP_PASSES = 3;
const PAGE = 1000;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg().map((x) => round(x, 2));
  const db = await openBenchDatabase('pm-bench-pg-');

  const ds = new DataSource(dataSourceOptions(db.url, { logging: false }));
  const pool = new Pool({ connectionString: db.url, max: 20 });
  try {
    await ds.initialize(); // runs the migrations (events, pm_append)
    const store = new PostgresEventStore(ds);
    await createRawTables(pool);

    const setting = async (name: string) =>
      ((await pool.query(`SHOW ${name}`)).rows[0] as Record<string, string>)[name]!;
    const postgres = {
      version: ((await pool.query('SELECT version() AS v')).rows[0] as { v: string }).v,
      serverVersion: await setting('server_version'),
      fsync: await setting('fsync'),
      synchronousCommit: await setting('synchronous_commit'),
      walSyncMethod: await setting('wal_sync_method'),
      fullPageWrites: await setting('full_page_writes'),
      sharedBuffers: await setting('shared_buffers'),
      where: db.where,
    };
    const host = machine();
    const payload = payloadSizes();
    log(
      `${host.cpuModel}, ${host.cores} cores, ${host.ramGiB} GiB RAM, Node ${host.node}, load ${loadBefore.join(' ')}`,
    );
    log(
      `PostgreSQL ${postgres.serverVersion} (${postgres.where}), fsync=${postgres.fsync}, synchronous_commit=${postgres.synchronousCommit}`,
    );
    log(`payload: data ≈ ${payload.dataBytes} B, metadata ≈ ${payload.metadataBytes} B (JSON, UTF-8)`);
    if (loadBefore[0]! > 0.5 * host.cores)
      log(`warning: the machine is busy (load ${loadBefore[0]}): figures will be noisy`);

    // -- 1. cold store
    const cold = await coldStore(db.url, store, pool, COLD_EVENTS);

    // -- 2. seed, statistics, raw copy
    const seedStart = Date.now();
    let head = await store.headPosition();
    for (let k = 0; head < CATCHUP_EVENTS; k++) {
      head = (await store.append(`seed-${k}`, nextEvents(Math.min(1000, CATCHUP_EVENTS - head)), 'no_stream'))
        .position;
    }
    await pool.query('VACUUM (ANALYZE) events'); // also makes every session re-plan pm_append's queries
    await pool.query(`CREATE TABLE raw_catchup AS
      SELECT global_position AS id, stream_id, stream_version, event_id, type, data, metadata, recorded_at, prev_hash, hash
        FROM events ORDER BY global_position`);
    await pool.query('ALTER TABLE raw_catchup ADD PRIMARY KEY (id)');
    await pool.query('VACUUM (ANALYZE) raw_catchup');
    await pool.query('CHECKPOINT');
    log(
      `\nstore seeded to ${fmt(head)} events, analysed and copied in ${fmt((Date.now() - seedStart) / 1000, 1)} s`,
    );

    const benches: BenchResult[] = [];

    // -- 3. catch-up reading
    benches.push(
      await passBench(
        `catch-up`,
        `Catch-up read of all ${fmt(head)} events, pages of ${PAGE}`,
        [
          {
            key: 'store',
            label: `PostgresEventStore.readAll`,
            role: 'ours',
            op: () =>
              catchUp(async (after) => {
                const page = await store.readAll(after, PAGE);
                return [page.length, page.at(-1)?.position ?? after];
              }),
          },
          {
            key: 'raw',
            label: 'raw SELECT … WHERE id > $1 (pg)',
            role: 'raw',
            op: () =>
              catchUp(async (after) => {
                const { rows } = await pool.query<{ id: string }>(READ_RAW, [after, PAGE]);
                return [rows.length, Number(rows.at(-1)?.id ?? after)];
              }),
          },
          {
            key: 'readAll-pg',
            label: 'readAll SQL via raw pg',
            role: 'diagnostic',
            op: () =>
              catchUp(async (after) => {
                const { rows } = await pool.query<{ global_position: string }>(READ_ALL, [after, PAGE]);
                return [rows.length, Number(rows.at(-1)?.global_position ?? after)];
              }),
          },
        ],
        CATCHUP_PASSES,
        `1 reader, pages of ${PAGE}, 1 warm-up pass per variant, then ${CATCHUP_PASSES} alternating full passes (latency = one pass)`,
      ),
    );

    // -- 4. single-event appends at 1 and 8 clients; 5. 100-event batches
    const appends = await appendBenches(store, ds, pool, ROUNDS);
    benches.push(...appends.benches);
    const groupCommit = appends.appendsPerTransaction;

    // -- 6. row sizes, chain check
    const rowBytes = async (t: string) =>
      Math.round(
        Number(
          ((await pool.query(`SELECT avg(pg_column_size(t.*)) AS b FROM ${t} t`)).rows[0] as { b: string }).b,
        ),
      );
    const rows = { events: await rowBytes('events'), rawEvents: await rowBytes('raw_events') };
    const vStart = Date.now();
    const chain = await store.verifyChain();
    const verify = { ok: chain.ok, checked: chain.checked, seconds: round((Date.now() - vStart) / 1000, 2) };
    log(`\nrow size (pg_column_size): events ${rows.events} B, raw_events ${rows.rawEvents} B`);
    log(
      `verifyChain: ${chain.ok ? 'ok' : `BROKEN at ${chain.brokenAt}: ${chain.reason}`}, ${fmt(chain.checked)} events in ${verify.seconds} s`,
    );

    // -- floors
    const variant = (bench: string, key: string) =>
      benches.find((b) => b.key === bench)!.variants.find((v) => v.key === key)!;
    const single = variant('append-1-1c', 'store');
    const eight = variant('append-1-8c', 'store');
    const catchup = variant('catch-up', 'store');
    const floors: Floor[] = [
      {
        name: 'single-event append, 1 client, ≥ 50% of raw INSERT',
        required: 0.5,
        actual: single.ratioToRaw,
        pass: single.ratioToRaw >= 0.5,
      },
      {
        name: 'single-event append, 8 clients, ≥ 60% of raw INSERT',
        required: 0.6,
        actual: eight.ratioToRaw,
        pass: eight.ratioToRaw >= 0.6,
      },
      {
        name: 'catch-up (readAll, pages of 1000) ≥ 50,000 events/s',
        required: 50_000,
        actual: catchup.eventsPerSec,
        pass: catchup.eventsPerSec >= 50_000,
      },
    ];
    printFloors(floors);
    log(
      `note  cold store (session open since the store was empty) appends at ${fmt(cold.ratio * 100, 1)}% of a new session`,
    );

    const date = new Date().toISOString().slice(0, 10);
    const out = path.resolve(__dirname, '..', 'results', `event-store-${date}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const report = {
      benchmark: 'event-store',
      date: new Date().toISOString(),
      durationSeconds: round((Date.now() - started) / 1000, 1),
      config: {
        ...ROUNDS,
        batch: BATCH,
        page: PAGE,
        catchupEvents: CATCHUP_EVENTS,
        catchupPasses: CATCHUP_PASSES,
        coldEvents: COLD_EVENTS,
      },
      machine: { ...host, loadBefore, loadAfter: os.loadavg().map((x) => round(x, 2)) },
      postgres,
      payload,
      rowBytes: rows,
      coldStore: cold,
      benchmarks: benches,
      appendsPerTransaction: groupCommit,
      verifyChain: verify,
      floors,
    };
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nresults: ${path.relative(process.cwd(), out)} (${report.durationSeconds} s in all)`);
  } finally {
    await pool.end();
    if (ds.isInitialized) await ds.destroy();
    await db.close(); // (on an interruption, bench-database.ts closes it: interrupt.ts)
  }
}

// A failure stops what was started (its database), then exits 1.
runBench(main);
