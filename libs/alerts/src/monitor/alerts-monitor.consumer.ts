import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConsumerRunner, EventStore, type EventConsumer, type RecordedEvent } from '@app/event-store';
import { APP_CONFIG, type AppConfig, type IsoDate } from '@app/platform';
import { evolve, initialState } from '@app/milestones';
import type { AlertEpisode } from '../domain/alert';
import { evaluateEvent, evaluateResolutions, type AlertDecision } from '../domain/evaluate';
import { evaluateRestatements } from '../domain/restate';
import { RULES } from '../domain/rules';
import type { RuleSettings } from '../domain/subject';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import { dayOfInstant, stateAsOf, type History } from '../history/state-as-of';
import { AlertAppender } from './alert-appender';
import { AlertEpisodeCache, loadEpisodesOf } from './alert-projection';
import {
  batchScope,
  eventsByStream,
  MONITOR_EVENTS,
  openEpisodes,
  readEvent,
  restatementFloors,
} from './monitor-batch';
import { loadRestatements } from './restatement-rows';
import { StreamHistories } from './stream-histories';

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
 * milestone events, assignment by assignment (delay reported, forecast after the due date, due date moved later, target lowered) and
 * the resolutions they (and standing-item reports) bring, within seconds of the event. Decisions are taken on the state as of the
 * event's position (its own tables and the milestone's events up to it), so a replay decides the same and its
 * appends are no-ops. An alert raised by a scan is checked once more when it comes by: a milestone event that
 * slipped in between the scan's read and its append cannot leave it open by mistake.
 */
@Injectable()
export class AlertsMonitor implements EventConsumer, OnModuleInit {
  readonly name = ALERTS_MONITOR;
  /** Batches of other events (plan imports, runs, deliveries) only move the checkpoint. */
  readonly types = MONITOR_EVENTS.types;
  private readonly settings: RuleSettings;
  /** The judged streams' histories, kept between batches (only what was appended since is read). */
  private readonly histories: StreamHistories;

  constructor(
    private readonly runner: ConsumerRunner,
    store: EventStore,
    private readonly appender: AlertAppender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ALERTS_CONFIG) alertsConfig: AlertsConfig,
  ) {
    this.settings = ruleSettings(config, alertsConfig);
    this.histories = new StreamHistories(store);
  }

  onModuleInit(): void {
    this.runner.register(this);
  }

  async handle(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    const reads = events.map(readEvent);
    const { streams, subjects, keys } = batchScope(reads);
    if (keys.size === 0 && subjects.size === 0) return;
    const last = events[events.length - 1]!.position;
    const tz = this.config.planTimeZone;
    const episodes = await loadEpisodesOf(tx, [...subjects], [...keys]);
    const cache = new AlertEpisodeCache(
      episodes,
      await loadRestatements(tx, restatementFloors(reads, tz), episodes),
    );
    const byStream = eventsByStream(events);
    const histories = new Map<string, History>();
    for (const streamId of [...streams].sort()) {
      const h = await this.histories.load(streamId, last, byStream.get(streamId));
      if (h) histories.set(`${h.kind}:${h.id}`, h);
    }
    const notify: string[] = [];
    let runAsOf: IsoDate | null = null;
    const decide = async (decisions: readonly AlertDecision[]): Promise<void> => {
      for (const d of decisions) {
        const appended = await this.appender.append(d, ALERTS_MONITOR);
        if (!appended) continue;
        cache.apply(appended.event);
        if (d.kind !== 'resolve' && d.kind !== 'restate') {
          notify.push(appended.eventId);
          if (runAsOf === null || d.data.asOf > runAsOf) runAsOf = d.data.asOf;
        }
      }
    };
    const stateAt = (h: History, asOf: IsoDate, position: number) =>
      h.kind === 'milestone'
        ? this.histories.milestoneAsOf(h, asOf, tz, position)
        : stateAsOf(h, asOf, tz, position);
    const resolutions = (h: History, position: number, day: IsoDate, open: AlertEpisode[]) =>
      decide(evaluateResolutions(open, (asOf) => stateAt(h, asOf, position), day, this.settings));
    /** What the latest episodes say from `day` on (a resolved one: up to its resolution), the milestone known up to `position`. */
    const restatements = (h: History, position: number, day: IsoDate, latest: AlertEpisode[]) => {
      const told = latest.filter(
        (x) => RULES[x.rule].restatedOnEvents && (x.resolvedOn ?? '9999-12-31') > day,
      );
      if (h.kind !== 'milestone' || told.length === 0) return Promise.resolve();
      const known = h.log.filter((l) => l.position <= position);
      const days = known.map((l) => dayOfInstant(l.event.occurredAt, tz));
      const version = known.at(-1)?.version ?? 0;
      const at = (asOf: IsoDate) => stateAt(h, asOf, position);
      const restated = (alertId: string) => cache.restatementsOf(alertId);
      return decide(evaluateRestatements(told, restated, at, day, days, version, this.settings));
    };

    for (const r of reads) {
      if (r === null) continue;
      const { e } = r;
      if (r.kind === 'alert') {
        const alert = r.alert;
        cache.apply(alert);
        if (alert.type !== 'AlertRaised') continue;
        // Still true now that every milestone (or standing item) event before it is known?
        const d = alert.data;
        const h = histories.get(
          `${d.milestone.standing ? 'standing' : 'milestone'}:${d.milestone.milestoneId}`,
        );
        const episode = cache.episode(d.key, d.episode);
        if (h && episode) await resolutions(h, e.position, d.asOf, [episode]);
        // Values reported after its day but recorded before it: what it says from their days on.
        const still = cache.episode(d.key, d.episode);
        if (h && still) await restatements(h, e.position, d.asOf, [still]);
        continue;
      }
      const { id, milestone } = r;
      const h = histories.get(`${milestone ? 'milestone' : 'standing'}:${id}`);
      if (h === undefined) continue;
      const day = dayOfInstant(r.occurredAt, tz);
      if (milestone && h.kind === 'milestone') {
        const before = this.histories.milestoneAsOf(h, day, tz, e.position - 1);
        // The event is the last one known at its position and happened on `day`: one more step of the fold.
        const after = evolve(before, milestone);
        if (!after.exists) continue;
        await decide(
          evaluateEvent(
            before.exists ? before : initialState,
            after,
            { ...milestone, version: e.version },
            cache.latestOf(id),
            day,
            this.settings,
          ),
        );
      }
      await resolutions(h, e.position, day, openEpisodes(cache.latestOf(id)));
      await restatements(h, e.position, day, [...cache.latestOf(id).values()]);
    }
    await cache.save(tx);
    if (runAsOf !== null) await this.appender.completeRun('events', runAsOf, notify, ALERTS_MONITOR);
  }

  async reset(tx: EntityManager): Promise<void> {
    this.histories.clear();
    await tx.query('DELETE FROM alerts');
    await tx.query('DELETE FROM alert_restatements');
  }
}
