import type { IsoDate } from '@app/platform';
import { shape } from '@app/event-store';
import type { AssignmentScopedData } from '../milestone.commands';
import { MilestoneError, MilestoneErrorCode } from '../milestone.errors';
import type { AssignmentScoped, EvidenceRef, IndicatorActual } from '../milestone.events';
import {
  NARRATIVE,
  optionalText,
  REASON,
  requiredText,
  validEvidence,
  validIndicatorActuals,
  validPercent,
} from '../milestone.validation';
import { forecastFrom, type Moment } from '../decide/moment';
import type { AssignmentState } from '../state/assignment';
import { insertProgress, isLatest, withActuals, withForecast, withReport } from '../state/assignment-updates';
import { defineCommand, forOne, SCOPED } from './command-module';

/** 报告进展: how far an assignment has come. */
export interface ReportProgressData extends AssignmentScopedData {
  /** Whole percent, 0–100. */
  readonly percent: number;
  readonly narrative: string;
  /** YYYY-MM-DD */
  readonly forecastDate?: string;
  readonly indicatorActuals?: readonly IndicatorActual[];
  readonly evidence?: readonly EvidenceRef[];
  /** Required when the percent goes down. */
  readonly reason?: string;
}

export interface ProgressReportedData extends AssignmentScoped {
  /** Whole percent, 0–100. */
  readonly percent: number;
  readonly narrative: string;
  readonly forecastDate?: IsoDate;
  readonly indicatorActuals?: readonly IndicatorActual[];
  readonly evidence?: readonly EvidenceRef[];
  /** Present (and required) when the percent goes down. */
  readonly reason?: string;
}

/** The percent a report at `at` follows: the latest one before it (a backdated report slots in). */
function percentBefore(a: AssignmentState, at: Moment): number {
  const t = Date.parse(at.iso);
  const last = a.progress.at(-1);
  if (last === undefined || Date.parse(last.occurredAt) <= t) return a.percent ?? 0;
  return a.progress.filter((p) => Date.parse(p.occurredAt) <= t).at(-1)?.percent ?? 0;
}

export const reportProgress = defineCommand<
  'ReportProgress',
  ReportProgressData,
  'ProgressReported',
  ProgressReportedData
>({
  type: 'ReportProgress',
  policy: { supervisor: true, reporter: 'responsible', lifecycle: 'reportable', wide: false },
  decide: forOne((c, a, scope, at, state) => {
    const d = c.data;
    const percent = validPercent(d.percent, 'percent');
    const narrative = requiredText(d.narrative, 'narrative', NARRATIVE);
    const forecastDate = d.forecastDate === undefined ? undefined : forecastFrom(d.forecastDate, at, state);
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
  }),
  event: {
    type: 'ProgressReported',
    labelZh: '报告进展',
    routing: 'reporter',
    decode: shape<ProgressReportedData>({
      ...SCOPED,
      percent: 'number',
      narrative: 'string',
      forecastDate: 'string?',
      indicatorActuals: 'array?',
      evidence: 'array?',
      reason: 'string?',
    }),
    evolve: (a, event) => {
      const d = event.data;
      const latest = isLatest(event.occurredAt, a.progress.at(-1)?.occurredAt ?? null);
      const next: AssignmentState = {
        ...a,
        progress: insertProgress(a.progress, { occurredAt: event.occurredAt, percent: d.percent }),
        percent: latest ? d.percent : a.percent,
        lastNarrative: latest ? d.narrative : a.lastNarrative,
        lifecycle:
          (a.lifecycle === 'planned' && d.percent > 0) || a.lifecycle === 'returned'
            ? 'in_progress'
            : a.lifecycle,
      };
      return withActuals(
        withForecast(withReport(next, event.occurredAt), d.forecastDate, event.occurredAt),
        d.indicatorActuals,
        event.occurredAt,
      );
    },
  },
});
