import { EventStore, newEventId } from '@app/event-store';
import { FixedClock } from '@app/platform';
import { milestoneStreamId, type MilestonePlannedData } from '@app/milestones';
import { PLAN_IMPORTED, planStreamId, type ParsedPlan } from '@app/plans';
import { AlertMailSender } from '@app/alerts';
import { SmtpTestServer } from '@app/alerts/testing';
import { counts, NONE } from './support/assignments-scenario';
import { waitFor } from './support/service-process';
import { startTestApp, type TestApp } from './support/test-app';

/*
 * Issue #14, the deliverable: one 分别牵头 milestone, two lead units, one on time and one late, over real HTTP
 * with a real SMTP server. Every expected figure is a literal worked out by hand below.
 *
 *   sl-2021.T24-2021 全市, period 2021, due 2021-06-30; 蓬江区政府 (A) and 台山市政府 (B) lead separately, 市交通运输局 (C)
 *   cooperates.
 *     A: 50 % on 03-15, completion claimed 06-20 (completedOn 06-20), 销号 by the office 06-25 → on time
 *     B: 40 % on 04-01, 40 % on 06-28, nothing more → overdue from 07-01, partly met in the 2021 review
 *   Contacts: seeds/contacts.example.yaml (gov-pengjiang@, gov-taishan@, dept-transport@, duchashi@example.org).
 */
const PLAN_KEY = 'sl-2021';
const M = 'sl-2021.T24-2021';
const A = 'gov-pengjiang';
const B = 'gov-taishan';
const C = 'dept-transport';
const OFFICE_MAIL = 'duchashi@example.org';
const EVIDENCE = [{ name: '验收报告.pdf', sha256: 'e'.repeat(64) }];

const PLANNED: MilestonePlannedData = {
  milestoneId: M,
  planKey: PLAN_KEY,
  taskNo: 24,
  section: 5,
  taskTitle: '推进大江至那金公路建设',
  period: { from: 2021, to: 2021 },
  text: '2021年，各地分别完成辖区路段建设。',
  indicators: [],
  dueDate: '2021-06-30',
  leadUnits: [A, B],
  leadMode: 'separately',
  cooperatingUnits: [C],
  zones: [],
  districts: [],
  cityWide: true,
};

function plan(): ParsedPlan {
  return {
    planKey: PLAN_KEY,
    title: '分别牵头交付测试',
    source: { name: null, sha256: 'd'.repeat(64), lineCount: 0 },
    zones: [],
    sections: [{ no: 5, numeral: '五', title: '完善区域协调发展体制机制', zone: null }],
    units: [
      { id: A, name: '蓬江区政府', kind: 'district-government', district: '蓬江区', aliases: [] },
      { id: B, name: '台山市政府', kind: 'district-government', district: '台山市', aliases: [] },
      { id: C, name: '市交通运输局', kind: 'city-department', aliases: [] },
    ],
    // The task as the parser would give it (the review takes the plan's years from its milestones).
    tasks: [
      {
        no: 24,
        numberInDocument: true,
        section: 5,
        cityWide: true,
        title: PLANNED.taskTitle,
        workTask: PLANNED.taskTitle,
        planText: PLANNED.text,
        responsibilityText: '蓬江区政府、台山市政府分别牵头，市交通运输局配合',
        leadUnits: ['蓬江区政府', '台山市政府'],
        leadUnitIds: [A, B],
        leadMode: 'separately',
        cooperatingUnits: ['市交通运输局'],
        cooperatingUnitIds: [C],
        standingRequirements: [],
        zones: [],
        districts: [],
        towns: [],
        line: 1,
        milestones: [
          {
            id: M,
            task: 24,
            period: PLANNED.period,
            startDate: '2021-01-01',
            dueDate: PLANNED.dueDate,
            dueDateSource: 'named-in-text',
            namedDates: [],
            text: PLANNED.text,
            body: PLANNED.text,
            line: 1,
            indicators: [],
          },
        ],
      },
    ],
    findings: [],
  };
}

describe('a 分别牵头 milestone: unit A on time, unit B late (stats, review, alert recipients; real HTTP and SMTP)', () => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  const clock = new FixedClock('2021-01-01T02:00:00Z');
  const token: Record<string, string> = {};
  let position = 0;

  const get = async (path: string) => {
    const r = await t.request('GET', path, { headers: { 'X-Min-Position': String(position) } });
    expect({ path, status: r.status, body: r.status === 200 ? 'ok' : r.body }).toEqual({
      path,
      status: 200,
      body: 'ok',
    });
    return r;
  };
  /** A command on a day (10:00 in Asia/Shanghai): the clock is set to it, so nothing is backdated. */
  const command = async (day: string, path: string, body: object, as: string) => {
    clock.set(`${day}T02:00:00Z`);
    const r = await t.request('POST', path, { body, token: as });
    expect({ path, status: r.status, body: r.status === 200 ? 'ok' : r.body }).toEqual({
      path,
      status: 200,
      body: 'ok',
    });
    position = Math.max(position, r.body.position as number);
  };
  const byKey = (groups: { key: string; name?: string }[]) =>
    Object.fromEntries(groups.map(({ key, name: _name, ...rest }) => [key, rest]));

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    t = await startTestApp(
      { SMTP_URL: smtp.url, BASE_URL: 'https://pm.example.org', RATE_LIMIT_PER_MINUTE: '100000' },
      { clock },
    );
    const store = t.app.get(EventStore);
    const append = async (stream: string, type: string, data: unknown) => {
      const r = await store.append(
        stream,
        [
          {
            eventId: newEventId(),
            type,
            data,
            metadata: { occurredAt: '2020-12-31T16:00:00.000Z', actor: { system: 'plan-import' } },
          },
        ],
        'no_stream',
      );
      position = r.position;
    };
    const p = plan();
    await append(planStreamId(PLAN_KEY), PLAN_IMPORTED, {
      planKey: PLAN_KEY,
      title: p.title,
      documentSha256: p.source.sha256,
      sourceName: null,
      model: p,
      milestoneCount: 1,
    });
    await append(milestoneStreamId(M), 'MilestonePlanned', PLANNED);
    await get('/api/v1/plans'); // the catalogue knows the units now
    for (const [unit, name] of [
      [A, '蓬江填报员'],
      [B, '台山填报员'],
    ] as const) {
      const r = await t.request('POST', '/api/v1/tokens', { body: { role: 'reporter', unit, name } });
      token[unit] = r.body.token as string;
    }
    const office = await t.request('POST', '/api/v1/tokens', {
      body: { role: 'supervisor', name: '督查室' },
    });
    token.office = office.body.token as string;

    const ms = (action: string) => `/api/v1/milestones/${M}/${action}`;
    await command('2021-03-15', ms('progress'), { percent: 50, narrative: '蓬江段完成一半' }, token[A]!);
    await command('2021-04-01', ms('progress'), { percent: 40, narrative: '台山段完成四成' }, token[B]!);
    await command(
      '2021-06-20',
      ms('completion'),
      { completedOn: '2021-06-20', narrative: '蓬江段已建成', evidence: EVIDENCE },
      token[A]!,
    );
    // 销号: the one claim awaiting verification is A's, so the office need not name the assignment.
    await command('2021-06-25', ms('acceptance'), {}, token.office);
    await command('2021-06-28', ms('progress'), { percent: 40, narrative: '台山段征地未完成' }, token[B]!);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.down();
  });

  it('the overdue alert and its mail go to B (and the office), not to A', async () => {
    clock.set('2021-07-05T12:00:00Z');
    const scan = await t.request('POST', '/api/v1/alerts:scan', {
      token: token.office,
      body: { asOf: '2021-07-05' },
    });
    expect(scan.status).toBe(200);
    // A's share is accepted (nothing holds); B's is past 2021-06-30: overdue, 07-05 − 06-30 = 5 days (overdue
    // supersedes due soon, behind schedule and silence). Nothing else in the plan.
    expect(scan.body).toMatchObject({
      milestones: 1,
      raised: 1,
      raisedIds: [`overdue:${M}@${B}:2021-06-30:1`],
    });
    position = Math.max(position, scan.body.position as number);

    const alerts = (await get('/api/v1/alerts?limit=50')).body.items;
    expect(
      alerts.map((a: Record<string, unknown>) => [
        a.id,
        a.assignment,
        a.leadUnits,
        a.cooperatingUnits,
        a.dueDate,
      ]),
    ).toEqual([[`overdue:${M}@${B}:2021-06-30:1`, B, [B], [C], '2021-06-30']]);
    expect(alerts[0].reasons[0].zh).toBe('已逾期5天（截止日期2021-06-30）');
    // The unit filter: B sees it, A does not.
    expect((await get(`/api/v1/alerts?unit=${B}`)).body.items).toHaveLength(1);
    expect((await get(`/api/v1/alerts?unit=${A}`)).body.items).toHaveLength(0);

    // Overdue goes to the lead unit and copies the office (督查室); the cooperating unit is not told of it.
    const sender = t.app.get(AlertMailSender);
    await waitFor(
      async () => {
        await sender.deliverDue();
        return smtp.received.length >= 2;
      },
      30_000,
      'two alert mails',
    );
    const mails = smtp.received.map((m) => [m.rcptTo.join(), m.parsed.subject ?? '', m.parsed.text ?? '']);
    expect(mails.map(([to]) => to).sort()).toEqual([OFFICE_MAIL, `${B}@example.org`]);
    for (const [to, subject, text] of mails) {
      if (to === OFFICE_MAIL) {
        expect(subject).toMatch(/^【督办日报】共 1 项预警：红 1（/);
        expect(text).toContain('■ 台山市政府');
        expect(text).toMatch(/【红】已逾期 逾期5天 \S+（2021年度，截止2021-06-30） 分别牵头/);
      } else {
        expect(subject).toBe('【督办提醒·红】台山市政府：1 项任务已逾期');
        expect(text).toContain('分别牵头：台山市政府 · 截止2021-06-30 · 逾期5天');
      }
      expect(text).not.toContain('蓬江区政府');
    }
    const deliveries = (await t.request('GET', '/api/v1/alerts/deliveries?limit=50', { token: token.office }))
      .body.items;
    expect(deliveries.map((d: { recipient: { email: string } }) => d.recipient.email).sort()).toEqual([
      OFFICE_MAIL,
      `${B}@example.org`,
    ]);
  });

  it('stats per unit: A credited with its on-time completion, B with its overdue share, C by the milestone', async () => {
    clock.set('2021-07-05T12:00:00Z');
    const r = (await get('/api/v1/stats/units')).body;
    expect(r.asOf).toBe('2021-07-05');
    expect(byKey(r.groups)).toEqual({
      // A: 1 share, accepted 06-25, completed on 06-20 ≤ due 06-30. completionRate = 1 accepted ÷ 1 = 1;
      // punctualityRate = 1 on time ÷ (1 on time + 0 late + 0 overdue) = 1.
      [A]: {
        lead: counts({
          total: 1,
          lifecycle: { accepted: 1 },
          schedule: { completed_on_time: 1 },
          health: { green: 1 },
          completionRate: 1,
          punctualityRate: 1,
        }),
        cooperating: NONE,
      },
      // B: 1 share, in progress at 40 %, past 06-30: overdue by 07-05 − 06-30 = 5 days, red. completionRate = 0 ÷ 1
      // = 0; punctualityRate = 0 on time ÷ (0 + 0 late + 1 overdue) = 0. Nothing of A's completion.
      [B]: {
        lead: counts({
          total: 1,
          lifecycle: { in_progress: 1 },
          schedule: { overdue: 1 },
          health: { red: 1 },
          completionRate: 0,
          punctualityRate: 0,
          daysLate: 5,
        }),
        cooperating: NONE,
      },
      // C cooperates: the milestone counted once by its own state, its worst share's (in progress, overdue, red,
      // 5 days late): completionRate 0 ÷ 1 = 0, punctualityRate 0 ÷ (0 + 0 + 1) = 0.
      [C]: {
        lead: NONE,
        cooperating: counts({
          total: 1,
          lifecycle: { in_progress: 1 },
          schedule: { overdue: 1 },
          health: { red: 1 },
          completionRate: 0,
          punctualityRate: 0,
          daysLate: 5,
        }),
      },
    });
  });

  it('the 2021 review: a row per assignment, the milestone judged as its worst share', async () => {
    clock.set('2022-01-10T02:00:00Z');
    const r = (await get('/api/v1/reports/retrospective/2021')).body;
    const row = r.milestones.find((m: { milestoneId: string }) => m.milestoneId === M);
    expect(row).toMatchObject({
      leadMode: 'separately',
      // A met on time; B never completed in 2021 but reported 40 % > 0: partly met (部分完成). The milestone is
      // its worst share: partly met.
      outcome: 'partly_met',
      assignmentCounts: { met_on_time: 1, partly_met: 1, met_late: 0, missed: 0 },
      completedOn: null,
      // (100 (A, completed) + 40 (B)) ÷ 2 = 70, spread 40–100.
      percent: 70,
      percentRange: { min: 40, max: 100 },
    });
    expect(
      row.assignments.map((a: Record<string, unknown>) => [
        a.key,
        a.leadUnits,
        a.outcome,
        a.completedOn,
        a.acceptedOn,
      ]),
    ).toEqual([
      [A, ['蓬江区政府'], 'met_on_time', '2021-06-20', '2021-06-25'],
      [B, ['台山市政府'], 'partly_met', null, null],
    ]);
    // One milestone due in 2021, not met on time as a whole: metOnTimeRate = 0 ÷ (1 − 0 cancelled − 0 not due) = 0.
    expect(r.totals).toMatchObject({ total: 1, judged: 1, metOnTimeRate: 0 });
    // Two assignments, one met on time: 1 ÷ 2 = 0.5.
    expect(r.assignmentTotals).toMatchObject({ total: 2, judged: 2, metOnTimeRate: 0.5 });
    const unit = (label: string) => r.rollups.leadUnit.find((x: { label: string }) => x.label === label);
    // Each lead unit by its own share: A 1 ÷ 1 = 1, B 0 ÷ 1 = 0.
    expect(unit('蓬江区政府')).toMatchObject({ total: 1, counts: { met_on_time: 1 }, metOnTimeRate: 1 });
    expect(unit('台山市政府')).toMatchObject({ total: 1, counts: { partly_met: 1 }, metOnTimeRate: 0 });
  });
});
