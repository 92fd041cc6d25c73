import type { SmtpTestServer } from '@app/alerts/testing';
import { waitFor } from '../../support/service-process';
import type { FaultContext } from './context';
import { seconds, Tally, type FaultResult } from './fault';
import { AnswerLog, createToken } from './http';
import { codeOf } from './keyed-load';
import { checkMails, consumerLag, outboxCounts, raiseAlerts } from './mail';

/**
 * A mail server that misbehaves while alerts are raised, then recovers: every queued digest must be accepted
 * exactly once afterwards (by Message-ID), none dead-lettered. The fault lasts until every queued mail has
 * failed at least once; recovery is the time from `repair` until the outbox is drained.
 */
export async function runMailOutage(
  ctx: FaultContext,
  name: string,
  fault: {
    readonly break: (smtp: SmtpTestServer) => Promise<void>;
    readonly repair: (smtp: SmtpTestServer) => Promise<void>;
  },
): Promise<FaultResult> {
  const t = new Tally();
  const smtp = await ctx.smtp();
  const db = await ctx.database();
  const svc = ctx.service(name, await ctx.serviceEnv(db, { SMTP_URL: smtp.url }));
  await svc.ready();
  const pg = await ctx.pg(db.url);
  const token = await createToken(svc.baseUrl, 'supervisor', '督查室');

  await fault.break(smtp);
  const log = new AnswerLog();
  await raiseAlerts(svc.baseUrl, token, log);
  await waitFor(
    async () => {
      if ((await consumerLag(pg)) > 0) return false;
      const { total } = await outboxCounts(pg);
      const r = await pg.query<{ n: number }>(
        'SELECT coalesce(min(attempts), 0)::int AS n FROM alert_deliveries',
      );
      return total > 0 && r.rows[0]!.n >= 2; // every mail failed at least once (its second claim came after)
    },
    90_000,
    'every queued mail hit by the fault',
  );
  const queued = (await outboxCounts(pg)).total;
  t.note(
    `${queued} mails queued during the fault${smtp.dropped > 0 ? `, ${smtp.dropped} transmissions dropped` : ''}`,
  );
  const repaired = Date.now();
  await fault.repair(smtp);
  await waitFor(
    async () => (await outboxCounts(pg)).pending === 0 && smtp.received.length >= queued,
    90_000,
    'outbox drained',
  ).catch((e: unknown) => t.problem('lost', String(e)));
  t.recoverySeconds = seconds(Date.now() - repaired);
  // A duplicate would come within a few polls of the sender.
  await new Promise((r) => setTimeout(r, 1000));
  await checkMails(pg, smtp, t);
  t.fiveXx = log.fiveXx;
  for (const a of log.unexpected([200])) t.problem('unexpected', `HTTP ${a.status} ${codeOf(a.text)}`);
  await svc.stop();
  return t.result();
}
