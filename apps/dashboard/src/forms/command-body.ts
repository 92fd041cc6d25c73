/** The body a command form sends, by its kind (the field names are the API's). */
import type { CommandKind } from '../api/endpoints';

export interface CommandDraft {
  percent: string | number;
  narrative: string;
  forecastDate: string;
  reason: string;
  completedOn: string;
  newDueDate: string;
  metric: string;
  newTarget: string | number;
  note: string;
  occurredAt: string;
  actuals: Record<string, string | number>;
  evidence: { name: string; sha256: string }[];
}

export function emptyDraft(completedOn: string): CommandDraft {
  return {
    percent: '',
    narrative: '',
    forecastDate: '',
    reason: '',
    completedOn,
    newDueDate: '',
    metric: '',
    newTarget: '',
    note: '',
    occurredAt: '',
    actuals: {},
    evidence: [],
  };
}

/** The indicator values filled in, in the order of `metrics` (errors come back by index). */
export function filledActuals(
  f: CommandDraft,
  metrics: readonly string[],
): { metric: string; actual: number }[] {
  return metrics
    .filter((m) => f.actuals[m] !== undefined && f.actuals[m] !== '')
    .map((m) => ({ metric: m, actual: Number(f.actuals[m]) }));
}

export function commandBody(
  kind: CommandKind,
  f: CommandDraft,
  metrics: readonly string[],
  assignment: string | undefined,
): Record<string, unknown> {
  const b: Record<string, unknown> = {};
  const actuals = filledActuals(f, metrics);
  switch (kind) {
    case 'progress':
      b['percent'] = f.percent === '' ? null : Number(f.percent);
      b['narrative'] = f.narrative;
      if (f.forecastDate) b['forecastDate'] = f.forecastDate;
      if (f.reason) b['reason'] = f.reason;
      if (actuals.length) b['indicatorActuals'] = actuals;
      if (f.evidence.length) b['evidence'] = f.evidence;
      break;
    case 'delays':
      b['reason'] = f.reason;
      b['forecastDate'] = f.forecastDate;
      break;
    case 'completion':
      b['completedOn'] = f.completedOn;
      b['narrative'] = f.narrative;
      b['evidence'] = f.evidence;
      if (actuals.length) b['indicatorActuals'] = actuals;
      break;
    case 'acceptance':
      if (f.note) b['note'] = f.note;
      break;
    case 'return':
    case 'cancellation':
      b['reason'] = f.reason;
      break;
    case 'rebaseline':
      b['newDueDate'] = f.newDueDate;
      b['reason'] = f.reason;
      break;
    case 'indicator-target':
      b['metric'] = f.metric;
      b['newTarget'] = f.newTarget === '' ? null : Number(f.newTarget);
      b['reason'] = f.reason;
      break;
  }
  if (assignment) b['assignment'] = assignment;
  // datetime-local is a plan-calendar wall time (Asia/Shanghai).
  if (f.occurredAt)
    b['occurredAt'] = `${f.occurredAt.length === 16 ? `${f.occurredAt}:00` : f.occurredAt}+08:00`;
  return b;
}
