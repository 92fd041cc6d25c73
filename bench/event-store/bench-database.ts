import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresServer, withDatabaseName } from '@app/platform';
import { stopOnInterrupt } from './interrupt';

/** A positive number from the environment, or `fallback` when unset. */
export function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${v}"`);
  return n;
}

export interface BenchDatabase {
  readonly url: string;
  /** Where it runs, for the report. */
  readonly where: string;
  close(): Promise<void>;
}

/**
 * A scratch database for a bench: on BENCH_DATABASE_URL's server (created here, dropped on close; needs
 * CREATEDB), or else a fresh embedded PostgreSQL in a temp directory (`dirPrefix`, started with `serverFlags`),
 * removed on close unless BENCH_KEEP=1.
 */
export async function openBenchDatabase(
  dirPrefix: string,
  serverFlags: readonly string[] = [],
): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    const name = `pm_bench_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: external });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const close = async (): Promise<void> => {
      forget();
      const c = new Client({ connectionString: external });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    };
    // Dropped if the bench is interrupted.
    const forget = stopOnInterrupt(close);
    return {
      url: withDatabaseName(external, name),
      where: `BENCH_DATABASE_URL (scratch database ${name})`,
      close,
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), dirPrefix));
  fs.chmodSync(dir, 0o755); // as root, the package runs PostgreSQL as the `postgres` user
  const server = new EmbeddedPostgresServer(dir, undefined, serverFlags);
  // Stopped, its directory removed, if the bench is interrupted (from its start on: initdb and the start take seconds).
  const starting = server.start('progress_monitor_bench');
  const close = async (): Promise<void> => {
    forget();
    // An interruption during initdb or the start: stopped once started (within the stop's bound: interrupt.ts).
    await starting.catch(() => undefined);
    await server.stop();
    if (process.env.BENCH_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  };
  const forget = stopOnInterrupt(close);
  const tcpUrl = await starting;
  // BENCH_PG_SOCKET=1: through the embedded server's Unix-domain socket instead of TCP to 127.0.0.1.
  const url = process.env.BENCH_PG_SOCKET === '1' ? server.url('progress_monitor_bench', 'socket') : tcpUrl;
  return {
    url,
    where: `embedded PostgreSQL in ${dir}`,
    close,
  };
}
