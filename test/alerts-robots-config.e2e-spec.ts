import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { EventStore } from '@app/event-store';
import { planMilestone, reportDelay, type RobotTestServer } from '@app/alerts/testing';
import { type RobotsApp, SECRET, startRobotsApp } from './support/robots-app';
import type { TestApp } from './support/test-app';
import { until } from './support/until';

/**
 * 钉钉 / 企业微信 group robots per unit, configured (`PUT /api/v1/units/{unit}/robots`): bad webhooks refused, token
 * and secret masked and sealed at rest, a robot under a lost key, robots kept by their key; against the fake robots
 * on loopback. Their delivery: alerts-robots-delivery.e2e-spec.ts.
 */
describe('configuring a unit’s 钉钉 / 企业微信 group robots (fake robots on loopback, sender running)', () => {
  let app: RobotsApp;
  let t: TestApp;
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
    await app?.close();
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
});
