import { describe, expect, it } from '@jest/globals';
import type { HistoryEntry, MilestonePlan } from '../../api/types';
import { indicatorRows } from './indicator-rows';

const indicator = { metric: '建设项目', comparator: 'atLeast', target: 10, unit: '个' };
const plan = (keys: string[]) =>
  ({
    indicators: [indicator],
    assignments: keys.map((key) => ({ key, leadUnitNames: [`${key}单位`] })),
  }) as unknown as MilestonePlan;
const report = (assignments: string[], actual: number, occurredAt: string) =>
  ({
    type: 'ProgressReported',
    assignments,
    occurredAt,
    data: { indicatorActuals: [{ metric: '建设项目', actual }] },
  }) as unknown as HistoryEntry;
const rows = (keys: string[], history: HistoryEntry[]) =>
  indicatorRows(
    plan(keys),
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
});
