import { WrongExpectedVersionError } from '@app/event-store';
import { FixedClock } from '@app/platform';
import { MilestoneError, MilestoneErrorCode } from '../domain/milestone.errors';
import { TEST_MILESTONE_ID } from '../domain/testing/milestone.fixtures';
import { aReportProgress, aSubmitCompletion } from '../domain/testing/milestone-command.builders';
import { CountingStore, planStream, reportOn } from '../testing/counting-store';
import { ExecuteMilestoneCommand, ExecuteMilestoneCommandHandler } from './execute-milestone-command.handler';
import { refusedAt } from './refused-at';

const actor = { tokenId: 't-1', tokenName: '交通局填报员', role: 'admin', unit: 'u-transport' };
const clock = new FixedClock('2021-06-30T02:00:00Z');
const run = (
  handler: ExecuteMilestoneCommandHandler,
  command: ExecuteMilestoneCommand['command'],
  v?: number,
) => handler.execute(new ExecuteMilestoneCommand(TEST_MILESTONE_ID, command, { actor, expectedVersion: v }));
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('not refused');
    },
    (e: unknown) => e as MilestoneError,
  );

describe('refusedAt: which refusals say where the stream is', () => {
  it('a lifecycle conflict: the same code, field, messages and details, plus the position', () => {
    const e = new MilestoneError(MilestoneErrorCode.COMPLETION_NOT_SUBMITTED, {
      details: { lifecycle: 'in_progress', lifecycleZh: '进行中' },
      subject: 'standing',
    });
    const at = refusedAt(e, 42) as MilestoneError;
    expect(at).toBeInstanceOf(MilestoneError);
    expect(at).toMatchObject({ code: e.code, kind: 'conflict', message: e.message, messageZh: e.messageZh });
    expect(at.details).toEqual({ lifecycle: 'in_progress', lifecycleZh: '进行中', position: 42 });
    // The unit names the HTTP layer adds keep it.
    expect(at.withUnitNames(new Map()).details).toMatchObject({ position: 42 });
  });

  it("an If-Match mismatch (the store's error): still that error, its details with the position", () => {
    const e = new WrongExpectedVersionError('milestone-x', 3, 5);
    const at = refusedAt(e, 42) as WrongExpectedVersionError;
    expect(at).toBeInstanceOf(WrongExpectedVersionError);
    expect(at).toMatchObject({ code: 'WRONG_EXPECTED_VERSION', message: e.message, actualVersion: 5 });
    expect(at.details).toEqual({ ...e.details, position: 42 });
    expect(e.details).not.toHaveProperty('position');
  });

  it('anything but a conflict, or no position known (no events), is left as it is', () => {
    const invalid = new MilestoneError(MilestoneErrorCode.PERCENT_INVALID, { field: 'percent' });
    const notFound = new MilestoneError(MilestoneErrorCode.MILESTONE_NOT_FOUND);
    const cancelled = new MilestoneError(MilestoneErrorCode.MILESTONE_CANCELLED);
    const bug = new Error('x');
    expect(refusedAt(invalid, 42)).toBe(invalid);
    expect(refusedAt(notFound, 42)).toBe(notFound);
    expect(refusedAt(cancelled, undefined)).toBe(cancelled);
    expect(refusedAt(bug, 42)).toBe(bug);
  });
});

describe('ExecuteMilestoneCommandHandler: a refusal as the milestone changed', () => {
  it("names the position of the other writer's last event, not of the fold this process kept", async () => {
    const store = new CountingStore(() => clock.now());
    await planStream(store);
    const here = new ExecuteMilestoneCommandHandler(store, clock);
    const there = new ExecuteMilestoneCommandHandler(store, clock); // another process
    await run(here, aReportProgress({ percent: 30 })); // the fold kept here ends at position 2
    const submitted = await run(there, aSubmitCompletion());
    const e = await refusal(run(here, aReportProgress({ percent: 40 })));
    expect(e.code).toBe('MILESTONE_AWAITING_VERIFICATION');
    expect(e.details).toMatchObject({ position: submitted.position });
    expect(submitted.position).toBe(3);
  });

  it('If-Match of an older version: 409 with the current version and its position', async () => {
    const store = new CountingStore(() => clock.now());
    await planStream(store);
    const handler = new ExecuteMilestoneCommandHandler(store, clock);
    await run(handler, aReportProgress({ percent: 30 }));
    const position = await reportOn(store, 35, 2); // another process
    const e = await refusal(run(handler, aReportProgress({ percent: 40 }), 2));
    expect(e).toBeInstanceOf(WrongExpectedVersionError);
    expect(e.details).toMatchObject({ currentVersion: 3, position });
  });
});
