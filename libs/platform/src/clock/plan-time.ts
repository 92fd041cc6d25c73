import { dateInZone, isIsoDate, PLAN_TIME_ZONE, wallClockInZone } from './plan-dates';

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * An instant as people read it in the exports: wall-clock time in the plan's zone with that zone's offset,
 * `2020-01-01 00:00:00+08:00` (RFC 3339 with a space for the T), never UTC. The one formatter of the files people
 * open: the history CSV shows it whole; the review and the ledger its first 16 characters (`2020-01-01 00:00`).
 */
export function formatPlanTime(at: Date | string, timeZone = PLAN_TIME_ZONE): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  const seconds = Math.floor(d.getTime() / 1000) * 1000;
  // Outside the plan calendar (a refused 0000 or far-future instant named in a message), the zone's standard
  // offset of today (北京时间 is UTC+8), counted here: Intl's reading has no year 0 (it counts 1 BC as 1) and
  // stops at 9999.
  const wall = inPlanCalendar(d, timeZone) ? wallClockInZone(d, timeZone) : seconds + lateOffset(timeZone);
  const offset = Math.round((wall - seconds) / 60_000);
  const abs = Math.abs(offset);
  const w = new Date(wall);
  const year = w.getUTCFullYear();
  const date = `${year < 0 ? '-' : ''}${String(Math.abs(year)).padStart(4, '0')}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`;
  const time = `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
  return `${date} ${time}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Surely in 1900–9999 in every zone (a day from either end), else asked of the zone. */
const CALENDAR_SURE_FROM = Date.UTC(1900, 0, 2);
const CALENDAR_SURE_TO = Date.UTC(9999, 11, 30);

/** The zone's offset (ms) at the plan calendar's last day. */
function lateOffset(timeZone: string): number {
  return wallClockInZone(new Date(CALENDAR_SURE_TO), timeZone) - CALENDAR_SURE_TO;
}

function inPlanCalendar(d: Date, timeZone: string): boolean {
  const t = d.getTime();
  return (t >= CALENDAR_SURE_FROM && t < CALENDAR_SURE_TO) || isIsoDate(dateInZone(d, timeZone));
}

/**
 * An instant as a person in the plan's zone reads it in a message: `2099-01-01 00:00` (seconds only when there are
 * some); what is stored and sent stays ISO 8601. The same reading as `formatPlanTime`, without the offset.
 */
export function timeInZone(at: Date, timeZone = PLAN_TIME_ZONE): string {
  const local = formatPlanTime(at, timeZone).slice(0, -6);
  return local.endsWith(':00') ? local.slice(0, -3) : local;
}
