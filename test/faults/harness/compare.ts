import type { Client } from 'pg';
import type { Tally } from './fault';

/**
 * Read models compared across a replay, with the columns that say when this database did something (not what
 * the events say): they differ by nature. A key in parentheses is a query: the board's packs are compared as
 * readers see them (each assignment's segments concatenated), not as they were cut into segments by the batches.
 */
const PACKS = `(SELECT milestone_id, assignment, string_agg(pack, ''::bytea ORDER BY position) AS pack FROM rm_version_segments GROUP BY milestone_id, assignment)`;

export const REPLAYED_TABLES: Readonly<Record<string, readonly string[]>> = {
  plan_plans: [],
  plan_units: [],
  plan_tasks: [],
  plan_milestones: [],
  rm_milestones: ['segments'],
  [PACKS]: [],
  rm_milestone_timeline: [],
  rm_health_history: [],
  rm_board_meta: ['rebuilt_at'],
  alerts: [],
  alert_restatements: [],
  alert_unit_names: [],
  alert_notified_events: ['notified_at'],
  alert_deliveries: ['attempts', 'next_attempt_at', 'last_error', 'created_at', 'sent_at', 'dead_at'],
};

async function rows(pg: Client, table: string, excluded: readonly string[]): Promise<Map<string, number>> {
  const r = await pg.query<{ row: string }>(
    `SELECT (to_jsonb(x) - $1::text[])::text AS row FROM ${table} x`,
    [excluded],
  );
  const m = new Map<string, number>();
  for (const { row } of r.rows) m.set(row, (m.get(row) ?? 0) + 1);
  return m;
}

/** Set difference both ways (as multisets): rows only in `a` are lost, rows only in `b` unexpected. */
export async function compareTables(a: Client, b: Client, t: Tally): Promise<number> {
  let compared = 0;
  for (const [table, excluded] of Object.entries(REPLAYED_TABLES)) {
    const [ra, rb] = [await rows(a, table, excluded), await rows(b, table, excluded)];
    for (const [row, n] of ra) {
      compared += n;
      const missing = n - (rb.get(row) ?? 0);
      if (missing > 0) t.problem('lost', `${table}: ${row.slice(0, 300)}`, missing);
    }
    for (const [row, n] of rb) {
      const extra = n - (ra.get(row) ?? 0);
      if (extra > 0) t.problem('unexpected', `${table} (replay only): ${row.slice(0, 300)}`, extra);
    }
  }
  return compared;
}
