import { isIsoDate, type IsoDate } from '@app/platform';
import { dayNumber, fromDayNumber } from './calendar-days';

/**
 * Working-day calendar: Monday–Friday are working days, except the configured public holidays (法定节假日).
 * Weekend make-up working days (调休上班) are not modelled: the configuration only lists holidays.
 *
 * Build it once with `workingCalendar(holidays)`; every function here also accepts the plain holiday list and
 * caches the calendar per array instance (the configuration's list is immutable). Counting is O(log H).
 */
export class WorkingCalendar {
  /** Every configured holiday. */
  readonly holidays: ReadonlySet<IsoDate>;
  /** Day numbers of the holidays that fall on a weekday, ascending: the only ones that change a count. */
  private readonly weekdayHolidays: readonly number[];
  /** windowStart results by `target|workingDays`: a plan has a few hundred distinct due dates. */
  private readonly windowStarts = new Map<string, IsoDate>();

  constructor(holidays: Iterable<IsoDate>) {
    const set = new Set<IsoDate>();
    for (const h of holidays) {
      if (!isIsoDate(h)) throw new RangeError(`Holiday "${h}" is not a calendar date YYYY-MM-DD`);
      set.add(h);
    }
    this.holidays = set;
    this.weekdayHolidays = [...set]
      .map(dayNumber)
      .filter(isWeekdayNumber)
      .sort((a, b) => a - b);
  }

  isWorkingDay(d: IsoDate): boolean {
    return isWeekdayNumber(dayNumber(d)) && !this.holidays.has(d);
  }

  /** Working days d with a < d ≤ b; negative when b is before a (like `daysBetween`, b − a). */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const na = dayNumber(a);
    const nb = dayNumber(b);
    if (nb < na) return -this.countBetween(nb, na);
    return this.countBetween(na, nb);
  }

  /** Earliest date d ≤ target with `workingDaysBetween(d, target) ≤ workingDays`. */
  windowStart(target: IsoDate, workingDays: number): IsoDate {
    const key = `${target}|${workingDays}`;
    let start = this.windowStarts.get(key);
    if (start === undefined) {
      start = this.computeWindowStart(target, workingDays);
      if (this.windowStarts.size < 100_000) this.windowStarts.set(key, start);
    }
    return start;
  }

  private computeWindowStart(target: IsoDate, workingDays: number): IsoDate {
    let n = dayNumber(target);
    let count = 0; // working days in (n, target]
    for (;;) {
      const next = count + (isWeekdayNumber(n) && !this.holidays.has(fromDayNumber(n)) ? 1 : 0);
      if (next > workingDays) return fromDayNumber(n);
      count = next;
      n -= 1;
    }
  }

  private countBetween(na: number, nb: number): number {
    const weekdays = weekdaysThrough(nb) - weekdaysThrough(na);
    return weekdays - (countAtOrBefore(this.weekdayHolidays, nb) - countAtOrBefore(this.weekdayHolidays, na));
  }
}

/** A holiday list (`AppConfig.holidays`) or a prebuilt calendar. */
export type Holidays = readonly IsoDate[] | WorkingCalendar;

const EMPTY: readonly IsoDate[] = [];
const cache = new WeakMap<readonly IsoDate[], WorkingCalendar>();

export function workingCalendar(holidays: Holidays = EMPTY): WorkingCalendar {
  if (holidays instanceof WorkingCalendar) return holidays;
  let calendar = cache.get(holidays);
  if (calendar === undefined) {
    calendar = new WorkingCalendar(holidays);
    cache.set(holidays, calendar);
  }
  return calendar;
}

export function isWorkingDay(d: IsoDate, holidays: Holidays = EMPTY): boolean {
  return workingCalendar(holidays).isWorkingDay(d);
}

/**
 * Working days from a to b, like `daysBetween` (b − a): the working days d with a < d ≤ b;
 * negative when b is before a. Friday → next Monday = 1; a date to itself = 0.
 */
export function workingDaysBetween(a: IsoDate, b: IsoDate, holidays: Holidays = EMPTY): number {
  return workingCalendar(holidays).workingDaysBetween(a, b);
}

/**
 * The earliest date d ≤ target with `workingDaysBetween(d, target) ≤ workingDays`: the first day of the
 * "due within N working days" window. With target a working day and N = 10, it is the 11th working day
 * counted back from the target (on it, ten working days remain).
 */
export function workingWindowStart(
  target: IsoDate,
  workingDays: number,
  holidays: Holidays = EMPTY,
): IsoDate {
  return workingCalendar(holidays).windowStart(target, workingDays);
}

/** 1970-01-01 (day 0) was a Thursday; Monday = 0 … Sunday = 6. */
function isWeekdayNumber(n: number): boolean {
  return (((n + 3) % 7) + 7) % 7 < 5;
}

/** Weekdays on or before day n, counted from an arbitrary Monday origin (only differences matter). */
function weekdaysThrough(n: number): number {
  const m = n + 3;
  const weeks = Math.floor(m / 7);
  return weeks * 5 + Math.min(m - weeks * 7 + 1, 5);
}

/** Number of entries of an ascending list that are ≤ x. */
function countAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
