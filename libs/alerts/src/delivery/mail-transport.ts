import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTransport } from 'nodemailer';
import type { AppConfig } from '@app/platform';
import type { AlertsConfig } from '../config/alerts-config';

/** A message as the sender hands it to a transport. Addresses come from contacts, never from text. */
export interface OutgoingMail {
  readonly deliveryId: string;
  readonly createdAt: Date;
  readonly from: string;
  readonly envelopeFrom: string;
  readonly to: { readonly name: string; readonly address: string };
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
}

export interface MailTransport {
  /** Where it goes, for logs (`smtp://host:port` without credentials, or the mail folder). */
  readonly describe: string;
  /** `cutOff` (the service stopping) ends a send under way: it fails like any other and stays in the outbox. */
  send(mail: OutgoingMail, cutOff?: AbortSignal): Promise<void>;
  close(): void;
}

function message(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: [{ name: mail.to.name, address: mail.to.address }],
    // The SMTP envelope is set explicitly: RCPT TO is this one address whatever the headers say.
    envelope: { from: mail.envelopeFrom, to: [mail.to.address] },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: mail.createdAt,
    headers: { 'X-PM-Delivery': mail.deliveryId, 'Auto-Submitted': 'auto-generated' },
    // MIME boundaries from the delivery id instead of random bytes: the same mail renders to the same bytes
    // (but for its Date), so a replay can be checked against what was sent.
    baseBoundary: mail.deliveryId.replace(/[^0-9a-f]/gi, ''),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * Real SMTP (SMTP_URL), one connection per message (a restarted server is simply reconnected to). `timeoutMs`
 * bounds each step (connection, greeting, every reply): a slow server that makes progress is waited for. A send
 * is cut off by `cutOff` (the sender's: `timeoutMs` after the service began to stop, so a server slow at every step
 * cannot hold the stop past its deadline) or by `close()`; it fails like any other (retried after the backoff).
 * Cut off while the server's reply to the message was still due, the server may have taken it: the retry sends it
 * again with the same Message-ID (at-least-once, as SMTP is).
 */
export class SmtpMailTransport implements MailTransport {
  readonly describe: string;
  private readonly transport;
  private readonly closing = new AbortController();

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    const u = new URL(url);
    this.describe = `${u.protocol}//${u.host}`;
    this.transport = createTransport({
      url,
      pool: false,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(mail: OutgoingMail, cutOff?: AbortSignal): Promise<void> {
    const signal = cutOff ? AbortSignal.any([cutOff, this.closing.signal]) : this.closing.signal;
    let info;
    try {
      info = await this.transport.sendMail({ ...message(mail), signal });
    } catch (e) {
      if (!signal.aborted) throw e;
      throw new Error(
        this.closing.signal.aborted
          ? 'SMTP send cut off: the transport was closed'
          : `SMTP send cut off: not finished ${this.timeoutMs} ms after the service began to stop (ALERT_SMTP_TIMEOUT_MS)`,
        { cause: e },
      );
    }
    if (info.rejected.length > 0) {
      throw new Error(`recipient rejected: ${info.rejected.map(String).join(', ')}`);
    }
  }

  close(): void {
    this.closing.abort();
    this.transport.close();
  }
}

const renderer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

/** The message as it goes out (LF line ends; SMTP sends the same with CRLF). */
export async function renderMail(mail: OutgoingMail): Promise<Buffer> {
  const raw = (await renderer.sendMail(message(mail))).message;
  if (!Buffer.isBuffer(raw)) throw new Error('stream transport returned no buffer');
  return raw;
}

/** No SMTP_URL: each mail is an `.eml` file under `DATA_DIR/mail` (written atomically; a resend overwrites it). */
export class EmlFileTransport implements MailTransport {
  readonly describe: string;

  constructor(private readonly dir: string) {
    this.describe = dir;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const raw = await renderMail(mail);
    fs.mkdirSync(this.dir, { recursive: true });
    const stamp = mail.createdAt
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const file = path.join(this.dir, `${stamp}-${mail.deliveryId}.eml`);
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, raw);
    fs.renameSync(tmp, file);
  }

  close(): void {
    // nothing held open
  }
}

export function createMailTransport(config: AppConfig, alerts: AlertsConfig): MailTransport {
  return config.smtpUrl
    ? new SmtpMailTransport(config.smtpUrl, alerts.smtpTimeoutMs)
    : new EmlFileTransport(path.join(config.dataDir, 'mail'));
}
