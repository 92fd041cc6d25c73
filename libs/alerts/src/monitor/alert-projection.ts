import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@app/event-store';
import { preparedStatement, queryPrepared } from '@app/platform';
import { ALERT_EVENTS } from '../domain/alert.events';
import {
  applyAlertEvent,
  episodeState,
  latestEpisode,
  type AlertEpisode,
  type TimedAlertEvent,
} from '../domain/alert';
import { BatchRestatements, type RestatementRow } from './restatement-rows';

/** A stored alert event with when it happened and when it was recorded; null for any other event. */
export function toTimedAlertEvent(e: RecordedEvent): TimedAlertEvent | null {
  const payload = ALERT_EVENTS.payload(e);
  if (payload === undefined) return null;
  return { ...payload, occurredAt: e.metadata.occurredAt, recordedAt: e.recordedAt.toISOString() };
}

/** The `alerts` table: one row per episode, the whole episode in `episode` and the filter columns beside it. */
export async function loadEpisodes(q: Pick<EntityManager, 'query'>): Promise<AlertEpisode[]> {
  const rows = await q.query<{ episode: AlertEpisode }[]>('SELECT episode FROM alerts');
  return rows.map((r) => r.episode);
}

/** A batch's episodes: one text whatever the batch (arrays as parameters), parsed and planned once per connection. */
const EPISODES_OF = preparedStatement(
  'SELECT episode FROM alerts WHERE milestone_id = ANY($1::text[]) OR key = ANY($2::text[])',
);

/** The episodes of some milestones and of some conditions (alert keys), read in the batch's transaction `tx`. */
export async function loadEpisodesOf(
  tx: EntityManager,
  milestoneIds: readonly string[],
  keys: readonly string[],
): Promise<AlertEpisode[]> {
  const rows = await queryPrepared<{ episode: AlertEpisode }>(tx, EPISODES_OF, [milestoneIds, keys]);
  return rows.map((r) => r.episode);
}

/**
 * Episodes of some conditions and their restatements (those the batch can need: `loadRestatements`), kept in memory
 * during a batch and written back at its end.
 */
export class AlertEpisodeCache {
  private readonly byKey = new Map<string, Map<number, AlertEpisode>>();
  private readonly byMilestone = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();
  private readonly restated: BatchRestatements;

  constructor(episodes: Iterable<AlertEpisode> = [], restatements: Iterable<RestatementRow> = []) {
    for (const e of episodes) this.put(e);
    this.restated = new BatchRestatements(restatements);
  }

  private put(e: AlertEpisode): void {
    const m = this.byKey.get(e.key) ?? new Map<number, AlertEpisode>();
    m.set(e.episode, e);
    this.byKey.set(e.key, m);
    const keys = this.byMilestone.get(e.milestoneId) ?? new Set<string>();
    keys.add(e.key);
    this.byMilestone.set(e.milestoneId, keys);
  }

  apply(event: TimedAlertEvent): void {
    const key = event.type === 'AlertRaised' ? event.data.key : event.data.alertId.replace(/:\d+$/, '');
    const before = this.byKey.get(key) ?? new Map<number, AlertEpisode>();
    const after = applyAlertEvent(before, event);
    const e = after.get(event.data.episode);
    if (!e) return;
    // A restatement leaves the episode as it is: its row is added beside it (or its recorded time filled in).
    if (event.type === 'AlertRestated') return this.restated.record(event.data, event.recordedAt ?? null);
    this.put(e);
    this.dirty.add(e.alertId);
  }

  /** The latest episode of each condition of a milestone. */
  latestOf(milestoneId: string): Map<string, AlertEpisode> {
    const out = new Map<string, AlertEpisode>();
    for (const key of this.byMilestone.get(milestoneId) ?? []) {
      const l = latestEpisode(this.byKey.get(key) ?? new Map<number, AlertEpisode>());
      if (l) out.set(key, l);
    }
    return out;
  }

  episode(key: string, episode: number): AlertEpisode | undefined {
    return this.byKey.get(key)?.get(episode);
  }

  /** An episode's restatements as the batch knows them (`BatchRestatements.of`). */
  restatementsOf(alertId: string): readonly RestatementRow[] {
    return this.restated.of(alertId);
  }

  milestoneIds(): string[] {
    return [...this.byMilestone.keys()];
  }

  /** Writes every changed episode (one statement) and the new restatements (one more). */
  async save(tx: Pick<EntityManager, 'query'>): Promise<void> {
    await this.restated.save(tx);
    const rows: AlertEpisode[] = [];
    for (const m of this.byKey.values())
      for (const e of m.values()) if (this.dirty.has(e.alertId)) rows.push(e);
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO alerts (id, key, episode_no, rule, level, milestone_id, task_no, lead_units, cooperating_units,
                           raised_on, state, acknowledged_at, escalated_on, repeats, last_notified_on, resolved_on,
                           raised_recorded_at, acknowledged_recorded_at, escalated_recorded_at, resolved_recorded_at,
                           episode)
       SELECT x.id, x.key, x.episode_no, x.rule, x.level, x.milestone_id, x.task_no,
              ARRAY(SELECT jsonb_array_elements_text(x.lead_units)), ARRAY(SELECT jsonb_array_elements_text(x.cooperating_units)),
              x.raised_on::date, x.state, x.acknowledged_at::timestamptz, x.escalated_on::date, x.repeats,
              x.last_notified_on::date, x.resolved_on::date, x.raised_recorded_at::timestamptz,
              x.acknowledged_recorded_at::timestamptz, x.escalated_recorded_at::timestamptz,
              x.resolved_recorded_at::timestamptz, x.episode
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, key text, episode_no int, rule text, level text,
              milestone_id text, task_no int, lead_units jsonb, cooperating_units jsonb, raised_on text, state text,
              acknowledged_at text, escalated_on text, repeats int, last_notified_on text, resolved_on text,
              raised_recorded_at text, acknowledged_recorded_at text, escalated_recorded_at text,
              resolved_recorded_at text, episode jsonb)
       ON CONFLICT (id) DO UPDATE SET level = EXCLUDED.level, state = EXCLUDED.state,
              acknowledged_at = EXCLUDED.acknowledged_at, escalated_on = EXCLUDED.escalated_on,
              repeats = EXCLUDED.repeats, last_notified_on = EXCLUDED.last_notified_on,
              resolved_on = EXCLUDED.resolved_on, raised_on = EXCLUDED.raised_on,
              raised_recorded_at = EXCLUDED.raised_recorded_at,
              acknowledged_recorded_at = EXCLUDED.acknowledged_recorded_at,
              escalated_recorded_at = EXCLUDED.escalated_recorded_at,
              resolved_recorded_at = EXCLUDED.resolved_recorded_at, episode = EXCLUDED.episode`,
      [
        JSON.stringify(
          rows.map((e) => ({
            id: e.alertId,
            key: e.key,
            episode_no: e.episode,
            rule: e.rule,
            level: e.level,
            milestone_id: e.milestoneId,
            task_no: e.raised.milestone.taskNo,
            lead_units: e.raised.milestone.leadUnits,
            cooperating_units: e.raised.milestone.cooperatingUnits,
            raised_on: e.raisedOn,
            state: episodeState(e),
            acknowledged_at: e.acknowledged?.at ?? null,
            escalated_on: e.escalatedOn,
            repeats: e.repeats,
            last_notified_on: e.lastNotifiedOn,
            resolved_on: e.resolvedOn,
            raised_recorded_at: e.recorded.raised,
            acknowledged_recorded_at: e.recorded.acknowledged,
            escalated_recorded_at: e.recorded.escalated,
            resolved_recorded_at: e.recorded.resolved,
            episode: e,
          })),
        ),
      ],
    );
    this.dirty.clear();
  }
}
