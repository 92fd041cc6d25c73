import type { FactsRow } from '../milestone-board/fact-columns';
import { selectFacts } from '../milestone-board/fact-columns';
import { PLAN_COLUMN_NAMES, type PlanColumns } from '../milestone-board/board-rows';
import type { IsoDate } from '@app/platform';
import type { TimeTravelKey } from './board-evaluation';

/** An assignment as of a date, as known at an instant: its board row's plan data and its version then. */
export interface AssignmentRow extends FactsRow, PlanColumns {
  milestone_id: string;
  assignment: string;
  assignment_no: number;
  assignment_lead_units: string[];
  /** The version shown: its effective date and the position of the event that wrote it. */
  version_on: IsoDate;
  version_position: string | number;
}

type Queryable = { query: <T>(sql: string, params?: unknown[]) => Promise<T> };

/**
 * Every assignment of some milestones as of asOf, as known at knownAt, in plan order: per board row one probe of
 * the timeline's primary key (`milestone_id, assignment, effective_on, position`, read backwards) for its version
 * with the greatest effective date ≤ asOf, then the greatest position, among those known then. An assignment with
 * no such version was not in the plan then (a milestone with none: 404). The milestone's own state is derived
 * from these rows in TypeScript (`milestoneAnswer`), as the roll-ups derive it.
 */
export async function assignmentRows(
  m: Queryable,
  tt: TimeTravelKey,
  ids: readonly string[],
): Promise<Map<string, AssignmentRow[]>> {
  const out = new Map<string, AssignmentRow[]>();
  if (ids.length === 0) return out;
  const rows = await m.query<AssignmentRow[]>(
    `SELECT b.milestone_id, b.assignment, b.assignment_no, b.assignment_lead_units,
            ${PLAN_COLUMN_NAMES.map((c) => `b.${c}`).join(', ')}, ${selectFacts('v')},
            v.effective_on::text AS version_on, v.position AS version_position
       FROM rm_milestones b
       JOIN LATERAL (
         SELECT * FROM rm_milestone_timeline t
          WHERE t.milestone_id = b.milestone_id AND t.assignment = b.assignment
            AND t.effective_on <= $2::date AND t.known_from <= $3::timestamptz
          ORDER BY t.effective_on DESC, t.position DESC LIMIT 1) v ON true
      WHERE b.milestone_id = ANY($1::text[])
      ORDER BY b.milestone_id, b.assignment_no`,
    [ids, tt.asOf, tt.knownAt === null ? 'infinity' : tt.knownAt.toISOString()],
  );
  for (const r of rows) {
    const list = out.get(r.milestone_id);
    if (list) list.push(r);
    else out.set(r.milestone_id, [r]);
  }
  return out;
}

/** The facts of an assignment's version another lib's statement may read (`assignmentVersionSql`). */
export interface AssignmentVersionColumns {
  lifecycle: string;
  submitted_on: IsoDate | null;
  percent: number | null;
  due_date: IsoDate;
  period_from: number;
  period_to: number;
}

/**
 * The probe of `assignmentRows` as a fragment for another lib's statement (a `LEFT JOIN LATERAL (…) v ON true`), so
 * its list stays one statement: the version of the milestone `milestone`'s assignment `assignment` (SQL expressions;
 * a null assignment: the milestone's first, the only one of a milestone led as a whole) with the greatest effective
 * date ≤ `asOf`, then the greatest position, among those known at `knownAt`; nothing unless `when` holds. One probe
 * of the timeline's primary key, read backwards. Columns: `AssignmentVersionColumns`.
 */
export function assignmentVersionSql(o: {
  milestone: string;
  assignment: string;
  asOf: string;
  knownAt: string;
  when: string;
}): string {
  return `
  SELECT t.lifecycle, t.submitted_on::text AS submitted_on, t.percent, t.due_date::text AS due_date,
         t.period_from, t.period_to
    FROM rm_milestone_timeline t
   WHERE (${o.when})
     AND t.milestone_id = ${o.milestone}
     AND t.assignment = coalesce(${o.assignment},
           (SELECT b.assignment FROM rm_milestones b WHERE b.milestone_id = ${o.milestone}
             ORDER BY b.assignment_no LIMIT 1))
     AND t.effective_on <= ${o.asOf} AND t.known_from <= ${o.knownAt}
   ORDER BY t.effective_on DESC, t.position DESC LIMIT 1`;
}
