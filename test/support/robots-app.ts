import type { DataSource } from 'typeorm';
import type { EventStore } from '@app/event-store';
import { RobotTestServer, SmtpTestServer } from '@app/alerts/testing';
import { startMailingApp } from './seeded-app';
import type { TestApp } from './test-app';
import { until } from './until';

/** A DingTalk 加签 secret as the console shows it. */
export const SECRET = 'SEC9f3c0d1e2b4a5968778695a4b3c2d1e0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4';

/** A robot message's outbox row. */
export interface RobotRow {
  id: string;
  channel: string;
  state: string;
  attempts: number;
  last_error: string | null;
  alert_ids: string[];
}

export interface RobotsApp {
  readonly t: TestApp;
  readonly ds: DataSource;
  readonly store: EventStore;
  readonly supervisor: string;
  readonly robots: RobotTestServer;
  readonly smtp: SmtpTestServer;
  /** The robot messages (not mails) of the alerts about `milestone`, by channel. */
  robotRows(milestone: string): Promise<RobotRow[]>;
  putRobots(unit: string, list: unknown[], token?: string): ReturnType<TestApp['request']>;
  close(): Promise<void>;
}

/**
 * The service mailing as `startMailingApp` does, with a fake of both robot webhooks on loopback (it checks the
 * token, the DingTalk 加签 signature and its timestamp window, and the WeCom key) and short backoffs to keep it
 * fast; once the plan catalogue knows the units.
 */
export async function startRobotsApp(): Promise<RobotsApp> {
  Object.assign(process.env, {
    ALERT_MAIL_BACKOFF_MS: '100',
    ALERT_MAIL_BACKOFF_MAX_MS: '400',
    ALERT_MAIL_MAX_ATTEMPTS: '6',
    ALERT_MAIL_POLL_MS: '50',
    ALERT_MAIL_LEASE_MS: '2000',
    ALERT_ROBOT_TIMEOUT_MS: '3000',
  });
  const robots = await RobotTestServer.start();
  const smtp = await SmtpTestServer.start();
  const { t, ds, store, supervisor } = await startMailingApp(smtp.url);
  await until(
    async () =>
      (await t.request('GET', '/api/v1/units/dept-transport/robots', { token: supervisor })).status === 200,
    'the plan catalogue knows the units',
  );
  return {
    t,
    ds,
    store,
    supervisor,
    robots,
    smtp,
    robotRows: (milestone) =>
      ds.query(
        `SELECT id::text, channel, state, attempts, last_error, alert_ids FROM alert_deliveries
          WHERE channel <> 'mail' AND EXISTS (SELECT 1 FROM unnest(alert_ids) a WHERE a LIKE '%' || $1 || '%')
          ORDER BY channel`,
        [milestone],
      ),
    putRobots: (unit, list, token) =>
      t.request('PUT', `/api/v1/units/${unit}/robots`, {
        body: { robots: list },
        ...(token ? { token } : {}),
      }),
    close: async () => {
      await t.close();
      await robots.down();
      await smtp.down();
    },
  };
}
