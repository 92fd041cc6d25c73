import type { BoardRow } from '../../api/readModels';
import type { GroupStats } from '../../api/stats';
import { SCHEDULE_HEX, SCHEDULE_LABELS_ZH, SCHEDULE_ORDER, YEARS } from '../../labels';

/** 总览's charts (ECharts options): milestones by schedule state per group, and per zone and due year. */

const stackSeries = (groups: readonly GroupStats[]) =>
  SCHEDULE_ORDER.map((s) => ({
    name: SCHEDULE_LABELS_ZH[s],
    type: 'bar',
    stack: 'schedule',
    emphasis: { focus: 'series' },
    itemStyle: { color: SCHEDULE_HEX[s] },
    label: { show: true, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
    data: groups.map((g) => g.schedule[s]),
  }));

/** One stacked bar per group (a zone, a year) by schedule state. */
export function scheduleChart(
  groups: readonly GroupStats[],
  label: (g: GroupStats) => string = (g) => g.label,
) {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: groups.map(label) },
    yAxis: { type: 'value', name: '里程碑数' },
    series: stackSeries(groups),
  };
}

/** A year's name on the axis (a milestone counts in the year it is due). */
export const yearLabel = (y: GroupStats): string => (/年$/.test(y.label) ? y.label : `${y.label}年`);

/** Per zone and due year: on-time and late completions, and milestones overdue (from the board rows). */
export function zoneYearChart(zones: readonly string[], rows: readonly BoardRow[]) {
  const cell = (zone: string, year: number, s: string) =>
    rows.filter((r) => r.year === year && r.zones.includes(zone) && r.schedule === s).length;
  const kinds = ['completed_on_time', 'completed_late', 'overdue'] as const;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 50 },
    xAxis: {
      type: 'category',
      data: zones.flatMap((z) => YEARS.map((y) => `${z}\n${y}`)),
      axisLabel: { interval: 0, fontSize: 10 },
    },
    yAxis: { type: 'value', name: '里程碑数' },
    series: kinds.map((k) => ({
      name: SCHEDULE_LABELS_ZH[k],
      type: 'bar',
      stack: 'zy',
      itemStyle: { color: SCHEDULE_HEX[k] },
      data: zones.flatMap((z) => YEARS.map((y) => cell(z, y, k))),
    })),
  };
}
