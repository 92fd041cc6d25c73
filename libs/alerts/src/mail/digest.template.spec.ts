import { buildDigest, digestSubject, milestoneLink, type DigestItem } from './digest.template';
import { addressOf, bodyText, domainOf, escapeHtml, headerText, isSafeEmail } from './mail-safety';
import { audiencesFor, recipientsFor, type Contact } from '../domain/recipients';
import { loadAlertsConfig } from '../config/alerts-config';

const item = (over: Partial<DigestItem> = {}): DigestItem => ({
  alertId: 'overdue:sanqu-2020.T23-2020:2020-12-31:1',
  kind: 'raised',
  rule: 'overdue',
  level: 'critical',
  asOf: '2021-01-31',
  milestone: {
    milestoneId: 'sanqu-2020.T23-2020',
    taskNo: 23,
    taskTitle: '加快高速公路建设',
    text: '2020年，中开高速双水互通至凤山互通段建成通车。',
    dueDate: '2020-12-31',
    baselineDueDate: '2020-12-31',
    leadUnits: ['dept-transport'],
    cooperatingUnits: ['gov-taishan'],
  },
  reasons: ['已逾期31天（截止日期2020-12-31）'],
  audiences: ['lead'],
  ...over,
});

describe('digest mail', () => {
  it('lists every alert with its link; escalations first; zh-CN subject with the count', () => {
    const d = buildDigest({
      recipientName: '市交通运输局联络员',
      asOf: '2021-02-28',
      baseUrl: 'https://pm.example.org/',
      unitNames: new Map([
        ['dept-transport', '市交通运输局'],
        ['gov-taishan', '台山市政府'],
      ]),
      items: [
        item({
          alertId: 'no_report:sanqu-2020.T34-2021:2021-01-01:1',
          rule: 'no_report',
          level: 'warning',
          milestone: { ...item().milestone, milestoneId: 'sanqu-2020.T34-2021' },
        }),
        item({ kind: 'escalated', daysOverdue: 59, reasons: ['已逾期59天'] }),
      ],
    });
    expect(d.subject).toBe('【三区并进督办】2021-02-28 预警2项（含升级督办1项）');
    expect(d.text.indexOf('升级督办：已逾期59天未确认')).toBeLessThan(d.text.indexOf('未按期报送进展'));
    expect(d.text).toContain('查看：https://pm.example.org/milestones/sanqu-2020.T23-2020');
    expect(d.text).toContain('查看：https://pm.example.org/milestones/sanqu-2020.T34-2021');
    expect(d.text).toContain('牵头单位：市交通运输局；配合单位：台山市政府');
    expect(d.html).toContain('<a href="https://pm.example.org/milestones/sanqu-2020.T23-2020">');
    expect(d.html).toContain('<html lang="zh-CN">');
  });

  it('a standing item (常态化) is stated without a due date', () => {
    const d = buildDigest({
      recipientName: '台山联络员',
      asOf: '2020-03-05',
      baseUrl: 'https://pm.example.org',
      unitNames: new Map([['gov-taishan', '台山市政府']]),
      items: [
        item({
          alertId: 'no_report:sanqu-2020.T13-S1@gov-taishan:2020-01-01:1',
          rule: 'no_report',
          level: 'warning',
          milestone: {
            ...item().milestone,
            milestoneId: 'sanqu-2020.T13-S1',
            dueDate: '',
            baselineDueDate: '',
            leadUnits: ['gov-taishan'],
            cooperatingUnits: [],
            assignment: 'gov-taishan',
            standing: true,
          },
        }),
      ],
    });
    expect(d.text).toContain('截止日期：常态化（无截止日期）');
    expect(d.html).toContain('截止日期：常态化（无截止日期）');
  });

  it('user text cannot break out of the body or the HTML', () => {
    const d = buildDigest({
      recipientName: 'X\r\nBcc: x@evil.test',
      asOf: '2021-02-28',
      baseUrl: 'https://pm.example.org',
      unitNames: new Map(),
      items: [item({ reasons: ['报告延期：<script>alert(1)</script>\r\nBcc: x@evil.test'] })],
    });
    expect(d.text).not.toContain('\r');
    expect(d.text).toContain('X Bcc: x@evil.test，您好');
    expect(d.html).not.toContain('<script>');
    expect(d.html).toContain('&lt;script&gt;');
    expect(digestSubject('2021-01-31', 1, 0)).toBe('【三区并进督办】2021-01-31 预警1项');
    expect(milestoneLink('http://h/', 'a b')).toBe('http://h/milestones/a%20b');
  });
});

describe('mail safety', () => {
  it('header text is one line: CR, LF, other controls and line separators become spaces', () => {
    expect(headerText('张三\r\nBcc: x@evil.test')).toBe('张三 Bcc: x@evil.test');
    expect(headerText('a\nb\u0000c\u2028d\u0085e')).toBe('a b c d e');
    expect(bodyText('a\r\nb\rc\u0007d')).toBe('a\nb\ncd');
    expect(escapeHtml('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });

  it('only plain addresses are usable', () => {
    expect(isSafeEmail('dept-transport@example.org')).toBe(true);
    expect(isSafeEmail('a@example.org\r\nBcc: x@evil.test')).toBe(false);
    expect(isSafeEmail('a@example.org, x@evil.test')).toBe(false);
    expect(isSafeEmail('"x" <a@example.org>')).toBe(false);
    expect(isSafeEmail('a..b@example.org')).toBe(false);
    expect(addressOf('三区并进督办系统 <noreply@pm.example.org>')).toBe('noreply@pm.example.org');
    expect(domainOf('noreply@pm.example.org')).toBe('pm.example.org');
  });
});

describe('recipients', () => {
  const contacts: Contact[] = [
    { scope: 'unit', unitId: 'dept-transport', name: '交通', email: 'T@example.org' },
    { scope: 'unit', unitId: 'gov-taishan', name: '台山', email: 'ts@example.org' },
    { scope: 'unit', unitId: 'gov-taishan', name: '台山（同一人）', email: 't@example.org' },
    { scope: 'supervising_office', unitId: null, name: '督查室', email: 'office@example.org' },
    { scope: 'escalation', unitId: null, name: '升级', email: 'esc@example.org' },
  ];
  const units = { lead: ['dept-transport'], cooperating: ['gov-taishan'] };
  const to = (rule: Parameters<typeof audiencesFor>[0], kind: Parameters<typeof audiencesFor>[1]) =>
    recipientsFor(rule, kind, units, contacts).map((r) => [r.email, r.audiences.join('+')]);

  it('lead units get everything; cooperating units delays and forecast slips; the office overdue, escalations, plan slips', () => {
    expect(to('due_soon', 'raised')).toEqual([['t@example.org', 'lead']]);
    expect(to('delay_reported', 'raised')).toEqual([
      ['t@example.org', 'lead+cooperating'],
      ['ts@example.org', 'cooperating'],
    ]);
    expect(to('overdue', 'repeated')).toEqual([
      ['office@example.org', 'office'],
      ['t@example.org', 'lead'],
    ]);
    expect(to('overdue', 'escalated')).toEqual([
      ['esc@example.org', 'escalation'],
      ['office@example.org', 'office'],
      ['t@example.org', 'lead'],
    ]);
    expect(to('target_lowered', 'raised').map(([e]) => e)).toEqual(['office@example.org', 't@example.org']);
  });
});

describe('alert settings', () => {
  it('defaults, and every bad variable named at once', () => {
    expect(loadAlertsConfig({})).toMatchObject({
      dueSoonDays: [30, 7],
      overdueRepeatDays: 7,
      escalationDays: 14,
      mailMaxAttempts: 8,
      mailBackoffMs: 60_000,
    });
    expect(loadAlertsConfig({ ALERT_CONTACTS_FILE: '' }).contactsFile).toBeUndefined();
    expect(() =>
      loadAlertsConfig({
        ALERT_RULES_DISABLED: 'overdue,nope',
        ALERT_MAIL_MAX_ATTEMPTS: '0',
        ALERT_DUE_SOON_DAYS: 'x',
      }),
    ).toThrow(/ALERT_DUE_SOON_DAYS[\s\S]*ALERT_RULES_DISABLED: "nope"[\s\S]*ALERT_MAIL_MAX_ATTEMPTS/);
  });
});
