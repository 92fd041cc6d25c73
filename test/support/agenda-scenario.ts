import type { MilestonePlannedData } from '@app/milestones';
import type { ParsedPlan } from '@app/plans';

/** The small plan of `read-models-agenda.e2e-spec.ts`: one zone, one section, two units. */

export const PLAN_KEY = 'ag-2021';
export const PLAN_START = '2019-12-31T16:00:00.000Z'; // 2020-01-01 in Asia/Shanghai, as the plan import states it
export const at = (day: string) => `${day}T02:00:00.000Z`;
export const EVIDENCE = [
  { name: '验收报告.pdf', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
];

export function plan(): ParsedPlan {
  return {
    planKey: PLAN_KEY,
    title: '待办与健康度场景',
    source: { name: null, sha256: 'b'.repeat(64), lineCount: 0 },
    zones: [{ name: '大广海湾区', districts: [{ name: '台山市', towns: [] }], policyExtensionTowns: [] }],
    sections: [{ no: 2, numeral: '二', title: '提升大广海湾区蓝色发展动力', zone: '大广海湾区' }],
    units: [
      { id: 'dept-transport', name: '市交通运输局', kind: 'city-department', aliases: [] },
      { id: 'gov-taishan', name: '台山市政府', kind: 'district-government', district: '台山市', aliases: [] },
    ],
    tasks: [],
    findings: [],
  };
}

export function planned(
  id: string,
  dueDate: string,
  lead: string,
  cooperating: string[] = [],
): MilestonePlannedData {
  return {
    milestoneId: id,
    planKey: PLAN_KEY,
    taskNo: 7,
    section: 2,
    taskTitle: '推进广海湾港区建设',
    period: { from: 2021, to: 2021 },
    dueDate,
    text: `2021年，${id}。`,
    indicators: [],
    leadUnits: [lead],
    cooperatingUnits: cooperating,
    zones: ['大广海湾区'],
    districts: ['台山市'],
  };
}
