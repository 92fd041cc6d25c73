import { fmt, round, table } from '../event-store/harness';
import type { QueryCounts } from './query-counter';

/** Where one request's time goes, averaged over a profiled run (everything it caused, consumers included). */
export interface RequestCost {
  key: string;
  label: string;
  requests: number;
  /** Wall time of the run / requests (several connections: not a latency). */
  wallMsPerRequest: number;
  /** CPU ms per request of each process (`api`, `worker`, `bare`) and of `postgres`. */
  cpuMsPerRequest: Record<string, number>;
  /** Statements (= round trips: node-postgres sends one statement per round trip) per request. */
  statementsPerRequest: number;
  /** Per `<process> · <category>`: statements per request, and ms until their answers per request. */
  categories: Record<string, { statements: number; ms: number }>;
  uncategorised: Record<string, number>;
}

export interface Sample {
  requests: number;
  wallSeconds: number;
  cpuSeconds: Record<string, number>;
  /** Statements counted per process. */
  queries: Record<string, QueryCounts>;
}

export function requestCost(key: string, label: string, s: Sample): RequestCost {
  const per = (x: number) => round(x / s.requests, 3);
  const categories: RequestCost['categories'] = {};
  const uncategorised: Record<string, number> = {};
  let statements = 0;
  for (const [proc, counts] of Object.entries(s.queries)) {
    for (const [name, c] of Object.entries(counts.byCategory)) {
      categories[`${proc} · ${name}`] = { statements: per(c.statements), ms: per(c.ms) };
      statements += c.statements;
    }
    for (const [text, n] of Object.entries(counts.uncategorised)) uncategorised[text] = n;
  }
  return {
    key,
    label,
    requests: s.requests,
    wallMsPerRequest: per(s.wallSeconds * 1000),
    cpuMsPerRequest: Object.fromEntries(Object.entries(s.cpuSeconds).map(([k, v]) => [k, per(v * 1000)])),
    statementsPerRequest: per(statements),
    categories,
    uncategorised,
  };
}

/** One column per request kind: statements and answer-wait ms per request by category, then the CPU split. */
export function printCosts(costs: readonly RequestCost[]): string {
  const most = (name: string) => Math.max(...costs.map((c) => c.categories[name]?.ms ?? 0));
  const names = [...new Set(costs.flatMap((c) => Object.keys(c.categories)))].sort(
    (a, b) => a.split(' · ')[0]!.localeCompare(b.split(' · ')[0]!) || most(b) - most(a),
  );
  const processes = [...new Set(costs.flatMap((c) => Object.keys(c.cpuMsPerRequest)))];
  const cell = (c: RequestCost, name: string) => {
    const x = c.categories[name];
    return x ? `${fmt(x.statements, 2)} / ${fmt(x.ms, 1)}` : '-';
  };
  const rows = [
    ...names.map((n) => [n, ...costs.map((c) => cell(c, n))]),
    ['statements (= round trips), all', ...costs.map((c) => fmt(c.statementsPerRequest, 2))],
    ...processes.map((p) => [`CPU ms, ${p}`, ...costs.map((c) => fmt(c.cpuMsPerRequest[p] ?? NaN, 2))]),
    ['wall ms (run time / requests)', ...costs.map((c) => fmt(c.wallMsPerRequest, 2))],
  ];
  return table(['per request: statements / ms until answered', ...costs.map((c) => c.label)], rows, 1);
}
