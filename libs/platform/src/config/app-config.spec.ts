import { ConfigError, loadConfig } from './app-config';

const problems = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
};

describe('loadConfig', () => {
  it('counts the plan’s days in Asia/Shanghai, and refuses another time zone instead of half-honouring it', () => {
    expect(loadConfig({}).planTimeZone).toBe('Asia/Shanghai');
    expect(loadConfig({ TZ_PLAN: 'Asia/Shanghai' }).planTimeZone).toBe('Asia/Shanghai');
    expect(problems({ TZ_PLAN: 'Europe/Paris' })).toEqual([
      'TZ_PLAN: "Europe/Paris" is not supported: the plan\'s calendar is Asia/Shanghai (leave TZ_PLAN unset)',
    ]);
  });

  it('names every bad setting at once', () => {
    expect(problems({ PORT: 'eighty', TZ_PLAN: 'Mars/Base' })).toEqual([
      expect.stringContaining('PORT'),
      expect.stringContaining('TZ_PLAN'),
    ]);
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names; never from everyone', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.168.1.7' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.168.1.7',
    ]);
    for (const bad of ['true', 'loopback,10.0.0.0/33', 'proxy.example.org', '99']) {
      expect([bad, problems({ TRUST_PROXY: bad })]).toEqual([bad, [expect.stringContaining('TRUST_PROXY')]]);
    }
  });
});
