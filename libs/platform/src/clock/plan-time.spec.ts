import { endOfDayInZone } from './plan-dates';
import { formatPlanTime, timeInZone } from './plan-time';

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

describe('instants outside the plan calendar (named in the refusal of an occurredAt)', () => {
  it('are shown in the zone’s standard time, not as Intl reads them (1 BC as year 1, 10000 cut to "+010000-01")', () => {
    expect(formatPlanTime('0000-01-01T00:00:00Z')).toBe('0000-01-01 08:00:00+08:00');
    expect(timeInZone(new Date('9999-12-31T16:00:00Z'))).toBe('10000-01-01 00:00');
    expect(timeInZone(new Date('9999-12-31T15:59:30Z'))).toBe('9999-12-31 23:59:30');
    // In the calendar: the zone's own reading, local mean time (+08:05:43) before 1901.
    expect(timeInZone(new Date('1900-01-01T00:00:00+08:00'))).toBe('1900-01-01 00:05:43');
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
