import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStore, newEventId } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';
import { ALERTS_MONITOR, ALERTS_NOTIFIER, AlertMailSender } from '@app/alerts';
import { PlanImportService, PLAN_CATALOG_CONSUMER } from '@app/plans';
import { planMilestone, reportDelay, SmtpTestServer } from '@app/alerts/testing';
import { startMailingApp } from './support/seeded-app';
import { startTestApp, type TestApp } from './support/test-app';
import { until } from './support/until';

/**
 * Delivery that loses nothing, against a real SMTP server on loopback (smtp-server, mails parsed with mailparser)
 * and the real nodemailer SMTP transport: the server down for a while, a server that rejects everything, a
 * sender that dies between "sent" and "marked sent", and text that tries to add headers or recipients.
 * Short backoffs and leases keep it fast.
 */
Object.assign(process.env, {
  ALERT_MAIL_BACKOFF_MS: '20',
  ALERT_MAIL_BACKOFF_MAX_MS: '150',
  ALERT_MAIL_MAX_ATTEMPTS: '4',
  ALERT_MAIL_POLL_MS: '50',
  ALERT_MAIL_LEASE_MS: '400',
  ALERT_SMTP_TIMEOUT_MS: '2000',
});

const SEED = fs.readFileSync(path.join(__dirname, '../seeds/jiangmen-sanqu-2020-2022.txt'), 'utf8');

describe('alert mail delivery (real SMTP, consumers and sender running)', () => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  let ds: DataSource;
  let store: EventStore;
  let supervisor: string;

  const count = async (state: string): Promise<number> =>
    Number(
      (
        await ds.query<{ n: string }[]>('SELECT count(*) AS n FROM alert_deliveries WHERE state = $1', [
          state,
        ])
      )[0]!.n,
    );

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    ({ t, ds, store, supervisor } = await startMailingApp(smtp.url));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.down();
  });

  afterEach(async () => {
    smtp.mode = 'accept';
    t.app.get(AlertMailSender).afterSendBeforeMark = undefined;
    await smtp.up();
    smtp.clear();
  });

  it('SMTP down for a while, then up: every pending mail delivered, none twice, the outbox ends empty', async () => {
    await smtp.down();
    const units = ['dept-transport', 'dept-commerce', 'dept-finance'];
    for (const u of units) await reportDelay(store, (await planMilestone(store, u)).id);
    // Three digests wait in the outbox and fail while the server is away.
    await until(async () => (await count('pending')) === 3, 'three digests pending');
    await until(
      async () =>
        Number((await ds.query<{ n: string }[]>('SELECT min(attempts) AS n FROM alert_deliveries'))[0]!.n) >=
        2,
      'each tried twice',
    );
    expect(await count('sent')).toBe(0);
    await smtp.up();
    await until(async () => (await count('pending')) === 0, 'outbox empty');
    expect(await count('sent')).toBe(3);
    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(smtp.received.map((m) => m.rcptTo.join()).sort()).toEqual(
      units.map((u) => `${u}@example.org`).sort(),
    );
    const stored: { message_id: string }[] = await ds.query('SELECT message_id FROM alert_deliveries');
    expect(ids.sort()).toEqual(stored.map((r) => r.message_id).sort());
    const pending = await t.request('GET', '/api/v1/alerts/deliveries?state=pending', { token: supervisor });
    expect(pending.body.total).toBe(0);
  });

  it('a server that always rejects: dead-lettered after N attempts, visible in the API, retried on request', async () => {
    smtp.mode = 'reject';
    await reportDelay(store, (await planMilestone(store, 'dept-education')).id, '设计变更');
    await until(async () => (await count('dead')) === 1, 'dead-lettered');
    const dead = await t.request('GET', '/api/v1/alerts/deliveries?state=dead', { token: supervisor });
    expect(dead.status).toBe(200);
    expect(dead.body.items).toHaveLength(1);
    expect(dead.body.items[0]).toMatchObject({
      state: 'dead',
      attempts: 4,
      recipient: { email: 'dept-education@example.org' },
    });
    expect(dead.body.items[0].lastError).toContain('550');
    expect(smtp.received).toHaveLength(0);
    smtp.mode = 'accept';
    const retried = await t.request('POST', `/api/v1/alerts/deliveries/${dead.body.items[0].id}/retry`);
    expect([retried.status, retried.body.state]).toEqual([200, 'pending']);
    await until(
      async () => (await count('dead')) === 0 && (await count('pending')) === 0,
      'retried and sent',
    );
    expect(smtp.received.map((m) => m.rcptTo.join())).toEqual(['dept-education@example.org']);
    const again = await t.request('POST', `/api/v1/alerts/deliveries/${dead.body.items[0].id}/retry`);
    expect([again.status, again.body.code]).toEqual([409, 'DELIVERY_NOT_DEAD']);
  });

  it('a sender that dies between "sent" and "marked sent" resends once, with the same Message-ID', async () => {
    const sender = t.app.get(AlertMailSender);
    let crashes = 0;
    sender.afterSendBeforeMark = () => {
      if (crashes++ === 0) throw new Error('simulated crash after the SMTP send, before the mark');
    };
    await reportDelay(store, (await planMilestone(store, 'dept-health')).id, '疫情影响');
    await until(async () => smtp.received.length >= 1, 'a mail received');
    expect(await count('pending')).toBe(1); // sent, not marked: claimed until its lease runs out
    await until(async () => (await count('pending')) === 0, 'outbox empty');
    expect(smtp.received).toHaveLength(2);
    expect(smtp.received[1]!.messageId).toBe(smtp.received[0]!.messageId);
    const row: { state: string; attempts: number; message_id: string }[] = await ds.query(
      "SELECT state, attempts, message_id FROM alert_deliveries WHERE recipient_email = 'dept-health@example.org'",
    );
    expect(row).toEqual([{ state: 'sent', attempts: 2, message_id: smtp.received[0]!.messageId }]);
  });

  it('CR/LF in a narrative, a reason, a plan text or a contact name adds no header and no recipient', async () => {
    // A contact row written around the API's validation, and milestone facts written around the domain's.
    await ds.query("UPDATE alert_contacts SET name = $1 WHERE email = 'dept-water-resources@example.org'", [
      '水利局\r\nBcc: x@evil.test\r\nX-Evil: 1',
    ]);
    const { id } = await planMilestone(store, 'dept-water-resources', {
      taskTitle: '水利\r\nBcc: y@evil.test',
      text: '2021年\r\nCc: z@evil.test\nBcc: w@evil.test',
    });
    await store.append(
      milestoneStreamId(id),
      [
        {
          eventId: newEventId(),
          type: 'ProgressReported',
          data: { percent: 10, narrative: '进展\nBcc: v@evil.test', forecastDate: '2099-01-01' },
          metadata: { occurredAt: new Date().toISOString() },
        },
      ],
      'any',
    );
    await reportDelay(store, id, '原因\r\nBcc: x@evil.test\r\nSubject: 伪造');
    // The two alerts may travel in one digest or in two, depending on how the runs fall: wait until
    // the outbox is empty and stays empty.
    await until(async () => smtp.received.length >= 1 && (await count('pending')) === 0, 'mail sent');
    await new Promise((r) => setTimeout(r, 1500));
    await until(async () => (await count('pending')) === 0, 'outbox empty');
    for (const m of smtp.received) {
      expect(m.rcptTo).toEqual(['dept-water-resources@example.org']);
      expect(m.parsed.bcc).toBeUndefined();
      expect(m.parsed.cc).toBeUndefined();
      expect(m.parsed.headers.has('x-evil')).toBe(false);
      const head = m.raw.split(/\r?\n\r?\n/)[0]!;
      expect(head).not.toMatch(/^(bcc|cc|x-evil|subject: 伪造)/im);
      expect(head.match(/^subject:/gim)).toHaveLength(1);
      const to = m.parsed.to && !Array.isArray(m.parsed.to) ? m.parsed.to.value : [];
      expect(to).toEqual([
        { address: 'dept-water-resources@example.org', name: '水利局 Bcc: x@evil.test X-Evil: 1' },
      ]);
      expect(m.parsed.text).toContain('Bcc: x@evil.test'); // the text is shown, as text
    }
    expect(JSON.stringify(smtp.received.map((m) => m.rcptTo))).not.toContain('evil.test');
  });
});

describe('alert mail without SMTP_URL: .eml files under DATA_DIR/mail', () => {
  it('writes one parsable file per mail', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-mail-'));
    const t = await startTestApp({ DATA_DIR: dir }, { startConsumers: false });
    try {
      const store = t.app.get(EventStore);
      await t.app.get(PlanImportService).importDocument(SEED, { actor: { system: 'test' } });
      await reportDelay(store, (await planMilestone(store, 'dept-transport')).id, '资金未到位');
      const runner = t.app.get(ConsumerRunner);
      for (const name of [PLAN_CATALOG_CONSUMER, ALERTS_MONITOR, ALERTS_NOTIFIER]) await runner.catchUp(name);
      expect(await t.app.get(AlertMailSender).deliverDue()).toEqual({
        sent: 1,
        alreadySent: 0,
        failed: 0,
        dead: 0,
      });
      const files = fs.readdirSync(path.join(dir, 'mail')).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const mail = await simpleParser(fs.readFileSync(path.join(dir, 'mail', files[0]!)));
      expect(mail.subject).toBe('【督办提醒·黄】市交通运输局：1 项任务报告延期');
      expect(mail.text).toContain('报告延期：资金未到位');
    } finally {
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
