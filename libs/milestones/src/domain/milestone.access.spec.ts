import { decide, fold } from './index';
import { authorize, authorizedCommands } from './milestone.access';
import {
  MILESTONE_COMMAND_TYPES,
  type MilestoneActor,
  type MilestoneCommandType,
} from './milestone.commands';
import { MilestoneErrorCode as Code } from './milestone.errors';
import { aMilestonePlanned, aReportProgress, testActors } from './testing/milestone.builders';
import { expectMilestoneError, NOW } from './testing/milestone.specification';

const state = fold([aMilestonePlanned()]);
const REPORTS: MilestoneCommandType[] = ['ReportProgress', 'ReportDelay'];
const OFFICE: MilestoneCommandType[] = [
  'AcceptCompletion',
  'ReturnCompletion',
  'RebaselineDueDate',
  'ReviseIndicatorTarget',
  'CancelMilestone',
];

describe('milestone access', () => {
  it('lets an admin do anything', () => {
    expect(authorizedCommands(testActors.admin, state)).toEqual(MILESTONE_COMMAND_TYPES);
  });

  it('lets the supervising office verify, adjust, cancel and report, but not claim completion', () => {
    expect(authorizedCommands(testActors.supervisor, state).sort()).toEqual([...OFFICE, ...REPORTS].sort());
    expectMilestoneError(
      () => authorize(testActors.supervisor, 'SubmitCompletion', state),
      Code.FORBIDDEN_ROLE,
    );
  });

  it('lets a lead unit report and submit completion', () => {
    expect(authorizedCommands(testActors.leadReporter, state)).toEqual([...REPORTS, 'SubmitCompletion']);
  });

  it('lets a cooperating unit report progress and delays but not submit completion', () => {
    expect(authorizedCommands(testActors.cooperatingReporter, state)).toEqual(REPORTS);
    expectMilestoneError(
      () => authorize(testActors.cooperatingReporter, 'SubmitCompletion', state),
      Code.FORBIDDEN_NOT_LEAD_UNIT,
    );
  });

  it('refuses a unit that neither leads nor cooperates', () => {
    const error = expectMilestoneError(
      () => authorize(testActors.otherReporter, 'ReportProgress', state),
      Code.FORBIDDEN_NOT_RESPONSIBLE,
    );
    expect(error.details).toMatchObject({ unit: 'u-culture', command: 'ReportProgress' });
    expectMilestoneError(
      () => authorize(testActors.otherReporter, 'SubmitCompletion', state),
      Code.FORBIDDEN_NOT_RESPONSIBLE,
    );
  });

  it('refuses a reporter bound to no unit', () => {
    expectMilestoneError(
      () => authorize({ role: 'reporter' }, 'ReportDelay', state),
      Code.FORBIDDEN_NOT_RESPONSIBLE,
    );
  });

  it.each(OFFICE)('refuses a reporter of the lead unit to %s', (type) => {
    expectMilestoneError(() => authorize(testActors.leadReporter, type, state), Code.FORBIDDEN_ROLE);
  });

  it('lets a viewer do nothing', () => {
    expect(authorizedCommands(testActors.viewer, state)).toEqual([]);
    const error = expectMilestoneError(
      () => authorize(testActors.viewer, 'ReportProgress', state),
      Code.FORBIDDEN_ROLE,
    );
    expect(error.messageZh).toBe('当前角色（只读用户）无权报告进展。');
  });

  it('refuses an unknown role', () => {
    const actor = { role: 'root' } as unknown as MilestoneActor;
    expectMilestoneError(() => authorize(actor, 'ReportProgress', state), Code.FORBIDDEN_ROLE);
  });

  it('is enforced by decide, before anything else about the command', () => {
    expectMilestoneError(
      () => decide(aReportProgress({ percent: 500 }, { actor: testActors.otherReporter }), state, NOW),
      Code.FORBIDDEN_NOT_RESPONSIBLE,
    );
  });
});
