import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { EmbeddedPostgresServer } from './embedded-postgres';

export const DEFAULT_DATABASE_NAME = 'progress_monitor';

export interface DatabaseUrls {
  /** What the service's pool connects with (the application role). */
  readonly url: string;
  /** The schema owner, for the migrations and the grants (`undefined`: `url` migrates too). */
  readonly migrationUrl: string | undefined;
}

export interface ResolvedDatabase extends DatabaseUrls {
  readonly embedded: EmbeddedPostgresServer | undefined;
}

/**
 * `DATABASE_URL` (and `DATABASE_MIGRATION_URL`) when set; otherwise start the embedded PostgreSQL under
 * `DATA_DIR/postgres`: the service connects as its application role, the migrations run as `postgres`.
 */
export async function resolveDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'databaseMigrationUrl' | 'dataDir'>,
  log: (line: string) => void = () => undefined,
  /** The embedded server's port (default: a free one). */
  port?: number,
  /** The embedded server to start (default: a new one): the same one when a start is tried again. */
  embedded = embeddedServerOf(config, log),
): Promise<ResolvedDatabase> {
  if (config.databaseUrl !== undefined) {
    return { url: config.databaseUrl, migrationUrl: config.databaseMigrationUrl, embedded: undefined };
  }
  const migrationUrl = await embedded.start(DEFAULT_DATABASE_NAME, port);
  return { url: embedded.appUrl(DEFAULT_DATABASE_NAME), migrationUrl, embedded };
}

/** The embedded server of `DATA_DIR` (under `DATA_DIR/postgres`), not started. */
export function embeddedServerOf(
  config: Pick<AppConfig, 'dataDir'>,
  log: (line: string) => void = () => undefined,
): EmbeddedPostgresServer {
  return new EmbeddedPostgresServer(path.join(config.dataDir, 'postgres'), log);
}

/** Refuses to run tests against a database whose name does not contain "test". */
export function assertTestDatabase(url: string): void {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test".`);
  }
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}
