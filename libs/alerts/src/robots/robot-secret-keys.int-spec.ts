import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { migrationNamed } from '@app/platform/testing';
import { newKey, raw, SECRET, useRobotSecrets } from '../testing/robot-secrets-fixture';
import { sealRobot } from './robot-row';
import { AlertRobotSender } from './robot-sender';
import { robotKey } from './robot-webhook';
import { RobotsService } from './robots.service';
import { SecretBox } from './secret-box';
import { secretsKeyFile } from './secret-key-file';

const KeyUnique = migrationNamed('AlertRobotsKeyUnique1764801700000');

/**
 * Robot secrets when the key is not the one they were sealed with (shown unreadable, failed visibly, delivered once
 * the key is back), the key file of the embedded default, and the migration's down while encrypted values exist.
 * Storing and rotating them: robot-secrets.int-spec.ts.
 */
describe('robot webhooks and secrets encrypted at rest (real PostgreSQL, fake robots on loopback)', () => {
  /** SECRETS_KEY of these tests (they run in order on one database; a foreign key and the key file's besides). */
  const key = newKey();
  const rig = useRobotSecrets(key);
  const { boot, alertAndDeliver } = rig;

  /** dept-transport's robots (a signed DingTalk one and a WeCom one), saved under `key`: the others that still post. */
  beforeAll(async () => {
    rig.robots.dingtalk.set('storeddingtalktoken01', SECRET);
    rig.robots.wecom.add('stored-wecom-key-0001');
    await rig.mod.get(RobotsService).replaceUnit('dept-transport', [
      { kind: 'dingtalk', url: rig.robots.dingtalkUrl('storeddingtalktoken01'), secret: SECRET },
      { kind: 'wecom', url: rig.robots.wecomUrl('stored-wecom-key-0001') },
    ]);
  });

  it('a row under an unknown key: shown unreadable; its message is queued and fails visibly (the others still post); the right key back, a retry delivers it', async () => {
    const { ds } = await boot({ current: key });
    const foreign = new SecretBox(newKey());
    rig.robots.dingtalk.set('lostkeydingtalktok01', null);
    const url = rig.robots.dingtalkUrl('lostkeydingtalktok01');
    const lost = robotKey('dingtalk', url);
    const sealed = sealRobot(foreign, { kind: 'dingtalk', url, secret: null });
    await ds.query(
      `INSERT INTO alert_robots (unit_id, kind, url, robot_key, secret, position)
       VALUES ('dept-health', 'dingtalk', $1, $2, NULL, 0)`,
      [sealed.url, lost],
    );
    // A plain-text row from before stays as it is while a row does not open (this process's key may be the wrong one).
    const plainUrl = rig.robots.dingtalkUrl('heldplaintexttoken01');
    await ds.query(
      `INSERT INTO alert_robots (unit_id, kind, url, robot_key, secret, position)
       VALUES ('dept-finance', 'dingtalk', $1, $2, NULL, 0)`,
      [plainUrl, robotKey('dingtalk', plainUrl)],
    );
    const { ds: ds2, service } = await boot({ current: key });
    expect((await raw(ds2)).find((r) => r.unit_id === 'dept-finance')?.url).toBe(plainUrl);
    expect(rig.logged.lines).toContainEqual(expect.stringMatching(/^1 robot webhooks left as they are/));
    await ds2.query(`DELETE FROM alert_robots WHERE unit_id = 'dept-finance'`);
    expect(rig.logged.lines.filter((l) => l.includes(lost))).toEqual([
      expect.stringMatching(
        /^robot dingtalk:[0-9a-f]{32} of unit dept-health: its webhook cannot be decrypted/,
      ),
    ]);
    // Listed by its key (as the outbox and the warning name it) with a hint; no URL, never the ciphertext.
    const listed = await service.ofUnit('dept-health');
    expect(listed).toEqual([
      {
        kind: 'dingtalk',
        key: lost,
        url: null,
        secret: null,
        unreadable: true,
        hint: expect.stringContaining('请重新填写该单位的机器人'),
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(sealed.url.slice(-24));
    rig.logged.lines.length = 0;
    await alertAndDeliver(['dept-health', 'dept-transport'], '2021-02-06');
    expect(rig.robots.received.map((m) => m.robot)).toEqual(
      expect.arrayContaining(['storeddingtalktoken01', 'stored-wecom-key-0001']),
    );
    expect(rig.robots.received.map((m) => m.robot)).not.toContain('lostkeydingtalktok01');
    // Queued all the same (the notifier decrypts nothing); the sender fails it as any failed delivery.
    const failed = await ds2.query<{ id: string; state: string; attempts: number; last_error: string }[]>(
      `SELECT id::text, state, attempts, last_error FROM alert_deliveries WHERE recipient_email = $1`,
      [lost],
    );
    expect(failed).toEqual([
      {
        id: expect.any(String),
        state: 'pending',
        attempts: 1,
        last_error: 'robot webhook cannot be decrypted (SECRETS_KEY?)',
      },
    ]);
    expect(rig.logged.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^robot message ${failed[0]!.id} to ${lost}: attempt 1 failed, retry in \\d+ ms: robot webhook cannot be decrypted`,
        ),
      ),
    );
    expect(rig.logged.lines.join('\n')).not.toContain('lostkeydingtalktok01');

    // The foreign key given back (as a previous key): the row is resealed at start, the retry (made due now) posts.
    const { ds: ds3 } = await boot({ current: key, previous: [foreign.current] });
    rig.robots.clear();
    await ds3.query(`UPDATE alert_deliveries SET next_attempt_at = now() WHERE id = $1`, [failed[0]!.id]);
    await rig.mod.get(AlertRobotSender).deliverDue(200);
    expect(rig.robots.received.map((m) => m.robot)).toEqual(['lostkeydingtalktok01']);
    const sent = await ds3.query<{ state: string; attempts: number }[]>(
      `SELECT state, attempts FROM alert_deliveries WHERE id = $1`,
      [failed[0]!.id],
    );
    expect(sent).toEqual([{ state: 'sent', attempts: 2 }]);
  }, 60_000);

  it('no SECRETS_KEY (embedded default): a key file generated once under DATA_DIR/keys, mode 0600, used again at the next start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pm-int-keyfile-'));
    const first = await boot({}, dir);
    const file = secretsKeyFile(dir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    await first.service.replaceUnit('dept-finance', [
      { kind: 'wecom', url: rig.robots.wecomUrl('keyfile-wecom-0001') },
    ]);
    const again = await boot({}, dir);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(again.box.current.id).toBe(first.box.current.id);
    expect((await again.service.ofUnit('dept-finance'))[0]!.url).toBe(
      `${rig.robots.base}/cgi-bin/webhook/send?key=keyf****0001`,
    );
  }, 60_000);

  it('the migration: unique by robot key; down refuses while encrypted values exist, and works once they are gone', async () => {
    const { ds, service } = await boot({ current: key });
    const url = rig.robots.wecomUrl('migration-wecom-0001');
    await service.replaceUnit('dept-finance', [{ kind: 'wecom', url }]);
    const again = sealRobot(rig.mod.get(SecretBox), { kind: 'wecom', url, secret: null });
    await expect(
      ds.query(
        `INSERT INTO alert_robots (unit_id, kind, url, robot_key, position) VALUES ('dept-finance', 'wecom', $1, $2, 1)`,
        [again.url, robotKey('wecom', url)],
      ),
    ).rejects.toThrow(/alert_robots_unit_key_uq/);
    const q = ds.createQueryRunner();
    try {
      await expect(new KeyUnique().down(q)).rejects.toThrow(
        /encrypted robot webhooks.*DELETE FROM alert_robots/,
      );
      await ds.query('DELETE FROM alert_robots');
      await new KeyUnique().down(q);
      await ds.query(
        `INSERT INTO alert_robots (unit_id, kind, url, robot_key, position) VALUES ('dept-finance', 'wecom', $1, $2, 0)`,
        [url, robotKey('wecom', url)],
      );
      await expect(
        ds.query(
          `INSERT INTO alert_robots (unit_id, kind, url, robot_key, position) VALUES ('dept-finance', 'wecom', $1, 'x', 1)`,
          [url],
        ),
      ).rejects.toThrow(/alert_robots_unit_url_uq/);
      await new KeyUnique().up(q);
    } finally {
      await q.release();
    }
  }, 60_000);
});
