import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStore, newEventId } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';
import { FixedClock } from '@app/platform';
import { planMilestone } from '../testing/alert-milestones';
import { useAlertsApp } from '../testing/alerts-int-fixture';
import { ALERTS_MONITOR } from '../monitor/alerts-monitor.consumer';
import { ALERTS_NOTIFIER } from '../notifier/alerts-notifier.consumer';
import { AlertScanService } from '../scan/alert-scan.service';
import { AlertQueries } from './alert.queries';

const METRIC = '引进投资超亿元产业项目';
const said = (actual: number, target = 50) => `指标“${METRIC}”实际${actual}个，未达到目标${target}个`;

describe('alert list: an open indicator-shortfall alert quotes the value reported by the list’s date (real PostgreSQL)', () => {
  const clock = new FixedClock('2021-08-15T04:00:00Z');
  const mod = useAlertsApp(clock);
  let id = '';
  /** Two more milestones raised alongside `id` (30 of 50 on 2021-07-05): told a value between two, and a new target. */
  let between = '';
  let retargeted = '';

  /** A milestone event (by a reporter) happened at noon of `day`; the monitor caught up. */
  const happened = async (on: string, day: string, type: string, data: object) => {
    await mod.get(EventStore).append(
      milestoneStreamId(on),
      [
        {
          eventId: newEventId(),
          type,
          data,
          metadata: { occurredAt: `${day}T04:00:00.000Z`, actor: { role: 'reporter', tokenName: 'r' } },
        },
      ],
      'any',
    );
    await mod.get(ConsumerRunner).catchUp(ALERTS_MONITOR);
  };
  /** A progress report (overdue, still at work) with a value of the indicator, happened at noon of `day`. */
  const report = async (day: string, actual: number, on = id) =>
    happened(on, day, 'ProgressReported', {
      percent: 90,
      narrative: '推进中',
      indicatorActuals: [{ metric: METRIC, actual }],
    });
  const listed = async (on: string, asOf: string, knownAt?: string) => {
    const page = await mod.get(AlertQueries).list({
      milestone: on,
      rule: 'indicator_shortfall',
      asOf,
      ...(knownAt ? { knownAt } : {}),
    });
    expect(page.items).toHaveLength(1);
    return page.items[0]!;
  };
  const shortfall = async (asOf: string, knownAt?: string) => listed(id, asOf, knownAt);

  beforeAll(async () => {
    const indicators = [{ metric: METRIC, comparator: '>=', target: 50, unit: '个', source: '引进至少50个' }];
    const plan = async () =>
      (await planMilestone(mod.get(EventStore), 'dept-transport', { dueDate: '2021-06-30', indicators })).id;
    [id, between, retargeted] = [await plan(), await plan(), await plan()];
    // The three share one lead, so one digest lists all three: only `id` reports 30, to tell its item apart.
    await report('2021-06-15', 30, id);
    for (const m of [between, retargeted]) await report('2021-06-15', 31, m);
    await mod.get(AlertScanService).scan('2021-07-05'); // overdue, 30 of 50: raised
    await mod.get(ConsumerRunner).catchUp(ALERTS_NOTIFIER);
  }, 120_000);

  it('after a new value still short of the target, the list at a later date quotes it in the words of the raise mail; at an earlier date the old one', async () => {
    const raised = await shortfall('2021-07-05');
    expect([raised.state, raised.reasons[0]!.zh]).toEqual(['open', said(30)]);
    const mails = await mod
      .get(DataSource)
      .query<{ text_body: string }[]>(`SELECT text_body FROM alert_deliveries WHERE $1 = ANY(alert_ids)`, [
        raised.id,
      ]);
    expect(mails.some((m) => m.text_body.includes(`情况：${said(30)}`))).toBe(true);

    await report('2021-07-20', 40);
    expect((await shortfall('2021-07-10')).reasons[0]!.zh).toBe(said(30));
    const later = await shortfall('2021-07-25');
    expect([later.id, later.state, later.raisedOn, later.reasons[0]!.zh]).toEqual([
      raised.id,
      'open',
      '2021-07-05',
      said(40),
    ]);
    expect(later.facts).toEqual({ metric: METRIC, actual: 40, target: 50, unit: '个' });
    // As known before the value was recorded: the old one.
    const [restated] = await mod
      .get(DataSource)
      .query<{ at: Date }[]>(
        `SELECT recorded_at AS at FROM events WHERE type = 'AlertRestated' AND data->>'alertId' = $1`,
        [raised.id],
      );
    const before = new Date(restated!.at.getTime() - 1).toISOString();
    expect((await shortfall('2021-07-25', before)).reasons[0]!.zh).toBe(said(30));
    // Today, as the list of today.
    expect((await mod.get(AlertQueries).get(raised.id)).reasons[0]!.zh).toBe(said(40));
  });

  it('a value reported late for an earlier day counts from that day, not over the later one', async () => {
    await report('2021-07-12', 35);
    expect((await shortfall('2021-07-10')).reasons[0]!.zh).toBe(said(30));
    expect((await shortfall('2021-07-15')).reasons[0]!.zh).toBe(said(35));
    expect((await shortfall('2021-07-25')).reasons[0]!.zh).toBe(said(40));
    // Dated before the alert was raised (its mail had 30): from the day it was raised on.
    await report('2021-07-01', 33);
    expect((await shortfall('2021-07-05')).reasons[0]!.zh).toBe(said(33));
    expect((await shortfall('2021-07-10')).reasons[0]!.zh).toBe(said(33));
    expect((await shortfall('2021-07-15')).reasons[0]!.zh).toBe(said(35));
  });

  it('once the target is met the alert resolves and keeps the figures of its last notice (the raise mail)', async () => {
    await report('2021-08-01', 55);
    const a = await shortfall('2021-08-05');
    expect([a.state, a.resolvedOn, a.reasons[0]!.zh]).toEqual(['resolved', '2021-08-01', said(30)]);
    expect((await shortfall('2021-07-25')).reasons[0]!.zh).toBe(said(40));
  });

  it('a value reported late for a day it was open, after it resolved: told on those days; resolved as before', async () => {
    await report('2021-07-18', 38);
    expect((await shortfall('2021-07-15')).reasons[0]!.zh).toBe(said(35));
    expect((await shortfall('2021-07-19')).reasons[0]!.zh).toBe(said(38));
    expect((await shortfall('2021-07-25')).reasons[0]!.zh).toBe(said(40));
    const a = await shortfall('2021-08-05');
    expect([a.state, a.resolvedOn, a.reasons[0]!.zh]).toEqual(['resolved', '2021-08-01', said(30)]);
  });

  it('a value reported late for a day between two reports of the same value: told from its day until the later report, whose value holds again from its own day', async () => {
    await report('2021-07-10', 40, between);
    await report('2021-07-20', 40, between); // the same value: nothing new to tell
    await report('2021-07-15', 45, between); // reported after both, for a day between them
    const told = async (asOf: string) => (await listed(between, asOf)).reasons[0]!.zh;
    expect(await told('2021-07-05')).toBe(said(31));
    expect(await told('2021-07-12')).toBe(said(40));
    expect(await told('2021-07-15')).toBe(said(45));
    expect(await told('2021-07-19')).toBe(said(45));
    expect(await told('2021-07-20')).toBe(said(40));
    const later = await listed(between, '2021-07-25');
    expect([later.state, later.reasons[0]!.zh]).toEqual(['open', said(40)]);
    expect(later.facts).toEqual({ metric: METRIC, actual: 40, target: 50, unit: '个' });
  });

  it('a target revised lower that the value still falls short of: from the revision’s day the alert quotes the new target', async () => {
    await happened(retargeted, '2021-07-10', 'IndicatorTargetRevised', {
      metric: METRIC,
      oldTarget: 50,
      newTarget: 40,
      reason: '受疫情影响调整目标',
    });
    expect((await listed(retargeted, '2021-07-09')).reasons[0]!.zh).toBe(said(31));
    const later = await listed(retargeted, '2021-07-12');
    expect([later.state, later.raisedOn, later.reasons[0]!.zh]).toEqual(['open', '2021-07-05', said(31, 40)]);
    expect(later.facts).toEqual({ metric: METRIC, actual: 31, target: 40, unit: '个' });
  });
});
