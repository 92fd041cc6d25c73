import { randomInt } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DATABASE_URL } from '@app/platform';

/** Advisory lock class of the owners of Idempotency-Key claims: (class, owner id), one per live process. */
export const IDEMPOTENCY_OWNER_LOCK_CLASS = 72620130;

/**
 * SQL: is the owner `$n` (an integer column or parameter) alive, i.e. does some session hold its lock in this
 * database (advisory locks are per database; another database on the server may use the same ids)?
 */
export const ownerAliveSql = (owner: string): string =>
  `(${owner} IS NOT NULL AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted
     AND l.classid = ${IDEMPOTENCY_OWNER_LOCK_CLASS} AND l.objid = (${owner})::oid AND l.objsubid = 2
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())))`;

/**
 * This process's mark of life for the Idempotency-Key claims it makes: a session advisory lock
 * (IDEMPOTENCY_OWNER_LOCK_CLASS, id) held on a connection of its own. It dies with the process or its connection,
 * so another process can tell a claim whose owner still runs (wait for its answer) from one whose owner died
 * (take it over at once). Without the lock (the database unreachable) claims are made without an owner and
 * count as orphaned: taking one over is safe, since a command's event ids derive from its key.
 */
@Injectable()
export class IdempotencyOwner implements OnApplicationShutdown {
  private readonly log = new Logger('Idempotency');
  private client: Client | undefined;
  private connecting: Promise<number | null> | undefined;
  private stopped = false;
  private current = randomInt(1, 2 ** 31 - 1);
  /** Every id this process has held the lock of (normally one): its claims, whether the lock is held right now or not. */
  private readonly held = new Set<number>();

  constructor(@Inject(DATABASE_URL) private readonly databaseUrl: string) {}

  /**
   * Whether a claim's owner is this process. Asked of the id, not of the lock: while the lock's connection is being
   * made again (the database restarted) `id()` is null, yet the claims this process made before are still its own
   * (in flight here, or let go of by a clean-up the outage stopped), not a live stranger's to wait for.
   */
  isOwn(owner: number | null): boolean {
    return owner !== null && this.held.has(owner);
  }

  /** The owner id to claim keys with: this process's id while its lock is held (taken on first use), else null. */
  async id(): Promise<number | null> {
    if (this.client) return this.current;
    if (this.stopped) return null;
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<number | null> {
    const client = new Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 5000 });
    const lost = (why: string) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.log.warn(`owner lock connection lost (${why}); claims made meanwhile have no owner`);
    };
    client.on('error', (e) => lost(e.message));
    client.on('end', () => lost('closed'));
    try {
      await client.connect();
      for (let i = 0; i < 5; i++) {
        const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
          IDEMPOTENCY_OWNER_LOCK_CLASS,
          this.current,
        ]);
        if (r.rows[0]?.ok) {
          if (this.stopped) break;
          this.client = client;
          this.held.add(this.current);
          return this.current;
        }
        this.current = randomInt(1, 2 ** 31 - 1); // another live process has this id: draw another
      }
    } catch (e) {
      this.log.warn(`owner lock not taken: ${e instanceof Error ? e.message : String(e)}`);
    }
    await client.end().catch(() => undefined);
    return null;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.connecting;
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}
