import { addDays, type IsoDate } from '@app/platform';
import type { Prng } from './prng';

/** An instant on a plan-calendar day (Asia/Shanghai), at a time of day drawn from office hours. */
export function at(day: IsoDate, r: Prng, hourFrom = 9, hourTo = 17): string {
  const h = String(r.int(hourFrom, hourTo)).padStart(2, '0');
  const m = String(r.int(0, 59)).padStart(2, '0');
  return `${day}T${h}:${m}:00+08:00`;
}

export const ms = (instant: string): number => Date.parse(instant);
export const dayOf = (instant: string): IsoDate => instant.slice(0, 10);
export const minDay = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);
export const maxDay = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

/** An instant as `YYYY-MM-DDTHH:mm:ss+08:00`. */
export function shanghai(t: number): string {
  const d = new Date(t + 8 * 3_600_000);
  return `${d.toISOString().slice(0, 19)}+08:00`;
}

/** The last day of every month from `from`'s month on, up to `to`. */
export function monthEndsBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const end = addDays(next, -1);
    if (end > to) return out;
    out.push(end);
    y = Number(next.slice(0, 4));
    m = Number(next.slice(5, 7));
  }
}
