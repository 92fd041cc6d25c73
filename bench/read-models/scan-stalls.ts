/**
 * Where a query process holds its event loop at the bench's size: on a database the read-models bench rebuilt
 * (`BENCH_DATABASE_URL` as is, e.g. one it kept), the board loaded in this process as the warm-up loads it, then the
 * board's questions
 * each asked once (the first time in the process, then again after a progress report: a new position), while a
 * 1 ms timer notes how late it fires (an event loop held that long: what `/health/live` or a command would wait).
 * Prints per step its time and the longest stall, and every stall over `STALL_MS`.
 *
 *   BENCH_DATABASE_URL=postgres://… node bench/read-models/run.js bench/read-models/scan-stalls.ts
 */
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventStoreModule } from '@app/event-store';
import { FixedClock, loadConfig, PlatformModule, type PlatformOptions } from '@app/platform';
import { PlansModule } from '@app/plans';
import {
  BoardWarmUp,
  MilestoneBoardQueries,
  MilestoneStatsQueries,
  ReadModelsModule,
  STATS_DIMENSIONS,
  UnitAgendaQueries,
} from '@app/read-models';
import { fmt } from '../event-store/harness';
import { tickWithAReport } from './bench-queries';

const TODAY = '2024-12-31';
const PAST = '2021-06-30';
const STALL_MS = 40;
const log = (line: string) => process.stdout.write(`${line}\n`);

@Module({})
class ProbeModule {
  static forRoot(opts: PlatformOptions): DynamicModule {
    return {
      module: ProbeModule,
      imports: [PlatformModule.forRoot(opts), EventStoreModule, PlansModule, ReadModelsModule],
    };
  }
}

/** A 1 ms timer: how late each firing came, per step. */
function probe() {
  let step = '(start)';
  let last = performance.now();
  let worst = 0;
  const stalls: string[] = [];
  let on = true;
  const fire = () => {
    const now = performance.now();
    const late = now - last - 1;
    if (late > worst) worst = late;
    if (late > STALL_MS) stalls.push(`${step}: ${fmt(late, 0)} ms`);
    last = now;
    if (on) setTimeout(fire, 1);
  };
  setTimeout(fire, 1);
  return {
    async step<T>(name: string, run: () => Promise<T>): Promise<T> {
      step = name;
      worst = 0;
      const t0 = performance.now();
      const out = await run();
      await new Promise((r) => setTimeout(r, 5)); // the timer fires once after the step's last stretch
      log(
        `${name.padEnd(52)} ${fmt(performance.now() - t0, 0).padStart(6)} ms, longest stall ${fmt(worst, 0)} ms`,
      );
      return out;
    },
    stop(): string[] {
      on = false;
      return stalls;
    },
  };
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL: a database the read-models bench rebuilt');
  const config = loadConfig({ IMPORT_SEED_ON_START: 'false', LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(
    ProbeModule.forRoot({ config, databaseUrl: url, clock: new FixedClock(`${TODAY}T04:00:00Z`) }),
    { logger: ['error', 'warn'] },
  );
  const stats = app.get(MilestoneStatsQueries);
  const board = app.get(MilestoneBoardQueries);
  const agendas = app.get(UnitAgendaQueries);
  const p = probe();
  const questions = (tag: string): [string, () => Promise<unknown>][] => [
    ...STATS_DIMENSIONS.map((d): [string, () => Promise<unknown>] => [
      `stats/${d}`,
      () => stats.stats(d, {}),
    ]),
    ['milestones (no filter)', () => board.list({})],
    ['milestones?health=red&sort=-daysLate', () => board.list({ health: 'red', sort: '-daysLate' })],
    ['milestones?district=恩平市&q=推进', () => board.list({ district: '恩平市', q: '推进' })],
    ['select (export, every milestone)', () => board.select({})],
    ['units/gov-enping/agenda', () => agendas.agenda('gov-enping', {}, { role: 'admin' })],
    [`stats/zones?asOf=${PAST}${tag}`, () => stats.stats('zones', { asOf: PAST })],
    [
      `units/gov-enping/agenda?asOf=${PAST}`,
      () => agendas.agenda('gov-enping', { asOf: PAST }, { role: 'admin' }),
    ],
  ];
  try {
    // As the warm-up of an API process loads it (`BoardWarmUp`): loaded and evaluated as of today, nothing counted.
    const warmUp = app.get(BoardWarmUp);
    await p.step('load (the warm-up)', async () => {
      warmUp.start();
      while (!warmUp.ready) await new Promise((r) => setTimeout(r, 20));
    });
    for (const [name, run] of questions('')) await p.step(`first: ${name}`, run);
    const tick = tickWithAReport(app, 100_000, TODAY);
    await p.step('a progress report projected', tick);
    for (const [name, run] of questions('')) await p.step(`after it: ${name}`, run);
  } finally {
    const stalls = p.stop();
    log(`stalls over ${STALL_MS} ms: ${stalls.length ? stalls.join('; ') : 'none'}`);
    await app.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
