import { DEFAULT_SCHEDULE_OPTIONS } from '../rules/schedule';
import { FACT_COLUMNS } from '../milestone-board/milestone-board.rows';
import type { MilestoneFilter, TimeTravel } from './read-model-params';

/**
 * SQL for "every milestone as of D, as known at K", with the derived schedule, days late and health colour.
 *
 * Source rows: a milestone whose latest version is dated ≤ D and whose events were all recorded ≤ K is its
 * board row (the usual case for "now": no join); any other takes, from `rm_milestone_timeline`, its version
 * with the greatest effective date ≤ D, then the greatest position, among those known at K (one index probe
 * per milestone, primary key order). A milestone with no such version did not exist as of D (known at K).
 *
 * Derived columns, at D — the same rules as `scheduleAt` (schedule, days late) and, for health, the version's
 * steps computed by `healthAt` in the projection, read with `width_bucket` (the step in force on D):
 *   schedule  not_due | due_soon | overdue | completed_on_time | completed_late | cancelled
 *   days_late days late (completed late, or overdue so far; a submitted claim stops the clock), else null
 *   health    red | amber | green | grey
 */

const facts = (alias: string) => FACT_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

/** Collects positional parameters. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const PLAN_COLUMNS =
  'b.milestone_id, b.plan_key, b.task_no, b.section, b.task_title, b.text, b.zones, b.districts, b.lead_units, b.cooperating_units';

/** Filters on plan data (board columns, alias b). */
function planWhere(f: MilestoneFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (f.zone !== undefined) where.push(`b.zones @> ARRAY[${p.add(f.zone)}::text]`);
  if (f.district !== undefined) where.push(`b.districts @> ARRAY[${p.add(f.district)}::text]`);
  if (f.unit !== undefined) {
    const u = p.add(f.unit);
    if (f.role === 'lead') where.push(`b.lead_units @> ARRAY[${u}::text]`);
    else if (f.role === 'cooperating') where.push(`b.cooperating_units @> ARRAY[${u}::text]`);
    else where.push(`(b.lead_units @> ARRAY[${u}::text] OR b.cooperating_units @> ARRAY[${u}::text])`);
  }
  if (f.section !== undefined) where.push(`b.section = ${p.add(f.section)}`);
  if (f.q !== undefined) {
    const like = p.add(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(b.text ILIKE ${like} OR b.task_title ILIKE ${like} OR b.milestone_id ILIKE ${like})`);
  }
  if (f.ids !== undefined) where.push(`b.milestone_id = ANY(${p.add(f.ids)}::text[])`);
  return where;
}

/** Filters on the derived columns (alias s). */
function derivedWhere(f: MilestoneFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (f.year !== undefined) where.push(`s.year = ${p.add(f.year)}`);
  if (f.lifecycles !== undefined) where.push(`s.lifecycle = ANY(${p.add(f.lifecycles)}::text[])`);
  if (f.schedules !== undefined) where.push(`s.schedule = ANY(${p.add(f.schedules)}::text[])`);
  if (f.healths !== undefined) where.push(`s.health = ANY(${p.add(f.healths)}::text[])`);
  return where;
}

/**
 * Where the facts come from: `board` when every milestone's latest version is dated ≤ asOf and everything is
 * known (the usual "now": one scan of the board, no join); `timeline` otherwise.
 */
export type FactsSourceMode = 'board' | 'timeline';

/** `board` when the board alone answers (asOf) as known at (knownAt): see `rm_board_meta`. */
export async function factsSourceMode(
  m: { query: <T>(sql: string, params?: unknown[]) => Promise<T> },
  tt: TimeTravel,
): Promise<FactsSourceMode> {
  const [meta] = await m.query<{ on_board: boolean }[]>(
    `SELECT max_effective_on <= $1::date AND max_known_through <= $2::timestamptz AS on_board FROM rm_board_meta`,
    [tt.asOf, tt.knownAt === null ? 'infinity' : tt.knownAt.toISOString()],
  );
  return meta === undefined || meta.on_board ? 'board' : 'timeline';
}

/**
 * A subquery (alias it) of every matching milestone at (asOf, knownAt) with plan columns, fact columns
 * (typed: dates are `date`), `version_on`, `version_position`, `year`, `schedule`, `days_late`, `health`.
 */
export function factsSourceSql(
  tt: TimeTravel,
  f: MilestoneFilter,
  p: SqlParams,
  mode: FactsSourceMode,
): string {
  const asOf = `${p.add(tt.asOf)}::date`;
  const plan = planWhere(f, p);
  const dueSoon = DEFAULT_SCHEDULE_OPTIONS.dueSoonDays;
  let source: string;
  if (mode === 'board') {
    source = `
      SELECT ${PLAN_COLUMNS}, ${facts('b')}, b.health_on, b.health_colour,
             b.last_effective_on AS version_on, b.position AS version_position
        FROM rm_milestones b${plan.length > 0 ? ` WHERE ${plan.join(' AND ')}` : ''}`;
  } else {
    // One scan of the board; a milestone whose board row is not the answer takes its version from the
    // timeline (the lateral subquery is gated on that, so the others cost no index probe).
    const knownAt = `${p.add(tt.knownAt === null ? 'infinity' : tt.knownAt.toISOString())}::timestamptz`;
    const onBoard = `(b.last_effective_on <= ${asOf} AND b.known_through <= ${knownAt})`;
    const pick = (c: string, t = c) => `CASE WHEN t.milestone_id IS NULL THEN b.${c} ELSE t.${t} END AS ${c}`;
    source = `
      SELECT ${PLAN_COLUMNS}, ${FACT_COLUMNS.map((c) => pick(c)).join(', ')},
             ${pick('health_on')}, ${pick('health_colour')},
             CASE WHEN t.milestone_id IS NULL THEN b.last_effective_on ELSE t.effective_on END AS version_on,
             CASE WHEN t.milestone_id IS NULL THEN b.position ELSE t.position END AS version_position
        FROM rm_milestones b
        LEFT JOIN LATERAL (
          SELECT * FROM rm_milestone_timeline t
           WHERE NOT ${onBoard} AND t.milestone_id = b.milestone_id
             AND t.effective_on <= ${asOf} AND t.known_from <= ${knownAt}
           ORDER BY t.effective_on DESC, t.position DESC LIMIT 1) t ON true
       WHERE (${onBoard} OR t.milestone_id IS NOT NULL)${plan.map((w) => ` AND ${w}`).join('')}`;
  }
  const derived = `
    SELECT f.*,
      extract(year FROM f.baseline_due_date)::int AS year,
      CASE
        WHEN f.lifecycle IN ('cancelled', 'withdrawn') THEN 'cancelled'
        WHEN f.lifecycle = 'accepted' THEN
          CASE WHEN coalesce(f.submitted_on, f.accepted_on, ${asOf}) > f.due_date
               THEN 'completed_late' ELSE 'completed_on_time' END
        WHEN ${asOf} > f.due_date THEN 'overdue'
        WHEN f.lifecycle <> 'submitted' AND f.due_date - ${asOf} <= ${dueSoon} THEN 'due_soon'
        ELSE 'not_due'
      END AS schedule,
      CASE
        WHEN f.lifecycle = 'accepted' THEN
          nullif(greatest(coalesce(f.submitted_on, f.accepted_on, ${asOf}) - f.due_date, 0), 0)
        WHEN f.lifecycle IN ('cancelled', 'withdrawn') THEN NULL
        WHEN ${asOf} > f.due_date THEN
          nullif(CASE WHEN f.lifecycle = 'submitted' AND f.submitted_on IS NOT NULL
                      THEN greatest(f.submitted_on - f.due_date, 0)
                      ELSE ${asOf} - f.due_date END, 0)
      END AS days_late,
      f.health_colour[width_bucket(${asOf}, f.health_on)] AS health
    FROM (${source}) f`;
  const where = derivedWhere(f, p);
  return `SELECT * FROM (${derived}) s${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
}
