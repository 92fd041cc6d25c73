import { createHmac, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RobotKind } from '../robots/robot-webhook';

/** A message a robot took (errcode 0). */
export interface ReceivedRobotMessage {
  readonly kind: RobotKind;
  /** The DingTalk access token or the WeCom key it was posted to. */
  readonly robot: string;
  readonly body: {
    readonly msgtype: string;
    readonly markdown: { readonly title?: string; readonly text?: string; readonly content?: string };
  };
  /** DingTalk: the signed timestamp (ms), when signed. */
  readonly timestamp: number | null;
}

/**
 * `accept`; `http-503`: the service is down behind its gateway; `errcode`: HTTP 200 with errcode -1 (系统繁忙);
 * `rate-limit`: HTTP 200 with DingTalk's 130101 / WeCom's 45009.
 */
export type RobotServerMode = 'accept' | 'http-503' | 'errcode' | 'rate-limit';

/** DingTalk refuses a signature that is wrong or too old (more than an hour off its clock) with 310000. */
const SIGN_WINDOW_MS = 60 * 60 * 1000;

/**
 * A fake of the two robot webhooks on loopback, as strict as the real ones on what matters: DingTalk
 * `POST /robot/send?access_token=…[&timestamp=…&sign=…]` checks the token (300001), and for a robot with a
 * secret the HMAC-SHA256 signature of `timestamp\nsecret` and the timestamp window (310000); WeCom
 * `POST /cgi-bin/webhook/send?key=…` checks the key (93000) and the 4096-byte markdown limit. Both want a JSON
 * markdown message. Can be stopped and started again on the same port.
 */
export class RobotTestServer {
  readonly received: ReceivedRobotMessage[] = [];
  /** Every refusal, as `<errcode or HTTP status> <why>`. */
  readonly refused: string[] = [];
  mode: RobotServerMode = 'accept';
  /** DingTalk robots: access token → secret (null: no 加签). */
  readonly dingtalk = new Map<string, string | null>();
  /** WeCom robots' keys. */
  readonly wecom = new Set<string>();
  private server: http.Server | undefined;

  private constructor(private port: number) {}

  static async start(): Promise<RobotTestServer> {
    const s = new RobotTestServer(0);
    await s.up();
    return s;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  dingtalkUrl(token: string): string {
    return `${this.base}/robot/send?access_token=${token}`;
  }

  wecomUrl(key: string): string {
    return `${this.base}/cgi-bin/webhook/send?key=${key}`;
  }

  clear(): void {
    this.received.length = 0;
    this.refused.length = 0;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.answer(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const reply = (errcode: number, errmsg: string): void => {
      if (errcode !== 0) this.refused.push(`${errcode} ${errmsg}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode, errmsg }));
    };
    const url = new URL(req.url ?? '/', this.base);
    const kind =
      url.pathname === '/robot/send' ? 'dingtalk' : url.pathname === '/cgi-bin/webhook/send' ? 'wecom' : null;
    if (req.method !== 'POST' || kind === null) {
      this.refused.push(`404 ${req.method} ${url.pathname}`);
      res.writeHead(404).end();
      return;
    }
    if (this.mode === 'http-503') {
      this.refused.push('503 down');
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    if (this.mode === 'errcode') return reply(-1, '系统繁忙');
    if (this.mode === 'rate-limit') {
      return kind === 'dingtalk' ? reply(130101, 'send too fast') : reply(45009, 'api freq out of limit');
    }
    let body: ReceivedRobotMessage['body'];
    try {
      body = JSON.parse(raw) as ReceivedRobotMessage['body'];
    } catch {
      return reply(40035, 'invalid json');
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json') || body?.msgtype !== 'markdown') {
      return reply(40035, 'invalid msgtype or content type');
    }
    if (kind === 'dingtalk') {
      const token = url.searchParams.get('access_token') ?? '';
      if (!this.dingtalk.has(token)) return reply(300001, 'token is not exist');
      const secret = this.dingtalk.get(token) ?? null;
      let timestamp: number | null = null;
      if (secret !== null) {
        timestamp = Number(url.searchParams.get('timestamp'));
        const sign = url.searchParams.get('sign') ?? '';
        if (!Number.isSafeInteger(timestamp) || Math.abs(Date.now() - timestamp) > SIGN_WINDOW_MS) {
          return reply(310000, 'sign not match, invalid timestamp');
        }
        const want = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest();
        const got = Buffer.from(sign, 'base64');
        if (got.length !== want.length || !timingSafeEqual(got, want)) return reply(310000, 'sign not match');
      }
      if (typeof body.markdown?.title !== 'string' || typeof body.markdown.text !== 'string') {
        return reply(40035, 'markdown title and text required');
      }
      this.received.push({ kind, robot: token, body, timestamp });
      return reply(0, 'ok');
    }
    const key = url.searchParams.get('key') ?? '';
    if (!this.wecom.has(key)) return reply(93000, 'invalid webhook url');
    const content = body.markdown?.content;
    if (typeof content !== 'string') return reply(40035, 'markdown content required');
    if (Buffer.byteLength(content, 'utf8') > 4096)
      return reply(40058, 'markdown.content exceed max length 4096');
    this.received.push({ kind, robot: key, body, timestamp: null });
    return reply(0, 'ok');
  }
}
