import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStore, newEventId } from '@app/event-store';
import { FixedClock } from '@app/platform';
import { migrationNamed } from '@app/platform/testing';
import { fold, milestoneStreamId, standingStreamId, type MilestoneEvent } from '@app/milestones';
import { useAlertsApp } from '../testing/alerts-int-fixture';
import { AlertScanService } from '../scan/alert-scan.service';
import { AlertAppender } from './alert-appender';
import { ALERTS_MONITOR } from './alerts-monitor.consumer';
import { ALERTS_NOTIFIER } from '../notifier/alerts-notifier.consumer';
import { snapshot, subjectsOf } from '../domain/subject';

const AlertsAsOf1764800400000 = migrationNamed('AlertsAsOf1764800400000');
const AlertNotices1764801100000 = migrationNamed('AlertNotices1764801100000');

const M = 'sanqu-2020.T23-2020';
const at = (day: string) => new Date(`${day}T10:00:00+08:00`).toISOString();

describe('alerts monitor and notifier (real PostgreSQL)', () => {
  let ds: DataSource;
  let store: EventStore;
  let runner: ConsumerRunner;
  const clock = new FixedClock('2021-03-01T00:00:00Z');
  const mod = useAlertsApp(clock, { perTest: true, readModels: false });

  beforeEach(() => {
    ds = mod.get(DataSource);
    store = mod.get(EventStore);
    runner = mod.get(ConsumerRunner);
  });

  const append = async (type: string, data: Record<string, unknown>, day: string) =>
    store.append(
      milestoneStreamId(M),
      [{ eventId: newEventId(), type, data, metadata: { occurredAt: at(day) } }],
      'any',
    );
  const count = async (sql: string): Promise<number> => Number((await ds.query<{ n: string }[]>(sql))[0]!.n);

  it('a rebuild of the monitor replays to the same alerts and appends nothing; the notifier tells nothing twice', async () => {
    await append('DelayReported', { reason: '征地拆迁未完成', forecastDate: '2021-02-28' }, '2020-11-10');
    await runner.catchUp(ALERTS_MONITOR);
    await mod.get(AlertScanService).scan('2021-01-31');
    await mod.get(AlertScanService).scan('2021-02-28');
    await runner.catchUp(ALERTS_NOTIFIER);
    const alerts = await ds.query('SELECT id, state, episode FROM alerts ORDER BY id');
    expect(alerts.map((a: { id: string }) => a.id)).toEqual(
      expect.arrayContaining([`delay_reported:${M}:v2:1`, `overdue:${M}:2020-12-31:1`]),
    );
    const events = await count('SELECT count(*) AS n FROM events');
    const deliveries = await count('SELECT count(*) AS n FROM alert_deliveries');
    expect(deliveries).toBeGreaterThan(0);

    await runner.reset(ALERTS_MONITOR);
    expect(await count('SELECT count(*) AS n FROM alerts')).toBe(0);
    await runner.catchUp(ALERTS_MONITOR);
    expect(await ds.query('SELECT id, state, episode FROM alerts ORDER BY id')).toEqual(alerts);
    expect(await count('SELECT count(*) AS n FROM events')).toBe(events);
    await runner.catchUp(ALERTS_NOTIFIER);
    expect(await count('SELECT count(*) AS n FROM alert_deliveries')).toBe(deliveries);
  }, 60_000);

  it('an alert raised on a stale read is resolved when it comes by, if the milestone moved on meanwhile', async () => {
    const history: MilestoneEvent[] = (await store.readStream(milestoneStreamId(M))).map(
      (e) => ({ type: e.type, data: e.data, occurredAt: e.metadata.occurredAt }) as MilestoneEvent,
    );
    const before = fold(history);
    // The milestone is cancelled…
    await append('MilestoneCancelled', { reason: '并入其他任务' }, '2021-01-31');
    await runner.catchUp(ALERTS_MONITOR);
    // …while a scan that read it just before raises an overdue alert.
    const key = `overdue:${M}:2020-12-31`;
    await mod.get(AlertAppender).append(
      {
        kind: 'raise',
        key,
        data: {
          alertId: `${key}:1`,
          key,
          episode: 1,
          rule: 'overdue',
          level: 'critical',
          asOf: '2021-01-31',
          reasons: [{ code: 'overdue', zh: '已逾期31天', en: 'Overdue by 31 days' }],
          milestone: snapshot(subjectsOf(before)[0]!),
          facts: { dueDate: '2020-12-31', daysOverdue: 31 },
        },
      },
      'test',
    );
    await runner.catchUp(ALERTS_MONITOR);
    const [row] = await ds.query(
      'SELECT state, resolved_on::text AS resolved_on, episode FROM alerts WHERE id = $1',
      [`${key}:1`],
    );
    expect(row).toMatchObject({ state: 'resolved', resolved_on: '2021-01-31' });
    expect(row.episode.resolvedReason.code).toBe('cancelled');
  }, 60_000);

  it('the migration to dated alerts fills rows projected before it exactly as the monitor projects them', async () => {
    await append('DelayReported', { reason: '征地拆迁未完成', forecastDate: '2021-02-28' }, '2020-11-10');
    await runner.catchUp(ALERTS_MONITOR);
    clock.set('2021-06-01T00:00:00Z');
    for (const day of ['2021-01-31', '2021-02-28', '2021-03-31', '2021-04-30']) {
      await mod.get(AlertScanService).scan(day);
    }
    await append('ProgressReported', { percent: 100, narrative: '已完成' }, '2021-05-05');
    await runner.catchUp(ALERTS_MONITOR);
    const all = 'SELECT * FROM alerts ORDER BY id';
    const projected = await ds.query<{ id: string; episode: { repeatLog: unknown[] } }[]>(all);
    const overdue = projected.find((a) => a.id === `overdue:${M}:2020-12-31:1`)!;
    expect(overdue.episode.repeatLog.length).toBeGreaterThan(1);
    expect(overdue).toMatchObject({ escalated_on: expect.any(Date), raised_recorded_at: expect.any(Date) });

    const q = ds.createQueryRunner();
    try {
      await new AlertsAsOf1764800400000().down(q);
      await new AlertsAsOf1764800400000().up(q);
    } finally {
      await q.release();
    }
    expect(await ds.query(all)).toEqual(projected);
  }, 60_000);

  it('standing items: each silent lead unit alerted by the scan, its alert resolved by the monitor when it reports', async () => {
    const ITEM = 'sanqu-2020.T13-S1';
    const nr = `no_report:${ITEM}@dept-natural-resources:2020-01-01:1`;
    const eco = `no_report:${ITEM}@dept-ecology-environment:2020-01-01:1`;
    // 2020-03-05: neither lead unit reported since the plan period began (2020-01-01): 64 days > 31.
    const scan = await mod.get(AlertScanService).scan('2020-03-05');
    expect(scan.raisedIds).toEqual(expect.arrayContaining([nr, eco]));
    await store.append(
      standingStreamId(ITEM),
      [
        {
          eventId: newEventId(),
          type: 'StandingItemReported',
          data: { unit: 'dept-natural-resources', narrative: '一季度入海排污口备案 4 个' },
          metadata: { occurredAt: at('2020-03-06') },
        },
      ],
      'any',
    );
    await runner.catchUp(ALERTS_MONITOR);
    const rows = await ds.query<{ id: string; state: string; resolved_on: string | null }[]>(
      'SELECT id, state, resolved_on::text AS resolved_on FROM alerts WHERE id = ANY($1) ORDER BY id',
      [[nr, eco]],
    );
    expect(rows).toEqual([
      { id: eco, state: 'open', resolved_on: null },
      { id: nr, state: 'resolved', resolved_on: '2020-03-06' },
    ]);
  }, 60_000);

  it('the migration to the notifier’s own alert notices copies exactly what the notifier keeps', async () => {
    await append('DelayReported', { reason: '征地拆迁未完成', forecastDate: '2021-02-28' }, '2020-11-10');
    await mod.get(AlertScanService).scan('2021-01-31');
    await runner.catchUp(ALERTS_NOTIFIER);
    const all = 'SELECT * FROM alert_notices ORDER BY position';
    const kept = await ds.query<unknown[]>(all);
    expect(kept.length).toBeGreaterThan(2);
    const q = ds.createQueryRunner();
    try {
      await new AlertNotices1764801100000().down(q);
      await new AlertNotices1764801100000().up(q);
    } finally {
      await q.release();
    }
    expect(await ds.query(all)).toEqual(kept);
  }, 60_000);
});
