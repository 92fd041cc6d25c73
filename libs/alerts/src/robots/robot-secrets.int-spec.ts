import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStore, EventStoreModule } from '@app/event-store';
import { loadConfig, PlatformModule, projectRoot } from '@app/platform';
import { createTestDatabase, type TestDatabase, migrationNamed } from '@app/platform/testing';
import { PlanImportService, PlansModule, PLAN_CATALOG_CONSUMER } from '@app/plans';
import { AlertsModule } from '../alerts.module';
import { ALERTS_CONFIG, loadAlertsConfig } from '../config/alerts-config';
import { robotsTag } from '../contacts/list-tag';
import { ALERTS_MONITOR } from '../monitor/alerts-monitor.consumer';
import { ALERTS_NOTIFIER } from '../notifier/alerts-notifier.consumer';
import { AlertScanService } from '../scan/alert-scan.service';
import { planMilestone } from '../testing/alert-milestones';
import { RobotTestServer } from '../testing/robot-test-server';
import { resealRobots } from './reseal-robots';
import { sealRobot } from './robot-row';
import { AlertRobotSender } from './robot-sender';
import { robotKey } from './robot-webhook';
import { RobotsService } from './robots.service';
import { SecretBox, secretKeyOf, type SecretKey } from './secret-box';
import { secretsKeyFile } from './secret-key-file';

const KeyUnique = migrationNamed('AlertRobotsKeyUnique1764801700000');

const SECRET = 'SEC0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
const newKey = (): SecretKey => secretKeyOf(randomBytes(32));

/** Warnings and errors the services logged (the robot keys and units they name; never a token). */
class CapturedLog implements LoggerService {
  readonly lines: string[] = [];
  log(): void {}
  error(m: unknown): void {
    this.lines.push(String(m));
  }
  warn(m: unknown): void {
    this.lines.push(String(m));
  }
}

interface Raw {
  id: string;
  unit_id: string;
  url: string;
  secret: string | null;
}

describe('robot webhooks and secrets encrypted at rest (real PostgreSQL, fake robots on loopback)', () => {
  let db: TestDatabase;
  let robots: RobotTestServer;
  let mod: TestingModule | undefined;
  let logged: CapturedLog;
  const dirs: string[] = [];
  /** SECRETS_KEY now: the tests run in order on one database, the rotation test changes it. */
  let key = newKey();

  /** The alerts' services on the test database: `keys` as SECRETS_KEY / SECRETS_KEY_PREVIOUS (none: the key file). */
  async function boot(
    keys: { current?: SecretKey; previous?: SecretKey[] },
    dataDir?: string,
    upkeep = true,
  ) {
    await mod?.close();
    const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pm-int-secrets-'));
    dirs.push(dir);
    const config = {
      ...loadConfig({ IMPORT_SEED_ON_START: 'false', LOG_LEVEL: 'error', DATA_DIR: dir }),
      role: 'api' as const,
      upkeep,
    };
    logged = new CapturedLog();
    mod = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({ config, databaseUrl: db.url }),
        EventStoreModule,
        PlansModule,
        AlertsModule,
      ],
    })
      .overrideProvider(ALERTS_CONFIG)
      .useValue({
        ...loadAlertsConfig({ ALERT_CONTACTS_FILE: '', ALERT_ROBOT_TIMEOUT_MS: '3000' }),
        secretsKey: keys.current,
        secretsKeysPrevious: keys.previous ?? [],
      })
      .setLogger(logged)
      .compile();
    await mod.init();
    return { ds: mod.get(DataSource), service: mod.get(RobotsService), box: mod.get(SecretBox), dir };
  }

  const raw = (ds: DataSource): Promise<Raw[]> =>
    ds.query('SELECT id::text, unit_id, url, secret FROM alert_robots ORDER BY id');

  /** A milestone of `lead`'s due on 2021-01-31, scanned overdue at `asOf`; the robot messages posted. */
  async function alertAndDeliver(leads: readonly string[], asOf: string): Promise<void> {
    const store = mod!.get(EventStore);
    for (const lead of leads) await planMilestone(store, lead, { dueDate: '2021-01-31' });
    const runner = mod!.get(ConsumerRunner);
    await runner.catchUp(ALERTS_MONITOR);
    await mod!.get(AlertScanService).scan(asOf);
    await runner.catchUp(ALERTS_NOTIFIER);
    await mod!.get(AlertRobotSender).deliverDue(200);
  }

  beforeAll(async () => {
    robots = await RobotTestServer.start();
    db = await createTestDatabase();
    await boot({ current: key });
    const doc = fs.readFileSync(path.join(projectRoot(), 'seeds/jiangmen-sanqu-2020-2022.txt'), 'utf8');
    await mod!.get(PlanImportService).importDocument(doc, { actor: { system: 'test' } });
    await mod!.get(ConsumerRunner).catchUp(PLAN_CATALOG_CONSUMER);
  }, 120_000);

  afterAll(async () => {
    await mod?.close();
    await db?.drop();
    await robots?.down();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  beforeEach(() => robots.clear());

  it('saved through RobotsService: neither token nor secret in plain text; the notifier still posts, signed', async () => {
    const { ds, service, box } = await boot({ current: key });
    robots.dingtalk.set('storeddingtalktoken01', SECRET);
    robots.wecom.add('stored-wecom-key-0001');
    const view = await service.replaceUnit('dept-transport', [
      { kind: 'dingtalk', url: robots.dingtalkUrl('storeddingtalktoken01'), secret: SECRET },
      { kind: 'wecom', url: robots.wecomUrl('stored-wecom-key-0001') },
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
      key: robotKey('dingtalk', robots.dingtalkUrl('storeddingtalktoken01')),
      url: `${robots.base}/robot/send?access_token=stor****en01`,
      secret: 'SEC****',
      unreadable: false,
      hint: null,
    });

    await alertAndDeliver(['dept-transport'], '2021-02-03');
    expect(robots.refused).toEqual([]);
    expect(robots.received.map((m) => [m.kind, m.robot, m.timestamp !== null]).sort()).toEqual([
      ['dingtalk', 'storeddingtalktoken01', true],
      ['wecom', 'stored-wecom-key-0001', false],
    ]);
  }, 60_000);

  it("plain-text rows from before are encrypted at the service's start (once), not by a tool, and keep working", async () => {
    const { ds } = await boot({ current: key });
    robots.dingtalk.set('plaindingtalktoken01', SECRET);
    const url = robots.dingtalkUrl('plaindingtalktoken01');
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
      `${robots.base}/robot/send?access_token=plai****en01`,
    );

    await alertAndDeliver(['dept-commerce'], '2021-02-04');
    expect(robots.refused).toEqual([]);
    expect(robots.received.filter((m) => m.robot === 'plaindingtalktoken01')).toHaveLength(1);
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
      `${robots.base}/robot/send?access_token=stor****en01`,
      `${robots.base}/cgi-bin/webhook/send?key=stor****0001`,
    ]);
    await alertAndDeliver(['dept-transport'], '2021-02-05');
    expect(robots.refused).toEqual([]);
    expect(robots.received.map((m) => m.robot)).toEqual(
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
    const url = robots.dingtalkUrl('tagdingtalktoken0001');
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

  it('a row under an unknown key: shown unreadable; its message is queued and fails visibly (the others still post); the right key back, a retry delivers it', async () => {
    const { ds } = await boot({ current: key });
    const foreign = new SecretBox(newKey());
    robots.dingtalk.set('lostkeydingtalktok01', null);
    const url = robots.dingtalkUrl('lostkeydingtalktok01');
    const lost = robotKey('dingtalk', url);
    const sealed = sealRobot(foreign, { kind: 'dingtalk', url, secret: null });
    await ds.query(
      `INSERT INTO alert_robots (unit_id, kind, url, robot_key, secret, position)
       VALUES ('dept-health', 'dingtalk', $1, $2, NULL, 0)`,
      [sealed.url, lost],
    );
    // A plain-text row from before stays as it is while a row does not open (this process's key may be the wrong one).
    const plainUrl = robots.dingtalkUrl('heldplaintexttoken01');
    await ds.query(
      `INSERT INTO alert_robots (unit_id, kind, url, robot_key, secret, position)
       VALUES ('dept-finance', 'dingtalk', $1, $2, NULL, 0)`,
      [plainUrl, robotKey('dingtalk', plainUrl)],
    );
    const { ds: ds2, service } = await boot({ current: key });
    expect((await raw(ds2)).find((r) => r.unit_id === 'dept-finance')?.url).toBe(plainUrl);
    expect(logged.lines).toContainEqual(expect.stringMatching(/^1 robot webhooks left as they are/));
    await ds2.query(`DELETE FROM alert_robots WHERE unit_id = 'dept-finance'`);
    expect(logged.lines.filter((l) => l.includes(lost))).toEqual([
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
    logged.lines.length = 0;
    await alertAndDeliver(['dept-health', 'dept-transport'], '2021-02-06');
    expect(robots.received.map((m) => m.robot)).toEqual(
      expect.arrayContaining(['storeddingtalktoken01', 'stored-wecom-key-0001']),
    );
    expect(robots.received.map((m) => m.robot)).not.toContain('lostkeydingtalktok01');
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
    expect(logged.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^robot message ${failed[0]!.id} to ${lost}: attempt 1 failed, retry in \\d+ ms: robot webhook cannot be decrypted`,
        ),
      ),
    );
    expect(logged.lines.join('\n')).not.toContain('lostkeydingtalktok01');

    // The foreign key given back (as a previous key): the row is resealed at start, the retry (made due now) posts.
    const { ds: ds3 } = await boot({ current: key, previous: [foreign.current] });
    robots.clear();
    await ds3.query(`UPDATE alert_deliveries SET next_attempt_at = now() WHERE id = $1`, [failed[0]!.id]);
    await mod!.get(AlertRobotSender).deliverDue(200);
    expect(robots.received.map((m) => m.robot)).toEqual(['lostkeydingtalktok01']);
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
      { kind: 'wecom', url: robots.wecomUrl('keyfile-wecom-0001') },
    ]);
    const again = await boot({}, dir);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(again.box.current.id).toBe(first.box.current.id);
    expect((await again.service.ofUnit('dept-finance'))[0]!.url).toBe(
      `${robots.base}/cgi-bin/webhook/send?key=keyf****0001`,
    );
  }, 60_000);

  it('the migration: unique by robot key; down refuses while encrypted values exist, and works once they are gone', async () => {
    const { ds, service } = await boot({ current: key });
    const url = robots.wecomUrl('migration-wecom-0001');
    await service.replaceUnit('dept-finance', [{ kind: 'wecom', url }]);
    const again = sealRobot(mod!.get(SecretBox), { kind: 'wecom', url, secret: null });
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
