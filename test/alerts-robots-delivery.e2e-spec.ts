import { DataSource } from 'typeorm';
import { ConsumerRunner, type EventStore } from '@app/event-store';
import { ALERTS_NOTIFIER, AlertRobotSender } from '@app/alerts';
import { planMilestone, reportDelay, type RobotTestServer } from '@app/alerts/testing';
import { type RobotsApp, SECRET, startRobotsApp } from './support/robots-app';
import { startTestApp, type TestApp } from './support/test-app';
import { copyEvents } from './support/replay';
import { until } from './support/until';

/**
 * Alert messages to 钉钉 / 企业微信 group robots, against a fake of both webhooks on loopback that checks the token,
 * the DingTalk 加签 signature and its timestamp window, and the WeCom key: the same outbox, retries and dead letters
 * as the mails, and no message posted twice (after a restart, after a replay). Short backoffs keep it fast.
 * Configuring the robots: alerts-robots-config.e2e-spec.ts.
 */
describe('alert messages to 钉钉 / 企业微信 group robots (fake robots on loopback, sender running)', () => {
  let app: RobotsApp;
  let t: TestApp;
  let replay: TestApp | undefined;
  let robots: RobotTestServer;
  let ds: DataSource;
  let store: EventStore;
  let supervisor: string;
  const robotRows = (milestone: string) => app.robotRows(milestone);
  const putRobots = (unit: string, list: unknown[], token?: string) => app.putRobots(unit, list, token);

  beforeAll(async () => {
    app = await startRobotsApp();
    ({ t, robots, ds, store, supervisor } = app);
  }, 60_000);

  afterAll(async () => {
    await replay?.close();
    await app?.close();
  });

  afterEach(() => {
    robots.mode = 'accept';
    robots.clear();
  });

  it('an overdue alert: one signed DingTalk message and one WeCom message, each naming the unit and linking the item', async () => {
    robots.dingtalk.set('overduedingtalk0001', SECRET);
    robots.wecom.add('overdue-wecom-key-0001');
    expect(
      (
        await putRobots('dept-transport', [
          { kind: 'dingtalk', url: robots.dingtalkUrl('overduedingtalk0001'), secret: SECRET },
          { kind: 'wecom', url: robots.wecomUrl('overdue-wecom-key-0001') },
        ])
      ).status,
    ).toBe(200);
    const { id, title } = await planMilestone(store, 'dept-transport', { dueDate: '2021-01-31' });
    const scan = await t.request('POST', '/api/v1/alerts:scan', {
      token: supervisor,
      body: { asOf: '2021-02-03' },
    });
    expect(scan.status).toBe(200);
    await until(async () => {
      const rows = await robotRows(id);
      return rows.length === 2 && rows.every((r) => r.state === 'sent');
    }, 'both robot messages sent');
    expect(robots.refused).toEqual([]);
    const ding = robots.received.filter((m) => m.kind === 'dingtalk');
    const wecom = robots.received.filter((m) => m.kind === 'wecom');
    expect([ding.length, wecom.length]).toEqual([1, 1]);
    expect(ding[0]!.timestamp).not.toBeNull(); // signed, and the fake checked the signature and its window
    expect(ding[0]!.body.markdown.title).toMatch(/^【督办提醒·(红|黄|蓝)】市交通运输局：\d+项预警$/);
    for (const text of [ding[0]!.body.markdown.text!, wecom[0]!.body.markdown.content!]) {
      expect(text).toContain(title);
      expect(text).toContain(`(https://pm.example.org/milestones/${id})`);
      expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(4000);
    }
    // The same date scanned again tells nothing new: no second message.
    await t.request('POST', '/api/v1/alerts:scan', { token: supervisor, body: { asOf: '2021-02-03' } });
    await new Promise((r) => setTimeout(r, 500));
    expect(robots.received).toHaveLength(2);
  });

  it('robot down (HTTP 503, then errcode ≠ 0), then back: retried, delivered once', async () => {
    robots.wecom.add('down-wecom-key-0001');
    await putRobots('dept-commerce', [{ kind: 'wecom', url: robots.wecomUrl('down-wecom-key-0001') }]);
    robots.mode = 'http-503';
    const { id } = await planMilestone(store, 'dept-commerce');
    await reportDelay(store, id);
    await until(
      async () => ((await robotRows(id))[0]?.last_error ?? '').includes('HTTP 503'),
      '503 recorded',
    );
    robots.mode = 'errcode';
    await until(
      async () => ((await robotRows(id))[0]?.last_error ?? '').includes('errcode -1'),
      'errcode recorded',
    );
    expect((await robotRows(id))[0]!.state).toBe('pending');
    robots.mode = 'accept';
    await until(async () => (await robotRows(id))[0]?.state === 'sent', 'sent after the robot came back');
    expect(robots.received.map((m) => m.robot)).toEqual(['down-wecom-key-0001']);
  });

  it('"too many messages" (130101) waits without using up attempts, then delivers', async () => {
    robots.dingtalk.set('ratelimitdingtalk001', null);
    await putRobots('dept-finance', [{ kind: 'dingtalk', url: robots.dingtalkUrl('ratelimitdingtalk001') }]);
    robots.mode = 'rate-limit';
    const { id } = await planMilestone(store, 'dept-finance');
    await reportDelay(store, id);
    await until(async () => robots.refused.length >= 8, 'eight refusals');
    const row = (await robotRows(id))[0]!;
    expect(row.state).toBe('pending');
    expect(row.attempts).toBeLessThanOrEqual(1);
    expect(row.last_error).toContain('130101');
    robots.mode = 'accept';
    await until(async () => (await robotRows(id))[0]?.state === 'sent', 'sent after the rate limit');
    expect(robots.received).toHaveLength(1);
  });

  it('a wrong secret: refused (310000) every time, dead-lettered where the mails are; fixed and retried, delivered', async () => {
    robots.dingtalk.set('deaddingtalktoken001', SECRET);
    const url = robots.dingtalkUrl('deaddingtalktoken001');
    await putRobots('dept-health', [{ kind: 'dingtalk', url, secret: 'SECnotthesecret0000' }]);
    const { id } = await planMilestone(store, 'dept-health');
    await reportDelay(store, id);
    await until(async () => (await robotRows(id))[0]?.state === 'dead', 'dead-lettered');
    expect(robots.refused.every((r) => r.startsWith('310000'))).toBe(true);
    const dead = await t.request('GET', '/api/v1/alerts/deliveries?state=dead', { token: supervisor });
    const letter = dead.body.items.find((d: { channel: string }) => d.channel === 'dingtalk');
    expect(letter).toMatchObject({
      state: 'dead',
      attempts: 6,
      recipient: { name: '市卫生健康局 钉钉群机器人' },
    });
    expect(letter.lastError).toContain('errcode 310000');
    expect(dead.text).not.toContain('deaddingtalktoken001');

    await putRobots('dept-health', [{ kind: 'dingtalk', url, secret: SECRET }]);
    const retried = await t.request('POST', `/api/v1/alerts/deliveries/${letter.id}/retry`);
    expect([retried.status, retried.body.state]).toEqual([200, 'pending']);
    await until(async () => (await robotRows(id))[0]?.state === 'sent', 'sent after the fix');
    expect(robots.received.map((m) => m.robot)).toEqual(['deaddingtalktoken001']);
  });

  it('a restart whose outbox forgot what was sent posts nothing again: the events record every delivery', async () => {
    const sent = Number(
      (
        await ds.query<{ n: string }[]>(`SELECT count(*) AS n FROM alert_deliveries WHERE channel <> 'mail'`)
      )[0]!.n,
    );
    expect(sent).toBeGreaterThanOrEqual(5);
    await ds.query(
      `UPDATE alert_deliveries SET state = 'pending', sent_at = NULL, next_attempt_at = now() WHERE channel <> 'mail'`,
    );
    const run = await t.app.get(AlertRobotSender).deliverDue();
    expect(run.sent).toBe(0);
    await until(
      async () =>
        (
          await ds.query<{ n: string }[]>(`SELECT count(*) AS n FROM alert_deliveries WHERE state <> 'sent'`)
        )[0]!.n === '0',
      'every row sent again',
    );
    expect(robots.received).toHaveLength(0);
  });

  it('the events replayed into a fresh database with the same robots: the messages sent before, all known as sent, none posted again', async () => {
    const rows = (db: DataSource) =>
      db.query<{ id: string; recipient_email: string; subject: string; text_body: string; state: string }[]>(
        `SELECT id::text, recipient_email, subject, text_body, state FROM alert_deliveries
          WHERE channel <> 'mail' ORDER BY id`,
      );
    const first = await rows(ds);
    expect(first.length).toBeGreaterThanOrEqual(5);
    replay = await startTestApp({ BASE_URL: 'https://pm.example.org' }, { startConsumers: false });
    const rds = replay.app.get(DataSource);
    expect(await copyEvents(t.db.url, replay.db.url)).toBeGreaterThan(100);
    // Robots are configuration, not events: the replayed service is configured as the first was.
    await rds.query(
      `INSERT INTO alert_robots (unit_id, kind, url, robot_key, secret, position)
       SELECT x.unit_id, x.kind, x.url, x.robot_key, x.secret, x.position
         FROM jsonb_to_recordset($1::jsonb) AS x(unit_id text, kind text, url text, robot_key text, secret text, position int)`,
      [
        JSON.stringify(
          await ds.query('SELECT unit_id, kind, url, robot_key, secret, position FROM alert_robots'),
        ),
      ],
    );
    await replay.app.get(ConsumerRunner).catchUp(ALERTS_NOTIFIER);
    const ids = first.map((r) => r.id);
    expect((await rows(rds)).filter((r) => ids.includes(r.id))).toEqual(first);
    // Robots configured now also get the runs from before they were configured (configuration is not in the
    // events, as for mail contacts): those were never sent; leave them out of what is checked here.
    await rds.query(`DELETE FROM alert_deliveries WHERE channel <> 'mail' AND id::text <> ALL($1::text[])`, [
      ids,
    ]);
    await rds.query(
      `UPDATE alert_deliveries SET state = 'pending', next_attempt_at = now() WHERE channel <> 'mail'`,
    );
    expect(await replay.app.get(AlertRobotSender).deliverDue()).toEqual({
      sent: 0,
      alreadySent: first.length,
      failed: 0,
      dead: 0,
    });
    expect(robots.received).toHaveLength(0);
  });
});
