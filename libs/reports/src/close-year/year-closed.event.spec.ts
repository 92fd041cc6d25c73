import { MalformedEventError } from '@app/event-store';
import { CITY_WIDE_ZONE } from '@app/milestones';
import { sampleClosingV1 } from '../testing/sample-review';
import { YEAR_CLOSED, YEAR_EVENTS } from './year-closed.event';

describe('YEAR_EVENTS (stored closings, decoded)', () => {
  it('upcasts the first closing shape: counts, the rate’s name, city-wide under its own key', () => {
    const d = YEAR_EVENTS.expect({ type: YEAR_CLOSED, data: sampleClosingV1() }).data;
    expect(d.totals).toMatchObject({ counted: 'milestones', total: 6, metOnTimeRate: 0 });
    expect(d.totals).not.toHaveProperty('onTimeRate');
    expect(d.rollups.zone[0]).toMatchObject({ key: CITY_WIDE_ZONE, label: CITY_WIDE_ZONE });
    expect(d.assignmentTotals).toBeNull();
    expect(d.assignmentOutcomes).toEqual([]);
  });

  it('names the stream and version of a closing it cannot read', () => {
    const read = () =>
      YEAR_EVENTS.decode({ type: YEAR_CLOSED, data: { planKey: 'p' }, streamId: 'year-p-2021', version: 1 });
    expect(read).toThrow(MalformedEventError);
    expect(read).toThrow(
      'Stored event year-p-2021@1 is not a valid YearClosed (plan year events): field "year"',
    );
  });
});
