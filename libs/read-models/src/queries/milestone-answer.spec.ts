import { milestoneAnswer, type AssignmentAnswer } from './milestone-answer';

const share = (o: Partial<AssignmentAnswer>): AssignmentAnswer => ({
  lifecycle: 'in_progress',
  cancelledWithMilestone: false,
  percent: null,
  dueDate: '2021-06-30',
  submittedOn: null,
  acceptedOn: null,
  lastReportOn: null,
  schedule: 'not_due',
  daysLate: null,
  health: 'green',
  closedReason: null,
  closedOn: null,
  ...o,
});

describe('milestoneAnswer (a milestone from its assignments)', () => {
  it('is the one assignment’s own answer when it has one', () => {
    const one = share({ lifecycle: 'accepted', percent: 100, schedule: 'completed_late', daysLate: 4 });
    expect(milestoneAnswer([one])).toMatchObject({
      lifecycle: 'accepted',
      percent: 100,
      percentRange: null,
      schedule: 'completed_late',
      daysLate: 4,
      worst: 0,
    });
  });

  it('takes the worst schedule and health, the most days late, the mean percent with its spread', () => {
    const onTime = share({
      lifecycle: 'accepted',
      percent: 100,
      submittedOn: '2021-06-20',
      acceptedOn: '2021-06-25',
      schedule: 'completed_on_time',
      lastReportOn: '2021-06-20',
    });
    const late = share({
      percent: 80,
      schedule: 'overdue',
      daysLate: 31,
      health: 'red',
      lastReportOn: '2021-06-28',
    });
    const lateDone = share({
      lifecycle: 'accepted',
      percent: 100,
      submittedOn: '2021-08-10',
      acceptedOn: '2021-08-12',
      schedule: 'completed_late',
      daysLate: 41,
      health: 'green',
    });
    // (100 + 80 + 100) / 3 = 93.3; overdue is worse than completed late, red than green; 41 days the most.
    expect(milestoneAnswer([onTime, late, lateDone])).toEqual({
      lifecycle: 'in_progress',
      percent: 93.3,
      percentRange: { min: 80, max: 100 },
      dueDate: '2021-06-30',
      submittedOn: null,
      acceptedOn: null,
      lastReportOn: '2021-06-28',
      schedule: 'overdue',
      daysLate: 41,
      health: 'red',
      worst: 1,
    });
  });

  it('leaves a cancelled assignment out while another is live; all cancelled, the milestone is', () => {
    const cancelled = share({ lifecycle: 'cancelled', schedule: 'cancelled', health: 'grey', percent: 10 });
    const live = share({ percent: 60, schedule: 'due_soon', health: 'amber' });
    expect(milestoneAnswer([cancelled, live])).toMatchObject({
      lifecycle: 'in_progress',
      percent: 60,
      percentRange: null,
      schedule: 'due_soon',
      health: 'amber',
      worst: 1,
    });
    expect(milestoneAnswer([cancelled, { ...cancelled, percent: 30 }])).toMatchObject({
      lifecycle: 'cancelled',
      percent: 20,
      schedule: 'cancelled',
      health: 'grey',
    });
  });

  it('is cancelled when cancelled as a whole: its dropped shares count, the accepted ones do not', () => {
    const accepted = share({
      lifecycle: 'accepted',
      percent: 100,
      submittedOn: '2021-08-10',
      acceptedOn: '2021-08-12',
      schedule: 'completed_late',
      daysLate: 41,
      health: 'green',
    });
    const dropped = share({
      lifecycle: 'cancelled',
      cancelledWithMilestone: true,
      percent: 48,
      schedule: 'cancelled',
      health: 'grey',
    });
    expect(milestoneAnswer([accepted, accepted, dropped, { ...dropped, percent: 40 }])).toMatchObject({
      lifecycle: 'cancelled',
      percent: 44,
      percentRange: null,
      acceptedOn: null,
      schedule: 'cancelled',
      daysLate: null,
      health: 'grey',
      worst: 2,
    });
    // One share cancelled alone (its unit excused): the milestone follows its live shares.
    expect(milestoneAnswer([accepted, { ...dropped, cancelledWithMilestone: false }])).toMatchObject({
      lifecycle: 'accepted',
      schedule: 'completed_late',
    });
  });

  it('is submitted when every share is submitted or accepted, accepted when every one is', () => {
    const submitted = share({ lifecycle: 'submitted', percent: 100, submittedOn: '2021-06-20' });
    const accepted = share({
      lifecycle: 'accepted',
      percent: 100,
      submittedOn: '2021-06-10',
      acceptedOn: '2021-06-12',
    });
    expect(milestoneAnswer([submitted, accepted])).toMatchObject({
      lifecycle: 'submitted',
      submittedOn: '2021-06-20',
    });
    expect(milestoneAnswer([accepted, { ...accepted, acceptedOn: '2021-06-15' }])).toMatchObject({
      lifecycle: 'accepted',
      acceptedOn: '2021-06-15',
    });
  });
});
