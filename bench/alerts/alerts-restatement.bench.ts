/**
 * Alerts restatement benchmark: the alerts monitor's time per milestone event when the milestone has an open
 * 指标未达标 (indicator shortfall) episode, at 100 and 1,000 events per stream.
 *
 *   node bench/read-models/run.js bench/alerts/alerts-restatement.bench.ts
 *
 * Per size and variant, `BENCH_STREAMS` fresh milestones (target ≥ 50, due 2021-06-30) report 30 and are
 * raised by the scan of 2021-07-05 (not timed); then each gets `size` progress reports, one a day from
 * 2021-07-06, interleaved over the streams. Variants: `changing` (every report a new value still short: one
 * AlertRestated per event, one row more in `alert_restatements`), `steady` (every report the raised value: nothing to restate, the check only); `bulk`
 * (all events appended, then one timed catch-up of the monitor: batches of CONSUMER_BATCH_SIZE) or `live` (after
 * each round of one event per stream, a timed catch-up: what the service does under a stream of commands). Then
 * each open episode is acknowledged (`ack ms`, timed apart: the alert stream read and folded).
 *
 * Env: BENCH_DATABASE_URL (a server where a scratch database may be created and dropped; default: a fresh
 * embedded PostgreSQL in a temp dir), BENCH_SIZES (default `100,1000`), BENCH_STREAMS (default 4), BENCH_KEEP=1.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AcknowledgeAlertService, ALERTS_MONITOR, AlertScanService, AlertsModule } from '@app/alerts';
import { planMilestone } from '@app/alerts/testing';
import { ConsumerRunner, EventStore, EventStoreModule, newEventId } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';
import { FixedClock, loadConfig, PlatformModule, type PlatformOptions, projectRoot } from '@app/platform';
import { PlanImportService, PlansModule, PLAN_CATALOG_CONSUMER } from '@app/plans';
import { envNumber, openBenchDatabase } from '../event-store/bench-database';
import { fmt, machine, round, table } from '../event-store/harness';
import { runBench } from '../event-store/interrupt';

/** Smallest first: the growth line compares the first size with the last. */
const SIZES = (process.env.BENCH_SIZES ?? '100,1000')
  .split(',')
  .map((s) => envNumberOf('BENCH_SIZES', s))
  .sort((a, b) => a - b);
const STREAMS = envNumber('BENCH_STREAMS', 4);
const METRIC = '引进投资超亿元产业项目';
const VARIANTS = ['changing/bulk', 'steady/bulk', 'changing/live', 'steady/live'] as const;

const log = (line: string) => process.stdout.write(`${line}\n`);

function envNumberOf(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must list positive whole numbers, not "${v}"`);
  return n;
}

@Module({})
class BenchModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    return {
      module: BenchModule,
      imports: [PlatformModule.forRoot(opts), EventStoreModule, PlansModule, AlertsModule],
    };
  }
}

type App = Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;

const dayAfter = (start: string, n: number) =>
  new Date(Date.parse(`${start}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Progress report `i` of a stream (happened at noon, plan zone, of 2021-07-06 + i). */
function report(i: number, actual: number) {
  return {
    eventId: newEventId(),
    type: 'ProgressReported',
    data: { percent: 90, narrative: '推进中', indicatorActuals: [{ metric: METRIC, actual }] },
    metadata: {
      occurredAt: `${dayAfter('2021-07-06', i)}T04:00:00.000Z`,
      actor: { role: 'reporter', tokenName: 'bench' },
    },
  };
}

/** One variant at one size: milestones raised (not timed), then `size` events per stream through the monitor. */
async function runVariant(app: App, size: number, variant: (typeof VARIANTS)[number]) {
  const store = app.get(EventStore);
  const runner = app.get(ConsumerRunner);
  const ds = app.get(DataSource);
  const indicators = [{ metric: METRIC, comparator: '>=', target: 50, unit: '个', source: '引进至少50个' }];
  const ids: string[] = [];
  for (let s = 0; s < STREAMS; s++) {
    const { id } = await planMilestone(store, 'dept-transport', { dueDate: '2021-06-30', indicators });
    await store.append(milestoneStreamId(id), [report(-22, 30)], 'any'); // 2021-06-14
    ids.push(id);
  }
  await app.get(AlertScanService).scan('2021-07-05');
  await runner.catchUp(ALERTS_MONITOR);
  const restated = async () =>
    Number(
      (await ds.query<{ n: string }[]>(`SELECT count(*) AS n FROM events WHERE type = 'AlertRestated'`))[0]!
        .n,
    );
  const restatedBefore = await restated();
  const value = (i: number) => (variant.startsWith('changing') ? 31 + (i % 18) : 30);
  let ms = 0;
  let cpuMicros = 0; // Node's CPU during the monitor's catch-ups only (not the appends that set them up)
  for (let i = 0; i < size; i++) {
    for (const id of ids) await store.append(milestoneStreamId(id), [report(i, value(i))], 'any');
    if (variant.endsWith('live') || i === size - 1) {
      const [t, cpu] = [process.hrtime.bigint(), process.cpuUsage()];
      await runner.catchUp(ALERTS_MONITOR);
      ms += Number(process.hrtime.bigint() - t) / 1e6;
      const used = process.cpuUsage(cpu);
      cpuMicros += used.user + used.system;
    }
  }
  // Restatements kept per episode: rows of `alert_restatements` (before it, entries of the episode's restateLog).
  const [episodes] = await ds.query<{ open: string; log: string }[]>(
    `SELECT count(*) FILTER (WHERE state <> 'resolved') AS open,
            coalesce(max((SELECT count(*) FROM alert_restatements r WHERE r.alert_id = a.id)), 0) AS log
       FROM alerts a WHERE rule = 'indicator_shortfall' AND milestone_id = ANY($1)`,
    [ids],
  );
  // Then each open episode acknowledged (not in the monitor's time): its alert stream, restatements and all, read
  // and folded, and the answer's figures read as GET /alerts/{id} tells them.
  const open = await ds.query<{ id: string }[]>(
    `SELECT id FROM alerts WHERE rule = 'indicator_shortfall' AND state = 'open' AND milestone_id = ANY($1)`,
    [ids],
  );
  const by = { tokenId: 'bench', tokenName: 'bench', role: 'admin' };
  const ackStart = process.hrtime.bigint();
  for (const a of open) await app.get(AcknowledgeAlertService).acknowledge(a.id, undefined, by);
  const ackMs = open.length > 0 ? Number(process.hrtime.bigint() - ackStart) / 1e6 / open.length : 0;
  const events = size * STREAMS;
  return {
    variant,
    size,
    streams: STREAMS,
    events,
    monitorSeconds: round(ms / 1000, 2),
    msPerEvent: round(ms / events, 3),
    nodeCpuSeconds: round(cpuMicros / 1e6, 1),
    restatedEvents: (await restated()) - restatedBefore,
    openEpisodes: Number(episodes!.open),
    longestRestateLog: Number(episodes!.log),
    msPerAcknowledgement: round(ackMs, 1),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg().map((x) => round(x, 2));
  const db = await openBenchDatabase('pm-bench-alerts-pg-');
  const config = {
    ...loadConfig({ IMPORT_SEED_ON_START: 'false', LOG_LEVEL: 'warn' }),
    role: 'api' as const,
  };
  const clock = new FixedClock('2030-01-01T04:00:00Z');
  const app = await NestFactory.createApplicationContext(
    BenchModule.forRoot({ config, databaseUrl: db.url, clock }),
    { logger: ['error', 'warn'] },
  );
  try {
    const host = machine();
    log(`${host.cpuModel}, ${host.cores} cores, Node ${host.node}, load ${loadBefore.join(' ')}`);
    if (loadBefore[0]! > 0.5 * host.cores)
      log(`warning: the machine is busy (load ${loadBefore[0]}): figures will be noisy`);
    const doc = fs.readFileSync(path.join(projectRoot(), 'seeds/jiangmen-sanqu-2020-2022.txt'), 'utf8');
    await app.get(PlanImportService).importDocument(doc, { actor: { system: 'bench' } });
    await app.get(ConsumerRunner).catchUp(PLAN_CATALOG_CONSUMER);
    const results: Awaited<ReturnType<typeof runVariant>>[] = [];
    for (const size of SIZES) for (const v of VARIANTS) results.push(await runVariant(app, size, v));
    const header = [
      'variant',
      'events/stream',
      'events',
      'monitor s',
      'ms/event',
      'restated',
      'log',
      'open',
      'ack ms',
    ];
    const rows = results.map((r) => [
      r.variant,
      fmt(r.size),
      fmt(r.events),
      fmt(r.monitorSeconds, 2),
      fmt(r.msPerEvent, 3),
      fmt(r.restatedEvents),
      fmt(r.longestRestateLog),
      fmt(r.openEpisodes),
      fmt(r.msPerAcknowledgement, 1),
    ]);
    log(`\n${table(header, rows, 1)}`);
    const growth = VARIANTS.map((v) => {
      const [small, large] = [SIZES[0]!, SIZES.at(-1)!].map((s) =>
        results.find((r) => r.variant === v && r.size === s)!,
      );
      return { variant: v, msPerEventRatio: round(large!.msPerEvent / small!.msPerEvent, 2) };
    });
    log(
      `\nms/event at ${fmt(SIZES.at(-1)!)} over ${fmt(SIZES[0]!)} events per stream (flat: 1; linear per event: quadratic in all)`,
    );
    for (const g of growth) log(`  ${g.variant}: ${fmt(g.msPerEventRatio, 2)}×`);
    const date = new Date().toISOString().slice(0, 10);
    const out = path.resolve(__dirname, '..', 'results', `alerts-restatement-${date}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const durationSeconds = round((Date.now() - started) / 1000, 1);
    const report = {
      benchmark: 'alerts-restatement',
      date: new Date().toISOString(),
      durationSeconds,
      config: { sizes: SIZES, streams: STREAMS, consumerBatchSize: config.consumerBatchSize },
      machine: { ...host, loadBefore, loadAfter: os.loadavg().map((x) => round(x, 2)), where: db.where },
      results,
      growth,
    };
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nresults: ${path.relative(process.cwd(), out)} (${durationSeconds} s in all)`);
  } finally {
    await app.close();
    await db.close();
  }
}

// A failure stops what was started (its database), then exits 1.
runBench(main);
