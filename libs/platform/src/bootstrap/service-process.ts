import { CONFIG_ERROR_EXIT_CODE, loadConfig, type AppConfig } from '../config/app-config';
import { ConfigError } from '../config/env-reader';
import type { DatabaseUrls } from '../database/database-url';
import { resolveSharedDatabase, type SharedDatabase } from '../database/shared-database';

export interface ServiceHandle {
  close(): Promise<void>;
}

/**
 * The life of a service process: parse the configuration and the `validators`' settings (exit 78 with every
 * problem named),
 * bring up the database (external or embedded), start, and on SIGINT/SIGTERM close the service
 * before stopping the embedded PostgreSQL.
 */
export async function runServiceProcess(
  name: string,
  start: (config: AppConfig, database: DatabaseUrls) => Promise<ServiceHandle>,
  /** Other settings' parsers (e.g. the alerts'), run first too: every problem is named before anything starts. */
  validators: readonly (() => unknown)[] = [],
): Promise<void> {
  const problems: string[] = [];
  const parse = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
      return undefined;
    }
  };
  const parsed = parse(() => loadConfig());
  for (const validate of validators) parse(validate);
  if (parsed === undefined || problems.length > 0) {
    process.stderr.write(`${name}: ${new ConfigError(problems).message}\n`);
    process.exit(CONFIG_ERROR_EXIT_CODE);
  }
  const config: AppConfig = parsed;
  let db: SharedDatabase | undefined;
  let handle: ServiceHandle | undefined;
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    process.stderr.write(`${name}: ${signal} received, shutting down\n`);
    try {
      await handle?.close();
    } finally {
      await db?.release().catch(() => undefined);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    db = await resolveSharedDatabase(config, name);
    handle = await start(config, db);
  } catch (e) {
    process.stderr.write(
      `${name}: failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    await handle?.close().catch(() => undefined);
    await db?.release().catch(() => undefined);
    process.exit(1);
  }
}
