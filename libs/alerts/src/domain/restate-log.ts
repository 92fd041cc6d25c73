import type { IsoDate } from '@app/platform';
import type { AlertRaisedData, AlertRestatedData } from './alert.events';

/** A restatement of an unresolved episode (AlertRestated): its figures from `on` on, and when it was recorded. */
export interface AlertRestatement {
  readonly on: IsoDate;
  readonly version: number;
  readonly reasons: AlertRaisedData['reasons'];
  readonly facts: AlertRaisedData['facts'];
  readonly recordedAt: string | null;
}

type Figures = Pick<AlertRaisedData, 'reasons' | 'facts'>;

/**
 * The restatements with this one (once per day and version; a recorded time fills in when its event is read back),
 * in the order they were made: for one day, the later one says what was known later.
 */
export function logRestatement(
  log: readonly AlertRestatement[],
  d: AlertRestatedData,
  recordedAt: string | null,
): AlertRestatement[] {
  const i = log.findIndex((r) => r.on === d.asOf && r.version === d.version);
  if (i < 0)
    return [...log, { on: d.asOf, version: d.version, reasons: d.reasons, facts: d.facts, recordedAt }];
  if (log[i]!.recordedAt !== null || recordedAt === null) return [...log];
  return log.map((r, j) => (j === i ? { ...r, recordedAt } : r));
}

/** The restatements recorded by `knownAt` (epoch ms; one not read back yet counts as recorded). */
export function restatedBy(log: readonly AlertRestatement[], knownAt: number): AlertRestatement[] {
  return log.filter((r) => r.recordedAt === null || Date.parse(r.recordedAt) <= knownAt);
}

/** What an episode's restatements say on `on` (the latest dated by then), or null: as raised. */
export function restatedOn(log: readonly AlertRestatement[] | undefined, on: IsoDate): Figures | null {
  let said: AlertRestatement | null = null;
  for (const r of log ?? []) if (r.on <= on && (said === null || r.on >= said.on)) said = r;
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
