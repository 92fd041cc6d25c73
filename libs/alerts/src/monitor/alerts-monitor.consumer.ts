import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConsumerRunner, type EventConsumer, type StoredEvent } from '@app/event-store';
import { APP_CONFIG, type AppConfig, type IsoDate } from '@app/platform';
import { initialState, type MilestoneState } from '@app/milestones';
import type { AlertEpisode } from '../domain/alert';
import {
  evaluateEvent,
  evaluateResolutions,
  type AlertDecision,
  type RuleSettings,
} from '../domain/alert.rules';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import {
  dayOfInstant,
  groupByMilestone,
  MILESTONE_EVENTS_SQL,
  MILESTONE_TYPES,
  stateAsOf,
  toMilestoneRecord,
  type MilestoneEventRecord,
  type MilestoneEventRow,
} from '../milestones/milestone-history';
import { AlertAppender } from './alert-appender';
import { AlertEpisodeCache, loadEpisodes, toTimedAlertEvent } from './alert-projection';

export const ALERTS_MONITOR = 'alerts-monitor';

export function ruleSettings(config: AppConfig, alerts: AlertsConfig): RuleSettings {
  return {
    dueSoonDays: alerts.dueSoonDays,
    overdueRepeatDays: alerts.overdueRepeatDays,
    escalationDays: alerts.escalationDays,
    disabledRules: alerts.disabledRules,
    health: config.health,
  };
}

/**
 * The monitor: keeps the `alerts` read model from the alert events, and runs the event-driven rules on
 * milestone events (delay reported, forecast after the due date, due date moved later, target lowered) and
 * the resolutions they bring, within seconds of the event. Decisions are taken on the state as of the
 * event's position (its own tables and the milestone's events up to it), so a replay decides the same and its
 * appends are no-ops. An alert raised by a scan is checked once more when it comes by: a milestone event that
 * slipped in between the scan's read and its append cannot leave it open by mistake.
 */
@Injectable()
export class AlertsMonitor implements EventConsumer, OnModuleInit {
  readonly name = ALERTS_MONITOR;
  private readonly settings: RuleSettings;

  constructor(
    private readonly runner: ConsumerRunner,
    private readonly appender: AlertAppender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ALERTS_CONFIG) alertsConfig: AlertsConfig,
  ) {
    this.settings = ruleSettings(config, alertsConfig);
  }

  onModuleInit(): void {
    this.runner.register(this);
  }

  async handle(events: readonly StoredEvent[], tx: EntityManager): Promise<void> {
    const milestoneIds = new Set<string>();
    const keys = new Set<string>();
    let any = false;
    for (const e of events) {
      const a = toTimedAlertEvent(e);
      if (a) {
        any = true;
        keys.add(a.type === 'AlertRaised' ? a.data.key : a.data.alertId.replace(/:\d+$/, ''));
        if (a.type === 'AlertRaised') milestoneIds.add(a.data.milestone.milestoneId);
      } else if (MILESTONE_TYPES.includes(e.type) && e.streamId.startsWith('milestone-')) {
        any = true;
        milestoneIds.add(e.streamId.slice('milestone-'.length));
      }
    }
    if (!any) return;
    const last = events[events.length - 1]!.position;
    const cache = new AlertEpisodeCache(
      await loadEpisodes(tx, { milestoneIds: [...milestoneIds], keys: [...keys] }),
    );
    const history = groupByMilestone(
      (
        await tx.query<MilestoneEventRow[]>(
          `${MILESTONE_EVENTS_SQL} AND stream_id = ANY($2::text[]) AND global_position <= $3 ORDER BY global_position`,
          [MILESTONE_TYPES, [...milestoneIds].map((id) => `milestone-${id}`), last],
        )
      )
        .map(toMilestoneRecord)
        .filter((r): r is MilestoneEventRecord => r !== null),
    );
    const tz = this.config.planTimeZone;
    const notify: string[] = [];
    let runAsOf: IsoDate | null = null;
    const decide = async (decisions: readonly AlertDecision[]): Promise<void> => {
      for (const d of decisions) {
        const appended = await this.appender.append(d, ALERTS_MONITOR);
        if (!appended) continue;
        cache.apply(appended.event);
        if (d.kind !== 'resolve') {
          notify.push(appended.eventId);
          if (runAsOf === null || d.data.asOf > runAsOf) runAsOf = d.data.asOf;
        }
      }
    };

    for (const e of events) {
      const alert = toTimedAlertEvent(e);
      if (alert) {
        cache.apply(alert);
        if (alert.type === 'AlertRaised') {
          // Still true now that every milestone event before it is known?
          const d = alert.data;
          const records = history.get(d.milestone.milestoneId) ?? [];
          const episode = cache.episode(d.key, d.episode);
          if (episode) {
            await decide(
              evaluateResolutions(
                [episode],
                (asOf) => stateAsOf(records, asOf, tz, e.position),
                d.asOf,
                this.settings,
              ),
            );
          }
        }
        continue;
      }
      const r = MILESTONE_TYPES.includes(e.type) ? toMilestoneRecord(toRow(e)) : null;
      if (!r) continue;
      const records = history.get(r.milestoneId) ?? [];
      const day = dayOfInstant(r.occurredAt, tz);
      const before = stateAsOf(records, day, tz, e.position - 1);
      const after = stateAsOf(records, day, tz, e.position);
      if (!after.exists) continue;
      const latest = cache.latestOf(r.milestoneId);
      await decide(
        evaluateEvent(
          before.exists ? before : initialState,
          after,
          { type: r.type, data: r.data, version: r.version, occurredAt: r.occurredAt },
          latest,
          day,
          this.settings,
        ),
      );
      await decide(
        evaluateResolutions(
          openEpisodes(cache.latestOf(r.milestoneId)),
          (asOf): MilestoneState => stateAsOf(records, asOf, tz, e.position),
          day,
          this.settings,
        ),
      );
    }
    await cache.save(tx);
    if (runAsOf !== null) await this.appender.completeRun('events', runAsOf, notify, ALERTS_MONITOR);
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('DELETE FROM alerts');
  }
}

function openEpisodes(latest: ReadonlyMap<string, AlertEpisode>): AlertEpisode[] {
  return [...latest.values()].filter((e) => e.resolvedOn === null);
}

function toRow(e: StoredEvent): MilestoneEventRow {
  return {
    global_position: e.position,
    stream_id: e.streamId,
    stream_version: e.version,
    type: e.type,
    data: e.data,
    occurred_at: e.metadata.occurredAt,
    recorded_at: e.recordedAt,
  };
}
