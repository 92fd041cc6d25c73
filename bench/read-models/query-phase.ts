import * as path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MilestoneStatsQueries } from '@app/read-models';
import { fmt, round } from '../event-store/harness';
import { benchQueries, tickWithAReport } from './bench-queries';
import { resultsTable, timeQueries, type QueryResult } from './query-timing';

/** The read-models bench's settings that the query phase takes (read-models.bench.ts: its environment). */
export interface QueryPhaseOptions {
  readonly milestones: number;
  /** Timed runs per query, after `warmup` untimed ones. */
  readonly runs: number;
  readonly warmup: number;
  /** The current state's date (asOf). */
  readonly today: string;
  readonly log: (line: string) => void;
}

/** The queries, cold and warm, after the board was loaded into memory (its load time and the memory it took). */
export async function queryPhase(
  app: INestApplicationContext,
  ds: DataSource,
  events: number,
  { milestones, runs, warmup, today, log }: QueryPhaseOptions,
) {
  if (process.env.BENCH_HOOK) {
    // A script of your own (e.g. EXPLAIN ANALYZE of a query) run on the rebuilt database.
    const hook = (await import(path.resolve(process.env.BENCH_HOOK))) as {
      default: (ds: DataSource) => Promise<void>;
    };
    await hook.default(ds);
  }
  const [someEvent] = await ds.query<{ recorded_at: Date }[]>(
    'SELECT recorded_at FROM events WHERE global_position = $1',
    [Math.floor(events / 2)],
  );
  const { current, travel, singles } = benchQueries(app, milestones, someEvent!.recorded_at.toISOString());
  const tick = tickWithAReport(app, milestones, today);
  // The first question of a process loads the board into memory (then each event costs an indexed read).
  const t1 = process.hrtime.bigint();
  await app.get(MilestoneStatsQueries).stats('zones', {});
  const boardLoadMs = round(Number(process.hrtime.bigint() - t1) / 1e6, 0);
  log(`first current-state query of the process (loads the board into memory): ${fmt(boardLoadMs)} ms`);
  const mem = process.memoryUsage();
  const memory = {
    rssMiB: round(mem.rss / 2 ** 20, 0),
    arrayBuffersMiB: round(mem.arrayBuffers / 2 ** 20, 0),
  };
  log(
    `  process memory after it: rss ${fmt(memory.rssMiB)} MiB, of which array buffers ${fmt(memory.arrayBuffersMiB)} MiB`,
  );
  const currentResults = await timeQueries(current, tick, runs, warmup);
  const travelResults = await timeQueries([...travel, ...singles], tick, runs, warmup);
  const print = (title: string, rs: QueryResult[]) => log(`\n${title}\n${resultsTable(rs)}`);
  print(`current state (asOf ${today}, everything known), ${runs} runs each`, currentResults);
  print(`time travel and single milestones, ${runs} runs each`, travelResults);
  return { boardLoadMs, memory, current: currentResults, timeTravelAndSingles: travelResults };
}

/** Every floor of the read models, with the value measured. */
export function floorsOf(
  rebuildRate: number,
  q: Awaited<ReturnType<typeof queryPhase>>,
  log: (line: string) => void,
) {
  const worst = (rs: QueryResult[], prefix: string, kind: 'cold' | 'warm') =>
    Math.max(...rs.filter((r) => r.name.startsWith(prefix)).map((r) => r[kind].p95Ms));
  const floor = (value: number, limit: number, atLeast = false) => ({
    floor: limit,
    value,
    pass: atLeast ? value >= limit : value < limit,
  });
  const floors = {
    rebuildEventsPerSecond: floor(rebuildRate, 20_000, true),
    currentStatsColdP95Ms: floor(worst(q.current, 'stats/', 'cold'), 50),
    currentStatsWarmP95Ms: floor(worst(q.current, 'stats/', 'warm'), 50),
    filteredListColdP95Ms: floor(worst(q.current, 'milestones', 'cold'), 50),
    filteredListWarmP95Ms: floor(worst(q.current, 'milestones', 'warm'), 50),
    timeTravelStatsColdP95Ms: floor(worst(q.timeTravelAndSingles, 'stats/', 'cold'), 50),
    timeTravelListColdP95Ms: floor(worst(q.timeTravelAndSingles, 'milestones?', 'cold'), 50),
  };
  log('\nfloors');
  for (const [k, f] of Object.entries(floors)) {
    log(`  ${f.pass ? 'PASS' : 'FAIL'} ${k}: ${fmt(f.value, 1)} (floor ${fmt(f.floor)})`);
  }
  return floors;
}
