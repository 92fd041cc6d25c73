import { dateInZone, endOfDayInZone, isIsoDate, PLAN_TIME_ZONE } from './plan-dates';

/** RFC 3339 with minutes at least: a date, a time and a zone (`Z` or `±hh:mm`); fractions to the nanosecond. */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/;
/** The offsets zones use: UTC−12:00 (Baker Island) to UTC+14:00 (Line Islands). */
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;

/**
 * The one form rule for an instant sent by a client (`occurredAt`, `knownAt`): `2021-06-30T09:00:00+08:00`,
 * `…Z`; a real calendar day as written (no 2021-02-30; any four-digit year), hours 00–23, no leap second (`:60`,
 * which no clock here can hold), an offset from −12:00 to +14:00. Null when the text is not one.
 * Its bounds are the caller's: a command's window (`now`, the plan period) or the plan calendar (`isInPlanCalendar`).
 */
export function parseIsoInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = ISO_INSTANT.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, , sign, oh, om] = m;
  if (!isCalendarDay(Number(y), Number(mo), Number(d))) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59 || Number(om ?? 0) > 59) return null;
  const offset = (sign === '-' ? -1 : 1) * (Number(oh ?? 0) * 60 + Number(om ?? 0));
  if (offset < MIN_OFFSET_MINUTES || offset > MAX_OFFSET_MINUTES) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** A day of the proleptic Gregorian calendar (years 0000–0099 too, which `Date.UTC` would read as 19xx). */
function isCalendarDay(y: number, m: number, d: number): boolean {
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return days !== undefined && d >= 1 && d <= days;
}

/** The instant's day in the plan's zone is a date of the plan calendar (1900–9999, as every date): `isIsoDate`. */
export function isInPlanCalendar(at: Date): boolean {
  return isIsoDate(dateInZone(at, PLAN_TIME_ZONE));
}

/**
 * A read's "as known at" (`knownAt`): an instant (`parseIsoInstant`) or a date (`2021-12-31`: the end of that day
 * in the zone), its day in the plan calendar; null otherwise. A `+` sent unencoded in a query string arrives as a
 * space; it is read as the `+` it was.
 */
export function parseKnownAt(raw: string, timeZone = PLAN_TIME_ZONE): Date | null {
  const value = raw.replace(/^(.*T[\d:.]+) (\d{2}:\d{2})$/, '$1+$2');
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return isIsoDate(value) ? new Date(endOfDayInZone(value, timeZone).getTime() - 1) : null;
  }
  const at = parseIsoInstant(value);
  return at !== null && isInPlanCalendar(at) ? at : null;
}
