import * as fs from 'node:fs';
import * as path from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStoreModule } from '@app/event-store';
import { FixedClock, loadConfig, PlatformModule, projectRoot } from '@app/platform';
import { createTestDatabase, type TestDatabase } from '@app/platform/testing';
import { PlanImportService, PlansModule, PLAN_CATALOG_CONSUMER } from '@app/plans';
import { AlertsModule } from '../alerts.module';
import { AlertScanService } from '../scan/alert-scan.service';
import { ALERTS_NOTIFIER } from '../notifier/alerts-notifier.consumer';
import { AlertQueries } from './alert.queries';

const M = 'sanqu-2020.T23-2020'; // due 2020-12-31
const OVERDUE = `overdue:${M}:2020-12-31:1`;

describe('alert list: the figures of an alert as of the list’s date (real PostgreSQL)', () => {
  let db: TestDatabase;
  let mod: TestingModule;
  const clock = new FixedClock('2021-03-01T04:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = {
      ...loadConfig({ IMPORT_SEED_ON_START: 'false', LOG_LEVEL: 'error' }),
      role: 'api' as const,
    };
    mod = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({ config, databaseUrl: db.url, clock }),
        EventStoreModule,
        PlansModule,
        AlertsModule,
      ],
    })
      .setLogger(false as never)
      .compile();
    await mod.init();
    const doc = fs.readFileSync(path.join(projectRoot(), 'seeds/jiangmen-sanqu-2020-2022.txt'), 'utf8');
    await mod.get(PlanImportService).importDocument(doc, { actor: { system: 'test' } });
    await mod.get(ConsumerRunner).catchUp(PLAN_CATALOG_CONSUMER);
    for (const day of ['2020-12-10', '2021-01-31', '2021-02-14', '2021-02-21']) {
      await mod.get(AlertScanService).scan(day);
    }
    await mod.get(ConsumerRunner).catchUp(ALERTS_NOTIFIER);
  }, 120_000);

  afterAll(async () => {
    await mod.close();
    await db.drop();
  });

  const overdueOn = async (asOf: string) => {
    const page = await mod.get(AlertQueries).list({ milestone: M, rule: 'overdue', asOf });
    return page.items.find((a) => a.id === OVERDUE)!;
  };

  it('an open overdue alert reads its days overdue as of the list’s date, not as of the day it was raised', async () => {
    expect((await overdueOn('2021-01-31')).reasons[0]!.zh).toBe('已逾期31天（截止日期2020-12-31）');
    const later = await overdueOn('2021-02-28');
    expect(later.reasons[0]!.zh).toBe('已逾期59天（截止日期2020-12-31）');
    expect(later.facts).toMatchObject({ dueDate: '2020-12-31', daysOverdue: 59 });
    expect(later.raisedOn).toBe('2021-01-31');
    // Without a date: today (2021-03-01).
    expect((await mod.get(AlertQueries).get(OVERDUE)).reasons[0]!.zh).toBe(
      '已逾期60天（截止日期2020-12-31）',
    );
  });

  it('on the day of a repeat the list says what that day’s mail says; the recorded alert is not rewritten', async () => {
    const ds = mod.get(DataSource);
    for (const [day, n] of [
      ['2021-02-14', 45], // escalated
      ['2021-02-21', 52], // repeated
    ] as const) {
      const listed = await overdueOn(day);
      expect(listed.reasons[0]!.zh).toBe(`已逾期${n}天（截止日期2020-12-31）`);
      const mails = await ds.query<{ text_body: string }[]>(
        `SELECT text_body FROM alert_deliveries WHERE as_of = $1 AND $2 = ANY(alert_ids)`,
        [day, OVERDUE],
      );
      expect(mails.length).toBeGreaterThan(0);
      for (const m of mails) expect(m.text_body).toContain(`逾期${n}天`);
      // The unit's reminder quotes the reason (情况：…) in the list's very words.
      expect(mails.some((m) => m.text_body.includes(`情况：${listed.reasons[0]!.zh}`))).toBe(true);
    }
    const [raised] = await ds.query<{ data: { facts: { daysOverdue: number } } }[]>(
      `SELECT data FROM events WHERE type = 'AlertRaised' AND data->>'alertId' = $1`,
      [OVERDUE],
    );
    expect(raised!.data.facts.daysOverdue).toBe(31);
  });

  it('a due-soon alert counts down its days left as of the list’s date', async () => {
    const page = await mod.get(AlertQueries).list({ milestone: M, rule: 'due_soon', asOf: '2020-12-24' });
    const a = page.items.find((x) => x.id === `due_soon:${M}:2020-12-31-30d:1`)!;
    expect(a.raisedOn).toBe('2020-12-10');
    expect(a.reasons[0]!.zh).toBe('距截止日期2020-12-31还有7天（30天提醒），尚未提交完成');
    expect(a.facts).toMatchObject({ daysToDue: 7, window: 30 });
  });
});
