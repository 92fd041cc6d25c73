import { EventStore, newEventId } from '@app/event-store';
import { milestoneStreamId, type MilestonePlannedData } from '@app/milestones';
import { PLAN_IMPORTED, planStreamId, type ParsedPlan, type PlanImportedData } from '@app/plans';
import type { TestApp } from './test-app';

/** The four milestones of the read-models scenario (see `read-models-expected.ts` for what they give). */

export const PLAN_START = '2019-12-31T16:00:00.000Z'; // 2020-01-01 00:00 in Asia/Shanghai, as the plan import states it
export const at = (day: string) => `${day}T02:00:00.000Z`; // 10:00 in Asia/Shanghai

export interface Spec {
  readonly id: string;
  readonly zones: string[];
  readonly districts: string[];
  readonly lead: string[];
  readonly cooperating: string[];
  readonly section: number;
}

export const M: Record<'M1' | 'M2' | 'M3' | 'M4', Spec> = {
  M1: {
    id: 'sc-m1',
    zones: ['都市核心区'],
    districts: ['蓬江区'],
    lead: ['dept-transport'],
    cooperating: ['dept-commerce'],
    section: 1,
  },
  M2: {
    id: 'sc-m2',
    zones: ['都市核心区'],
    districts: ['江海区'],
    lead: ['dept-commerce'],
    cooperating: [],
    section: 1,
  },
  M3: {
    id: 'sc-m3',
    zones: ['大广海湾区'],
    districts: ['台山市'],
    lead: ['gov-taishan'],
    cooperating: ['dept-transport'],
    section: 2,
  },
  M4: {
    id: 'sc-m4',
    zones: ['大广海湾区'],
    districts: ['台山市', '恩平市'],
    lead: ['gov-taishan'],
    cooperating: [],
    section: 4,
  },
};

export const PLAN_KEY = 'sc-2021';

/** A small plan of its own (zones, sections, units) for the four milestones, as a plan import states it. */
export function planImported(): PlanImportedData {
  const model: ParsedPlan = {
    planKey: PLAN_KEY,
    title: '读模型验收场景',
    source: { name: null, sha256: 'a'.repeat(64), lineCount: 0 },
    zones: [
      {
        name: '都市核心区',
        districts: [
          { name: '蓬江区', towns: [] },
          { name: '江海区', towns: [] },
          { name: '台山市', towns: [] },
        ],
        policyExtensionTowns: [],
      },
      {
        name: '大广海湾区',
        districts: [
          { name: '台山市', towns: [] },
          { name: '恩平市', towns: [] },
        ],
        policyExtensionTowns: [],
      },
      { name: '生态发展区', districts: [{ name: '恩平市', towns: [] }], policyExtensionTowns: [] },
    ],
    sections: [
      { no: 1, numeral: '一', title: '强化都市核心区引领带动能力', zone: '都市核心区' },
      { no: 2, numeral: '二', title: '提升大广海湾区蓝色发展动力', zone: '大广海湾区' },
      { no: 3, numeral: '三', title: '激活生态发展区绿色发展潜力', zone: '生态发展区' },
      { no: 4, numeral: '四', title: '加快区域交通基础设施互联互通', zone: null },
    ],
    units: [
      { id: 'dept-transport', name: '市交通运输局', kind: 'city-department', aliases: [] },
      { id: 'dept-commerce', name: '市商务局', kind: 'city-department', aliases: [] },
      { id: 'gov-taishan', name: '台山市政府', kind: 'district-government', district: '台山市', aliases: [] },
      { id: 'gov-enping', name: '恩平市政府', kind: 'district-government', district: '恩平市', aliases: [] },
    ],
    tasks: [],
    findings: [],
  };
  return {
    planKey: PLAN_KEY,
    title: model.title,
    documentSha256: model.source.sha256,
    sourceName: null,
    model,
    milestoneCount: 4,
  };
}

export function planned(s: Spec): MilestonePlannedData {
  return {
    milestoneId: s.id,
    planKey: PLAN_KEY,
    taskNo: s.section * 3,
    section: s.section,
    taskTitle: `重点事项 ${s.id}`,
    period: { from: 2021, to: 2021 },
    dueDate: '2021-06-30',
    text: `2021年上半年，完成 ${s.id} 的建设任务。`,
    indicators: [],
    leadUnits: s.lead,
    cooperatingUnits: s.cooperating,
    zones: s.zones,
    districts: s.districts,
  };
}

/**
 * Appends the scenario's events to a running app (the plan, the four milestones, their reports; the backdated
 * report last) and waits for the projections. `beforeBackdated`: an instant when everything but that report was known.
 */
export async function seedScenario(t: TestApp): Promise<{ beforeBackdated: string; lastPosition: number }> {
  let lastPosition = 0;
  const store = t.app.get(EventStore);
  const append = async (
    s: Spec,
    events: { type: string; data: unknown; day: string; backdated?: boolean }[],
  ) => {
    const stream = milestoneStreamId(s.id);
    const version = (await store.readStream(stream)).length;
    const r = await store.append(
      stream,
      events.map((e) => ({
        eventId: newEventId(),
        type: e.type,
        data: e.data,
        metadata: {
          occurredAt: e.day === 'plan' ? PLAN_START : at(e.day),
          ...(e.backdated ? { backdated: true } : {}),
        },
      })),
      version === 0 ? 'no_stream' : version,
    );
    lastPosition = r.position;
  };
  await store.append(
    planStreamId(PLAN_KEY),
    [
      {
        eventId: newEventId(),
        type: PLAN_IMPORTED,
        data: planImported(),
        metadata: { occurredAt: new Date().toISOString() },
      },
    ],
    'no_stream',
  );
  for (const s of Object.values(M))
    await append(s, [{ type: 'MilestonePlanned', data: planned(s), day: 'plan' }]);
  const evidence = [
    { name: '验收报告.pdf', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  ];
  await append(M.M1, [
    { type: 'ProgressReported', data: { percent: 50, narrative: '过半' }, day: '2021-03-15' },
    { type: 'ProgressReported', data: { percent: 85, narrative: '主体完工' }, day: '2021-06-01' },
    {
      type: 'CompletionSubmitted',
      data: { completedOn: '2021-06-20', narrative: '已完成', evidence },
      day: '2021-06-20',
    },
    { type: 'CompletionAccepted', data: {}, day: '2021-06-25' },
  ]);
  await append(M.M2, [
    { type: 'ProgressReported', data: { percent: 60, narrative: '推进中' }, day: '2021-04-01' },
    { type: 'ProgressReported', data: { percent: 90, narrative: '收尾' }, day: '2021-06-05' },
    {
      type: 'CompletionSubmitted',
      data: { completedOn: '2021-07-10', narrative: '已完成', evidence },
      day: '2021-07-10',
    },
    { type: 'CompletionAccepted', data: {}, day: '2021-07-15' },
  ]);
  await append(M.M3, [
    { type: 'ProgressReported', data: { percent: 30, narrative: '征地中' }, day: '2021-03-01' },
  ]);
  await append(M.M4, [
    {
      type: 'DueDateRebaselined',
      data: { newDueDate: '2021-12-31', previousDueDate: '2021-06-30', reason: '经市政府同意调整' },
      day: '2021-05-10',
    },
    { type: 'ProgressReported', data: { percent: 60, narrative: '六成' }, day: '2021-06-15' },
    { type: 'ProgressReported', data: { percent: 70, narrative: '七成' }, day: '2021-07-20' },
  ]);
  // Wait for the projection, then note the instant: everything so far is known, the backdated report not yet.
  expect(
    (
      await t.request('GET', '/api/v1/stats/years', { headers: { 'X-Min-Position': String(lastPosition) } })
    ).headers.get('x-position-reached'),
  ).toBe('true');
  const beforeBackdated = (await store.readAll(lastPosition - 1, 1))[0]!.recordedAt.toISOString();
  await new Promise((r) => setTimeout(r, 20));
  await append(M.M3, [
    {
      type: 'ProgressReported',
      data: { percent: 80, narrative: '补报：六月初已完成八成' },
      day: '2021-06-10',
      backdated: true,
    },
  ]);
  return { beforeBackdated, lastPosition };
}
