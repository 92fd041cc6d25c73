import { robotsTag } from '../contacts/list-tag';
import { newKey, raw, SECRET, useRobotSecrets } from '../testing/robot-secrets-fixture';
import { resealRobots } from './reseal-robots';
import { robotKey } from './robot-webhook';

/**
 * Robot webhooks and DingTalk secrets are stored encrypted (rows from before encrypted at the service's start) and
 * still post; SECRETS_KEY_PREVIOUS rotates them; a list's tag sees a changed secret. The unknown key, the key file
 * and the migration: robot-secret-keys.int-spec.ts.
 */
describe('robot webhooks and secrets encrypted at rest (real PostgreSQL, fake robots on loopback)', () => {
  /** SECRETS_KEY now: the tests run in order on one database, the rotation tests change it. */
  let key = newKey();
  const rig = useRobotSecrets(key);
  const { boot, alertAndDeliver } = rig;

  it('saved through RobotsService: neither token nor secret in plain text; the notifier still posts, signed', async () => {
    const { ds, service, box } = await boot({ current: key });
    rig.robots.dingtalk.set('storeddingtalktoken01', SECRET);
    rig.robots.wecom.add('stored-wecom-key-0001');
    const view = await service.replaceUnit('dept-transport', [
      { kind: 'dingtalk', url: rig.robots.dingtalkUrl('storeddingtalktoken01'), secret: SECRET },
      { kind: 'wecom', url: rig.robots.wecomUrl('stored-wecom-key-0001') },
    ]);
    const plain = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM alert_robots
        WHERE url LIKE '%access_token=storeddingtalktoken01%' OR url LIKE '%key=stored-wecom-key-0001%'
           OR url LIKE '%127.0.0.1%' OR secret LIKE '%' || $1 || '%'`,
      [SECRET.slice(3)],
    );
    expect(plain[0]!.n).toBe(0);
    const rows = await raw(ds);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.url).toMatch(new RegExp(`^enc:v1:${box.current.id}:`));
    expect(rows[0]!.secret).toMatch(/^enc:v1:/);
    expect(await service.ofUnit('dept-transport')).toEqual(view);
    expect(view[0]).toEqual({
      kind: 'dingtalk',
      key: robotKey('dingtalk', rig.robots.dingtalkUrl('storeddingtalktoken01')),
      url: `${rig.robots.base}/robot/send?access_token=stor****en01`,
      secret: 'SEC****',
      unreadable: false,
      hint: null,
    });

    await alertAndDeliver(['dept-transport'], '2021-02-03');
    expect(rig.robots.refused).toEqual([]);
    expect(rig.robots.received.map((m) => [m.kind, m.robot, m.timestamp !== null]).sort()).toEqual([
      ['dingtalk', 'storeddingtalktoken01', true],
      ['wecom', 'stored-wecom-key-0001', false],
    ]);
  }, 60_000);

  it("plain-text rows from before are encrypted at the service's start (once), not by a tool, and keep working", async () => {
    const { ds } = await boot({ current: key });
    rig.robots.dingtalk.set('plaindingtalktoken01', SECRET);
    const url = rig.robots.dingtalkUrl('plaindingtalktoken01');
    await ds.query(
      `INSERT INTO alert_robots (unit_id, kind, url, robot_key, secret, position)
       VALUES ('dept-commerce', 'dingtalk', $1, $2, $3, 0)`,
      [url, robotKey('dingtalk', url), SECRET],
    );
    // A tool's context (the CLI, the demo: no upkeep) rewrites nothing it was not asked to.
    const tool = await boot({ current: key }, undefined, false);
    expect((await raw(tool.ds)).find((r) => r.unit_id === 'dept-commerce')!.url).toBe(url);
    const { ds: ds2, box, service } = await boot({ current: key });
    const after = await raw(ds2);
    expect(after.every((r) => r.url.startsWith(`enc:v1:${box.current.id}:`))).toBe(true);
    expect(after.find((r) => r.unit_id === 'dept-commerce')!.secret).toMatch(/^enc:v1:/);
    expect(JSON.stringify(after)).not.toContain('plaindingtalktoken01');
    // Idempotent: nothing left to rewrite, the stored values stay as they are.
    expect(await resealRobots(ds2, box)).toEqual({ resealed: 0, unreadable: [], held: 0 });
    expect(await raw(ds2)).toEqual(after);
    expect((await service.ofUnit('dept-commerce'))[0]!.url).toBe(
      `${rig.robots.base}/robot/send?access_token=plai****en01`,
    );

    await alertAndDeliver(['dept-commerce'], '2021-02-04');
    expect(rig.robots.refused).toEqual([]);
    expect(rig.robots.received.filter((m) => m.robot === 'plaindingtalktoken01')).toHaveLength(1);
  }, 60_000);

  it('rotation: values under SECRETS_KEY_PREVIOUS are rewritten under the new key; the old key is then not needed', async () => {
    const old = key;
    key = newKey();
    const { ds } = await boot({ current: key, previous: [old] });
    const rotated = await raw(ds);
    expect(rotated.length).toBeGreaterThanOrEqual(3);
    expect(rotated.every((r) => r.url.startsWith(`enc:v1:${key.id}:`))).toBe(true);
    expect(
      rotated.filter((r) => r.secret !== null).every((r) => r.secret!.startsWith(`enc:v1:${key.id}:`)),
    ).toBe(true);
    const { service } = await boot({ current: key });
    expect((await service.ofUnit('dept-transport')).map((v) => v.url)).toEqual([
      `${rig.robots.base}/robot/send?access_token=stor****en01`,
      `${rig.robots.base}/cgi-bin/webhook/send?key=stor****0001`,
    ]);
    await alertAndDeliver(['dept-transport'], '2021-02-05');
    expect(rig.robots.refused).toEqual([]);
    expect(rig.robots.received.map((m) => m.robot)).toEqual(
      expect.arrayContaining(['storeddingtalktoken01', 'stored-wecom-key-0001']),
    );
  }, 60_000);

  it('a robot kept by key while under SECRETS_KEY_PREVIOUS is written under the current key: a save never undoes a rotation', async () => {
    const old = key;
    key = newKey();
    const { ds, service } = await boot({ current: key, previous: [old] }, undefined, false); // no re-encryption yet
    const mine = async () => (await raw(ds)).filter((r) => r.unit_id === 'dept-transport');
    expect((await mine()).every((r) => r.url.startsWith(`enc:v1:${old.id}:`))).toBe(true);
    const listed = await service.ofUnit('dept-transport');
    expect(
      await service.replaceUnit(
        'dept-transport',
        listed.map((v) => ({ key: v.key })),
      ),
    ).toEqual(listed);
    const after = await mine();
    expect(after.every((r) => r.url.startsWith(`enc:v1:${key.id}:`))).toBe(true);
    expect(
      after.filter((r) => r.secret !== null).every((r) => r.secret!.startsWith(`enc:v1:${key.id}:`)),
    ).toBe(true);
    await boot({ current: key, previous: [old] }); // the other units' rows, as a start does
  }, 60_000);

  it('a new DingTalk secret on the same webhook changes the list’s tag: a save from before it gets LIST_CHANGED', async () => {
    const { service } = await boot({ current: key });
    const url = rig.robots.dingtalkUrl('tagdingtalktoken0001');
    const first = await service.replaceUnit('dept-water-resources', [
      { kind: 'dingtalk', url, secret: SECRET },
    ]);
    const loaded = robotsTag(first);
    const other = `SEC${'f'.repeat(64)}`;
    const second = await service.replaceUnit(
      'dept-water-resources',
      [{ kind: 'dingtalk', url, secret: other }],
      loaded,
    );
    expect(second).toEqual(first); // the same view: token and secret masked alike
    expect(robotsTag(second)).not.toBe(loaded);
    await expect(
      service.replaceUnit('dept-water-resources', [{ kind: 'dingtalk', url, secret: SECRET }], loaded),
    ).rejects.toMatchObject({ code: 'LIST_CHANGED' });
  }, 60_000);
});
