import * as path from 'node:path';
import { validateCronExpression } from 'cron';
import { EnvReader, projectRoot, type Env } from '@app/platform';
import { ALERT_RULES } from '../domain/rules';
import type { SecretKey } from '../robots/secret-box';
import { readSecretKeys } from '../robots/secret-settings';

/**
 * Settings of the alerts pipeline. Parsed once from the environment (like AppConfig), with defaults;
 * every problem is reported at once as a ConfigError.
 */
export interface AlertsConfig {
  /** Cron expression of the time-based scan, in the plan's time zone (ALERT_SCHEDULE). */
  readonly schedule: string;
  /** Due-soon reminders this many calendar days before the due date, largest first (ALERT_DUE_SOON_DAYS). */
  readonly dueSoonDays: readonly number[];
  /** Overdue alerts repeat every this many days until resolved or acknowledged; 0 = never (ALERT_OVERDUE_REPEAT_DAYS). */
  readonly overdueRepeatDays: number;
  /** Escalate an unacknowledged overdue alert after this many days overdue (ALERT_ESCALATION_DAYS). */
  readonly escalationDays: number;
  /** Rules switched off (ALERT_RULES_DISABLED, comma-separated rule ids). */
  readonly disabledRules: readonly string[];
  /** YAML file of contacts loaded at start when no contact exists yet; empty = none (ALERT_CONTACTS_FILE). */
  readonly contactsFile: string | undefined;
  /** Attempts before a mail is dead-lettered (ALERT_MAIL_MAX_ATTEMPTS). */
  readonly mailMaxAttempts: number;
  /** First retry delay; doubles per attempt (ALERT_MAIL_BACKOFF_MS). */
  readonly mailBackoffMs: number;
  /** Longest retry delay (ALERT_MAIL_BACKOFF_MAX_MS). */
  readonly mailBackoffMaxMs: number;
  /** How often the sender looks for due mails (ALERT_MAIL_POLL_MS). */
  readonly mailPollMs: number;
  /** Timeout of one post to a 钉钉 / 企业微信 group robot (ALERT_ROBOT_TIMEOUT_MS). */
  readonly robotTimeoutMs: number;
  /**
   * A claimed mail is not claimed again for this long (ALERT_MAIL_LEASE_MS): a sender that dies between
   * sending and marking sent leads to a resend (same Message-ID) after the lease.
   */
  readonly mailLeaseMs: number;
  /** SMTP connection, greeting and socket timeout; after the stop began, a send's limit (ALERT_SMTP_TIMEOUT_MS). */
  readonly smtpTimeoutMs: number;
  /**
   * The reply window a notice states (回复时限): this many working days (Monday–Friday except HOLIDAYS) after the
   * run's date (ALERT_REPLY_WORKING_DAYS).
   */
  readonly replyWorkingDays: number;
  /**
   * The key of the robots' webhooks and secrets at rest (SECRETS_KEY, base64 of 32 bytes); unset (embedded
   * database only): the key file `DATA_DIR/keys/secrets.key`, generated once.
   */
  readonly secretsKey: SecretKey | undefined;
  /** Earlier keys: still read, and their values rewritten under the current key at start (SECRETS_KEY_PREVIOUS). */
  readonly secretsKeysPrevious: readonly SecretKey[];
}

export const ALERTS_CONFIG = Symbol('ALERTS_CONFIG');

/** Parses the alert settings; throws ConfigError listing every bad variable. */
export function loadAlertsConfig(env: Env = process.env): AlertsConfig {
  const r = new EnvReader(env);
  const dueSoonDays = r.list('ALERT_DUE_SOON_DAYS', '30,7');
  if (dueSoonDays.some((s) => !/^\d{1,3}$/.test(s))) {
    r.problems.push(
      `ALERT_DUE_SOON_DAYS: "${r.raw('ALERT_DUE_SOON_DAYS')}" must be comma-separated whole numbers of days`,
    );
  }
  const disabledRules = r.list('ALERT_RULES_DISABLED');
  for (const rule of disabledRules) {
    if (!(ALERT_RULES as readonly string[]).includes(rule)) {
      r.problems.push(`ALERT_RULES_DISABLED: "${rule}" is not one of ${ALERT_RULES.join(', ')}`);
    }
  }
  const schedule = r.raw('ALERT_SCHEDULE') ?? '30 8 * * *';
  const cron = validateCronExpression(schedule);
  if (!cron.valid) {
    r.problems.push(
      `ALERT_SCHEDULE: "${schedule}" is not a cron expression (minute hour day month weekday, e.g. "30 8 * * *")` +
        (cron.error ? `: ${cron.error.message}` : ''),
    );
  }
  // Unset: the example file; set but blank: none.
  const contactsRaw = r.raw('ALERT_CONTACTS_FILE');
  const contactsFile = !r.isSet('ALERT_CONTACTS_FILE')
    ? path.join(projectRoot(), 'seeds/contacts.example.yaml')
    : contactsRaw === undefined
      ? undefined
      : path.resolve(contactsRaw);
  const config: AlertsConfig = {
    schedule,
    dueSoonDays: [...new Set(dueSoonDays.filter((s) => /^\d{1,3}$/.test(s)).map(Number))].sort(
      (a, b) => b - a,
    ),
    overdueRepeatDays: r.int('ALERT_OVERDUE_REPEAT_DAYS', 7, 0, 366),
    escalationDays: r.int('ALERT_ESCALATION_DAYS', 14, 1, 3660),
    disabledRules,
    contactsFile,
    mailMaxAttempts: r.int('ALERT_MAIL_MAX_ATTEMPTS', 8, 1, 100),
    mailBackoffMs: r.int('ALERT_MAIL_BACKOFF_MS', 60_000, 1, 86_400_000),
    mailBackoffMaxMs: r.int('ALERT_MAIL_BACKOFF_MAX_MS', 3_600_000, 1, 7 * 86_400_000),
    mailPollMs: r.int('ALERT_MAIL_POLL_MS', 2000, 10, 3_600_000),
    robotTimeoutMs: r.int('ALERT_ROBOT_TIMEOUT_MS', 10_000, 100, 600_000),
    mailLeaseMs: r.int('ALERT_MAIL_LEASE_MS', 300_000, 10, 86_400_000),
    smtpTimeoutMs: r.int('ALERT_SMTP_TIMEOUT_MS', 30_000, 100, 600_000),
    replyWorkingDays: r.int('ALERT_REPLY_WORKING_DAYS', 3, 1, 30),
    ...readSecretKeys(r),
  };
  return r.done(config);
}
