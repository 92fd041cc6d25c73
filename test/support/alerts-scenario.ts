import type { ReceivedMail } from '@app/alerts/testing';

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
export const A = 'sanqu-2020.T23-2020';
export const B = 'sanqu-2020.T34-2021';
export const C = 'sanqu-2020.T29-2021';
export const BASE_URL = 'https://pm.example.org';
export const OFFICE = 'duchashi@example.org';
const ESCALATION = 'escalation@example.org';
export const TRANSPORT = 'dept-transport@example.org';
const COMMERCE = 'dept-commerce@example.org';
const FINANCE = 'dept-finance@example.org';
const DISTRICTS = ['pengjiang', 'jianghai', 'xinhui', 'taishan', 'kaiping', 'heshan', 'enping'].map(
  (d) => `gov-${d}@example.org`,
);

export const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`).toISOString();

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

export function scenario(): Fact[] {
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
export const EXPECTED: Record<string, [string, string, string[]][]> = {
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

export function monthEnds(): string[] {
  const out: string[] = [];
  for (const y of [2020, 2021]) {
    for (let m = 1; m <= 12; m++) {
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      out.push(`${y}-${String(m).padStart(2, '0')}-${last}`);
    }
  }
  return out;
}

export function summary(mails: readonly ReceivedMail[]): [string, string, string[]][] {
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
