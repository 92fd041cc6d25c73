import { randomUUID } from 'node:crypto';
import type { ConsumerRunner } from '@app/event-store';
import { beginShutdown, loadConfig } from '@app/platform';
import { loadAlertsConfig } from '../config/alerts-config';
import { ALERTS_NOTIFIER } from '../notifier/alerts-notifier.consumer';
import type { AlertRobotSender } from '../robots/robot-sender';
import type { AlertScanService } from '../scan/alert-scan.service';
import { useMailSender } from '../testing/alerts-int-fixture';
import { AlertsBackground } from './alerts-background';

jest.setTimeout(60_000);

/**
 * The background round (the notifier's process) under SIGTERM: the process's stop signal alone, before the
 * application closes, cuts the send under way off ALERT_SMTP_TIMEOUT_MS later and starts nothing new.
 */
describe('alert delivery in the background when the process begins to stop (real SMTP, real PostgreSQL)', () => {
  const TIMEOUT_MS = 2400;
  const rig = useMailSender(TIMEOUT_MS);

  it('cuts the send under way off ALERT_SMTP_TIMEOUT_MS after SIGTERM; the mails stay pending, the second untried', async () => {
    const { ds, smtp, sender } = rig;
    await ds.query('DELETE FROM alert_deliveries');
    const ids = [randomUUID(), randomUUID()];
    for (const [i, id] of ids.entries()) {
      await ds.query(
        `INSERT INTO alert_deliveries (id, message_id, run_id, run_kind, as_of, recipient_email, recipient_name,
                                       subject, text_body, html_body, alert_ids, state, next_attempt_at, created_at)
         VALUES ($1, $2, 'run-1', 'scheduled', '2026-12-01', $3, 'x', 's', 't', 'h', '{}', 'pending', now(), now())`,
        [id, `<${id}@test>`, `unit-${i}@example.org`],
      );
    }
    smtp.stepDelayMs = 1200; // each mail would reach the server at about 3.6 s
    const robots = { deliverDue: jest.fn(async () => ({ sent: 0, alreadySent: 0, failed: 0, dead: 0 })) };
    const background = new AlertsBackground(
      { isActiveHere: (name: string) => name === ALERTS_NOTIFIER } as unknown as ConsumerRunner,
      sender,
      robots as unknown as AlertRobotSender,
      {} as AlertScanService,
      loadConfig({ SMTP_URL: smtp.url }),
      loadAlertsConfig({ ALERT_MAIL_POLL_MS: '10', ALERT_SMTP_TIMEOUT_MS: String(TIMEOUT_MS) }),
    );
    try {
      background.onApplicationBootstrap();
      await new Promise((r) => setTimeout(r, 300)); // the first send under way
      const stopped = Date.now();
      beginShutdown(); // SIGTERM (runServiceProcess); the application is not closed yet
      const rows = async () =>
        ds.query<{ attempts: number; last_error: string | null }[]>(
          `SELECT attempts, last_error FROM alert_deliveries WHERE state = 'pending'
           ORDER BY last_error IS NULL, attempts DESC`,
        );
      // Settled: the cut row has its error and the untried one was given back (two updates, one after the other).
      const settled = (r: { attempts: number; last_error: string | null }[]) =>
        r[0]?.last_error != null && r[1]?.attempts === 0;
      while (!settled(await rows()) && Date.now() - stopped < TIMEOUT_MS + 3000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(Date.now() - stopped).toBeLessThan(TIMEOUT_MS + 1500);
      const [cut, untried] = await rows();
      expect(cut).toMatchObject({ attempts: 1 });
      expect(cut?.last_error).toMatch(/not finished 2400 ms after the service began to stop/);
      expect(untried).toEqual({ attempts: 0, last_error: null });
      expect(smtp.received).toHaveLength(0);
    } finally {
      await background.beforeApplicationShutdown();
    }
  });
});
