/** Alert levels and states people see named (no imports: the browser bundles it). Rule names are the rules' own. */

export const ALERT_LEVELS = ['info', 'warning', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const ALERT_LEVEL_LABELS_ZH: { readonly [L in AlertLevel]: string } = {
  info: '提示',
  warning: '预警',
  critical: '严重',
};

/** open → acknowledged (stops repeats and escalation) → resolved (the condition cleared). */
export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const ALERT_STATE_LABELS_ZH: { readonly [S in AlertState]: string } = {
  open: '待处理',
  acknowledged: '已确认',
  resolved: '已解除',
};
