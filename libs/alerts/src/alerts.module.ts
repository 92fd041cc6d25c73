import { Logger, Module } from '@nestjs/common';
import { EventStoreModule } from '@app/event-store';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { PlansModule } from '@app/plans';
import { ALERTS_CONFIG, type AlertsConfig, loadAlertsConfig } from './config/alerts-config';
import { AlertAppender } from './monitor/alert-appender';
import { AlertsMonitor } from './monitor/alerts-monitor.consumer';
import { AlertsNotifier } from './notifier/alerts-notifier.consumer';
import { AlertScanService } from './scan/alert-scan.service';
import { AlertMailSender } from './delivery/alert-mail-sender';
import { AlertsBackground } from './delivery/alerts-background';
import { ContactsService } from './contacts/contacts.service';
import { AlertQueries } from './queries/alert.queries';
import { AcknowledgeAlertService } from './acknowledge/acknowledge-alert.service';
import { AlertRobotSender } from './robots/robot-sender';
import { RobotsService } from './robots/robots.service';
import { ResealRobotsOnStart } from './robots/reseal-robots';
import { SecretBox } from './robots/secret-box';
import { robotSecretBox } from './robots/secret-key-file';

/**
 * Slippage alerts: rules, alert streams, notifier, outbox, mail sender.
 *
 *   milestone events ─► AlertsMonitor (consumer: `alerts` read model + event-driven rules)
 *   AlertScanService (schedule, CLI, HTTP) ─► time-based rules at a date
 *        both append to `alert-<key>` streams, then AlertRunCompleted
 *   AlertsNotifier (consumer) ─► one digest per recipient per run into `alert_deliveries` (outbox)
 *        … and one message per 钉钉 / 企业微信 group robot of the units concerned, same outbox
 *   AlertMailSender ─► SMTP or .eml files; retries with backoff; dead letters
 *   AlertRobotSender ─► robot webhooks (signed for DingTalk); the same retries and dead letters
 *   SecretBox: the robots' webhooks and secrets encrypted at rest (SECRETS_KEY or DATA_DIR/keys/secrets.key);
 *        ResealRobotsOnStart rewrites plain-text or previous-key values under the current key
 */
@Module({
  imports: [EventStoreModule, PlansModule],
  providers: [
    { provide: ALERTS_CONFIG, useFactory: () => loadAlertsConfig() },
    {
      provide: SecretBox,
      inject: [APP_CONFIG, ALERTS_CONFIG],
      useFactory: (app: AppConfig, alerts: AlertsConfig) =>
        robotSecretBox(app.dataDir, alerts, new Logger('AlertRobots')),
    },
    ResealRobotsOnStart,
    AlertAppender,
    AlertsMonitor,
    AlertsNotifier,
    AlertScanService,
    AlertMailSender,
    AlertRobotSender,
    AlertsBackground,
    ContactsService,
    RobotsService,
    AlertQueries,
    AcknowledgeAlertService,
  ],
  exports: [
    ALERTS_CONFIG,
    AlertScanService,
    AlertMailSender,
    AlertRobotSender,
    ContactsService,
    RobotsService,
    AlertQueries,
    AcknowledgeAlertService,
  ],
})
export class AlertsModule {}
