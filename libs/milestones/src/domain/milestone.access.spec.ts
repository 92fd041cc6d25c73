import { decide, fold } from './index';
import { authorize, authorizedCommands } from './milestone.access';
import {
  MILESTONE_COMMAND_POLICY,
  MILESTONE_COMMAND_TYPES,
  type MilestoneActor,
  type MilestoneCommandPolicy,
  type MilestoneCommandType,
} from './milestone.commands';
import { MilestoneErrorCode as Code } from './milestone.errors';
import { aMilestonePlanned } from './testing/milestone.builders';
import { testActors } from './testing/milestone.fixtures';
import { aReportProgress } from './testing/milestone-command.builders';
import { expectMilestoneError, NOW } from './testing/milestone.specification';

const state = fold([aMilestonePlanned()]);
/** The commands whose policy (`MILESTONE_COMMAND_POLICY`) says so, in the table's order: a new one needs no edit here. */
const where = (rule: (p: MilestoneCommandPolicy) => boolean): MilestoneCommandType[] =>
  MILESTONE_COMMAND_TYPES.filter((t) => rule(MILESTONE_COMMAND_POLICY[t]));
const REPORTS: MilestoneCommandType[] = ['ReportProgress', 'ReportDelay'];
/** The office's own tools, which no reporter may use. */
const OFFICE = where((p) => p.reporter === 'never');

describe('milestone access', () => {
  it('lets an admin do anything', () => {
    expect(authorizedCommands(testActors.admin, state)).toEqual(MILESTONE_COMMAND_TYPES);
  });

  it('lets the supervising office verify, adjust, cancel and report, but not claim completion', () => {
    const office = authorizedCommands(testActors.supervisor, state);
    expect(office).toEqual(where((p) => p.supervisor));
    expect(office).toEqual(expect.arrayContaining([...OFFICE, ...REPORTS]));
    expect(OFFICE).toEqual(
      expect.arrayContaining([
        'AcceptCompletion',
        'ReturnCompletion',
        'RebaselineDueDate',
        'ReviseIndicatorTarget',
        'CancelMilestone',
      ]),
    );
    expectMilestoneError(
      () => authorize(testActors.supervisor, 'SubmitCompletion', state),
      Code.FORBIDDEN_ROLE,
    );
  });

  it('lets a lead unit report and submit completion', () => {
    const lead = authorizedCommands(testActors.leadReporter, state);
    expect(lead).toEqual(where((p) => p.reporter !== 'never'));
    expect(lead).toEqual(expect.arrayContaining([...REPORTS, 'SubmitCompletion']));
  });

  it('lets a cooperating unit report progress and delays but not submit completion', () => {
    const cooperating = authorizedCommands(testActors.cooperatingReporter, state);
    expect(cooperating).toEqual(where((p) => p.reporter === 'responsible'));
    expect(cooperating).toEqual(expect.arrayContaining(REPORTS));
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
