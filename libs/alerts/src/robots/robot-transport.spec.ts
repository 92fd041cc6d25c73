import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  dingtalkSign,
  judgeRobotAnswer,
  postToRobot,
  robotPayload,
  signedUrl,
  withoutCredentials,
} from './robot-transport';

const SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';

describe('DingTalk 加签 and the robots’ answers', () => {
  it('signs base64(HMAC-SHA256(secret, timestamp + "\\n" + secret)) (vector from openssl dgst -hmac)', () => {
    expect(dingtalkSign(SECRET, 1577262236757)).toBe('iu/1P7oPm5Ku4bIMyRW005M9vvZd6ixc26DazrvY5W0=');
  });

  it('adds timestamp and the URL-encoded sign to a DingTalk webhook with a secret, nothing otherwise', () => {
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=abc123';
    expect(signedUrl({ kind: 'dingtalk', url, secret: SECRET }, 1577262236757)).toBe(
      `${url}&timestamp=1577262236757&sign=iu%2F1P7oPm5Ku4bIMyRW005M9vvZd6ixc26DazrvY5W0%3D`,
    );
    expect(signedUrl({ kind: 'dingtalk', url, secret: null }, 1)).toBe(url);
    const wecom = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1';
    expect(signedUrl({ kind: 'wecom', url: wecom, secret: null }, 1)).toBe(wecom);
  });

  it('posts each kind’s documented markdown message', () => {
    const m = { title: '【督办提醒·严重】市交通运输局：1项预警', text: '#### 标题\n\n1. 事项' };
    expect(robotPayload('dingtalk', m)).toEqual({ msgtype: 'markdown', markdown: m });
    expect(robotPayload('wecom', m)).toEqual({ msgtype: 'markdown', markdown: { content: m.text } });
  });

  it('takes only errcode 0 as delivered; rate limits (130101, 45009, HTTP 429) as "later", not a strike', () => {
    expect(judgeRobotAnswer(200, '{"errcode":0,"errmsg":"ok"}')).toEqual({ ok: true });
    expect(judgeRobotAnswer(200, '{"errcode":310000,"errmsg":"sign not match"}')).toEqual({
      ok: false,
      rateLimited: false,
      error: 'errcode 310000: sign not match',
    });
    expect(judgeRobotAnswer(200, '{"errcode":130101,"errmsg":"send too fast"}')).toMatchObject({
      ok: false,
      rateLimited: true,
    });
    expect(judgeRobotAnswer(200, '{"errcode":45009,"errmsg":"api freq out of limit"}')).toMatchObject({
      rateLimited: true,
    });
    expect(judgeRobotAnswer(429, 'slow down')).toMatchObject({ ok: false, rateLimited: true });
    expect(judgeRobotAnswer(503, 'Service Unavailable')).toEqual({
      ok: false,
      rateLimited: false,
      error: 'HTTP 503: Service Unavailable',
    });
    expect(judgeRobotAnswer(200, '<html>gateway</html>')).toMatchObject({ ok: false, rateLimited: false });
    expect(judgeRobotAnswer(200, 'null')).toMatchObject({ ok: false, error: 'errcode undefined: ' });
  });

  it('a failure that quotes the webhook keeps neither its token nor its secret', () => {
    const w = {
      kind: 'dingtalk' as const,
      url: 'https://oapi.dingtalk.com/robot/send?access_token=abc123',
      secret: SECRET,
    };
    expect(withoutCredentials(`Failed to parse URL from ${w.url}&timestamp=1&sign=x (${SECRET})`, w)).toBe(
      'Failed to parse URL from https://oapi.dingtalk.com/robot/send?access_token=****&timestamp=1&sign=**** (****)',
    );
  });

  it('a failure that quotes the signed URL keeps neither the token nor the sign (as is or URL-encoded); the timestamp stays', () => {
    const w = {
      kind: 'dingtalk' as const,
      url: 'https://oapi.dingtalk.com/robot/send?access_token=abc123',
      secret: SECRET,
    };
    const at = 1577262236757;
    const sign = dingtalkSign(SECRET, at); // iu/1P7oPm5Ku4bIMyRW005M9vvZd6ixc26DazrvY5W0=
    const failure = `request to ${signedUrl(w, at)} failed, reason: bad sign ${sign}`;
    expect(withoutCredentials(failure, w, at)).toBe(
      'request to https://oapi.dingtalk.com/robot/send?access_token=****&timestamp=1577262236757&sign=**** ' +
        'failed, reason: bad sign ****',
    );
    // Any sign parameter, whatever timestamp it was made for (a retry's URL, a redirect quoted back).
    const other = `${w.url}&sign=${encodeURIComponent(dingtalkSign(SECRET, at + 1))}&timestamp=${at + 1}`;
    expect(withoutCredentials(`(${other})`, w)).toBe(
      `(https://oapi.dingtalk.com/robot/send?access_token=****&sign=****&timestamp=${at + 1})`,
    );
  });

  it('a stored URL that does not parse: replaced whole in the failure, and posting returns a failure', async () => {
    const w = { kind: 'wecom' as const, url: 'not a url key=wecom-secret-key', secret: 'SECRET-1' };
    expect(withoutCredentials(`Failed to parse URL from ${w.url} (SECRET-1)`, w)).toBe(
      'Failed to parse URL from **** (****)',
    );
    const outcome = await postToRobot(w, { title: 't', text: 'x' }, 1000);
    expect(outcome).toMatchObject({ ok: false, rateLimited: false });
    expect(JSON.stringify(outcome)).not.toMatch(/wecom-secret-key|SECRET-1/);
  });

  it('an answer that echoes the request (a proxy’s error page on loopback) is kept without token, secret or sign', async () => {
    let pad = '';
    const server = createServer((req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(`<h1>Bad gateway</h1>${pad} upstream failed for ${req.url}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const w = {
        kind: 'dingtalk' as const,
        url: `http://127.0.0.1:${port}/robot/send?access_token=echoedtoken0123456789`,
        secret: SECRET,
      };
      const now = 1_764_900_000_000;
      const outcome = await postToRobot(w, { title: 't', text: 'x' }, 2000, now);
      expect(outcome).toMatchObject({ ok: false, rateLimited: false });
      const error = (outcome as { error: string }).error;
      expect(error).toMatch(/^HTTP 502: .*access_token=\*\*\*\*.*timestamp=1764900000000&sign=\*\*\*\*/);
      expect(error).not.toContain('echoedtoken0123456789');
      expect(error).not.toContain(encodeURIComponent(dingtalkSign(SECRET, now)));
      // The answer is kept to 200 characters: one cut through the token leaves no part of it either.
      pad = '.'.repeat(125);
      const cut = (await postToRobot(w, { title: 't', text: 'x' }, 2000, now)) as { error: string };
      expect(cut.error).toContain('access_token=****');
      expect(cut.error).not.toContain('echoedtoken');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
