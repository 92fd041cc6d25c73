import { scheduleAt } from './schedule';
import { aMilestoneFacts } from './testing/milestone-facts.builder';

// 上半年 milestone: due 2021-06-30.
const firstHalf = aMilestoneFacts({ baselineDueDate: '2021-06-30' });

describe('scheduleAt', () => {
  it('is not overdue on the due date itself', () => {
    expect(scheduleAt(firstHalf, '2021-06-30')).toMatchObject({ state: 'due_soon', daysToDue: 0 });
  });

  it('is overdue from the day after the due date', () => {
    expect(scheduleAt(firstHalf, '2021-07-01')).toMatchObject({
      state: 'overdue',
      daysOverdue: 1,
      daysLate: 1,
    });
    expect(scheduleAt(firstHalf, '2021-07-31')).toMatchObject({
      state: 'overdue',
      daysOverdue: 31,
      daysLate: 31,
    });
  });

  it('is due soon within 30 days of the due date, and not yet due before that', () => {
    expect(scheduleAt(firstHalf, '2021-05-31')).toMatchObject({ state: 'due_soon', daysToDue: 30 });
    expect(scheduleAt(firstHalf, '2021-05-30')).toMatchObject({ state: 'not_due', daysToDue: 31 });
    expect(scheduleAt(firstHalf, '2021-05-31', { dueSoonDays: 7 })).toMatchObject({ state: 'not_due' });
  });

  it('is not "due soon" once the completion is submitted', () => {
    const submitted = { ...firstHalf, lifecycle: 'submitted' as const, submittedOn: '2021-06-20' };
    expect(scheduleAt(submitted, '2021-06-25')).toMatchObject({ state: 'not_due', daysToDue: 5 });
  });

  it('counts a submitted but unaccepted milestone past its due date as overdue, late measured to the submission', () => {
    const submitted = { ...firstHalf, lifecycle: 'submitted' as const, submittedOn: '2021-07-05' };
    expect(scheduleAt(submitted, '2021-07-20')).toMatchObject({
      state: 'overdue',
      daysOverdue: 20,
      daysLate: 5,
    });
    const inTime = { ...firstHalf, lifecycle: 'submitted' as const, submittedOn: '2021-06-28' };
    expect(scheduleAt(inTime, '2021-07-20')).toMatchObject({
      state: 'overdue',
      daysOverdue: 20,
      daysLate: 0,
    });
  });

  it('completes late by the days from the due date to the submission, not to the acceptance', () => {
    const accepted = {
      ...firstHalf,
      lifecycle: 'accepted' as const,
      submittedOn: '2021-07-05',
      acceptedOn: '2021-07-20',
    };
    expect(scheduleAt(accepted, '2021-08-01')).toEqual({
      state: 'completed_late',
      daysLate: 5,
      daysLateVsBaseline: 5,
      dueDate: '2021-06-30',
      baselineDueDate: '2021-06-30',
      rebaselined: false,
    });
  });

  it('completes on time when submitted by the due date, even if accepted after it', () => {
    const accepted = {
      ...firstHalf,
      lifecycle: 'accepted' as const,
      submittedOn: '2021-06-30',
      acceptedOn: '2021-07-10',
    };
    expect(scheduleAt(accepted, '2021-07-10')).toMatchObject({ state: 'completed_on_time' });
    expect(scheduleAt(accepted, '2021-07-10').daysLate).toBeUndefined();
  });

  it('uses the re-baselined due date for overdue and keeps the slip against the baseline', () => {
    const moved = aMilestoneFacts({ baselineDueDate: '2021-06-30', dueDate: '2021-09-30' });
    expect(scheduleAt(moved, '2021-07-15')).toMatchObject({
      state: 'not_due',
      daysToDue: 77,
      rebaselined: true,
      baselineDueDate: '2021-06-30',
      daysLateVsBaseline: 15,
    });
    expect(scheduleAt(moved, '2021-09-30').state).toBe('due_soon');
    expect(scheduleAt(moved, '2021-10-01')).toMatchObject({
      state: 'overdue',
      daysOverdue: 1,
      daysLateVsBaseline: 93,
    });

    const done = {
      ...moved,
      lifecycle: 'accepted' as const,
      submittedOn: '2021-09-20',
      acceptedOn: '2021-09-25',
    };
    expect(scheduleAt(done, '2021-12-31')).toMatchObject({
      state: 'completed_on_time',
      daysLateVsBaseline: 82,
    });
  });

  it('reports cancelled and withdrawn milestones as cancelled', () => {
    expect(scheduleAt({ ...firstHalf, lifecycle: 'cancelled' }, '2021-08-01').state).toBe('cancelled');
    expect(scheduleAt({ ...firstHalf, lifecycle: 'withdrawn' }, '2021-08-01').state).toBe('cancelled');
  });
});
