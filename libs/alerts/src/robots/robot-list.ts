import { AlertError } from '../domain/alert.errors';
import type { RobotRow } from './robot-row';
import { checkRobotWebhook, ROBOT_KINDS, robotKey, type RobotKind, type RobotWebhook } from './robot-webhook';

/**
 * One entry of a unit's new robot list (PUT): `{ key }` keeps the stored robot with that key as it is stored
 * (its webhook and secret are never sent back, so they cannot be typed again); `{ kind, url, secret? }` is a
 * webhook, new or replacing the stored robot with the same URL.
 */
export interface RobotEntry {
  readonly key?: string | null;
  readonly kind?: RobotKind;
  readonly url?: string;
  readonly secret?: string | null;
}

/** A unit's stored robot: `url` and `secret` as stored (sealed, or under a key this process may not have). */
export type StoredRobot = Pick<RobotRow, 'kind' | 'url' | 'secret' | 'robot_key'>;

/** One robot of the new list, in order: a stored one kept as it is, or a webhook given in clear. */
export type PlannedRobot =
  { readonly kept: StoredRobot } | { readonly webhook: RobotWebhook; readonly key: string };

export const plannedKey = (p: PlannedRobot): string => ('kept' in p ? p.kept.robot_key : p.key);

function plan(byKey: ReadonlyMap<string, StoredRobot>, e: RobotEntry, at: string): PlannedRobot {
  if (e.key === undefined || e.key === null) {
    if (e.kind === undefined || !ROBOT_KINDS.includes(e.kind) || typeof e.url !== 'string') {
      throw new AlertError('ROBOT_URL_INVALID', { kind: e.kind }, `${at}.url`);
    }
    const webhook = checkRobotWebhook({ kind: e.kind, url: e.url, secret: e.secret ?? null }, at);
    return { webhook, key: robotKey(webhook.kind, webhook.url) };
  }
  if (e.url !== undefined || (e.secret !== undefined && e.secret !== null)) {
    throw new AlertError('ROBOT_KEY_WITH_WEBHOOK', undefined, `${at}.key`);
  }
  const kept = byKey.get(e.key);
  // A kind given with the key must be the robot's own: otherwise the unit has no such robot of that kind.
  if (kept === undefined || (e.kind !== undefined && e.kind !== kept.kind)) {
    throw new AlertError('ROBOT_KEY_UNKNOWN', { key: e.key }, `${at}.key`);
  }
  return { kept };
}

/**
 * The unit's new robot list from a PUT's entries and what is stored now: every entry checked (`robots[i].…` names
 * the one refused), and no robot twice, whether by the same webhook or the same key. A kept robot that cannot be
 * decrypted (SECRETS_KEY lost) is kept as it is: it stays unreadable, and listed with its hint.
 */
export function planRobots(stored: readonly StoredRobot[], input: readonly RobotEntry[]): PlannedRobot[] {
  const byKey = new Map(stored.map((r) => [r.robot_key, r]));
  const planned = input.map((e, i) => plan(byKey, e, `robots[${i}]`));
  const keys = planned.map(plannedKey);
  const twice = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (twice >= 0) {
    const field = 'kept' in planned[twice]! ? 'key' : 'url';
    throw new AlertError('ROBOT_DUPLICATE', undefined, `robots[${twice}].${field}`);
  }
  return planned;
}
