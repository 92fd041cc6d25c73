/**
 * zh-CN labels of the API's codes. The server's maps come from `@app/milestones/labels` (one source for the API,
 * the reports and the dashboard); what is here is the dashboard's own: colours, display orders, form wording.
 */
export {
  ACTOR_ROLE_LABELS_ZH,
  ALERT_LEVEL_LABELS_ZH,
  ALERT_STATE_LABELS_ZH,
  HEALTH_COLOURS,
  HEALTH_LABELS_ZH,
  HEALTH_MEANINGS_ZH,
  MILESTONE_LIFECYCLE_LABELS_ZH,
  SCHEDULE_LABELS_ZH,
} from '@app/milestones/labels';
import type { HealthColour, MilestoneLifecycle, ScheduleState } from '@app/milestones/labels';
import type { operations } from './api/openapi';

/** The entry of a map for a code the API sent: `otherwise` (the code itself) for one this build does not know. */
export function labelOf(labels: object, code: string, otherwise = code): string {
  return (labels as Readonly<Record<string, string | undefined>>)[code] ?? otherwise;
}

export const HEALTH_HEX: Readonly<Record<HealthColour, string>> = {
  red: '#dc2626',
  amber: '#d97706',
  green: '#16a34a',
  grey: '#9ca3af',
};

export const SCHEDULE_ORDER = [
  'overdue',
  'due_soon',
  'not_due',
  'completed_late',
  'completed_on_time',
  'cancelled',
] as const satisfies readonly ScheduleState[];
export const SCHEDULE_HEX: Readonly<Record<ScheduleState, string>> = {
  overdue: '#dc2626',
  due_soon: '#f59e0b',
  not_due: '#93c5fd',
  completed_late: '#a855f7',
  completed_on_time: '#16a34a',
  cancelled: '#9ca3af',
};

export const LIFECYCLE_ORDER = [
  'planned',
  'in_progress',
  'returned',
  'submitted',
  'accepted',
  'cancelled',
  'withdrawn',
] as const satisfies readonly MilestoneLifecycle[];

/** The alert rules, as the API's document lists them for its `rule` filter. */
export type AlertRule = NonNullable<
  NonNullable<operations['AlertsController_list']['parameters']['query']>['rule']
>;

/**
 * The rules' names (the server's are the rules' own `labelZh`, which the alerts carry as `ruleZh`; the filter needs
 * them before any alert is loaded). Keyed by the document's enum: a new rule fails the type check until named here.
 */
export const ALERT_RULE_ZH: { readonly [R in AlertRule]: string } = {
  due_soon: '即将到期',
  overdue: '已逾期',
  behind_schedule: '进度滞后',
  forecast_after_due: '预计逾期完成',
  delay_reported: '报告延期',
  indicator_shortfall: '指标未达标',
  no_report: '未按期报送进展',
  due_date_moved_later: '完成时限后延',
  target_lowered: '指标目标下调',
};

/**
 * Labels of the command forms' fields that no form's table lists: every form has the time, and its shape says
 * whether evidence goes with it. The fields a form sends are named in `forms/command-shapes.ts`.
 */
export const FORM_FIELD_ZH = {
  occurredAt: '发生时间',
  evidence: '佐证材料',
} as const;

export const COMPARATOR_ZH: Record<string, string> = {
  '>=': '不少于',
  '<=': '不超过',
  '=': '达到',
  '~': '约',
  between: '区间',
};

export const YEARS = [2020, 2021, 2022] as const;

/** A value the API sent as text: strings as they are, numbers and booleans written out, others as JSON. */
/** The reasons of a health colour as one line (a badge's hover text, or written out where there is no hover). */
export function reasonsText(reasons: readonly { readonly zh: string }[]): string {
  return reasons.map((r) => r.zh).join('；');
}

export function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export function pct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(digits)}%`;
}

export function num(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toFixed(digits);
}

/** A whole number with thousands separators: `12345` → `12,345`. */
export function count(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return Math.round(x).toLocaleString('en-US');
}

/** A duration in seconds, roughly, in words: `45 秒`, `12 分钟`, `3 小时`, `2 天`. */
export function duration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} 秒`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)} 分钟`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)} 小时`;
  return `${Math.round(seconds / 86_400)} 天`;
}

/** `2021-03-05T02:00:00Z` → `2021-03-05 10:00` (Asia/Shanghai). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const f = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string): string => f.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The plan-calendar day of an instant. */
export function dayOf(iso: string): string {
  return dateTime(iso).slice(0, 10);
}

export function today(): string {
  return dayOf(new Date().toISOString());
}
