import { DataSource } from 'typeorm';
import { ConsumerRunner } from '@app/event-store';
import { ALERTS_NOTIFIER, AlertMailSender, renderOutboxMail, type OutboxMailRow } from '@app/alerts';
import { SmtpTestServer } from '@app/alerts/testing';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/service-process';
import { copyEvents, withoutDate } from './support/replay';

Object.assign(process.env, {
  ALERT_MAIL_BACKOFF_MS: '20',
  ALERT_MAIL_BACKOFF_MAX_MS: '150',
  ALERT_MAIL_POLL_MS: '50',
  ALERT_SMTP_TIMEOUT_MS: '5000',
});

const ENV = {
  IMPORT_SEED_ON_START: 'true',
  RATE_LIMIT_PER_MINUTE: '1000000',
  BASE_URL: 'https://pm.example.org',
};

interface OutboxRow extends OutboxMailRow {
  run_id: string;
  alert_ids: string[];
  state: string;
}
const outbox = (t: TestApp): Promise<OutboxRow[]> =>
  t.app.get(DataSource).query(
    `SELECT id::text, message_id, run_id, recipient_email, recipient_name, subject, text_body, html_body,
              alert_ids, state, created_at FROM alert_deliveries ORDER BY id`,
  );

/**
 * The event log replayed into a fresh database: the notifier renders the same mails (it names units from the
 * plan events it read itself, not from the plan catalogue, which a replay may not have filled yet), and none of
 * the mails already sent is sent again (their delivery is recorded in the events).
 */
describe('alert mails across a replay of the events into a fresh database', () => {
  let smtp: SmtpTestServer;
  let a: TestApp;
  let b: TestApp | undefined;

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    a = await startTestApp({ ...ENV, SMTP_URL: smtp.url });
    await waitFor(async () => (await a.request('GET', '/api/v1/units')).status === 200, 30_000, 'catalogue');
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await smtp?.down();
  });

  it('same outbox, same bytes but for Date, nothing sent again', async () => {
    const supervisor = (
      await a.request('POST', '/api/v1/tokens', { body: { role: 'supervisor', name: '督查室' } })
    ).body.token as string;
    for (const asOf of ['2020-12-01', '2021-01-05']) {
      const r = await a.request('POST', '/api/v1/alerts:scan', { token: supervisor, body: { asOf } });
      expect(r.status).toBe(200);
    }
    const delay = await a.request('POST', '/api/v1/milestones/sanqu-2020.T06-2021/delays', {
      token: supervisor,
      body: {
        reason: '招商项目签约推迟',
        forecastDate: '2022-03-31',
        occurredAt: '2021-11-10T10:00:00+08:00',
      },
    });
    expect(delay.status).toBe(200);
    // Everything queued is sent, once.
    await waitFor(
      async () => {
        const rows = await outbox(a);
        return (
          rows.length > 0 && rows.every((r) => r.state === 'sent') && smtp.received.length === rows.length
        );
      },
      60_000,
      'outbox of the first database drained',
    );
    const first = await outbox(a);
    expect(first.length).toBeGreaterThan(5);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(first.length);
    const sentRaw = new Map(smtp.received.map((m) => [m.messageId, m.raw]));
    smtp.clear();

    // A fresh database, the same events; the notifier catches up before the plan catalogue has read anything.
    const replay = await startTestApp(
      { ...ENV, SMTP_URL: smtp.url, IMPORT_SEED_ON_START: 'false' },
      { startConsumers: false },
    );
    b = replay;
    expect(await copyEvents(a.db.url, replay.db.url)).toBeGreaterThan(100);
    const runner = replay.app.get(ConsumerRunner);
    await runner.catchUp(ALERTS_NOTIFIER);
    const replayed = await outbox(replay);
    // Same mails, and every one already sent as the events record (created_at: when this database queued it).
    const comparable = (rows: OutboxRow[]) => rows.map(({ created_at: _, ...r }) => r);
    expect(comparable(replayed)).toEqual(comparable(first));
    const mailFrom = replay.config.mailFrom;
    for (const row of replayed) {
      expect(withoutDate(await renderOutboxMail(row, mailFrom))).toBe(
        withoutDate(sentRaw.get(row.message_id)!),
      );
    }

    // Even an outbox that does not know yet (the sender ahead of the notifier) sends nothing recorded as sent.
    await b.app
      .get(DataSource)
      .query(`UPDATE alert_deliveries SET state = 'pending', next_attempt_at = now()`);
    const sender = replay.app.get(AlertMailSender);
    expect(await sender.deliverDue()).toEqual({ sent: 0, alreadySent: first.length, failed: 0, dead: 0 });
    runner.start();
    await waitFor(
      async () =>
        (
          await replay.app.get(DataSource).query<{ n: string }[]>(
            `SELECT count(*) AS n FROM consumer_checkpoints
              WHERE position < (SELECT max(global_position) FROM events)`,
          )
        )[0]!.n === '0',
      60_000,
      'replay caught up',
    );
    expect((await outbox(replay)).map((r) => r.state)).toEqual(first.map(() => 'sent'));
    expect(smtp.received).toHaveLength(0);
  });
});
