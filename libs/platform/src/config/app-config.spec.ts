import { loadConfig } from './app-config';
import { ConfigError } from './env-reader';

const problems = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env, { listens: true });
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

  it('limits evidence files to 20 MiB and wants them uploaded unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({
      evidenceMaxBytes: 20 * 1024 * 1024,
      evidenceRequireUpload: true,
      evidenceUnreferencedDays: 30,
    });
    expect(
      loadConfig({
        EVIDENCE_MAX_BYTES: '1048576',
        EVIDENCE_REQUIRE_UPLOAD: 'false',
        EVIDENCE_UNREFERENCED_DAYS: '7',
      }),
    ).toMatchObject({ evidenceMaxBytes: 1048576, evidenceRequireUpload: false, evidenceUnreferencedDays: 7 });
    expect(
      problems({
        EVIDENCE_MAX_BYTES: '20MB',
        EVIDENCE_REQUIRE_UPLOAD: 'maybe',
        EVIDENCE_UNREFERENCED_DAYS: '0',
      }),
    ).toEqual([
      expect.stringContaining('EVIDENCE_MAX_BYTES'),
      expect.stringContaining('EVIDENCE_REQUIRE_UPLOAD'),
      expect.stringContaining('EVIDENCE_UNREFERENCED_DAYS'),
    ]);
  });

  it('bounds slow HTTP clients: headers 20 s, a body 60 s, an evidence upload 15 min, idle 30 s, keep-alive 5 s', () => {
    expect(loadConfig({}).http).toEqual({
      headersMs: 20_000,
      requestMs: 60_000,
      uploadMs: 900_000,
      idleMs: 30_000,
      keepAliveMs: 5_000,
    });
    expect(
      loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '300', EVIDENCE_UPLOAD_TIMEOUT_MS: '3600000' }).http,
    ).toMatchObject({
      headersMs: 300,
      uploadMs: 3_600_000,
    });
    expect(
      problems({
        HTTP_HEADERS_TIMEOUT_MS: '0',
        HTTP_REQUEST_TIMEOUT_MS: '60s',
        EVIDENCE_UPLOAD_TIMEOUT_MS: '-1',
        HTTP_IDLE_TIMEOUT_MS: '99',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '600001',
      }),
    ).toEqual(
      [
        'HTTP_HEADERS_TIMEOUT_MS',
        'HTTP_REQUEST_TIMEOUT_MS',
        'EVIDENCE_UPLOAD_TIMEOUT_MS',
        'HTTP_IDLE_TIMEOUT_MS',
        'HTTP_KEEP_ALIVE_TIMEOUT_MS',
      ].map((name) => expect.stringContaining(name)),
    );
  });

  it('refuses a HOLIDAYS entry that is no calendar date (2021-02-30), naming it, as it does "foo"', () => {
    expect(loadConfig({ HOLIDAYS: '2021-10-01, 2024-02-29' }).holidays).toEqual(['2021-10-01', '2024-02-29']);
    expect(problems({ HOLIDAYS: '2021-10-01,2021-02-30,foo,2021-13-01' })).toEqual([
      'HOLIDAYS: "2021-02-30" is not a calendar date YYYY-MM-DD',
      'HOLIDAYS: "foo" is not a calendar date YYYY-MM-DD',
      'HOLIDAYS: "2021-13-01" is not a calendar date YYYY-MM-DD',
    ]);
  });

  it('refuses a HOST it could not listen on (a name that does not resolve, another machine’s address)', () => {
    expect(loadConfig({}).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    // Tried for real: a name under .invalid never resolves (RFC 2606); 192.0.2.1 is for documentation (RFC 5737).
    expect(problems({ HOST: 'notahost.invalid' })).toEqual([
      'HOST: "notahost.invalid" is not a name this machine can resolve (give one of its addresses, or 0.0.0.0 for all)',
    ]);
    expect(problems({ HOST: '192.0.2.1' })).toEqual([
      expect.stringMatching(/^HOST: 192.0.2.1 is not an address of/),
    ]);
    // A process that does not listen (the CLI on another machine with the service's settings) is not refused.
    expect(loadConfig({ HOST: '192.0.2.1' }).host).toBe('192.0.2.1');
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

  it('takes DATABASE_MIGRATION_URL (the schema owner) with an external DATABASE_URL only', () => {
    const owner = 'postgres://owner:secret@db.example.org/pm';
    const app = 'postgres://pm_app:secret@db.example.org/pm';
    expect(loadConfig({ DATABASE_URL: app, DATABASE_MIGRATION_URL: owner })).toMatchObject({
      databaseUrl: app,
      databaseMigrationUrl: owner,
    });
    expect(loadConfig({ DATABASE_URL: app }).databaseMigrationUrl).toBeUndefined();
    expect(problems({ DATABASE_MIGRATION_URL: owner })).toEqual([
      expect.stringMatching(/^DATABASE_MIGRATION_URL: needs DATABASE_URL/),
    ]);
    expect(problems({ DATABASE_URL: app, DATABASE_MIGRATION_URL: 'mysql://x/y' })).toEqual([
      expect.stringMatching(/^DATABASE_MIGRATION_URL: protocol "mysql:"/),
    ]);
  });
});
