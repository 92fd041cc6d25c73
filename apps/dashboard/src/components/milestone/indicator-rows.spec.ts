import { describe, expect, it } from '@jest/globals';
import type { HistoryEntry, MilestonePlan } from '../../api/types';
import { indicatorRows } from './indicator-rows';

const indicator = { metric: '建设项目', comparator: '>=', target: 10, unit: '个' };
const plan = (keys: string[], comparator = '>=') =>
  ({
    indicators: [{ ...indicator, comparator }],
    assignments: keys.map((key) => ({ key, leadUnitNames: [`${key}单位`] })),
  }) as unknown as MilestonePlan;
const report = (assignments: string[], actual: number, occurredAt: string) =>
  ({
    type: 'ProgressReported',
    assignments,
    occurredAt,
    data: { indicatorActuals: [{ metric: '建设项目', actual }] },
  }) as unknown as HistoryEntry;
const revised = (assignments: string[], newTarget: number, occurredAt: string, assignment?: string) =>
  ({
    type: 'IndicatorTargetRevised',
    assignments,
    occurredAt,
    data: {
      metric: '建设项目',
      oldTarget: 10,
      newTarget,
      reason: '调整',
      ...(assignment ? { assignment } : {}),
    },
  }) as unknown as HistoryEntry;
const planEvent = (assignments: string[], occurredAt: string) =>
  ({ type: 'MilestoneRevised', assignments, occurredAt, data: {} }) as unknown as HistoryEntry;
const rows = (keys: string[], history: HistoryEntry[], comparator = '>=') =>
  indicatorRows(
    plan(keys, comparator),
    history,
    () => true,
    (iso) => iso.slice(0, 10),
  );

describe('indicatorRows', () => {
  const history = [report(['A'], 4, '2022-03-01T00:00:00Z'), report(['B'], 10, '2022-04-01T00:00:00Z')];

  it('gives each lead unit of a 分别牵头 milestone its own value and 完成度', () => {
    expect(rows(['A', 'B'], history).map((r) => [r.assignment?.name, r.actual, r.attainment])).toEqual([
      ['A单位', 4, 0.4],
      ['B单位', 10, 1],
    ]);
  });

  it('keeps a share withdrawn by a re-import out of the one left (one row, no unit column)', () => {
    expect(rows(['A'], history).map((r) => [r.assignment, r.actual, r.actualOn])).toEqual([
      [null, 4, '2022-03-01'],
    ]);
  });

  it('judges a 不超过 value as the year review does: within the cap it is met (100%), above it target ÷ value', () => {
    const at = (actual: number) => rows(['A'], [report(['A'], actual, '2022-03-01T00:00:00Z')], '<=')[0]!;
    expect([at(4).attainment, at(4).met]).toEqual([1, true]);
    expect([at(10).attainment, at(10).met]).toEqual([1, true]);
    expect([at(20).attainment, at(20).met]).toEqual([0.5, false]);
    expect([rows(['A'], history)[0]!.met, rows(['A', 'B'], history)[1]!.met]).toEqual([false, true]);
  });

  it('starts a share added by a re-import from the milestone’s revised target, not the plan’s', () => {
    const events = [
      planEvent(['A'], '2022-01-01T00:00:00Z'),
      revised(['A'], 8, '2022-02-01T00:00:00Z'), // the whole milestone (one share then)
      revised(['A'], 7, '2022-02-15T00:00:00Z', 'A'), // A's own
      planEvent(['A', 'B'], '2022-03-01T00:00:00Z'), // the re-import adds B
      report(['B'], 6, '2022-04-01T00:00:00Z'),
    ];
    expect(rows(['A', 'B'], events).map((r) => [r.assignment?.key, r.currentTarget, r.attainment])).toEqual([
      ['A', 7, null],
      ['B', 8, 0.75],
    ]);
  });

  it('today, shows the current target the API gives each share (the one the report form shows)', () => {
    const now = (share: string) =>
      share === 'B' ? [{ metric: '建设项目', unit: '个', baselineTarget: 10, target: 5 }] : [];
    const today = indicatorRows(
      plan(['A', 'B']),
      history,
      () => true,
      (iso) => iso.slice(0, 10),
      now,
    );
    expect(today.map((r) => [r.currentTarget, r.attainment])).toEqual([
      [10, 0.4],
      [5, 2],
    ]);
  });
});
