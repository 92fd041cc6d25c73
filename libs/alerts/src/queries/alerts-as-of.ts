import type { IsoDate } from '@app/platform';
import { assignmentVersionSql, type AssignmentVersionColumns } from '@app/read-models';
import type { MilestoneLifecycle } from '@app/milestones';
import type { AlertEpisode } from '../domain/alert';
import { episodeAt } from '../domain/episode-cut';
import { figuresDay } from '../domain/alert-figures';
import type { Figures } from '../domain/restate-log';
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
 * The assignment of a listed episode `p` (of a rule in `rules`) as of its figures' day `p.at_on`, as known at `$3`:
 * the milestone board's version of it then (the read models' probe). The assignment is the snapshot's, or the
 * milestone's only one. None for a standing item (not on the board) or another rule.
 */
const SUBJECT_SQL = (rules: string) =>
  assignmentVersionSql({
    milestone: 'p.milestone_id',
    assignment: "p.episode->'raised'->'milestone'->>'assignment'",
    asOf: 'p.at_on::date',
    knownAt: 'p.at_known',
    when: `p.rule = ANY(${rules}::text[])`,
  });

/**
 * What was known when a resolved episode's last notice was recorded (not later that day: a claim sent after the
 * 08:30 mail is not in what that mail said), at most `$3`; unknown times count as `$3`.
 */
const NOTICE_KNOWN = `least($3::timestamptz, coalesce(
    (SELECT max((r->>'recordedAt')::timestamptz) FROM jsonb_array_elements(x.episode->'repeatLog') r
      WHERE (r->>'on')::date = x.last_notified_on),
    CASE WHEN x.escalated_on = x.last_notified_on THEN x.escalated_recorded_at END,
    CASE WHEN x.raised_on = x.last_notified_on THEN x.raised_recorded_at END,
    $3::timestamptz))`;

/**
 * What an unresolved listed episode `p`'s restatements say on its figures' day `p.at_on` as known at `$3`
 * (`restatedOn`): the latest dated by then and recorded by then (one not read back yet counts as recorded), the
 * later stream version for one day; a probe of `alert_restatements`' primary key (backwards from the day).
 */
const RESTATED_SQL = `
  SELECT r.reasons, r.facts FROM alert_restatements r
   WHERE NOT p.cut_resolved AND r.alert_id = p.id AND r.as_of <= p.at_on::date
     AND coalesce(r.recorded_at, '-infinity') <= $3::timestamptz
   ORDER BY r.as_of DESC, r.version DESC LIMIT 1`;

/**
 * Episode `$1` as it stands (not cut) and what its restatements say on its figures' day as of `$2` (an unresolved
 * one: that day, never before it was raised), all recorded.
 */
export const EPISODE_SQL = `
  SELECT a.episode, to_jsonb(s) AS said FROM alerts a
    LEFT JOIN LATERAL (SELECT r.reasons, r.facts FROM alert_restatements r
                        WHERE a.resolved_on IS NULL AND r.alert_id = a.id
                          AND r.as_of <= greatest($2::date, a.raised_on)
                        ORDER BY r.as_of DESC, r.version DESC LIMIT 1) s ON true
   WHERE a.id = $1`;

/**
 * One page of `from` (the as-of episodes, filtered), newest first, each with its assignment as of its figures' day
 * (`figuresDay`: the as-of day while unresolved, its last notice once resolved, as known when that notice was
 * recorded) and what its restatements say that day: one statement, two primary-key
 * probes per row of the page (no query per row, nothing for the rows not shown).
 */
export function pageSql(from: string, rules: string, limit: string, offset: string): string {
  return `
  SELECT p.episode, p.cut_resolved, p.cut_acknowledged, p.cut_escalated, p.cut_repeats, p.at_on,
         to_jsonb(v) AS at, to_jsonb(s) AS said
    FROM (SELECT x.*,
                 (CASE WHEN x.cut_resolved THEN x.last_notified_on ELSE greatest($1::date, x.raised_on) END)::text
                   AS at_on,
                 (CASE WHEN x.cut_resolved THEN ${NOTICE_KNOWN} ELSE $3::timestamptz END) AS at_known
            FROM ${from}
           ORDER BY x.raised_on DESC, x.milestone_id, x.id LIMIT ${limit} OFFSET ${offset}) p
    LEFT JOIN LATERAL (${SUBJECT_SQL(rules)}) v ON true
    LEFT JOIN LATERAL (${RESTATED_SQL}) s ON true
   ORDER BY p.raised_on DESC, p.milestone_id, p.id`;
}

export interface AsOfRow {
  episode: AlertEpisode;
  cut_resolved: boolean;
  cut_acknowledged: boolean;
  cut_escalated: boolean;
  cut_repeats: number;
  at_on: IsoDate;
  /** The assignment's version then (as JSON: its dates already text); null when not looked up or not found. */
  at: AssignmentVersionColumns | null;
  /** What its restatements say on its figures' day as known then; null: as raised (or resolved by then). */
  said: Figures | null;
}

/** An episode as it is told: its subject as of its figures' day (null: none looked up) and its restatements. */
export interface ToldEpisode {
  readonly e: AlertEpisode;
  readonly at: SubjectAsOf | null;
  /** What its restatements say on its figures' day; null: as raised. */
  readonly said: Figures | null;
}

/**
 * A row's episode as it stood (its cut), what its restatements say then, and its assignment as of the day its
 * figures are told: only when that is the day probed (a resolved episode whose last notice is not yet known at
 * knownAt: unknown, null).
 */
export function episodeOfRow(r: AsOfRow, asOf: IsoDate): ToldEpisode {
  const e = episodeAt(r.episode, {
    repeats: r.cut_repeats,
    escalated: r.cut_escalated,
    acknowledged: r.cut_acknowledged,
    resolved: r.cut_resolved,
  });
  const said = r.said;
  const v = r.at;
  if (v === null || r.at_on !== figuresDay(e, asOf)) return { e, at: null, said };
  return {
    e,
    said,
    at: {
      lifecycle: v.lifecycle as MilestoneLifecycle,
      submittedOn: v.submitted_on,
      percent: v.percent,
      dueDate: v.due_date,
      period: { from: v.period_from, to: v.period_to },
    },
  };
}
