import { describe, expect, it } from '@jest/globals';
import { commandBody, emptyDraft, type CommandDraft } from './command-body';
import type { CommandKind } from './command-kinds';

const filled = (): CommandDraft => ({
  ...emptyDraft('2021-06-30'),
  percent: '60',
  narrative: '已完成招标',
  forecastDate: '2021-09-30',
  reason: '资金未到位',
  newDueDate: '2021-12-31',
  metric: '项目数',
  newTarget: '12',
  note: '同意',
  actuals: { 项目数: '5' },
  evidence: [{ name: 'a.pdf', sha256: 'ab'.repeat(32) }],
});
const evidence = [{ name: 'a.pdf', sha256: 'ab'.repeat(32) }];
const actuals = [{ metric: '项目数', actual: 5 }];

describe('the body of each command (one table: command-shapes.ts)', () => {
  it.each<[CommandKind, Record<string, unknown>]>([
    [
      'progress',
      {
        percent: 60,
        narrative: '已完成招标',
        forecastDate: '2021-09-30',
        reason: '资金未到位',
        indicatorActuals: actuals,
        evidence,
      },
    ],
    ['delays', { reason: '资金未到位', forecastDate: '2021-09-30' }],
    [
      'completion',
      { completedOn: '2021-06-30', narrative: '已完成招标', evidence, indicatorActuals: actuals },
    ],
    ['acceptance', { note: '同意' }],
    ['return', { reason: '资金未到位' }],
    ['rebaseline', { newDueDate: '2021-12-31', reason: '资金未到位' }],
    ['indicator-target', { metric: '项目数', newTarget: 12, reason: '资金未到位' }],
    ['cancellation', { reason: '资金未到位' }],
  ])('%s sends its own fields and nothing else', (kind, body) => {
    expect(commandBody(kind, filled(), ['项目数'], undefined)).toEqual(body);
  });

  it('leaves out blank optional fields, sends blank required ones (the API names them), numbers as null', () => {
    const blank = emptyDraft('2021-06-30');
    expect(commandBody('progress', blank, [], undefined)).toEqual({ percent: null, narrative: '' });
    expect(commandBody('acceptance', blank, [], undefined)).toEqual({});
    expect(commandBody('completion', blank, [], undefined)).toEqual({
      completedOn: '2021-06-30',
      narrative: '',
      evidence: [],
    });
    expect(commandBody('indicator-target', blank, [], undefined)).toEqual({
      metric: '',
      newTarget: null,
      reason: '',
    });
  });

  it('adds the assignment and the occurred-at time (plan-calendar wall time, +08:00)', () => {
    const f = { ...emptyDraft('2021-06-30'), reason: 'x', occurredAt: '2021-07-01T09:30' };
    expect(commandBody('return', f, [], 'u-a')).toEqual({
      reason: 'x',
      assignment: 'u-a',
      occurredAt: '2021-07-01T09:30:00+08:00',
    });
  });
});
