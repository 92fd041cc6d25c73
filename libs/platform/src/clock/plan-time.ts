import { PLAN_TIME_ZONE, wallClockInZone } from './plan-dates';

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * An instant as people read it in the exports: wall-clock time in the plan's zone with that zone's offset,
 * `2020-01-01 00:00:00+08:00` (RFC 3339 with a space for the T), never UTC. The one formatter of the files people
 * open: the history CSV shows it whole; the review and the ledger its first 16 characters (`2020-01-01 00:00`).
 */
export function formatPlanTime(at: Date | string, timeZone = PLAN_TIME_ZONE): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  const wall = wallClockInZone(d, timeZone);
  const offset = Math.round((wall - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  const abs = Math.abs(offset);
  const iso = new Date(wall).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * An instant as a person in the plan's zone reads it in a message: `2099-01-01 00:00` (seconds only when there are
 * some); what is stored and sent stays ISO 8601. The same reading as `formatPlanTime`, without the offset.
 */
export function timeInZone(at: Date, timeZone = PLAN_TIME_ZONE): string {
  const full = formatPlanTime(at, timeZone);
  return full.slice(17, 19) === '00' ? full.slice(0, 16) : full.slice(0, 19);
}
