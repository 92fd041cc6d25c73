import { CONFIG_ERROR_EXIT_CODE, loadConfig, type AppConfig } from '../config/app-config';
import { ConfigError } from '../config/env-reader';
import type { DatabaseUrls } from '../database/database-url';
import { resolveSharedDatabase, type SharedDatabase } from '../database/shared-database';
import { PORT_UNAVAILABLE_EXIT_CODE, portProblem } from './port-check';
import { loadServiceSettings, type ServiceSettings, stopDeadlineMs } from './service-settings';
import { beginShutdown } from './shutdown';

export interface ServiceHandle {
  /** Stops the service: connections given up to `graceMs` to finish what they are doing. */
  close(graceMs: number): Promise<void>;
  /** The longest one step of its background work may take once begun (a mail send): the stop waits for it. */
  readonly longestStepMs?: number;
}

/**
 * The life of a service process: parse the configuration and the `validators`' settings (exit 78 with every
 * problem named),
 * check that PORT can be listened on (`listens`; else exit 69 naming PORT), bring up the database (external or
 * embedded), start, and on SIGINT/SIGTERM close the service (SHUTDOWN_GRACE_MS for the requests in flight)
 * before stopping the embedded PostgreSQL; a stop that takes longer than `stopDeadlineMs` exits 1.
 */
export async function runServiceProcess(
  name: string,
  start: (config: AppConfig, database: DatabaseUrls, settings: ServiceSettings) => Promise<ServiceHandle>,
  /** Other settings' parsers (e.g. the alerts'), run first too: every problem is named before anything starts. */
  validators: readonly (() => unknown)[] = [],
  opts: { readonly listens?: boolean } = {},
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
  const parsed = parse(() => loadConfig(process.env, { listens: opts.listens }));
  const settings = parse(() => loadServiceSettings());
  for (const validate of validators) parse(validate);
  if (parsed === undefined || settings === undefined || problems.length > 0) {
    process.stderr.write(`${name}: ${new ConfigError(problems).message}\n`);
    process.exit(CONFIG_ERROR_EXIT_CODE);
  }
  const config: AppConfig = parsed;
  const { shutdownGraceMs } = settings;
  const busy = opts.listens ? await portProblem(config.port, config.host) : undefined;
  if (busy !== undefined) {
    process.stderr.write(`${name}: ${busy}\n`);
    process.exit(PORT_UNAVAILABLE_EXIT_CODE);
  }
  let db: SharedDatabase | undefined;
  let handle: ServiceHandle | undefined;
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    process.stderr.write(`${name}: ${signal} received, shutting down\n`);
    beginShutdown();
    const limit = stopDeadlineMs(settings, handle?.longestStepMs);
    setTimeout(() => {
      process.stderr.write(`${name}: not stopped within ${limit} ms, exiting\n`);
      process.exit(1);
    }, limit).unref();
    try {
      await handle?.close(shutdownGraceMs);
    } finally {
      await db?.release().catch(() => undefined);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    db = await resolveSharedDatabase(config, name);
    handle = await start(config, db, settings);
  } catch (e) {
    process.stderr.write(
      `${name}: failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    await handle?.close(0).catch(() => undefined);
    await db?.release().catch(() => undefined);
    process.exit(1);
  }
}
