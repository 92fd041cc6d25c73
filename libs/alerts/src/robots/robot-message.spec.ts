import { renderRobotMessage, type RobotItem } from './robot-message';

const item = (n: number, over: Partial<RobotItem> = {}): RobotItem => ({
  alertId: `overdue:sanqu-2020.T${n}-2020:2020-12-31:1`,
  kind: 'raised',
  rule: 'overdue',
  level: 'critical',
  milestone: {
    milestoneId: `sanqu-2020.T${n}-2020`,
    taskNo: n,
    taskTitle: '加快高速公路建设',
    text: '2020年，中开高速双水互通至凤山互通段建成通车。这段计划全文不应出现在机器人消息里。',
    dueDate: '2020-12-31',
    baselineDueDate: '2020-12-31',
    leadUnits: ['dept-transport'],
    cooperatingUnits: [],
  },
  reasons: ['已逾期31天（截止日期2020-12-31）'],
  ...over,
});

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('robot message', () => {
  it('titles the unit and the worst severity; a line per alert, escalations first, then new ones, then reminders (as the mail), each with its link', () => {
    const m = renderRobotMessage({
      unitNames: ['市交通运输局'],
      asOf: '2021-01-31',
      baseUrl: 'https://pm.example.org/',
      items: [
        item(34, { rule: 'no_report', level: 'warning', reasons: ['超过30天未报送进展'] }),
        item(23, { kind: 'repeated', occurrence: 1 }),
        item(7, { kind: 'escalated' }),
      ],
    });
    expect(m.title).toBe('【督办提醒·红】市交通运输局：3项预警');
    const lines = m.text.split('\n\n');
    expect(lines[0]).toBe(`#### ${m.title}`);
    expect(lines[1]).toBe('截至2021-01-31（红2项、黄1项），请及时处理，并在督办系统中报送进展或确认预警。');
    expect(lines[2]).toMatch(
      /^1\. \*\*【红】已逾期\*\*（升级督办） 事项7 加快高速公路建设 \[查看\]\(https:\/\/pm\.example\.org\/milestones\/sanqu-2020\.T7-2020\)/,
    );
    expect(lines[3]).toMatch(/^2\. \*\*【黄】未按期报送进展\*\* 事项34 .*\n超过30天未报送进展$/);
    expect(lines[4]).toMatch(/^3\. \*\*【红】已逾期\*\*（第2次提醒） 事项23 /);
    expect(lines[5]).toBe('> [打开督办系统查看全部预警](https://pm.example.org/alerts)');
    expect(m.text).not.toContain('计划全文');
  });

  it('keeps user text to one plain line: no markdown links, emphasis or line breaks of its own', () => {
    const m = renderRobotMessage({
      unitNames: ['市\n水利局'],
      asOf: '2021-01-31',
      baseUrl: 'https://pm.example.org',
      items: [
        item(1, { milestone: { ...item(1).milestone, taskTitle: '[点我](https://evil.test)\n**粗体**' } }),
      ],
    });
    expect(m.title).toBe('【督办提醒·红】市 水利局：1项预警');
    expect(m.text).not.toContain('](https://evil.test');
    expect(m.text).not.toContain('**粗体');
    expect(m.text).not.toContain('[点我]');
  });

  it('stays under the byte cap: alerts that do not fit are counted, with the link to all of them', () => {
    const items = Array.from({ length: 60 }, (_, i) => item(i + 1));
    const m = renderRobotMessage({
      unitNames: ['市交通运输局'],
      asOf: '2021-01-31',
      baseUrl: 'https://pm.example.org',
      items,
    });
    expect(bytes(m.text)).toBeLessThanOrEqual(4000);
    const listed = m.text.split('\n\n').filter((l) => /^\d+\. /.test(l)).length;
    expect(listed).toBeGreaterThan(5);
    expect(listed).toBeLessThan(60);
    expect(m.text).toContain(`……另有${60 - listed}项未列出`);
    expect(m.text.endsWith('> [打开督办系统查看全部预警](https://pm.example.org/alerts)')).toBe(true);
    expect(m.title).toBe('【督办提醒·红】市交通运输局：60项预警');
    const small = renderRobotMessage({
      unitNames: ['x'],
      asOf: '2021-01-31',
      baseUrl: 'https://p',
      items,
      maxBytes: 1200,
    });
    expect(bytes(small.text)).toBeLessThanOrEqual(1200);
  });
});
