import type { IsoDate } from '@app/platform';
import type { MilestoneLifecycle } from '@app/milestones';
import { episodeAt, type AlertEpisode } from '../domain/alert';
import { figuresDay } from '../domain/alert-figures';
import type { SubjectAsOf } from '../domain/subject';

/**
 * Each episode as of the day `$1` (ending at the instant `$2`) as known at `$3`: raised by then (else not
 * listed), and which later transitions had happened and been recorded. A transition whose event the monitor
 * has not read back yet (recorded time unknown for a moment) counts as recorded.
 */
export const AS_OF_SQL = `
  SELECT a.*,
         (a.resolved_on <= $1::date AND coalesce(a.resolved_recorded_at, '-infinity') <= $3::timestamptz)
           IS TRUE AS cut_resolved,
         (a.acknowledged_at < $2::timestamptz AND coalesce(a.acknowledged_recorded_at, '-infinity') <= $3::timestamptz)
           IS TRUE AS cut_acknowledged,
         (a.escalated_on <= $1::date AND coalesce(a.escalated_recorded_at, '-infinity') <= $3::timestamptz)
           IS TRUE AS cut_escalated,
         (SELECT count(*)::int FROM jsonb_array_elements(a.episode->'repeatLog') r
           WHERE (r->>'on')::date <= $1::date
             AND coalesce((r->>'recordedAt')::timestamptz, '-infinity') <= $3::timestamptz) AS cut_repeats
    FROM alerts a
   WHERE a.raised_on <= $1::date AND coalesce(a.raised_recorded_at, '-infinity') <= $3::timestamptz`;

/**
 * The assignment of a listed episode `p` (of a rule in `$rules`) as of its figures' day `p.at_on`, as known at `$3`:
 * the milestone board's version of it then (`rm_milestone_timeline`, one probe of its primary key read backwards,
 * as `assignmentRows` does). The assignment is the snapshot's, or the milestone's only one. None for a standing
 * item (not on the board) or another rule.
 */
const SUBJECT_SQL = (rules: string) => `
  SELECT t.lifecycle AS at_lifecycle, t.submitted_on::text AS at_submitted_on, t.percent AS at_percent,
         t.due_date::text AS at_due_date, t.period_from AS at_period_from, t.period_to AS at_period_to
    FROM rm_milestone_timeline t
   WHERE p.rule = ANY(${rules}::text[])
     AND t.milestone_id = p.milestone_id
     AND t.assignment = coalesce(p.episode->'raised'->'milestone'->>'assignment',
           (SELECT b.assignment FROM rm_milestones b WHERE b.milestone_id = p.milestone_id
             ORDER BY b.assignment_no LIMIT 1))
     AND t.effective_on <= p.at_on::date AND t.known_from <= $3::timestamptz
   ORDER BY t.effective_on DESC, t.position DESC LIMIT 1`;

/**
 * One page of `from` (the as-of episodes, filtered), newest first, each with its assignment as of its figures' day
 * (`figuresDay`: the as-of day while unresolved, its last notice once resolved): one statement, one primary-key
 * probe per row of the page (no query per row, nothing for the rows not shown).
 */
export function pageSql(from: string, rules: string, limit: string, offset: string): string {
  return `
  SELECT p.episode, p.cut_resolved, p.cut_acknowledged, p.cut_escalated, p.cut_repeats, p.at_on, v.*
    FROM (SELECT x.*,
                 (CASE WHEN x.cut_resolved THEN x.last_notified_on ELSE greatest($1::date, x.raised_on) END)::text
                   AS at_on
            FROM ${from}
           ORDER BY x.raised_on DESC, x.milestone_id, x.id LIMIT ${limit} OFFSET ${offset}) p
    LEFT JOIN LATERAL (${SUBJECT_SQL(rules)}) v ON true
   ORDER BY p.raised_on DESC, p.milestone_id, p.id`;
}

export interface AsOfRow {
  episode: AlertEpisode;
  cut_resolved: boolean;
  cut_acknowledged: boolean;
  cut_escalated: boolean;
  cut_repeats: number;
  at_on: IsoDate;
  at_lifecycle: MilestoneLifecycle | null;
  at_submitted_on: IsoDate | null;
  at_percent: number | null;
  at_due_date: IsoDate;
  at_period_from: number;
  at_period_to: number;
}

/**
 * A row's episode as it stood (its cut), and its assignment as of the day its figures are told: only when that is
 * the day probed (a resolved episode whose last notice is not yet known at knownAt: unknown, null).
 */
export function episodeOfRow(r: AsOfRow, asOf: IsoDate): { e: AlertEpisode; at: SubjectAsOf | null } {
  const e = episodeAt(r.episode, {
    repeats: r.cut_repeats,
    escalated: r.cut_escalated,
    acknowledged: r.cut_acknowledged,
    resolved: r.cut_resolved,
  });
  if (r.at_lifecycle === null || r.at_lifecycle === undefined || r.at_on !== figuresDay(e, asOf)) {
    return { e, at: null };
  }
  return {
    e,
    at: {
      lifecycle: r.at_lifecycle,
      submittedOn: r.at_submitted_on,
      percent: r.at_percent === null ? null : Number(r.at_percent),
      dueDate: r.at_due_date,
      period: { from: r.at_period_from, to: r.at_period_to },
    },
  };
}
