import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_ERROR_EXIT_CODE, ConfigError, loadConfig, type AppConfig } from '../config/app-config';
import { resolveDatabase, type ResolvedDatabase } from '../database/database-url';

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
  start: (config: AppConfig, databaseUrl: string) => Promise<ServiceHandle>,
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
  let db: ResolvedDatabase | undefined;
  let handle: ServiceHandle | undefined;
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    process.stderr.write(`${name}: ${signal} received, shutting down\n`);
    try {
      await handle?.close();
    } finally {
      await db?.embedded?.stop().catch(() => undefined);
      if (db?.embedded) fs.rmSync(runningFile(config), { force: true });
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    db = await resolveSharedDatabase(config, name);
    handle = await start(config, db.url);
  } catch (e) {
    process.stderr.write(
      `${name}: failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    await handle?.close().catch(() => undefined);
    await db?.embedded?.stop().catch(() => undefined);
    process.exit(1);
  }
}

function runningFile(config: Pick<AppConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'postgres', 'running.json');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Like resolveDatabase, but when a service process of this DATA_DIR already runs the embedded
 * server, reuse it (the CLI next to a running service); when this process starts it, say so in
 * `DATA_DIR/postgres/running.json`.
 */
export async function resolveSharedDatabase(config: AppConfig, name: string): Promise<ResolvedDatabase> {
  if (config.databaseUrl === undefined) {
    const file = runningFile(config);
    try {
      const info = JSON.parse(fs.readFileSync(file, 'utf8')) as { url: string; pid: number };
      if (info.pid !== process.pid && alive(info.pid)) return { url: info.url, embedded: undefined };
    } catch {
      // not running
    }
  }
  const db = await resolveDatabase(config, (line) => {
    if (/FATAL|PANIC|ERROR/.test(line)) process.stderr.write(`[postgres] ${line}\n`);
  });
  if (db.embedded) {
    fs.writeFileSync(runningFile(config), JSON.stringify({ url: db.url, pid: process.pid, by: name }), {
      mode: 0o600,
    });
  }
  return db;
}
