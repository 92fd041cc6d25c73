import { historyCsv } from './history.csv';

const entry = {
  version: 1,
  position: 7,
  type: 'MilestonePlanned',
  label: '纳入计划',
  data: {},
  actor: null,
  occurredAt: '2019-12-31T16:00:00.000Z',
  recordedAt: '2024-05-06T01:02:03.456Z',
  backdated: false,
  correlationId: null,
  hash: 'h',
  prevHash: '',
  assignments: [],
  actorUnitName: null,
};

describe('historyCsv', () => {
  it('gives 发生时间 and 记录时间 in the plan zone with its offset, not in UTC', () => {
    const [header, row] = historyCsv([entry]).slice(1).split('\r\n');
    const cells = (line: string) => line.slice(1, -1).split('","');
    const byHeader = new Map(cells(header!).map((h, i) => [h, cells(row!)[i]]));
    expect(byHeader.get('发生时间')).toBe('2020-01-01 00:00:00+08:00');
    expect(byHeader.get('记录时间')).toBe('2024-05-06 09:02:03+08:00');
  });

  it('shows an unreadable stored time as stored instead of failing the whole file', () => {
    const csv = historyCsv([{ ...entry, occurredAt: 'not a time' }]);
    expect(csv).toContain('"not a time"');
    expect(csv).toContain('"2024-05-06 09:02:03+08:00"');
  });
});
