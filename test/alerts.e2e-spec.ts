import { AlertMailSender, ALERTS_NOTIFIER } from '@app/alerts';
import { A, B, BASE_URL, C, EXPECTED, OFFICE, TRANSPORT } from './support/alerts-scenario';
import { type AlertsScenario, scanEveryMonthEnd, startAlertsScenario } from './support/alerts-scenario-run';
import type { TestApp } from './support/test-app';

/** The alerts scenario (`support/alerts-scenario.ts`) at every month end: alerts and mails, worked out by hand. */
describe('slippage alerts: a 2020–2021 scenario at every month end (real HTTP, real SMTP)', () => {
  let s: AlertsScenario;
  let t: TestApp;
  let supervisor: string;

  beforeAll(async () => {
    s = await startAlertsScenario();
    ({ t, supervisor } = s);
  }, 60_000);
  afterAll(async () => s?.close());

  it('raises, repeats, escalates, resolves and mails exactly what the rules say, month by month', async () => {
    const { seen, february } = await scanEveryMonthEnd(s);
    const { smtp, runner } = s;
    const sender = t.app.get(AlertMailSender);
    const expected = Object.fromEntries(
      Object.entries(EXPECTED).map(([k, v]) => [
        k,
        [...v].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1])),
      ]),
    );
    expect(seen).toEqual(expected);

    // The mails as received: subject, then the summary first (how many, how late, the reply-by date: 3 working
    // days after Sunday 2021-02-28 is Wednesday 03-03), then the items by task name.
    const opening = (to: string) => {
      const m = february.find((x) => x.rcptTo[0] === to)!;
      return [m.parsed.subject, ...(m.parsed.text ?? '').split('\n').slice(0, 8)];
    };
    expect(opening(TRANSPORT)).toEqual([
      '【督办提醒·红】市交通运输局：1 项任务已逾期（1 项已升级督办）',
      '市交通运输局联络员：',
      '',
      '截至2021年2月28日，贵单位承办的重点任务共有 1 项预警（涉及 1 项任务）：红色 1 项。',
      '按类型：已逾期 1 项。',
      '逾期最久：构建“外引内联”高速廊道，已逾期 59 天（截止2020-12-31）。',
      '回复时限：请于 2021年3月3日前（3个工作日内）登录督办系统，逐项填报最新进展或说明原因；已知悉的预警可在“预警”页确认。',
      '',
      '一、构建“外引内联”高速廊道（重点事项23）',
    ]);
    expect(opening(OFFICE)).toEqual([
      '【督办日报】共 1 项预警：红 1（2021年2月28日）',
      '市督查室（市发展改革局）：',
      '',
      '截至2021年2月28日，全市重点任务共有 1 项预警（涉及 1 项任务、1 个牵头单位）：红色 1 项。',
      '按类型：已逾期 1 项。',
      '逾期最久：构建“外引内联”高速廊道（市交通运输局），已逾期 59 天（截止2020-12-31）。',
      '回复时限：已提醒各承办单位于 2021年3月3日前（3个工作日内）在督办系统填报进展或说明原因。',
      '',
      '各单位预警数：',
    ]);

    // The alerts, as the API lists them.
    const all = await t.request('GET', '/api/v1/alerts?limit=50');
    const brief = all.body.items
      .map(
        (a: {
          rule: string;
          milestoneId: string;
          state: string;
          raisedOn: string;
          resolvedOn: string | null;
          level: string;
        }) => [a.milestoneId, a.rule, a.level, a.raisedOn, a.state, a.resolvedOn].join(' '),
      )
      .sort();
    expect(brief).toEqual(
      [
        `${A} delay_reported warning 2020-11-10 resolved 2021-05-20`,
        `${A} due_soon warning 2020-12-31 resolved 2021-01-31`,
        `${A} overdue critical 2021-01-31 resolved 2021-06-10`,
        `${B} no_report warning 2021-02-28 resolved 2021-03-05`,
        `${B} behind_schedule warning 2021-03-31 resolved 2021-04-15`,
        `${B} indicator_shortfall warning 2021-12-31 open `,
        `${C} due_date_moved_later info 2021-05-10 open `,
        `${C} due_soon info 2021-12-31 open `,
      ].sort(),
    );
    const overdue = all.body.items.find((a: { rule: string }) => a.rule === 'overdue');
    expect(overdue).toMatchObject({
      id: `overdue:${A}:2020-12-31:1`,
      escalatedOn: '2021-02-28',
      repeats: 1,
      lastNotifiedOn: '2021-03-31',
      acknowledged: { note: '已约谈牵头单位，督促5月底前完成', by: { tokenName: '督查室-王五' } },
      resolvedReason: { code: 'accepted' },
      link: `${BASE_URL}/milestones/${A}`,
    });

    // A second scan of the same date raises nothing and sends nothing.
    const again = await t.request('POST', '/api/v1/alerts:scan', {
      token: supervisor,
      body: { asOf: '2021-12-31' },
    });
    expect(again.body).toMatchObject({ raised: 0, repeated: 0, escalated: 0, resolved: 0, runId: null });
    await runner.catchUp(ALERTS_NOTIFIER);
    await sender.deliverDue();
    expect(smtp.received).toHaveLength(0);

    // Every mail was delivered once, with the Message-ID of its outbox row; the outbox is empty.
    const sent = await t.request('GET', '/api/v1/alerts/deliveries?state=sent&limit=100', {
      token: supervisor,
    });
    expect(sent.body.total).toBe(Object.values(EXPECTED).flat().length);
    expect(new Set(sent.body.items.map((d: { messageId: string }) => d.messageId)).size).toBe(
      sent.body.total,
    );
    const pending = await t.request('GET', '/api/v1/alerts/deliveries?state=pending', { token: supervisor });
    expect(pending.body.total).toBe(0);
  }, 120_000);
});
