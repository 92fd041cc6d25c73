import { endOfDayInZone } from './plan-dates';
import { formatPlanTime } from './plan-time';

describe('formatPlanTime: what the exports show for an instant', () => {
  it('is the wall clock in the plan zone with its offset, not UTC', () => {
    expect(formatPlanTime('2019-12-31T16:00:00.000Z')).toBe('2020-01-01 00:00:00+08:00');
    expect(formatPlanTime(new Date('2021-06-30T23:59:59.999Z'))).toBe('2021-07-01 07:59:59+08:00');
  });

  it('follows the zone: summer time of 1988 in China, a negative offset elsewhere', () => {
    expect(formatPlanTime('1988-06-01T00:00:00Z')).toBe('1988-06-01 09:00:00+09:00');
    expect(formatPlanTime('2021-01-01T00:00:00Z', 'America/St_Johns')).toBe('2020-12-31 20:30:00-03:30');
  });
});

describe('one reading of the wall clock in a zone', () => {
  it('serves the exports’ times and the ends of days with one formatter per zone, built once', () => {
    const built = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      // A zone nothing else in this file reads: its formatter is built here, once.
      expect(endOfDayInZone('2021-01-01', 'Pacific/Chatham').toISOString()).toBe('2021-01-01T10:15:00.000Z');
      expect(formatPlanTime('2021-01-01T00:00:00Z', 'Pacific/Chatham')).toBe('2021-01-01 13:45:00+13:45');
      expect(endOfDayInZone('2021-01-02', 'Pacific/Chatham').toISOString()).toBe('2021-01-02T10:15:00.000Z');
      expect(formatPlanTime('2021-07-01T00:00:00Z', 'Pacific/Chatham')).toBe('2021-07-01 12:45:00+12:45');
      expect(built).toHaveBeenCalledTimes(1);
    } finally {
      built.mockRestore();
    }
  });
});
