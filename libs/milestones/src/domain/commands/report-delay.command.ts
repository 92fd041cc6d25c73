import type { IsoDate } from '@app/platform';
import { shape } from '@app/event-store';
import type { AssignmentScopedData } from '../milestone.commands';
import type { AssignmentScoped } from '../milestone.events';
import { REASON, requiredText } from '../milestone.validation';
import { forecastFrom } from '../decide/moment';
import type { AssignmentState } from '../state/assignment';
import { withForecast, withReport } from '../state/assignment-updates';
import { defineCommand, forOne, SCOPED } from './command-module';

/** 报告延期: the assignment will be late, why, and when it is now expected. */
export interface ReportDelayData extends AssignmentScopedData {
  readonly reason: string;
  /** YYYY-MM-DD */
  readonly forecastDate: string;
}

export interface DelayReportedData extends AssignmentScoped {
  readonly reason: string;
  readonly forecastDate: IsoDate;
}

export const reportDelay = defineCommand<'ReportDelay', ReportDelayData, 'DelayReported', DelayReportedData>({
  type: 'ReportDelay',
  policy: { supervisor: true, reporter: 'responsible', lifecycle: 'reportable', wide: false },
  decide: forOne((c, _a, scope, at, state) => {
    const reason = requiredText(c.data.reason, 'reason', REASON);
    const forecastDate = forecastFrom(c.data.forecastDate, at, state);
    return {
      type: 'DelayReported',
      data: { ...scope, reason, forecastDate },
      occurredAt: at.iso,
      backdated: at.backdated,
    };
  }),
  event: {
    type: 'DelayReported',
    labelZh: '报告延期',
    routing: 'reporter',
    decode: shape<DelayReportedData>({ ...SCOPED, reason: 'string', forecastDate: 'string' }),
    evolve: (a, event) => {
      const next: AssignmentState = {
        ...withReport(a, event.occurredAt),
        lifecycle: a.lifecycle === 'returned' ? 'in_progress' : a.lifecycle,
        delays: a.delays + 1,
        lastDelayReason: event.data.reason,
      };
      return withForecast(next, event.data.forecastDate, event.occurredAt);
    },
  },
});
