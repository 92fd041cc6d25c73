/** zh-CN labels of the API's codes (the API gives most labels too; these fill in where it does not). */

export const LIFECYCLE_ZH: Record<string, string> = {
  planned: '未开始',
  in_progress: '推进中',
  submitted: '待核验',
  accepted: '已销号',
  returned: '已退回',
  cancelled: '已取消',
  withdrawn: '已撤销',
};

export const SCHEDULE_ZH: Record<string, string> = {
  not_due: '未到期',
  due_soon: '即将到期',
  overdue: '已逾期',
  completed_on_time: '按期完成',
  completed_late: '逾期完成',
  cancelled: '已取消',
};

export const HEALTH_ZH: Record<string, string> = { red: '红', amber: '黄', green: '绿', grey: '灰' };
export const HEALTH_LONG_ZH: Record<string, string> = {
  red: '红灯（滞后或逾期）',
  amber: '黄灯（需关注）',
  green: '绿灯（正常）',
  grey: '灰灯（未按期报送或不评价）',
};
export const HEALTH_COLOURS = ['red', 'amber', 'green', 'grey'] as const;
export const HEALTH_HEX: Record<string, string> = {
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
] as const;
export const SCHEDULE_HEX: Record<string, string> = {
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
] as const;

export const ROLE_ZH: Record<string, string> = {
  admin: '系统管理员',
  supervisor: '督查室',
  reporter: '责任单位填报员',
  viewer: '只读用户',
};

export const ALERT_RULE_ZH: Record<string, string> = {
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
export const ALERT_STATE_ZH: Record<string, string> = {
  open: '待处理',
  acknowledged: '已确认',
  resolved: '已解除',
};
export const ALERT_LEVEL_ZH: Record<string, string> = { info: '提示', warning: '预警', critical: '严重' };

export const EVENT_FIELD_ZH: Record<string, string> = {
  percent: '进度',
  narrative: '情况说明',
  forecastDate: '预计完成日期',
  reason: '原因',
  completedOn: '完成日期',
  note: '意见',
  newDueDate: '新完成时限',
  previousDueDate: '原完成时限',
  metric: '指标',
  oldTarget: '原目标',
  newTarget: '新目标',
};

/** The milestone commands by their URL segment, as buttons name them. */
export const COMMAND_ZH: Record<string, string> = {
  progress: '填报进展',
  delays: '报告延期',
  completion: '提交完成',
  acceptance: '核验销号',
  return: '退回',
  rebaseline: '调整时限',
  'indicator-target': '调整指标目标',
  cancellation: '取消',
};

/** Labels of the command forms' fields: the forms and their messages take them from here. */
export const FORM_FIELD_ZH = {
  percent: '完成进度',
  narrative: '本期进展',
  completionNarrative: '完成情况',
  completedOn: '完成日期',
  forecastDate: '预计完成日期',
  newDueDate: '新的完成时限',
  metric: '指标',
  newTarget: '新的目标值',
  note: '核验意见',
  occurredAt: '发生时间',
  evidence: '佐证材料',
  delayReason: '延期原因',
  returnReason: '退回原因',
  adjustReason: '调整原因',
  cancelReason: '取消原因',
  decreaseReason: '进度下调原因',
} as const;

export const COMPARATOR_ZH: Record<string, string> = {
  '>=': '不少于',
  '<=': '不超过',
  '=': '达到',
  '~': '约',
  between: '区间',
};

export const YEARS = [2020, 2021, 2022] as const;

export function pct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(digits)}%`;
}

export function num(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toFixed(digits);
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
