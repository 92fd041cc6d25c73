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

describe('historyCsv 内容 and 操作人 in words', () => {
  const units: Record<string, string> = { 'dept-housing-urban-rural': '市住房城乡建设局', 'u-a': '甲局' };
  const byHeader = (csv: string) => {
    const [header, ...rows] = csv.slice(1).trimEnd().split('\r\n');
    const cells = (line: string) => line.slice(1, -1).split('","');
    return rows.map((row) => new Map(cells(header!).map((h, i) => [h, cells(row)[i]])));
  };
  it('names the share’s unit and says what was reported, not raw JSON; the import is 系统（导入计划）', () => {
    const [delay, planned] = byHeader(
      historyCsv(
        [
          {
            ...entry,
            type: 'DelayReported',
            label: '报告延期',
            data: {
              assignment: 'dept-housing-urban-rural',
              reason: '征地未完成',
              forecastDate: '2022-03-31',
            },
            actor: { tokenName: '住建局填报员', role: 'reporter', unit: 'dept-housing-urban-rural' },
          },
          {
            ...entry,
            data: { dueDate: '2021-12-31', leadUnits: ['u-a'], cooperatingUnits: [] },
            actor: { system: 'seed-import' },
          },
        ],
        (id) => units[id] ?? id,
      ),
    );
    expect(delay!.get('内容')).toBe('承办单位：市住房城乡建设局；征地未完成（预计完成 2022-03-31）');
    expect(delay!.get('操作人')).toBe('住建局填报员');
    expect(planned!.get('内容')).toBe('完成时限：2021-12-31；牵头单位：甲局；配合单位：');
    expect(planned!.get('操作人')).toBe('系统（导入计划）');
  });
});
