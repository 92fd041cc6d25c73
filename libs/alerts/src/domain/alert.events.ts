import { EventCodec, shape } from '@app/event-store';
import type { AlertLevel } from '@app/milestones/labels';
import type { IsoDate } from '@app/platform';
import type { AlertRule } from './rules';

/**
 * Alert events: past-tense facts in the stream `alert-<key>`, one stream per alert condition (rule, milestone
 * or one of its assignments, discriminator). A stream holds one or more episodes: a condition that cleared (resolved) and came back later
 * is raised again as the next episode. Every transition of an episode has a deterministic event id, so raising,
 * repeating, escalating or resolving the same thing twice is a no-op (or an id conflict that is skipped).
 */

export {
  ALERT_LEVEL_LABELS_ZH,
  ALERT_LEVELS,
  ALERT_STATE_LABELS_ZH,
  ALERT_STATES,
  type AlertLevel,
  type AlertState,
} from '@app/milestones/labels';

/** A reason, for people (zh-CN and English), with the figures behind it. */
export interface AlertReason {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/** What an alert says about its milestone when it is raised (so a mail needs nothing else). */
export interface AlertMilestoneSnapshot {
  readonly milestoneId: string;
  readonly taskNo: number;
  readonly taskTitle: string;
  readonly text: string;
  readonly dueDate: IsoDate;
  readonly baselineDueDate: IsoDate;
  /** 牵头单位 */
  readonly leadUnits: readonly string[];
  /** 配合单位 */
  readonly cooperatingUnits: readonly string[];
  /**
   * The assignment (承办事项) the alert is about, when the milestone has several: then `leadUnits` are that
   * assignment's (the unit that is late) and `dueDate` is its due date. Absent for a milestone with one.
   */
  readonly assignment?: string;
  /** Set when the subject is a standing item (常态化, no due date): `milestoneId` is then the item's id. */
  readonly standing?: true;
}

export interface AlertRaisedData {
  readonly alertId: string;
  readonly key: string;
  readonly episode: number;
  readonly rule: AlertRule;
  readonly level: AlertLevel;
  /** The date the condition was found to hold (a scan's date, or the day the triggering fact happened). */
  readonly asOf: IsoDate;
  readonly reasons: readonly AlertReason[];
  readonly milestone: AlertMilestoneSnapshot;
  /** The milestone event that raised it (event-driven rules), as `<streamVersion>`. */
  readonly trigger?: { readonly version: number; readonly occurredAt: string; readonly type: string };
  /** Rule-specific figures (due date, forecast date, days overdue, metric…). */
  readonly facts: Readonly<Record<string, string | number | null>>;
}

/** The weekly reminder of an overdue alert that is neither acknowledged nor resolved. */
export interface AlertRepeatedData {
  readonly alertId: string;
  readonly episode: number;
  readonly occurrence: number;
  readonly asOf: IsoDate;
  readonly daysOverdue: number;
}

/** Sent to the escalation contacts after N days overdue without acknowledgement. */
export interface AlertEscalatedData {
  readonly alertId: string;
  readonly episode: number;
  readonly asOf: IsoDate;
  readonly daysOverdue: number;
  readonly afterDays: number;
}

/**
 * The figures of an unresolved alert changed with the facts it quotes (a new indicator value reported since it was
 * raised): what it says from `asOf` on, in its rule's one wording, as read through version `version` of the
 * milestone's stream. No mail: the list tells it (`restatedOnEvents` rules).
 */
export interface AlertRestatedData {
  readonly alertId: string;
  readonly episode: number;
  readonly asOf: IsoDate;
  readonly version: number;
  readonly reasons: readonly AlertReason[];
  readonly facts: Readonly<Record<string, string | number | null>>;
}

export interface AlertAcknowledgedData {
  readonly alertId: string;
  readonly episode: number;
  readonly by: {
    readonly tokenId: string;
    readonly tokenName: string;
    readonly role: string;
    readonly unit?: string;
  };
  readonly note?: string;
}

export interface AlertResolvedData {
  readonly alertId: string;
  readonly episode: number;
  readonly asOf: IsoDate;
  readonly reason: AlertReason;
}

/**
 * One run of the monitor (a scan at a date, or a batch of milestone events) that has something to tell:
 * the notifier turns it into one digest per recipient. It lists the alert events to notify.
 */
export interface AlertRunCompletedData {
  readonly runId: string;
  readonly kind: 'scan' | 'events';
  readonly asOf: IsoDate;
  readonly notify: readonly string[];
}

export interface AlertEventDataByType {
  AlertRaised: AlertRaisedData;
  AlertRepeated: AlertRepeatedData;
  AlertEscalated: AlertEscalatedData;
  AlertAcknowledged: AlertAcknowledgedData;
  AlertResolved: AlertResolvedData;
  AlertRestated: AlertRestatedData;
}
export type AlertEventType = keyof AlertEventDataByType;

export type AlertEvent = {
  [T in AlertEventType]: { readonly type: T; readonly data: AlertEventDataByType[T] };
}[AlertEventType];

const episodeOf = { alertId: 'string', episode: 'number' } as const;

/** The alert event union as stored (streams `alert-<key>`): each payload checked on reading. */
export const ALERT_EVENTS = new EventCodec<AlertEventDataByType>('alert', {
  AlertRaised: shape({
    ...episodeOf,
    key: 'string',
    rule: 'string',
    level: 'string',
    asOf: 'string',
    reasons: 'array',
    milestone: 'object',
    trigger: 'object?',
    facts: 'object',
  }),
  AlertRepeated: shape({ ...episodeOf, occurrence: 'number', asOf: 'string', daysOverdue: 'number' }),
  AlertEscalated: shape({ ...episodeOf, asOf: 'string', daysOverdue: 'number', afterDays: 'number' }),
  AlertAcknowledged: shape({ ...episodeOf, by: 'object', note: 'string?' }),
  AlertResolved: shape({ ...episodeOf, asOf: 'string', reason: 'object' }),
  AlertRestated: shape({
    ...episodeOf,
    asOf: 'string',
    version: 'number',
    reasons: 'array',
    facts: 'object',
  }),
});

export const ALERT_RUN_COMPLETED = 'AlertRunCompleted';

/** The monitor's runs (stream `alert-runs`). */
export const ALERT_RUN_EVENTS = new EventCodec<{ [ALERT_RUN_COMPLETED]: AlertRunCompletedData }>(
  'alert run',
  {
    [ALERT_RUN_COMPLETED]: shape({ runId: 'string', kind: 'string', asOf: 'string', notify: 'array' }),
  },
);
export const ALERT_RUNS_STREAM = 'alert-runs';
export const ALERT_STREAM_PREFIX = 'alert-';

/**
 * The key of a condition: `<rule>:<subject>:<discriminator>` (ASCII, no slash). The subject is the milestone id,
 * or `<milestoneId>@<assignment>` for one assignment of several (`<itemId>@<unit>` for a standing item).
 */
export function alertKey(rule: AlertRule, subject: string, disc: string): string {
  return `${rule}:${subject}:${disc}`;
}

export function alertStreamId(key: string): string {
  return `${ALERT_STREAM_PREFIX}${key}`;
}

/** The id of one episode of a condition: `<key>:<episode>`. */
export function alertId(key: string, episode: number): string {
  return `${key}:${episode}`;
}

/** Deterministic event-id names of the transitions of an episode. */
export const alertEventName = {
  raised: (key: string, episode: number) => `alert/${key}/${episode}/raised`,
  repeated: (key: string, episode: number, occurrence: number) =>
    `alert/${key}/${episode}/repeated/${occurrence}`,
  escalated: (key: string, episode: number) => `alert/${key}/${episode}/escalated`,
  resolved: (key: string, episode: number) => `alert/${key}/${episode}/resolved`,
  restated: (key: string, episode: number, on: IsoDate, version: number) =>
    `alert/${key}/${episode}/restated/${on}/${version}`,
  run: (notify: readonly string[]) => `alert-run/${[...notify].sort().join(',')}`,
};
