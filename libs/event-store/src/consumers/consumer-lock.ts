import { Client } from 'pg';
import { CHECKPOINT_MOVED_CHANNEL, CONSUMER_LOCK_CLASS } from './event-consumer';

/** What the connection holding a consumer's lock reports: its loss, and the consumer's checkpoint set by hand. */
export interface LockEvents {
  lost(error: Error): void;
  moved(): void;
}

/**
 * Tries to take the session lock of the consumer `name` on a connection of its own: the connection when it did
 * (listening there for `CHECKPOINT_MOVED_CHANNEL`, so a skip done by another process wakes the loop), undefined
 * when another process holds it. A failure to connect or ask throws (the connection closed).
 */
export async function takeConsumerLock(
  databaseUrl: string,
  name: string,
  events: LockEvents,
): Promise<Client | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', (e) => events.lost(e));
  client.on('notification', (m) => {
    if (m.channel === CHECKPOINT_MOVED_CHANNEL && m.payload === name) events.moved();
  });
  try {
    await client.connect();
    const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
      CONSUMER_LOCK_CLASS,
      name,
    ]);
    if (r.rows[0]?.ok) {
      await client.query(`LISTEN ${CHECKPOINT_MOVED_CHANNEL}`);
      return client;
    }
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
  await client.end().catch(() => undefined);
  return undefined;
}
