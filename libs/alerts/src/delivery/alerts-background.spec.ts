import { loadAlertsConfig } from '../config/alerts-config';
import { longestSendMs } from './alerts-background';

describe('longestSendMs (what a stop waits for: the send under way)', () => {
  it('covers the SMTP timeout by default, and a longer robot timeout', () => {
    expect(longestSendMs(loadAlertsConfig({}))).toBe(30_000);
    expect(
      longestSendMs(loadAlertsConfig({ ALERT_SMTP_TIMEOUT_MS: '5000', ALERT_ROBOT_TIMEOUT_MS: '45000' })),
    ).toBe(45_000);
  });
});
