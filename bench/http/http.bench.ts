/**
 * HTTP benchmark: the service's command and query paths against a bare Node http server on the same
 * PostgreSQL (bench/http/bare-server.ts: one INSERT + COMMIT, or one SELECT, per request).
 *
 *   npm run bench:http   (= node bench/event-store/run.js bench/http/http.bench.ts)
 *
 * The service runs from source as BENCH_API_PROCESSES API processes and a worker process (bench/http/setup.ts),
 * each counting its SQL statements (bench/http/service.ts); the bare server as one process and as two, and the
 * floor compares with the faster. Variants alternate in rounds on BENCH_CONNECTIONS keep-alive
 * connections; a round of service commands ends when every consumer has caught up, and that wait counts in
 * its time. Then each request kind is profiled: statements (= round trips) and CPU per request, by process.
 *
 * Env: BENCH_API_PROCESSES (default 1), BENCH_DATABASE_URL (default: a fresh embedded PostgreSQL in a temp dir), BENCH_SECONDS (default 8),
 * BENCH_WARMUP_SECONDS (default 2), BENCH_CONNECTIONS (default 8), BENCH_PROFILE_REQUESTS (default 400),
 * BENCH_LONG_STREAM_EVENTS (default 1000: the events each long stream starts with).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { envNumber, openBenchDatabase } from '../event-store/bench-database';
import { fmt, machine, round } from '../event-store/harness';
import { runBench } from '../event-store/interrupt';
import {
  type BenchResult,
  type Floor,
  printFloors,
  type RoundSettings,
  timedBench,
} from '../event-store/variants';
import { printCosts } from './breakdown';
import {
  PG_STATEMENTS,
  PG_STATEMENTS_FLAGS,
  printStatements,
  resetStatements,
  topStatements,
} from './pg-statements';
import { profile } from './profile';
import { requestKinds } from './requests';
import { API_PROCESSES, growStreams, type Setup, settle, startProcesses } from './setup';

const SECONDS = envNumber('BENCH_SECONDS', 8);
const ROUNDS: RoundSettings = {
  seconds: SECONDS,
  rounds: Math.max(1, Math.round(SECONDS)),
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 2),
};
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 8);
const PROFILE_REQUESTS = envNumber('BENCH_PROFILE_REQUESTS', 400);

const log = (line: string) => process.stdout.write(`${line}\n`);

const LONG_STREAM_EVENTS = envNumber('BENCH_LONG_STREAM_EVENTS', 1000);

async function measure(s: Setup) {
  // One milestone per connection (of its own share) gets a stream of LONG_STREAM_EVENTS events.
  const longIds = Array.from(
    { length: CONNECTIONS },
    (_, c) => s.milestoneIds.filter((_, i) => i % CONNECTIONS === c)[0]!,
  );
  const grown = Date.now();
  await growStreams(s.pg, longIds, LONG_STREAM_EVENTS);
  log(
    `${CONNECTIONS} streams grown to ${fmt(LONG_STREAM_EVENTS)} events, consumers caught up, in ${fmt((Date.now() - grown) / 1000, 1)} s`,
  );
  const { kinds, close } = requestKinds(s, CONNECTIONS, longIds);
  try {
    const caughtUp = () => settle(s.pg);
    const benches: BenchResult[] = [
      await timedBench(
        'commands',
        'Commands: POST /api/v1/milestones/{id}/progress vs one INSERT + COMMIT',
        CONNECTIONS,
        [
          {
            key: 'command',
            label: 'service, no Idempotency-Key',
            role: 'ours',
            op: kinds.command,
            settle: caughtUp,
          },
          {
            key: 'command-idem',
            label: 'service, Idempotency-Key',
            role: 'ours',
            op: kinds.commandIdem,
            settle: caughtUp,
          },
          {
            key: 'command-long',
            label: `service, streams of ${fmt(LONG_STREAM_EVENTS)}+ events`,
            role: 'ours',
            op: kinds.commandLong,
            settle: caughtUp,
          },
          { key: 'bare', label: 'bare: one INSERT + COMMIT', role: 'raw', op: kinds.bareInsert },
          {
            key: 'bare-2',
            label: 'bare: one INSERT + COMMIT, 2 processes',
            role: 'raw',
            op: kinds.bareInsert2,
          },
        ],
        ROUNDS,
        'req',
      ),
      await timedBench(
        'reads',
        'Reads: GET /api/v1/stats/zones, GET /api/v1/milestones?zone=…&year=… vs one SELECT',
        CONNECTIONS,
        [
          { key: 'stats', label: 'service: stats/zones', role: 'ours', op: kinds.stats },
          { key: 'list', label: 'service: milestones, filtered', role: 'ours', op: kinds.list },
          { key: 'bare', label: 'bare: one SELECT (≤ 50 rows)', role: 'raw', op: kinds.bareSelect },
          {
            key: 'bare-2',
            label: 'bare: one SELECT (≤ 50 rows), 2 processes',
            role: 'raw',
            op: kinds.bareSelect2,
          },
        ],
        ROUNDS,
        'req',
      ),
    ];
    log(
      `\n# Where a request's time goes (${fmt(PROFILE_REQUESTS)} requests each on ${CONNECTIONS} connections, ` +
        `until the consumers caught up)`,
    );
    const run = (key: string, label: string, kind: keyof typeof kinds) =>
      profile(s, key, label, kinds[kind], PROFILE_REQUESTS, CONNECTIONS);
    const counting = PG_STATEMENTS && (await resetStatements(s.pg));
    const command = await run('command', 'command', 'command');
    const statements = counting ? await topStatements(s.pg, command.requests) : undefined;
    if (counting) await resetStatements(s.pg);
    const keyed = await run('command-idem', 'command + key', 'commandIdem');
    const keyedStatements = counting ? await topStatements(s.pg, keyed.requests) : undefined;
    const costs = [
      command,
      keyed,
      await run('command-long', 'long stream', 'commandLong'),
      await run('stats', 'stats/zones', 'stats'),
      await run('list', 'milestones', 'list'),
      await run('bare-insert', 'bare INSERT', 'bareInsert'),
      await run('bare-select', 'bare SELECT', 'bareSelect'),
    ];
    log(printCosts(costs));
    if (statements)
      log(`\n# PostgreSQL's statements of a command (pg_stat_statements)\n${printStatements(statements)}`);
    if (keyedStatements)
      log(`\n# … of a command with an Idempotency-Key\n${printStatements(keyedStatements)}`);
    log('(the bare server is not counted: one statement per request)');
    const other = Object.entries(
      Object.assign({}, ...costs.map((c) => c.uncategorised)) as Record<string, number>,
    )
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5);
    if (other.length > 0) log(`uncategorised statements: ${other.map(([t, n]) => `${n}× ${t}`).join(' | ')}`);
    return { benches, costs, statements, keyedStatements };
  } finally {
    close();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg().map((x) => round(x, 2));
  const host = machine();
  log(
    `${host.cpuModel}, ${host.cores} cores, ${host.ramGiB} GiB RAM, Node ${host.node}, load ${loadBefore.join(' ')}`,
  );
  if (loadBefore[0]! > 0.5 * host.cores)
    log(`warning: the machine is busy (load ${loadBefore[0]}): figures will be noisy`);
  const db = await openBenchDatabase('pm-bench-http-', PG_STATEMENTS ? PG_STATEMENTS_FLAGS : []);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-bench-http-data-'));
  let setup: Setup | undefined;
  try {
    setup = await startProcesses(db.url, dataDir);
    log(
      `${API_PROCESSES} API process(es), worker and bare servers up (${db.where}); ${setup.milestoneIds.length} milestones`,
    );
    const { benches, costs, statements, keyedStatements } = await measure(setup);

    const floors: Floor[] = benches[0]!.variants
      .filter((v) => v.role === 'ours')
      .map((v) => ({
        name: `${v.label}, ${API_PROCESSES} API process(es): ≥ 40% of the faster bare INSERT with p99 < 250 ms (p99 ${fmt(v.p99Ms, 1)} ms)`,
        required: 0.4,
        actual: v.ratioToRaw,
        pass: v.ratioToRaw >= 0.4 && v.p99Ms < 250,
      }));
    printFloors(floors, 'req/s');

    const out = path.resolve(
      __dirname,
      '..',
      'results',
      `http-${new Date().toISOString().slice(0, 10)}.json`,
    );
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const report = {
      benchmark: 'http',
      date: new Date().toISOString(),
      durationSeconds: round((Date.now() - started) / 1000, 1),
      config: {
        ...ROUNDS,
        apiProcesses: API_PROCESSES,
        connections: CONNECTIONS,
        profileRequests: PROFILE_REQUESTS,
        where: db.where,
      },
      machine: { ...host, loadBefore, loadAfter: os.loadavg().map((x) => round(x, 2)) },
      benchmarks: benches,
      costs,
      ...(statements ? { statements } : {}),
      ...(keyedStatements ? { keyedStatements } : {}),
      floors,
    };
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nresults: ${path.relative(process.cwd(), out)} (${report.durationSeconds} s in all)`);
  } finally {
    await setup?.stop();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// A failure stops what was started (its database), then exits 1.
runBench(main);
