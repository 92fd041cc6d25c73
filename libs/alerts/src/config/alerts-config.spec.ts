import { randomBytes } from 'node:crypto';
import { ConfigError } from '@app/platform';
import { loadAlertsConfig } from './alerts-config';

const problems = (env: Record<string, string>): readonly string[] => {
  try {
    loadAlertsConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('loadAlertsConfig', () => {
  it('has working defaults: a daily scan at 08:30, reminders 30 and 7 days ahead, weekly repeats', () => {
    expect(loadAlertsConfig({})).toMatchObject({
      schedule: '30 8 * * *',
      dueSoonDays: [30, 7],
      overdueRepeatDays: 7,
      escalationDays: 14,
      disabledRules: [],
    });
  });

  it('accepts any cron expression and refuses what is not one, naming the variable', () => {
    expect(loadAlertsConfig({ ALERT_SCHEDULE: '0 9 * * 1-5' }).schedule).toBe('0 9 * * 1-5');
    expect(problems({ ALERT_SCHEDULE: 'every morning' })).toEqual([
      expect.stringMatching(/^ALERT_SCHEDULE: "every morning" is not a cron expression/),
    ]);
    expect(problems({ ALERT_SCHEDULE: '61 8 * * *' })).toEqual([expect.stringMatching(/^ALERT_SCHEDULE/)]);
  });

  it('lists every bad setting at once', () => {
    expect(
      problems({
        ALERT_DUE_SOON_DAYS: '30,soon',
        ALERT_RULES_DISABLED: 'overdue,nope',
        ALERT_MAIL_POLL_MS: '1',
      }),
    ).toEqual([
      expect.stringMatching(/^ALERT_DUE_SOON_DAYS/),
      expect.stringMatching(/^ALERT_RULES_DISABLED: "nope"/),
      expect.stringMatching(/^ALERT_MAIL_POLL_MS/),
    ]);
  });

  it('words a bad number as the service’s own settings do (one parser: EnvReader)', () => {
    expect(problems({ ALERT_MAIL_POLL_MS: '1', ALERT_ESCALATION_DAYS: 'two weeks' })).toEqual([
      'ALERT_ESCALATION_DAYS: "two weeks" is not a whole number (expected 1–3660)',
      'ALERT_MAIL_POLL_MS: 1 is out of range (expected 10–3600000)',
    ]);
  });

  it('reads the example contacts when ALERT_CONTACTS_FILE is unset, and none when it is blank', () => {
    expect(loadAlertsConfig({}).contactsFile).toMatch(/seeds\/contacts\.example\.yaml$/);
    expect(loadAlertsConfig({ ALERT_CONTACTS_FILE: ' ' }).contactsFile).toBeUndefined();
  });

  it('SECRETS_KEY: the base64 of 32 bytes, never echoed; required with an external DATABASE_URL only', () => {
    const key = randomBytes(32).toString('base64');
    const previous = randomBytes(32).toString('base64');
    const c = loadAlertsConfig({
      SECRETS_KEY: key,
      SECRETS_KEY_PREVIOUS: previous,
      DATABASE_URL: 'postgres://h/db',
    });
    expect(c.secretsKey?.bytes.toString('base64')).toBe(key);
    expect(c.secretsKeysPrevious.map((k) => k.bytes.toString('base64'))).toEqual([previous]);
    expect(loadAlertsConfig({}).secretsKey).toBeUndefined();
    const short = randomBytes(16).toString('base64');
    const bad = problems({ SECRETS_KEY: short, SECRETS_KEY_PREVIOUS: `${previous},nope` });
    expect(bad).toEqual([
      expect.stringMatching(/^SECRETS_KEY: must be the base64 of 32 random bytes/),
      expect.stringMatching(/^SECRETS_KEY_PREVIOUS: entry 2 must be the base64 of 32 random bytes/),
    ]);
    expect(bad.join('\n')).not.toContain(short);
    expect(problems({ DATABASE_URL: 'postgres://h/db' })).toEqual([
      expect.stringMatching(/^SECRETS_KEY: required with an external DATABASE_URL/),
    ]);
  });
});
