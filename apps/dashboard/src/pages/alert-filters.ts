import type { Unit } from '../api/types';
import { ALERT_LEVEL_LABELS_ZH, ALERT_RULE_ZH, ALERT_STATE_LABELS_ZH } from '../labels';

/** The filters of 预警 (URL query names, the API's), in the form's order. */
export const ALERT_FILTERS = ['state', 'rule', 'level', 'unit'] as const;
export type AlertFilterName = (typeof ALERT_FILTERS)[number];
export type AlertFilters = Record<AlertFilterName, string>;

/** Each filter's name, in the form and in the printed list's line of filters in force. */
export const ALERT_FILTER_LABELS: { readonly [F in AlertFilterName]: string } = {
  state: '状态',
  rule: '规则',
  level: '级别',
  unit: '单位',
};

/** The value the form shows for '' (no filter). */
export const ALL = '全部';

const named = (labels: Readonly<Record<string, string>>, v: string): string => labels[v] ?? v;

/** Every filter as a person reads it on the form (`状态：待处理`, `规则：全部`…): a printed list says what it shows. */
export function alertFiltersInForce(f: AlertFilters, units: readonly Unit[]): string[] {
  const shown: { readonly [F in AlertFilterName]: (v: string) => string } = {
    state: (v) => named(ALERT_STATE_LABELS_ZH, v),
    rule: (v) => named(ALERT_RULE_ZH, v),
    level: (v) => named(ALERT_LEVEL_LABELS_ZH, v),
    unit: (v) => units.find((u) => u.id === v)?.name ?? v,
  };
  return ALERT_FILTERS.map((k) => `${ALERT_FILTER_LABELS[k]}：${f[k] === '' ? ALL : shown[k](f[k])}`);
}
