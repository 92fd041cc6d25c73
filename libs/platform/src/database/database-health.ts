import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type DatabaseOutage, databaseOutageOf } from './database-unavailable';

/** The database as readiness tells it: `up` connected (a write may still fail), `down` no connection. */
export const DATABASE_STATES = ['up', 'down'] as const;
export type DatabaseState = (typeof DATABASE_STATES)[number];

/** What readiness may tell anyone: never a host, a port or a server message (those go to the log). */
export type DatabaseCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** `down`: no connection; `up`: connected, but a write fails. */
      readonly database: DatabaseState;
      readonly reason: DatabaseOutage | 'error';
    };

/**
 * Readiness of the database: can it take a write right now? Connects, then in a transaction it rolls back
 * creates a temporary table (a new, empty file) and inserts a row, which needs a new block on disk: on a full
 * disk that fails (`53100 could not extend file`) as the service's own writes do, while reads still work.
 * A temporary table is the session's own: the probe never waits for a lock (a pg_dump, a rebuild) and leaves
 * nothing behind. (The role needs the TEMPORARY privilege on the database, which PUBLIC has by default.)
 */
@Injectable()
export class DatabaseHealth {
  private readonly log = new Logger('DatabaseHealth');
  private inFlight: Promise<DatabaseCheck> | undefined;
  private lastProblem = '';

  constructor(private readonly dataSource: DataSource) {}

  /** Concurrent callers share one probe. */
  check(timeoutMs = 3000): Promise<DatabaseCheck> {
    this.inFlight ??= this.probe(timeoutMs).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async probe(timeoutMs: number): Promise<DatabaseCheck> {
    const stage = { connected: false };
    const work = (async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.connect();
        await runner.query('SELECT 1');
        stage.connected = true;
        await runner.startTransaction();
        try {
          await runner.query('CREATE TEMPORARY TABLE pm_write_probe (at timestamptz) ON COMMIT DROP');
          await runner.query('INSERT INTO pm_write_probe (at) VALUES (now())');
        } finally {
          await runner.rollbackTransaction().catch(() => undefined);
        }
      } finally {
        await runner.release();
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        work,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (this.lastProblem !== '') this.log.log('the database takes writes again');
      this.lastProblem = '';
      return { ok: true };
    } catch (e) {
      work.catch(() => undefined); // still running after a timeout: it releases its connection when done
      const reason = databaseOutageOf(e) ?? (/no answer within/.test(String(e)) ? 'timeout' : 'error');
      const database =
        stage.connected && reason !== 'unreachable' && reason !== 'shutting_down' ? 'up' : 'down';
      const problem = `${database}/${reason}: ${e instanceof Error ? e.message : String(e)}`;
      if (problem !== this.lastProblem) this.log.warn(`not ready: database ${problem}`);
      this.lastProblem = problem;
      return { ok: false, database, reason };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
