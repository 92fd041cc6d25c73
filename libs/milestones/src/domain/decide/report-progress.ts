import type { ReportProgress } from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { DecidedMilestoneEvent } from '../milestone.events';
import {
  NARRATIVE,
  optionalText,
  REASON,
  requiredText,
  validEvidence,
  validIndicatorActuals,
  validPercent,
} from '../milestone.validation';
import type { AssignmentState } from '../state/assignment';
import { forecastFrom, type Moment } from './moment';

/** The percent a report at `at` follows: the latest one before it (a backdated report slots in). */
function percentBefore(a: AssignmentState, at: Moment): number {
  const t = Date.parse(at.iso);
  const last = a.progress.at(-1);
  if (last === undefined || Date.parse(last.occurredAt) <= t) return a.percent ?? 0;
  return a.progress.filter((p) => Date.parse(p.occurredAt) <= t).at(-1)?.percent ?? 0;
}

export function reportProgress(
  c: ReportProgress,
  a: AssignmentState,
  scope: { assignment?: string },
  at: Moment,
): DecidedMilestoneEvent {
  const d = c.data;
  const percent = validPercent(d.percent, 'percent');
  const narrative = requiredText(d.narrative, 'narrative', NARRATIVE);
  const forecastDate = d.forecastDate === undefined ? undefined : forecastFrom(d.forecastDate, at);
  const metrics = a.indicators.map((i) => i.metric);
  const indicatorActuals =
    d.indicatorActuals === undefined
      ? undefined
      : validIndicatorActuals(d.indicatorActuals, 'indicatorActuals', metrics);
  const evidence = d.evidence === undefined ? undefined : validEvidence(d.evidence, 'evidence', false);
  const reason = optionalText(d.reason, 'reason', REASON);
  const previousPercent = percentBefore(a, at);
  if (percent < previousPercent && reason === undefined) {
    throw new MilestoneError(MilestoneErrorCode.PERCENT_DECREASE_REASON_REQUIRED, {
      field: 'reason',
      details: { previousPercent, percent },
    });
  }
  return {
    type: 'ProgressReported',
    data: {
      ...scope,
      percent,
      narrative,
      ...(forecastDate !== undefined ? { forecastDate } : {}),
      ...(indicatorActuals !== undefined && indicatorActuals.length > 0 ? { indicatorActuals } : {}),
      ...(evidence !== undefined && evidence.length > 0 ? { evidence } : {}),
      ...(reason !== undefined ? { reason } : {}),
    },
    occurredAt: at.iso,
    backdated: at.backdated,
  };
}
