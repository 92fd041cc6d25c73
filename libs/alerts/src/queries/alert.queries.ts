import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, type IsoDate } from '@app/platform';
import { episodeState, type AlertEpisode } from '../domain/alert';
import {
  ALERT_LEVEL_LABELS_ZH,
  ALERT_RULE_LABELS_ZH,
  ALERT_STATE_LABELS_ZH,
  type AlertLevel,
  type AlertReason,
  type AlertRule,
  type AlertState,
} from '../domain/alert.events';
import { AlertError } from '../domain/alert.errors';
import { nextRepeatOn } from '../domain/alert.rules';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import { milestoneLink } from '../mail/digest.template';

export interface AlertView {
  readonly id: string;
  readonly key: string;
  readonly episode: number;
  readonly rule: AlertRule;
  readonly ruleZh: string;
  readonly level: AlertLevel;
  readonly levelZh: string;
  readonly state: AlertState;
  readonly stateZh: string;
  readonly milestoneId: string;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly milestoneText: string;
  readonly dueDate: IsoDate;
  readonly leadUnits: readonly string[];
  readonly cooperatingUnits: readonly string[];
  readonly raisedOn: IsoDate;
  readonly reasons: readonly AlertReason[];
  readonly facts: Readonly<Record<string, string | number | null>>;
  readonly repeats: number;
  readonly lastNotifiedOn: IsoDate;
  readonly nextRepeatOn: IsoDate | null;
  readonly escalatedOn: IsoDate | null;
  readonly acknowledged: {
    readonly at: string;
    readonly by: {
      readonly tokenId: string;
      readonly tokenName: string;
      readonly role: string;
      readonly unit?: string;
    };
    readonly note: string | null;
  } | null;
  readonly resolvedOn: IsoDate | null;
  readonly resolvedReason: AlertReason | null;
  readonly link: string;
}

export interface AlertFilter {
  readonly milestone?: string;
  readonly unit?: string;
  readonly rule?: AlertRule;
  readonly state?: AlertState;
  readonly level?: AlertLevel;
  /** Raised on or after. */
  readonly from?: IsoDate;
  /** Raised on or before. */
  readonly to?: IsoDate;
  readonly limit?: number;
  readonly offset?: number;
}

export const DELIVERY_STATES = ['pending', 'sent', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryView {
  readonly id: string;
  readonly messageId: string;
  readonly runId: string;
  readonly runKind: string;
  readonly asOf: IsoDate;
  readonly recipient: { readonly name: string; readonly email: string };
  readonly subject: string;
  readonly alertIds: readonly string[];
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly deadAt: string | null;
}

interface DeliveryRow {
  id: string;
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
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ALERTS_CONFIG) private readonly alerts: AlertsConfig,
  ) {}

  view(e: AlertEpisode): AlertView {
    const state = episodeState(e);
    const m = e.raised.milestone;
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
      leadUnits: m.leadUnits,
      cooperatingUnits: m.cooperatingUnits,
      raisedOn: e.raisedOn,
      reasons: e.raised.reasons,
      facts: e.raised.facts,
      repeats: e.repeats,
      lastNotifiedOn: e.lastNotifiedOn,
      nextRepeatOn: nextRepeatOn(e, {
        ...this.alerts,
        health: this.config.health,
      }),
      escalatedOn: e.escalatedOn,
      acknowledged: e.acknowledged
        ? { at: e.acknowledged.at, by: e.acknowledged.by, note: e.acknowledged.note ?? null }
        : null,
      resolvedOn: e.resolvedOn,
      resolvedReason: e.resolvedReason,
      link: milestoneLink(this.config.baseUrl, e.milestoneId),
    };
  }

  async list(f: AlertFilter): Promise<{ total: number; items: AlertView[] }> {
    const conds: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      conds.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (f.milestone !== undefined) add('milestone_id = ?', f.milestone);
    if (f.unit !== undefined) add('(? = ANY(lead_units) OR ? = ANY(cooperating_units))', f.unit);
    if (f.rule !== undefined) add('rule = ?', f.rule);
    if (f.state !== undefined) add('state = ?', f.state);
    if (f.level !== undefined) add('level = ?', f.level);
    if (f.from !== undefined) add('raised_on >= ?::date', f.from);
    if (f.to !== undefined) add('raised_on <= ?::date', f.to);
    const where = conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : '';
    const total = Number(
      (await this.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM alerts ${where}`, params))[0]
        ?.n ?? 0,
    );
    const rows = await this.dataSource.query<{ episode: AlertEpisode }[]>(
      `SELECT episode FROM alerts ${where} ORDER BY raised_on DESC, milestone_id, id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, f.limit ?? 100, f.offset ?? 0],
    );
    return { total, items: rows.map((r) => this.view(r.episode)) };
  }

  async get(id: string): Promise<AlertView> {
    const rows = await this.dataSource.query<{ episode: AlertEpisode }[]>(
      'SELECT episode FROM alerts WHERE id = $1',
      [id],
    );
    if (!rows[0]) throw new AlertError('ALERT_NOT_FOUND', { id });
    return this.view(rows[0].episode);
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
      `SELECT id, message_id, run_id, run_kind, as_of::text AS as_of, recipient_email, recipient_name, subject, alert_ids,
              state, attempts, next_attempt_at, last_error, created_at, sent_at, dead_at
         FROM alert_deliveries ${where} ORDER BY created_at DESC, recipient_email
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
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
