import { addDays, daysBetween } from '@app/platform';
import { isWorkingDay, workingCalendar, workingDaysBetween, workingWindowStart } from './working-days';

// 2021-06-11 is a Friday; 2021-06-14 (Monday) is the Dragon Boat Festival (端午节).
const DRAGON_BOAT_2021 = ['2021-06-14'];

describe('working-day calendar', () => {
  it('counts weekdays only: Friday to the next Monday is one working day', () => {
    expect(workingDaysBetween('2021-06-11', '2021-06-14')).toBe(1);
    expect(workingDaysBetween('2021-06-11', '2021-06-18')).toBe(5);
    expect(workingDaysBetween('2021-06-12', '2021-06-13')).toBe(0); // Saturday → Sunday
    expect(workingDaysBetween('2021-06-11', '2021-06-11')).toBe(0);
  });

  it('skips a holiday across a weekend: Friday to Tuesday after a Monday holiday is one working day', () => {
    expect(workingDaysBetween('2021-06-11', '2021-06-15')).toBe(2);
    expect(workingDaysBetween('2021-06-11', '2021-06-15', DRAGON_BOAT_2021)).toBe(1);
    expect(workingDaysBetween('2021-06-11', '2021-06-14', DRAGON_BOAT_2021)).toBe(0);
  });

  it('is negative when the end is before the start, like daysBetween', () => {
    expect(workingDaysBetween('2021-06-15', '2021-06-11', DRAGON_BOAT_2021)).toBe(-1);
  });

  it('tells working days from weekends and holidays', () => {
    expect(isWorkingDay('2021-06-11', DRAGON_BOAT_2021)).toBe(true); // Friday
    expect(isWorkingDay('2021-06-12', DRAGON_BOAT_2021)).toBe(false); // Saturday
    expect(isWorkingDay('2021-06-13', DRAGON_BOAT_2021)).toBe(false); // Sunday
    expect(isWorkingDay('2021-06-14', DRAGON_BOAT_2021)).toBe(false); // holiday
    expect(isWorkingDay('2021-06-14')).toBe(true);
  });

  it('agrees with a day-by-day count over the whole plan period, holidays on weekends included', () => {
    const holidays = [
      '2021-01-01',
      '2021-02-11',
      '2021-02-12',
      '2021-02-13',
      '2021-10-01',
      '2021-10-02',
      '2022-06-03',
    ];
    const calendar = workingCalendar(holidays);
    const start = '2019-12-25';
    const days = daysBetween(start, '2023-01-05');
    let naive = 0;
    for (let i = 1; i <= days; i++) {
      const d = addDays(start, i);
      if (isWorkingDay(d, calendar)) naive++;
      if (i % 37 === 0 || i === days) expect(workingDaysBetween(start, d, calendar)).toBe(naive);
    }
  });

  it('finds the first day of a "due within N working days" window', () => {
    // Due Wednesday 2021-06-30: ten working days remain from Wednesday 2021-06-16.
    expect(workingWindowStart('2021-06-30', 10)).toBe('2021-06-16');
    expect(workingDaysBetween('2021-06-16', '2021-06-30')).toBe(10);
    expect(workingDaysBetween('2021-06-15', '2021-06-30')).toBe(11);
    // Due Friday 2021-06-25: the holiday on 06-14 pulls the window one working day earlier.
    expect(workingWindowStart('2021-06-25', 10)).toBe('2021-06-11');
    expect(workingWindowStart('2021-06-25', 10, DRAGON_BOAT_2021)).toBe('2021-06-10');
    // A window that opens on a Monday opens right after the weekend, not on the Saturday.
    expect(workingWindowStart('2021-06-18', 4)).toBe('2021-06-14');
  });

  it('rejects a holiday that is not a calendar date', () => {
    expect(() => workingCalendar(['2021-02-30'])).toThrow(/2021-02-30/);
  });
});
