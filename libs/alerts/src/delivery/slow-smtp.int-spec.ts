import { randomUUID } from 'node:crypto';
import { beginShutdown } from '@app/platform';
import { resetShutdownForTests } from '@app/platform/testing';
import { useMailSender } from '../testing/alerts-int-fixture';

jest.setTimeout(60_000);

/**
 * A real SMTP server on loopback that answers every step slowly, each step inside ALERT_SMTP_TIMEOUT_MS: while the
 * service runs the send is waited for; once it stops, the send gets that timeout more (what the stop deadline
 * counts per send) and is cut off, the mail staying pending.
 */
describe('a mail sent to an SMTP server slow at every step (real SMTP, real PostgreSQL)', () => {
  const TIMEOUT_MS = 2400;
  const rig = useMailSender(TIMEOUT_MS);
  beforeEach(async () => {
    rig.smtp.clear();
    await rig.ds.query('DELETE FROM alert_deliveries');
  });

  async function pending(): Promise<string> {
    const id = randomUUID();
    await rig.ds.query(
      `INSERT INTO alert_deliveries (id, message_id, run_id, run_kind, as_of, recipient_email, recipient_name,
                                     subject, text_body, html_body, alert_ids, state, next_attempt_at, created_at)
       VALUES ($1, $2, 'run-1', 'scheduled', '2026-12-01', 'unit@example.org', 'x', 's', 't', 'h', '{}', 'pending',
               now(), now())`,
      [id, `<${id}@test>`],
    );
    return id;
  }
  const row = async (id: string) =>
    (
      await rig.ds.query<{ state: string; attempts: number; last_error: string | null }[]>(
        'SELECT state, attempts, last_error FROM alert_deliveries WHERE id = $1',
        [id],
      )
    )[0];
  /**
   * A round begun, then the process asked to stop while its one send is under way (SIGTERM: what runServiceProcess
   * calls); then, as for the next start of the service, a stop not yet begun.
   */
  async function roundStoppedDuringSend(): Promise<number> {
    const started = Date.now();
    const round = rig.sender.deliverDue(20);
    setTimeout(beginShutdown, 100);
    await round;
    const took = Date.now() - started;
    resetShutdownForTests();
    return took;
  }

  it('while the service runs, waits for a server slow at every step: the mail is sent once, on the first attempt', async () => {
    const { smtp, sender } = rig;
    // greeting, MAIL, RCPT and the message's end 1.2 s each: about 5 s in all, twice ALERT_SMTP_TIMEOUT_MS.
    smtp.stepDelayMs = 1200;
    const id = await pending();
    expect(await sender.deliverDue(20)).toEqual({ sent: 1, alreadySent: 0, failed: 0, dead: 0 });
    expect(smtp.received.map((m) => m.messageId)).toEqual([`<${id}@test>`]);
    expect(await row(id)).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('stopping, cuts the send off ALERT_SMTP_TIMEOUT_MS after the stop; the mail stays pending and is sent once the server answers', async () => {
    const { ds, smtp, sender } = rig;
    smtp.stepDelayMs = 1200; // the message would reach the server at about 3.6 s; the cut comes at about 2.5 s
    const id = await pending();
    const took = await roundStoppedDuringSend();
    expect(took).toBeLessThan(TIMEOUT_MS + 1500);
    expect(smtp.received).toHaveLength(0);
    expect(await row(id)).toMatchObject({ state: 'pending', attempts: 1 });
    expect((await row(id))?.last_error).toMatch(/not finished 2400 ms after the service began to stop/);

    smtp.stepDelayMs = 0;
    await ds.query('UPDATE alert_deliveries SET next_attempt_at = now()');
    expect(await sender.deliverDue()).toEqual({ sent: 1, alreadySent: 0, failed: 0, dead: 0 });
    expect(smtp.received.map((m) => m.messageId)).toEqual([`<${id}@test>`]);
    expect(await row(id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('cut off while the reply to the message is due: the server may have it, the retry sends it again with the same Message-ID', async () => {
    const { ds, smtp, sender } = rig;
    // The message reaches the server at about 2.1 s, its reply would come at 2.8 s: the send is cut at about 2.5 s.
    smtp.stepDelayMs = 700;
    const id = await pending();
    await roundStoppedDuringSend();
    expect(smtp.received).toHaveLength(1);
    expect(await row(id)).toMatchObject({ state: 'pending', attempts: 1 });

    smtp.stepDelayMs = 0;
    await ds.query('UPDATE alert_deliveries SET next_attempt_at = now()');
    await sender.deliverDue();
    expect(smtp.received.map((m) => m.messageId)).toEqual([`<${id}@test>`, `<${id}@test>`]);
    expect(await row(id)).toMatchObject({ state: 'sent', attempts: 2 });
  });
});
