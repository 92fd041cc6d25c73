export { AlertsModule } from './alerts.module';
export { ALERTS_CONFIG, loadAlertsConfig, type AlertsConfig } from './config/alerts-config';
export * from './domain/alert.events';
export { ALERT_RULES, ALERT_RULE_LABELS_ZH, isAlertRule, type AlertRule } from './domain/rules';
export { episodeState, foldAlertStream, type AlertEpisode } from './domain/alert';
export { AlertError, ALERT_ERRORS, type AlertErrorCode } from './domain/alert.errors';
export {
  AUDIENCES,
  AUDIENCE_LABELS_ZH,
  CONTACT_SCOPES,
  audiencesFor,
  recipientsFor,
  type Audience,
  type Contact,
  type ContactScope,
} from './domain/recipients';
export { AlertScanService, type ScanResult } from './scan/alert-scan.service';
export { AlertMailSender } from './delivery/alert-mail-sender';
export type { DeliveryRunResult, OutboxChannel } from './delivery/outbox-rows';
export { AlertRobotSender } from './robots/robot-sender';
export { RobotsService, type RobotInput, type RobotView } from './robots/robots.service';
export { ROBOT_KINDS, type RobotKind } from './robots/robot-webhook';
export { renderOutboxMail, type OutboxMailRow } from './delivery/outbox-mail';
export {
  ContactsService,
  CONTACT_GROUPS,
  parseContactsFile,
  type ContactInput,
} from './contacts/contacts.service';
export { AlertQueries } from './queries/alert.queries';
export {
  DELIVERY_STATES,
  type AlertFilter,
  type AlertPage,
  type AlertView,
  type DeliveryState,
  type DeliveryView,
} from './queries/alert-views';
export { AcknowledgeAlertService, type Acknowledger } from './acknowledge/acknowledge-alert.service';
export { ALERTS_MONITOR } from './monitor/alerts-monitor.consumer';
export { ALERTS_NOTIFIER } from './notifier/alerts-notifier.consumer';
export { milestoneLink } from './mail/digest.template';
export { headerText, isSafeEmail } from './mail/mail-safety';
