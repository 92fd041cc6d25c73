import type { IsoDate } from '@app/platform';
import type { MilestoneEvent } from '@app/milestones';
import type { AlertEpisode } from '../alert';
import type { AlertRaisedData, AlertReason } from '../alert.events';
import type { AlertSubject, Condition, RuleSettings, SubjectAsOf } from '../subject';

/** A milestone event as the event-driven rules read it: decoded, with its stream version. */
export type TriggerEvent = MilestoneEvent & { readonly version: number };

/**
 * One alert rule. A rule is time-based (`scan`: what holds for an assignment at a date) or event-driven
 * (`onEvent`: what one milestone event brings to an assignment), and says when its alert clears. Adding a rule
 * means one file like this and one line in the registry (`./index.ts`).
 */
export interface AlertRuleDefinition {
  readonly labelZh: string;
  /** Who hears about it besides the lead units: the cooperating units, the supervising office (督查室). */
  readonly copies: { readonly cooperating: boolean; readonly office: boolean };
  readonly scan?: (x: AlertSubject, asOf: IsoDate, cfg: RuleSettings) => Condition[];
  /** `before` is the assignment just before the event (undefined when the event created it). */
  readonly onEvent?: (before: AlertSubject | undefined, after: AlertSubject, t: TriggerEvent) => Condition[];
  /**
   * The date-dependent part of a raised alert (days overdue, days left, days silent, progress against the
   * expectation…) told as of another day by the rule's one wording, from the stable facts it was raised with and
   * `at`, its assignment as of that day (null when unknown: a standing item, or not on the board then). The read
   * side shows an open alert so as of the list's date. Absent: as raised.
   */
  /** `restate` reads the assignment as of the day (`at`): the list looks it up for this rule's alerts only. */
  readonly restatesFromSubject?: true;
  readonly restate?: (
    raised: AlertRaisedData,
    on: IsoDate,
    at: SubjectAsOf | null,
    cfg: RuleSettings,
  ) => Pick<AlertRaisedData, 'reasons' | 'facts'>;
  /**
   * The figures quote facts that change by events without clearing the condition (a new value of the indicator,
   * still short): the monitor records them as they change (AlertRestated, from the day of the event, in the words
   * `scan` gives that day), and the list tells an unresolved alert by what was said by its date.
   */
  readonly restatedOnEvents?: true;
  /** Why the alert's condition no longer holds for the assignment at `asOf`, or null while it does. */
  readonly cleared: (
    e: AlertEpisode,
    x: AlertSubject,
    asOf: IsoDate,
    cfg: RuleSettings,
  ) => AlertReason | null;
}

/** The discriminator part of an alert key (`<rule>:<subject>:<disc>`). */
export function discOf(e: Pick<AlertEpisode, 'key'>): string {
  return e.key.split(':')[2] ?? '';
}
