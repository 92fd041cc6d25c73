import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConsumerRunner, EventStore, newEventId } from '@app/event-store';
import { FixedClock } from '@app/platform';
import { PlanImportService, PLAN_CATALOG_CONSUMER } from '@app/plans';
import { milestoneStreamId, standingStreamId } from '@app/milestones';
import { ALERTS_MONITOR, ALERTS_NOTIFIER, AlertMailSender } from '@app/alerts';
import { SmtpTestServer, type ReceivedMail } from '@app/alerts/testing';
import { A, at, B, BASE_URL, C, monthEnds, scenario, summary } from './alerts-scenario';
import { startTestApp, type TestApp } from './test-app';

/** The service running the alerts scenario (`alerts-scenario.ts`: the facts and the mails they must give). */
export interface AlertsScenario {
  readonly t: TestApp;
  readonly smtp: SmtpTestServer;
  readonly clock: FixedClock;
  /** The consumers, run by hand (catchUp). */
  readonly runner: ConsumerRunner;
  /** 督查室-王五 */
  readonly supervisor: string;
  close(): Promise<void>;
}

/**
 * The service on the seed plan with a real SMTP server on loopback, the clock at 2020-01-01, consumers not
 * running: only A, B and C left in the plan (every other milestone cancelled and every standing item withdrawn
 * on the first day), and a supervisor token.
 */
export async function startAlertsScenario(): Promise<AlertsScenario> {
  const smtp = await SmtpTestServer.start();
  const clock = new FixedClock('2020-01-01T02:00:00Z');
  let t: TestApp | undefined;
  const close = async () => {
    await t?.close();
    await smtp.down();
  };
  try {
    t = await startTestApp(
      { SMTP_URL: smtp.url, BASE_URL, MAIL_FROM: '三区并进督办系统 <noreply@pm.example.org>' },
      { clock, startConsumers: false },
    );
    const runner = t.app.get(ConsumerRunner);
    return { t, smtp, clock, runner, supervisor: await planWithThree(t, runner), close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The seed plan imported with only A, B and C left in it; a supervisor's token. */
async function planWithThree(t: TestApp, runner: ConsumerRunner): Promise<string> {
  const doc = fs.readFileSync(path.join(__dirname, '../../seeds/jiangmen-sanqu-2020-2022.txt'), 'utf8');
  await t.app.get(PlanImportService).importDocument(doc, { actor: { system: 'test' } });
  await runner.catchUp(PLAN_CATALOG_CONSUMER);
  // Every other milestone is taken out of the plan on its first day, and every standing item.
  const planned = await t.app.get(EventStore).readAll(0, 1000);
  const rows = planned
    .filter((e) => e.type === 'MilestonePlanned')
    .map((e) => ({ id: (e.data as { milestoneId: string }).milestoneId }));
  const store = t.app.get(EventStore);
  await store.appendMulti(
    planned
      .filter((e) => e.type === 'StandingItemPlanned')
      .map((e) => ({
        streamId: standingStreamId((e.data as { itemId: string }).itemId),
        expected: 'any' as const,
        events: [
          {
            eventId: newEventId(),
            type: 'StandingItemWithdrawn',
            data: { reason: '不在本测试范围内' },
            metadata: { occurredAt: at('2020-01-01', '01:00'), actor: { system: 'test' } },
          },
        ],
      })),
  );
  await store.appendMulti(
    rows
      .filter((r) => ![A, B, C].includes(r.id))
      .map((r) => ({
        streamId: milestoneStreamId(r.id),
        expected: 'any' as const,
        events: [
          {
            eventId: newEventId(),
            type: 'MilestoneCancelled',
            data: { reason: '不在本测试范围内' },
            metadata: {
              occurredAt: at('2020-01-01', '01:00'),
              actor: { role: 'supervisor', tokenName: '督查室' },
            },
          },
        ],
      })),
  );
  const created = await t.request('POST', '/api/v1/tokens', {
    body: { role: 'supervisor', name: '督查室-王五' },
  });
  return created.body.token as string;
}

export interface MonthEndRuns {
  /** The mails of each month end that sent any (summary()). */
  readonly seen: Record<string, [string, string, string[]][]>;
  /** The mails of the 2021-02-28 run, as received. */
  readonly february: ReceivedMail[];
  /** A real instant right after the 2021-02-28 scan was recorded (for knownAt). */
  readonly recordedAfterFebruary: string;
}

/**
 * The scenario() facts appended at their days, A's overdue alert acknowledged on 2021-04-10 by the supervisor,
 * and at every month end of 2020–2021 a scan over HTTP, the notifier run and the mails delivered (each to one
 * recipient, with a link per milestone in text and HTML).
 */
export async function scanEveryMonthEnd(s: AlertsScenario): Promise<MonthEndRuns> {
  const { t, smtp, clock, runner, supervisor } = s;
  let recordedAfterFebruary = '';
  const store = t.app.get(EventStore);
  const sender = t.app.get(AlertMailSender);
  const facts = scenario();
  let next = 0;
  const seen: Record<string, [string, string, string[]][]> = {};
  const february: ReceivedMail[] = [];
  for (const end of monthEnds()) {
    while (next < facts.length && facts[next]!.day <= end) {
      const f = facts[next++]!;
      clock.set(at(f.day));
      await store.append(
        milestoneStreamId(f.milestone),
        [
          {
            eventId: newEventId(),
            type: f.type,
            data: f.data,
            metadata: {
              occurredAt: at(f.day),
              actor: { role: 'reporter', unit: f.unit, tokenName: f.unit },
            },
          },
        ],
        'any',
      );
    }
    if (end === '2021-04-30') {
      clock.set(at('2021-04-10'));
      const open = await t.request('GET', `/api/v1/alerts?milestone=${A}&rule=overdue`);
      expect(open.body.items).toHaveLength(1);
      const ack = await t.request('POST', `/api/v1/alerts/${open.body.items[0].id}/acknowledgement`, {
        token: supervisor,
        body: { note: '已约谈牵头单位，督促5月底前完成' },
      });
      expect(ack.status).toBe(200);
      expect(ack.body).toMatchObject({
        state: 'acknowledged',
        acknowledged: { by: { tokenName: '督查室-王五', role: 'supervisor' } },
      });
    }
    await runner.catchUp(ALERTS_MONITOR);
    clock.set(at(end, '20:00'));
    const scan = await t.request('POST', '/api/v1/alerts:scan', { token: supervisor, body: { asOf: end } });
    expect(scan.status).toBe(200);
    await runner.catchUp(ALERTS_NOTIFIER);
    if (end === '2021-02-28') {
      await new Promise((r) => setTimeout(r, 5));
      recordedAfterFebruary = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
    }
    await sender.deliverDue();
    const mails = smtp.received.splice(0);
    if (mails.length > 0) seen[end] = summary(mails);
    if (end === '2021-02-28') february.push(...mails);
    for (const m of mails) {
      // One recipient per mail, in the envelope and in the To header; a link per milestone, in text and HTML.
      expect(m.rcptTo).toHaveLength(1);
      expect(
        m.parsed.to && !Array.isArray(m.parsed.to) ? m.parsed.to.value.map((v) => v.address) : [],
      ).toEqual(m.rcptTo);
      for (const id of summary([m])[0]![2])
        expect(m.parsed.html).toContain(`href="${BASE_URL}/milestones/${id}"`);
    }
  }
  return { seen, february, recordedAfterFebruary };
}
