import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TokenService, type Role } from '@app/access';
import { EventActorQueries } from '@app/event-store';
import { COMMAND_EVENT_TYPES, DEMO_SIMULATOR_SYSTEM } from '@app/milestones';
import { ACTOR_ROLE_LABELS_ZH } from '@app/milestones/labels';
import { PlanCatalogQueries } from '@app/plans';
import {
  CONFIG_ERROR_EXIT_CODE,
  ConfigError,
  EnvReader,
  loadConfig,
  resolveSharedDatabase,
  type AppConfig,
} from '@app/platform';
import { demoReporterUnits, loadDemoCatalog, type DemoCatalog } from './demo-catalog';
import { DEFAULT_DEMO_SEED } from './demo-scenario';
import { httpAlertScan, playDemo } from './play-demo';
import { DemoModule } from './demo.module';

/**
 * The demo simulator, next to a running service of the same DATA_DIR (scripts/demo.js starts both):
 * on a database without reports, plays the simulated 2020–2022 history through the CommandBus, scans the
 * alert rules at every month end over HTTP, creates a demo login per role and prints them.
 *
 *   node dist/apps/cli/src/demo/demo.main.js [--seed S] [--base-url URL]
 *
 * Exit codes: 0 done (or nothing to do), 1 failure, 2 bad input (another seed, real data present), 78 config.
 */

export interface DemoLogin {
  readonly role: Role;
  readonly label: string;
  readonly unit?: string;
  readonly token: string;
}

/** Kept in DATA_DIR (mode 0600): the demo's logins and whether the history is complete. */
export interface DemoState {
  readonly seed: string;
  complete: boolean;
  logins: DemoLogin[];
  commands?: number;
  scans?: number;
  scansUnavailable?: boolean;
  finishedAt?: string;
}

export const DEMO_STATE_FILE = 'demo-state.json';
/** The name of every login the demo creates (and so of the actor of what is recorded with it). */
export const DEMO_LOGIN_PREFIX = '模拟数据·演示登录·';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const warn = (line: string): void => void process.stderr.write(`${line}\n`);

function readState(file: string): DemoState | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoState;
  } catch {
    return null;
  }
}

function writeState(file: string, state: DemoState): void {
  fs.writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

async function waitForCatalog(catalog: PlanCatalogQueries): Promise<DemoCatalog> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const c = await loadDemoCatalog(catalog);
      if (c.milestones.length > 0) return c;
    } catch {
      // the seed plan is still being imported
    }
    if (Date.now() > deadline) throw new Error('the plan catalogue stayed empty for 2 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function ensureLogins(
  tokens: TokenService,
  catalog: PlanCatalogQueries,
  c: DemoCatalog,
  state: DemoState,
  config: AppConfig,
): Promise<DemoLogin[]> {
  const wanted: { role: Role; label: string; unit?: string }[] = [
    { role: 'supervisor', label: '督查室（市发展改革局）' },
    ...demoReporterUnits(c).map((unit) => ({
      role: 'reporter' as const,
      unit,
      label: `${c.unitNames.get(unit) ?? unit}填报员`,
    })),
    { role: 'viewer', label: '只读（市领导、审计）' },
  ];
  const logins: DemoLogin[] = [];
  for (const w of wanted) {
    const kept = state.logins.find((l) => l.role === w.role && (l.unit ?? null) === (w.unit ?? null));
    if (kept && (await tokens.authenticate(kept.token))) {
      logins.push(kept);
      continue;
    }
    const created = await tokens.create(
      { role: w.role, name: `${DEMO_LOGIN_PREFIX}${w.label}`, ...(w.unit ? { unit: w.unit } : {}) },
      DEMO_SIMULATOR_SYSTEM,
      (id) => catalog.unitExists(id),
    );
    logins.push({ role: w.role, label: w.label, ...(w.unit ? { unit: w.unit } : {}), token: created.token });
  }
  return [...adminLogin(config), ...logins];
}

function adminLogin(config: AppConfig): DemoLogin[] {
  return config.bootstrapAdminToken
    ? [{ role: 'admin', label: '系统管理员', token: config.bootstrapAdminToken }]
    : [];
}

/** Plays the simulated history and marks the state complete. */
async function simulate(
  ctx: INestApplicationContext,
  seed: string,
  catalog: DemoCatalog,
  baseUrl: string,
  state: DemoState,
  stateFile: string,
): Promise<void> {
  const supervisor = state.logins.find((l) => l.role === 'supervisor')!;
  say(`生成模拟历史（种子 "${seed}"）：${catalog.milestones.length} 个里程碑，按月填报、核验与月末预警扫描…`);
  const started = Date.now();
  const { result } = await playDemo(ctx, {
    seed,
    catalog,
    scan: httpAlertScan(baseUrl, supervisor.token, (line) => warn(`警告：${line}`)),
    progress: (done, total, month) =>
      process.stderr.write(
        `  ${done}/${total} 条${month ? `（${month.slice(0, 7)}）` : ''}，${Math.round((Date.now() - started) / 1000)} 秒\n`,
      ),
  });
  Object.assign(state, {
    complete: true,
    commands: result.commands,
    scans: result.scans,
    scansUnavailable: result.scansUnavailable,
    finishedAt: new Date().toISOString(),
  });
  writeState(stateFile, state);
  say(
    `完成：${result.commands} 条命令，${result.scans} 次预警扫描，用时 ${Math.round((Date.now() - started) / 1000)} 秒。`,
  );
}

function printLogins(baseUrl: string, logins: readonly DemoLogin[], state: DemoState | null): void {
  say('');
  say('══════════ 三区并进督办 · 演示环境（模拟数据）══════════');
  say(`打开仪表盘：${baseUrl}/`);
  say('以下令牌仅用于本机演示；库中 2020–2022 年的全部填报均为程序生成的【模拟数据】，不是真实工作情况。');
  for (const l of logins) {
    say(`  【${ACTOR_ROLE_LABELS_ZH[l.role]}】${l.label}`);
    say(`      ${l.token}`);
  }
  if (state?.scansUnavailable) {
    say('注意：服务尚无预警扫描接口（POST /api/v1/alerts:scan），本次未生成月末预警。');
  }
  say('═══════════════════════════════════════════════════════');
}

async function main(): Promise<number> {
  let config: AppConfig;
  let seed: string;
  let baseUrl: string;
  try {
    config = loadConfig();
    const env = new EnvReader(process.env);
    seed = arg('seed') ?? env.raw('DEMO_SEED') ?? DEFAULT_DEMO_SEED;
    baseUrl = (
      arg('base-url') ??
      env.url('DEMO_BASE_URL', ['http:', 'https:']) ??
      `http://127.0.0.1:${config.port}`
    ).replace(/\/+$/, '');
    env.done(null);
  } catch (e) {
    if (e instanceof ConfigError) {
      warn(e.message);
      return CONFIG_ERROR_EXIT_CODE;
    }
    throw e;
  }
  const stateFile = path.join(config.dataDir, DEMO_STATE_FILE);
  const db = await resolveSharedDatabase(config, 'demo');
  if (db.embedded) {
    await db.release();
    warn('演示程序需要先启动服务（npm run demo 会自动启动）：没有找到正在运行的服务。');
    return 1;
  }
  const ctx = await NestFactory.createApplicationContext(
    DemoModule.forRoot({
      config: { ...config, importSeedOnStart: false, upkeep: false },
      databaseUrl: db.url,
      migrationUrl: db.migrationUrl,
    }),
    { logger: ['fatal', 'error', 'warn'] },
  );
  try {
    // Simulated events; events recorded with the demo's own logins (token names 模拟数据·…: someone trying the
    // demo); and the rest (real reports).
    const counts = await ctx
      .get(EventActorQueries)
      .countByActor(COMMAND_EVENT_TYPES, DEMO_SIMULATOR_SYSTEM, DEMO_LOGIN_PREFIX);
    const simulated = counts.bySystem;
    const manual = counts.byTokenPrefix + counts.other;
    const previous = readState(stateFile);
    // A demo database: the demo's state file is beside it, or the simulator or the demo's logins wrote to it.
    const demoDatabase = previous !== null || simulated > 0 || counts.byTokenPrefix > 0;
    if (!demoDatabase && manual > 0) {
      // Not a demo database (DEMO_DATABASE_URL pointing at real data): never write simulated data into it.
      warn(`此数据库已有 ${manual} 条真实填报，演示程序不会在其中生成模拟数据。请使用单独的 DEMO_DATA_DIR。`);
      if (config.bootstrapAdminToken) printLogins(baseUrl, adminLogin(config), null);
      return 2;
    }
    if (simulated > 0 && previous && previous.seed !== seed) {
      warn(
        `此演示数据库由种子 "${previous.seed}" 生成，与本次的 "${seed}" 不同。` +
          `要换种子，请删除 ${config.dataDir} 后重新运行。`,
      );
      printLogins(baseUrl, previous.logins, previous);
      return 2;
    }
    const state: DemoState = previous?.seed === seed ? previous : { seed, complete: false, logins: [] };
    // A state file beside a database that was wiped says nothing about this database.
    if (simulated === 0) state.complete = false;
    const catalogQueries = ctx.get(PlanCatalogQueries);
    const catalog = await waitForCatalog(catalogQueries);
    state.logins = await ensureLogins(ctx.get(TokenService), catalogQueries, catalog, state, config);
    writeState(stateFile, state);

    if (!state.complete && manual > 0) {
      // An interrupted simulation that someone has since played with: keep what is there as it is.
      say(
        `模拟历史没有生成完（上次被中断），此后库中已有 ${manual} 条演示中的手工填报；保留现有数据，不再补全。`,
      );
    } else if (!state.complete) {
      try {
        await simulate(ctx, seed, catalog, baseUrl, state, stateFile);
      } catch (e) {
        warn(`模拟数据生成中断：${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        say('下次运行 npm run demo 会从中断处接着生成；下面的令牌现在就能登录。');
        printLogins(baseUrl, state.logins, state);
        return 1;
      }
    } else if (manual > 0) {
      say(`沿用已有的演示数据（含 ${manual} 条演示中的手工填报）。`);
    }
    printLogins(baseUrl, state.logins, state);
    return 0;
  } finally {
    await ctx.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      warn(`演示数据生成失败：${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(1);
    },
  );
}
