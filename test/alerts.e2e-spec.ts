import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConsumerRunner, EventStore, newEventId } from '@app/event-store';
import { FixedClock } from '@app/platform';
import { PlanImportService, PLAN_CATALOG_CONSUMER } from '@app/plans';
import { milestoneStreamId, standingStreamId } from '@app/milestones';
import { ALERTS_MONITOR, ALERTS_NOTIFIER, AlertMailSender } from '@app/alerts';
import { SmtpTestServer, type ReceivedMail } from '@app/alerts/testing';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A fixed 2020–2021 scenario on the seed plan, scanned at every month end, over real HTTP with a real SMTP
 * server on loopback. Every alert and every mail below is worked out by hand from the rules:
 * due soon 30/7 days, overdue (weekly repeat, escalation after 14 days), behind schedule (< 85 % of the linear
 * expectation), no report for more than 31 days, indicator shortfall, delay reported, due date moved later.
 *
 *  A = T23-2020 (lead 市交通运输局, 7 district governments cooperate), due 2020-12-31: on track all year,
 *      a delay reported 2020-11-10 (forecast 2021-02-28), due soon at 12-31, overdue 2021-01-31, escalated
 *      02-28, repeated 03-31, acknowledged 04-10 (no repeat after), submitted 05-20, accepted 06-10.
 *  B = T34-2021 (lead 市商务局, indicator ≥ 7 projects), due 2021-12-31: silent until March (no report
 *      02-28), 15 % on 03-05 (behind at 03-31), 40 % on 04-15 (caught up), submitted 12-20 with 5 projects.
 *  C = T29-2021 (lead 市财政局), due 2021-12-31, moved to 2022-01-15 on 2021-05-10: due soon (30 days) 12-31.
 *  Every other milestone of the plan is cancelled on the first day, and every standing item (常态化, judged by
 *  its own no-report rule: see separately-led.e2e-spec.ts) withdrawn.
 */
const A = 'sanqu-2020.T23-2020';
const B = 'sanqu-2020.T34-2021';
const C = 'sanqu-2020.T29-2021';
const BASE_URL = 'https://pm.example.org';
const OFFICE = 'duchashi@example.org';
const ESCALATION = 'escalation@example.org';
const TRANSPORT = 'dept-transport@example.org';
const COMMERCE = 'dept-commerce@example.org';
const FINANCE = 'dept-finance@example.org';
const DISTRICTS = ['pengjiang', 'jianghai', 'xinhui', 'taishan', 'kaiping', 'heshan', 'enping'].map(
  (d) => `gov-${d}@example.org`,
);

const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`).toISOString();

interface Fact {
  readonly milestone: string;
  readonly day: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly unit: string;
}
const progress = (milestone: string, unit: string, day: string, percent: number, extra = {}): Fact => ({
  milestone,
  day,
  unit,
  type: 'ProgressReported',
  data: { percent, narrative: `${day}进展：完成${percent}%`, ...extra },
});

function scenario(): Fact[] {
  const f: Fact[] = [];
  for (let m = 1; m <= 10; m++) {
    f.push(progress(A, 'dept-transport', `2020-${String(m).padStart(2, '0')}-20`, 9 * m));
  }
  f.push({
    milestone: A,
    day: '2020-11-10',
    unit: 'dept-transport',
    type: 'DelayReported',
    data: { reason: '征地拆迁未完成', forecastDate: '2021-02-28' },
  });
  f.push(progress(A, 'dept-transport', '2020-12-15', 95, { forecastDate: '2021-02-28' }));
  f.push({
    milestone: A,
    day: '2021-05-20',
    unit: 'dept-transport',
    type: 'CompletionSubmitted',
    data: {
      completedOn: '2021-05-18',
      narrative: '已建成通车',
      evidence: [{ name: '验收报告.pdf', sha256: 'a'.repeat(64) }],
    },
  });
  f.push({
    milestone: A,
    day: '2021-06-10',
    unit: 'dept-development-reform',
    type: 'CompletionAccepted',
    data: {},
  });
  const b: [string, number][] = [
    ['2021-03-05', 15],
    ['2021-04-15', 40],
    ['2021-05-15', 50],
    ['2021-06-15', 55],
    ['2021-07-15', 60],
    ['2021-08-15', 68],
    ['2021-09-15', 75],
    ['2021-10-15', 85],
    ['2021-11-15', 90],
  ];
  for (const [day, p] of b) f.push(progress(B, 'dept-commerce', day, p));
  f.push({
    milestone: B,
    day: '2021-12-20',
    unit: 'dept-commerce',
    type: 'CompletionSubmitted',
    data: {
      completedOn: '2021-12-20',
      narrative: '全年引进5个项目',
      evidence: [{ name: '项目清单.xlsx', sha256: 'b'.repeat(64) }],
      indicatorActuals: [{ metric: '引进投资超10亿元的产业项目', actual: 5 }],
    },
  });
  const c = [10, 18, 27, 35, 43, 52, 60, 68, 77, 85, 93, 97];
  c.forEach((p, i) => f.push(progress(C, 'dept-finance', `2021-${String(i + 1).padStart(2, '0')}-20`, p)));
  f.push({
    milestone: C,
    day: '2021-05-10',
    unit: 'dept-development-reform',
    type: 'DueDateRebaselined',
    data: { newDueDate: '2022-01-15', previousDueDate: '2021-12-31', reason: '资金到位延迟' },
  });
  return f.sort((x, y) => x.day.localeCompare(y.day));
}

/**
 * The mails expected after each month end: recipient, subject, milestones listed. A unit's reminder names the
 * unit and the worst colour (红 overdue, 黄 warning, 蓝 info); the office and the escalation contacts get the
 * digest of the run (督办日报 for a scan, 督办快报 for alerts found from events between scans).
 */
const DISTRICT_NAMES = ['蓬江区', '江海区', '新会区', '台山市', '开平市', '鹤山市', '恩平市'].map(
  (d) => `${d}政府`,
);
const U = (colour: string, unit: string, what: string) => `【督办提醒·${colour}】${unit}：1 项任务${what}`;
const O = (day: string, counts: string, kind = '督办日报') => `【${kind}】共 1 项预警：${counts}（${day}）`;
const EXPECTED: Record<string, [string, string, string[]][]> = {
  '2020-11-30': [
    [TRANSPORT, U('黄', '市交通运输局', '报告延期'), [A]],
    ...DISTRICTS.map((to, i): [string, string, string[]] => [
      to,
      U('黄', DISTRICT_NAMES[i]!, '报告延期'),
      [A],
    ]),
  ],
  '2020-12-31': [[TRANSPORT, U('黄', '市交通运输局', '即将到期'), [A]]],
  '2021-01-31': [
    [TRANSPORT, U('红', '市交通运输局', '已逾期'), [A]],
    [OFFICE, O('2021年1月31日', '红 1'), [A]],
  ],
  '2021-02-28': [
    [TRANSPORT, U('红', '市交通运输局', '已逾期（1 项已升级督办）'), [A]],
    [OFFICE, O('2021年2月28日', '红 1'), [A]],
    [ESCALATION, O('2021年2月28日', '红 1'), [A]],
    [COMMERCE, U('黄', '市商务局', '未按期报送进展'), [B]],
  ],
  '2021-03-31': [
    [TRANSPORT, U('红', '市交通运输局', '已逾期'), [A]],
    [OFFICE, O('2021年3月31日', '红 1'), [A]],
    [COMMERCE, U('黄', '市商务局', '进度滞后'), [B]],
  ],
  '2021-05-31': [
    [FINANCE, U('蓝', '市财政局', '完成时限后延'), [C]],
    [OFFICE, O('2021年5月10日', '蓝 1', '督办快报'), [C]],
  ],
  '2021-12-31': [
    [COMMERCE, U('黄', '市商务局', '指标未达标'), [B]],
    [FINANCE, U('蓝', '市财政局', '即将到期'), [C]],
  ],
};

function monthEnds(): string[] {
  const out: string[] = [];
  for (const y of [2020, 2021]) {
    for (let m = 1; m <= 12; m++) {
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      out.push(`${y}-${String(m).padStart(2, '0')}-${last}`);
    }
  }
  return out;
}

function summary(mails: readonly ReceivedMail[]): [string, string, string[]][] {
  return mails
    .map((m): [string, string, string[]] => [
      m.rcptTo.join(','),
      m.parsed.subject ?? '',
      [...(m.parsed.text ?? '').matchAll(/查看：https:\/\/pm\.example\.org\/milestones\/(\S+)/g)].map((x) =>
        decodeURIComponent(x[1]!),
      ),
    ])
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}

describe('slippage alerts: a 2020–2021 scenario at every month end (real HTTP, real SMTP)', () => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  const clock = new FixedClock('2020-01-01T02:00:00Z');
  let supervisor: string;
  let runner: ConsumerRunner;
  /** A real instant right after the 2021-02-28 scan was recorded (for knownAt). */
  let recordedAfterFebruary = '';

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    t = await startTestApp(
      { SMTP_URL: smtp.url, BASE_URL, MAIL_FROM: '三区并进督办系统 <noreply@pm.example.org>' },
      { clock, startConsumers: false },
    );
    runner = t.app.get(ConsumerRunner);
    const doc = fs.readFileSync(path.join(__dirname, '../seeds/jiangmen-sanqu-2020-2022.txt'), 'utf8');
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
    supervisor = created.body.token;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.down();
  });

  it('raises, repeats, escalates, resolves and mails exactly what the rules say, month by month', async () => {
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

  it('filters alerts by state, unit, level, rule and date', async () => {
    const q = async (qs: string) =>
      (await t.request('GET', `/api/v1/alerts?${qs}`)).body.items.map((a: { id: string }) => a.id).sort();
    expect(await q('state=open')).toEqual(
      [
        `due_date_moved_later:${C}:v6:1`,
        `due_soon:${C}:2022-01-15-30d:1`,
        `indicator_shortfall:${B}:i0:1`,
      ].sort(),
    );
    expect(await q('unit=dept-commerce')).toHaveLength(3);
    expect(await q('unit=gov-taishan')).toHaveLength(8); // a cooperating unit of A, B and C
    expect(await q('level=critical')).toEqual([`overdue:${A}:2020-12-31:1`]);
    expect(await q('rule=due_soon&from=2021-01-01&to=2021-12-31')).toEqual([
      `due_soon:${C}:2022-01-15-30d:1`,
    ]);
    const bad = await t.request('GET', '/api/v1/alerts?state=nope&extra=1');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });

  it('as of a date and as known at an instant: nothing dated or recorded later shows (state, repeats, escalation, resolution)', async () => {
    await runner.catchUp(ALERTS_MONITOR);
    type View = {
      id: string;
      milestoneId: string;
      rule: string;
      state: string;
      repeats: number;
      escalatedOn: string | null;
      lastNotifiedOn: string;
      acknowledged: unknown;
      resolvedOn: string | null;
      resolvedReason: unknown;
      raisedOn: string;
    };
    const list = async (qs: string) => {
      const r = await t.request('GET', `/api/v1/alerts?limit=100&${qs}`);
      expect(r.status).toBe(200);
      return r.body as { asOf: string; knownAt: string | null; total: number; items: View[] };
    };
    const overdueId = `overdue:${A}:2020-12-31:1`;

    // 2021-03-15: overdue since 01-31, escalated 02-28; the repeat (03-31), the acknowledgement (04-10) and
    // the resolution (06-10) lie ahead.
    const march = await list('asOf=2021-03-15');
    expect(march.asOf).toBe('2021-03-15');
    expect(march.knownAt).toBeNull();
    expect(march.items.every((a) => a.raisedOn <= '2021-03-15')).toBe(true);
    expect(march.items.every((a) => a.resolvedOn === null || a.resolvedOn <= '2021-03-15')).toBe(true);
    expect(march.items.find((a) => a.id === overdueId)).toMatchObject({
      state: 'open',
      repeats: 0,
      escalatedOn: '2021-02-28',
      lastNotifiedOn: '2021-02-28',
      acknowledged: null,
      resolvedOn: null,
      resolvedReason: null,
    });
    // B's no-report alert (02-28) was resolved by the report of 03-05.
    expect(march.items.find((a) => a.id.startsWith(`no_report:${B}`))).toMatchObject({
      state: 'resolved',
      resolvedOn: '2021-03-05',
    });
    const openInMarch = (await list('asOf=2021-03-15&state=open')).items.map(
      (a) => `${a.milestoneId} ${a.rule}`,
    );
    expect(openInMarch.sort()).toEqual([`${A} delay_reported`, `${A} overdue`]);

    // 2021-04-30: repeated once (03-31), acknowledged on 04-10, still not resolved.
    const april = await list(`asOf=2021-04-30&milestone=${encodeURIComponent(A)}&rule=overdue`);
    expect(april.items[0]).toMatchObject({ state: 'acknowledged', repeats: 1, resolvedOn: null });
    expect((await list('asOf=2021-04-30&state=acknowledged')).items.map((a) => a.id)).toEqual([overdueId]);

    // As known right after the 2021-02-28 scan: what was recorded later is unknown, whatever its date.
    const known = await list(`knownAt=${encodeURIComponent(recordedAfterFebruary)}`);
    expect(known.knownAt).toBe(recordedAfterFebruary);
    expect(known.items.find((a) => a.id === overdueId)).toMatchObject({
      state: 'open',
      repeats: 0,
      escalatedOn: '2021-02-28',
      resolvedOn: null,
    });
    expect(known.items.some((a) => a.raisedOn > '2021-02-28')).toBe(false);

    const bad = await t.request('GET', '/api/v1/alerts?asOf=2021-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: 'asOf' });
  });

  it('acknowledgement: by whom from the token; refused when resolved, twice, or not one’s own unit', async () => {
    const reporter = async (unit: string) =>
      (
        await t.request('POST', '/api/v1/tokens', {
          body: { role: 'reporter', unit, name: `${unit}-填报员` },
        })
      ).body.token as string;
    const shortfall = `indicator_shortfall:${B}:i0:1`;
    const other = await t.request('POST', `/api/v1/alerts/${shortfall}/acknowledgement`, {
      token: await reporter('dept-finance'),
      body: {},
    });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('ALERT_NOT_RESPONSIBLE');
    const own = await t.request('POST', `/api/v1/alerts/${shortfall}/acknowledgement`, {
      token: await reporter('dept-commerce'),
      body: { note: '已说明原因' },
    });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      state: 'acknowledged',
      acknowledged: { by: { role: 'reporter', unit: 'dept-commerce' } },
    });
    const twice = await t.request('POST', `/api/v1/alerts/${shortfall}/acknowledgement`, {
      token: supervisor,
      body: {},
    });
    expect([twice.status, twice.body.code]).toEqual([409, 'ALERT_ALREADY_ACKNOWLEDGED']);
    const resolved = await t.request('POST', `/api/v1/alerts/overdue:${A}:2020-12-31:1/acknowledgement`, {
      token: supervisor,
      body: {},
    });
    expect([resolved.status, resolved.body.code]).toEqual([409, 'ALERT_ALREADY_RESOLVED']);
    const missing = await t.request('POST', '/api/v1/alerts/overdue:nope:2020-12-31:1/acknowledgement', {
      token: supervisor,
      body: {},
    });
    expect([missing.status, missing.body.code, missing.body.detailZh]).toEqual([
      404,
      'ALERT_NOT_FOUND',
      '未找到该预警',
    ]);
    const badNote = await t.request('POST', `/api/v1/alerts/due_soon:${C}:2022-01-15-30d:1/acknowledgement`, {
      token: supervisor,
      body: { note: 'x\u0007' },
    });
    expect([badNote.status, badNote.body.field]).toEqual([400, 'note']);
    const viewer = (await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: 'v' } })).body
      .token;
    const byViewer = await t.request(
      'POST',
      `/api/v1/alerts/due_soon:${C}:2022-01-15-30d:1/acknowledgement`,
      {
        token: viewer,
        body: {},
      },
    );
    expect(byViewer.status).toBe(403);
  });

  it('scan: supervisor only, a real date not after today', async () => {
    clock.set('2021-12-31T12:00:00Z');
    const viewer = (await t.request('POST', '/api/v1/tokens', { body: { role: 'viewer', name: 'v2' } })).body
      .token;
    expect(
      (await t.request('POST', '/api/v1/alerts:scan', { token: viewer, body: { asOf: '2021-01-05' } }))
        .status,
    ).toBe(403);
    const bad = await t.request('POST', '/api/v1/alerts:scan', {
      token: supervisor,
      body: { asOf: '2021-02-30' },
    });
    expect([bad.status, bad.body.code, bad.body.field]).toEqual([400, 'AS_OF_INVALID', 'asOf']);
    const future = await t.request('POST', '/api/v1/alerts:scan', {
      token: supervisor,
      body: { asOf: '2022-01-01' },
    });
    expect([future.status, future.body.code]).toEqual([422, 'AS_OF_IN_FUTURE']);
    const missing = await t.request('POST', '/api/v1/alerts:scan', { token: supervisor, body: {} });
    expect([missing.status, missing.body.field]).toEqual([400, 'asOf']);
  });

  it('contacts: loaded from the example file; replaced per unit and per group by an admin', async () => {
    const unit = await t.request('GET', '/api/v1/units/dept-transport/contacts', { token: supervisor });
    expect(unit.body).toEqual([
      { scope: 'unit', unitId: 'dept-transport', name: '市交通运输局联络员', email: TRANSPORT },
    ]);
    const put = await t.request('PUT', '/api/v1/units/dept-transport/contacts', {
      body: {
        contacts: [
          { name: '张三', email: 'zhangsan@example.org' },
          { name: '李四', email: 'lisi@example.org' },
        ],
      },
    });
    expect(put.status).toBe(200);
    expect(
      (await t.request('GET', '/api/v1/units/dept-transport/contacts', { token: supervisor })).body,
    ).toHaveLength(2);
    expect(
      (
        await t.request('PUT', '/api/v1/units/dept-transport/contacts', {
          token: supervisor,
          body: { contacts: [] },
        })
      ).status,
    ).toBe(403);
    const unknown = await t.request('PUT', '/api/v1/units/no-such-unit/contacts', { body: { contacts: [] } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'UNIT_NOT_FOUND']);
    const injected = await t.request('PUT', '/api/v1/units/dept-transport/contacts', {
      body: { contacts: [{ name: 'x\r\nBcc: x@evil.test', email: 'a@example.org' }] },
    });
    expect([injected.status, injected.body.field]).toEqual([400, 'contacts[0].name']);
    const badEmail = await t.request('PUT', '/api/v1/units/dept-transport/contacts', {
      body: { contacts: [{ name: 'x', email: 'a@example.org\r\nBcc: x@evil.test' }] },
    });
    expect([badEmail.status, badEmail.body.field]).toEqual([400, 'contacts[0].email']);
    const dup = await t.request('PUT', '/api/v1/alerts/contacts/escalation', {
      body: {
        contacts: [
          { name: 'a', email: 'A@example.org' },
          { name: 'b', email: 'a@example.org' },
        ],
      },
    });
    expect([dup.status, dup.body.code]).toEqual([400, 'CONTACT_EMAIL_DUPLICATE']);
    const group = await t.request('PUT', '/api/v1/alerts/contacts/escalation', {
      body: { contacts: [{ name: '分管副市长办公室', email: 'fgfsz@example.org' }] },
    });
    expect(group.status).toBe(200);
    expect(
      (await t.request('GET', '/api/v1/alerts/contacts/escalation', { token: supervisor })).body,
    ).toEqual([{ scope: 'escalation', unitId: null, name: '分管副市长办公室', email: 'fgfsz@example.org' }]);
    expect(
      (await t.request('PUT', '/api/v1/alerts/contacts/nobody', { body: { contacts: [] } })).status,
    ).toBe(404);
  });
});
