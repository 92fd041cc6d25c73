import { addDays, daysBetween } from '@app/platform';
import { dayNumber, daysFromTo, fromDayNumber, shiftDays } from './calendar-days';

describe('integer day arithmetic', () => {
  it('agrees with the platform date helpers, leap years and century years included', () => {
    const mismatches: string[] = [];
    for (let n = dayNumber('1899-12-01'); n <= dayNumber('2101-03-01'); n += 1) {
      const d = fromDayNumber(n);
      if (d !== addDays('1970-01-01', n) || dayNumber(d) !== n) mismatches.push(`${n} → ${d}`);
    }
    expect(mismatches).toEqual([]);
    expect(daysFromTo('2020-02-28', '2020-03-01')).toBe(daysBetween('2020-02-28', '2020-03-01'));
    expect(daysFromTo('2100-02-28', '2100-03-01')).toBe(1);
    expect(shiftDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(shiftDays('2021-01-01', -1)).toBe('2020-12-31');
  });
});
