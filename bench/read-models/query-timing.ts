import { fmt, percentile, round, table } from '../event-store/harness';

export interface Latency {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  runs: number;
}

export interface TimedQuery {
  readonly name: string;
  /** Runs the query; returns the number of rows (groups, items) it gave. */
  readonly run: () => Promise<number>;
}

export interface QueryResult {
  name: string;
  /** The very first run: the board evaluated for this date and knowledge (after the board was loaded). */
  firstMs: number;
  /** The first query after an event was projected: the answer is computed again. */
  cold: Latency;
  /** The same query again at the same position: answered from the position-keyed cache. */
  warm: Latency;
  rows: number;
}

function latency(t: number[]): Latency {
  return {
    p50Ms: round(percentile(t, 50), 1),
    p95Ms: round(percentile(t, 95), 1),
    maxMs: round(Math.max(...t), 1),
    runs: t.length,
  };
}

async function timed(q: TimedQuery): Promise<{ ms: number; rows: number }> {
  const t0 = process.hrtime.bigint();
  const rows = await q.run();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, rows };
}

/**
 * Each query once (its first run), `warmup` more times, then `runs` times cold (an event is appended and projected
 * first, so no remembered answer serves) and `runs` times warm; rounds alternate the queries, so drift and outside
 * load hit them alike.
 */
export async function timeQueries(
  queries: readonly TimedQuery[],
  tick: () => Promise<void>,
  runs: number,
  warmup: number,
): Promise<QueryResult[]> {
  const first = new Map<string, number>();
  const rows = new Map<string, number>();
  for (const q of queries) {
    const r = await timed(q);
    first.set(q.name, r.ms);
    rows.set(q.name, r.rows);
  }
  for (let r = 0; r < warmup; r++) for (const q of queries) await q.run();
  const cold = new Map<string, number[]>(queries.map((q) => [q.name, []]));
  const warm = new Map<string, number[]>(queries.map((q) => [q.name, []]));
  for (let r = 0; r < runs; r++) {
    for (const q of queries) {
      await tick();
      cold.get(q.name)!.push((await timed(q)).ms);
      warm.get(q.name)!.push((await timed(q)).ms);
    }
  }
  return queries.map((q) => ({
    name: q.name,
    firstMs: round(first.get(q.name)!, 1),
    cold: latency(cold.get(q.name)!),
    warm: latency(warm.get(q.name)!),
    rows: rows.get(q.name) ?? 0,
  }));
}

export function resultsTable(rs: readonly QueryResult[]): string {
  return table(
    ['query', 'first', 'cold p50', 'cold p95', 'cold max', 'warm p50', 'warm p95', 'rows'],
    rs.map((r) => [
      r.name,
      fmt(r.firstMs, 1),
      fmt(r.cold.p50Ms, 1),
      fmt(r.cold.p95Ms, 1),
      fmt(r.cold.maxMs, 1),
      fmt(r.warm.p50Ms, 1),
      fmt(r.warm.p95Ms, 1),
      fmt(r.rows),
    ]),
    1,
  );
}
