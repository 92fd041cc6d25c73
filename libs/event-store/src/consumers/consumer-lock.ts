import { Client } from 'pg';
import { CONSUMER_LOCK_CLASS } from './event-consumer';

/**
 * Tries to take the session lock of the consumer `name` on a connection of its own: the connection when it did,
 * undefined when another process holds it; `lost` when that connection fails. A failure to connect or ask throws
 * (the connection closed). The connection listens to nothing: PostgreSQL signals every listening connection of the
 * database at each committed NOTIFY, whatever its channel, so the process's one listener (`EventsListener`) hears
 * the checkpoints set by hand too.
 */
export async function takeConsumerLock(
  databaseUrl: string,
  name: string,
  lost: (error: Error) => void,
): Promise<Client | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', (e) => lost(e));
  try {
    await client.connect();
    const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
      CONSUMER_LOCK_CLASS,
      name,
    ]);
    if (r.rows[0]?.ok) return client;
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
  await client.end().catch(() => undefined);
  return undefined;
}
