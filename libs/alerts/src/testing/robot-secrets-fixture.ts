import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStore, EventStoreModule } from '@app/event-store';
import { loadConfig, PlatformModule, projectRoot } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { PlanImportService, PlansModule, PLAN_CATALOG_CONSUMER } from '@app/plans';
import { AlertsModule } from '../alerts.module';
import { ALERTS_CONFIG, loadAlertsConfig } from '../config/alerts-config';
import { ALERTS_MONITOR } from '../monitor/alerts-monitor.consumer';
import { ALERTS_NOTIFIER } from '../notifier/alerts-notifier.consumer';
import { AlertRobotSender } from '../robots/robot-sender';
import { RobotsService } from '../robots/robots.service';
import { SecretBox, secretKeyOf, type SecretKey } from '../robots/secret-box';
import { AlertScanService } from '../scan/alert-scan.service';
import { planMilestone } from './alert-milestones';
import { RobotTestServer } from './robot-test-server';

/** The robot secrets' int tests' setup (robots/robot-secrets*.int-spec.ts), its hooks in the calling `describe`. */

/** A DingTalk 加签 secret. */
export const SECRET = 'SEC0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';
export const newKey = (): SecretKey => secretKeyOf(randomBytes(32));

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

/** A row of alert_robots as stored. */
export interface Raw {
  id: string;
  unit_id: string;
  url: string;
  secret: string | null;
}

export const raw = (ds: DataSource): Promise<Raw[]> =>
  ds.query('SELECT id::text, unit_id, url, secret FROM alert_robots ORDER BY id');

export interface RobotSecretsRig {
  /** The fake DingTalk and WeCom robots on loopback (cleared before each test). */
  readonly robots: RobotTestServer;
  /** The module `boot` started last. */
  readonly mod: TestingModule;
  /** What the module `boot` started last logged. */
  readonly logged: { readonly lines: string[] };
  /**
   * The alerts' services on the test database (the module before closed): `keys` as SECRETS_KEY /
   * SECRETS_KEY_PREVIOUS (none: the key file under `dataDir`, a fresh directory by default); `upkeep` false: a
   * tool's context (the CLI, the demo).
   */
  boot(
    keys: { current?: SecretKey; previous?: SecretKey[] },
    dataDir?: string,
    upkeep?: boolean,
  ): Promise<{ ds: DataSource; service: RobotsService; box: SecretBox; dir: string }>;
  /** A milestone of each of `leads` due on 2021-01-31, scanned overdue at `asOf`; the robot messages posted. */
  alertAndDeliver(leads: readonly string[], asOf: string): Promise<void>;
}

/**
 * Before all tests: the fake robots, a fresh database, the services booted with SECRETS_KEY `key` and the seed plan
 * (sanqu-2020) imported and its catalog caught up; after all, the module, the database, the robots and the data
 * directories gone. The tests run in order on that one database.
 */
export function useRobotSecrets(key: SecretKey): RobotSecretsRig {
  let db: TestDatabase;
  let robots: RobotTestServer;
  let mod: TestingModule | undefined;
  let logged: CapturedLog;
  const dirs: string[] = [];

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

  return {
    get robots() {
      return robots;
    },
    get mod() {
      return mod!;
    },
    get logged() {
      return logged;
    },
    boot,
    alertAndDeliver,
  };
}
