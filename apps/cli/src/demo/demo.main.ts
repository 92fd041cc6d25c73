import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { TokenService } from '@app/access';
import { EventActorQueries } from '@app/event-store';
import { COMMAND_EVENT_TYPES, DEMO_SIMULATOR_SYSTEM } from '@app/milestones';
import { PlanCatalogQueries } from '@app/plans';
import {
  CONFIG_ERROR_EXIT_CODE,
  ConfigError,
  EnvReader,
  loadConfig,
  resolveSharedDatabase,
  type AppConfig,
} from '@app/platform';
import { adminLogin, ensureLogins } from './demo-logins';
import { printLogins, say, warn } from './demo-output';
import { DEFAULT_DEMO_SEED } from './demo-scenario';
import { simulate, waitForCatalog } from './demo-simulation';
import {
  DEMO_LOGIN_PREFIX,
  DEMO_STATE_FILE,
  type DemoState,
  readDemoState,
  writeDemoState,
} from './demo-state';
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

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
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
    const previous = readDemoState(stateFile);
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
    writeDemoState(stateFile, state);

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
