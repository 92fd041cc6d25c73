import { renderOutboxMail, type OutboxMailRow } from '@app/alerts';
import { waitFor } from '../support/service-process';
import { copyEvents, withoutDate } from '../support/replay';
import { compareTables } from './harness/compare';
import { MAIL_FROM } from './harness/context';
import { defineFault, seconds, Tally } from './harness/fault';
import { AnswerLog, createToken } from './harness/http';
import { codeOf, keyedCommands, milestoneIds, runKeyedLoad, verifyKeyed } from './harness/keyed-load';
import { consumerLag, outboxCounts, raiseAlerts } from './harness/mail';

/**
 * F9: a service takes reports and raises alerts (mails sent to a real SMTP server); its events are copied into a
 * fresh database and a new service started there. It must build the same read models, render the same mails
 * (byte for byte but for Date) and send none of them again.
 */
export default defineFault({
  id: 'F9',
  title: 'replay into a fresh database',
  timeoutMs: 240_000,
  run: async (ctx) => {
    const t = new Tally();
    const smtp = await ctx.smtp();
    const dbA = await ctx.database();
    const first = ctx.service('f9-first', await ctx.serviceEnv(dbA, { SMTP_URL: smtp.url }));
    await first.ready();
    const a = await ctx.pg(dbA.url);
    const token = await createToken(first.baseUrl, 'supervisor', '督查室');
    const commands = keyedCommands('F9', 300, await milestoneIds(a));
    const answers = await runKeyedLoad({
      commands,
      lanes: 8,
      token,
      base: () => first.baseUrl,
      deadlineMs: 60_000,
    });
    const log = new AnswerLog();
    await raiseAlerts(first.baseUrl, token, log);
    await waitFor(
      async () => {
        const c = await outboxCounts(a);
        return (
          (await consumerLag(a)) === 0 && c.total > 0 && c.pending === 0 && smtp.received.length >= c.total
        );
      },
      120_000,
      'first service: everything projected and sent',
    );
    await first.stop();
    await verifyKeyed(a, commands, answers, t);
    const sent = new Map(smtp.received.map((m) => [m.messageId, m.raw]));
    smtp.clear();

    const dbB = await ctx.migratedDatabase();
    const events = await copyEvents(dbA.url, dbB.url);
    const b = await ctx.pg(dbB.url);
    const started = Date.now();
    const replay = ctx.service('f9-replay', await ctx.serviceEnv(dbB, { SMTP_URL: smtp.url }));
    await replay.ready();
    await waitFor(
      async () => (await consumerLag(b)) === 0 && (await outboxCounts(b)).total === sent.size,
      120_000,
      'replay caught up',
    ).catch((e: unknown) => t.problem('unexpected', String(e)));
    t.recoverySeconds = seconds(Date.now() - started);
    await new Promise((r) => setTimeout(r, 1500)); // a mail sent again would arrive within a few sender polls
    for (const m of smtp.received) t.problem('dup', `mail ${m.messageId} sent again by the replay`);
    const rows = await compareTables(a, b, t);

    const outbox = (
      await b.query<OutboxMailRow>(
        `SELECT id::text, message_id, recipient_email, recipient_name, subject, text_body, html_body, created_at
           FROM alert_deliveries`,
      )
    ).rows;
    for (const row of outbox) {
      const raw = sent.get(row.message_id);
      if (raw === undefined) continue; // counted by the table comparison
      if (withoutDate(await renderOutboxMail(row, MAIL_FROM)) !== withoutDate(raw)) {
        t.problem('unexpected', `mail ${row.message_id} renders differently after the replay`);
      }
    }
    const appended = await b.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM events WHERE global_position > $1 GROUP BY type`,
      [events],
    );
    t.note(`${events} events, ${rows} read-model rows, ${sent.size} mails compared`);
    if (appended.rows.length > 0) {
      t.note(`the replay appended ${appended.rows.map((r) => `${r.n} ${r.type}`).join(', ')}`);
    }
    t.fiveXx = log.fiveXx;
    for (const x of log.unexpected([200])) t.problem('unexpected', `HTTP ${x.status} ${codeOf(x.text)}`);
    await replay.stop();
    return t.result();
  },
});
