import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStore } from '@app/event-store';
import { ALERTS_NOTIFIER, AlertRobotSender } from '@app/alerts';
import { planMilestone, reportDelay, RobotTestServer, SmtpTestServer } from '@app/alerts/testing';
import { startMailingApp } from './support/seeded-app';
import { startTestApp, type TestApp } from './support/test-app';
import { copyEvents } from './support/replay';
import { until } from './support/until';

const SECRET = 'SEC9f3c0d1e2b4a5968778695a4b3c2d1e0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4';

/**
 * 钉钉 / 企业微信 group robots per unit, against a fake of both webhooks on loopback that checks the token, the
 * DingTalk 加签 signature and its timestamp window, and the WeCom key: the same outbox, retries and dead letters as
 * the mails, and no message posted twice. Short backoffs keep it fast.
 */
Object.assign(process.env, {
  ALERT_MAIL_BACKOFF_MS: '100',
  ALERT_MAIL_BACKOFF_MAX_MS: '400',
  ALERT_MAIL_MAX_ATTEMPTS: '6',
  ALERT_MAIL_POLL_MS: '50',
  ALERT_MAIL_LEASE_MS: '2000',
  ALERT_ROBOT_TIMEOUT_MS: '3000',
});

interface RobotRow {
  id: string;
  channel: string;
  state: string;
  attempts: number;
  last_error: string | null;
  alert_ids: string[];
}

describe('alert messages to 钉钉 / 企业微信 group robots (fake robots on loopback, sender running)', () => {
  let t: TestApp;
  let replay: TestApp | undefined;
  let robots: RobotTestServer;
  let smtp: SmtpTestServer;
  let ds: DataSource;
  let store: EventStore;
  let supervisor: string;

  const robotRows = (milestone: string): Promise<RobotRow[]> =>
    ds.query(
      `SELECT id::text, channel, state, attempts, last_error, alert_ids FROM alert_deliveries
        WHERE channel <> 'mail' AND EXISTS (SELECT 1 FROM unnest(alert_ids) a WHERE a LIKE '%' || $1 || '%')
        ORDER BY channel`,
      [milestone],
    );
  const putRobots = (unit: string, list: unknown[], token?: string) =>
    t.request('PUT', `/api/v1/units/${unit}/robots`, { body: { robots: list }, ...(token ? { token } : {}) });

  beforeAll(async () => {
    robots = await RobotTestServer.start();
    smtp = await SmtpTestServer.start();
    ({ t, ds, store, supervisor } = await startMailingApp(smtp.url));
    await until(
      async () =>
        (await t.request('GET', '/api/v1/units/dept-transport/robots', { token: supervisor })).status === 200,
      'the plan catalogue knows the units',
    );
  }, 60_000);

  afterAll(async () => {
    await replay?.close();
    await t?.close();
    await robots?.down();
    await smtp?.down();
  });

  afterEach(() => {
    robots.mode = 'accept';
    robots.clear();
  });

  it('configuring: bad webhooks refused with problem+json, nothing written; the answer masks token and secret', async () => {
    const ok = { kind: 'wecom', url: robots.wecomUrl('cfg-key-0001') };
    for (const [entry, code, field] of [
      [
        { kind: 'dingtalk', url: 'http://10.1.2.3/robot/send?access_token=abc' },
        'ROBOT_URL_INVALID',
        'robots[1].url',
      ],
      [{ kind: 'dingtalk', url: robots.wecomUrl('k') }, 'ROBOT_URL_INVALID', 'robots[1].url'],
      [
        { kind: 'wecom', url: robots.wecomUrl('k2'), secret: 'SECx' },
        'ROBOT_SECRET_INVALID',
        'robots[1].secret',
      ],
      [ok, 'ROBOT_DUPLICATE', 'robots[1].url'],
    ] as const) {
      const r = await putRobots('dept-transport', [ok, entry]);
      expect([r.status, r.body.code, r.body.field]).toEqual([400, code, field]);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
    }
    const feishu = await putRobots('dept-transport', [{ kind: 'feishu', url: 'https://x.test/hook' }]);
    expect(feishu.status).toBe(400);
    expect((await putRobots('no-such-unit', [ok])).status).toBe(404);
    expect((await putRobots('dept-transport', [ok], supervisor)).status).toBe(403);
    expect(
      (await t.request('GET', '/api/v1/units/dept-transport/robots', { token: supervisor })).body,
    ).toEqual([]);

    const token = 'cfgdingtalktoken0001';
    const put = await putRobots('dept-transport', [
      { kind: 'dingtalk', url: robots.dingtalkUrl(token), secret: SECRET },
    ]);
    expect(put.status).toBe(200);
    const got = await t.request('GET', '/api/v1/units/dept-transport/robots', { token: supervisor });
    expect(got.body).toEqual([
      {
        kind: 'dingtalk',
        key: expect.stringMatching(/^dingtalk:[0-9a-f]{32}$/),
        url: `${robots.base}/robot/send?access_token=cfgd****0001`,
        secret: 'SEC****',
        unreadable: false,
        hint: null,
      },
    ]);
    expect(put.body).toEqual(got.body);
    expect(got.text).not.toContain(token);
    expect(got.text).not.toContain(SECRET.slice(3, 12));
    // At rest: neither the token nor the secret in the table (AES-256-GCM under SECRETS_KEY).
    const stored = await ds.query<{ url: string; secret: string }[]>(
      `SELECT url, secret FROM alert_robots WHERE unit_id = 'dept-transport'`,
    );
    expect(stored).toEqual([
      { url: expect.stringMatching(/^enc:v1:/), secret: expect.stringMatching(/^enc:v1:/) },
    ]);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(SECRET.slice(3));
    expect((await putRobots('dept-transport', [])).status).toBe(200);
  });

  it('a robot stored under a key the service does not have (SECRETS_KEY lost): listed as unreadable, no 500; entered again, readable', async () => {
    const url = robots.wecomUrl('lost-key-wecom-0001');
    await ds.query(
      `INSERT INTO alert_robots (unit_id, kind, url, robot_key, secret, position)
       VALUES ('dept-water-resources', 'wecom', $1, 'wecom:0123456789abcdef0123456789abcdef', NULL, 0)`,
      [`enc:v1:00000000:${randomBytes(60).toString('base64')}`],
    );
    const got = await t.request('GET', '/api/v1/units/dept-water-resources/robots', { token: supervisor });
    expect([got.status, got.body]).toEqual([
      200,
      [
        {
          kind: 'wecom',
          key: 'wecom:0123456789abcdef0123456789abcdef',
          url: null,
          secret: null,
          unreadable: true,
          hint: expect.stringContaining('请重新填写该单位的机器人'),
        },
      ],
    ]);
    expect(got.text).not.toContain('enc:v1');
    // Kept by its key beside a new one: allowed, it stays unreadable (hint shown), the new one is readable.
    const lost = 'wecom:0123456789abcdef0123456789abcdef';
    const kept = await putRobots('dept-water-resources', [
      { key: lost },
      { kind: 'wecom', url: robots.wecomUrl('beside-lost-0001') },
    ]);
    expect(
      kept.body.map((r: { key: string; unreadable: boolean }) => [r.key === lost, r.unreadable]),
    ).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(kept.text).not.toContain('enc:v1');
    expect((await putRobots('dept-water-resources', [{ kind: 'wecom', url }])).status).toBe(200);
    const again = await t.request('GET', '/api/v1/units/dept-water-resources/robots', { token: supervisor });
    expect(again.body).toEqual([
      {
        kind: 'wecom',
        key: expect.stringMatching(/^wecom:[0-9a-f]{32}$/),
        url: `${robots.base}/cgi-bin/webhook/send?key=lost****0001`,
        secret: null,
        unreadable: false,
        hint: null,
      },
    ]);
    expect((await putRobots('dept-water-resources', [])).status).toBe(200);
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

  it('a stored robot kept by its key (not typed again) beside a new one: both listed in order and both deliver; refusals name the entry; the same PUT twice, the same list', async () => {
    const unit = 'dept-natural-resources';
    robots.dingtalk.set('keptdingtalktoken001', SECRET);
    robots.wecom.add('added-wecom-key-0001');
    const first = await putRobots(unit, [
      { kind: 'dingtalk', url: robots.dingtalkUrl('keptdingtalktoken001'), secret: SECRET },
    ]);
    const ding = first.body[0].key as string;
    const sealed = async () =>
      ds.query<{ robot_key: string; url: string; secret: string | null }[]>(
        'SELECT robot_key, url, secret FROM alert_robots WHERE unit_id = $1 ORDER BY position',
        [unit],
      );
    const [stored] = await sealed();

    const body = [{ key: ding }, { kind: 'wecom', url: robots.wecomUrl('added-wecom-key-0001') }];
    const put = await putRobots(unit, body);
    expect(put.status).toBe(200);
    expect(put.body).toEqual([
      first.body[0],
      expect.objectContaining({ kind: 'wecom', url: `${robots.base}/cgi-bin/webhook/send?key=adde****0001` }),
    ]);
    for (const c of [stored!.url, stored!.secret!, 'keptdingtalktoken001', SECRET.slice(3, 12)]) {
      expect(put.text).not.toContain(c);
    }
    const rows = await sealed();
    expect(rows[0]).toEqual(stored); // kept as stored: the same ciphertext, not re-entered
    // Retried: the same list, the kept robot still as stored.
    const again = await putRobots(unit, body);
    expect([again.status, again.body]).toEqual([200, put.body]);
    expect((await sealed()).map((r) => r.robot_key)).toEqual(rows.map((r) => r.robot_key));
    expect((await sealed())[0]).toEqual(stored);

    const wecom = put.body[1].key as string;
    for (const [list, code, field] of [
      [
        [{ key: ding }, { key: 'wecom:ffffffffffffffffffffffffffffffff' }],
        'ROBOT_KEY_UNKNOWN',
        'robots[1].key',
      ],
      [[{ key: ding }, { key: wecom }, { key: ding }], 'ROBOT_DUPLICATE', 'robots[2].key'],
      [
        [{ key: wecom, url: robots.wecomUrl('added-wecom-key-0001') }],
        'ROBOT_KEY_WITH_WEBHOOK',
        'robots[0].key',
      ],
    ] as const) {
      const r = await putRobots(unit, [...list]);
      expect([r.status, r.body.code, r.body.field]).toEqual([400, code, field]);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
    }
    const got = await t.request('GET', `/api/v1/units/${unit}/robots`, { token: supervisor });
    expect(got.body).toEqual(put.body); // nothing written by the refused ones

    const { id } = await planMilestone(store, unit);
    await reportDelay(store, id);
    await until(async () => {
      const r = await robotRows(id);
      return r.length === 2 && r.every((x) => x.state === 'sent');
    }, 'both robots delivered');
    // The kept secret still signs: the fake checked the signature.
    expect(robots.received.map((m) => [m.kind, m.robot, m.timestamp !== null])).toEqual(
      expect.arrayContaining([
        ['dingtalk', 'keptdingtalktoken001', true],
        ['wecom', 'added-wecom-key-0001', false],
      ]),
    );
    expect(robots.refused).toEqual([]);
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
