import { AlertError } from '../domain/alert.errors';
import { checkRobotWebhook, maskedRobot, robotKey } from './robot-webhook';

const DING = 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123';
const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';

const refusal = (f: () => unknown): { code: string; field: string | undefined } => {
  try {
    f();
  } catch (e) {
    if (e instanceof AlertError) return { code: e.code, field: e.field };
    throw e;
  }
  throw new Error('accepted');
};

describe('robot webhooks', () => {
  it('accepts the documented webhooks over https, and http only to loopback', () => {
    expect(checkRobotWebhook({ kind: 'dingtalk', url: DING, secret: 'SECabc' }, 'robots[0]')).toEqual({
      kind: 'dingtalk',
      url: DING,
      secret: 'SECabc',
    });
    expect(checkRobotWebhook({ kind: 'wecom', url: ` ${WECOM} ` }, 'robots[0]').url).toBe(WECOM);
    for (const host of ['127.0.0.1:8080', 'localhost:9', '[::1]:8080']) {
      expect(
        checkRobotWebhook({ kind: 'wecom', url: `http://${host}/cgi-bin/webhook/send?key=k` }, 'r').url,
      ).toBe(`http://${host}/cgi-bin/webhook/send?key=k`);
    }
  });

  it.each([
    ['plain http to another host', 'dingtalk', 'http://oapi.dingtalk.com/robot/send?access_token=abc'],
    ['http to a private address', 'dingtalk', 'http://192.168.1.5/robot/send?access_token=abc'],
    ['not a URL', 'dingtalk', 'oapi.dingtalk.com/robot/send'],
    ['another scheme', 'wecom', 'ftp://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k'],
    ['no token', 'dingtalk', 'https://oapi.dingtalk.com/robot/send'],
    ['the other kind’s path', 'dingtalk', WECOM],
    [
      'the other kind’s parameter',
      'wecom',
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?access_token=k',
    ],
    ['a sign of its own', 'dingtalk', `${DING}&timestamp=1&sign=x`],
    ['credentials in the URL', 'wecom', 'https://u:p@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k'],
    ['a token with spaces', 'dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=a%20b'],
  ] as const)('refuses %s with ROBOT_URL_INVALID naming the entry', (_, kind, url) => {
    expect(refusal(() => checkRobotWebhook({ kind, url }, 'robots[1]'))).toEqual({
      code: 'ROBOT_URL_INVALID',
      field: 'robots[1].url',
    });
  });

  it('takes a secret only for DingTalk, of visible ASCII', () => {
    expect(
      refusal(() => checkRobotWebhook({ kind: 'wecom', url: WECOM, secret: 'SECx' }, 'robots[0]')),
    ).toEqual({
      code: 'ROBOT_SECRET_INVALID',
      field: 'robots[0].secret',
    });
    expect(
      refusal(() => checkRobotWebhook({ kind: 'dingtalk', url: DING, secret: '加签' }, 'robots[2]')).field,
    ).toBe('robots[2].secret');
    expect(checkRobotWebhook({ kind: 'dingtalk', url: DING, secret: null }, 'r').secret).toBeNull();
  });

  it('shows the token and the secret masked; keys the robot by a hash of its URL', () => {
    expect(maskedRobot({ kind: 'dingtalk', url: DING, secret: 'SEC0123456789abcdef' })).toEqual({
      kind: 'dingtalk',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=0123****0123',
      secret: 'SEC****',
    });
    expect(
      maskedRobot({ kind: 'wecom', url: 'http://127.0.0.1:1/cgi-bin/webhook/send?key=short', secret: null }),
    ).toEqual({ kind: 'wecom', url: 'http://127.0.0.1:1/cgi-bin/webhook/send?key=****', secret: null });
    expect(maskedRobot({ kind: 'dingtalk', url: DING, secret: 'abc' }).secret).toBe('****');
    expect(robotKey('dingtalk', DING)).toMatch(/^dingtalk:[0-9a-f]{32}$/);
    expect(robotKey('dingtalk', DING)).toBe(robotKey('dingtalk', DING));
    expect(robotKey('dingtalk', DING)).not.toContain('0123456789abcdef0123');
  });
});
