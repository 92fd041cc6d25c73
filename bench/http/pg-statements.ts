import type { Client } from 'pg';

/** `BENCH_PG_STATEMENTS=1`: the embedded server loads pg_stat_statements (these flags) and the command's SQL is listed. */
export const PG_STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1';
export const PG_STATEMENTS_FLAGS = [
  '-c',
  'shared_preload_libraries=pg_stat_statements',
  '-c',
  'pg_stat_statements.track=all',
  '-c',
  'pg_stat_statements.track_planning=on',
];

/** One statement's share of a request: calls, execution and planning ms (wall, so inflated by a busy CPU), WAL. */
export interface StatementCost {
  readonly callsPerRequest: number;
  readonly execMsPerRequest: number;
  readonly planMsPerRequest: number;
  readonly walBytesPerRequest: number;
  readonly statement: string;
}

/** Starts counting afresh; false (and why, on stderr) when the server does not load the extension. */
export async function resetStatements(pg: Client): Promise<boolean> {
  try {
    await pg.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await pg.query('SELECT pg_stat_statements_reset()');
    return true;
  } catch (e) {
    process.stderr.write(`pg_stat_statements unavailable: ${e instanceof Error ? e.message : String(e)}\n`);
    return false;
  }
}

/** The `limit` statements that took PostgreSQL longest since the reset, per request (nested ones included). */
export async function topStatements(pg: Client, requests: number, limit = 12): Promise<StatementCost[]> {
  const { rows } = await pg.query<{ calls: string; exec: number; plan: number; wal: string; q: string }>(
    `SELECT calls, total_exec_time AS exec, total_plan_time AS plan, wal_bytes AS wal,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS q
       FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
      ORDER BY total_exec_time + total_plan_time DESC LIMIT $1`,
    [limit],
  );
  const per = (x: number) => Math.round((x / requests) * 1000) / 1000;
  return rows.map((r) => ({
    callsPerRequest: per(Number(r.calls)),
    execMsPerRequest: per(r.exec),
    planMsPerRequest: per(r.plan),
    walBytesPerRequest: Math.round(Number(r.wal) / requests),
    statement: r.q,
  }));
}

export function printStatements(costs: readonly StatementCost[]): string {
  const head = 'calls  exec ms  plan ms  WAL bytes  statement (per command, nested statements included)';
  const lines = costs.map(
    (c) =>
      `${c.callsPerRequest.toFixed(2).padStart(5)}  ${c.execMsPerRequest.toFixed(3).padStart(7)}  ` +
      `${c.planMsPerRequest.toFixed(3).padStart(7)}  ${String(c.walBytesPerRequest).padStart(9)}  ${c.statement}`,
  );
  return [head, ...lines].join('\n');
}
