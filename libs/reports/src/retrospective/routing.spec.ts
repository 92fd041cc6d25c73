import {
  aCompletionAccepted,
  aCompletionReturned,
  aCompletionSubmitted,
  aMilestonePlanned,
  aProgressReported,
} from '@app/milestones/testing';
import { reviewEvents } from '@app/reports/testing';
import { aboutPeriodUpTo, routeEvents } from './routing';

const at = (iso: string) => ({ occurredAt: new Date(iso).toISOString() });

describe('aboutPeriodUpTo', () => {
  it('keeps reports that happened in the year, claims for days in it and their verification; drops later ones', () => {
    const { routed: events } = routeEvents(
      reviewEvents([
        aMilestonePlanned(),
        aProgressReported({ percent: 50, narrative: 'a' }, at('2021-12-31T23:00:00+08:00')),
        aProgressReported({ percent: 60, narrative: 'b' }, at('2022-01-01T00:00:00+08:00')),
        aCompletionSubmitted({ completedOn: '2021-12-31' }, at('2022-01-03T10:00:00+08:00')),
        aCompletionReturned({ reason: 'x' }, at('2022-01-04T10:00:00+08:00')),
        aCompletionSubmitted({ completedOn: '2022-01-05' }, at('2022-01-05T10:00:00+08:00')),
        aCompletionAccepted({}, at('2022-01-06T10:00:00+08:00')),
      ]),
    );
    const kept = aboutPeriodUpTo(events, Date.parse('2021-12-31T16:00:00Z'), '2021-12-31');
    expect(kept.map((e) => e.position)).toEqual([1, 2, 4, 5]);
  });
});
