import type { HistoryEntry } from '@app/milestones';
import { historyAsOf } from './history-as-of';

const at = (version: number, occurredAt: string, recordedAt: string) =>
  ({ version, occurredAt, recordedAt }) as HistoryEntry;
const entries = [
  at(1, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'),
  // 2022-06-30 23:30 in Beijing: still on the asOf day there.
  at(2, '2022-06-30T15:30:00Z', '2022-07-02T00:00:00Z'),
  // 2022-07-01 00:30 in Beijing: the next day.
  at(3, '2022-06-30T16:30:00Z', '2022-07-01T00:00:00Z'),
];
const versions = (q: { asOf?: string; knownAt?: string }) => historyAsOf(entries, q).map((e) => e.version);

describe('historyAsOf', () => {
  it('leaves out what happened after the asOf day in the plan zone, or was recorded after knownAt', () => {
    expect(versions({})).toEqual([1, 2, 3]);
    expect(versions({ asOf: '2022-06-30' })).toEqual([1, 2]);
    expect(versions({ asOf: '2022-06-30', knownAt: '2022-07-01T12:00:00Z' })).toEqual([1]);
  });
  it('keeps a plan revision imported after the asOf day (the board reads the milestone as planned)', () => {
    const revised = { ...at(4, '2024-03-01T00:00:00Z', '2024-03-01T00:00:00Z'), type: 'MilestoneRevised' };
    const kept = historyAsOf([...entries, revised as HistoryEntry], { asOf: '2022-06-30' });
    expect(kept.map((e) => e.version)).toEqual([1, 2, 4]);
  });
  it('a bad date is a 400 naming the field', () => {
    expect(() => versions({ asOf: '2022-13-01' })).toThrow(expect.objectContaining({ field: 'asOf' }));
  });
});
