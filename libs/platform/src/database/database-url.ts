import * as path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { EmbeddedPostgresServer } from './embedded-postgres';

export const DEFAULT_DATABASE_NAME = 'progress_monitor';

export interface ResolvedDatabase {
  readonly url: string;
  readonly embedded: EmbeddedPostgresServer | undefined;
}

/** `DATABASE_URL` when set; otherwise start (or reuse) the embedded PostgreSQL under `DATA_DIR/postgres`. */
export async function resolveDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>,
  log: (line: string) => void = () => undefined,
): Promise<ResolvedDatabase> {
  if (config.databaseUrl !== undefined) return { url: config.databaseUrl, embedded: undefined };
  const embedded = new EmbeddedPostgresServer(path.join(config.dataDir, 'postgres'), log);
  const url = await embedded.start(DEFAULT_DATABASE_NAME);
  return { url, embedded };
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
