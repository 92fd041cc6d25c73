import type { RobotKind, RobotWebhook } from './robot-webhook';
import { type SecretBox, SecretUnreadable } from './secret-box';

/** `alert_robots` as stored: `url` and `secret` sealed by the SecretBox (or plain text from before it). */
export interface RobotRow {
  readonly id: string;
  readonly unit_id: string;
  readonly kind: RobotKind;
  readonly url: string;
  readonly secret: string | null;
  readonly robot_key: string;
}

/** What each column's value is bound to (authenticated with it): a value moved to another column does not open. */
export const ROBOT_URL_CONTEXT = 'alert_robots.url';
export const ROBOT_SECRET_CONTEXT = 'alert_robots.secret';

/** The stored columns of a webhook. */
export function sealRobot(box: SecretBox, w: RobotWebhook): { url: string; secret: string | null } {
  return {
    url: box.seal(w.url, ROBOT_URL_CONTEXT),
    secret: w.secret === null ? null : box.seal(w.secret, ROBOT_SECRET_CONTEXT),
  };
}

/** The webhook of a stored row, or `null` when its URL or secret cannot be decrypted (unknown key, altered). */
export function openRobotRow(
  box: SecretBox,
  r: Pick<RobotRow, 'kind' | 'url' | 'secret'>,
): RobotWebhook | null {
  try {
    return {
      kind: r.kind,
      url: box.open(r.url, ROBOT_URL_CONTEXT),
      secret: r.secret === null ? null : box.open(r.secret, ROBOT_SECRET_CONTEXT),
    };
  } catch (e) {
    if (e instanceof SecretUnreadable) return null;
    throw e;
  }
}
