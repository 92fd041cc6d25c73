import { describe, expect, it } from '@jest/globals';
import { assignmentProblem, checkCommand, type CommandFields } from './command-checks';

const empty: CommandFields = {
  percent: '',
  narrative: '',
  forecastDate: '',
  reason: '',
  completedOn: '',
  newDueDate: '',
  evidence: [],
};

describe('command form checks (one plain-Chinese message per field)', () => {
  it('an empty progress form: one message for the percent and one for the narrative, nothing else', () => {
    expect(checkCommand('progress', empty)).toEqual({
      percent: '请填写完成进度（0 到 100 之间的整数）',
      narrative: '请填写本期进展',
    });
  });

  it('percent: a number, whole, from 0 to 100; a decrease needs a reason', () => {
    const p = (percent: string | number, current: number | null = null, reason = '') =>
      checkCommand('progress', { ...empty, percent, narrative: '进展', reason }, current);
    expect(p('abc')).toEqual({ percent: '完成进度应是一个数字' });
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
    expect(checkCommand('rebaseline', empty)).toEqual({
      newDueDate: '请选择新的完成时限',
      reason: '请填写调整原因',
    });
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
});
