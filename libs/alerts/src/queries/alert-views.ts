import type { IsoDate } from '@app/platform';
import type { AlertLevel, AlertReason, AlertState } from '../domain/alert.events';
import type { AlertRule } from '../domain/rules';
import type { OutboxChannel } from '../delivery/outbox-rows';

/** What the alert read side answers: an alert (one episode), a page of them, a mail of the outbox. */
export interface AlertView {
  readonly id: string;
  readonly key: string;
  readonly episode: number;
  readonly rule: AlertRule;
  readonly ruleZh: string;
  readonly level: AlertLevel;
  readonly levelZh: string;
  readonly state: AlertState;
  readonly stateZh: string;
  readonly milestoneId: string;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly milestoneText: string;
  readonly dueDate: IsoDate;
  /** The assignment (承办事项) it concerns when the milestone has several (or the unit of a standing item). */
  readonly assignment: string | null;
  /** The lead units it goes to: the assignment's, when it names one. */
  readonly leadUnits: readonly string[];
  readonly cooperatingUnits: readonly string[];
  readonly raisedOn: IsoDate;
  readonly reasons: readonly AlertReason[];
  readonly facts: Readonly<Record<string, string | number | null>>;
  readonly repeats: number;
  readonly lastNotifiedOn: IsoDate;
  readonly nextRepeatOn: IsoDate | null;
  readonly escalatedOn: IsoDate | null;
  readonly acknowledged: {
    readonly at: string;
    readonly by: {
      readonly tokenId: string;
      readonly tokenName: string;
      readonly role: string;
      readonly unit?: string;
    };
    readonly note: string | null;
  } | null;
  readonly resolvedOn: IsoDate | null;
  readonly resolvedReason: AlertReason | null;
  readonly link: string;
}

export interface AlertFilter {
  readonly milestone?: string;
  readonly unit?: string;
  readonly rule?: AlertRule;
  readonly state?: AlertState;
  readonly level?: AlertLevel;
  /** Raised on or after. */
  readonly from?: IsoDate;
  /** Raised on or before. */
  readonly to?: IsoDate;
  readonly limit?: number;
  readonly offset?: number;
  /** YYYY-MM-DD: the alerts as they stood on that day (default: today, or knownAt's day). */
  readonly asOf?: string;
  /** ISO 8601 instant (or a date: its end): only transitions recorded by then (default: everything). */
  readonly knownAt?: string;
}

export interface AlertPage {
  /** The day the states, repeats and resolutions are judged at. */
  readonly asOf: IsoDate;
  /** Only what had been recorded by this instant; null = everything. */
  readonly knownAt: string | null;
  readonly total: number;
  readonly items: AlertView[];
}

export const DELIVERY_STATES = ['pending', 'sent', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryView {
  readonly id: string;
  /** `mail`, or a group robot (`dingtalk`, `wecom`): then `recipient.email` is the robot's key, naming no token. */
  readonly channel: OutboxChannel;
  readonly messageId: string;
  readonly runId: string;
  readonly runKind: string;
  readonly asOf: IsoDate;
  readonly recipient: { readonly name: string; readonly email: string };
  readonly subject: string;
  readonly alertIds: readonly string[];
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
  readonly deadAt: string | null;
}
