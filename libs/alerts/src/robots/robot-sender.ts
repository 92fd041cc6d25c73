import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventStore } from '@app/event-store';
import { Clock, shutdownSignal } from '@app/platform';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import {
  backoffMs,
  deliverDue,
  failDelivery,
  markDeliverySent,
  recordDelivery,
  type DeliveryRunResult,
} from '../delivery/outbox-rows';
import {
  ALERT_ROBOT_DELIVERED,
  type AlertRobotDeliveredData,
  robotDeliveredEventId,
  robotDeliveryStreamId,
} from './robot-delivered.event';
import { postToRobot, type RobotOutcome } from './robot-transport';
import type { RobotKind, RobotWebhook } from './robot-webhook';
import { openRobotRow, type RobotRow as StoredRobot } from './robot-row';
import { SecretBox } from './secret-box';

interface RobotRow {
  readonly id: string;
  readonly channel: RobotKind;
  /** The robot's key. */
  readonly recipient_email: string;
  readonly subject: string;
  readonly text_body: string;
  readonly attempts: number;
}

/**
 * Delivers the outbox's robot messages (channels `dingtalk` and `wecom`) by the mail's rules: claimed under a
 * lease, skipped when the events already record the delivery, posted to the webhook configured now for the
 * robot's key (URL and secret are looked up at each attempt, so a rotated secret applies to retries),
 * recorded (AlertRobotMessageDelivered), marked sent. A failure (no answer, HTTP ≠ 2xx, errcode ≠ 0) retries
 * after the backoff and is dead-lettered after ALERT_MAIL_MAX_ATTEMPTS; "too many messages" (errcode 130101 /
 * 45009, HTTP 429) waits the backoff without counting as an attempt. As for mails, a crash between the robot's
 * errcode 0 and the record posts that message once more when its lease runs out (robots take no idempotency key).
 */
@Injectable()
export class AlertRobotSender {
  private readonly log = new Logger('AlertRobot');

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly clock: Clock,
    @Inject(ALERTS_CONFIG) private readonly alerts: AlertsConfig,
    private readonly box: SecretBox,
  ) {}

  /**
   * Posts every due robot message (in claimed batches) and returns what happened; once `stop` fires (by default when
   * the process begins to stop) it posts nothing new (a post under way is bounded by ALERT_ROBOT_TIMEOUT_MS).
   */
  async deliverDue(batch = 20, stop: AbortSignal = shutdownSignal()): Promise<DeliveryRunResult> {
    return deliverDue<RobotRow>(this.dataSource, this.store, this.alerts, {
      channels: ['dingtalk', 'wecom'],
      columns: 'd.id, d.channel, d.recipient_email, d.subject, d.text_body, d.attempts',
      batch,
      deliveredStream: robotDeliveryStreamId,
      deliveredType: ALERT_ROBOT_DELIVERED,
      send: (row) => this.send(row),
      stop,
    });
  }

  private async send(row: RobotRow): Promise<'sent' | 'failed' | 'dead'> {
    const robot = await this.webhook(row.recipient_email);
    const outcome: RobotOutcome =
      robot === 'unreadable'
        ? { ok: false, rateLimited: false, error: 'robot webhook cannot be decrypted (SECRETS_KEY?)' }
        : robot
          ? await postToRobot(robot, { title: row.subject, text: row.text_body }, this.alerts.robotTimeoutMs)
          : { ok: false, rateLimited: false, error: 'robot no longer configured for any unit' };
    if (!outcome.ok) {
      const state = await failDelivery(
        this.dataSource,
        this.alerts,
        row,
        outcome.error,
        !outcome.rateLimited,
      );
      this.log.warn(
        `robot message ${row.id} to ${row.recipient_email}: attempt ${row.attempts} failed` +
          `${state === 'dead' ? ', dead-lettered' : `, retry in ${backoffMs(this.alerts, row.attempts)} ms`}: ${outcome.error}`,
      );
      return state;
    }
    const data: AlertRobotDeliveredData = {
      deliveryId: row.id,
      kind: row.channel,
      robot: row.recipient_email,
    };
    await recordDelivery(
      this.store,
      robotDeliveryStreamId(row.id),
      {
        eventId: robotDeliveredEventId(row.id),
        type: ALERT_ROBOT_DELIVERED,
        data,
        metadata: {
          occurredAt: this.clock.now().toISOString(),
          actor: { system: 'alert-robot-sender' },
          attempt: row.attempts,
        },
      },
      this.log,
    );
    await markDeliverySent(this.dataSource, row.id, null);
    return 'sent';
  }

  /** The webhook configured now under this key (the most recently saved, if two units share it), decrypted. */
  private async webhook(key: string): Promise<RobotWebhook | 'unreadable' | null> {
    const rows = await this.dataSource.query<Pick<StoredRobot, 'kind' | 'url' | 'secret'>[]>(
      `SELECT kind, url, secret FROM alert_robots WHERE robot_key = $1 ORDER BY updated_at DESC, id DESC LIMIT 1`,
      [key],
    );
    if (rows[0] === undefined) return null;
    return openRobotRow(this.box, rows[0]) ?? 'unreadable';
  }
}
