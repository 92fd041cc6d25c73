import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStore } from '@app/event-store';
import { APP_CONFIG, Clock, dateInZone, isIsoDate, type AppConfig, type IsoDate } from '@app/platform';
import { latestEpisode, type AlertEpisode } from '../domain/alert';
import { evaluateScan, type AlertDecision } from '../domain/evaluate';
import type { RuleSettings } from '../domain/subject';
import { AlertError } from '../domain/alert.errors';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import { allHistories, stateAsOf, type History } from '../history/state-as-of';
import { AlertAppender } from '../monitor/alert-appender';
import { loadEpisodes } from '../monitor/alert-projection';
import { ALERTS_MONITOR, ruleSettings } from '../monitor/alerts-monitor.consumer';

/** Scans take this session lock: one at a time across processes. */
const SCAN_LOCK: [number, number] = [72620112, 1];

export interface ScanResult {
  readonly asOf: IsoDate;
  readonly milestones: number;
  readonly raised: number;
  readonly repeated: number;
  readonly escalated: number;
  readonly resolved: number;
  /** Alert ids raised by this scan. */
  readonly raisedIds: readonly string[];
  /** The run that the notifier turns into digests, or null when there is nothing to tell. */
  readonly runId: string | null;
  /** The position reached (X-Min-Position). */
  readonly position: number;
}

/**
 * The time-based rules at a date, for every assignment of every milestone and every standing item: due soon, overdue (with weekly repeats and escalation), behind schedule,
 * indicator shortfall, no report within the cadence; and the resolution of every alert whose condition cleared.
 * Milestones are judged as of the end of `asOf` (facts that happened by then). A second scan of the same date
 * finds nothing new to say.
 */
@Injectable()
export class AlertScanService {
  private readonly log = new Logger('AlertScan');
  private readonly settings: RuleSettings;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly runner: ConsumerRunner,
    private readonly appender: AlertAppender,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ALERTS_CONFIG) alertsConfig: AlertsConfig,
  ) {
    this.settings = ruleSettings(config, alertsConfig);
  }

  today(): IsoDate {
    return dateInZone(this.clock.now(), this.config.planTimeZone);
  }

  async scan(asOf: string, source = 'alerts-scan'): Promise<ScanResult> {
    if (typeof asOf !== 'string' || !isIsoDate(asOf)) throw new AlertError('AS_OF_INVALID', { asOf });
    const today = this.today();
    if (asOf > today) throw new AlertError('AS_OF_IN_FUTURE', { asOf, today });
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1, $2)', SCAN_LOCK);
      try {
        return await this.scanLocked(asOf, source);
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1, $2)', SCAN_LOCK);
      }
    } finally {
      await lock.release();
    }
  }

  private async scanLocked(asOf: IsoDate, source: string): Promise<ScanResult> {
    await this.runner.catchUp(ALERTS_MONITOR);
    const histories: History[] = [];
    for await (const h of allHistories(this.store)) histories.push(h);
    // Milestones by id, then standing items by id: the order their alerts are raised in.
    histories.sort((a, b) =>
      a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === 'milestone' ? -1 : 1,
    );
    const byMilestone = new Map<string, Map<string, AlertEpisode[]>>();
    for (const e of await loadEpisodes(this.dataSource.manager)) {
      const keys = byMilestone.get(e.milestoneId) ?? new Map<string, AlertEpisode[]>();
      keys.set(e.key, [...(keys.get(e.key) ?? []), e]);
      byMilestone.set(e.milestoneId, keys);
    }
    const decisions: AlertDecision[] = [];
    let milestones = 0;
    for (const h of histories) {
      const state = stateAsOf(h, asOf, this.config.planTimeZone);
      if (!state.exists) continue;
      if (h.kind === 'milestone') milestones++;
      const latest = new Map<string, AlertEpisode>();
      for (const [key, eps] of byMilestone.get(h.id) ?? []) {
        const l = latestEpisode(new Map(eps.map((e) => [e.episode, e])));
        if (l) latest.set(key, l);
      }
      decisions.push(...evaluateScan(state, latest, asOf, this.settings));
    }
    const counts = { raised: 0, repeated: 0, escalated: 0, resolved: 0 };
    const notify: string[] = [];
    const raisedIds: string[] = [];
    let position = 0;
    for (const d of decisions) {
      const a = await this.appender.append(d, source, `scan-${asOf}`);
      if (!a) continue;
      position = Math.max(position, a.position);
      switch (d.kind) {
        case 'raise':
          counts.raised++;
          raisedIds.push(d.data.alertId);
          break;
        case 'repeat':
          counts.repeated++;
          break;
        case 'escalate':
          counts.escalated++;
          break;
        case 'resolve':
          counts.resolved++;
          break;
        case 'restate': // the monitor's, on events: a scan has none
          break;
      }
      if (d.kind !== 'resolve') notify.push(a.eventId);
    }
    const run = await this.appender.completeRun('scan', asOf, notify, source);
    if (run) position = Math.max(position, run.position);
    await this.runner.catchUp(ALERTS_MONITOR);
    this.log.log(
      `scan ${asOf}: ${milestones} milestones, raised ${counts.raised}, repeated ${counts.repeated}, ` +
        `escalated ${counts.escalated}, resolved ${counts.resolved}`,
    );
    return {
      asOf,
      milestones,
      ...counts,
      raisedIds,
      runId: run?.runId ?? null,
      position: position || (await this.store.headPosition()),
    };
  }
}
