export { AcknowledgeAlertService } from './acknowledge/acknowledge-alert.service';
export { AlertsModule } from './alerts.module';
export { loadAlertsConfig } from './config/alerts-config';
export { ContactsService } from './contacts/contacts.service';
export { contactsTag, robotsTag } from './contacts/list-tag';
export { AlertMailSender } from './delivery/alert-mail-sender';
export { longestSendMs } from './delivery/alerts-background';
export { type OutboxMailRow, renderOutboxMail } from './delivery/outbox-mail';
export { OUTBOX_CHANNELS } from './delivery/outbox-rows';
export { ALERT_EVENTS, ALERT_LEVELS, ALERT_STATES, ALERT_STREAM_PREFIX } from './domain/alert.events';
export { type Contact, CONTACT_SCOPES } from './domain/recipients';
export { ALERT_RULE_LABELS_ZH, ALERT_RULES, type AlertRule, isAlertRule } from './domain/rules/index';
export { ALERTS_MONITOR } from './monitor/alerts-monitor.consumer';
export { ALERTS_NOTIFIER } from './notifier/alerts-notifier.consumer';
export {
  type AlertPage,
  type AlertView,
  DELIVERY_STATES,
  type DeliveryState,
  type DeliveryView,
} from './queries/alert-views';
export { AlertQueries } from './queries/alert.queries';
export { AlertRobotSender } from './robots/robot-sender';
export { ROBOT_KINDS, type RobotKind } from './robots/robot-webhook';
export { RobotsService, type RobotView } from './robots/robots.service';
export { AlertScanService, type ScanResult } from './scan/alert-scan.service';
