import { decideStandingItem, foldStandingItem } from '../standing/standing-item';
import type { StandingItemEvent } from '../standing/standing-item.events';
import { MilestoneErrorCode as Code } from './milestone.errors';
import { MILESTONE_LIMITS } from './milestone.validation';
import { aDueDateRebaselined, aMilestonePlanned } from './testing/milestone.builders';
import { TEST_METRIC } from './testing/milestone.fixtures';
import {
  aRebaselineDueDate,
  aReportDelay,
  aReportProgress,
  aReviseIndicatorTarget,
} from './testing/milestone-command.builders';
import { givenMilestone, NOW } from './testing/milestone.specification';

/** The test milestone's period is 2021: a due or forecast date may run to the end of 2021 + the horizon. */
const LATEST = `${2021 + MILESTONE_LIMITS.dateYearsAfterPeriod}-12-31`;
const dayAfter = `${2022 + MILESTONE_LIMITS.dateYearsAfterPeriod}-01-01`;

describe('impossible values are refused by the decider, whatever the door', () => {
  it('a new due date past the horizon after the period (2999-12-31) is refused, naming the last date allowed', () => {
    const e = givenMilestone(aMilestonePlanned())
      .when(aRebaselineDueDate({ newDueDate: '2999-12-31' }))
      .thenThrows(Code.DATE_AFTER_PLAN_HORIZON, {
        field: 'newDueDate',
        details: { value: '2999-12-31', latest: LATEST, periodEnd: 2021 },
      });
    expect(e.messageZh).toBe(
      `新的完成时限（2999-12-31）过远：日期最晚为${LATEST}（该里程碑计划期结束（2021年）、原定完成时限与当前日期中最晚一年再过${MILESTONE_LIMITS.dateYearsAfterPeriod}年的年末）。`,
    );
    givenMilestone(aMilestonePlanned())
      .when(aRebaselineDueDate({ newDueDate: dayAfter }))
      .thenThrows(Code.DATE_AFTER_PLAN_HORIZON, { field: 'newDueDate' });
  });

  it('the last date of the horizon is a due date like any other', () => {
    givenMilestone(aMilestonePlanned())
      .when(aRebaselineDueDate({ newDueDate: LATEST }))
      .then([expect.objectContaining({ data: expect.objectContaining({ newDueDate: LATEST }) })]);
  });

  it('a forecast date past the horizon is refused the same way (delay and progress reports)', () => {
    givenMilestone(aMilestonePlanned())
      .when(aReportDelay({ forecastDate: '2999-12-31' }))
      .thenThrows(Code.DATE_AFTER_PLAN_HORIZON, { field: 'forecastDate', details: { latest: LATEST } });
    givenMilestone(aMilestonePlanned())
      .when(aReportProgress({ forecastDate: dayAfter }))
      .thenThrows(Code.DATE_AFTER_PLAN_HORIZON, { field: 'forecastDate' });
  });

  it('long after the period, a delay may still be forecast and a due date moved: the horizon follows the day', () => {
    const later = new Date('2026-03-01T02:00:00.000Z'); // years after 2021 + the horizon
    givenMilestone(aMilestonePlanned())
      .when(aReportDelay({ forecastDate: '2026-06-30' }), later)
      .then([expect.objectContaining({ data: expect.objectContaining({ forecastDate: '2026-06-30' }) })]);
    givenMilestone(aMilestonePlanned())
      .when(aRebaselineDueDate({ newDueDate: '2026-06-30' }), later)
      .then([expect.objectContaining({ data: expect.objectContaining({ newDueDate: '2026-06-30' }) })]);
    givenMilestone(aMilestonePlanned())
      .when(aReportDelay({ forecastDate: '2999-01-01' }), later)
      .thenThrows(Code.DATE_AFTER_PLAN_HORIZON, {
        details: { latest: `${2026 + MILESTONE_LIMITS.dateYearsAfterPeriod}-12-31` },
      });
  });

  it('a rebaseline does not move the horizon on: the planned due date counts, not the current one', () => {
    givenMilestone(aMilestonePlanned(), aDueDateRebaselined({ newDueDate: LATEST }))
      .when(aRebaselineDueDate({ newDueDate: dayAfter }))
      .thenThrows(Code.DATE_AFTER_PLAN_HORIZON, { details: { latest: LATEST } });
  });

  it('a negative indicator target is refused (400); 0 is a target', () => {
    const e = givenMilestone(aMilestonePlanned())
      .when(aReviseIndicatorTarget({ metric: TEST_METRIC, newTarget: -5, reason: '调整' }))
      .thenThrows(Code.INDICATOR_TARGET_NEGATIVE, { field: 'newTarget', details: { value: -5 } });
    expect(e.kind).toBe('validation');
    expect(e.messageZh).toBe('新目标值（-5）不能为负数：目标值须大于或等于0。');
    givenMilestone(aMilestonePlanned())
      .when(aReviseIndicatorTarget({ metric: TEST_METRIC, newTarget: 0, reason: '调整' }))
      .then([expect.objectContaining({ data: expect.objectContaining({ newTarget: 0 }) })]);
  });
});

describe('messages a person can read', () => {
  it('a time in the future is shown in Beijing time, not as a UTC ISO string', () => {
    const e = givenMilestone(aMilestonePlanned())
      .when(aReportProgress({}, { occurredAt: '2099-01-01T00:00+08:00' }))
      .thenThrows(Code.OCCURRED_AT_IN_FUTURE, {
        details: { occurredAt: '2098-12-31T16:00:00.000Z' },
      });
    expect(e.messageZh).toBe(
      '发生时间（北京时间2099-01-01 00:00）晚于当前时间（2021-06-15 10:00），最多允许5分钟误差。',
    );
    expect(e.message).toContain('2099-01-01 00:00 Beijing time');
  });

  it('a time before the plan period is shown in Beijing time too', () => {
    const e = givenMilestone(aMilestonePlanned())
      .when(aReportProgress({}, { occurredAt: '2020-12-31T23:30:00+08:00' }))
      .thenThrows(Code.OCCURRED_AT_BEFORE_PLAN_PERIOD);
    expect(e.messageZh).toBe('发生时间（北京时间2020-12-31 23:30）早于计划期开始日期（2021-01-01）。');
  });

  it('each milestone is bounded by the start of its own plan period, one after another', () => {
    const report = () => aReportProgress({}, { occurredAt: '2020-06-01T10:00:00+08:00' });
    const accepted = [expect.objectContaining({ type: 'ProgressReported' })];
    givenMilestone(aMilestonePlanned({ period: { from: 2020, to: 2021 } }))
      .when(report())
      .then(accepted);
    givenMilestone(aMilestonePlanned({ period: { from: 2021, to: 2021 } }))
      .when(report())
      .thenThrows(Code.OCCURRED_AT_BEFORE_PLAN_PERIOD, { details: { periodStart: '2021-01-01' } });
    givenMilestone(aMilestonePlanned({ period: { from: 2020, to: 2021 } }))
      .when(report())
      .then(accepted);
  });

  it('ASSIGNMENT_REQUIRED names the field once and the units by name when the caller knows them', () => {
    const separately = aMilestonePlanned({
      leadUnits: ['gov-jianghai', 'gov-kaiping'],
      leadMode: 'separately',
    });
    const e = givenMilestone(separately)
      .when(aReportProgress({}, { actor: { role: 'supervisor' } }))
      .thenThrows(Code.ASSIGNMENT_REQUIRED, {
        field: 'assignment',
        details: { known: 'gov-jianghai, gov-kaiping' },
      });
    expect(e.messageZh).toBe('该里程碑由多个单位分别牵头，请指明承办单位，可选：gov-jianghai、gov-kaiping。');
    const named = e.withUnitNames(
      new Map([
        ['gov-jianghai', '江海区人民政府'],
        ['gov-kaiping', '开平市人民政府'],
      ]),
    );
    expect(named.messageZh).toBe(
      '该里程碑由多个单位分别牵头，请指明承办单位，可选：江海区人民政府、开平市人民政府。',
    );
    expect(named.message).toContain('one of: 江海区人民政府, 开平市人民政府');
    expect(named.details).toEqual(e.details);
    expect(named.field).toBe('assignment');
  });
});

describe('a standing item (常态化事项) is called 事项 in its refusals, not 里程碑', () => {
  const planned: StandingItemEvent = {
    type: 'StandingItemPlanned',
    occurredAt: '2020-12-01T00:00:00.000Z',
    data: {
      itemId: 'sanqu-2020.T01-S1',
      planKey: 'sanqu-2020',
      taskNo: 1,
      section: 1,
      taskTitle: '海洋生态',
      text: '持续推进海洋生态环境保护',
      kind: 'standing',
      period: { from: 2020, to: 2022 },
      leadUnits: ['u-ocean'],
      leadMode: 'single',
      cooperatingUnits: ['u-env'],
      zones: [],
      districts: [],
      cityWide: true,
    },
  };
  const item = foldStandingItem([planned]);
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e as { code: string; messageZh: string; message: string };
    }
    throw new Error('accepted');
  };

  it.each([
    [{ role: 'reporter', unit: 'u-water' }, undefined, 'FORBIDDEN_NOT_RESPONSIBLE', '该事项'],
    [{ role: 'supervisor' }, undefined, 'ASSIGNMENT_REQUIRED', '为哪个单位填报该事项'],
    [{ role: 'supervisor' }, 'u-water', 'ASSIGNMENT_UNKNOWN', '该事项的牵头单位或配合单位'],
  ] as const)('%j naming %p: %s', (actor, unit, code, says) => {
    const e = refusal(() =>
      decideStandingItem(
        { type: 'ReportStandingItem', actor, data: { narrative: '巡查 3 次', ...(unit ? { unit } : {}) } },
        item,
        NOW,
      ),
    );
    expect(e.code).toBe(code);
    expect(e.messageZh).toContain(says);
    expect(e.messageZh).not.toContain('里程碑');
    expect(e.message).not.toMatch(/milestone/i);
  });

  it('a withdrawn item says so of the item', () => {
    const withdrawn = foldStandingItem([
      planned,
      { type: 'StandingItemWithdrawn', occurredAt: '2021-01-01T00:00:00.000Z', data: { reason: '移出' } },
    ]);
    const e = refusal(() =>
      decideStandingItem(
        {
          type: 'ReportStandingItem',
          actor: { role: 'supervisor' },
          data: { narrative: 'x', unit: 'u-ocean' },
        },
        withdrawn,
        NOW,
      ),
    );
    expect(e.messageZh).toBe('该事项已移出计划，不能再办理。');
  });
});
