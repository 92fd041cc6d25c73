import { ConfigError } from '../config/env-reader';
import { DEFAULT_SERVICE_SETTINGS, loadServiceSettings, stopDeadlineMs } from './service-settings';

describe('loadServiceSettings', () => {
  it('has defaults: a 5 s shutdown grace, a 10 s bound on a request statement', () => {
    expect(loadServiceSettings({})).toEqual(DEFAULT_SERVICE_SETTINGS);
    expect(DEFAULT_SERVICE_SETTINGS).toEqual({ shutdownGraceMs: 5000, queryTimeoutMs: 10_000 });
  });

  it('reads SHUTDOWN_GRACE_MS and DATABASE_QUERY_TIMEOUT_MS (0: no bound)', () => {
    expect(loadServiceSettings({ SHUTDOWN_GRACE_MS: '2000', DATABASE_QUERY_TIMEOUT_MS: '0' })).toEqual({
      shutdownGraceMs: 2000,
      queryTimeoutMs: 0,
    });
  });

  it('names every bad value', () => {
    try {
      loadServiceSettings({ SHUTDOWN_GRACE_MS: 'soon', DATABASE_QUERY_TIMEOUT_MS: '9999999' });
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual([
        'SHUTDOWN_GRACE_MS: "soon" is not a whole number (expected 0–120000)',
        'DATABASE_QUERY_TIMEOUT_MS: 9999999 is out of range (expected 0–600000)',
      ]);
    }
  });

  it('a stop may take the grace, the longest step already begun (an SMTP send) and 20 s more before exit 1', () => {
    expect(stopDeadlineMs(DEFAULT_SERVICE_SETTINGS)).toBe(25_000);
    // A 30 s SMTP send that began just before SIGTERM, then recording it: never cut off midway.
    expect(stopDeadlineMs(DEFAULT_SERVICE_SETTINGS, 30_000)).toBe(55_000);
  });
});
