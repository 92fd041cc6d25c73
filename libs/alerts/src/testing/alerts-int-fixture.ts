import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Abstract, Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import { ConsumerRunner, EventStoreModule, PostgresEventStore } from '@app/event-store';
import { FixedClock, loadConfig, PlatformModule, projectRoot } from '@app/platform';
import { createTestDatabase, createTestDataSource, resetShutdownForTests } from '@app/platform/testing';
import { PlanImportService, PlansModule, PLAN_CATALOG_CONSUMER } from '@app/plans';
import { ReadModelsModule } from '@app/read-models';
import { AlertsModule } from '../alerts.module';
import { loadAlertsConfig } from '../config/alerts-config';
import { AlertMailSender } from '../delivery/alert-mail-sender';
import { SmtpTestServer } from './smtp-test-server';

/** The alerts' int tests' setups on real PostgreSQL (each registers its hooks in the calling `describe`). */

/** Hooks run long on a busy machine: a fresh migrated database, and the seed plan imported. */
const SETUP_MS = 120_000;

function during<T>(current: () => T | undefined, what: string): () => T {
  return () => {
    const c = current();
    if (c === undefined) throw new Error(`${what} exists only during the describe's tests and hooks`);
    return c;
  };
}

/** The mail sender on a fresh migrated database, sending to a real SMTP server on loopback. */
export interface MailSenderRig {
  readonly ds: DataSource;
  readonly smtp: SmtpTestServer;
  readonly sender: AlertMailSender;
}

/**
 * For the delivery tests: before all tests, a fresh database, an SMTP server and an `AlertMailSender` (clock
 * 2026-12-01, ALERT_SMTP_TIMEOUT_MS `timeoutMs`, a failed mail retried after a minute); after each test a stop
 * not yet begun (`resetShutdownForTests`); after all, the sender, the server and the database gone.
 */
export function useMailSender(timeoutMs: number): MailSenderRig {
  let rig: (MailSenderRig & { close(): Promise<void> }) | undefined;
  beforeAll(async () => {
    const { dataSource: ds, close } = await createTestDataSource();
    const smtp = await SmtpTestServer.start();
    const sender = new AlertMailSender(
      ds,
      new PostgresEventStore(ds),
      new FixedClock('2026-12-01T00:00:00Z'),
      loadConfig({ SMTP_URL: smtp.url }),
      loadAlertsConfig({ ALERT_SMTP_TIMEOUT_MS: String(timeoutMs), ALERT_MAIL_BACKOFF_MS: '60000' }),
    );
    rig = { ds, smtp, sender, close };
  }, SETUP_MS);
  afterAll(async () => {
    if (rig === undefined) return;
    rig.sender.onApplicationShutdown();
    await rig.smtp.down();
    await rig.close();
    rig = undefined;
  });
  afterEach(resetShutdownForTests);
  const now = during(() => rig, 'The mail sender');
  return {
    get ds() {
      return now().ds;
    },
    get smtp() {
      return now().smtp;
    },
    get sender() {
      return now().sender;
    },
  };
}

/** The alerts module as the tests' `mod.get(…)` reaches it. */
export interface AlertsApp {
  readonly mod: TestingModule;
  get<T>(token: Type<T> | Abstract<T> | string | symbol): T;
}

/**
 * For the monitor's and the queries' tests: a module of the platform (role api, `clock`), the event store, the
 * plans, the read models (unless `readModels: false`) and the alerts on a fresh database, the seed plan
 * (sanqu-2020) imported and its catalog caught up; before all tests, or before each with `perTest`.
 */
export function useAlertsApp(
  clock: FixedClock,
  opts: { perTest?: boolean; readModels?: boolean } = {},
): AlertsApp {
  let app: { mod: TestingModule; close(): Promise<void> } | undefined;
  const [before, after] = opts.perTest ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    const db = await createTestDatabase();
    const config = {
      ...loadConfig({ IMPORT_SEED_ON_START: 'false', LOG_LEVEL: 'error' }),
      role: 'api' as const,
    };
    const mod = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({ config, databaseUrl: db.url, clock }),
        EventStoreModule,
        PlansModule,
        ...(opts.readModels === false ? [] : [ReadModelsModule]),
        AlertsModule,
      ],
    })
      .setLogger(false as never)
      .compile();
    app = {
      mod,
      close: async () => {
        await mod.close();
        await db.drop();
      },
    };
    await mod.init();
    const doc = fs.readFileSync(path.join(projectRoot(), 'seeds/jiangmen-sanqu-2020-2022.txt'), 'utf8');
    await mod.get(PlanImportService).importDocument(doc, { actor: { system: 'test' } });
    await mod.get(ConsumerRunner).catchUp(PLAN_CATALOG_CONSUMER);
  }, SETUP_MS);
  after(async () => {
    await app?.close();
    app = undefined;
  });
  const now = during(() => app?.mod, 'The alerts module');
  return {
    get mod() {
      return now();
    },
    get: <T>(token: Type<T> | Abstract<T> | string | symbol): T => now().get<T>(token),
  };
}
