import { randomBytes } from 'node:crypto';
import { planMilestone, reportDelay, SmtpTestServer } from '@app/alerts/testing';
import { withBrowser, type BrowserApp } from './browser-app';
import { startMailingApp } from './seeded-app';
import { until } from './until';

/**
 * Where the browser tests of 通知设置 start: a real SMTP server on loopback that refuses everything (`smtp.mode`
 * switches it), the service mailing through it (quick retries) with the seed plan, Chromium beside it, and:
 * a dead letter (市教育局's digest, refused every time), a robot of 市水利局 stored under a key the service does not
 * have (SECRETS_KEY lost) and a readable one of 市交通运输局. `close()` closes the app, then the mail server.
 */
export interface NoticesBrowserApp extends BrowserApp {
  readonly smtp: SmtpTestServer;
  /** The supervising office's token (read-only here). */
  readonly office: string;
  /** The dead letters, as the API lists them. */
  dead(): Promise<{ id: string; state: string }[]>;
  /** The mail addresses of a unit's recipients, as the API lists them. */
  contactsOf(unit: string): Promise<string[]>;
}

export async function startNoticesBrowserApp(): Promise<NoticesBrowserApp> {
  Object.assign(process.env, {
    ALERT_MAIL_BACKOFF_MS: '20',
    ALERT_MAIL_BACKOFF_MAX_MS: '100',
    ALERT_MAIL_MAX_ATTEMPTS: '3',
    ALERT_MAIL_POLL_MS: '50',
    ALERT_SMTP_TIMEOUT_MS: '2000',
  });
  const smtp = await SmtpTestServer.start();
  smtp.mode = 'reject';
  let app: BrowserApp | undefined;
  try {
    const mailing = await startMailingApp(smtp.url);
    const t = mailing.t;
    app = await withBrowser(t);
    const dead = async () => (await t.request('GET', '/api/v1/alerts/deliveries?state=dead')).body.items;
    const contactsOf = async (unit: string): Promise<string[]> =>
      ((await t.request('GET', `/api/v1/units/${unit}/contacts`)).body as { email: string }[]).map(
        (c) => c.email,
      );
    await until(async () => (await t.request('GET', '/api/v1/units')).body?.length > 0, 'unit catalogue');
    await reportDelay(mailing.store, (await planMilestone(mailing.store, 'dept-education')).id, '设计变更');
    await until(async () => (await dead()).length === 1, 'a dead letter');
    await mailing.ds.query(
      `INSERT INTO alert_robots (unit_id, kind, url, robot_key, secret, position)
       VALUES ('dept-water-resources', 'wecom', $1, 'wecom:0123456789abcdef0123456789abcdef', NULL, 0)`,
      [`enc:v1:00000000:${randomBytes(60).toString('base64')}`],
    );
    const robots = await t.request('PUT', '/api/v1/units/dept-transport/robots', {
      body: {
        robots: [{ kind: 'wecom', url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=abcdef0123456789' }],
      },
    });
    expect(robots.status).toBe(200);
    const browserApp = app;
    return {
      ...browserApp,
      smtp,
      office: mailing.supervisor,
      dead,
      contactsOf,
      close: async () => {
        await browserApp.close();
        await smtp.down();
      },
    };
  } catch (e) {
    await app?.close();
    await smtp.down();
    throw e;
  }
}
