/**
 * Charts on a narrow screen (a phone): a column chart's category labels would overlap, so its bars turn
 * sideways (categories down the side, one line each, a row of ROW_PX each) and it grows tall enough for them;
 * the legend goes below the chart, wrapping onto as many lines as it needs.
 */

/** Below this width (px) a chart is laid out for a phone. */
export const NARROW_CHART_PX = 520;
export const ROW_PX = 30;
/** Room below the bars: the value axis, its name and a legend of up to three lines. */
const BELOW_PX = 110;
const ABOVE_PX = 12;

type Axis = Record<string, unknown> & {
  type?: string;
  data?: unknown[];
  axisLabel?: Record<string, unknown>;
};
type Option = Record<string, unknown> & { xAxis?: Axis; yAxis?: Axis; series?: unknown };

const oneLine = (v: unknown): unknown => (typeof v === 'string' ? v.replace(/\n/g, ' ') : v);

/** The option for a narrow chart; options that are not column charts are returned as they are. */
export function narrowOption(option: Record<string, unknown>): Record<string, unknown> {
  const o = option as Option;
  if (o.xAxis?.type !== 'category' || o.yAxis?.type !== 'value') return option;
  const categories = (o.xAxis.data ?? []).map(oneLine).reverse();
  const series = Array.isArray(o.series)
    ? (o.series as Record<string, unknown>[]).map((s) => ({
        ...s,
        data: Array.isArray(s['data']) ? [...(s['data'] as unknown[])].reverse() : s['data'],
      }))
    : o.series;
  const { name, ...valueAxis } = o.yAxis;
  const legend = (option['legend'] as Record<string, unknown> | undefined) ?? {};
  return {
    ...option,
    legend: {
      ...legend,
      type: 'plain',
      top: undefined,
      bottom: 0,
      left: 'center',
      itemGap: 8,
      itemWidth: 14,
    },
    grid: { left: 8, right: 16, top: ABOVE_PX, bottom: BELOW_PX - 30, containLabel: true },
    yAxis: { type: 'category', data: categories, axisLabel: { interval: 0, fontSize: 11 } },
    xAxis: { ...valueAxis, ...(name ? { name, nameLocation: 'middle', nameGap: 22 } : {}) },
    series,
  };
}

/** The height of a narrow chart: room for one row per category, at least the wide chart's height. */
export function narrowHeight(option: Record<string, unknown>, wideHeight: string): string {
  const categories = ((option as Option).xAxis?.data ?? []).length;
  const wide = Number.parseInt(wideHeight, 10) || 280;
  return `${Math.max(wide, categories * ROW_PX + ABOVE_PX + BELOW_PX)}px`;
}
