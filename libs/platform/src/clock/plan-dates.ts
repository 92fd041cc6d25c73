/** Calendar dates (YYYY-MM-DD) in the plan's time zone; days counted in whole calendar days. */
export type IsoDate = string;

/**
 * The plan's calendar: every date of the plan, the events and the reviews (due, reported, submitted,
 * accepted, "as of") is a day in this zone. Fixed, not configured: the plan is Jiangmen's, and one zone for
 * the domain, the read models, the alerts and the reports is what keeps their dates the same.
 */
export const PLAN_TIME_ZONE = 'Asia/Shanghai';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Earlier "dates" are input errors (year 0000 does not exist in PostgreSQL; JavaScript reads years < 100 as 19xx). */
export const MIN_DATE_YEAR = 1900;

/** A real calendar date YYYY-MM-DD (no 2021-02-30) in the years 1900–9999: the one strict date check. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m || Number(m[1]) < MIN_DATE_YEAR) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * Dates already worked out, per zone, by quarter hour of UTC: every zone's offset has been a whole number of quarter
 * hours since 1973, so its midnights and clock changes fall on quarter hours and the date is one per quarter hour.
 */
const quarterDates = new Map<string, Map<number, IsoDate>>();
const QUARTER_MS = 900_000;
const QUARTERS_FROM = Date.UTC(1973, 0, 1);
const MAX_QUARTERS = 100_000;

/** The calendar date of an instant in a time zone (default Asia/Shanghai). */
export function dateInZone(at: Date, timeZone = PLAN_TIME_ZONE): IsoDate {
  const t = at.getTime();
  let dates = quarterDates.get(timeZone);
  const quarter = Math.floor(t / QUARTER_MS);
  const known = dates?.get(quarter);
  if (known !== undefined) return known;
  // One formatter per zone: building an Intl.DateTimeFormat costs ~40× formatting with one.
  let f = dateFormats.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  const date = f.format(at);
  if (t >= QUARTERS_FROM) {
    if (dates === undefined) quarterDates.set(timeZone, (dates = new Map<number, IsoDate>()));
    if (dates.size >= MAX_QUARTERS) dates.clear();
    dates.set(quarter, date);
  }
  return date;
}

/** Days from a to b (b − a), both calendar dates. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall-clock reading (date and time to the second) of an instant in a zone, as the epoch milliseconds of the
 * same reading in UTC: minus the instant, it is the zone's offset then. One formatter per zone, kept; the one
 * reading of the parts behind `formatPlanTime` and `endOfDayInZone`.
 */
export function wallClockInZone(at: Date, timeZone = PLAN_TIME_ZONE): number {
  let f = wallFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormats.set(timeZone, f);
  }
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const p of f.formatToParts(at)) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') mo = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
    else if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') mi = Number(p.value);
    else if (p.type === 'second') s = Number(p.value);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** Ends of days already worked out, per zone and date (the rules ask for the same few days over and over). */
const dayEnds = new Map<string, number>();
const MAX_DAY_ENDS = 50_000;

/** The instant at which a plan-zone calendar date ends (exclusive upper bound), e.g. for `asOf`. */
export function endOfDayInZone(d: IsoDate, timeZone = PLAN_TIME_ZONE): Date {
  const key = `${timeZone}|${d}`;
  let end = dayEnds.get(key);
  if (end === undefined) {
    end = computeEndOfDay(d, timeZone);
    if (dayEnds.size >= MAX_DAY_ENDS) dayEnds.clear();
    dayEnds.set(key, end);
  }
  return new Date(end);
}

function computeEndOfDay(d: IsoDate, timeZone: string): number {
  // Offset of the zone at noon of that day; good for zones without DST changes around midnight.
  const noonUtc = new Date(`${d}T12:00:00Z`);
  const offsetMs = wallClockInZone(noonUtc, timeZone) - noonUtc.getTime();
  return Date.parse(`${addDays(d, 1)}T00:00:00Z`) - offsetMs;
}
