import { describe, expect, it } from '@jest/globals';
import { narrowHeight, narrowOption, ROW_PX } from './chart-layout';

/** The overview's busiest chart: 12 categories (zone × year, two-line labels) with a six-item legend on top. */
const zoneYear = {
  legend: { top: 0 },
  tooltip: { trigger: 'axis' },
  xAxis: {
    type: 'category',
    data: ['都市核心区', '大广海湾区', '生态发展区', '全市'].flatMap((z) =>
      [2020, 2021, 2022].map((y) => `${z}\n${y}`),
    ),
    axisLabel: { interval: 0, fontSize: 10 },
  },
  yAxis: { type: 'value', name: '里程碑数' },
  series: ['按期完成', '逾期完成', '逾期未完成'].map((name, i) => ({
    name,
    type: 'bar',
    stack: 'all',
    data: Array.from({ length: 12 }, (_, k) => k + i),
  })),
};

describe('charts on a phone (chart-layout)', () => {
  const narrow = narrowOption(zoneYear) as {
    legend: Record<string, unknown>;
    grid: { top: number; bottom: number };
    xAxis: Record<string, unknown>;
    yAxis: { type: string; data: string[]; axisLabel: { interval: number; fontSize: number } };
    series: { data: number[] }[];
  };
  const height = Number.parseInt(narrowHeight(zoneYear, '300px'), 10);

  it('turns a column chart sideways: every category its own one-line label, none skipped', () => {
    expect(narrow.yAxis.type).toBe('category');
    expect(narrow.xAxis['type']).toBe('value');
    expect(narrow.xAxis['name']).toBe('里程碑数');
    expect(narrow.yAxis.axisLabel.interval).toBe(0);
    expect(narrow.yAxis.data).toHaveLength(12);
    expect(narrow.yAxis.data.every((l) => !l.includes('\n'))).toBe(true);
    // Top to bottom in the original order (a category axis runs upwards), the values with their labels.
    expect(narrow.yAxis.data.at(-1)).toBe('都市核心区 2020');
    expect(narrow.series[0]!.data.at(-1)).toBe(0);
  });

  it('gives each label a row taller than two lines of its text, so labels cannot overlap', () => {
    const plotted = height - narrow.grid.top - narrow.grid.bottom;
    expect(plotted / 12).toBeGreaterThanOrEqual(ROW_PX - 1);
    expect(plotted / 12).toBeGreaterThan(2 * narrow.yAxis.axisLabel.fontSize);
  });

  it('puts the legend below the chart, whole (wrapping, not scrolling)', () => {
    expect(narrow.legend).toMatchObject({ type: 'plain', bottom: 0 });
    expect(narrow.legend['top']).toBeUndefined();
    expect(narrow.grid.bottom).toBeGreaterThanOrEqual(60);
  });

  it('leaves charts that are not column charts as they are, and short charts their wide height', () => {
    const line = { xAxis: { type: 'time' }, yAxis: { type: 'value' }, series: [] };
    expect(narrowOption(line)).toBe(line);
    const three = { ...zoneYear, xAxis: { ...zoneYear.xAxis, data: ['2020', '2021', '2022'] } };
    expect(narrowHeight(three, '280px')).toBe('280px');
  });
});
