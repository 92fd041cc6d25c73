import type { Section, Unit } from '../api/types';
import { HEALTH_MEANINGS_ZH, MILESTONE_LIFECYCLE_LABELS_ZH, SCHEDULE_LABELS_ZH } from '../labels';

/** The filters of 里程碑 (URL query names, the API's), in the form's order. */
export const FILTERS = [
  'zone',
  'district',
  'unit',
  'role',
  'section',
  'year',
  'lifecycle',
  'schedule',
  'health',
  'q',
] as const;
export type FilterName = (typeof FILTERS)[number];
export type Filters = Record<FilterName, string>;

/** Each filter's name, in the form and in the printed list's line of filters in force. */
export const FILTER_LABELS: { readonly [F in FilterName]: string } = {
  zone: '功能区',
  district: '市（区）',
  unit: '责任单位',
  role: '单位角色',
  section: '板块',
  year: '年度',
  lifecycle: '办理状态',
  schedule: '进度状态',
  health: '健康度',
  q: '搜索',
};

export const ROLE_LABELS: Readonly<Record<string, string>> = { lead: '牵头', cooperating: '配合' };

const named = (labels: Readonly<Record<string, string>>, v: string): string => labels[v] ?? v;

/** The filters in force as a person reads them (`健康度：红…`), with the names the form shows for the codes. */
export function filtersInForce(
  f: Filters,
  ref: { readonly units: readonly Unit[]; readonly sections: readonly Section[] },
): string[] {
  const shown: { readonly [F in FilterName]: (v: string) => string } = {
    zone: (v) => v,
    district: (v) => v,
    unit: (v) => ref.units.find((u) => u.id === v)?.name ?? v,
    role: (v) => named(ROLE_LABELS, v),
    section: (v) => {
      const s = ref.sections.find((x) => String(x.no) === v);
      return s ? `${s.numeral}、${s.title}` : v;
    },
    year: (v) => v,
    lifecycle: (v) => named(MILESTONE_LIFECYCLE_LABELS_ZH, v),
    schedule: (v) => named(SCHEDULE_LABELS_ZH, v),
    health: (v) => named(HEALTH_MEANINGS_ZH, v),
    q: (v) => `“${v}”`,
  };
  return FILTERS.filter((k) => f[k] !== '').map((k) => `${FILTER_LABELS[k]}：${shown[k](f[k])}`);
}
