import type { StandingItemEvent } from '@app/milestones';

const standing = (
  type: 'StandingItemPlanned' | 'StandingItemReported',
  data: object,
  occurredAt: string,
): StandingItemEvent => ({ type, data, occurredAt: new Date(occurredAt).toISOString() }) as StandingItemEvent;

/**
 * One standing item of task 1 for 2020–2022, led separately by 甲局 and 乙局: 甲局 reports twice in 2021 (the last
 * on 2021-11-20) and once in 2020; 乙局 never reports; 丙市政府 (cooperating) reports once, 2021-03-01.
 */
export function sampleStanding(): StandingItemEvent[] {
  return [
    standing(
      'StandingItemPlanned',
      {
        itemId: 'sample.T01-S1',
        planKey: 'sample',
        taskNo: 1,
        section: 1,
        taskTitle: '事项1',
        text: '持续推进事项1。',
        kind: 'standing',
        period: { from: 2020, to: 2022 },
        leadUnits: ['u-a', 'u-b'],
        leadMode: 'separately',
        cooperatingUnits: ['u-c'],
        zones: ['都市核心区'],
        districts: [],
        cityWide: false,
      },
      '2020-01-02T10:00:00+08:00',
    ),
    standing('StandingItemReported', { unit: 'u-a', narrative: '2020 年工作' }, '2020-10-01T10:00:00+08:00'),
    standing('StandingItemReported', { unit: 'u-a', narrative: '一季度' }, '2021-03-31T10:00:00+08:00'),
    standing('StandingItemReported', { unit: 'u-c', narrative: '配合' }, '2021-03-01T10:00:00+08:00'),
    standing('StandingItemReported', { unit: 'u-a', narrative: '四季度' }, '2021-11-20T10:00:00+08:00'),
    standing('StandingItemReported', { unit: 'u-a', narrative: '2022 年' }, '2022-02-01T10:00:00+08:00'),
  ];
}
