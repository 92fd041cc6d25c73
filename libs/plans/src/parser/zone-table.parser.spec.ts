import { PlanParseError } from './plan-parse.error';
import { toDocumentLines } from './table-cells.reader';
import { parseZoneTable } from './zone-table.parser';

const HEADER = '江门市功能分区图表\n\t“三区”名称\n\t市（区）名称\n\t镇（街）名称\n\t区域政策延伸适用范围\n';

function zoneTable(body: string) {
  return parseZoneTable(toDocumentLines(`${HEADER}${body}`));
}

describe('parseZoneTable', () => {
  it('carries the zone down rows whose zone cell is empty, and keeps the policy-extension column', () => {
    const parsed = zoneTable(
      [
        '\t都市核心区',
        '\t鹤山市',
        '\t沙坪街道、古劳镇',
        '\t恩城街道 东城镇   大槐镇',
        '',
        '\t',
        '\t江海区',
        '\t外海街道、礼乐街道',
        '\t',
        '',
        '\t生态发展区',
        '\t恩平市',
        '\t恩城街道、东城镇、大槐镇、大田镇',
        '\t',
      ].join('\n'),
    );

    expect(parsed.title).toBe('江门市功能分区图表');
    expect(parsed.zones).toEqual([
      {
        name: '都市核心区',
        districts: [
          { name: '鹤山市', towns: ['沙坪街道', '古劳镇'] },
          { name: '江海区', towns: ['外海街道', '礼乐街道'] },
        ],
        policyExtensionTowns: [
          { district: '恩平市', town: '恩城街道' },
          { district: '恩平市', town: '东城镇' },
          { district: '恩平市', town: '大槐镇' },
        ],
      },
      {
        name: '生态发展区',
        districts: [{ name: '恩平市', towns: ['恩城街道', '东城镇', '大槐镇', '大田镇'] }],
        policyExtensionTowns: [],
      },
    ]);
    expect(parsed.findings).toEqual([]);
  });

  it('keeps a policy-extension town that is in no district, with a finding', () => {
    const parsed = zoneTable(['\t都市核心区', '\t蓬江区', '\t环市街道', '\t不存在镇'].join('\n'));

    expect(parsed.zones[0]?.policyExtensionTowns).toEqual([{ district: null, town: '不存在镇' }]);
    expect(parsed.findings.map((f) => [f.task, f.kind, f.original])).toEqual([
      [null, 'unknown-policy-extension-town', '不存在镇'],
    ]);
  });

  it('rejects a row with fewer than four cells', () => {
    expect(() => zoneTable('\t都市核心区\n\t蓬江区\n\t环市街道\n')).toThrow(PlanParseError);
  });

  it('rejects a first row without a zone name', () => {
    expect(() => zoneTable('\t\n\t蓬江区\n\t环市街道\n\t\n')).toThrow(/no zone name/u);
  });
});
