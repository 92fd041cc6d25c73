import { DataSource } from 'typeorm';
import { ConsumerRunner, EventStore, newEventId } from '@app/event-store';
import { milestoneStreamId } from '@app/milestones';
import { FixedClock } from '@app/platform';
import { MILESTONE_BOARD_CONSUMER } from '@app/read-models';
import { planMilestone } from '../testing/alert-milestones';
import { useAlertsApp } from '../testing/alerts-int-fixture';
import { AlertScanService } from '../scan/alert-scan.service';
import { ALERTS_NOTIFIER } from '../notifier/alerts-notifier.consumer';
import type { AlertRule } from '../domain/rules';
import { AlertQueries } from './alert.queries';

const M = 'sanqu-2020.T23-2020'; // due 2020-12-31
const OVERDUE = `overdue:${M}:2020-12-31:1`;

/** A milestone event of the test's own milestones, happened at noon (plan zone) of `day`. */
async function happened(store: EventStore, id: string, day: string, type: string, data: object) {
  await store.append(
    milestoneStreamId(id),
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
}

describe('alert list: the figures of an alert as of the list’s date (real PostgreSQL)', () => {
  const clock = new FixedClock('2021-03-01T04:00:00Z');
  const mod = useAlertsApp(clock);
  /** Submitted (completed 2021-01-20) after its due date, returned (退回) on 2021-02-05. */
  let claimed = '';
  /** Reported 10 % on 2021-06-01 and 15 % on 2021-06-20, then silent. */
  let behind = '';

  beforeAll(async () => {
    const store = mod.get(EventStore);
    claimed = (await planMilestone(store, 'dept-transport', { dueDate: '2020-12-31' })).id;
    const done = { completedOn: '2021-01-20', narrative: '已完成', evidence: [] };
    await happened(store, claimed, '2021-01-20', 'CompletionSubmitted', done);
    await happened(store, claimed, '2021-02-05', 'CompletionReturned', { reason: '佐证材料不全' });
    behind = (await planMilestone(store, 'dept-transport')).id;
    await happened(store, behind, '2021-06-01', 'ProgressReported', { percent: 10, narrative: '推进中' });
    await happened(store, behind, '2021-06-20', 'ProgressReported', { percent: 15, narrative: '推进中' });
    for (const day of ['2020-12-10', '2021-01-31', '2021-02-14', '2021-02-21', '2021-06-01', '2021-07-25']) {
      clock.set(day < '2021-03-01' ? '2021-03-01T04:00:00Z' : '2021-08-01T04:00:00Z');
      await mod.get(AlertScanService).scan(day);
    }
    clock.set('2021-03-01T04:00:00Z');
    await mod.get(ConsumerRunner).catchUp(ALERTS_NOTIFIER);
    await mod.get(ConsumerRunner).catchUp(MILESTONE_BOARD_CONSUMER);
  }, 120_000);

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

  const listed = async (id: string, rule: AlertRule, asOf: string) => {
    clock.set('2021-08-01T04:00:00Z'); // the later lists
    return (await mod.get(AlertQueries).list({ milestone: id, rule, asOf })).items;
  };

  it('an overdue alert raised on a claim awaiting 销号 drops it once the claim was returned: list and mail agree', async () => {
    const id = `overdue:${claimed}:2020-12-31:1`;
    const [raised] = await listed(claimed, 'overdue', '2021-02-01');
    expect([raised!.id, raised!.reasons[0]!.zh]).toEqual([
      id,
      '已逾期32天（截止日期2020-12-31）；已于2021-01-20提交完成，待核验销号',
    ]);
    const [later] = await listed(claimed, 'overdue', '2021-02-21');
    expect(later!.reasons[0]!.zh).toBe('已逾期52天（截止日期2020-12-31）');
    expect(later!.facts).toMatchObject({ daysOverdue: 52, submittedOn: null });
    const mails = await mod
      .get(DataSource)
      .query<{ text_body: string }[]>(
        `SELECT text_body FROM alert_deliveries WHERE as_of = '2021-02-21' AND $1 = ANY(alert_ids)`,
        [id],
      );
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.some((m) => m.text_body.includes(`情况：${later!.reasons[0]!.zh}，尚未确认`))).toBe(true);
    // Today (2021-08-01), as the list of today.
    expect((await mod.get(AlertQueries).get(id)).reasons[0]!.zh).toBe('已逾期213天（截止日期2020-12-31）');
  });

  it('a behind-schedule alert shows the percent reported by the list’s date against the expectation then', async () => {
    const [a] = await listed(behind, 'behind_schedule', '2021-06-01');
    expect(a!.reasons[0]!.zh).toBe('进度10%，低于预期进度41.5%的85%');
    const [later] = await listed(behind, 'behind_schedule', '2021-07-31');
    expect(later!.raisedOn).toBe('2021-06-01');
    expect(later!.reasons[0]!.zh).toBe('进度15%，低于预期进度58%的85%');
    expect(later!.facts).toEqual({ percent: 15, expectedPercent: 58 });
  });

  it('a resolved alert tells the figures of its last notice as that notice knew them (not a claim sent after the mail)', async () => {
    const store = mod.get(EventStore);
    const late = (await planMilestone(store, 'dept-transport', { dueDate: '2020-12-31' })).id;
    clock.set('2021-03-01T04:00:00Z');
    await mod.get(AlertScanService).scan('2021-02-14'); // raised
    await mod.get(AlertScanService).scan('2021-02-21'); // repeated (mailed) that morning
    const done = { completedOn: '2021-02-21', narrative: '已完成', evidence: [] };
    await happened(store, late, '2021-02-21', 'CompletionSubmitted', done); // after the mail, the same day
    await happened(store, late, '2021-02-24', 'CompletionAccepted', {});
    await mod.get(AlertScanService).scan('2021-02-24'); // resolved
    await mod.get(ConsumerRunner).catchUp(MILESTONE_BOARD_CONSUMER);
    const [a] = await listed(late, 'overdue', '2021-02-28');
    expect([a!.state, a!.raisedOn, a!.lastNotifiedOn]).toEqual(['resolved', '2021-02-14', '2021-02-21']);
    expect(a!.reasons[0]!.zh).toBe('已逾期52天（截止日期2020-12-31）');
  });

  it('a behind-schedule alert no longer behind by the list’s date (its resolution not read yet) keeps its figures as raised', async () => {
    const store = mod.get(EventStore);
    const caught = (await planMilestone(store, 'dept-transport')).id;
    await happened(store, caught, '2021-06-01', 'ProgressReported', { percent: 10, narrative: '推进中' });
    clock.set('2021-08-01T04:00:00Z');
    await mod.get(AlertScanService).scan('2021-06-01');
    await happened(store, caught, '2021-06-20', 'ProgressReported', { percent: 60, narrative: '赶上了' });
    await mod.get(ConsumerRunner).catchUp(MILESTONE_BOARD_CONSUMER); // no scan since: still open
    const [a] = await listed(caught, 'behind_schedule', '2021-06-25');
    expect(a!.state).not.toBe('resolved');
    expect(a!.reasons[0]!.zh).toBe('进度10%，低于预期进度41.5%的85%');
  });

  it('a silence alert counts its days without a report up to the list’s date', async () => {
    const [a] = (await listed(behind, 'no_report', '2021-07-31')).filter((x) => x.raisedOn === '2021-07-25');
    expect(a!.reasons[0]!.zh).toBe('已41天未报送进展（自最近一次报送2021-06-20起，报送周期31天）');
    expect(a!.facts).toMatchObject({ since: '2021-06-20', daysSinceReport: 41 });
  });
});
