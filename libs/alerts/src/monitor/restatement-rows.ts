import type { EntityManager } from 'typeorm';
import { type IsoDate, preparedStatement, queryPrepared } from '@app/platform';
import type { AlertEpisode } from '../domain/alert';
import type { AlertRestatedData } from '../domain/alert.events';
import type { AlertRestatement } from '../domain/restate-log';
import { RULES_RESTATED_ON_EVENTS } from '../domain/rules';

/** A row of `alert_restatements`: a restatement of episode `episode` of the alert `alertId`. */
export interface RestatementRow extends AlertRestatement {
  readonly alertId: string;
  readonly episode: number;
}

interface Row {
  alert_id: string;
  episode_no: number;
  as_of: IsoDate;
  version: number;
  reasons: AlertRestatement['reasons'];
  facts: AlertRestatement['facts'];
  recorded_at: Date | null;
}

/** `loadRestatements`'s read: one text (arrays as parameters), parsed and planned once per connection. */
const RESTATEMENTS_FROM = preparedStatement(
  `SELECT r.alert_id, r.episode_no, r.as_of::text AS as_of, r.version, r.reasons, r.facts, r.recorded_at
     FROM unnest($1::text[], $2::date[]) AS f(milestone_id, floor)
     JOIN alerts a ON a.milestone_id = f.milestone_id
    CROSS JOIN LATERAL (
          (SELECT * FROM alert_restatements r WHERE r.alert_id = a.id AND r.as_of <= f.floor
            ORDER BY r.as_of DESC, r.version DESC LIMIT 1)
          UNION ALL
          (SELECT * FROM alert_restatements r WHERE r.alert_id = a.id AND r.as_of > f.floor)) r
    WHERE a.rule = ANY($3::text[]) AND (a.resolved_on IS NULL OR a.resolved_on > f.floor)`,
);

const RESTATED: ReadonlySet<string> = new Set(RULES_RESTATED_ON_EVENTS);

/**
 * The restatements a batch can need, in one query: for each milestone it judges from a day on (`floors`: the first
 * day it judges it as of), the episodes of `restatedOnEvents` rules not resolved by then, each with its latest
 * restatement dated by that day and every one dated after it (the days it may check), through the primary key.
 * Nothing older: what it says from that day on does not depend on them. Read in the batch's transaction `tx`.
 * `episodes`: the rows of `alerts` of at least those milestones, read before in `tx`; the query is sent only for the
 * milestones among them with such an episode (none, most batches: no query).
 */
export async function loadRestatements(
  tx: EntityManager,
  floors: ReadonlyMap<string, IsoDate>,
  episodes: readonly AlertEpisode[],
): Promise<RestatementRow[]> {
  const needed = new Map<string, IsoDate>();
  for (const e of episodes) {
    const floor = floors.get(e.milestoneId);
    if (floor !== undefined && RESTATED.has(e.rule) && (e.resolvedOn === null || e.resolvedOn > floor))
      needed.set(e.milestoneId, floor);
  }
  if (needed.size === 0) return [];
  const rows = await queryPrepared<Row>(tx, RESTATEMENTS_FROM, [
    [...needed.keys()],
    [...needed.values()],
    RULES_RESTATED_ON_EVENTS,
  ]);
  return rows.map((r) => ({
    alertId: r.alert_id,
    episode: r.episode_no,
    on: r.as_of,
    version: r.version,
    reasons: r.reasons,
    facts: r.facts,
    recordedAt: r.recorded_at?.toISOString() ?? null,
  }));
}

/**
 * The restatements of a batch's episodes: those loaded (`loadRestatements`) and those it applies (decided, or read
 * back from the store), and the rows to write at its end: new ones, and a recorded time to fill in.
 */
export class BatchRestatements {
  private readonly byAlert = new Map<string, RestatementRow[]>();
  private readonly pending = new Map<string, RestatementRow>();

  constructor(rows: Iterable<RestatementRow> = []) {
    for (const r of rows) this.of(r.alertId).push(r);
  }

  /** What the batch knows of an episode's restatements (all it can need where its milestone was loaded). */
  of(alertId: string): RestatementRow[] {
    let list = this.byAlert.get(alertId);
    if (list === undefined) this.byAlert.set(alertId, (list = []));
    return list;
  }

  /** A restatement applied: kept once per day and version; a recorded time fills in when its event is read back. */
  record(d: AlertRestatedData, recordedAt: string | null): void {
    const list = this.of(d.alertId);
    const i = list.findIndex((r) => r.on === d.asOf && r.version === d.version);
    const known = list[i];
    if (known && (known.recordedAt !== null || recordedAt === null)) return;
    const row: RestatementRow = {
      alertId: d.alertId,
      episode: d.episode,
      on: d.asOf,
      version: d.version,
      reasons: d.reasons,
      facts: d.facts,
      recordedAt,
    };
    if (known) list[i] = row;
    else list.push(row);
    this.pending.set(`${d.alertId}\n${d.asOf}\n${d.version}`, row);
  }

  /**
   * Writes the new rows and fills the recorded times (one statement). A row already there is left as it is (a
   * replay's), except for a recorded time it lacks.
   */
  async save(tx: Pick<EntityManager, 'query'>): Promise<void> {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()].map((r) => ({
      alert_id: r.alertId,
      episode_no: r.episode,
      as_of: r.on,
      version: r.version,
      reasons: r.reasons,
      facts: r.facts,
      recorded_at: r.recordedAt,
    }));
    await tx.query(
      `INSERT INTO alert_restatements (alert_id, episode_no, as_of, version, reasons, facts, recorded_at)
       SELECT x.alert_id, x.episode_no, x.as_of::date, x.version, x.reasons, x.facts, x.recorded_at::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS x(alert_id text, episode_no int, as_of text, version int,
              reasons jsonb, facts jsonb, recorded_at text)
       ON CONFLICT (alert_id, as_of, version) DO UPDATE SET recorded_at = EXCLUDED.recorded_at
        WHERE alert_restatements.recorded_at IS NULL AND EXCLUDED.recorded_at IS NOT NULL`,
      [JSON.stringify(rows)],
    );
    this.pending.clear();
  }
}
