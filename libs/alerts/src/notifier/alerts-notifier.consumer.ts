import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConsumerRunner, type EventConsumer, type RecordedEvent } from '@app/event-store';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { PLAN_EVENTS, type PlanImportedData } from '@app/plans';
import { ROBOT_DELIVERY_EVENTS } from '../robots/robot-delivered.event';
import { queueRobotMessages } from '../robots/queue-robot-messages';
import { ALERT_RUN_EVENTS, type AlertRunCompletedData } from '../domain/alert.events';
import { addressOf, domainOf } from '../mail/mail-safety';
import { loadContacts } from '../contacts/contacts.service';
import { ALERTS_CONFIG, type AlertsConfig } from '../config/alerts-config';
import { MAIL_DELIVERY_EVENTS } from '../delivery/mail-delivered.event';
import { NOTICE_EVENTS, noticeItem, raisedByAlert, type NoticeRow } from './notice-items';
import { runDigests } from './run-digests';

export const ALERTS_NOTIFIER = 'alerts-notifier';

/** What the notifier reads: the notices, the runs, the plan (unit names) and the recorded deliveries. */
const NOTIFIER_EVENTS = NOTICE_EVENTS.and(ALERT_RUN_EVENTS)
  .and(PLAN_EVENTS)
  .and(MAIL_DELIVERY_EVENTS)
  .and(ROBOT_DELIVERY_EVENTS);

/**
 * The notifier: for each completed run (AlertRunCompleted), one digest mail per recipient listing all the
 * run's alerts that concern them, written to the outbox (`alert_deliveries`) in this consumer's checkpoint
 * transaction. An alert event is told once: `alert_notified_events` remembers it, so a run that lists it
 * again (a retried monitor batch) sends nothing. Nobody concerned, no mail: never an empty one. Everything a mail
 * says comes from the events as this consumer read them (the alert events in `alert_notices`, unit names from
 * PlanImported in `alert_unit_names`) and the contacts, so a replay renders the same mails; a delivery recorded in
 * the events marks its row sent.
 */
@Injectable()
export class AlertsNotifier implements EventConsumer, OnModuleInit {
  readonly name = ALERTS_NOTIFIER;
  /** Exactly what `handle` reads: batches of other events only move the checkpoint. */
  readonly types = NOTIFIER_EVENTS.types;
  private readonly log = new Logger('AlertsNotifier');

  constructor(
    private readonly runner: ConsumerRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ALERTS_CONFIG) private readonly alerts: AlertsConfig,
  ) {}

  onModuleInit(): void {
    this.runner.register(this);
  }

  async handle(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    for (const e of NOTIFIER_EVENTS.filter(events)) {
      switch (e.type) {
        case 'AlertRaised':
        case 'AlertRepeated':
        case 'AlertEscalated':
          await this.keepNotice(e, tx);
          break;
        case 'AlertRunCompleted':
          await this.notifyRun(e.data, tx);
          break;
        case 'PlanImported':
          await this.keepUnitNames(e.data, tx);
          break;
        case 'AlertMailDelivered':
        case 'AlertRobotMessageDelivered':
          await this.markDelivered(e.data.deliveryId, e.recordedAt, tx);
          break;
      }
    }
  }

  /** An alert event a later run may tell, kept in the notifier's own table as it read it. */
  private async keepNotice(e: RecordedEvent, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO alert_notices (event_id, position, stream_id, type, data) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id) DO NOTHING`,
      [e.eventId, e.position, e.streamId, e.type, JSON.stringify(e.data)],
    );
  }

  /** Unit names as the plan events say, in log order: a replay names the units exactly as the first run did. */
  private async keepUnitNames(plan: PlanImportedData, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO alert_unit_names (unit_id, name)
       SELECT x.id, x.name FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text)
       ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name`,
      [JSON.stringify(plan.model.units.map((u) => ({ id: u.id, name: u.name })))],
    );
  }

  /** A delivery recorded in the events (by a sender, perhaps before a replay) is sent: the sender leaves it be. */
  private async markDelivered(deliveryId: string, at: Date, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE alert_deliveries SET state = 'sent', sent_at = coalesce(sent_at, $2), last_error = NULL, dead_at = NULL
        WHERE id = $1 AND state <> 'sent'`,
      [deliveryId, at],
    );
  }

  private async notifyRun(run: AlertRunCompletedData, tx: EntityManager): Promise<void> {
    if (run.notify.length === 0) return;
    const told = new Set(
      (
        await tx.query<{ event_id: string }[]>(
          'SELECT event_id::text FROM alert_notified_events WHERE event_id = ANY($1::uuid[])',
          [run.notify],
        )
      ).map((r) => r.event_id),
    );
    const fresh = run.notify.filter((id) => !told.has(id));
    if (fresh.length === 0) return;
    const rows = await tx.query<NoticeRow[]>(
      'SELECT event_id::text, stream_id, type, data FROM alert_notices WHERE event_id = ANY($1::uuid[]) ORDER BY position',
      [fresh],
    );
    const raisedById = raisedByAlert(
      await tx.query<NoticeRow[]>(
        `SELECT event_id::text, stream_id, type, data FROM alert_notices
          WHERE type = 'AlertRaised' AND stream_id = ANY($1::text[])`,
        [[...new Set(rows.map((r) => r.stream_id))]],
      ),
    );
    const items = rows.flatMap((r) => noticeItem(r, raisedById) ?? []);
    const unitNames = new Map(
      (
        await tx.query<{ id: string; name: string }[]>('SELECT unit_id AS id, name FROM alert_unit_names')
      ).map((u) => [u.id, u.name]),
    );
    const deliveries = runDigests(items, {
      run,
      contacts: await loadContacts(tx),
      unitNames,
      baseUrl: this.config.baseUrl,
      replyWorkingDays: this.alerts.replyWorkingDays,
      holidays: this.config.holidays,
      mailDomain: domainOf(addressOf(this.config.mailFrom)),
      skipped: (alertId) => this.log.warn(`skipped a contact with an unusable address for ${alertId}`),
    });
    if (deliveries.length > 0) {
      await tx.query(
        `INSERT INTO alert_deliveries (id, message_id, run_id, run_kind, as_of, recipient_email, recipient_name,
                                       subject, text_body, html_body, alert_ids, state, attempts, next_attempt_at, created_at)
         SELECT x.id, x.message_id, x.run_id, x.run_kind, x.as_of::date, x.recipient_email, x.recipient_name,
                x.subject, x.text_body, x.html_body, ARRAY(SELECT jsonb_array_elements_text(x.alert_ids)),
                'pending', 0, now(), now()
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, message_id text, run_id text, run_kind text, as_of text,
                recipient_email text, recipient_name text, subject text, text_body text, html_body text, alert_ids jsonb)
         ON CONFLICT (id) DO NOTHING`,
        [JSON.stringify(deliveries)],
      );
    }
    // The same alerts to the group robots of the units concerned (one message per robot), same outbox.
    const robots = await queueRobotMessages(tx, { run, items, unitNames, baseUrl: this.config.baseUrl });
    await tx.query(
      `INSERT INTO alert_notified_events (event_id, run_id)
       SELECT unnest($1::uuid[]), $2 ON CONFLICT (event_id) DO NOTHING`,
      [fresh, run.runId],
    );
    if (deliveries.length + robots > 0) {
      this.log.log(`run ${run.runId}: ${deliveries.length} digest(s), ${robots} robot message(s) queued`);
    }
  }
}
