import { commandChoices, decide, fold, type MilestoneState } from './index';
import {
  MILESTONE_COMMAND_POLICY,
  MILESTONE_COMMAND_TYPES,
  type MilestoneActor,
  type MilestoneCommandPolicy,
  type MilestoneCommandType,
} from './milestone.commands';
import { MilestoneErrorCode as Code } from './milestone.errors';
import {
  aCompletionAccepted,
  aCompletionSubmitted,
  aMilestoneCancelled,
  aMilestonePlanned,
  aMilestoneRevised,
  aMilestoneWithdrawn,
  aProgressReported,
} from './testing/milestone.builders';
import { testActors } from './testing/milestone.fixtures';
import { aReportProgress } from './testing/milestone-command.builders';
import { NOW } from './testing/milestone.specification';

const allowed = (actor: MilestoneActor, s: MilestoneState, assignment?: string): MilestoneCommandType[] =>
  commandChoices(actor, s, assignment)
    .filter((c) => c.allowed)
    .map((c) => c.command);
const refusal = (
  actor: MilestoneActor,
  s: MilestoneState,
  command: MilestoneCommandType,
  assignment?: string,
) => commandChoices(actor, s, assignment).find((c) => c.command === command);

/**
 * The choices are checked against the policy table (`MILESTONE_COMMAND_POLICY`), so a new command needs no edit
 * here: what a role may do in a lifecycle is the commands whose policy says so, in the table's order; the named
 * ones (today's) must be among them.
 */
type Rule = (p: MilestoneCommandPolicy) => boolean;
const all =
  (...rules: Rule[]): Rule =>
  (p) =>
    rules.every((r) => r(p));
const OFFICE: Rule = (p) => p.supervisor;
const LEAD_UNIT: Rule = (p) => p.reporter !== 'never';
const COOPERATING_UNIT: Rule = (p) => p.reporter === 'responsible';
/** What a milestone (or assignment) at work takes: planned or in progress. */
const AT_WORK: Rule = (p) => p.lifecycle !== 'awaiting_verification';
/** What one whose completion awaits verification takes. */
const WAITING: Rule = (p) => p.lifecycle === 'awaiting_verification' || p.lifecycle === 'not_accepted';
const where = (rule: Rule): MilestoneCommandType[] =>
  MILESTONE_COMMAND_TYPES.filter((t) => rule(MILESTONE_COMMAND_POLICY[t]));
const expectChoices = (actual: MilestoneCommandType[], rule: Rule, among: MilestoneCommandType[]) => {
  expect(actual).toEqual(where(rule));
  expect(actual).toEqual(expect.arrayContaining(among));
};

const REPORTS: MilestoneCommandType[] = ['ReportProgress', 'ReportDelay'];
const ADJUST: MilestoneCommandType[] = ['RebaselineDueDate', 'ReviseIndicatorTarget', 'CancelMilestone'];
const VERIFY: MilestoneCommandType[] = ['AcceptCompletion', 'ReturnCompletion'];

const planned = fold([aMilestonePlanned()]);
const inProgress = fold([aMilestonePlanned(), aProgressReported()]);
const submitted = fold([aMilestonePlanned(), aProgressReported(), aCompletionSubmitted()]);
const accepted = fold([aMilestonePlanned(), aCompletionSubmitted(), aCompletionAccepted()]);
const cancelled = fold([aMilestonePlanned(), aMilestoneCancelled()]);
const withdrawn = fold([aMilestonePlanned(), aProgressReported(), aMilestoneWithdrawn()]);
const reinstated = fold([
  aMilestonePlanned(),
  aProgressReported(),
  aMilestoneWithdrawn(),
  aMilestoneRevised(),
]);

describe('commandChoices: what a person may do on a milestone now (the checks decide runs)', () => {
  it('supervisor: reports and adjustments while the work goes on; 销号/退回 only while a claim waits', () => {
    expectChoices(allowed(testActors.supervisor, inProgress), all(OFFICE, AT_WORK), [...REPORTS, ...ADJUST]);
    expectChoices(allowed(testActors.supervisor, submitted), all(OFFICE, WAITING), [...VERIFY, ...ADJUST]);
    expect(refusal(testActors.supervisor, inProgress, 'AcceptCompletion')).toMatchObject({
      allowed: false,
      reason: Code.COMPLETION_NOT_SUBMITTED,
    });
    expect(refusal(testActors.supervisor, planned, 'SubmitCompletion')).toMatchObject({
      reason: Code.FORBIDDEN_ROLE,
      reasonZh: '当前角色（督查室）无权提交完成。',
    });
  });

  it('lead unit: reports and its claim; never the office’s tools', () => {
    expectChoices(allowed(testActors.leadReporter, planned), all(LEAD_UNIT, AT_WORK), [
      ...REPORTS,
      'SubmitCompletion',
    ]);
    expect(allowed(testActors.leadReporter, submitted)).toEqual(where(all(LEAD_UNIT, WAITING)));
    expect(refusal(testActors.leadReporter, submitted, 'ReportProgress')?.reason).toBe(
      Code.MILESTONE_AWAITING_VERIFICATION,
    );
    expect(refusal(testActors.leadReporter, inProgress, 'RebaselineDueDate')?.reason).toBe(
      Code.FORBIDDEN_ROLE,
    );
  });

  it('cooperating unit reports only; another unit and a viewer nothing', () => {
    expectChoices(
      allowed(testActors.cooperatingReporter, inProgress),
      all(COOPERATING_UNIT, AT_WORK),
      REPORTS,
    );
    expect(refusal(testActors.cooperatingReporter, inProgress, 'SubmitCompletion')?.reason).toBe(
      Code.FORBIDDEN_NOT_LEAD_UNIT,
    );
    expect(allowed(testActors.otherReporter, inProgress)).toEqual([]);
    expect(refusal(testActors.otherReporter, inProgress, 'ReportProgress')?.reason).toBe(
      Code.FORBIDDEN_NOT_RESPONSIBLE,
    );
    expect(allowed(testActors.viewer, inProgress)).toEqual([]);
  });

  it('accepted, cancelled and withdrawn take nothing; a reinstated one takes what it took before', () => {
    for (const actor of Object.values(testActors)) {
      expect(allowed(actor, accepted)).toEqual([]);
      expect(allowed(actor, cancelled)).toEqual([]);
      expect(allowed(actor, withdrawn)).toEqual([]);
    }
    expect(refusal(testActors.supervisor, accepted, 'CancelMilestone')?.reason).toBe(
      Code.MILESTONE_ALREADY_ACCEPTED,
    );
    expect(refusal(testActors.supervisor, cancelled, 'RebaselineDueDate')?.reason).toBe(
      Code.MILESTONE_CANCELLED,
    );
    expect(refusal(testActors.leadReporter, withdrawn, 'ReportProgress')?.reason).toBe(
      Code.MILESTONE_WITHDRAWN,
    );
    expect(reinstated.lifecycle).toBe('in_progress');
    expectChoices(allowed(testActors.supervisor, reinstated), all(OFFICE, AT_WORK), [...REPORTS, ...ADJUST]);
    expectChoices(allowed(testActors.leadReporter, reinstated), all(LEAD_UNIT, AT_WORK), [
      ...REPORTS,
      'SubmitCompletion',
    ]);
  });

  describe('a 分别牵头 milestone (one assignment per lead unit)', () => {
    const P = 'u-pengjiang-gov';
    const T = 'u-taishan-gov';
    const state = fold([
      aMilestonePlanned({ leadUnits: [P, T], leadMode: 'separately' }),
      aCompletionSubmitted({ assignment: T }),
    ]);
    const reporter = (unit: string) => ({ role: 'reporter' as const, unit });
    /** Naming none: the whole milestone (adjustments) or the only one awaiting verification (销号/退回). */
    const WIDE_OR_WAITING: Rule = (p) => p.wide || p.lifecycle === 'awaiting_verification';

    it('a lead unit acts on its own assignment, not on the other', () => {
      expectChoices(allowed(reporter(P), state), all(LEAD_UNIT, AT_WORK), [...REPORTS, 'SubmitCompletion']);
      expectChoices(allowed(reporter(P), state, P), all(LEAD_UNIT, AT_WORK), [
        ...REPORTS,
        'SubmitCompletion',
      ]);
      expect(allowed(reporter(P), state, T)).toEqual([]);
      expect(refusal(reporter(P), state, 'ReportProgress', T)?.reason).toBe(Code.FORBIDDEN_OTHER_ASSIGNMENT);
      expect(allowed(reporter(T), state)).toEqual([]);
    });

    it('the office: the whole milestone’s adjustments, 销号 of the one waiting; reports name an assignment', () => {
      expectChoices(allowed(testActors.supervisor, state), all(OFFICE, WIDE_OR_WAITING), [
        ...VERIFY,
        ...ADJUST,
      ]);
      expect(refusal(testActors.supervisor, state, 'ReportProgress')?.reason).toBe(Code.ASSIGNMENT_REQUIRED);
      expectChoices(allowed(testActors.supervisor, state, P), all(OFFICE, AT_WORK), [...REPORTS, ...ADJUST]);
      expectChoices(allowed(testActors.supervisor, state, T), all(OFFICE, WAITING), [...VERIFY, ...ADJUST]);
      expect(refusal(testActors.supervisor, state, 'ReportProgress', 'u-nowhere')?.reason).toBe(
        Code.ASSIGNMENT_UNKNOWN,
      );
    });
  });

  it('agrees with decide: a refused choice is the code decide throws', () => {
    const choice = refusal(testActors.otherReporter, inProgress, 'ReportProgress');
    expect(() => decide(aReportProgress({}, { actor: testActors.otherReporter }), inProgress, NOW)).toThrow(
      expect.objectContaining({ code: choice?.reason }),
    );
  });
});
