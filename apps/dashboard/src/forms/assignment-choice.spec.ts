import { describe, expect, it } from '@jest/globals';
import type { MilestoneCommandName } from '@app/milestones/labels';
import type { CommandChoice, MilestoneChoices } from '../api/types';
import { commandsFor, needsShare, offered, onlyShare } from './assignment-choice';

const yes = (command: MilestoneCommandName): CommandChoice => ({ command, allowed: true });
const no = (command: MilestoneCommandName, reason: CommandChoice['reason']): CommandChoice => ({
  command,
  allowed: false,
  reason,
});
const share = (key: string, commands: CommandChoice[]) => ({
  key,
  leadUnits: [key],
  lifecycle: 'planned' as const,
  lifecycleZh: '未开始',
  percent: null,
  dueDate: '2021-12-31',
  indicators: [],
  commands,
});
const choices = (
  commands: CommandChoice[],
  assignments: ReturnType<typeof share>[] = [],
): MilestoneChoices => ({
  milestoneId: 'm',
  version: 1,
  lifecycle: 'planned',
  lifecycleZh: '未开始',
  percent: null,
  dueDate: '2021-12-31',
  baselineDueDate: '2021-12-31',
  indicators: [],
  commands,
  assignments,
});

describe('the commands offered are exactly the API’s allowed ones', () => {
  it('maps allowed command types to forms, in order, and drops refused ones', () => {
    expect(
      offered([yes('ReportProgress'), no('SubmitCompletion', 'FORBIDDEN_ROLE'), yes('CancelMilestone')]),
    ).toEqual(['progress', 'cancellation']);
  });

  it('a lead unit of a 分别牵头 milestone: its only share is fixed; the office chooses, whole-milestone first', () => {
    const lead = choices(
      [yes('ReportProgress'), yes('SubmitCompletion')],
      [
        share('p', [yes('ReportProgress'), yes('SubmitCompletion')]),
        share('t', [no('ReportProgress', 'FORBIDDEN_OTHER_ASSIGNMENT')]),
      ],
    );
    expect(onlyShare(lead)).toBe('p');
    expect(commandsFor(lead, 'p')).toEqual(['progress', 'completion']);
    const office = choices(
      [no('ReportProgress', 'ASSIGNMENT_REQUIRED'), yes('RebaselineDueDate')],
      [share('p', [yes('ReportProgress'), yes('RebaselineDueDate')]), share('t', [yes('RebaselineDueDate')])],
    );
    expect(onlyShare(office)).toBeNull();
    expect(needsShare(office)).toBe(true);
    expect(commandsFor(office, '')).toEqual(['rebaseline']);
    expect(commandsFor(office, 'p')).toEqual(['progress', 'rebaseline']);
    // One share left open: the office still chooses between it and the whole milestone.
    const oneOpen = choices(
      [no('ReportProgress', 'ASSIGNMENT_REQUIRED'), yes('RebaselineDueDate')],
      [
        share('p', [no('ReportProgress', 'MILESTONE_ALREADY_ACCEPTED')]),
        share('t', [yes('ReportProgress'), yes('RebaselineDueDate')]),
      ],
    );
    expect(onlyShare(oneOpen)).toBeNull();
  });
});
