import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** A mail as a real SMTP server received it: the envelope, the raw message and the parsed message. */
export interface ReceivedMail {
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
  readonly raw: string;
  readonly parsed: ParsedMail;
  readonly messageId: string;
}

/**
 * `accept`; `reject`: every recipient refused (550); `drop-after-data`: the whole message is read, then the
 * connection is closed without a reply (the server did not take it: the client must send it again).
 */
export type SmtpMode = 'accept' | 'reject' | 'drop-after-data';

/**
 * A real SMTP server on loopback (smtp-server) for tests: receives and parses every mail (mailparser),
 * can reject every recipient (`mode = 'reject'`) or drop the connection after the message (`drop-after-data`),
 * and can be stopped and started again on the same port (a mail server that is down for a while).
 */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  mode: SmtpMode = 'accept';
  /** Messages read in full and then dropped without a reply (`drop-after-data`). */
  dropped = 0;
  /**
   * A slow server: the greeting and the replies to MAIL FROM, RCPT TO and the message's end each wait this long
   * (every step inside any per-step timeout of the client, the whole exchange several times longer).
   */
  stepDelayMs = 0;
  private server: SMTPServer | undefined;

  private constructor(private port: number) {}

  static async start(): Promise<SmtpTestServer> {
    const s = new SmtpTestServer(0);
    await s.up();
    return s;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Starts listening (again, on the same port); a no-op while it listens. */
  async up(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      size: 10 * 1024 * 1024,
      onConnect: (_session: SMTPServerSession, cb: (err?: Error | null) => void) => this.slow(cb),
      onMailFrom: (
        _address: SMTPServerAddress,
        _session: SMTPServerSession,
        cb: (err?: Error | null) => void,
      ) => this.slow(cb),
      onRcptTo: (
        address: SMTPServerAddress,
        _session: SMTPServerSession,
        cb: (err?: Error | null) => void,
      ) => {
        if (this.mode === 'reject') {
          const err = new Error(`Mailbox unavailable: ${address.address}`) as Error & {
            responseCode: number;
          };
          err.responseCode = 550;
          cb(err);
          return;
        }
        this.slow(cb);
      },
      onData: (
        stream: SMTPServerDataStream,
        session: SMTPServerSession,
        cb: (err?: Error | null) => void,
      ) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.mode === 'drop-after-data') {
            this.dropped++;
            for (const c of server.connections) if (c.session === session) c.close();
            return; // no reply: the message was not accepted
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              const from = session.envelope.mailFrom;
              this.received.push({
                mailFrom: from === false ? '' : from.address,
                rcptTo: session.envelope.rcptTo.map((r) => r.address),
                raw,
                parsed,
                messageId: parsed.messageId ?? '',
              });
              this.slow(cb);
            })
            .catch((e: unknown) => cb(e instanceof Error ? e : new Error(String(e))));
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const addr = server.server.address();
    if (addr && typeof addr === 'object') this.port = addr.port;
    this.server = server;
  }

  private slow(cb: () => void): void {
    if (this.stepDelayMs > 0) setTimeout(cb, this.stepDelayMs);
    else cb();
  }

  /** Stops listening (connections are refused until `up()`). */
  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Received mails whose envelope goes to this address. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.rcptTo.includes(address));
  }

  clear(): void {
    this.received.length = 0;
    this.dropped = 0;
  }
}
