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
});
