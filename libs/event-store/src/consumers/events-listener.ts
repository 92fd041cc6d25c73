import type { Logger } from '@nestjs/common';
import { setTimeout as pause } from 'node:timers/promises';
import { Client } from 'pg';
import { CHECKPOINT_MOVED_CHANNEL } from './event-consumer';

/** What the listener reports: an append (or a connection), a consumer's checkpoint set by hand. */
export interface ListenerEvents {
  wake(): void;
  /** `name`: the consumer; undefined: any may have moved (a connection: moves may have come while there was none). */
  moved(name: string | undefined): void;
}

/**
 * `LISTEN pm_events` and `LISTEN pm_checkpoint_moved` on one connection of its own, the process's only listening
 * one (PostgreSQL signals every listening connection of the database at each committed NOTIFY, whatever its
 * channel), reconnecting with backoff (200 ms, doubling, up to 5 s): `wake` at each append transaction's NOTIFY, `moved` at
 * each checkpoint set by hand, and both at each connection (they may have come while there was none).
 */
export class EventsListener {
  private client: Client | undefined;
  /** Fires at stop(): ends the connection and a reconnection's backoff under way. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly databaseUrl: string,
    private readonly log: Logger,
    private readonly events: ListenerEvents,
  ) {}

  start(): void {
    void this.listen();
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    let backoff = 200;
    while (!this.stopped) {
      const client = new Client({ connectionString: this.databaseUrl });
      try {
        const closed = new Promise<void>((resolve) => {
          client.on('error', (e) => {
            this.log.warn(`LISTEN connection lost: ${e.message}`);
            resolve();
          });
          client.on('end', () => resolve());
        });
        await client.connect();
        client.on('notification', (m) => {
          if (m.channel === CHECKPOINT_MOVED_CHANNEL) this.events.moved(m.payload ?? '');
          else this.events.wake();
        });
        await client.query(`LISTEN pm_events; LISTEN ${CHECKPOINT_MOVED_CHANNEL}`);
        if (this.stopped) break; // stopped while connecting: `stop` had no client to end (finally ends it)
        this.client = client;
        backoff = 200;
        this.events.moved(undefined);
        this.events.wake();
        await closed;
      } catch (e) {
        if (!this.stopped) this.log.warn(`LISTEN failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        this.client = undefined;
        await client.end().catch(() => undefined);
      }
      await pause(backoff, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      backoff = Math.min(backoff * 2, 5000);
    }
  }
}
