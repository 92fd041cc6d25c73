import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, dateInZone, endOfDayInZone, type AppConfig, type IsoDate } from '@app/platform';
import { parseTimeTravel } from '@app/read-models';
import { episodeState, type AlertEpisode } from '../domain/alert';
import { figuresAsOf } from '../domain/alert-figures';
import type { RuleSettings, SubjectAsOf } from '../domain/subject';
import type { Figures } from '../domain/restate-log';
import { ruleSettings } from '../monitor/alerts-monitor.consumer';
import { ALERT_LEVEL_LABELS_ZH, ALERT_STATE_LABELS_ZH } from '../domain/alert.events';
import { AlertError } from '../domain/alert.errors';
import { nextRepeatOn } from '../domain/evaluate';
import { ALERT_RULE_LABELS_ZH, RULES_RESTATED_FROM_SUBJECT } from '../domain/rules';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import type { OutboxChannel } from '../delivery/outbox-rows';
import { milestoneLink } from '../mail/digest.template';
import {
  DELIVERY_STATES,
  type AlertFilter,
  type AlertPage,
  type AlertView,
  type DeliveryState,
  type DeliveryView,
} from './alert-views';
import { AS_OF_SQL, episodeOfRow, EPISODE_SQL, pageSql, type AsOfRow } from './alerts-as-of';

export {
  DELIVERY_STATES,
  type AlertFilter,
  type AlertPage,
  type AlertView,
  type DeliveryState,
  type DeliveryView,
};

interface DeliveryRow {
  id: string;
  channel: OutboxChannel;
  message_id: string;
  run_id: string;
  run_kind: string;
  as_of: string;
  recipient_email: string;
  recipient_name: string;
  subject: string;
  alert_ids: string[];
  state: DeliveryState;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  dead_at: Date | null;
}

/** Read side of alerts (the `alerts` table kept by the monitor) and of the mail outbox. */
@Injectable()
export class AlertQueries {
  private readonly settings: RuleSettings;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ALERTS_CONFIG) private readonly alerts: AlertsConfig,
    private readonly clock: Clock,
  ) {
    this.settings = ruleSettings(config, alerts);
  }

  /**
   * An episode as the read side shows it, its figures (days overdue, days left…) as of `asOf` (default: today),
   * restated from `at`, its assignment as of then (null: unknown, as raised where that needs it), and from `said`,
   * what its restatements say then (`alert_restatements`; null: as raised).
   */
  view(
    e: AlertEpisode,
    asOf: IsoDate = dateInZone(this.clock.now(), this.config.planTimeZone),
    at: SubjectAsOf | null = null,
    said: Figures | null = null,
  ): AlertView {
    const state = episodeState(e);
    const m = e.raised.milestone;
    const { reasons, facts } = figuresAsOf(e, asOf, at, this.settings, said);
    return {
      id: e.alertId,
      key: e.key,
      episode: e.episode,
      rule: e.rule,
      ruleZh: ALERT_RULE_LABELS_ZH[e.rule],
      level: e.level,
      levelZh: ALERT_LEVEL_LABELS_ZH[e.level],
      state,
      stateZh: ALERT_STATE_LABELS_ZH[state],
      milestoneId: e.milestoneId,
      taskNo: m.taskNo,
      taskTitle: m.taskTitle,
      milestoneText: m.text,
      dueDate: m.dueDate,
      assignment: m.assignment ?? null,
      leadUnits: m.leadUnits,
      cooperatingUnits: m.cooperatingUnits,
      raisedOn: e.raisedOn,
      reasons,
      facts,
      repeats: e.repeats,
      lastNotifiedOn: e.lastNotifiedOn,
      nextRepeatOn: nextRepeatOn(e, this.alerts),
      escalatedOn: e.escalatedOn,
      acknowledged: e.acknowledged
        ? { at: e.acknowledged.at, by: e.acknowledged.by, note: e.acknowledged.note ?? null }
        : null,
      resolvedOn: e.resolvedOn,
      resolvedReason: e.resolvedReason,
      link: milestoneLink(this.config.baseUrl, e.milestoneId),
    };
  }

  /** Alerts newest first, each as it stood on `asOf` as known at `knownAt` (exact from the dated transitions). */
  async list(f: AlertFilter): Promise<AlertPage> {
    const tz = this.config.planTimeZone;
    const tt = parseTimeTravel(f, dateInZone(this.clock.now(), tz), tz, (ms) => dateInZone(new Date(ms), tz));
    const params: unknown[] = [
      tt.asOf,
      endOfDayInZone(tt.asOf, tz).toISOString(),
      tt.knownAt === null ? 'infinity' : tt.knownAt.toISOString(),
    ];
    const conds: string[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      conds.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (f.milestone !== undefined) add('milestone_id = ?', f.milestone);
    if (f.unit !== undefined) add('(? = ANY(lead_units) OR ? = ANY(cooperating_units))', f.unit);
    if (f.rule !== undefined) add('rule = ?', f.rule);
    if (f.state !== undefined) {
      add(
        `(CASE WHEN cut_resolved THEN 'resolved' WHEN cut_acknowledged THEN 'acknowledged' ELSE 'open' END) = ?`,
        f.state,
      );
    }
    if (f.level !== undefined) add('level = ?', f.level);
    if (f.from !== undefined) add('raised_on >= ?::date', f.from);
    if (f.to !== undefined) add('raised_on <= ?::date', f.to);
    const where = conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : '';
    const from = `(${AS_OF_SQL}) x ${where}`;
    const total = Number(
      (await this.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${from}`, params))[0]?.n ?? 0,
    );
    const n = params.length;
    const rows = await this.dataSource.query<AsOfRow[]>(
      pageSql(from, `$${n + 1}`, `$${n + 2}`, `$${n + 3}`),
      [...params, RULES_RESTATED_FROM_SUBJECT, f.limit ?? 100, f.offset ?? 0],
    );
    return {
      asOf: tt.asOf,
      knownAt: tt.knownAt?.toISOString() ?? null,
      total,
      items: rows.map((r) => {
        const { e, at, said } = episodeOfRow(r, tt.asOf);
        return this.view(e, tt.asOf, at, said);
      }),
    };
  }

  /** One alert as it stands today (as the list of today shows it). */
  async get(id: string): Promise<AlertView> {
    const today = dateInZone(this.clock.now(), this.config.planTimeZone);
    const listed = await this.today(id, today);
    if (listed) return this.view(listed.e, today, listed.at, listed.said);
    // Raised after today (a backdated clock): as of the day it was raised.
    const rows = await this.dataSource.query<{ episode: AlertEpisode; said: Figures | null }[]>(EPISODE_SQL, [
      id,
      today,
    ]);
    if (!rows[0]) throw new AlertError('ALERT_NOT_FOUND', { id });
    return this.view(rows[0].episode, today, null, rows[0].said);
  }

  /**
   * What an episode's figures are told from today (as `get` tells them): its subject (null where none is looked
   * up) and its restatements (null: as raised).
   */
  async toldToday(e: AlertEpisode): Promise<{ at: SubjectAsOf | null; said: Figures | null }> {
    const today = dateInZone(this.clock.now(), this.config.planTimeZone);
    const listed = await this.today(e.alertId, today);
    if (listed) return { at: listed.at, said: listed.said };
    // Raised after today (a backdated clock): as `get` tells it, from the day it was raised.
    const [row] = await this.dataSource.query<{ said: Figures | null }[]>(EPISODE_SQL, [e.alertId, today]);
    return { at: null, said: row?.said ?? null };
  }

  private async today(
    id: string,
    today: IsoDate,
  ): Promise<{ e: AlertEpisode; at: SubjectAsOf | null; said: Figures | null } | null> {
    const [row] = await this.dataSource.query<AsOfRow[]>(
      pageSql(`(${AS_OF_SQL}) x WHERE x.id = $4`, '$5', '1', '0'),
      [
        today,
        endOfDayInZone(today, this.config.planTimeZone).toISOString(),
        'infinity',
        id,
        RULES_RESTATED_FROM_SUBJECT,
      ],
    );
    return row ? episodeOfRow(row, today) : null;
  }

  async deliveries(
    state?: DeliveryState,
    limit = 100,
    offset = 0,
    id?: string,
  ): Promise<{ total: number; items: DeliveryView[] }> {
    const where = id !== undefined ? 'WHERE id::text = $1' : state ? 'WHERE state = $1' : '';
    const params = id !== undefined ? [id] : state ? [state] : [];
    const total = Number(
      (
        await this.dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM alert_deliveries ${where}`,
          params,
        )
      )[0]?.n ?? 0,
    );
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT id, channel, message_id, run_id, run_kind, as_of::text AS as_of, recipient_email, recipient_name, subject, alert_ids,
              state, attempts, next_attempt_at, last_error, created_at, sent_at, dead_at
         FROM alert_deliveries ${where} ORDER BY created_at DESC, recipient_email
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        channel: r.channel,
        messageId: r.message_id,
        runId: r.run_id,
        runKind: r.run_kind,
        asOf: r.as_of,
        recipient: { name: r.recipient_name, email: r.recipient_email },
        subject: r.subject,
        alertIds: r.alert_ids,
        state: r.state,
        attempts: r.attempts,
        nextAttemptAt: r.state === 'pending' ? r.next_attempt_at.toISOString() : null,
        lastError: r.last_error,
        createdAt: r.created_at.toISOString(),
        sentAt: r.sent_at?.toISOString() ?? null,
        deadAt: r.dead_at?.toISOString() ?? null,
      })),
    };
  }

  /** Puts a dead-lettered mail back in the outbox with fresh attempts (admin). */
  async retryDelivery(id: string): Promise<DeliveryView> {
    const rows = await this.dataSource.query<{ state: string }[]>(
      'SELECT state FROM alert_deliveries WHERE id::text = $1',
      [id],
    );
    if (!rows[0]) throw new AlertError('DELIVERY_NOT_FOUND', { id });
    if (rows[0].state !== 'dead') throw new AlertError('DELIVERY_NOT_DEAD', { id, state: rows[0].state });
    await this.dataSource.query(
      `UPDATE alert_deliveries SET state = 'pending', attempts = 0, next_attempt_at = now(), dead_at = NULL
        WHERE id::text = $1 AND state = 'dead'`,
      [id],
    );
    return (await this.deliveries(undefined, 1, 0, id)).items[0]!;
  }
}
