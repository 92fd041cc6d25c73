import { addressOf, bodyText, domainOf, escapeHtml, headerText, isSafeEmail } from './mail-safety';
import { audiencesFor, recipientsFor, type Contact } from '../domain/recipients';
import { loadAlertsConfig } from '../config/alerts-config';

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
      replyWorkingDays: 3,
    });
    expect(loadAlertsConfig({ ALERT_CONTACTS_FILE: '' }).contactsFile).toBeUndefined();
    expect(() =>
      loadAlertsConfig({
        ALERT_RULES_DISABLED: 'overdue,nope',
        ALERT_MAIL_MAX_ATTEMPTS: '0',
        ALERT_DUE_SOON_DAYS: 'x',
        ALERT_REPLY_WORKING_DAYS: '0',
      }),
    ).toThrow(
      /ALERT_DUE_SOON_DAYS[\s\S]*ALERT_RULES_DISABLED: "nope"[\s\S]*ALERT_MAIL_MAX_ATTEMPTS[\s\S]*ALERT_REPLY_WORKING_DAYS/,
    );
  });
});
