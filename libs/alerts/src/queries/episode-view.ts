import type { IsoDate } from '@app/platform';
import { episodeState, type AlertEpisode } from '../domain/alert';
import { figuresAsOf } from '../domain/alert-figures';
import { ALERT_LEVEL_LABELS_ZH, ALERT_STATE_LABELS_ZH } from '../domain/alert.events';
import { nextRepeatOn } from '../domain/evaluate';
import type { Figures } from '../domain/restate-log';
import { ALERT_RULE_LABELS_ZH } from '../domain/rules';
import type { RuleSettings, SubjectAsOf } from '../domain/subject';
import type { AlertsConfig } from '../config/alerts-config';
import { milestoneLink } from '../mail/digest.template';
import type { AlertView } from './alert-views';

/** What the view of an episode depends on besides the episode: the rules' settings and where links point. */
export interface ViewSettings {
  readonly rules: RuleSettings;
  readonly alerts: AlertsConfig;
  readonly baseUrl: string;
}

/**
 * An episode as the read side shows it, its figures (days overdue, days left…) as of `asOf`, restated from `at`,
 * its assignment as of then (null: unknown, as raised where that needs it), and from `said`, what its
 * restatements say then (`alert_restatements`; null: as raised).
 */
export function episodeView(
  s: ViewSettings,
  e: AlertEpisode,
  asOf: IsoDate,
  at: SubjectAsOf | null,
  said: Figures | null,
): AlertView {
  const state = episodeState(e);
  const m = e.raised.milestone;
  const { reasons, facts } = figuresAsOf(e, asOf, at, s.rules, said);
  return {
    id: e.alertId,
    key: e.key,
    episode: e.episode,
    rule: e.rule,
    ruleZh: ALERT_RULE_LABELS_ZH[e.rule],
    level: e.level,
    levelZh: ALERT_LEVEL_LABELS_ZH[e.level],
    state,
    stateZh: ALERT_STATE_LABELS_ZH[state],
    milestoneId: e.milestoneId,
    taskNo: m.taskNo,
    taskTitle: m.taskTitle,
    milestoneText: m.text,
    dueDate: m.dueDate,
    assignment: m.assignment ?? null,
    leadUnits: m.leadUnits,
    cooperatingUnits: m.cooperatingUnits,
    raisedOn: e.raisedOn,
    reasons,
    facts,
    repeats: e.repeats,
    lastNotifiedOn: e.lastNotifiedOn,
    nextRepeatOn: nextRepeatOn(e, s.alerts),
    escalatedOn: e.escalatedOn,
    acknowledged: e.acknowledged
      ? { at: e.acknowledged.at, by: e.acknowledged.by, note: e.acknowledged.note ?? null }
      : null,
    resolvedOn: e.resolvedOn,
    resolvedReason: e.resolvedReason,
    link: milestoneLink(s.baseUrl, e.milestoneId),
  };
}
