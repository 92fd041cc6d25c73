import { describe, expect, it } from '@jest/globals';
import { emptyDraft } from './command-body';
import {
  assignmentProblem,
  checkCommand,
  milestoneChanged,
  visibleMessages,
  type CommandFields,
} from './command-checks';

/** A blank form (its completion date too). */
const empty: CommandFields = emptyDraft('');

describe('command form checks (one plain-Chinese message per field)', () => {
  it('an empty progress form: one message for the percent and one for the narrative, nothing else', () => {
    expect(checkCommand('progress', empty)).toEqual({
      percent: '请填写完成进度（0–100 的整数）',
      narrative: '请填写本期进展',
    });
  });

  it('percent: a number, whole, from 0 to 100; a decrease needs a reason', () => {
    const p = (percent: string | number, current: number | null = null, reason = '') =>
      checkCommand('progress', { ...empty, percent, narrative: '进展', reason }, { currentPercent: current });
    expect(p('abc')).toEqual({ percent: '完成进度应是一个数字（0–100 的整数）' });
    expect(p('12.5')).toEqual({ percent: '完成进度请填整数，不带小数' });
    expect(p(120)).toEqual({ percent: '完成进度应在 0 到 100 之间' });
    expect(p(-1)).toEqual({ percent: '完成进度应在 0 到 100 之间' });
    expect(p(0)).toEqual({});
    expect(p(100)).toEqual({});
    expect(p(40, 60)).toEqual({ reason: '进度低于上次的 60%，请说明下调原因' });
    expect(p(40, 60, '调减工程量')).toEqual({});
  });

  it('delay, completion and return name each missing field once', () => {
    expect(checkCommand('delays', empty)).toEqual({
      reason: '请填写延期原因',
      forecastDate: '请选择预计完成日期',
    });
    expect(checkCommand('completion', empty)).toEqual({
      completedOn: '请选择完成日期',
      narrative: '请填写完成情况',
      evidence: '请至少添加一份佐证材料',
    });
    expect(checkCommand('return', empty)).toEqual({ reason: '请填写退回原因' });
    expect(checkCommand('acceptance', empty)).toEqual({});
  });

  it('the office’s tools: re-baseline, target and cancellation each need their reason', () => {
    expect(checkCommand('rebaseline', empty)).toEqual({
      newDueDate: '请选择新的完成时限',
      reason: '请填写调整原因',
    });
    expect(
      checkCommand(
        'rebaseline',
        { ...empty, newDueDate: '2021-12-31', reason: 'x' },
        { dueDate: '2021-12-31' },
      ),
    ).toEqual({ newDueDate: '新的完成时限与现行时限相同，请选择其他日期' });
    expect(checkCommand('indicator-target', empty)).toEqual({
      metric: '请选择指标',
      newTarget: '请填写新的目标值',
      reason: '请填写调整原因',
    });
    expect(
      checkCommand(
        'indicator-target',
        { ...empty, metric: 'm', newTarget: 50, reason: 'x' },
        { currentTarget: 50 },
      ),
    ).toEqual({ newTarget: '新的目标值与现行目标相同，请填写不同的数值' });
    expect(checkCommand('cancellation', empty)).toEqual({ reason: '请填写取消原因' });
  });

  it('shows nothing on a fresh form; a field’s message once it was left; all of them after submit', () => {
    const all = checkCommand('progress', empty);
    expect(visibleMessages(all, new Set(), false)).toEqual({});
    expect(visibleMessages(all, new Set(['percent']), false)).toEqual({ percent: all.percent });
    expect(visibleMessages(all, new Set(), true)).toEqual(all);
  });

  it('the API’s assignment problems in plain Chinese (no unit ids), nothing for other codes', () => {
    expect(assignmentProblem('ASSIGNMENT_REQUIRED')).toBe(
      '该里程碑由多个单位分别牵头，请先选择要办理的承办单位。',
    );
    expect(assignmentProblem('FORBIDDEN_OTHER_ASSIGNMENT')).toBe(
      '这是其他单位的承办事项。本单位只能办理本单位牵头的那一部分。',
    );
    expect(assignmentProblem('ASSIGNMENT_UNKNOWN')).toBe('所选单位不是该里程碑的承办单位，请重新选择。');
    expect(assignmentProblem('VALIDATION_FAILED')).toBeUndefined();
  });

  it('a 409 refusal means the milestone changed, unless it is about a duplicate request', () => {
    expect(milestoneChanged({ status: 409, code: 'COMPLETION_ALREADY_SUBMITTED' })).toBe(true);
    expect(milestoneChanged({ status: 412, code: 'PRECONDITION_FAILED' })).toBe(false); // no milestone command's
    expect(milestoneChanged({ status: 409, code: 'IDEMPOTENCY_KEY_IN_PROGRESS' })).toBe(false);
    expect(milestoneChanged({ status: 422, code: 'DUE_DATE_UNCHANGED' })).toBe(false);
  });
});
