import type { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';

/**
 * Starts watching the data source's pool drop connections; the function returned resolves once the
 * connections of all the given backends are gone from it. A test that terminates a backend needs this
 * before its next query: PostgreSQL closes the socket only after the backend has left pg_stat_activity,
 * and until Node reads that end the pool may hand the dead connection out.
 */
export function watchPoolRemovals(dataSource: DataSource): (pids: readonly number[]) => Promise<void> {
  const pool = (dataSource.driver as unknown as { master: EventEmitter }).master;
  const removed = new Set<number>();
  const waiting = new Set<() => void>();
  pool.on('remove', (client: { processID?: number }) => {
    if (client.processID !== undefined) removed.add(client.processID);
    for (const check of waiting) check();
  });
  return (pids) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!pids.every((p) => removed.has(p))) return;
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
      check();
    });
}
