import { AlertError } from '../domain/alert.errors';
import { planRobots, plannedKey, type StoredRobot } from './robot-list';
import { robotKey } from './robot-webhook';

const DING = 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123';
const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-key-0001';
const stored: StoredRobot[] = [
  {
    kind: 'dingtalk',
    url: 'enc:v1:aaaaaaaa:x',
    secret: 'enc:v1:aaaaaaaa:y',
    robot_key: robotKey('dingtalk', DING),
  },
  // stored under a key this process does not have: kept all the same
  {
    kind: 'wecom',
    url: 'enc:v1:00000000:z',
    secret: null,
    robot_key: 'wecom:0123456789abcdef0123456789abcdef',
  },
];
const [ding, lost] = stored.map((r) => r.robot_key) as [string, string];

const refusal = (f: () => unknown): { code: string; field: string | undefined } => {
  try {
    f();
  } catch (e) {
    if (e instanceof AlertError) return { code: e.code, field: e.field };
    throw e;
  }
  throw new Error('accepted');
};

describe('a unit’s new robot list: stored robots kept by key, webhooks given', () => {
  it('keeps stored robots as stored, at their place in the list, beside a new webhook', () => {
    const planned = planRobots(stored, [
      { key: lost },
      { kind: 'wecom', url: WECOM },
      { key: ding, kind: 'dingtalk' },
    ]);
    expect(planned.map(plannedKey)).toEqual([lost, robotKey('wecom', WECOM), ding]);
    expect(planned[0]).toEqual({ kept: stored[1] });
    expect(planned[2]).toEqual({ kept: stored[0] });
    expect(planned[1]).toEqual({
      webhook: { kind: 'wecom', url: WECOM, secret: null },
      key: robotKey('wecom', WECOM),
    });
    expect(planRobots(stored, [])).toEqual([]);
  });

  it('refuses an unknown key, a key of another kind, a key with a webhook, a robot twice: naming the entry', () => {
    const ok = { kind: 'wecom', url: WECOM } as const;
    for (const [entry, code, field] of [
      [{ key: 'wecom:ffffffffffffffffffffffffffffffff' }, 'ROBOT_KEY_UNKNOWN', 'robots[1].key'],
      [{ key: ding, kind: 'wecom' }, 'ROBOT_KEY_UNKNOWN', 'robots[1].key'],
      [{ key: ding, url: DING }, 'ROBOT_KEY_WITH_WEBHOOK', 'robots[1].key'],
      [{ key: ding, secret: 'SECabc' }, 'ROBOT_KEY_WITH_WEBHOOK', 'robots[1].key'],
      [{ kind: 'dingtalk' }, 'ROBOT_URL_INVALID', 'robots[1].url'],
    ] as const) {
      expect(refusal(() => planRobots(stored, [ok, entry]))).toEqual({ code, field });
    }
    expect(refusal(() => planRobots(stored, [{ key: ding }, ok, { key: ding }]))).toEqual({
      code: 'ROBOT_DUPLICATE',
      field: 'robots[2].key',
    });
    // the stored robot kept and given again by its webhook: the same robot twice
    expect(refusal(() => planRobots(stored, [{ key: ding }, { kind: 'dingtalk', url: DING }]))).toEqual({
      code: 'ROBOT_DUPLICATE',
      field: 'robots[1].url',
    });
    expect(refusal(() => planRobots(stored, [ok, ok]))).toEqual({
      code: 'ROBOT_DUPLICATE',
      field: 'robots[1].url',
    });
  });
});
