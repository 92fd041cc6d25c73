import type { IsoDate } from '@app/platform';
import type { AlertRaisedData } from './alert.events';

/**
 * A restatement of an episode (AlertRestated): its figures from `on` on, decided through version `version` of the
 * milestone's stream, and when its event was recorded (null until the monitor reads it back). Kept append-only in
 * `alert_restatements`, one row per episode, day and version.
 */
export interface AlertRestatement {
  readonly on: IsoDate;
  readonly version: number;
  readonly reasons: AlertRaisedData['reasons'];
  readonly facts: AlertRaisedData['facts'];
  readonly recordedAt: string | null;
}

export type Figures = Pick<AlertRaisedData, 'reasons' | 'facts'>;

/**
 * What an episode's restatements say on `on`: the latest dated by then (for one day, the one of the later stream
 * version: what was known later), or null: as raised. The list reads the same through its index (`alerts-as-of.ts`).
 */
export function restatedOn(rows: Iterable<AlertRestatement>, on: IsoDate): Figures | null {
  let said: AlertRestatement | null = null;
  for (const r of rows) {
    if (r.on > on) continue;
    if (said === null || r.on > said.on || (r.on === said.on && r.version > said.version)) said = r;
  }
  return said === null ? null : { reasons: said.reasons, facts: said.facts };
}

/** The same figures (facts compared key by key: an episode read back from jsonb has its keys reordered). */
export function sameFigures(a: Figures, b: Figures): boolean {
  const keys = Object.keys(a.facts);
  return (
    a.reasons.length === b.reasons.length &&
    a.reasons.every((r, i) => {
      const o = b.reasons[i]!;
      return r.code === o.code && r.zh === o.zh && r.en === o.en;
    }) &&
    keys.length === Object.keys(b.facts).length &&
    keys.every((k) => Object.hasOwn(b.facts, k) && a.facts[k] === b.facts[k])
  );
}
