import type { Op } from '../event-store/harness';
import { processCpuSeconds, serverCpuSeconds } from '../event-store/process-cpu';
import { type RequestCost, requestCost } from './breakdown';
import { childrenCpuSeconds, takeAllQueryCounts } from './processes';
import type { QueryCounts } from './query-counter';
import { type Setup, settle } from './setup';

/**
 * Runs `requests` requests of one kind on `connections` connections, then waits until the consumers have
 * caught up, and divides what the API processes, the worker, the bare servers and PostgreSQL did meanwhile
 * (statements, CPU; each kind's processes in all) by the number of requests.
 */
export async function profile(
  s: Setup,
  key: string,
  label: string,
  op: Op,
  requests: number,
  connections: number,
): Promise<RequestCost> {
  const counted = { api: s.apis, worker: [s.worker] };
  const cpu = async () => ({
    api: childrenCpuSeconds(s.apis),
    worker: processCpuSeconds(s.worker.process.pid!),
    bare: childrenCpuSeconds(s.bares),
    postgres: await serverCpuSeconds(async (q) => (await s.pg.query(q)).rows),
  });
  await settle(s.pg);
  for (const children of Object.values(counted)) await takeAllQueryCounts(children);
  const before = await cpu();
  const t0 = process.hrtime.bigint();
  const per = Math.ceil(requests / connections);
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let i = 0; i < per; i++) await op(c);
    }),
  );
  await settle(s.pg);
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const after = await cpu();
  const queries: Record<string, QueryCounts> = {};
  for (const [name, children] of Object.entries(counted)) queries[name] = await takeAllQueryCounts(children);
  const cpuSeconds = Object.fromEntries(
    (Object.keys(before) as (keyof typeof before)[]).map((k) => [k, after[k] - before[k]]),
  );
  return requestCost(key, label, { requests: per * connections, wallSeconds, cpuSeconds, queries });
}
