import { buildDigest, milestoneLink, type DigestInput, type DigestItem } from './digest.template';
import { addWorkingDays, truncate } from './notice';

const UNITS = new Map([
  ['dept-agri', '市农业农村局'],
  ['dept-commerce', '市商务局'],
  ['dept-transport', '市交通运输局'],
  ['gov-taishan', '台山市政府'],
  ['gov-pengjiang', '蓬江区政府'],
]);
const LONG =
  '2022年，全市新建高标准农田5万亩，完成农田水利设施改造提升，推进宜机化改造，建设数字农业示范基地3个，培育省级现代农业产业园2个，农业综合生产能力稳步提升。';

let n = 0;
const item = (
  task: [number, string],
  due: string,
  over: Partial<DigestItem> = {},
  milestone: Partial<DigestItem['milestone']> = {},
): DigestItem => {
  const id = `sanqu-2020.T${String(task[0]).padStart(2, '0')}-${due.slice(0, 4)}${milestone.assignment ? '' : `-${n++}`}`;
  return {
    alertId: `overdue:${id}:${due}:1`,
    kind: 'raised',
    rule: 'overdue',
    level: 'critical',
    asOf: '2021-11-30',
    reasons: [],
    audiences: ['lead'],
    ...over,
    milestone: {
      milestoneId: id,
      taskNo: task[0],
      taskTitle: task[1],
      text: `${due.slice(0, 4)}年，完成${task[1]}年度任务。`,
      dueDate: due,
      baselineDueDate: due,
      leadUnits: ['dept-agri'],
      cooperatingUnits: ['gov-pengjiang'],
      ...milestone,
    },
  };
};
const input = (over: Partial<DigestInput>): DigestInput => ({
  recipientName: '联络员张三',
  recipientUnits: ['dept-agri'],
  runKind: 'scan',
  asOf: '2021-11-30',
  items: [],
  baseUrl: 'https://pm.example.org/',
  unitNames: UNITS,
  replyWorkingDays: 3,
  holidays: [],
  ...over,
});
const FARMLAND: [number, string] = [7, '建设高标准农田'];
const PARK: [number, string] = [5, '推进农业产业园建设'];
/** The links of a text part, and the text without them. */
const links = (text: string) => [...text.matchAll(/查看：(\S+)/g)].map((m) => m[1]);
const withoutLinks = (text: string) => text.replace(/https:\/\/\S+/g, '');

describe('a unit reminder (督办提醒)', () => {
  // 2021-11-30 (Tuesday): two overdue milestones (one escalated after 30 days) and one silent one.
  const escalated = item(FARMLAND, '2021-10-31', {
    kind: 'escalated',
    daysOverdue: 30,
    reasons: ['已逾期30天（截止日期2021-10-31），超过14天仍未确认，升级督办'],
  });
  const overdue = item(PARK, '2021-11-20', { reasons: ['已逾期10天（截止日期2021-11-20）'] });
  const silent = item(
    PARK,
    '2022-12-31',
    { rule: 'no_report', level: 'warning', reasons: ['已40天未报送进展（自2021-10-21起，报送周期31天）'] },
    { text: LONG },
  );
  const d = buildDigest(input({ items: [silent, overdue, escalated] }));

  it('subject names the unit and the severity; the summary comes first with counts, the worst, the reply-by date', () => {
    expect(d.subject).toBe('【督办提醒·红】市农业农村局：2 项任务已逾期（1 项已升级督办），另有 1 项预警');
    expect(d.text.split('\n').slice(0, 7)).toEqual([
      '市农业农村局（联络员张三）：',
      '',
      '截至2021年11月30日，贵单位承办的重点任务共有 3 项预警（涉及 3 项任务）：红色 2 项，黄色 1 项。',
      '按类型：已逾期 2 项，未按期报送进展 1 项。',
      '逾期最久：建设高标准农田，已逾期 30 天（截止2021-10-31）。',
      // 3 working days after Tuesday 2021-11-30: Wednesday, Thursday, Friday 2021-12-03.
      '回复时限：请于 2021年12月3日前（3个工作日内）登录督办系统，逐项填报最新进展或说明原因；已知悉的预警可在“预警”页确认。',
      '',
    ]);
  });

  it('items grouped by task name, worst task first, each with year, unit, due date, lateness, rule and one link', () => {
    const body = d.text.slice(d.text.indexOf('一、'), d.text.indexOf('——'));
    expect(body.split('\n')).toEqual([
      '一、建设高标准农田（重点事项7）',
      '  1. 【红】已逾期（超期未确认，已升级督办） 2021年度 · 牵头单位：市农业农村局 · 截止2021-10-31 · 逾期30天',
      '     情况：已逾期30天（截止日期2021-10-31），超过14天仍未确认，升级督办',
      '     目标：2021年，完成建设高标准农田年度任务。',
      `     查看：https://pm.example.org/milestones/${escalated.milestone.milestoneId}`,
      '',
      '二、推进农业产业园建设（重点事项5）',
      '  1. 【红】已逾期 2021年度 · 牵头单位：市农业农村局 · 截止2021-11-20 · 逾期10天',
      '     情况：已逾期10天（截止日期2021-11-20）',
      '     目标：2021年，完成推进农业产业园建设年度任务。',
      `     查看：https://pm.example.org/milestones/${overdue.milestone.milestoneId}`,
      // 2021-11-30 → 2021-12-31 is 31 days, and 2022 has 365: 396 days left.
      '  2. 【黄】未按期报送进展 2022年度 · 牵头单位：市农业农村局 · 截止2022-12-31 · 剩余396天',
      '     情况：已40天未报送进展（自2021-10-21起，报送周期31天）',
      `     目标：${[...LONG].slice(0, 59).join('')}…`,
      `     查看：https://pm.example.org/milestones/${silent.milestone.milestoneId}`,
      '',
      '',
    ]);
    expect(links(d.text)).toHaveLength(3);
    expect(d.html.match(/<a href=/g)).toHaveLength(3);
    expect(d.html).toContain(`<a href="https://pm.example.org/milestones/${overdue.milestone.milestoneId}"`);
    // No ids (milestone, alert) outside the links; no full plan text; no cooperating unit it does not concern.
    expect(withoutLinks(d.text)).not.toMatch(/sanqu|overdue:|no_report|dept-/);
    expect(withoutLinks(d.html)).not.toMatch(/sanqu|overdue:|no_report|dept-/);
    expect(d.text).not.toContain(LONG);
    expect(d.text).not.toContain('蓬江区政府');
  });

  it('the footer says who sends it and how to stop or adjust the notices', () => {
    expect(d.text.slice(d.text.indexOf('——'))).toContain('代督查室自动发送');
    expect(d.text).toContain('如需更换接收人或停止接收，请联系督查室修改本单位的预警联系人。');
    expect(d.html).toContain('代督查室自动发送');
  });
});

describe('an amber reminder, the reply window and its holidays', () => {
  it('names the amber kinds; the reply-by date skips weekends and HOLIDAYS', () => {
    const d = buildDigest(
      input({
        recipientUnits: ['dept-commerce'],
        asOf: '2021-09-30',
        items: [
          item([34, '扩大有效投资'], '2022-04-18', {
            rule: 'behind_schedule',
            level: 'warning',
            asOf: '2021-09-30',
          }),
          item([31, '促进消费'], '2021-10-07', { rule: 'due_soon', level: 'warning', asOf: '2021-09-30' }),
          item([32, '发展外贸'], '2021-10-05', { rule: 'due_soon', level: 'warning', asOf: '2021-09-30' }),
        ].map((i) => ({ ...i, milestone: { ...i.milestone, leadUnits: ['dept-commerce'] } })),
        holidays: ['2021-10-01', '2021-10-04', '2021-10-05', '2021-10-06', '2021-10-07'],
      }),
    );
    expect(d.subject).toBe('【督办提醒·黄】市商务局：3 项任务即将到期 / 进度滞后');
    // Thursday 2021-09-30: Friday 10-01 and Monday–Thursday 10-04…07 are holidays; Friday 10-08, Monday 10-11,
    // Tuesday 10-12.
    expect(d.text).toContain('回复时限：请于 2021年10月12日前（3个工作日内）');
    expect(d.text).toMatch(
      /一、发展外贸[\s\S]*截止2021-10-05 · 剩余5天[\s\S]*二、促进消费[\s\S]*三、扩大有效投资/,
    );
    expect(addWorkingDays('2021-12-03', 1, [])).toBe('2021-12-06');
  });

  it('a standing item, a 分别牵头 share and a cooperating unit are stated as such', () => {
    const d = buildDigest(
      input({
        recipientUnits: ['gov-taishan'],
        items: [
          item(
            [13, '推进乡村振兴'],
            '',
            { rule: 'no_report', level: 'warning' },
            {
              dueDate: '',
              baselineDueDate: '',
              standing: true,
              leadUnits: ['gov-taishan'],
              assignment: 'gov-taishan',
            },
          ),
          item(
            [23, '加快高速公路建设'],
            '2021-12-10',
            {
              rule: 'delay_reported',
              level: 'warning',
              audiences: ['cooperating'],
            },
            { leadUnits: ['dept-transport'], cooperatingUnits: ['gov-taishan'] },
          ),
        ],
      }),
    );
    expect(d.subject).toBe('【督办提醒·黄】台山市政府：2 项任务报告延期 / 未按期报送进展');
    expect(d.text).toContain(
      '【黄】报告延期 2021年度 · 牵头单位：市交通运输局（贵单位为配合单位） · 截止2021-12-10 · 剩余10天',
    );
    expect(d.text).toContain('【黄】未按期报送进展 常态化（无截止日期） · 分别牵头：台山市政府');
  });
});

describe('a blue reminder (提示)', () => {
  it('a re-baselined due date states the original one; info alerts are 蓝', () => {
    const d = buildDigest(
      input({
        recipientUnits: ['dept-agri'],
        asOf: '2021-05-10',
        runKind: 'events',
        items: [
          item(
            FARMLAND,
            '2022-01-15',
            { rule: 'due_date_moved_later', level: 'info', asOf: '2021-05-10' },
            { baselineDueDate: '2021-12-31' },
          ),
        ],
      }),
    );
    expect(d.subject).toBe('【督办提醒·蓝】市农业农村局：1 项任务完成时限后延');
    expect(d.text).toContain(
      '2021年度 · 牵头单位：市农业农村局 · 截止2022-01-15（原定2021-12-31） · 剩余250天',
    );
    expect(d.text).toContain('红色为已逾期');
  });
});

describe('the office digest (督办日报)', () => {
  // 22 alerts over four units: 8 red (overdue 1…8 days), 14 amber (due in 1…14 days).
  const units = ['dept-agri', 'dept-commerce', 'dept-transport', 'gov-taishan'];
  const items = [
    ...Array.from({ length: 8 }, (_, k) =>
      item(
        [k + 1, `重点任务${k + 1}`],
        `2021-11-${String(29 - k).padStart(2, '0')}`,
        {
          audiences: ['office'],
        },
        { leadUnits: [units[k % 4]!] },
      ),
    ),
    ...Array.from({ length: 14 }, (_, k) =>
      item(
        [k + 20, `重点任务${k + 20}`],
        `2021-12-${String(k + 1).padStart(2, '0')}`,
        {
          rule: 'due_soon',
          level: 'warning',
          audiences: ['lead', 'office'],
        },
        { leadUnits: [units[k % 3]!] },
      ),
    ),
  ];
  const d = buildDigest(input({ recipientName: '督查室', recipientUnits: [], items }));

  it('subject and summary: counts by colour and unit, the worst, the reply window for the units', () => {
    expect(d.subject).toBe('【督办日报】共 22 项预警：红 8 · 黄 14（2021年11月30日）');
    expect(d.text.split('\n').slice(0, 7)).toEqual([
      '督查室：',
      '',
      '截至2021年11月30日，全市重点任务共有 22 项预警（涉及 22 项任务、4 个牵头单位）：红色 8 项，黄色 14 项。',
      '按类型：已逾期 8 项，即将到期 14 项。',
      '逾期最久：重点任务8（台山市政府），已逾期 8 天（截止2021-11-22）。',
      '回复时限：已提醒各承办单位于 2021年12月3日前（3个工作日内）在督办系统填报进展或说明原因。',
      '',
    ]);
    expect(buildDigest(input({ recipientUnits: [], items, runKind: 'events' })).subject).toMatch(
      /^【督办快报】/,
    );
  });

  it('counts per unit first, then one line and one link per item, by unit, red and the latest first: one screen', () => {
    const lines = d.text.split('\n');
    const at = lines.indexOf('各单位预警数：');
    // Units by their worst item: 台山市政府 has the 8-day one (k = 7 → units[3]), 市交通运输局 the 7-day one …
    expect(lines.slice(at, at + 5)).toEqual([
      '各单位预警数：',
      '  台山市政府  红 2（共 2 项）',
      '  市交通运输局  红 2 · 黄 4（共 6 项）',
      '  市商务局  红 2 · 黄 5（共 7 项）',
      '  市农业农村局  红 2 · 黄 5（共 7 项）',
    ]);
    const transport = lines.slice(lines.indexOf('■ 市交通运输局') + 1, lines.indexOf('■ 市商务局'));
    expect(transport.filter((l) => !l.includes('查看：'))).toEqual([
      '  【红】已逾期 逾期7天 重点任务7（2021年度，截止2021-11-23）',
      '  【红】已逾期 逾期3天 重点任务3（2021年度，截止2021-11-27）',
      '  【黄】即将到期 剩余3天 重点任务22（2021年度，截止2021-12-03）',
      '  【黄】即将到期 剩余6天 重点任务25（2021年度，截止2021-12-06）',
      '  【黄】即将到期 剩余9天 重点任务28（2021年度，截止2021-12-09）',
      '  【黄】即将到期 剩余12天 重点任务31（2021年度，截止2021-12-12）',
    ]);
    expect(links(d.text)).toHaveLength(22);
    expect(lines.length).toBeLessThanOrEqual(70);
    expect(d.html).toContain(
      '<th style="padding:4px 8px;border:1px solid #ddd;vertical-align:top;background:#f4f4f4;text-align:left;font-weight:bold">牵头单位</th>',
    );
    expect(d.html.match(/<a href=/g)).toHaveLength(22);
  });
});

describe('user text in a mail', () => {
  it('cannot break out of the body or the HTML; no external assets', () => {
    const d = buildDigest(
      input({
        recipientName: 'X\r\nBcc: x@evil.test',
        items: [
          item(
            [9, '<script>alert(1)</script>'],
            '2021-11-01',
            {
              reasons: ['报告延期：<img src=x onerror=alert(1)>\r\nBcc: x@evil.test'],
            },
            { text: '"><a href="https://evil.test">点我</a>' },
          ),
        ],
      }),
    );
    expect(d.subject).toBe('【督办提醒·红】市农业农村局：1 项任务已逾期');
    expect(d.text).not.toContain('\r');
    expect(d.text).toContain('市农业农村局（X Bcc: x@evil.test）：');
    expect(d.html).not.toMatch(/<(script|img|link|style|iframe)\b/i);
    expect(d.html).not.toContain('href="https://evil.test"');
    expect(d.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(d.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(d.html).not.toMatch(/src=["']?http/);
    expect(milestoneLink('http://h/', 'a b')).toBe('http://h/milestones/a%20b');
    expect(truncate('一二三四五', 4)).toBe('一二三…');
    expect(truncate('一二 \n 三', 4)).toBe('一二 三');
  });
});
