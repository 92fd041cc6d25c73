import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadAlertsConfig } from '@app/alerts';
import {
  CONFIG_ERROR_EXIT_CODE,
  ConfigError,
  loadConfig,
  resolveSharedDatabase,
  type AppConfig,
} from '@app/platform';
import { CliModule } from './cli.module';

/**
 * Exit codes: 0 ok, 1 failure found (e.g. a broken chain), 2 bad input, 3 a checkpoint's signature does not
 * hold, 4 the store no longer holds a checkpoint's head (removed or rewritten), 78 bad configuration.
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  badInput: 2,
  badSignature: 3,
  checkpointMismatch: 4,
  config: CONFIG_ERROR_EXIT_CODE,
} as const;

export class CliInputError extends Error {}

/** The service's settings and the alerts' (the CLI loads the alerts module: SECRETS_KEY), every problem named. */
export function cliConfig(): AppConfig {
  const problems: string[] = [];
  let config: AppConfig | undefined;
  for (const parse of [() => (config = loadConfig()), () => loadAlertsConfig()]) {
    try {
      parse();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (config === undefined || problems.length > 0) {
    process.stderr.write(`${new ConfigError(problems).message}\n`);
    process.exit(EXIT.config);
  }
  return config;
}

/** Runs `fn` with the service's modules on the configured (or embedded) database, then closes it all. */
export async function withContext<T>(
  fn: (ctx: INestApplicationContext, config: AppConfig) => Promise<T>,
): Promise<T> {
  const config = cliConfig();
  const db = await resolveSharedDatabase(config, 'cli');
  const ctx = await NestFactory.createApplicationContext(
    CliModule.forRoot({
      config: { ...config, importSeedOnStart: false, upkeep: false },
      databaseUrl: db.url,
      migrationUrl: db.migrationUrl,
    }),
    {
      logger: ['fatal', 'error', 'warn'],
    },
  );
  try {
    return await fn(ctx, config);
  } finally {
    await ctx.close();
    await db.release();
  }
}
