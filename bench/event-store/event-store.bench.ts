/**
 * Event store benchmark: the real PostgresEventStore (TypeORM DataSource → pm_append / readAll) beside a raw
 * baseline measured in the same run on the same server (a plain table, rows of the same size, a raw `pg` pool).
 *
 *   node bench/event-store/run.js bench/event-store/event-store.bench.ts
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
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { type NewEvent, PostgresEventStore } from '@app/event-store';
import { dataSourceOptions } from '@app/platform';
import {
  addMeasurement,
  emptyMeasurement,
  fmt,
  machine,
  type Measurement,
  type Op,
  round,
  runFor,
  runOnce,
  type Summary,
  summarize,
  table,
} from './harness';
import { envNumber, openBenchDatabase } from './bench-database';
import { payloadSizes, progressReported } from './payload';

const SECONDS = envNumber('BENCH_SECONDS', 8);
const WARMUP_SECONDS = envNumber('BENCH_WARMUP_SECONDS', 2);
// Variants alternate in rounds of about a second, so that drift (checkpoints, autovacuum, table growth,
// other load on the machine) hits all of them alike.
const ROUNDS = Math.max(1, Math.round(SECONDS));
const CATCHUP_EVENTS = envNumber('BENCH_CATCHUP_EVENTS', 100_000);
const COLD_EVENTS = envNumber('BENCH_COLD_EVENTS', 20_000);
const CATCHUP_PASSES = 3;
const PAGE = 1000;
const BATCH = 100;
const STREAMS_PER_CLIENT = 20;
const HASH = 'f'.repeat(64);

const log = (line: string) => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------- database

const RAW_COLUMNS = `id bigserial PRIMARY KEY, stream_id text NOT NULL, stream_version integer NOT NULL,
  event_id uuid NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(), prev_hash char(64) NOT NULL, hash char(64) NOT NULL`;

async function createRawTables(pool: Pool): Promise<void> {
  // The baseline: a plain table with rows of the same shape and size as `events`, primary key only.
  await pool.query(`CREATE TABLE raw_events (${RAW_COLUMNS})`);
  // Diagnostic: the same, with the secondary indexes `events` has (to separate their cost from pm_append's).
  await pool.query(`CREATE TABLE raw_events_indexed (${RAW_COLUMNS},
    UNIQUE (stream_id, stream_version), UNIQUE (event_id))`);
  await pool.query(`CREATE INDEX raw_events_indexed_type_id_idx ON raw_events_indexed (type, id)`);
}

const INSERT_COLUMNS = '(stream_id, stream_version, event_id, type, data, metadata, prev_hash, hash)';
const insertOne = (t: string) => `INSERT INTO ${t} ${INSERT_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
const INSERT_BATCH = `INSERT INTO raw_events ${INSERT_COLUMNS} VALUES ${Array.from(
  { length: BATCH },
  (_, r) => {
    const b = r * 8;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`;
  },
).join(', ')}`;
const PM_APPEND = 'SELECT out_version, out_position FROM pm_append($1, $2, $3, $4::jsonb)';
// The same statement PostgresEventStore.readAll sends.
const READ_ALL = `SELECT global_position, stream_id, stream_version, event_id, type, data, metadata,
                             recorded_at, prev_hash, hash FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2`;
const READ_RAW = `SELECT id, stream_id, stream_version, event_id, type, data, metadata, recorded_at, prev_hash, hash
                    FROM raw_catchup WHERE id > $1 ORDER BY id LIMIT $2`;

function rawParams(e: NewEvent, stream: string, version: number): unknown[] {
  return [stream, version, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), HASH, HASH];
}

// ---------------------------------------------------------------------------------------------- workloads

/** Each client writes to its own streams, round-robin, and knows their versions (appends use exact expected versions). */
class Streams {
  private readonly versions = new Map<string, number>();
  private readonly counters: number[] = [];
  constructor(private readonly prefix: string) {}

  next(client: number): { stream: string; version: number } {
    const k = (this.counters[client] = (this.counters[client] ?? 0) + 1);
    const stream = `${this.prefix}-${client}-${k % STREAMS_PER_CLIENT}`;
    return { stream, version: this.versions.get(stream) ?? 0 };
  }

  advance(stream: string, n: number): void {
    this.versions.set(stream, (this.versions.get(stream) ?? 0) + n);
  }
}

let seq = 0;
const nextEvents = (n: number): NewEvent[] => Array.from({ length: n }, () => progressReported(seq++));

type Role = 'ours' | 'raw' | 'diagnostic';

interface Variant {
  readonly key: string;
  readonly label: string;
  readonly role: Role;
  readonly op: Op;
}

interface VariantResult extends Summary {
  key: string;
  label: string;
  role: Role;
  /** events/s of this variant / events/s of the raw baseline. */
  ratioToRaw: number;
}

interface BenchResult {
  key: string;
  title: string;
  clients: number;
  method: string;
  variants: VariantResult[];
}

function results(
  key: string,
  title: string,
  clients: number,
  method: string,
  variants: readonly Variant[],
  measured: readonly Measurement[],
): BenchResult {
  const summaries = measured.map(summarize);
  const raw = summaries[variants.findIndex((v) => v.role === 'raw')]!;
  return {
    key,
    title,
    clients,
    method,
    variants: variants.map((v, i) => ({
      key: v.key,
      label: v.label,
      role: v.role,
      ...summaries[i]!,
      ratioToRaw: round(summaries[i]!.eventsPerSec / raw.eventsPerSec, 3),
    })),
  };
}

/** Warm-up of every variant, then ROUNDS rounds in which each variant runs SECONDS / ROUNDS. */
async function timedBench(
  key: string,
  title: string,
  clients: number,
  variants: readonly Variant[],
): Promise<BenchResult> {
  log(`\n# ${title}`);
  for (const v of variants) await runFor(clients, WARMUP_SECONDS, v.op);
  const measured = variants.map(() => emptyMeasurement());
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, v] of variants.entries())
      addMeasurement(measured[i]!, await runFor(clients, SECONDS / ROUNDS, v.op));
  }
  const method = `${clients} client(s), ${WARMUP_SECONDS} s warm-up per variant, then ${ROUNDS} alternating rounds of ${round(SECONDS / ROUNDS, 2)} s per variant`;
  const res = results(key, title, clients, method, variants, measured);
  printBench(res);
  return res;
}

/** One warm-up pass of every variant, then CATCHUP_PASSES alternating full passes. */
async function passBench(key: string, title: string, variants: readonly Variant[]): Promise<BenchResult> {
  log(`\n# ${title}`);
  for (const v of variants) await runOnce(v.op);
  const measured = variants.map(() => emptyMeasurement());
  for (let r = 0; r < CATCHUP_PASSES; r++) {
    for (const [i, v] of variants.entries()) addMeasurement(measured[i]!, await runOnce(v.op));
  }
  const method = `1 reader, pages of ${PAGE}, 1 warm-up pass per variant, then ${CATCHUP_PASSES} alternating full passes (latency = one pass)`;
  const res = results(key, title, 1, method, variants, measured);
  printBench(res);
  return res;
}

function printBench(b: BenchResult): void {
  log(
    table(
      ['variant', 'role', 'ops/s', 'events/s', 'p50 ms', 'p99 ms', 'vs raw'],
      b.variants.map((v) => [
        v.label,
        v.role,
        fmt(v.opsPerSec, 1),
        fmt(v.eventsPerSec),
        fmt(v.p50Ms, 2),
        fmt(v.p99Ms, 2),
        `${fmt(v.ratioToRaw * 100, 1)}%`,
      ]),
    ),
  );
}

/** Pages through everything from the start; `read` returns the page's row count and last position. */
async function catchUp(
  read: (after: number) => Promise<readonly [count: number, last: number]>,
): Promise<number> {
  let after = 0;
  let n = 0;
  for (;;) {
    const [count, last] = await read(after);
    if (count === 0) return n;
    n += count;
    after = last;
  }
}

// ---------------------------------------------------------------------------------------------- cold store

interface ColdStore {
  /** Events in the store when A and B are compared (A began on the empty store). */
  eventsInStore: number;
  /** Single-event pm_append in session A, open since the store was empty. */
  oldSession: Summary;
  /** The same in session B, opened on the grown store. */
  newSession: Summary;
  /** A events/s / B events/s: 1 when cached plans do not depend on the table's size when they were made. */
  ratio: number;
}

/**
 * pm_append's queries are planned once per session (PL/pgSQL caches the plans) and re-planned only when the
 * table's statistics change. Session A appends on the empty store; the store then grows to COLD_EVENTS events
 * with autovacuum (hence auto-analyze) off for the table, as during the first minute of a fresh database;
 * then A and a new session B alternate chunks of single-event appends on the same table.
 */
async function coldStore(url: string, store: PostgresEventStore, pool: Pool): Promise<ColdStore> {
  log(
    `\n# Cold store: pm_append in a session opened on the empty store vs a new one, at ${fmt(COLD_EVENTS)} events`,
  );
  await pool.query('ALTER TABLE events SET (autovacuum_enabled = off)');
  const a = new Client({ connectionString: url });
  const b = new Client({ connectionString: url });
  try {
    await a.connect();
    await b.connect();
    const streams = new Streams('cold');
    const chunk = async (c: Client, client: number, n: number): Promise<Measurement> => {
      const m = emptyMeasurement();
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        const { stream, version } = streams.next(client);
        const kind = version === 0 ? 'no_stream' : 'exact';
        await c.query(PM_APPEND, [stream, kind, version, JSON.stringify(nextEvents(1))]);
        streams.advance(stream, 1);
        m.latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        m.ops++;
        m.events++;
      }
      m.seconds = Number(process.hrtime.bigint() - start) / 1e9;
      return m;
    };
    await chunk(a, 0, 100); // on the empty store: compiles pm_append, plans its queries
    let head = await store.headPosition();
    for (let k = 0; head < COLD_EVENTS; k++) {
      head = (
        await store.append(`cold-seed-${k}`, nextEvents(Math.min(1000, COLD_EVENTS - head)), 'no_stream')
      ).position;
    }
    await chunk(b, 1, 20); // B's first executions on the grown store
    const old = emptyMeasurement();
    const fresh = emptyMeasurement();
    for (let r = 0; r < 4; r++) {
      addMeasurement(old, await chunk(a, 0, 100));
      addMeasurement(fresh, await chunk(b, 1, 100));
    }
    const res: ColdStore = {
      eventsInStore: await store.headPosition(),
      oldSession: summarize(old),
      newSession: summarize(fresh),
      ratio: round(summarize(old).eventsPerSec / summarize(fresh).eventsPerSec, 3),
    };
    const row = (label: string, x: Summary) => [label, fmt(x.eventsPerSec), fmt(x.p50Ms, 2), fmt(x.p99Ms, 2)];
    log(
      table(
        ['session', 'events/s', 'p50 ms', 'p99 ms'],
        [row('A: open since the store was empty', res.oldSession), row('B: new session', res.newSession)],
        1,
      ),
    );
    log(`A / B = ${fmt(res.ratio * 100, 1)}% at ${fmt(res.eventsInStore)} events`);
    return res;
  } finally {
    await a.end().catch(() => undefined);
    await b.end().catch(() => undefined);
    await pool.query('ALTER TABLE events RESET (autovacuum_enabled)');
  }
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg().map((x) => round(x, 2));
  const db = await openBenchDatabase('pm-bench-pg-');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await db.close();
  };
  process.once('SIGINT', () => {
    void close().finally(() => process.exit(130));
  });

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
    const cold = await coldStore(db.url, store, pool);

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
      await passBench(`catch-up`, `Catch-up read of all ${fmt(head)} events, pages of ${PAGE}`, [
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
      ]),
    );

    // -- 4. single-event appends
    for (const clients of [1, 8]) {
      const ours = new Streams(`one${clients}`);
      const viaPg = new Streams(`pg${clients}`);
      const raw = new Streams(`raw${clients}`);
      const variants: Variant[] = [
        {
          key: 'store',
          label: 'PostgresEventStore.append',
          role: 'ours',
          op: async (c) => {
            const { stream, version } = ours.next(c);
            await store.append(stream, nextEvents(1), version === 0 ? 'no_stream' : version);
            ours.advance(stream, 1);
            return 1;
          },
        },
        {
          key: 'raw',
          label: 'raw INSERT (pg, autocommit)',
          role: 'raw',
          op: async (c) => {
            const { stream, version } = raw.next(c);
            await pool.query(insertOne('raw_events'), rawParams(nextEvents(1)[0]!, stream, version + 1));
            raw.advance(stream, 1);
            return 1;
          },
        },
      ];
      if (clients === 1) {
        variants.push(
          {
            key: 'pm_append-pg',
            label: 'pm_append via raw pg',
            role: 'diagnostic',
            op: async (c) => {
              const { stream, version } = viaPg.next(c);
              const kind = version === 0 ? 'no_stream' : 'exact';
              await pool.query(PM_APPEND, [stream, kind, version, JSON.stringify(nextEvents(1))]);
              viaPg.advance(stream, 1);
              return 1;
            },
          },
          {
            key: 'raw-typeorm',
            label: 'raw INSERT via TypeORM',
            role: 'diagnostic',
            op: async (c) => {
              const { stream, version } = raw.next(c);
              await ds.query(insertOne('raw_events'), rawParams(nextEvents(1)[0]!, stream, version + 1));
              raw.advance(stream, 1);
              return 1;
            },
          },
          {
            key: 'raw-indexed',
            label: 'raw INSERT, events indexes (pg)',
            role: 'diagnostic',
            op: async (c) => {
              const { stream, version } = raw.next(c);
              await pool.query(
                insertOne('raw_events_indexed'),
                rawParams(nextEvents(1)[0]!, stream, version + 1),
              );
              raw.advance(stream, 1);
              return 1;
            },
          },
        );
      }
      benches.push(
        await timedBench(
          `append-1-${clients}c`,
          `Single-event appends, ${clients} client(s)`,
          clients,
          variants,
        ),
      );
    }

    // -- 5. 100-event batches
    {
      const ours = new Streams('batch');
      const viaPg = new Streams('batchpg');
      const raw = new Streams('batchraw');
      benches.push(
        await timedBench('append-batch', `${BATCH}-event batches, 1 client`, 1, [
          {
            key: 'store',
            label: `PostgresEventStore.append ×${BATCH}`,
            role: 'ours',
            op: async (c) => {
              const { stream, version } = ours.next(c);
              await store.append(stream, nextEvents(BATCH), version === 0 ? 'no_stream' : version);
              ours.advance(stream, BATCH);
              return BATCH;
            },
          },
          {
            key: 'raw',
            label: `raw multi-row INSERT ×${BATCH} (pg)`,
            role: 'raw',
            op: async (c) => {
              const { stream, version } = raw.next(c);
              const params = nextEvents(BATCH).flatMap((e, i) => rawParams(e, stream, version + i + 1));
              await pool.query(INSERT_BATCH, params);
              raw.advance(stream, BATCH);
              return BATCH;
            },
          },
          {
            key: 'pm_append-pg',
            label: `pm_append ×${BATCH} via raw pg`,
            role: 'diagnostic',
            op: async (c) => {
              const { stream, version } = viaPg.next(c);
              const kind = version === 0 ? 'no_stream' : 'exact';
              await pool.query(PM_APPEND, [stream, kind, version, JSON.stringify(nextEvents(BATCH))]);
              viaPg.advance(stream, BATCH);
              return BATCH;
            },
          },
        ]),
      );
    }

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
    const catchup = variant('catch-up', 'store');
    const floors = [
      {
        name: 'single-event append, 1 client, ≥ 50% of raw INSERT',
        required: 0.5,
        actual: single.ratioToRaw,
        pass: single.ratioToRaw >= 0.5,
      },
      {
        name: 'catch-up (readAll, pages of 1000) ≥ 50,000 events/s',
        required: 50_000,
        actual: catchup.eventsPerSec,
        pass: catchup.eventsPerSec >= 50_000,
      },
    ];
    log('\n# Floors');
    for (const f of floors) {
      log(
        `${f.pass ? 'PASS' : 'FAIL'}  ${f.name}: ${f.required < 1 ? `${fmt(f.actual * 100, 1)}%` : `${fmt(f.actual)} events/s`}`,
      );
    }
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
        seconds: SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        rounds: ROUNDS,
        batch: BATCH,
        page: PAGE,
        catchupEvents: CATCHUP_EVENTS,
        catchupPasses: CATCHUP_PASSES,
        coldEvents: COLD_EVENTS,
        streamsPerClient: STREAMS_PER_CLIENT,
      },
      machine: { ...host, loadBefore, loadAfter: os.loadavg().map((x) => round(x, 2)) },
      postgres,
      payload,
      rowBytes: rows,
      coldStore: cold,
      benchmarks: benches,
      verifyChain: verify,
      floors,
    };
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nresults: ${path.relative(process.cwd(), out)} (${report.durationSeconds} s in all)`);
  } finally {
    await pool.end();
    if (ds.isInitialized) await ds.destroy();
    await close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
